"""Narrow eligibility questions ("营收这条满足吗？"): the verdict on the asked condition alone.

The criteria a condition covers are found through the criteria rows' indicators, so the
focus uses the same vocabulary as ``lookup_criteria``.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.criteria.indicators import find_indicators, load_indicators
from assistant.criteria.lookup import DIRECT
from assistant.criteria.rows import criteria_rows
from assistant.eligibility.engine import CriterionResult, EligibilityReport
from assistant.eligibility.evaluate import combine
from assistant.eligibility.parse import extract_profile_from_text
from assistant.eligibility.rules import load_rules, when_stated_fields

# "这条", "这一关": one condition pointed at (named in the clause, or stated in the one before)
_THIS_ONE = r"这条|这关|这项|这一条|这一关|这一项|这个条件"
_POINTS_BACK = re.compile(_THIS_ONE)
# a clause asking about one condition: "营收这条满足吗", "研发这关过得了吗", "市场占有率条件满足吗"
_NARROW = re.compile(_THIS_ONE + r"|条件满足|要求满足|满足吗|满足不|够不够|够吗|是不是不够|不够吧|过得了|能过|能不能过|怎么算"
                     r"|过得去|过关|算过|会不会卡|卡住|会不会影响|影不影响|有没有影响|有影响吗|算(?:是)?(?:满足|达标|符合|通过)(?:了)?(?:吧|吗)|满足了吧"
                     r"|满足[^，,。？?]{0,12}(?:要求|条件|门槛)吗|符合[^，,。？?]{0,12}(?:要求|条件|门槛)吗|行不行|达标吗")
_CLAUSE = re.compile(r"[，,。；;！!？?]")
_AND = "和"  # indicators asked together ("营业收入和研发费用")


class FocusResult(BaseModel):
    indicator: str
    indicators: list[str]  # each asked indicator that covers a condition
    verdict: str  # pass / fail / unknown, as the report's verdict
    criteria: list[CriterionResult]


def asked_indicators(text: str) -> list[str]:
    """The indicators named in the clause that asks about conditions ("营收和研发能达标吗" →
    营业收入, 研发费用), in the order named; none when no clause asks about a condition."""
    clauses = _CLAUSE.split(text)
    for i, clause in enumerate(clauses):
        if _NARROW.search(clause):
            # "…主营收入只占总营收的65%，这条行不行？": 这条 points at the clause before
            names = find_indicators(clause) or (_stated_in(clauses[i - 1]) if i and _POINTS_BACK.search(clause) else [])
            if not names and i:
                # "我们I类知识产权只有2件，是不是不够？": the one condition the message states a fact of is asked
                stated = _read_by_facts("，".join(clauses[:i]))
                names = stated if len(stated) == 1 else []
            if DIRECT in names:  # "评分这关能靠直通过吗": the direct-pass route is what is asked
                return [DIRECT]
            if names:
                return names
    return []


def _stated_in(clause: str) -> list[str]:
    """The indicators reading the facts a clause states ("主营收入只占总营收的65%" → 主营业务收入占比),
    else those it names."""
    return _read_by_facts(clause) or find_indicators(clause)


def _read_by_facts(text: str) -> list[str]:
    """The indicators reading the facts ``text`` states; a fact checked only when stated (我们是民营企业,
    没上过失信名单) is background beside a figure, not the condition asked."""
    fields = set(extract_profile_from_text(text)[0])
    fields = (fields - when_stated_fields()) or fields
    return [i.name for i in load_indicators().indicators if fields & set(i.fields)]


def _rows_of(report: EligibilityReport, indicator: str) -> set[str]:
    """The ids of the report's rows the indicator covers, the version's own and those it carries
    over from an earlier one (the 2022 基本要求 in a 2026 check)."""
    names = set(load_indicators().expand(indicator))
    carried = {c.id for c in report.criteria if c.carried_from}
    return {r.id for r in criteria_rows() if (r.rules == report.rules or r.id in carried) and r.tier == report.tier
            and names & set(r.indicators) and (indicator == DIRECT or DIRECT not in r.indicators)}


def focus_on(report: EligibilityReport, indicators: list[str]) -> FocusResult | None:
    """The verdict on the conditions the asked indicators cover (all of them: "营收和研发" asks both)."""
    found = [(name, ids) for name in indicators if (ids := _rows_of(report, name))]
    ids = set().union(*(ids for _, ids in found))
    chosen = [c for c in report.criteria if c.id in ids]
    required = set(load_rules(report.rules).tier(report.tier).requires.group_ids())
    if any(c.group in required for c in chosen):
        # a scored indicator ("主营业务收入占比（专业化）") is not the condition asked about
        chosen = [c for c in chosen if c.group in required]
    covered = {name: {c.id for c in chosen if c.id in ids} for name, ids in found}
    # "营收这一条基础条件算满足吗": a group holding the asked condition (基础条件 ⊃ 营业收入) is no second ask
    named = [name for name, mine in covered.items() if mine and not any(other and other < mine
                                                                         for other in covered.values())]
    chosen = [c for c in chosen if any(c.id in covered[name] for name in named)]
    if not chosen:
        return None
    # the direct-pass routes are alternatives: one met is enough
    verdict = combine((c.status for c in chosen), "any" if named == [DIRECT] else "all")
    return FocusResult(indicator=_AND.join(named), indicators=named, verdict=verdict, criteria=chosen)
