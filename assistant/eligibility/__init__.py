"""Eligibility engine: deterministic, cited, criterion-by-criterion checks for the three tiers.

Rules are data (``rules/rules_<version>.yaml``); this package evaluates them three-valued
(pass / fail / unknown) against a typed :class:`CompanyProfile`.
"""

from assistant.eligibility.engine import CriterionResult, EligibilityReport, check_eligibility
from assistant.eligibility.intent import looks_like_eligibility_question
from assistant.eligibility.markdown import format_report_markdown
from assistant.eligibility.parse import (
    extract_profile_from_text,
    extract_request_from_messages,
)
from assistant.eligibility.profile import CompanyProfile
from assistant.eligibility.rules import Citation, load_rules, version_in_force
from assistant.eligibility.tiers import INNOVATIVE, LITTLE_GIANT, SPECIALIZED, TIERS
from assistant.eligibility.tool import make_check_eligibility_tool

__all__ = [
    "INNOVATIVE",
    "LITTLE_GIANT",
    "SPECIALIZED",
    "TIERS",
    "Citation",
    "CompanyProfile",
    "CriterionResult",
    "EligibilityReport",
    "check_eligibility",
    "extract_profile_from_text",
    "extract_request_from_messages",
    "format_report_markdown",
    "load_rules",
    "looks_like_eligibility_question",
    "make_check_eligibility_tool",
    "version_in_force",
]
