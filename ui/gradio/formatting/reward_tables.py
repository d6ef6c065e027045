"""Reward rows as table rows and chart bars (奖励查询), and the reviewer's view of extracted rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from assistant.rewards import RewardRow
from assistant.rewards.review import StoredReward
from ui.gradio.formatting.escaping import plain_number, source_label

REWARD_HEADERS = ["地区", "称号", "金额", "下限（万元）", "上限（万元）", "条件与说明", "政策文件", "出处"]
ColumnType = Literal["str", "number"]
REWARD_TYPES: list[ColumnType] = ["str", "str", "str", "number", "number", "str", "str", "str"]
CHART_X, CHART_Y = "地区·称号", "金额（万元）"
REVIEW_HEADERS = ["编号", "状态", "地区", "称号", "金额", "下限（万元）", "上限（万元）", "原文句子", "出处"]
REVIEW_STATUS_WORDS: dict[str, str] = {"auto": "待核对（自动提取、未经人工核对）", "reviewed": "已核对", "rejected": "已拒绝"}
_REVIEW_ORDER = {"auto": 0, "reviewed": 1, "rejected": 2}


def reward_table_rows(rows: Sequence[RewardRow], titles: Mapping[str, str]) -> list[list[Any]]:
    """One list per reward row in ``REWARD_HEADERS`` order (numbers stay numbers for sorting)."""
    return [
        [
            row.region,
            row.title,
            row.amount_text,
            plain_number(row.amount_min),
            plain_number(row.amount_max),
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
