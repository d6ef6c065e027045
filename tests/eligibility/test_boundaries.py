"""Boundaries under the Chinese legal convention: 以上/不低于/不高于 include the number itself."""

from __future__ import annotations

import pytest

from assistant.eligibility import CompanyProfile, check_eligibility
from assistant.eligibility.evaluate import evaluate_condition
from assistant.eligibility.facts import Facts
from assistant.eligibility.rules import Condition


def _status(profile: dict, criterion_id: str, tier: str, rules: str) -> str:
    report = check_eligibility(CompanyProfile(**profile), tier=tier, rules=rules)
    return next(c.status for c in report.criteria if c.id == criterion_id)


# (rules, tier, criterion, profile, expected status)
CASES = [
    # 2022 专精特新中小企业 基础条件
    ("2022", "专精特新", "zj-rd-expense", {"rd_expense_last_year": 100}, "pass"),
    ("2022", "专精特新", "zj-rd-expense", {"rd_expense_last_year": 99.99}, "fail"),
    ("2022", "专精特新", "zj-rd-ratio", {"rd_ratio_last_year": 3.0}, "pass"),
    ("2022", "专精特新", "zj-rd-ratio", {"rd_ratio_last_year": 2.99}, "fail"),
    (
        "2022",
        "专精特新",
        "zj-rd-ratio",
        {"rd_expense_last_year": 30, "revenue_last_year": 1000},
        "pass",
    ),
    (
        "2022",
        "专精特新",
        "zj-rd-ratio",
        {"rd_expense_last_year": 29.99, "revenue_last_year": 1000},
        "fail",
    ),
    (
        "2022",
        "专精特新",
        "zj-rd-ratio",
        {"rd_expense_last_year": 36.6, "revenue_last_year": 1220},
        "pass",
    ),
    ("2022", "专精特新", "zj-niche-years", {"years_in_niche": 2}, "pass"),
    ("2022", "专精特新", "zj-niche-years", {"years_in_niche": 1.9}, "fail"),
    ("2022", "专精特新", "zj-revenue", {"revenue_last_year": 1000}, "pass"),
    (
        "2022",
        "专精特新",
        "zj-revenue",
        {"revenue_last_year": 999, "equity_financing_2y": 2000},
        "pass",
    ),
    (
        "2022",
        "专精特新",
        "zj-revenue",
        {"revenue_last_year": 999, "equity_financing_2y": 1999},
        "fail",
    ),
    ("2022", "专精特新", "zj-revenue", {"revenue_last_year": 999}, "unknown"),
    ("2022", "专精特新", "zj-score", {"evaluation_score": 60}, "pass"),
    ("2022", "专精特新", "zj-score", {"evaluation_score": 59.5}, "fail"),
    ("2022", "专精特新", "zj-direct-award", {"provincial_award_rank_3y": 3}, "pass"),
    # one award is enough for the 2026 exemption, nothing said of the other (近三年获得国家级或省级科技奖励)
    ("2026", "专精特新", "zj-i-class-ip", {"i_class_ip_count": 0, "national_award_rank_3y": 4}, "pass"),
    ("2026", "专精特新", "zj-i-class-ip", {"i_class_ip_count": 0, "national_award_rank_3y": 0}, "unknown"),
    (
        "2022",
        "专精特新",
        "zj-direct-award",
        {"provincial_award_rank_3y": 4, "national_award_rank_3y": 5},
        "pass",
    ),
    (
        "2022",
        "专精特新",
        "zj-direct-award",
        {"provincial_award_rank_3y": 4, "national_award_rank_3y": 6},
        "fail",
    ),
    (
        "2022",
        "专精特新",
        "zj-direct-award",
        {"provincial_award_rank_3y": 0, "national_award_rank_3y": 0},
        "fail",
    ),
    ("2022", "专精特新", "zj-direct-award", {"provincial_award_rank_3y": 4}, "unknown"),
    (
        "2022",
        "专精特新",
        "zj-direct-rd-average",
        {"rd_expense_last_year": 1100, "rd_expense_year_before": 900},
        "pass",
    ),
    ("2022", "专精特新", "zj-direct-rd-average", {"rd_expense_2y_total": 1999}, "fail"),
    ("2022", "专精特新", "zj-direct-financing", {"equity_financing_2y": 6000}, "pass"),
    ("2022", "专精特新", "zj-direct-maker-china", {"maker_china_top_n_3y": 500}, "pass"),
    ("2022", "专精特新", "zj-direct-maker-china", {"maker_china_top_n_3y": 1000}, "fail"),
    # 2022 创新型
    ("2022", "创新型", "cx-direct-financing", {"equity_financing_3y": 500}, "pass"),
    ("2022", "创新型", "cx-direct-financing", {"equity_financing_3y": 499.9}, "fail"),
    ("2022", "创新型", "cx-score-growth", {"growth_score": 15}, "pass"),
    (
        "2022",
        "创新型",
        "cx-direct-award",
        {"national_award_rank_3y": 0, "provincial_award_rank_3y": 7},
        "pass",
    ),
    (
        "2022",
        "创新型",
        "cx-direct-award",
        {"national_award_rank_3y": 0, "provincial_award_rank_3y": 0},
        "fail",
    ),
    # 2022 小巨人
    ("2022", "小巨人", "xjr-niche-years", {"years_in_niche": 3}, "pass"),
    ("2022", "小巨人", "xjr-main-business", {"main_business_ratio": 70}, "pass"),
    ("2022", "小巨人", "xjr-main-business", {"main_business_ratio": 69.9}, "fail"),
    ("2022", "小巨人", "xjr-growth", {"main_business_growth_2y_avg": 5}, "pass"),
    ("2022", "小巨人", "xjr-growth", {"main_business_growth_2y_avg": -3}, "fail"),
    ("2022", "小巨人", "xjr-debt-ratio", {"debt_ratio": 70}, "pass"),  # 不高于 includes 70
    ("2022", "小巨人", "xjr-debt-ratio", {"debt_ratio": 70.1}, "fail"),
    ("2022", "小巨人", "xjr-market-share", {"market_share_pct": 10}, "pass"),
    ("2022", "小巨人", "xjr-i-class-ip", {"i_class_ip_count": 2}, "pass"),
    ("2022", "小巨人", "xjr-i-class-ip", {"i_class_ip_count": 1}, "fail"),
    ("2022", "小巨人", "xjr-rd-institution", {"provincial_rd_institution": True}, "pass"),
    ("2022", "小巨人", "xjr-rd-institution", {"provincial_rd_institution": False}, "unknown"),
    ("2022", "小巨人", "xjr-direct-award", {"national_award_rank_3y": 3}, "pass"),
    ("2022", "小巨人", "xjr-direct-maker-china", {"maker_china_top_n_3y": 500}, "fail"),
    # 2026 专精特新中小企业
    ("2026", "专精特新", "zj-niche-years", {"years_in_niche": 3}, "pass"),
    ("2026", "专精特新", "zj-niche-years", {"years_in_niche": 2.5}, "fail"),
    ("2026", "专精特新", "zj-revenue", {"revenue_last_year": 1500}, "pass"),
    (
        "2026",
        "专精特新",
        "zj-revenue",
        {"revenue_last_year": 1499, "equity_financing_2y": 2000},
        "pass",
    ),
    (
        "2026",
        "专精特新",
        "zj-revenue",
        {"revenue_last_year": 1499, "equity_financing_2y": 1999},
        "fail",
    ),
    (
        "2026",
        "专精特新",
        "zj-rd-expense",
        {"rd_expense_last_year": 100, "rd_expense_year_before": 100},
        "pass",
    ),
    ("2026", "专精特新", "zj-rd-expense", {"rd_expense_last_year": 100}, "unknown"),
    ("2026", "专精特新", "zj-rd-expense", {"rd_expense_last_year": 99}, "fail"),
    (
        "2026",
        "专精特新",
        "zj-rd-ratio",
        {"rd_ratio_last_year": 3, "rd_ratio_year_before": 3},
        "pass",
    ),
    (
        "2026",
        "专精特新",
        "zj-rd-ratio",
        {"rd_ratio_last_year": 3, "rd_ratio_year_before": 2.9},
        "fail",
    ),
    ("2026", "专精特新", "zj-i-class-ip", {"i_class_ip_count": 1}, "pass"),
    ("2026", "专精特新", "zj-quality-score", {"quality_score": 50}, "pass"),
    ("2026", "专精特新", "zj-quality-score", {"quality_score": 49.9}, "fail"),
    # 2026 小巨人
    ("2026", "小巨人", "xjr-revenue", {"revenue_last_year": 5000}, "pass"),
    ("2026", "小巨人", "xjr-revenue", {"revenue_last_year": 4999.99}, "fail"),
    (
        "2026",
        "小巨人",
        "xjr-rd-total",
        {"rd_expense_last_year": 600, "rd_expense_year_before": 600},
        "pass",
    ),
    ("2026", "小巨人", "xjr-rd-total", {"rd_expense_2y_total": 1199}, "fail"),
    ("2026", "小巨人", "xjr-i-class-ip", {"i_class_ip_count": 4}, "pass"),
    (
        "2026",
        "小巨人",
        "xjr-i-class-ip",
        {"i_class_ip_count": 3, "national_award_rank_3y": 3},
        "pass",
    ),
    (
        "2026",
        "小巨人",
        "xjr-i-class-ip",
        {"i_class_ip_count": 3, "national_award_rank_3y": 4},
        "fail",
    ),
    ("2026", "小巨人", "xjr-i-class-ip", {"i_class_ip_count": 3}, "unknown"),
    ("2026", "小巨人", "xjr-market", {"market_share_pct": 10}, "pass"),
    ("2026", "小巨人", "xjr-market", {"market_share_pct": 5, "domestic_rank": 3}, "pass"),
    ("2026", "小巨人", "xjr-market", {"market_share_pct": 9.99, "domestic_rank": 4}, "fail"),
    ("2026", "小巨人", "xjr-quality-score", {"quality_score": 60}, "pass"),
]


