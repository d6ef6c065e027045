"""What kind of figure a reward row states: a fixed grant, a range, a cap, a cumulative cap
or a nationwide summary, so the table says so and the chart never draws a cap as a grant."""

from __future__ import annotations

from typing import Literal

from assistant.rewards import RewardRow
from assistant.rewards.regions import load_regions

AmountKind = Literal["fixed", "range", "cap", "floor", "cumulative", "summary", "none"]

KIND_WORDS: dict[AmountKind, str] = {
    "fixed": "定额",
    "range": "区间（取上限）",
    "cap": "上限（最高/不超过）",
    "floor": "下限（不低于）",
    "cumulative": "累计上限（含上级奖励）",
    "summary": "各地概括（非某地标准）",
    "none": "未列金额",
}
# why a row with an amount is not drawn as a bar
LEFT_OUT_REASONS: dict[AmountKind, str] = {
    "cumulative": "累计上限，含上级奖励资金，不是单独一笔奖励",
    "summary": "各地情况的概括，不是某地的标准",
}
# drawn as bars; the others are not a grant of one region and are listed under the chart
CHARTED_KINDS: tuple[AmountKind, ...] = ("fixed", "range", "cap", "floor")
_CUMULATIVE_WORDS = ("累计", "含上级")


def amount_kind(row: RewardRow) -> AmountKind:
    """The kind of the row's figure, read from its region, its amounts and the source's words."""
    if load_regions().is_summary(row.region):
        return "summary"
    if row.sort_amount is None:
        return "none"
    if any(word in row.amount_text or word in row.conditions for word in _CUMULATIVE_WORDS):
        return "cumulative"
    if row.amount_min is None:
        return "cap"
    if row.amount_max is None:
        return "floor"
    return "fixed" if row.amount_min == row.amount_max else "range"
