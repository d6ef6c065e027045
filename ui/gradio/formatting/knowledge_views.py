"""The 知识库 tab's views: index status, embedding progress while warming, the document
lists and search hits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.library_intake import NoticeAdded
from assistant.retrieval.search import SearchHit
from assistant.retrieval.search_index import DenseProgress
from assistant.rewards.extract import AUTO_MARK
from indexer.index_store import BuildInfo
from indexer.library import LibraryEntry
from indexer.models import DocumentMeta
from ui.gradio.formatting.escaping import escape, escape_markdown, source_label, table_html

KIND_WORDS: dict[str, str] = {"report": "研究报告", "slides": "报告摘要", "measures": "办法解读", "notice": "通知"}
CORPUS_HEADERS = ["文档", "段数", "发布方", "日期", "类型", "规则版本", "文件（原始文件）"]
ADDED_REWARD_HEADERS = ["地区", "称号", "金额", "原文句子", "出处"]
LIBRARY_HEADERS = ["编号", "文档", "段数", "发文单位", "日期", "地区", "类型", "原始文件", "添加时间"]
# Shares of the page width: sized by their content, the file names (which never wrap) pushed the
# last column past the right edge of the page.
CORPUS_COLUMN_WIDTHS: list[str | int] = ["30%", "6%", "18%", "8%", "8%", "7%", "23%"]
LIBRARY_COLUMN_WIDTHS: list[str | int] = ["12%", "19%", "5%", "13%", "8%", "8%", "7%", "15%", "13%"]


def corpus_rows(manifest: Sequence[DocumentMeta], build: BuildInfo | None) -> list[list[Any]]:
    """One row per manifest document with its chunk count in the serving build."""
    counts = {d.doc_id: d.chunk_count for d in build.documents} if build else {}
    return [
        [
            meta.title,
            counts.get(meta.id, "未索引"),
            meta.issuer,
            meta.date,
            KIND_WORDS.get(meta.kind, meta.kind),
            meta.rule_version or "",
            f"{meta.file}（{meta.original_file}）",
        ]
        for meta in manifest
    ]


def library_rows(entries: Sequence[LibraryEntry], build: BuildInfo | None) -> list[list[Any]]:
    """One row per document added at run time (zjtx add, the API or this tab)."""
    counts = {d.doc_id: d.chunk_count for d in build.documents} if build else {}
    return [
        [
            entry.id,
            entry.title,
            counts.get(entry.id, "未索引"),
            entry.issuer,
            entry.date,
            entry.region or "",
            KIND_WORDS.get(entry.kind, entry.kind),
            entry.original_file,
            entry.added_at,
        ]
        for entry in entries
    ]


def index_status_markdown(
    build: BuildInfo | None, loaded: bool, vector_store_ok: bool | None = None, error: str | None = None,
    warming: bool = False,
) -> str:
    """A few Markdown lines: which build is serving, when it was made and how long it took.

    While ``warming`` the build's time is its chunking only; the vectors are still being made
    (new-user trial 51 read "用时 0.31 秒" beside a 44% progress bar)."""
    if error:
        return f"**索引状态：** 加载失败 —— {escape_markdown(error)}"
    if build is None:
        return "**索引状态：** 尚未建立索引，请点击“重建索引”。"
    lines = [
        f"**索引状态：** {'已加载' if loaded else '加载中……'}",
        f"- 索引版本：`{escape_markdown(build.build_id)}`",
        f"- 建立时间：{escape_markdown(build.created_at)}（"
        + (f"分段用时 {build.duration_s} 秒，向量化仍在后台进行" if warming else f"用时 {build.duration_s} 秒") + "）",
        f"- 文档 {len(build.documents)} 篇，共 {build.chunk_count} 段；向量模型：{escape_markdown(build.embedder)}",
    ]
    if vector_store_ok is False:
        lines.append("- 向量库不可用，问答暂时仅使用关键词检索。")
    for item in build.skipped:
        lines.append(f"- 已跳过 {escape_markdown(item.file)}：{escape_markdown(item.reason)}")
    return "\n".join(lines)


def warming_html(progress: DenseProgress | None, loading: bool = False) -> str:
    """The background embedding while the server answers by keywords (empty once hybrid)."""
    if loading:
        return '<div class="zjtx-warming">索引加载中：分段完成后即可按关键词检索，请稍候……</div>'
    if progress is None:
        return ""
    if progress.error:
        return (f'<div class="zjtx-warming zjtx-error">后台向量化未完成（{escape(progress.error)}），'
                "问答继续仅使用关键词检索；可稍后点击“重建索引”重试。</div>")
    total = max(progress.total, 0)
    done = min(progress.done, total) if total else progress.done
    percent = f"（{done * 100 // total}%）" if total else ""
    return (
        f'<div class="zjtx-warming"><progress value="{done}" max="{max(total, 1)}"></progress> '
        f"正在后台向量化：{done}/{total} 段{percent}。"
        "在此期间问答使用关键词检索，完成后自动切换为关键词与向量混合检索，无需重启。</div>"
    )


def search_hits_html(hits: Sequence[SearchHit], notice: str | None = None) -> str:
    """Search results: rank, title, section, locator and the escaped passage text."""
    head = f'<p class="zjtx-note">{escape(notice)}</p>' if notice else ""
    if not hits:
        return head + '<div class="zjtx-empty">没有找到相关段落。</div>'
    items = "".join(
        f'<li class="zjtx-source"><div class="zjtx-source-head"><span class="zjtx-title">{escape(h.chunk.title)}</span> '
        f'<span class="zjtx-locator">{escape(h.chunk.locator)}</span></div>'
        + (f'<div class="zjtx-section">{escape(h.chunk.section)}</div>' if h.chunk.section else "")
        + f'<div class="zjtx-snippet">{escape(h.chunk.text)}</div></li>'
        for h in hits
    )
    return f'{head}<ol class="zjtx-sources zjtx-hits">{items}</ol>'


def message_html(text: str, error: bool = False) -> str:
    """A one-line outcome of an action, in red when it failed."""
    return f'<p class="{"zjtx-error" if error else "zjtx-note"}">{escape(text)}</p>'


def added_notice_html(added: NoticeAdded, extra_warnings: Sequence[str], titles: Mapping[str, str]) -> str:
    """What adding a notice did: its chunks, what was guessed, and the reward rows read from it."""
    entry = added.entry
    parts = [
        f'<p class="zjtx-ok">已添加《{escape(entry.title.strip("《》"))}》（{escape(entry.id)}）：'
        f"{added.chunks} 段，已可检索（索引 {escape(added.build_id)}）。</p>",
        f'<p class="zjtx-note">发文单位：{escape(entry.issuer or "—")}；日期：{escape(entry.date or "—")}；'
        f'地区：{escape(entry.region or "—")}；类型：{escape(KIND_WORDS.get(entry.kind, entry.kind))}</p>',
    ]
    warnings = [*added.warnings, *extra_warnings]
    if warnings:
        parts.append('<ul class="zjtx-warnings">' + "".join(f"<li>{escape(w)}</li>" for w in warnings) + "</ul>")
    if added.reward_rows:
        parts.append(f'<h4>从正文提取的奖励条目 <span class="zjtx-auto">{escape(AUTO_MARK)}</span></h4>')
        rows = [[r.row.region, r.row.title, r.row.amount_text, r.extracted.sentence,
                 source_label(r.row.source.doc_id, r.row.source.locator, titles)] for r in added.reward_rows]
        parts.append(table_html(ADDED_REWARD_HEADERS, rows))
        parts.append('<p class="zjtx-note">这些条目已出现在“奖励查询”中并标明未经人工核对；'
                     "请在下方“奖励条目审核”中接受、修改金额或拒绝。</p>")
    else:
        parts.append('<p class="zjtx-note">未从正文中找到奖励条目。</p>')
    return "".join(parts)
