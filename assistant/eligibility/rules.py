"""Rule sets as data: one YAML file per rule version, one cited record per criterion.

The code here only describes and loads the files; adding the 2027 rules means adding
``rules/rules_2027.yaml`` and its tests, not new branches.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from assistant.eligibility.profile import field_unit, is_known_fact

RULES_DIR = Path(__file__).resolve().parent / "rules"

Op = Literal["ge", "gt", "le", "lt", "top_n", "is_true", "is_false"]

# Chinese legal convention (民法典第1259条): 以上、以下、以内、不低于、不高于、不少于 include the
# boundary; 超过、低于、不满 exclude it. Every leaf states the wording of its source and the
# operator must agree with this table, so the convention is encoded exactly once.
WORDING_OPS: dict[str, Op] = {
    "以上": "ge",
    "不低于": "ge",
    "不少于": "ge",
    "达到": "ge",
    "至少": "ge",
    "以下": "le",
    "以内": "le",
    "不高于": "le",
    "不超过": "le",
    "超过": "gt",
    "超": "gt",
    "高于": "gt",
    "低于": "lt",
    "少于": "lt",
    "不满": "lt",
    "前": "top_n",  # 排名前三: rank 1..3
    "强": "top_n",  # 全国50强: within the top 50
    "是": "is_true",
    "符合": "is_true",  # 符合《中小企业划型标准规定》的企业
    # a restriction the company must not breach ("未被列入…名单", "不属于…淘汰类")
    "未": "is_false",
    "不属于": "is_false",
    "不得": "is_false",
}

_LOCATOR = re.compile(r"^L(\d+)-L(\d+)$")


class Citation(BaseModel):
    """A 1-based inclusive line range in a raw corpus document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    doc_id: str
    locator: str

    @field_validator("locator")
    @classmethod
    def _check_locator(cls, value: str) -> str:
        match = _LOCATOR.match(value)
        if not match or int(match.group(1)) > int(match.group(2)) or int(match.group(1)) < 1:
            raise ValueError(f"locator 应形如 L12-L15（起始行不大于结束行），收到：{value}")
        return value

    @property
    def lines(self) -> tuple[int, int]:
        match = _LOCATOR.match(self.locator)
        assert match
        return int(match.group(1)), int(match.group(2))


class Condition(BaseModel):
    """A leaf check on one fact, or all-of / any-of over sub-conditions."""

    model_config = ConfigDict(extra="forbid")

    field: str | None = None
    op: Op | None = None
    wording: str | None = None
    threshold: float | None = None
    unit: str | None = None
    source: Citation | None = None  # only when this leaf's number is cited elsewhere
    all_of: list[Condition] | None = None
    any_of: list[Condition] | None = None

    @model_validator(mode="after")
    def _check_shape(self) -> Condition:
        shapes = [self.field is not None, self.all_of is not None, self.any_of is not None]
        if sum(shapes) != 1:
            raise ValueError("条件须且只能是 field / all_of / any_of 之一")
        if self.field is None:
            return self
        if not is_known_fact(self.field):
            raise ValueError(f"未知的企业画像字段：{self.field}")
        if self.wording not in WORDING_OPS:
            raise ValueError(f"{self.field}: 用语 {self.wording!r} 不在约定表中")
        if self.op != WORDING_OPS[self.wording]:
            raise ValueError(
                f"{self.field}: 用语“{self.wording}”对应运算 {WORDING_OPS[self.wording]}，但写的是 {self.op}"
            )
        if (self.threshold is None) != (self.op in ("is_true", "is_false")):
            raise ValueError(f"{self.field}: 仅“是/未”类条件可以没有门槛值")
        if (self.unit or "") != field_unit(self.field):
            raise ValueError(
                f"{self.field}: 单位应为 {field_unit(self.field)!r}，写的是 {self.unit!r}"
            )
        return self

    def leaves(self) -> list[Condition]:
        if self.field is not None:
            return [self]
        return [leaf for child in (self.all_of or self.any_of or []) for leaf in child.leaves()]


