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
from assistant.eligibility.rules import load_rules

# a clause asking about one condition: "营收这条满足吗", "研发这关过得了吗", "市场占有率条件满足吗"
_NARROW = re.compile(r"这条|这关|这项|这一条|这个条件|条件满足|要求满足|满足吗|满足不|够不够|够吗|过得了|能过|能不能过|怎么算"
                     r"|满足[^，,。？?]{0,12}(?:要求|条件|门槛)吗|符合[^，,。？?]{0,12}(?:要求|条件|门槛)吗|行不行|达标吗")
_CLAUSE = re.compile(r"[，,。；;！!？?]")


class FocusResult(BaseModel):
    indicator: str
    verdict: str  # pass / fail / unknown, as the report's verdict
    criteria: list[CriterionResult]


def asked_indicator(text: str) -> str | None:
    """The indicator named in the clause that asks about one condition, if any."""
    for clause in _CLAUSE.split(text):
        if _NARROW.search(clause):
            names = find_indicators(clause)
            if DIRECT in names:  # "评分这关能靠直通过吗": the direct-pass route is what is asked
                return DIRECT
            if names:
                return names[0]
    return None


def focus_on(report: EligibilityReport, indicator: str) -> FocusResult | None:
    names = set(load_indicators().expand(indicator))
    ids = {r.id for r in criteria_rows() if r.rules == report.rules and r.tier == report.tier
           and names & set(r.indicators) and (indicator == DIRECT or DIRECT not in r.indicators)}
    chosen = [c for c in report.criteria if c.id in ids]
    required = set(load_rules(report.rules).tier(report.tier).requires.group_ids())
    if any(c.group in required for c in chosen):
        # a scored indicator ("主营业务收入占比（专业化）") is not the condition asked about
        chosen = [c for c in chosen if c.group in required]
    if not chosen:
        return None
    # the direct-pass routes are alternatives: one met is enough
    verdict = combine((c.status for c in chosen), "any" if indicator == DIRECT else "all")
    return FocusResult(indicator=indicator, verdict=verdict, criteria=chosen)
