"""One profile checker for the CLI, the API and the UI: a report, or one Chinese reason."""

from __future__ import annotations

import pytest

from assistant.eligibility.checking import ProfileError, check_profile_data


def test_a_good_profile_gives_the_report() -> None:
    report = check_profile_data({"revenue_last_year": 1200, "rd_expense_last_year": 80}, "专精特新中小企业", "2022")
    assert report.verdict == "fail"


@pytest.mark.parametrize(("data", "tier", "rules", "says"), [
    ({"revenue_last_year": "一千二"}, "专精特新中小企业", "2022", "上年度营业收入"),
    ({"debt_ratio": 120}, "专精特新中小企业", "2022", "0到100"),
    ({}, "不存在的层级", "2022", "层级"),
    ({}, "专精特新中小企业", "2030", "2030"),
])
def test_what_is_wrong_is_said_in_chinese(data: dict, tier: str, rules: str, says: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ProfileError) as caught:
        check_profile_data(data, tier, rules)
    assert says in str(caught.value) and "Traceback" not in str(caught.value)
