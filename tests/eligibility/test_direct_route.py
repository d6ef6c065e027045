""""也没有直通条件" decides the 2022 direct-pass routes no stated figure decides; a total score said
without 分 is read; a two-year total below the sum of the yearly floors decides them."""

from __future__ import annotations

import pytest

from assistant.eligibility import CompanyProfile, check_eligibility, extract_profile_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("自评总分58，就差两分，也没啥直通条件", {"evaluation_score": 58.0, "direct_route": False}),
        ("我们评价总分72，营收3000万", {"evaluation_score": 72.0}),
        ("也没有什么直通条件", {"direct_route": False}),
        ("总分60以上才能过吗", {}),
        ("有没有直通条件可以走", {}),
    ],
)
def test_total_score_and_no_direct_route_are_read(text: str, expected: dict) -> None:
    updates = extract_profile_from_text(text, 2026)[0]
    assert {k: v for k, v in updates.items() if k in ("evaluation_score", "direct_route")} == expected


@pytest.mark.parametrize(
    ("tier", "profile", "verdict"),
    [
        # the score fails and no route applies: the tier fails though other conditions are open
        ("专精特新中小企业", {"evaluation_score": 55, "direct_route": False}, "fail"),
        ("创新型中小企业", {"evaluation_score": 58, "direct_route": False}, "fail"),
        # without the statement the R&D-average route is still open
        ("专精特新中小企业", {"evaluation_score": 55, "equity_financing_2y": 0, "maker_china_top_n_3y": 0,
                        "national_award_rank_3y": 0, "provincial_award_rank_3y": 0}, "unknown"),
    ],
)
def test_no_direct_route_fails_the_routes_left_open(tier: str, profile: dict, verdict: str) -> None:
    report = check_eligibility(CompanyProfile(**profile), tier, "2022")
    assert report.verdict == verdict


def test_a_stated_figure_meeting_a_route_still_meets_it() -> None:
    # 近两年研发费用总额均值1000万元以上 is met by the figures, whatever "没有直通条件" said
    profile = CompanyProfile(evaluation_score=55, direct_route=False, rd_expense_last_year=1200,
                             rd_expense_year_before=1100)
    report = check_eligibility(profile, "专精特新中小企业", "2022")
    direct = {c.id: c.status for c in report.criteria if c.group == "direct"}
    assert "pass" in direct.values()
    assert "unknown" not in direct.values()
    assert "满足某项直通条件：否" in next(c.actual for c in report.criteria
                                  if c.group == "direct" and c.status == "fail" and c.actual
                                  and "直通" in c.actual)


@pytest.mark.parametrize(
    ("total", "last", "verdict_of_row"),
    [
        (180, None, "fail"),   # two years each ≥100万 would total ≥200万
        (200, None, "unknown"),  # could be 100 + 100: which year holds what is not said
        (180, 120, "fail"),   # the year before is then 60万 (and the total says so anyway)
    ],
)
def test_a_two_year_total_below_the_floors_sum_fails_each_year_floor(total: float, last: float | None,
                                                                       verdict_of_row: str) -> None:
    profile = CompanyProfile(rd_expense_2y_total=total, rd_expense_last_year=last)
    report = check_eligibility(profile, "专精特新中小企业", "2026")
    row = next(c for c in report.criteria if c.id == "zj-rd-expense")
    assert row.status == verdict_of_row, (row.status, row.gap)
    if verdict_of_row == "fail" and last is None:
        assert row.gap and "合计至少200万元" in row.gap, row.gap


def test_each_year_stated_above_its_floor_beside_a_total_below_their_sum_is_no_pass() -> None:
    """Two years of 120万 and a total of 180万 contradict each other: neither side is picked."""
    profile = CompanyProfile(rd_expense_last_year=120, rd_expense_year_before=120, rd_expense_2y_total=180)
    row = next(c for c in check_eligibility(profile, "专精特新中小企业", "2026").criteria if c.id == "zj-rd-expense")
    assert row.status == "unknown" and row.gap and row.gap.startswith("数据不一致"), (row.status, row.gap)
