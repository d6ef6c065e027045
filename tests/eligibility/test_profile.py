"""CompanyProfile validation: wrong inputs are refused with messages an SME owner can read."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.eligibility import CompanyProfile


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("revenue_last_year", -1, "上年度营业收入不能为负数"),
        ("rd_expense_last_year", "很多", "上年度研发费用应为数字（单位：万元）"),
        ("rd_expense_last_year", "80万", "应为数字"),
        ("revenue_last_year", True, "应为数字"),
        ("revenue_last_year", float("nan"), "应为数字"),
        ("revenue_last_year", [1200], "应为数字"),
        ("rd_ratio_last_year", 101, "是百分比，应在0到100之间"),
        ("market_share_pct", -0.5, "不能为负数"),
        ("i_class_ip_count", 2.5, "应为整数"),
        ("domestic_rank", 0, "不能小于1"),
        ("evaluation_score", 120, "不能超过100"),
        ("high_tech_enterprise", "maybe", "应为是/否"),
        ("main_business_growth_2y_avg", -150, "不能小于-100"),
    ],
)
def test_invalid_values_raise_chinese_messages(field: str, value: object, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        CompanyProfile(**{field: value})
    assert message in str(info.value)


def test_unknown_field_is_rejected() -> None:
    with pytest.raises(ValidationError):
        CompanyProfile(revenue=1200)  # type: ignore[call-arg]


def test_numeric_strings_and_flags_are_accepted() -> None:
    profile = CompanyProfile(
        revenue_last_year="1,200",
        i_class_ip_count=3.0,
        high_tech_enterprise="是",
        own_brand="false",
    )
    assert profile.revenue_last_year == 1200
    assert profile.i_class_ip_count == 3 and isinstance(profile.i_class_ip_count, int)
    assert profile.high_tech_enterprise is True and profile.own_brand is False


def test_growth_may_be_negative_and_ratio_may_be_exactly_100() -> None:
    assert CompanyProfile(main_business_growth_2y_avg=-20).main_business_growth_2y_avg == -20
    assert CompanyProfile(main_business_ratio=100).main_business_ratio == 100


def test_updated_overrides_and_validates() -> None:
    profile = CompanyProfile(revenue_last_year=1000).updated(
        {"revenue_last_year": 1500, "years_in_niche": 3}
    )
    assert profile.revenue_last_year == 1500 and profile.years_in_niche == 3
    with pytest.raises(ValidationError):
        profile.updated({"debt_ratio": 130})


def test_every_field_is_documented() -> None:
    from zjtx.settings import PROJECT_ROOT

    doc = (PROJECT_ROOT / "docs" / "eligibility.md").read_text(encoding="utf-8")
    missing = [name for name in CompanyProfile.model_fields if f"`{name}`" not in doc]
    assert not missing, f"fields not described in docs/eligibility.md: {missing}"
