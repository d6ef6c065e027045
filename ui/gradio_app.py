"""The Gradio UI mounted at ``/``: chat, eligibility self-check, rewards and the corpus.

A thin layer: every handler calls the same function the JSON API calls
(``AssistantService.chat`` / ``.search``, ``check_eligibility``, ``lookup_rewards``,
``build_index``) and hands the result to the pure formatters in ``ui/ui_formatting.py``.
"""

from __future__ import annotations

import os

# before gradio is imported: no usage analytics, no version check, nothing leaves the machine
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import time
from collections.abc import Iterator
from typing import Any

import gradio as gr
import pandas as pd
from fastapi import FastAPI
from pydantic import ValidationError

from assistant.eligibility import TIERS, CompanyProfile, check_eligibility
from assistant.eligibility.profile import KINDS, field_kind, field_label
from assistant.eligibility.tiers import SPECIALIZED
from assistant.models import ChatMessage
from assistant.rewards import RewardTableError, lookup_rewards
from assistant.rewards.honours import load_honours
from assistant.rewards.regions import load_regions
from assistant.service import create_service
from indexer.builder import IndexBusy, build_index
from indexer.corpus import CorpusError, load_manifest
from indexer.embeddings import EmbedderUnavailable
from indexer.index_store import BuildInfo, IndexStore
from indexer.passages import document_titles, passage_text
from indexer.vector_store import VectorStoreUnavailable
from ui.api import ServiceHolder
from ui.html_lang import HtmlLang
from ui.ui_formatting import (
    CHART_X,
    CHART_Y,
    CORPUS_HEADERS,
    NOT_STATED,
    REWARD_HEADERS,
    bounded_history,
    composer_note,
    corpus_rows,
    eligibility_report_html,
    escape,
    escape_markdown,
    index_status_markdown,
    profile_values,
    reward_chart_records,
    reward_table_rows,
    search_hits_html,
    sources_html,
    stream_prefixes,
    tool_results_html,
)

# Only the last turns go to the assistant: follow-ups need a little context, and a long
# chat must not grow every request (the API caps a conversation at settings.max_messages).
MAX_HISTORY_TURNS = 6
STREAM_CHUNK_CHARS = 6
STREAM_SECONDS = 1.2  # a long answer streams in bigger chunks rather than for longer

RULE_CHOICES = {"2022年暂行办法": "2022", "2026年修订办法": "2026", "按今天生效的版本": None}
ALL_REGIONS = "全部地区"
ALL_TITLES = "全部称号"

# Example questions for the three kinds of users the assistant serves.
EXAMPLES: dict[str, list[str]] = {
    "中小企业主": [
        "我们营收1200万、研发80万，细分市场3年，能评专精特新吗？",
        "昆山对国家级小巨人奖励多少？",
    ],
    "服务窗口人员": [
        "北交所是哪天注册成立的？",
        "专精特新中小企业的研发费用要求是什么？",
    ],
    "政策研究人员": [
        "2026年新办法对小巨人的营收门槛是多少？",
        "各地对国家级小巨人的奖励对比",
    ],
}

# Fields shown first in the self-check form; the rest sit in a folded section.
PRIMARY_FIELDS = (
    "revenue_last_year",
    "rd_expense_last_year",
    "years_in_niche",
    "revenue_year_before",
    "rd_expense_year_before",
    "equity_financing_2y",
)
PROFILE_FIELDS = tuple(CompanyProfile.model_fields)

