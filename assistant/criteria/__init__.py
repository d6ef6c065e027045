"""Policy criteria as cited rows: every tier's conditions in every rule version, one source of truth
shared with the eligibility engine (both read ``assistant/eligibility/rules/rules_<version>.yaml``)."""

from assistant.criteria.indicators import Indicator, find_indicator, load_indicators
from assistant.criteria.lookup import CriteriaLookup, lookup_criteria
from assistant.criteria.rows import CriterionRow, criteria_rows

__all__ = [
    "CriteriaLookup",
    "CriterionRow",
    "Indicator",
    "criteria_rows",
    "find_indicator",
    "load_indicators",
    "lookup_criteria",
]