@pytest.mark.parametrize(
    ("rules", "tier", "criterion_id", "profile", "expected"),
    CASES,
    ids=[f"{r}-{c}-{p}" for r, _, c, p, _ in CASES],
)
def test_boundary(rules: str, tier: str, criterion_id: str, profile: dict, expected: str) -> None:
    actual = _status(profile, criterion_id, tier, rules)
    assert actual == expected, (
        f"{rules} {criterion_id} with {profile}: expected {expected}, got {actual}"
    )


@pytest.mark.parametrize(
    ("wording", "op", "value", "expected"),
    [
        ("以上", "ge", 100, "pass"),
        ("不低于", "ge", 100, "pass"),
        ("超过", "gt", 100, "fail"),  # 超过 excludes the boundary
        ("超过", "gt", 100.01, "pass"),
        ("以下", "le", 100, "pass"),
        ("不高于", "le", 100, "pass"),
        ("低于", "lt", 100, "fail"),  # 低于 excludes the boundary
        ("低于", "lt", 99.99, "pass"),
    ],
)
def test_wording_boundaries(wording: str, op: str, value: float, expected: str) -> None:
    condition = Condition(
        field="revenue_last_year", op=op, wording=wording, threshold=100, unit="万元"
    )
    outcome = evaluate_condition(condition, Facts(CompanyProfile(revenue_last_year=value)))
    assert outcome.status == expected


