"""The chat's side panel below the sources: each tool result of a turn in words and tables.

Every known tool has its own view (criteria rows as one line each, the eligibility check and
reward rows as tables, search hits as a list); a result the view cannot read, or a tool the
panel does not know, is shown as labelled lines, never as a raw dict or JSON. A result the
answer already shows in full (the rewards route's amounts, table and note) is left out: beside the
answer and its cited passages it would be a third copy of the same amounts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from pydantic import ValidationError

from assistant.eligibility import EligibilityReport
from assistant.eligibility.champion import load_champion_rules
from assistant.models import ToolCallRecord
from assistant.rewards import RewardLookup
from assistant.rewards.formatting import note_before_parents
from ui.gradio.formatting.eligibility_report import eligibility_table_html
from ui.gradio.formatting.escaping import escape, source_label, table_html
from ui.gradio.formatting.reward_tables import REWARD_HEADERS, reward_table_rows

# the chat's side panel is narrow: the tabs show every column, the chat the essential ones
_CHAT_CRITERION_COLUMNS = (0, 1, 4)
_CHAT_REWARD_COLUMNS = (0, 1, 2, 7)

TOOL_LABELS: dict[str, str] = {
    "lookup_criteria": "认定条件查询",
    "check_eligibility": "资格核对",
    "lookup_rewards": "奖励查询结果",
    "search_policies": "检索到的原文",
}
_FIELD_LABELS: dict[str, str] = {
    "tier": "层级", "rules": "规则版本", "indicator": "指标", "text": "条文", "note": "说明",
    "region": "地区", "title": "称号", "amount_text": "金额", "conditions": "条件与说明", "policy": "政策文件",
    "query": "检索词", "locator": "位置", "doc_id": "文件", "versions": "版本", "rows": "结果",
}

Renderer = Callable[[ToolCallRecord, Mapping[str, str]], str]
ShownIn = Callable[[ToolCallRecord, str], bool]


def _criteria_html(call: ToolCallRecord, titles: Mapping[str, str]) -> str:
    """``lookup_criteria``: one line per row — 层级 · 版本 · 指标, the rule's words, its source."""
    result = call.result
    if not isinstance(result, Mapping) or not isinstance(result.get("rows"), list):
        raise ValueError("not a criteria lookup")
    versions = [str(v) for v in result.get("versions") or [] if v]
    heading = TOOL_LABELS[call.name] + (f"（{'、'.join(versions)}版规则）" if versions else "")
    items = []
    for row in result["rows"]:
        if not isinstance(row, Mapping):
            raise ValueError("not a criteria row")
        meta = " · ".join(str(part) for part in (
            row.get("tier"), f"{row['rules']}版" if row.get("rules") else None, row.get("indicator")) if part)
        source = row.get("source")
        source = source if isinstance(source, Mapping) else {}
        where = source_label(str(source.get("doc_id", "")), str(source.get("locator", "")), titles).strip()
        items.append(
            f'<li><span class="zjtx-tool-meta">{escape(meta)}</span> '
            f'<span class="zjtx-tool-text">{escape(row.get("text", ""))}</span>'
            + (f' <span class="zjtx-locator">{escape(where)}</span>' if where else "") + "</li>"
        )
    body = f'<ul class="zjtx-tool-rows">{"".join(items)}</ul>' if items else '<p class="zjtx-note">未查到对应条文。</p>'
    note = f'<p class="zjtx-note">{escape(result["note"])}</p>' if result.get("note") else ""
    return f"<h4>{escape(heading)}</h4>{body}{note}"


def _eligibility_html(call: ToolCallRecord, titles: Mapping[str, str]) -> str:
    report = EligibilityReport.model_validate(call.result)
    return (f"<h4>{TOOL_LABELS[call.name]}（{escape(report.tier)}，{escape(report.rules)}版规则）</h4>"
            + eligibility_table_html(report, titles, columns=_CHAT_CRITERION_COLUMNS))


def _rewards_html(call: ToolCallRecord, titles: Mapping[str, str]) -> str:
    if not isinstance(call.result, Mapping) or "rows" not in call.result:
        raise ValueError("not a reward lookup")
    lookup = RewardLookup.model_validate(call.result)
    rows = reward_table_rows(lookup.rows, titles)
    parts = [f"<h4>{TOOL_LABELS[call.name]}</h4>"]
    if rows:
        parts.append(table_html([REWARD_HEADERS[i] for i in _CHAT_REWARD_COLUMNS],
                                [[row[i] for i in _CHAT_REWARD_COLUMNS] for row in rows]))
    elif not lookup.note:
        parts.append('<p class="zjtx-note">没有查到对应的奖励。</p>')
    if lookup.note:
        parts.append(f'<p class="zjtx-note">{escape(lookup.note)}</p>')
    return "".join(parts)


