"""Pure formatting for the web UI: every string from the corpus is HTML-escaped here.

The Gradio layer (``ui/gradio_app.py``) only wires components to the assistant; what a
citation, a criterion or a reward row looks like is decided by these small functions,
which take plain domain objects and return HTML, Markdown or table rows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from assistant.eligibility import EligibilityReport
from assistant.eligibility.engine import VERDICT_WORDS
from assistant.eligibility.profile import field_label
from assistant.models import ChatMessage, Citation, ToolCallRecord
from assistant.retrieval.search import SearchHit
from assistant.rewards import RewardLookup, RewardRow
from indexer.index_store import BuildInfo
from indexer.models import DocumentMeta

STATUS_SYMBOLS: dict[str, str] = {"pass": "✓", "fail": "✗", "unknown": "?"}
STATUS_WORDS: dict[str, str] = {"pass": "满足", "fail": "不满足", "unknown": "无法判断"}
KIND_WORDS: dict[str, str] = {"report": "研究报告", "slides": "报告摘要", "measures": "办法解读", "notice": "通知"}
REWARD_HEADERS = ["地区", "称号", "金额", "下限（万元）", "上限（万元）", "条件与说明", "政策文件", "出处"]
CHART_X, CHART_Y = "地区·称号", "金额（万元）"
CRITERION_HEADERS = ["条件", "结果", "企业数据", "要求", "差距或说明", "出处"]
# the chat's side panel is narrow: the tabs show every column, the chat the essential ones
_CHAT_CRITERION_COLUMNS = (0, 1, 4)
_CHAT_REWARD_COLUMNS = (0, 1, 2, 7)
CORPUS_HEADERS = ["文档", "段数", "发布方", "日期", "类型", "规则版本", "文件（原始文件）"]

_QUOTE = re.compile(r"「([^「」]+)」")
_MARKER_LINE = re.compile(r"^\s*\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_MIN_QUOTE_CHARS = 6


def escape(text: object) -> str:
    """HTML-escape any value (``None`` becomes the empty string)."""
    return html.escape("" if text is None else str(text), quote=True)


def escape_markdown(text: str) -> str:
    """Answer text for the Markdown chat view: tags become text, Markdown syntax stays."""
    return html.escape(text, quote=False)


# --- chat ---------------------------------------------------------------------------


def bounded_history(messages: Sequence[ChatMessage], max_turns: int) -> list[ChatMessage]:
    """The last ``max_turns`` user turns with their replies, so a long chat stays cheap."""
    user_positions = [i for i, m in enumerate(messages) if m.role == "user"]
    if len(user_positions) <= max_turns:
        return list(messages)
    return list(messages[user_positions[-max_turns]:])


def stream_prefixes(text: str, chunk_chars: int = 8) -> Iterator[str]:
    """Growing prefixes of ``text``, ending with the whole text (for a streamed answer)."""
    step = max(1, chunk_chars)
    for end in range(step, len(text), step):
        yield text[:end]
    yield text


def quoted_passages(answer: str, number: int) -> list[str]:
    """What the answer quotes from source ``[number]``: 「…」 on its evidence line and the
    sentence the marker closes."""
    quotes: list[str] = []
    marker = f"[{number}]"
    for line in answer.splitlines():
        found = _MARKER_LINE.match(line)
        if found and int(found.group(1)) == number:
            quotes += _QUOTE.findall(line)
        elif marker in line:
            before = line.split(marker)[0]
            sentence = re.split(r"[。！？；]|\[\d+\]", before)[-1].strip(" *：:")
            if len(sentence) >= _MIN_QUOTE_CHARS:
                quotes.append(sentence)
    return [q.strip() for q in quotes if len(q.strip()) >= _MIN_QUOTE_CHARS]


def _quoted_spans(snippet: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping character spans of ``snippet`` that the answer quotes."""
    spans: list[tuple[int, int]] = []
    for quote in sorted(set(quotes), key=len, reverse=True):
        start = snippet.find(quote)
        if start >= 0:
            spans.append((start, start + len(quote)))
            continue
        # a quote trimmed or cut differently: mark the snippet's sentences it contains
        offset = 0
        for sentence in _SENTENCE_END.split(snippet):
            core = sentence.strip().rstrip("。！？；!?;")
            if len(core) >= _MIN_QUOTE_CHARS and core in quote:
                spans.append((offset, offset + len(sentence)))
            offset += len(sentence)
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def highlight_snippet(snippet: str, quotes: Sequence[str]) -> str:
    """The snippet as escaped HTML with the quoted sentences in ``<mark>``.

    Matching runs on the raw text and each piece is escaped on its own, so a quote can
    never split an entity or let markup through.
    """
    pieces: list[str] = []
    position = 0
    for start, end in _quoted_spans(snippet, quotes):
        pieces.append(escape(snippet[position:start]))
        pieces.append(f"<mark>{escape(snippet[start:end])}</mark>")
        position = end
    pieces.append(escape(snippet[position:]))
    return "".join(pieces)