def test_gap_wording() -> None:
    report = check_eligibility(
        CompanyProfile(revenue_last_year=1000, rd_expense_last_year=25, years_in_niche=1),
        rules="2022",
    )
    gaps = {c.id: c.gap for c in report.criteria if c.status == "fail"}
    assert gaps["zj-rd-expense"].startswith("上年度研发费用还差75万元")
    assert gaps["zj-rd-ratio"].startswith("上年度研发费用占营业收入比重2.5%，低于3%")
    assert gaps["zj-niche-years"].startswith("从事特定细分市场年限还差1年")
    debt = check_eligibility(CompanyProfile(debt_ratio=75), tier="小巨人", rules="2022")
    assert (
        next(c.gap for c in debt.criteria if c.id == "xjr-debt-ratio")
        == "资产负债率（上年末）75%，高于70%"
    )


def test_a_computed_value_missing_a_threshold_says_how_it_was_computed() -> None:
    """New-user trial 39: the 直通 row's 均值 of 90万 and 110万 was shown as 现为100万元 alone."""
    report = check_eligibility(CompanyProfile(rd_expense_last_year=110, rd_expense_year_before=90), rules="2022")
    gap = next(c.gap for c in report.criteria if c.gap and "近两年研发费用总额均值" in c.gap)
    assert "现为100万元" in gap and "由近两年研发费用合计200万元推算" in gap, gap
    stated = check_eligibility(CompanyProfile(rd_expense_last_year=25), rules="2022")
    assert "推算" not in next(c.gap for c in stated.criteria if c.id == "zj-rd-expense")


def test_an_expense_is_worked_out_from_a_stated_share_of_the_revenue() -> None:
    """New-user trial 46: 营收3000万，研发占比6% left 研发费用不低于100万元 unknown, though it is 180万."""
    met = check_eligibility(CompanyProfile(revenue_last_year=3000, rd_ratio_last_year=6), rules="2022")
    assert next(c.status for c in met.criteria if c.id == "zj-rd-expense") == "pass"
    short = check_eligibility(CompanyProfile(revenue_last_year=3000, rd_ratio_last_year=2), rules="2022")
    gap = next(c.gap for c in short.criteria if c.id == "zj-rd-expense")
    assert "现为60万元" in gap and "推算" in gap, gap
    # with no share stated, the expense itself is what is asked for
    missing = check_eligibility(CompanyProfile(revenue_last_year=3000), rules="2022")
    assert "rd_expense_last_year" in missing.missing_fields
