"""Reward rows as table rows and chart bars (奖励查询), and the reviewer's view of extracted rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from assistant.rewards import RewardRow
from assistant.rewards.extract import AUTO_MARK
from assistant.rewards.review import StoredReward
from ui.gradio.formatting.escaping import plain_number, source_label
from ui.gradio.formatting.reward_kinds import (
    CHARTED_KINDS,
    KIND_WORDS,
    LEFT_OUT_REASONS,
    amount_kind,
)

# 金额 is the source's words; 性质 says whether it is a grant, a range or a cap; 金额（万元）
# is the figure rows are compared by (a range's upper bound) and stays a number for sorting
REWARD_HEADERS = ["地区", "称号", "金额", "性质", "金额（万元）", "条件与说明", "政策文件", "出处"]
ColumnType = Literal["str", "number"]
REWARD_TYPES: list[ColumnType] = ["str", "str", "str", "str", "number", "str", "str", "str"]
# the long text columns get the room; the table fits the page and wraps instead of scrolling sideways
REWARD_COLUMN_WIDTHS: list[str | int] = ["9%", "14%", "10%", "8%", "6%", "20%", "16%", "17%"]
BLANK = "—"
CHART_X, CHART_Y, CHART_KIND, CHART_TEXT = "地区·称号", "金额（万元）", "金额性质", "原文金额"
CHART_COLUMNS = [CHART_X, CHART_Y, CHART_KIND, CHART_TEXT]
# a bar that is not a fixed grant says so in its label too, not only by its colour
CHART_LABEL_MARKS: dict[str, str] = {"range": "（区间）", "cap": "（上限）", "floor": "（下限）"}
CHART_COLORS: dict[str, str] = {
    KIND_WORDS["fixed"]: "#dc2626", KIND_WORDS["range"]: "#f59e0b",
    KIND_WORDS["cap"]: "#94a3b8", KIND_WORDS["floor"]: "#0ea5e9",
}
REVIEW_HEADERS = ["编号", "状态", "地区", "称号", "金额", "下限（万元）", "上限（万元）", "原文句子", "出处"]
# the widths sum to the table's: 出处 had run off its right edge (trial 46)
REVIEW_COLUMN_WIDTHS: list[str | int] = ["10%", "8%", "7%", "14%", "7%", "6%", "6%", "24%", "18%"]
REVIEW_STATUS_WORDS: dict[str, str] = {"auto": "待核对（自动提取、未经人工核对）", "reviewed": "已核对", "rejected": "已拒绝"}
_REVIEW_ORDER = {"auto": 0, "reviewed": 1, "rejected": 2}


def reward_table_rows(rows: Sequence[RewardRow], titles: Mapping[str, str],
                      regions: Sequence[str] | None = None) -> list[list[Any]]:
    """One list per reward row in ``REWARD_HEADERS`` order (numbers stay numbers for sorting);
    ``regions``, when given, is each row's region as shown (marked 上级参考)."""
    return [
        [
            regions[index] if regions is not None else row.region,
            row.title,
            _amount_cell(row),
            KIND_WORDS[amount_kind(row)],
            plain_number(row.sort_amount),
            row.conditions or BLANK,
            row.policy or BLANK,
            source_label(row.source.doc_id, row.source.locator, titles),
        ]
        for index, row in enumerate(rows)
    ]


# an amount read from an added notice by the program and not yet checked is marked in its own cell: on a phone
# the conditions column, where the full mark is, is off screen (trial 43)
UNCHECKED_AMOUNT = "{amount}（待核对）"


def _amount_cell(row: RewardRow) -> str:
    amount = row.amount_text or BLANK
    return UNCHECKED_AMOUNT.format(amount=amount) if AUTO_MARK in row.conditions else amount


def reward_chart_records(rows: Sequence[RewardRow]) -> list[dict[str, Any]]:
    """Bars for the rows that state one region's grant: the amount, a range's upper bound or a
    cap, each marked by its kind. Summary rows (全国) and cumulative caps are left out
    (:func:`chart_left_out` names them).

    A bar is labelled by what varies: the region when all rows share one honour, the
    honour when they share one region, else both.
    """
    charted = [row for row in rows if amount_kind(row) in CHARTED_KINDS]
    records: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    one_title = len({r.title for r in charted}) == 1
    one_region = len({r.region for r in charted}) == 1
    for row in charted:
        label = row.region if one_title else row.title if one_region else f"{row.region}·{row.title}"
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # the same region × honour twice (e.g. two tiers of one policy)
            label = f"{label}（{seen[label]}）"
        kind = amount_kind(row)
        records.append({CHART_X: label + CHART_LABEL_MARKS.get(kind, ""), CHART_Y: row.sort_amount,
                        CHART_KIND: KIND_WORDS[kind], CHART_TEXT: row.amount_text})
    return records


def chart_left_out(rows: Sequence[RewardRow]) -> str:
    """The note under the chart: the rows with an amount that it does not draw, and why."""
    left = [row for row in rows if row.sort_amount is not None and amount_kind(row) not in CHARTED_KINDS]
    if not left:
        return ""
    items = "；".join(
        f"{row.region}（{row.title}）“{row.amount_text}”——{LEFT_OUT_REASONS.get(kind, KIND_WORDS[kind])}"
        for row in left for kind in [amount_kind(row)]
    )
    return f"图中未画出：{items}。"


def review_order(records: Sequence[StoredReward]) -> list[StoredReward]:
    """Rows awaiting review first, then reviewed, then rejected (stable within each)."""
    return sorted(records, key=lambda r: _REVIEW_ORDER.get(r.status, len(_REVIEW_ORDER)))


def review_table_rows(records: Sequence[StoredReward], titles: Mapping[str, str]) -> list[list[Any]]:
    """One list per extracted row in ``REVIEW_HEADERS`` order, pending rows first."""
    return [
        [
            record.id,
            REVIEW_STATUS_WORDS.get(record.status, record.status),
            record.row.region,
            record.row.title,
            record.row.amount_text,
            plain_number(record.row.amount_min),
            plain_number(record.row.amount_max),
            record.extracted.sentence,
            source_label(record.row.source.doc_id, record.row.source.locator, titles),
        ]
        for record in review_order(records)
    ]


def review_choice(record: StoredReward) -> tuple[str, str]:
    """(label, id) for the reviewer's row picker."""
    status = REVIEW_STATUS_WORDS.get(record.status, record.status).split("（")[0]
    return f"{record.id} · {record.row.region} · {record.row.title} · {record.row.amount_text}（{status}）", record.id
