"""知识库: which build is serving (and how far its vectors are while warming), the documents
in it, rebuilding, adding and removing notices, reviewing their reward rows, and searching.

The handlers that write (the rebuild among them) live in ``knowledge_admin.py``; this module
holds the reading ones and the layout."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import gradio as gr
import pandas as pd

from assistant.retrieval.search_index import load_search_index
from assistant.service import create_service
from indexer.corpus import CorpusError, load_manifest
from indexer.index_store import BuildInfo, IndexStore
from indexer.library import Library
from ui.gradio.formatting.escaping import escape, escape_markdown
from ui.gradio.formatting.knowledge_views import (
    CORPUS_COLUMN_WIDTHS,
    CORPUS_HEADERS,
    LIBRARY_COLUMN_WIDTHS,
    LIBRARY_HEADERS,
    corpus_rows,
    index_status_markdown,
    library_rows,
    message_html,
    search_hits_html,
    warming_html,
)
from ui.gradio.formatting.reward_tables import REVIEW_COLUMN_WIDTHS, REVIEW_HEADERS
from ui.gradio.knowledge_admin import KIND_CHOICES, RULE_CHOICES, KnowledgeAdmin
from ui.http.limits import message_chars, message_too_long
from ui.state import ServiceHolder

WARMING_POLL_S = 2.0


class KnowledgeTab:
    """Index status, documents and search over the ``ServiceHolder`` the API also reads."""

    def __init__(self, holder: ServiceHolder) -> None:
        self.holder = holder
        self.settings = holder.settings

    def _build(self) -> BuildInfo | None:
        service = self.holder.service
        if service is not None:
            return service.index.build
        store = IndexStore(self.settings.index_dir)
        build_id = store.current_build_id()
        return store.read_build_info(build_id) if build_id else None

    def reload_service(self) -> None:
        """Serve the newest complete build from now on (requests in flight keep the old one)."""
        index = load_search_index(self.settings, embeddings=self.holder.embeddings)
        self.holder.service = create_service(self.settings, index=index)
        self.holder.error = None

    def corpus_overview(self) -> tuple[str, pd.DataFrame]:
        """Index status and the manifest's documents with their chunk counts."""
        build = self._build()
        service = self.holder.service
        status = index_status_markdown(
            build, loaded=service is not None,
            # while warming the vectors are being written: the progress line says so, not "unavailable"
            vector_store_ok=service.index.vector_store_ok() if service and service.index.dense_ready else None,
            error=self.holder.error,
            warming=service is not None and not service.index.dense_ready,
        )
        try:
            manifest = load_manifest(self.settings.manifest_path)
        except CorpusError as exc:
            return f"{status}\n\n{escape_markdown(str(exc))}", pd.DataFrame(columns=CORPUS_HEADERS)
        return status, pd.DataFrame(corpus_rows(manifest, build), columns=CORPUS_HEADERS)

    def library_overview(self) -> tuple[pd.DataFrame, Any]:
        """The documents added at run time, and the delete picker's choices."""
        try:
            entries = Library(self.settings.data_dir).entries()
        except CorpusError as exc:
            gr.Warning(str(exc))
            entries = []
        # the place and date beside the title: two districts' notices are often titled alike (trial 44)
        choices = [(f"{entry.title}（{'，'.join(p for p in (entry.region, entry.date, entry.id) if p)}）", entry.id)
                   for entry in entries]
        table = pd.DataFrame(library_rows(entries, self._build()), columns=LIBRARY_HEADERS)
        return table, gr.update(choices=choices, value=None)

    def warming_status(self) -> tuple[str, Any]:
        """Embedding progress while the server answers by keywords; the poll stops once hybrid."""
        service = self.holder.service
        if service is None:
            loading = self.holder.error is None
            return warming_html(None, loading=loading), gr.Timer(active=loading)
        progress = service.index.warming
        still = progress is not None and progress.error is None
        return warming_html(progress), gr.Timer(active=still)

    def search(self, query: str) -> str:
        """Passages for a query, the same search as ``POST /api/search``."""
        query = (query or "").strip()
        if not query:
            return '<div class="zjtx-empty">请输入检索语句。</div>'
        service = self.holder.service
        if service is None:
            return f'<div class="zjtx-empty">{escape(self.holder.error or "索引加载中，请稍后再试。")}</div>'
        if message_chars(query) > self.settings.max_message_chars:  # refused as POST /api/search refuses it, never cut
            return f'<div class="zjtx-empty">{escape(message_too_long(self.settings.max_message_chars))}</div>'
        outcome = service.search(query, k=5)
        return search_hits_html(outcome.hits, outcome.notice)