CSS = """
.zjtx-sources { padding-left: 1.6em; margin: 0; }
.zjtx-source { margin-bottom: .8em; }
.zjtx-source-head { font-weight: 600; }
.zjtx-num { color: var(--color-accent); }
.zjtx-locator { color: var(--body-text-color-subdued); font-weight: 400; font-size: .9em; }
.zjtx-section { color: var(--body-text-color-subdued); font-size: .9em; }
.zjtx-snippet { white-space: pre-wrap; font-size: .92em; line-height: 1.6; }
.zjtx-snippet mark { background: #fde68a; color: inherit; padding: 0 .1em; }
.zjtx-table { border-collapse: collapse; width: 100%; font-size: .9em; margin: .4em 0 .8em; }
.zjtx-table th, .zjtx-table td { border: 1px solid var(--border-color-primary); padding: .3em .5em;
  text-align: left; vertical-align: top; }
.zjtx-table th { background: var(--background-fill-secondary); }
.zjtx-criteria tr.zjtx-pass td:nth-child(2) { color: #15803d; font-weight: 600; }
.zjtx-criteria tr.zjtx-fail td:nth-child(2) { color: #b91c1c; font-weight: 600; }
.zjtx-criteria tr.zjtx-unknown td:nth-child(2) { color: #a16207; font-weight: 600; }
.zjtx-verdict { font-size: 1.25em; font-weight: 700; margin: .2em 0 .5em; }
.zjtx-verdict.zjtx-pass { color: #15803d; } .zjtx-verdict.zjtx-fail { color: #b91c1c; }
.zjtx-verdict.zjtx-unknown { color: #a16207; }
.zjtx-verdict-sub { font-size: .7em; font-weight: 400; color: var(--body-text-color-subdued); }
.zjtx-note, .zjtx-empty { color: var(--body-text-color-subdued); }
.zjtx-error { color: #b91c1c; font-weight: 600; }
.zjtx-group-label { font-weight: 600; margin-top: .3em; }
.zjtx-criteria td:nth-child(2) { white-space: nowrap; }
"""