class Criterion(BaseModel):
    """One requirement of one tier, with the passage it comes from."""

    model_config = ConfigDict(extra="forbid")

    id: str
    tier: str
    group: str
    description: str
    condition: Condition | None = None
    exemptions: list[Condition] = Field(default_factory=list)
    # For criteria the corpus does not let us evaluate: the indicator's maximum points,
    # or a note saying what the corpus leaves out. Never invent the missing brackets.
    max_points: int | None = None
    note: str | None = None
    # checked only when the company states one of its facts (a restriction such as 严重失信: nobody
    # is presumed to breach it, and asking every user about it would hide the figures that matter)
    when_stated: bool = False
    source: Citation

    @model_validator(mode="after")
    def _check_evaluable(self) -> Criterion:
        if self.condition is None and self.max_points is None and self.note is None:
            raise ValueError(f"{self.id}: 无条件的准则须说明 max_points 或 note")
        if self.condition is None and self.exemptions:
            raise ValueError(f"{self.id}: 豁免只能附在可判断的条件上")
        return self

    def condition_leaves(self) -> list[Condition]:
        """The leaves of the condition itself, without the exemptions'."""
        return self.condition.leaves() if self.condition else []

    @property
    def fields(self) -> list[str]:
        """The profile facts this criterion reads, in order of first use."""
        names: list[str] = []
        conditions = ([self.condition] if self.condition else []) + self.exemptions
        for condition in conditions:
            for leaf in condition.leaves():
                if leaf.field and leaf.field not in names:
                    names.append(leaf.field)
        return names


class Requirement(BaseModel):
    """all-of / any-of over group ids or nested requirements."""

    model_config = ConfigDict(extra="forbid")

    all_of: list[str | Requirement] | None = None
    any_of: list[str | Requirement] | None = None

    @model_validator(mode="after")
    def _check_shape(self) -> Requirement:
        if (self.all_of is None) == (self.any_of is None):
            raise ValueError("requires 须且只能是 all_of 或 any_of")
        return self

    def group_ids(self) -> list[str]:
        ids: list[str] = []
        for item in self.all_of or self.any_of or []:
            ids.extend([item] if isinstance(item, str) else item.group_ids())
        return ids

    def alternatives_to(self, group_id: str) -> list[str]:
        """The groups that meet the requirement in place of ``group_id`` (评价得分 or 直通条件)."""
        items = self.all_of or self.any_of or []
        if self.any_of is not None and group_id in items:
            return [i for i in items if isinstance(i, str) and i != group_id]
        return [g for item in items if isinstance(item, Requirement) for g in item.alternatives_to(group_id)]


class GroupSpec(BaseModel):
    """A set of criteria combined all-of or any-of; groups not named in ``requires`` are informational."""

    model_config = ConfigDict(extra="forbid")

    mode: Literal["all", "any"]
    label: str
    # a yes/no fact by which the company says whether any member applies ("也没有直通条件"): "no"
    # decides the members no stated figure decides, so they are not asked for
    stated_by: str | None = None
    # filled only by an earlier version's rows the company states (2026: the 2022 基本要求, which the
    # report does not restate), so it may have no criteria of its own
    carried: bool = False


class TierRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    requires: Requirement
    groups: dict[str, GroupSpec]

    @model_validator(mode="after")
    def _check_groups(self) -> TierRules:
        unknown = set(self.requires.group_ids()) - set(self.groups)
        if unknown:
            raise ValueError(f"{self.name}: requires 引用了未定义的分组 {sorted(unknown)}")
        return self


