"""Criteria rows derived from the rule files: one cited row per criterion or general rule.

The eligibility engine evaluates the same ``rules_<version>.yaml`` records, so a threshold
changed there changes both the check and the answer to "what is the threshold".
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from assistant.criteria.indicators import find_indicators, load_indicators
from assistant.eligibility.rules import Criterion, RuleSet, available_versions, load_rules

ALL_TIERS = "全部层级"


class RowSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    doc_id: str
    locator: str


class CriterionRow(BaseModel):
    """One condition of one tier in one rule version, as the source words it."""

    model_config = ConfigDict(frozen=True)

    id: str
    tier: str
    rules: str
    indicator: str | None
    indicators: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()  # the company facts the criterion reads (comparable across versions)
    text: str
    value: float | None = None
    unit: str | None = None
    boundary: str | None = None  # the source's wording: 以上 / 不低于 / 不超过 …
    group: str  # the group's label, e.g. 基础条件 / 直通条件
    group_id: str
    alternatives: bool = False  # one of several ways to meet the group ("满足其一即可")
    required: bool = True  # False for informational groups (e.g. indicators with only max points)
    max_points: int | None = None
    note: str | None = None
    source: RowSource

    def public(self) -> dict[str, object]:
        """The row as ``zjtx criteria --json`` and ``GET /api/criteria`` give it."""
        return {
            "id": self.id, "tier": self.tier, "rules": self.rules, "indicator": self.indicator,
            "text": self.text, "value": self.value, "unit": self.unit, "boundary": self.boundary,
            "group": self.group, "alternatives": self.alternatives,
            "source": self.source.model_dump(),
        }


def _indicators_of(criterion: Criterion) -> tuple[str, ...]:
    fields = set(criterion.fields)
    names = [i.name for i in load_indicators().indicators
             if fields & set(i.fields) or criterion.group in i.groups]
    # a criterion the engine cannot check, or checks only by the company's word (the source gives no
    # threshold, and its note says so): named by its wording
    if not names and (not fields or criterion.note):
        names = find_indicators(criterion.description)
    return tuple(names)


def _rows_of(rules: RuleSet) -> list[CriterionRow]:
    rows: list[CriterionRow] = []
    for criterion in rules.criteria:
        tier = rules.tier(criterion.tier)
        group = tier.groups[criterion.group]
        leaf = criterion.condition.leaves()[0] if criterion.condition else None
        indicators = _indicators_of(criterion)
        rows.append(CriterionRow(
            id=criterion.id, tier=criterion.tier, rules=rules.version,
            indicator=indicators[0] if indicators else None, indicators=indicators,
            fields=tuple(criterion.fields), text=criterion.description,
            value=leaf.threshold if leaf else None, unit=leaf.unit if leaf else None,
            boundary=leaf.wording if leaf else None,
            group=group.label, group_id=criterion.group,
            alternatives=group.mode == "any",
            required=criterion.group in tier.requires.group_ids(),
            max_points=criterion.max_points, note=criterion.note,
            source=RowSource(**criterion.source.model_dump()),
        ))
    for rule in rules.general:
        rows.append(CriterionRow(
            id=rule.id, tier=rule.tier or ALL_TIERS, rules=rules.version, indicator=rule.indicator,
            indicators=(rule.indicator,), text=rule.description, value=rule.value, unit=rule.unit,
            group="通用规定", group_id="general", source=RowSource(**rule.source.model_dump()),
        ))
    return rows


@lru_cache(maxsize=1)
def criteria_rows() -> tuple[CriterionRow, ...]:
    """Every row of every rule version, in file order."""
    return tuple(row for version in available_versions() for row in _rows_of(load_rules(version)))