def composer_note(composer: str, model: str | None, style: str) -> str:
    """Who wrote the answer, for the sources panel: empty for extractive answers."""
    if composer != "llm":
        return ""
    how = "从检索到的原文中选句" if style == "quote" else "依据引用的原文组织语言"
    return f'<p class="zjtx-note">本轮由大模型 {escape(model or "")} 作答（{how}），其中的数字均已与原文或工具结果核对。</p>'


def sources_html(citations: Sequence[Citation], answer: str, note: str = "") -> str:
    """The sources panel: title, section, locator and snippet of each [n] citation,
    after ``note`` (see :func:`composer_note`)."""
    if not citations:
        return note + '<div class="zjtx-empty">本轮回答没有引用来源。</div>'
    items = []
    for number, citation in enumerate(citations, start=1):
        section = f'<div class="zjtx-section">{escape(citation.section)}</div>' if citation.section else ""
        snippet = highlight_snippet(citation.snippet, quoted_passages(answer, number))
        items.append(
            f'<li class="zjtx-source" id="zjtx-source-{number}">'
            f'<div class="zjtx-source-head"><span class="zjtx-num">[{number}]</span> '
            f'<span class="zjtx-title">{escape(citation.title)}</span> '
            f'<span class="zjtx-locator">{escape(citation.locator)}</span></div>'
            f'{section}<div class="zjtx-snippet">{snippet}</div></li>'
        )
    return f'{note}<ol class="zjtx-sources">{"".join(items)}</ol>'


def tool_results_html(tool_calls: Sequence[ToolCallRecord], titles: Mapping[str, str]) -> str:
    """Tables for the tool results of a turn (eligibility criteria, reward rows)."""
    parts = []
    for call in tool_calls:
        if call.name == "check_eligibility" and isinstance(call.result, Mapping):
            report = EligibilityReport.model_validate(call.result)
            parts.append(f"<h4>资格核对（{escape(report.tier)}，{escape(report.rules)}版规则）</h4>")
            parts.append(eligibility_table_html(report, titles, columns=_CHAT_CRITERION_COLUMNS))
        elif call.name == "lookup_rewards" and isinstance(call.result, Mapping):
            lookup = RewardLookup.model_validate(call.result)
            parts.append("<h4>奖励查询结果</h4>")
            rows = reward_table_rows(lookup.rows, titles)
            parts.append(table_html([REWARD_HEADERS[i] for i in _CHAT_REWARD_COLUMNS],
                                    [[row[i] for i in _CHAT_REWARD_COLUMNS] for row in rows]))
            if lookup.note:
                parts.append(f'<p class="zjtx-note">{escape(lookup.note)}</p>')
        else:
            parts.append(f"<h4>{escape(call.name)}</h4><p>{escape(call.result)}</p>")
    return "".join(parts)


# --- forms --------------------------------------------------------------------------

NOT_STATED = "未填"
_FLAG_CHOICES = {"是": True, "否": False}


def profile_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """The facts stated in the self-check form: blank numbers and 未填 are left out,
    是/否 become booleans; validation stays with ``CompanyProfile``."""
    values: dict[str, Any] = {}
    for name, value in form.items():
        if value is None or value == "" or value == NOT_STATED:
            continue
        if isinstance(value, float) and value != value:  # NaN from an emptied number box
            continue
        values[name] = _FLAG_CHOICES.get(value, value) if isinstance(value, str) else value
    return values


# --- tables -------------------------------------------------------------------------