def _admin_panels_shown(admin: KnowledgeAdmin, typed: str | None) -> tuple[gr.Column, str]:
    """The token-guarded panels show once the admin token is typed, and a wrong one is told so at once
    (trial 46: any text had opened them); the server still checks the token on each action."""
    if not (typed or "").strip():
        return gr.Column(visible=False), ""
    problem = admin.token_problem(typed)
    return gr.Column(visible=problem is None), message_html(problem, error=True) if problem else ""


@dataclass
class KnowledgeView:
    """Events after which the reward rows may have changed (the app refreshes 奖励查询)."""

    reward_changes: list[Any] = field(default_factory=list)


def render_knowledge_tab(tab: KnowledgeTab, admin: KnowledgeAdmin, blocks: gr.Blocks) -> KnowledgeView:
    warming = gr.HTML(elem_id="zjtx-warming")
    status = gr.Markdown(elem_id="zjtx-index-status")
    documents = gr.Dataframe(headers=CORPUS_HEADERS, column_widths=CORPUS_COLUMN_WIDTHS, interactive=False, wrap=True,
                             label="语料文档（来自 corpus/manifest.yaml）", elem_id="zjtx-documents")
    library = gr.Dataframe(headers=LIBRARY_HEADERS, column_widths=LIBRARY_COLUMN_WIDTHS, interactive=False, wrap=True,
                           label="已添加的文档（知识库）", elem_id="zjtx-library")

    # what every user can do comes first; what needs the admin token after it (new-user trial 33)
    gr.Markdown("### 检索语料")
    with gr.Row():
        query = gr.Textbox(placeholder="例如：研发费用 不低于100万元", label="检索语句", show_label=False, scale=5,
                           elem_id="zjtx-search-query")
        go = gr.Button("检索", scale=1, elem_id="zjtx-search")
    hits = gr.HTML(elem_id="zjtx-search-hits")

    # the token comes before every button that needs it, and the panels that need it show once one
    # is typed: a visitor sees the search and the document list only (new-user trials 33-35)
    gr.Markdown("### 管理\n重建索引、上传、删除和审核需要管理员令牌（ZJTX_ADMIN_TOKEN；未设置时为数据目录下 admin_token 文件里的本机令牌，`make run` 启动时会提示其位置）；查询不需要。输入令牌后显示管理功能。")
    token = gr.Textbox(type="password", label="管理员令牌", elem_id="zjtx-admin-token", max_length=512)
    token_note = gr.HTML(elem_id="zjtx-admin-token-note")
    with gr.Column(visible=False, elem_id="zjtx-admin-panels") as admin_panels:
        with gr.Row():
            full = gr.Checkbox(value=False, label="忽略已有向量，全部重建")
            rebuild = gr.Button("重建索引", variant="primary", elem_id="zjtx-rebuild")
            refresh = gr.Button("刷新状态", elem_id="zjtx-refresh")
        rebuild_result = gr.HTML(elem_id="zjtx-rebuild-result")

        gr.Markdown("### 添加文档")
        with gr.Row():
            with gr.Column(scale=2):
                # no file_types: Gradio refuses another type in English and then the file is gone
                # ("请先选择要上传的文件", trial 37); the prefill says in Chinese what it cannot read
                upload = gr.File(label="政策文件（PDF、Word、网页、文本或图片）", type="filepath", elem_id="zjtx-upload")
                guess = gr.Button("从文件推测", size="sm", elem_id="zjtx-guess")
            with gr.Column(scale=3):
                title = gr.Textbox(label="标题", elem_id="zjtx-meta-title")
                with gr.Row():
                    issuer = gr.Textbox(label="发文单位", elem_id="zjtx-meta-issuer")
                    date = gr.Textbox(label="发文日期", placeholder="2024-03-15", elem_id="zjtx-meta-date")
                    region = gr.Textbox(label="地区", placeholder="如 余杭区", elem_id="zjtx-meta-region")
                with gr.Row():
                    kind = gr.Dropdown(KIND_CHOICES, value="notice", label="类型", elem_id="zjtx-meta-kind")
                    rules = gr.Dropdown(RULE_CHOICES, value="", label="适用的认定办法", elem_id="zjtx-meta-rules")
        prefill_note = gr.HTML(elem_id="zjtx-prefill-note")
        add = gr.Button("添加到知识库", variant="primary", elem_id="zjtx-add")
        add_result = gr.HTML(elem_id="zjtx-add-result")
        with gr.Row():
            remove_choice = gr.Dropdown([], label="删除已添加的文档", elem_id="zjtx-remove-choice", scale=4)
            remove = gr.Button("删除", variant="stop", elem_id="zjtx-remove", scale=1)
        remove_result = gr.HTML(elem_id="zjtx-remove-result")

        gr.Markdown("### 奖励条目审核\n从通知中自动提取的奖励条目，待核对的在前；接受、修改金额或称号、拒绝后，“奖励查询”随即更新。")
        review_summary = gr.HTML(elem_id="zjtx-review-summary")
        review = gr.Dataframe(headers=REVIEW_HEADERS, column_widths=REVIEW_COLUMN_WIDTHS, interactive=False, wrap=True,
                              label="自动提取的奖励条目",
                              elem_id="zjtx-review-table", max_height=360)
        with gr.Row():
            row_choice = gr.Dropdown([], label="条目", elem_id="zjtx-review-row", scale=4)
            amount = gr.Textbox(label="修改后的金额", placeholder="如 最高100万元", elem_id="zjtx-review-amount", scale=2)
            honour = gr.Textbox(label="修改后的称号", placeholder="如 无锡市专精特新中小企业", elem_id="zjtx-review-title",
                                scale=2)
        with gr.Row():
            accept = gr.Button("接受", elem_id="zjtx-review-accept")
            edit = gr.Button("修改金额", elem_id="zjtx-review-edit")
            edit_title = gr.Button("修改称号", elem_id="zjtx-review-edit-title")
            reject = gr.Button("拒绝", variant="stop", elem_id="zjtx-review-reject")
        review_result = gr.HTML(elem_id="zjtx-review-result")
    token.change(lambda typed: _admin_panels_shown(admin, typed), token, [admin_panels, token_note], queue=False,
                 show_progress="hidden")

    timer = gr.Timer(WARMING_POLL_S)

    overview = [status, documents]
    library_outputs = [library, remove_choice]
    review_outputs = [review, row_choice, review_summary]
    meta = [title, issuer, date, region, kind]

    def refresh_all(event: Any) -> Any:
        return (event.then(tab.corpus_overview, None, overview)
                .then(tab.library_overview, None, library_outputs)
                .then(admin.review_overview, None, review_outputs))

    view = KnowledgeView()
    timer.tick(tab.warming_status, None, [warming, timer]).then(tab.corpus_overview, None, overview)
    refresh_all(rebuild.click(admin.rebuild, [full, token], rebuild_result))
    refresh_all(refresh.click(tab.warming_status, None, [warming, timer]))
    upload.change(admin.prefill, [upload, token], [*meta, prefill_note])
    guess.click(admin.prefill, [upload, token], [*meta, prefill_note])
    # one result shown at a time: after a removal and an add, "已删除…" beside "已添加…" read as both undone (trial 42)
    view.reward_changes.append(refresh_all(add.click(admin.add, [upload, token, *meta, rules], add_result)
                                           .then(_cleared, None, remove_result, queue=False)))
    view.reward_changes.append(refresh_all(remove.click(admin.delete, [remove_choice, token], remove_result)
                                           .then(_cleared, None, add_result, queue=False)))
    for button, handler, inputs in ((accept, admin.accept, [row_choice, token]),
                                    (edit, admin.edit_amount, [row_choice, amount, token]),
                                    (edit_title, admin.edit_title, [row_choice, honour, token]),
                                    (reject, admin.reject, [row_choice, token])):
        view.reward_changes.append(
            button.click(handler, inputs, review_result).then(admin.review_overview, None, review_outputs))
    query.submit(tab.search, [query], hits)
    go.click(tab.search, [query], hits)
    refresh_all(blocks.load(tab.warming_status, None, [warming, timer]))
    return view


def _cleared() -> str:
    return ""
