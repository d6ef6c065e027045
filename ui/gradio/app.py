"""The Gradio UI mounted at ``/``: four tabs over the same functions the JSON API calls.

Each tab is one module (handlers plus layout); this module builds the Blocks from them,
wires what one tab changes into another, and reads the CSS from ``static/zjtx.css``.
"""

from __future__ import annotations

import os

# before gradio is imported: no usage analytics, no version check, nothing leaves the machine
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from dataclasses import dataclass
from pathlib import Path

import gradio as gr
from fastapi import FastAPI

from indexer.ingest import max_upload_bytes
from ui.gradio.chat_tab import STREAM_SECONDS, ChatTab, render_chat_tab
from ui.gradio.chrome_text import gradio_text
from ui.gradio.eligibility_tab import EligibilityTab, render_eligibility_tab
from ui.gradio.html_lang import HtmlLang
from ui.gradio.knowledge_admin import KnowledgeAdmin
from ui.gradio.knowledge_tab import KnowledgeTab, render_knowledge_tab
from ui.gradio.rewards_tab import RewardsTab, render_rewards_tab
from ui.http.limits import BodySizeLimit
from ui.state import ServiceHolder

CSS_PATH = Path(__file__).with_name("static") / "zjtx.css"
# Gradio's English aria-labels and titles that no i18n key reaches, said in Chinese in the page
LABELS_JS_PATH = Path(__file__).with_name("static") / "chrome_labels.js"
UPLOAD_PATH = "/gradio_api/upload"  # where the page sends a chosen file before any handler runs

THEME = gr.themes.Default(
    primary_hue="red",
    # system fonts only: a font download must never block the first paint offline
    font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "sans-serif"],
    font_mono=["SFMono-Regular", "Menlo", "Consolas", "monospace"],
)


@dataclass
class WebUI:
    """The handlers of the four tabs over one ``ServiceHolder`` (shared with the API)."""

    chat: ChatTab
    eligibility: EligibilityTab
    rewards: RewardsTab
    knowledge: KnowledgeTab
    admin: KnowledgeAdmin

    @classmethod
    def over(cls, holder: ServiceHolder, stream_seconds: float = STREAM_SECONDS) -> WebUI:
        knowledge = KnowledgeTab(holder)
        return cls(chat=ChatTab(holder, stream_seconds), eligibility=EligibilityTab(holder.settings),
                   rewards=RewardsTab(holder.settings), knowledge=knowledge,
                   admin=KnowledgeAdmin(holder, knowledge.reload_service))


def build_blocks(ui: WebUI) -> gr.Blocks:
    """The four tabs, wired to ``ui``'s handlers."""
    with gr.Blocks(title="专精特新政策助手", analytics_enabled=False) as blocks:
        gr.Markdown("# 专精特新政策助手\n基于政策文件的检索问答、资格自测与地方奖励查询。"
                    "所有回答均标注出处；JSON 接口见 [/docs](/docs)。")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                render_chat_tab(ui.chat)
            with gr.Tab("资格自测", id="eligibility"):
                render_eligibility_tab(ui.eligibility)
            with gr.Tab("奖励查询", id="rewards"):
                rewards = render_rewards_tab(ui.rewards, blocks)
            with gr.Tab("知识库", id="corpus"):
                knowledge = render_knowledge_tab(ui.knowledge, ui.admin, blocks)
        for event in knowledge.reward_changes:  # an added notice or a review changes 奖励查询
            event.then(ui.rewards.search, rewards.inputs, rewards.outputs).then(ui.rewards.region_menu, None, rewards.region)
    return blocks


def mount_ui(app: FastAPI, stream_seconds: float = STREAM_SECONDS) -> FastAPI:
    """Mount the UI at ``/`` of the API app (whose ``app.state.holder`` it shares); the chat types
    each answer out over ``stream_seconds``."""
    holder = app.state.holder
    blocks = build_blocks(WebUI.over(holder, stream_seconds))
    app.add_middleware(HtmlLang, lang="zh-CN")
    _exempt_uploads_from_body_limit(app)
    return gr.mount_gradio_app(
        app, blocks, path="/", theme=THEME, css=CSS_PATH.read_text(encoding="utf-8"),
        head=f"<script>{LABELS_JS_PATH.read_text(encoding='utf-8')}</script>",
        # no footer: Gradio's own API page is not the documented one (/docs is), and its settings
        # panel has English no translation reaches ("Start Recording", the PWA text; new-user trial 35)
        footer_links=[], i18n=gradio_text(), run_history=False, ssr_mode=False,
        mcp_server=False, max_file_size=max_upload_bytes(holder.settings),
    )


def _exempt_uploads_from_body_limit(app: FastAPI) -> None:
    """The API's small body limit would refuse any real notice sent to the 知识库 tab; Gradio's
    ``max_file_size`` (ZJTX_MAX_UPLOAD_MB) guards its upload route instead, as the documents
    router does for ``/api/documents``. Runs before the middleware stack is built."""
    for middleware in app.user_middleware:
        if middleware.cls is BodySizeLimit:
            exempt: tuple[str, ...] = tuple(middleware.kwargs.get("exempt") or ())  # type: ignore[arg-type]
            middleware.kwargs["exempt"] = (*exempt, UPLOAD_PATH)