THEME = gr.themes.Default(
    primary_hue="red",
    # system fonts only: a font download must never block the first paint offline
    font=["PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "sans-serif"],
    font_mono=["SFMono-Regular", "Menlo", "Consolas", "monospace"],
)


def _display(role: str, text: str) -> dict[str, str]:
    return {"role": role, "content": escape_markdown(text)}


def _form_label(name: str) -> str:
    unit = KINDS[field_kind(name)].unit
    return f"{field_label(name)}（{unit}）" if unit else field_label(name)


class WebUI:
    """The UI's handlers over the ``ServiceHolder`` the API also reads."""

    def __init__(self, holder: ServiceHolder, stream_seconds: float = STREAM_SECONDS) -> None:
        self.holder = holder
        self.settings = holder.settings
        self.stream_seconds = stream_seconds
        self.titles = document_titles(self.settings.corpus_dir)

    # --- 问答 -------------------------------------------------------------------------

    def chat(
        self, message: str, display: list[dict[str, Any]] | None, conversation: list[dict[str, str]] | None
    ) -> Iterator[tuple[Any, ...]]:
        """Answer one turn, streaming the finished answer; yields
        (chat view, conversation, sources, tool results, raw answer, input box)."""
        question = (message or "").strip()
        display = list(display or [])
        conversation = list(conversation or [])
        if not question:
            yield display, conversation, gr.skip(), gr.skip(), gr.skip(), ""
            return
        if len(question) > self.settings.max_message_chars:
            gr.Warning(f"消息过长：单条消息不得超过 {self.settings.max_message_chars} 个字符。")
            yield display, conversation, gr.skip(), gr.skip(), gr.skip(), message
            return
        display.append(_display("user", question))
        display.append(_display("assistant", "……"))
        yield display, conversation, gr.skip(), gr.skip(), gr.skip(), ""

        messages = bounded_history(
            [*(ChatMessage.model_validate(m) for m in conversation), ChatMessage(role="user", content=question)],
            MAX_HISTORY_TURNS,
        )
        service = self.holder.service
        if service is None:
            text = self.holder.error or "索引加载中，请稍后再试。"
            display[-1] = _display("assistant", text)
            yield display, conversation, "", "", "", ""
            return
        answer = service.chat(messages)

        chunk = max(STREAM_CHUNK_CHARS, len(answer.answer) // 40)
        pause = self.stream_seconds / max(1, len(answer.answer) // chunk)
        for prefix in stream_prefixes(answer.answer, chunk):
            display[-1] = _display("assistant", prefix)
            yield display, conversation, gr.skip(), gr.skip(), gr.skip(), ""
            if pause:
                time.sleep(pause)
        kept = bounded_history([*messages, ChatMessage(role="assistant", content=answer.answer)], MAX_HISTORY_TURNS)
        yield (
            display,
            [m.model_dump() for m in kept],
            sources_html(answer.citations, answer.answer, composer_note(
                answer.composer, self.settings.llm_model, self.settings.llm_answer_style)),
            tool_results_html(answer.tool_calls, self.titles),
            answer.answer,
            "",
        )

    @staticmethod
    def new_conversation() -> tuple[Any, ...]:
        return [], [], "", "", "", ""

    # --- 资格自测 -----------------------------------------------------------------------

    def check(self, tier: str, rules_choice: str, *values: Any) -> str:
        """Run the deterministic eligibility engine on the form's profile."""
        try:
            profile = CompanyProfile.model_validate(profile_values(dict(zip(PROFILE_FIELDS, values, strict=True))))
            report = check_eligibility(profile, tier=tier, rules=RULE_CHOICES.get(rules_choice))
        except ValidationError as exc:
            problems = "；".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
            return f'<p class="zjtx-error">企业数据有误：{escape(problems)}</p>'
        except (KeyError, ValueError) as exc:
            reason = str(exc).strip("'\"")  # KeyError quotes its message
            return f'<p class="zjtx-error">{escape(reason)}</p>'
        cited = {(c.source.doc_id, c.source.locator) for c in report.criteria}
        passages = {key: passage_text(self.settings.corpus_dir, *key, max_chars=400) for key in cited}
        return eligibility_report_html(report, self.titles, passages)

    # --- 奖励查询 -----------------------------------------------------------------------

    def rewards(self, region: str | None, title: str | None, compare: bool) -> tuple[str, pd.DataFrame, pd.DataFrame]:
        """The lookup the API's /api/rewards makes, as a note, a table and a bar chart."""
        region = None if region in (None, "", ALL_REGIONS) else region
        title = None if title in (None, "", ALL_TITLES) else title
        try:
            lookup = lookup_rewards(region=region, title=title, compare=compare)
        except RewardTableError as exc:
            raise gr.Error(str(exc)) from exc
        table = pd.DataFrame(reward_table_rows(lookup.rows, self.titles), columns=REWARD_HEADERS)
        chart = pd.DataFrame(reward_chart_records(lookup.rows), columns=[CHART_X, CHART_Y])
        note = escape_markdown(lookup.note) if lookup.note else f"共 {len(lookup.rows)} 条。"
        return note, table, chart

    # --- 知识库 -------------------------------------------------------------------------

    def _build(self) -> BuildInfo | None:
        service = self.holder.service
        if service is not None:
            return service.index.build
        store = IndexStore(self.settings.index_dir)
        build_id = store.current_build_id()
        return store.read_build_info(build_id) if build_id else None

    def corpus_overview(self) -> tuple[str, pd.DataFrame]:
        """Index status and the manifest's documents with their chunk counts."""
        build = self._build()
        service = self.holder.service
        status = index_status_markdown(
            build, loaded=service is not None,
            vector_store_ok=service.index.vector_store_ok() if service else None,
            error=self.holder.error,
        )
        try:
            manifest = load_manifest(self.settings.manifest_path)
        except CorpusError as exc:
            return f"{status}\n\n{escape_markdown(str(exc))}", pd.DataFrame(columns=CORPUS_HEADERS)
        return status, pd.DataFrame(corpus_rows(manifest, build), columns=CORPUS_HEADERS)

    def rebuild(self, full: bool, progress: gr.Progress = gr.Progress()) -> tuple[str, str, pd.DataFrame]:  # noqa: B008 - Gradio's progress injection
        """Build the index (incrementally unless ``full``), then load it into the running service."""
        progress(0, desc="读取语料")

        def on_progress(done: int, total: int) -> None:
            progress((done, total), desc="向量化", unit="段")

        try:
            # show_progress stays on: a disabled tqdm bar does not count, and on_progress gets bar.n
            result = build_index(self.settings, rebuild=full, show_progress=False, on_progress=on_progress)
        except (CorpusError, IndexBusy, EmbedderUnavailable, VectorStoreUnavailable) as exc:
            raise gr.Error(str(exc)) from exc
        info = result.info
        if result.unchanged and self.holder.service is not None:
            message = f"语料未变化，继续使用索引 {info.build_id}（{info.chunk_count} 段）。"
        else:
            progress(1.0, desc="加载新索引")
            self.holder.service = create_service(self.settings)
            self.holder.error = None
            message = (
                f"索引 {info.build_id} 已就绪：{len(info.documents)} 篇文档，{info.chunk_count} 段，"
                f"新向量化 {result.embedded_chunks} 段、复用 {result.reused_chunks} 段，用时 {info.duration_s} 秒。"
            )
        status, documents = self.corpus_overview()
        return escape_markdown(message), status, documents

    def search(self, query: str) -> str:
        """Passages for a query, the same search as ``POST /api/search``."""
        query = (query or "").strip()
        if not query:
            return '<div class="zjtx-empty">请输入检索语句。</div>'
        service = self.holder.service
        if service is None:
            return f'<div class="zjtx-empty">{escape(self.holder.error or "索引加载中，请稍后再试。")}</div>'
        outcome = service.search(query[: self.settings.max_message_chars], k=5)
        return search_hits_html(outcome.hits, outcome.notice)


def _chat_tab(ui: WebUI) -> None:
    conversation = gr.State([])
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", height=480, elem_id="zjtx-chatbot", buttons=[],
                                 feedback_options=None, placeholder="请输入关于专精特新政策的问题，或点击下方示例。")
            with gr.Row():
                question = gr.Textbox(placeholder="例如：北京证券交易所是什么时候成立的？", show_label=False,
                                      scale=5, elem_id="zjtx-question", max_length=ui.settings.max_message_chars)
                send = gr.Button("发送", variant="primary", scale=1, elem_id="zjtx-send")
            with gr.Row():
                new_chat = gr.Button("新对话", size="sm", elem_id="zjtx-new-chat")
                copy = gr.Button("复制回答", size="sm", elem_id="zjtx-copy")
            raw_answer = gr.Textbox(visible="hidden", elem_id="zjtx-raw-answer")
            gr.Markdown("**示例问题**（点击即问）")
            example_buttons: list[tuple[gr.Button, str]] = []
            with gr.Row():
                for group, questions in EXAMPLES.items():
                    with gr.Column(min_width=200):
                        gr.Markdown(group, elem_classes="zjtx-group-label")
                        for text in questions:
                            example_buttons.append((gr.Button(text, size="sm"), text))
        with gr.Column(scale=2):
            gr.Markdown("### 来源")
            sources = gr.HTML('<div class="zjtx-empty">回答引用的政策原文会显示在这里。</div>', elem_id="zjtx-sources")
            tools = gr.HTML("", elem_id="zjtx-tools")

    outputs = [chatbot, conversation, sources, tools, raw_answer, question]
    inputs = [question, chatbot, conversation]
    question.submit(ui.chat, inputs, outputs)
    send.click(ui.chat, inputs, outputs)
    for button, text in example_buttons:
        button.click(lambda t=text: t, None, question).then(ui.chat, inputs, outputs)
    new_chat.click(ui.new_conversation, None, outputs)
    chatbot.clear(ui.new_conversation, None, outputs)
    copy.click(None, [raw_answer], None,
               js="(text) => { if (text) { navigator.clipboard.writeText(text); } return []; }")


def _eligibility_tab(ui: WebUI) -> None:
    gr.Markdown("填写已知的数据即可，未填的项目会列为“需要补充的信息”。金额单位万元，比例单位%。")
    with gr.Row():
        tier = gr.Radio(list(TIERS), value=SPECIALIZED, label="申报层级", elem_id="zjtx-tier")
        rules = gr.Radio(list(RULE_CHOICES), value="按今天生效的版本", label="规则版本", elem_id="zjtx-rules")
    inputs: dict[str, gr.components.Component] = {}

    def field_input(name: str) -> gr.components.Component:
        label = _form_label(name)
        if field_kind(name) == "flag":
            return gr.Radio([NOT_STATED, "是", "否"], value=NOT_STATED, label=label, elem_id=f"profile-{name}")
        # a text box, not gr.Number: an empty number box submits 0, and 0 is a stated fact
        return gr.Textbox(label=label, placeholder=NOT_STATED, elem_id=f"profile-{name}", min_width=180)

    with gr.Row():
        for name in PRIMARY_FIELDS:
            inputs[name] = field_input(name)
    with gr.Accordion("更多指标（选填）", open=False):
        rest = [n for n in PROFILE_FIELDS if n not in PRIMARY_FIELDS]
        numbers = [n for n in rest if field_kind(n) != "flag"]
        flags = [n for n in rest if field_kind(n) == "flag"]
        for start in range(0, len(numbers), 4):
            with gr.Row():
                for name in numbers[start : start + 4]:
                    inputs[name] = field_input(name)
        for start in range(0, len(flags), 3):
            with gr.Row():
                for name in flags[start : start + 3]:
                    inputs[name] = field_input(name)
    run = gr.Button("开始自测", variant="primary", elem_id="zjtx-check")
    result = gr.HTML('<div class="zjtx-empty">填写后点击“开始自测”。</div>', elem_id="zjtx-eligibility-result")
    run.click(ui.check, [tier, rules, *(inputs[n] for n in PROFILE_FIELDS)], result)


def _rewards_tab(ui: WebUI, blocks: gr.Blocks) -> None:
    with gr.Row():
        region = gr.Dropdown([ALL_REGIONS, *load_regions().names], value=ALL_REGIONS, label="地区",
                             allow_custom_value=True, filterable=True, elem_id="zjtx-region",
                             info="可直接输入，如 昆山、园区、江苏")
        title = gr.Dropdown([ALL_TITLES, *load_honours().titles], value="国家级专精特新“小巨人”", label="称号",
                            allow_custom_value=True, filterable=True, elem_id="zjtx-title")
        compare = gr.Checkbox(value=True, label="按金额从高到低")
        search = gr.Button("查询", variant="primary", elem_id="zjtx-rewards-search")
    note = gr.Markdown(elem_id="zjtx-rewards-note")
    table = gr.Dataframe(headers=REWARD_HEADERS, datatype=["str", "str", "str", "number", "number", "str", "str", "str"],
                         interactive=False, wrap=True, label="奖励明细（点击表头排序）", elem_id="zjtx-rewards-table",
                         max_height=420)
    chart = gr.BarPlot(x=CHART_X, y=CHART_Y, sort="-y", y_lim=[0, None], x_label_angle=-40, height=460,
                       label="奖励金额（万元，取上限，无上限取下限）", elem_id="zjtx-rewards-chart")
    outputs = [note, table, chart]
    for trigger in (search.click, region.change, title.change, compare.change):
        trigger(ui.rewards, [region, title, compare], outputs)
    blocks.load(ui.rewards, [region, title, compare], outputs)


def _corpus_tab(ui: WebUI, blocks: gr.Blocks) -> None:
    status = gr.Markdown(elem_id="zjtx-index-status")
    documents = gr.Dataframe(headers=CORPUS_HEADERS, interactive=False, wrap=True, label="语料文档（来自 corpus/manifest.yaml）",
                             elem_id="zjtx-documents")
    with gr.Row():
        full = gr.Checkbox(value=False, label="忽略已有向量，全部重建")
        rebuild = gr.Button("重建索引", variant="primary", elem_id="zjtx-rebuild")
        refresh = gr.Button("刷新状态", elem_id="zjtx-refresh")
    rebuild_result = gr.Markdown(elem_id="zjtx-rebuild-result")
    gr.Markdown("### 检索语料")
    with gr.Row():
        query = gr.Textbox(placeholder="例如：研发费用 不低于100万元", show_label=False, scale=5, elem_id="zjtx-search-query")
        go = gr.Button("检索", scale=1, elem_id="zjtx-search")
    hits = gr.HTML(elem_id="zjtx-search-hits")

    rebuild.click(ui.rebuild, [full], [rebuild_result, status, documents])
    refresh.click(ui.corpus_overview, None, [status, documents])
    query.submit(ui.search, [query], hits)
    go.click(ui.search, [query], hits)
    blocks.load(ui.corpus_overview, None, [status, documents])


def build_blocks(ui: WebUI) -> gr.Blocks:
    """The four tabs, wired to ``ui``'s handlers."""
    with gr.Blocks(title="专精特新政策助手", analytics_enabled=False) as blocks:
        gr.Markdown("# 专精特新政策助手\n基于政策文件的检索问答、资格自测与地方奖励查询。"
                    "所有回答均标注出处；JSON 接口见 [/docs](/docs)。")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                _chat_tab(ui)
            with gr.Tab("资格自测", id="eligibility"):
                _eligibility_tab(ui)
            with gr.Tab("奖励查询", id="rewards"):
                _rewards_tab(ui, blocks)
            with gr.Tab("知识库", id="corpus"):
                _corpus_tab(ui, blocks)
    return blocks


def mount_ui(app: FastAPI) -> FastAPI:
    """Mount the UI at ``/`` of the API app (whose ``app.state.holder`` it shares)."""
    blocks = build_blocks(WebUI(app.state.holder))
    app.add_middleware(HtmlLang, lang="zh-CN")
    return gr.mount_gradio_app(
        app, blocks, path="/", theme=THEME, css=CSS,
        footer_links=["api", "settings"], run_history=False, ssr_mode=False, mcp_server=False,
    )
