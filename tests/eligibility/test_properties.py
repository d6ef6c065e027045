"""Invariants of the engine, checked on generated profiles for every tier and rule version.

* More revenue or more R&D never turns a pass into a fail (with the R&D ratio held: a bigger
  revenue at the same R&D expense legitimately lowers a derived ratio).
* Forgetting a fact never turns a fail into a pass (or a pass into a fail): it can only make
  a result unknown.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.eligibility import CompanyProfile, check_eligibility
from assistant.eligibility.evaluate import Status

COMBINATIONS = [
    (rules, tier) for rules in ("2022", "2026") for tier in ("创新型", "专精特新", "小巨人")
]
AMOUNT_EDGES = [0, 80, 99.99, 100, 500, 1000, 1200, 1500, 2000, 5000, 6000]


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


amounts = _optional(st.one_of(st.sampled_from(AMOUNT_EDGES), st.floats(0, 20000, allow_nan=False)))
percents = _optional(st.one_of(st.sampled_from([0, 2.99, 3, 10, 70, 100]), st.floats(0, 100)))
flags = _optional(st.booleans())
scores = _optional(st.one_of(st.sampled_from([15, 20, 50, 60]), st.floats(0, 100)))

profiles = st.fixed_dictionaries(
    {},
    optional={
        "revenue_last_year": amounts,
        "revenue_year_before": amounts,
        "rd_expense_last_year": amounts,
        "rd_expense_year_before": amounts,
        "rd_expense_2y_total": amounts,
        "rd_ratio_last_year": percents,
        "rd_ratio_year_before": percents,
        "equity_financing_2y": amounts,
        "equity_financing_3y": amounts,
        "years_in_niche": _optional(st.sampled_from([0, 1.5, 2, 3, 10])),
        "main_business_ratio": percents,
        "main_business_growth_2y_avg": _optional(st.floats(-100, 200)),
        "debt_ratio": percents,
        "market_share_pct": percents,
        "domestic_rank": _optional(st.integers(1, 10)),
        "market_position_leading": flags,
        "i_class_ip_count": _optional(st.integers(0, 6)),
        "national_award_rank_3y": _optional(st.integers(0, 8)),
        "provincial_award_rank_3y": _optional(st.integers(0, 8)),
        "sci_award_3y": flags,
        "high_tech_enterprise": flags,
        "provincial_rd_institution": flags,
        "has_rd_institution": flags,
        "maker_china_top_n_3y": _optional(st.sampled_from([0, 50, 500, 1000])),
        "core_business_it_system": flags,
        "management_certification": flags,
        "own_brand": flags,
        "key_industry_chain_position": flags,
        "key_field_product": flags,
        "evaluation_score": scores,
        "innovation_score": scores,
        "growth_score": scores,
        "specialization_score": scores,
        "quality_score": scores,
    },
)

# no example database: tests write nothing outside a temp dir
FAST = settings(
    max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


def _statuses(data: dict[str, Any]) -> dict[tuple[str, str, str], Status]:
    """Verdict and every criterion's status, keyed by (rules, tier, criterion id or "verdict")."""
    profile = CompanyProfile(**data)
    found: dict[tuple[str, str, str], Status] = {}
    for rules, tier in COMBINATIONS:
        report = check_eligibility(profile, tier=tier, rules=rules)
        found[(rules, tier, "verdict")] = report.verdict
        found.update({(rules, tier, c.id): c.status for c in report.criteria})
    return found


def _never_pass_to_fail(before: dict, after: dict, what: str) -> None:
    for key, status in before.items():
        if status == "pass":
            assert after[key] != "fail", f"{what} turned {key} from pass into fail"


def _raised(
    data: dict[str, Any], fields: tuple[str, ...], delta: float, cap: float | None = None
) -> dict:
    raised = dict(data)
    for name in fields:
        if raised.get(name) is not None:
            value = raised[name] + delta
            raised[name] = min(value, cap) if cap is not None else value
    return raised


@FAST
@given(profiles, st.floats(0, 5000))
def test_more_rd_never_turns_pass_into_fail(data: dict[str, Any], delta: float) -> None:
    after = _raised(
        data, ("rd_expense_last_year", "rd_expense_year_before", "rd_expense_2y_total"), delta
    )
    after = _raised(after, ("rd_ratio_last_year", "rd_ratio_year_before"), delta / 100, cap=100)
    _never_pass_to_fail(_statuses(data), _statuses(after), f"raising R&D by {delta}")


@FAST
@given(profiles, st.floats(0, 20000))
def test_more_revenue_never_turns_pass_into_fail_when_ratio_is_stated(
    data: dict[str, Any], delta: float
) -> None:
    data = {
        k: v for k, v in data.items() if k not in ("rd_expense_last_year", "rd_expense_year_before")
    }
    after = _raised(data, ("revenue_last_year", "revenue_year_before"), delta)
    _never_pass_to_fail(_statuses(data), _statuses(after), f"raising revenue by {delta}")


@FAST
@given(profiles, st.floats(1, 10))
def test_growing_revenue_and_rd_together_never_turns_pass_into_fail(
    data: dict[str, Any], factor: float
) -> None:
    after = dict(data)
    for name in (
        "revenue_last_year",
        "revenue_year_before",
        "rd_expense_last_year",
        "rd_expense_year_before",
        "rd_expense_2y_total",
    ):
        if after.get(name) is not None:
            after[name] = after[name] * factor
    _never_pass_to_fail(_statuses(data), _statuses(after), f"scaling revenue and R&D by {factor}")


@FAST
@given(profiles, st.data())
def test_removing_a_fact_only_moves_towards_unknown(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    stated = sorted(k for k, v in data.items() if v is not None)
    if not stated:
        return
    removed = draw.draw(st.sampled_from(stated))
    before = _statuses(data)
    after = _statuses({k: v for k, v in data.items() if k != removed})
    for key, status in before.items():
        if status == "fail":
            assert after[key] != "pass", f"removing {removed} turned {key} from fail into pass"
        if status == "pass":
            assert after[key] != "fail", f"removing {removed} turned {key} from pass into fail"


@FAST
@given(profiles)
def test_unknown_verdict_or_criteria_never_hide_a_fail(data: dict[str, Any]) -> None:
    """A verdict of pass needs no unknowns in what it counts; a stated fail is never reported as unknown-free pass."""
    profile = CompanyProfile(**data)
    for rules, tier in COMBINATIONS:
        report = check_eligibility(profile, tier=tier, rules=rules)
        if report.verdict == "pass":
            assert report.missing_fields == []
        if report.verdict == "unknown":
            assert report.missing_fields or any(c.status == "unknown" for c in report.criteria)