class Note(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    source: Citation


class GeneralRule(BaseModel):
    """A rule that is not checked against a profile (validity, updates, revocation, procedure), for
    every tier or for one."""

    model_config = ConfigDict(extra="forbid")

    id: str
    indicator: str
    description: str
    tier: str | None = None  # a procedure of one tier (who recognises it); None: every tier
    value: float | None = None
    unit: str | None = None
    source: Citation


class RuleSet(BaseModel):
    """All tiers and criteria of one rule version."""

    model_config = ConfigDict(extra="forbid")

    version: str
    title: str
    short_title: str  # the version in a few words, for a verdict line
    effective_from: date | None = None
    effective_source: Citation | None = None
    not_checked: Note | None = None
    tiers: list[TierRules]
    criteria: list[Criterion]
    general: list[GeneralRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_references(self) -> RuleSet:
        tiers = {t.name: t for t in self.tiers}
        seen: set[str] = set()
        for criterion in self.criteria:
            if criterion.id in seen:
                raise ValueError(f"准则 id 重复：{criterion.id}")
            seen.add(criterion.id)
            tier = tiers.get(criterion.tier)
            if tier is None:
                raise ValueError(f"{criterion.id}: 未定义的层级 {criterion.tier}")
            if criterion.group not in tier.groups:
                raise ValueError(
                    f"{criterion.id}: 层级 {criterion.tier} 没有分组 {criterion.group}"
                )
        for tier in self.tiers:
            empty = [
                g
                for g, spec in tier.groups.items()
                if not spec.carried and not any(c.tier == tier.name and c.group == g for c in self.criteria)
            ]
            if empty:
                raise ValueError(f"{tier.name}: 分组 {empty} 没有准则")
        return self

    def tier(self, name: str) -> TierRules:
        for tier in self.tiers:
            if tier.name == name:
                return tier
        raise KeyError(name)

    def criteria_for(self, tier: str) -> list[Criterion]:
        return [c for c in self.criteria if c.tier == tier]


def available_versions() -> list[str]:
    return sorted(p.stem.removeprefix("rules_") for p in RULES_DIR.glob("rules_*.yaml"))


@lru_cache(maxsize=8)
def load_rules(version: str) -> RuleSet:
    """The rule set of ``version`` ("2022", "2026", …), validated."""
    path = RULES_DIR / f"rules_{version}.yaml"
    if not path.exists():
        raise ValueError(f"没有 {version} 年的规则；可用：{'、'.join(available_versions())}")
    rules = RuleSet.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if rules.version != version:
        raise ValueError(f"{path.name} 声明的版本是 {rules.version}")
    return rules


def version_in_force(today: date) -> str:
    """The latest rule version whose effective date is on or before ``today``.

    A version without ``effective_from`` counts as in force from the beginning of time.
    """
    in_force = [
        (rules.effective_from or date.min, rules.version)
        for rules in map(load_rules, available_versions())
        if (rules.effective_from or date.min) <= today
    ]
    if not in_force:
        raise ValueError(f"{today} 没有在施行的规则")
    return max(in_force)[1]


@lru_cache(maxsize=1)
def when_stated_fields() -> frozenset[str]:
    """The facts read only when a user states them (the restrictions), in any version."""
    return frozenset(name for version in available_versions() for c in load_rules(version).criteria
                     if c.when_stated for name in c.fields)


@lru_cache(maxsize=1)
def unmet_values() -> dict[str, bool]:
    """For each fact read only when stated, the value that misses its condition (a restriction's
    breach: True; the basic requirement's miss: False)."""
    return {leaf.field: leaf.op == "is_false" for version in available_versions() for c in load_rules(version).criteria
            if c.when_stated for leaf in c.condition_leaves() if leaf.field and leaf.op in ("is_true", "is_false")}


def said_met(facts: dict[str, Any]) -> set[str]:
    """The facts among ``facts`` that say a condition checked only when stated is met (an ownership
    said: 基本要求; 没上过失信名单: 限制条件)."""
    unmet = unmet_values()
    return {name for name, value in facts.items() if name in unmet and value != unmet[name]}
