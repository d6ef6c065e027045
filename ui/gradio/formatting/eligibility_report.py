"""The self-check result: verdict, per-criterion table, gaps, missing facts and cited rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.eligibility import EligibilityReport
from assistant.eligibility.engine import VERDICT_WORDS, CriterionResult
from assistant.eligibility.profile import field_label
from ui.gradio.formatting.escaping import escape, source_label

STATUS_SYMBOLS: dict[str, str] = {"pass": "✓", "fail": "✗", "unknown": "?"}
STATUS_WORDS: dict[str, str] = {"pass": "满足", "fail": "不满足", "unknown": "无法判断"}
CRITERION_HEADERS = ["条件", "结果", "企业数据", "要求", "差距或说明", "出处"]


# the 2022 score system's classes and items: the corpus gives their full marks but no scoring bands, so
# none of them is ever decided; undecided all, they are one row (new-user trial 33: 18 rows of "?")
SCORE_DETAIL_GROUPS = ("score_categories", "score_indicators")
# (no count: the rows are the system, its categories and their items; trial 37 read 18项 against the source's 13项)
_SCORE_DETAIL_ROW = ("评价指标明细（各类、各项）", "各类、各项指标的满分（语料未给出评分档次）",
                     "无法逐项计分：按上方“评价得分”的总分判断")


def _shown(report: EligibilityReport) -> list[tuple[CriterionResult, str | None]]:
    """The criteria shown, each with the description it is shown under (None: its own); the score
    detail, when none of it is decided, as its first criterion under one summary line."""
    detail = [c for c in report.criteria if c.group in SCORE_DETAIL_GROUPS]
    if len(detail) < 2 or any(c.status != "unknown" or c.actual for c in detail):
        return [(c, None) for c in report.criteria]
    summary = _SCORE_DETAIL_ROW[0]
    return [(c, summary if c is detail[0] else None) for c in report.criteria
            if c not in detail or c is detail[0]]


def _status_rows(report: EligibilityReport, titles: Mapping[str, str]) -> list[tuple[str, list[str]]]:
    """Each row shown with its criterion's status: description, ✓/✗/?, actual, required, gap, source."""
    return [
        (c.status, [
            summary or c.description,
            f"{STATUS_SYMBOLS[c.status]} {STATUS_WORDS[c.status]}",
            "" if summary else c.actual or "",
            _SCORE_DETAIL_ROW[1] if summary else c.required,
            _SCORE_DETAIL_ROW[2] if summary else c.gap or "",
            source_label(c.source.doc_id, c.source.locator, titles),
        ])
        for c, summary in _shown(report)
    ]


def eligibility_rows(report: EligibilityReport, titles: Mapping[str, str]) -> list[list[str]]:
    """One row per criterion: description, ✓/✗/?, actual, required, gap, source (the score detail no
    user can decide as one row)."""
    return [row for _, row in _status_rows(report, titles)]


def eligibility_table_html(
    report: EligibilityReport, titles: Mapping[str, str], columns: Sequence[int] | None = None
) -> str:
    """The per-criterion table; ``columns`` picks a subset of ``CRITERION_HEADERS`` by position."""
    picked = list(columns) if columns is not None else list(range(len(CRITERION_HEADERS)))
    # each cell carries its column's header: a phone shows every criterion as a card of labelled lines (zjtx.css)
    body = "".join(
        f'<tr class="zjtx-{status}">'
        + "".join(f'<td data-label="{escape(CRITERION_HEADERS[i])}">{escape(row[i] or "—")}</td>' for i in picked)
        + "</tr>"
        for status, row in _status_rows(report, titles)
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
    # a condition not yet decided whose known way already falls short ("营业收入还差300万元，须融资…才满足")
    # is a gap too (new-user trial 34 found it only in a "? 无法判断" cell)
    failed = [c for c in report.criteria if c.status == "fail" or (c.status == "unknown" and c.shortfall)]
    if failed:
        items = "".join(f"<li>{escape(c.description)}：{escape((c.gap if c.status == 'fail' else c.shortfall) or '')}</li>"
                        for c in failed)
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
