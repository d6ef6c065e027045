"""Gradio's own words on the page (upload box, footer, status announcements) in Chinese.

Gradio picks the language of its built-in text from the browser, so an English browser showed
"Drop File Here - or - Click to Upload" and "Settings" in this Chinese-only UI. Its status
tracker also tells screen readers ``common.complete`` after every event: a key no built-in
locale defines (Gradio 6.31), so the raw key showed up in the page text.

Custom translations given to ``gr.I18n`` are looked up before Gradio's own when the key is
written flat (``"upload_text.drop_file"``), so the texts this UI can show are pinned here for
English (also the fallback for any locale Gradio does not ship, e.g. ``zh`` or ``zh-HK``) and
for simplified Chinese (which lacks a few keys). Wording follows Gradio's own zh-CN file.
"""

from __future__ import annotations

import gradio as gr

GRADIO_TEXT_ZH: dict[str, str] = {
    # the upload box of the 知识库 tab
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.click_to_upload": "点击上传",
    "common.or": "或",
    "file.uploading": "正在上传...",
    # the footer and its settings panel (switched off in app.py; kept should a link come back)
    "common.settings": "设置",
    "common.language": "语言",
    "common.display_theme": "显示主题",
    "common.pwa": "渐进式 Web 应用",
    "common.built_with_gradio": "使用 Gradio 构建",
    "common.stop_recording": "停止录制",
    # status of a running event, shown on the component and announced to screen readers
    "common.loading": "加载中",
    "common.error": "错误",
    "common.complete": "完成",
    "common.progress": "进度",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
    "blocks.lost_connection": "由于离开页面，连接已丢失。正在重新加入队列...",
    "blocks.waiting_for_inputs": "等待文件上传完成，请稍后重试。",
    # buttons the chat, tables and files show
    "common.clear": "清除",
    "common.download": "下载",
    "common.remove": "移除",
    "common.edit": "编辑",
    "common.undo": "撤销",
    "common.submit": "提交",
    "common.empty": "空",
    "chatbot.copy_message": "复制消息",
    "chatbot.copied_message": "已复制消息",
    "chatbot.clear": "清空对话",
    "chatbot.retry": "重试",
    "chatbot.undo": "撤销",
    "chatbot.edit": "编辑",
    "dataframe.sort_column": "排序列",
    "dataframe.sort_ascending": "升序排序",
    "dataframe.sort_descending": "降序排序",
    "dataframe.clear_sort": "清除排序",
    "dataframe.filter": "筛选",
    "dataframe.clear_filter": "清除筛选",
}

# "en" is also the language Gradio falls back to for a browser locale it has no file for
PINNED_LOCALES = ("en", "zh-CN")


def gradio_text() -> gr.I18n:
    """The Chinese texts for Gradio's own interface, whatever the browser's language."""
    return gr.I18n(**{locale: dict(GRADIO_TEXT_ZH) for locale in PINNED_LOCALES})