def table_html(headers: Sequence[str], rows: Sequence[Sequence[object]], css_class: str = "zjtx-table") -> str:
    """An HTML table with every header and cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('—' if cell is None or cell == '' else cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f'<table class="{escape(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def source_label(doc_id: str, locator: str, titles: Mapping[str, str]) -> str:
    return f"{titles.get(doc_id, doc_id)} {locator}"


def reward_table_rows(rows: Sequence[RewardRow], titles: Mapping[str, str]) -> list[list[Any]]:
    """One list per reward row in ``REWARD_HEADERS`` order (numbers stay numbers for sorting)."""
    return [
        [
            row.region,
            row.title,
            row.amount_text,
            _number(row.amount_min),
            _number(row.amount_max),
            row.conditions,
            row.policy,
            source_label(row.source.doc_id, row.source.locator, titles),
        ]
        for row in rows
    ]


def reward_chart_records(rows: Sequence[RewardRow]) -> list[dict[str, Any]]:
    """Bars for the rows that have an amount: the upper bound, else the lower bound.

    A bar is labelled by what varies: the region when all rows share one honour, the
    honour when they share one region, else both.
    """
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    one_title = len({r.title for r in rows}) == 1
    one_region = len({r.region for r in rows}) == 1
    for row in rows:
        if row.sort_amount is None:
            continue
        label = row.region if one_title else row.title if one_region else f"{row.region}·{row.title}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # the same region × honour twice (e.g. two tiers of one policy)
            label = f"{label}（{seen[label]}）"
        records.append({CHART_X: label, CHART_Y: row.sort_amount})
    return records


def eligibility_rows(report: EligibilityReport, titles: Mapping[str, str]) -> list[list[str]]:
    """One row per criterion: description, ✓/✗/?, actual, required, gap, source."""
    return [
        [
            c.description,
            f"{STATUS_SYMBOLS[c.status]} {STATUS_WORDS[c.status]}",
            c.actual or "",
            c.required,
            c.gap or "",
            source_label(c.source.doc_id, c.source.locator, titles),
        ]
        for c in report.criteria
    ]


def eligibility_table_html(
    report: EligibilityReport, titles: Mapping[str, str], columns: Sequence[int] | None = None
) -> str:
    """The per-criterion table; ``columns`` picks a subset of ``CRITERION_HEADERS`` by position."""
    picked = list(columns) if columns is not None else list(range(len(CRITERION_HEADERS)))
    rows = eligibility_rows(report, titles)
    body = "".join(
        f'<tr class="zjtx-{c.status}">' + "".join(f"<td>{escape(row[i] or '—')}</td>" for i in picked) + "</tr>"
        for c, row in zip(report.criteria, rows, strict=True)
    )
    head = "".join(f"<th>{escape(CRITERION_HEADERS[i])}</th>" for i in picked)
    return f'<table class="zjtx-table zjtx-criteria"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def eligibility_report_html(
    report: EligibilityReport,
    titles: Mapping[str, str],
    passages: Mapping[tuple[str, str], str],
) -> str:
    """The self-check result: verdict, per-criterion table, gaps, missing fields, cited rules.

    ``passages`` maps (doc_id, locator) to the rule text quoted under "依据".
    """
    verdict = f"{VERDICT_WORDS[report.verdict]}"
    parts = [
        f'<div class="zjtx-verdict zjtx-{report.verdict}">结论：{escape(verdict)}'
        f'<span class="zjtx-verdict-sub">（{escape(report.tier)}，{escape(report.rules)}版规则）</span></div>',
        eligibility_table_html(report, titles),
    ]
    failed = [c for c in report.criteria if c.status == "fail"]
    if failed:
        items = "".join(f"<li>{escape(c.description)}：{escape(c.gap or '')}</li>" for c in failed)
        parts.append(f'<h4>差距</h4><ul class="zjtx-gaps">{items}</ul>')
    if report.missing_fields:
        items = "".join(f"<li>{escape(field_label(name))}</li>" for name in report.missing_fields)
        parts.append(f'<h4>需要补充的信息</h4><ul class="zjtx-missing">{items}</ul>')
    if report.explanation:
        parts.append(f'<p class="zjtx-note">{escape(report.explanation)}</p>')
    cited = list(dict.fromkeys((c.source.doc_id, c.source.locator) for c in report.criteria))
    if cited:
        items = "".join(
            f'<li><div class="zjtx-source-head"><span class="zjtx-title">{escape(titles.get(doc, doc))}</span> '
            f'<span class="zjtx-locator">{escape(loc)}</span></div>'
            f'<div class="zjtx-snippet">{escape(passages.get((doc, loc), ""))}</div></li>'
            for doc, loc in cited
        )
        parts.append(f'<h4>规则依据</h4><ol class="zjtx-sources">{items}</ol>')
    return "".join(parts)


# --- corpus -------------------------------------------------------------------------


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


def index_status_markdown(
    build: BuildInfo | None, loaded: bool, vector_store_ok: bool | None = None, error: str | None = None
) -> str:
    """A few Markdown lines: which build is serving, when it was made and how long it took."""
    if error:
        return f"**索引状态：** 加载失败 —— {escape_markdown(error)}"
    if build is None:
        return "**索引状态：** 尚未建立索引，请点击“重建索引”。"
    lines = [
        f"**索引状态：** {'已加载' if loaded else '加载中……'}",
        f"- 索引版本：`{escape_markdown(build.build_id)}`",
        f"- 建立时间：{escape_markdown(build.created_at)}（用时 {build.duration_s} 秒）",
        f"- 文档 {len(build.documents)} 篇，共 {build.chunk_count} 段；向量模型：{escape_markdown(build.embedder)}",
    ]
    if vector_store_ok is False:
        lines.append("- 向量库不可用，问答暂时仅使用关键词检索。")
    for item in build.skipped:
        lines.append(f"- 已跳过 {escape_markdown(item.file)}：{escape_markdown(item.reason)}")
    return "\n".join(lines)


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
