"""制造业单项冠军: its application conditions as a report states them, checked where the company's words allow.

The corpus has no rule text for 单项冠军, only one report's account of its conditions
(``rules/champion.yaml``). That account is cited data like the tiers' rows, but it cannot give a
full verdict: most conditions hold no figure to compare. A condition a stated fact breaks
(前年被环保处罚过 → 近三年无环境、质量、安全违法记录) makes the answer 不符合; otherwise it is
尚无法确定, with what was met and what the company must check itself. It had said
"知识库未提供单项冠军的认定条件" although the report lists them (blind25, blind26).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.eligibility.evaluate import evaluate_condition
from assistant.eligibility.facts import Facts
from assistant.eligibility.profile import CompanyProfile
from assistant.eligibility.rules import Citation, Condition

CHAMPION_FILE = Path(__file__).with_name("rules") / "champion.yaml"


class ChampionCriterion(BaseModel):
    """One application condition, cited; ``condition`` when a company's fact can be checked against it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    description: str
    condition: Condition | None = None
    note: str | None = None
    # only a pass is read ("10年及以上，新产品3年及以上": fewer than 10 years may still qualify)
    pass_only: bool = False
    when_short: str | None = None  # what a pass_only condition's shortfall means
    asked_by: list[str] = Field(default_factory=list)
    source: Citation


class ChampionRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    honour: str
    account: str
    criteria: list[ChampionCriterion]


@lru_cache(maxsize=1)
def load_champion_rules() -> ChampionRules:
    return ChampionRules.model_validate(yaml.safe_load(CHAMPION_FILE.read_text(encoding="utf-8")))


@dataclass
class ChampionCheck:
    """What the company's stated facts say of each condition, and the conditions the question names."""

    failed: list[tuple[ChampionCriterion, str]] = field(default_factory=list)
    short: list[tuple[ChampionCriterion, str]] = field(default_factory=list)  # pass_only ones missed
    met: list[tuple[ChampionCriterion, str]] = field(default_factory=list)
    asked: list[ChampionCriterion] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        return "不符合" if self.failed else "尚无法确定"

    def result(self) -> dict[str, object]:
        """The check as the eligibility tool reports one (verdict fail / unknown, each condition's status)."""
        rules = load_champion_rules()
        status = {**{c.id: "fail" for c, _ in self.failed}, **{c.id: "pass" for c, _ in self.met}}
        return {"tier": rules.honour, "rules": rules.account, "verdict": "fail" if self.failed else "unknown",
                "criteria": [{"id": c.id, "description": c.description, "status": status.get(c.id, "unknown"),
                              "source": c.source.model_dump()} for c in rules.criteria]}


def asked_conditions(question: str) -> list[ChampionCriterion]:
    """The conditions the asking clause names ("做了12年…盈利这条过得去吗" asks 盈利); the clauses before it
    state facts ("研发投入3000万，能评单项冠军吗" asks no 研发 condition)."""
    clauses = [c for c in re.split(r"[，,。；;！!？?]", question) if c.strip()]
    return [c for c in load_champion_rules().criteria if clauses and any(word in clauses[-1] for word in c.asked_by)]


def check_champion(profile: CompanyProfile, question: str) -> ChampionCheck:
    """The stated facts against each checkable condition (the others stay open), and the conditions asked."""
    facts, check = Facts(profile), ChampionCheck(asked=asked_conditions(question))
    for criterion in load_champion_rules().criteria:
        if criterion.condition is None:
            continue
        outcome = evaluate_condition(criterion.condition, facts)
        if outcome.status == "fail":
            (check.short if criterion.pass_only else check.failed).append((criterion, "；".join(outcome.gaps)))
        elif outcome.status == "pass":
            check.met.append((criterion, "；".join(outcome.shown)))
    return check