def _rewards_shown_in(call: ToolCallRecord, answer: str) -> bool:
    """Every reward row's region and amount stand on one line of the answer (its lead or its table
    row), and so does the lookup's note: the answer is the whole result. An answer that leaves a row
    or the note out (e.g. one a model wrote) keeps the table beside it."""
    lookup = RewardLookup.model_validate(call.result)
    lines = answer.splitlines()
    return bool(lookup.rows or lookup.note) and (
        all(any(row.region in line and row.amount_text in line for line in lines) for row in lookup.rows)
        # (a parent's amount may follow the note's words, said as one sentence)
        and (not lookup.note or lookup.note.rstrip("。") in answer or note_before_parents(lookup.note) in answer))


def _search_html(call: ToolCallRecord, titles: Mapping[str, str]) -> str:
    """``search_policies``: the query and the numbered passages it found (title and lines)."""
    hits = call.result
    if not isinstance(hits, list) or not all(isinstance(h, Mapping) for h in hits):
        raise ValueError("not a list of hits")
    query = call.arguments.get("query")
    heading = TOOL_LABELS[call.name] + (f"：{query}" if query else "")
    items = "".join(
        f'<li><span class="zjtx-num">[{escape(h.get("n", ""))}]</span> '
        f'{escape(source_label(str(h.get("doc_id", "")), str(h.get("locator", "")), titles))}</li>'
        for h in hits
    )
    body = f'<ul class="zjtx-tool-rows">{items}</ul>' if items else '<p class="zjtx-note">没有检索到相关原文。</p>'
    return f"<h4>{escape(heading)}</h4>{body}"


_RENDERERS: dict[str, Renderer] = {
    "lookup_criteria": _criteria_html,
    "check_eligibility": _eligibility_html,
    "lookup_rewards": _rewards_html,
    "search_policies": _search_html,
}


def _champion_shown_in(call: ToolCallRecord, answer: str) -> bool:
    """制造业单项冠军's check: the answer lists every condition with its state (no rule table to show)."""
    result = call.result
    return (isinstance(result, Mapping) and result.get("tier") == load_champion_rules().honour
            and all(str(c["description"]) in answer for c in result["criteria"]))


# tools whose result the answer may carry in full
_SHOWN_IN_ANSWER: dict[str, ShownIn] = {
    "lookup_rewards": _rewards_shown_in,
    "check_eligibility": _champion_shown_in,
}


def readable_html(value: object) -> str:
    """Any value as labelled lines and lists: a mapping's keys become Chinese labels where known."""
    if isinstance(value, Mapping):
        items = [
            f'<li><span class="zjtx-tool-meta">{escape(_FIELD_LABELS.get(str(k), str(k)))}：</span>{readable_html(v)}</li>'
            for k, v in value.items() if v not in (None, "", [], {})
        ]
        return f'<ul class="zjtx-tool-rows">{"".join(items)}</ul>' if items else "—"
    if isinstance(value, list | tuple):
        if all(not isinstance(v, Mapping | list | tuple) for v in value):
            return escape("、".join(str(v) for v in value)) or "—"
        return f'<ol class="zjtx-tool-rows">{"".join(f"<li>{readable_html(v)}</li>" for v in value)}</ol>'
    if isinstance(value, bool):
        return "是" if value else "否"
    return escape(value)


def _fallback_html(call: ToolCallRecord) -> str:
    """A tool the panel has no view for, or a result its view cannot read (e.g. the tool's error)."""
    label = TOOL_LABELS.get(call.name, f"工具结果（{call.name}）")
    if isinstance(call.result, str):
        return f'<h4>{escape(label)}</h4><p class="zjtx-note">{escape(call.result)}</p>'
    return f"<h4>{escape(label)}</h4>{readable_html(call.result)}"


def _shown_in(call: ToolCallRecord, answer: str) -> bool:
    shown = _SHOWN_IN_ANSWER.get(call.name)
    try:
        return bool(answer) and shown is not None and shown(call, answer)
    except (ValidationError, ValueError, TypeError, KeyError):
        return False  # a result the check cannot read is shown, in words


def tool_results_html(tool_calls: Sequence[ToolCallRecord], titles: Mapping[str, str], answer: str = "") -> str:
    """The tool results of a turn, each in its readable view, leaving out those ``answer`` already
    shows in full."""
    parts = []
    for call in tool_calls:
        if _shown_in(call, answer):
            continue
        renderer = _RENDERERS.get(call.name)
        try:
            parts.append(renderer(call, titles) if renderer else _fallback_html(call))
        except (ValidationError, ValueError, TypeError, KeyError):
            parts.append(_fallback_html(call))
    return "".join(parts)
