"""The company-facts set: well formed, and scored as the chat reads a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.eligibility.profile import CompanyProfile
from evals.facts import FACTS_CASES, load_fact_cases, score_case
from evals.strict import split_half

FACT_SETS = [FACTS_CASES, *(FACTS_CASES.parent.parent / name / "cases.yaml" for name in ("facts_blind2", "facts_blind3"))]


@pytest.mark.parametrize("path", FACT_SETS, ids=lambda p: p.parent.name)
def test_the_set_names_only_profile_fields_with_values_of_their_kind(path: Path) -> None:
    cases = load_fact_cases(path)
    assert len(cases) >= 50 and len({c["id"] for c in cases}) == len(cases)
    assert {split_half(c["id"]) for c in cases} == {"dev", "test"}
    for case in cases:
        for name, value in (case.get("expected") or {}).items():
            assert name in CompanyProfile.model_fields, f"{case['id']}: {name} 不是公司情况字段"
            CompanyProfile.model_validate({name: value})  # a value the profile can hold


def test_a_case_is_wrong_when_a_stated_fact_is_read_otherwise() -> None:
    right, problems = score_case({"id": "x", "text": "去年营收1200万", "expected": {"revenue_last_year": 1300}})
    assert not right and "revenue_last_year" in problems[0]
    assert score_case({"id": "y", "text": "去年營收1200萬", "expected": {"revenue_last_year": 1200}}) == (True, [])
