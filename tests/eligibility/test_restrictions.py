"""The 2022 restrictions (限制条件): read from chat, checked only when stated, said in the verdict."""

from __future__ import annotations

import re

import pytest

from assistant.eligibility import CompanyProfile, check_eligibility, extract_profile_from_text
from assistant.eligibility.markdown import format_report_markdown
from assistant.eligibility.rules import load_rules
from tests.eligibility.test_rules_data import passage

TIERS = ["创新型中小企业", "专精特新中小企业", "专精特新“小巨人”企业"]
RESTRICTIONS = ["listed_dishonest", "restricted_product", "major_violation_3y"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我们公司被列入失信名单了，还能申报小巨人吗？", {"listed_dishonest": True}),
        ("我们没被列入失信名单，营收3000万", {"listed_dishonest": False}),
        ("公司上了经营异常名录", {"listed_dishonest": True}),
        ("公司现在还挂在经营异常名录里没移出来", {"listed_dishonest": True}),  # a removal not done
        ("我们产品属于国家限制类", {"restricted_product": True}),
        ("我们产品不属于淘汰类", {"restricted_product": False}),
        # the verb 进/上 alone, and the three kinds run together (blind36)
        ("没进经营异常名录和失信名单", {"listed_dishonest": False}),
        ("没上经营异常名录", {"listed_dishonest": False}),
        ("产品不在禁止限制淘汰类", {"restricted_product": False}),
        ("产品在禁止限制淘汰类里", {"restricted_product": True}),
        # 异常名录 without 经营, 禁限 for 禁止、限制 (blind37)
        ("没进异常名录和失信名单，产品不属于禁限淘汰类", {"listed_dishonest": False, "restricted_product": False}),
        ("公司还在异常名录里", {"listed_dishonest": True}),
        ("去年出过一次重大质量事故", {"major_violation_3y": True}),
        ("近三年没出过重大安全事故", {"major_violation_3y": False}),
        ("从来没有偷漏税", {"major_violation_3y": False}),
        ("我们有过税务处罚", {"major_violation_3y": True}),
        ("没有任何违法违规记录", {"major_violation_3y": False}),
        ("去年排放超标被环保局罚了", {"major_violation_3y": True}),
        ("没有因为环保被处罚过", {"major_violation_3y": False}),
        # a breach of the law said by its kind (blind23: 单项冠军's 近三年无环境、质量、安全违法记录)
        ("去年有一次产品质量违法被处罚的记录", {"major_violation_3y": True}),
        ("近三年没有安全生产违法记录", {"major_violation_3y": False}),
        # the 2026 update duty said as missed (cultivation-report-2026 L171: 累计两次未更新企业信息…取消认定)
        ("这个有效期里已经两次没更新企业信息了", {"missed_info_updates": True}),
        ("评上以后一直没上平台更新过数据", {"missed_info_updates": True}),
    ],
)
def test_restrictions_are_read_with_their_negations(text: str, expected: dict) -> None:
    updates = extract_profile_from_text(text, 2026)[0]
    assert {k: v for k, v in updates.items() if k in [*RESTRICTIONS, "missed_info_updates"]} == expected


@pytest.mark.parametrize("tier", TIERS)
def test_an_unstated_restriction_is_neither_checked_nor_asked(tier: str) -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=3000), tier, "2022")
    assert not [c for c in report.criteria if c.group == "restrictions"]
    assert not set(RESTRICTIONS) & set(report.missing_fields)


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("field", RESTRICTIONS)
def test_a_stated_breach_fails_every_tier_under_2022(tier: str, field: str) -> None:
    report = check_eligibility(CompanyProfile(evaluation_score=90, **{field: True}), tier, "2022")
    assert report.verdict == "fail"
    failed = [c for c in report.criteria if c.status == "fail"]
    assert [c.group for c in failed] == ["restrictions"]
    lead = format_report_markdown(report).splitlines()[0]
    assert lead.startswith("**结论：不符合**") and "据您所述" in lead and "不符合限制条件" in lead


def test_a_stated_absence_of_breach_is_a_condition_met() -> None:
    report = check_eligibility(CompanyProfile(listed_dishonest=False, evaluation_score=70), "专精特新中小企业", "2022")
    listed = next(c for c in report.criteria if c.id == "zj-restriction-listed")
    assert listed.status == "pass"
    assert report.verdict != "fail"


def test_a_restriction_2026_does_not_restate_is_carried_over_and_said_so() -> None:
    """The corpus's account of the 2026 measures says what changed; 失信名单 is not among it."""
    report = check_eligibility(CompanyProfile(revenue_last_year=3000, listed_dishonest=True), "专精特新中小企业", "2026")
    assert report.verdict == "fail"
    failed = [c for c in report.criteria if c.status == "fail"]
    assert [(c.id, c.carried_from) for c in failed] == [("zj-restriction-listed", "2022年暂行办法")]
    lead = format_report_markdown(report).splitlines()[0]
    assert lead.startswith("**结论：不符合**") and "2022年暂行办法所列" in lead and "未提及此项变化" in lead
    assert "measures-2022-training L247-L248" in format_report_markdown(report)
    assert "2022年暂行办法所列限制条件" in report.explanation  # the API and the self-check table say it too


def test_a_later_versions_new_restriction_does_not_reach_back() -> None:
    """2026's 数据造假: 三年内不得再次申报 is new; a check under the 2022 rules does not read it."""
    report = check_eligibility(CompanyProfile(data_fraud=True), "专精特新中小企业", "2022")
    assert report.verdict == "unknown" and not [c for c in report.criteria if c.group == "restrictions"]


def test_no_breach_stated_under_2026_is_a_carried_condition_met() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=3000, listed_dishonest=False), "专精特新中小企业", "2026")
    listed = next(c for c in report.criteria if c.id == "zj-restriction-listed")
    assert listed.status == "pass" and report.verdict == "unknown"


def test_restriction_rows_are_their_source_words() -> None:
    rows = [c for c in load_rules("2022").criteria if c.when_stated and c.group == "restrictions"]
    assert len(rows) == 3 * len(TIERS)
    for row in rows:
        text = passage(row.source)
        assert re.sub(r"\s+", "", row.description) in text, row.id
        assert row.condition is not None and row.condition.wording in text, row.id


@pytest.mark.parametrize("tier", TIERS[1:])
def test_the_2026_restriction_a_major_safety_accident_fails_under_2026(tier: str) -> None:
    updates = extract_profile_from_text("我们前年出过一次重大安全事故", 2026)[0]
    assert updates == {"major_violation_3y": True, "major_safety_accident_3y": True}
    report = check_eligibility(CompanyProfile(**updates), tier, "2026")
    assert report.verdict == "fail"
    failed = [c for c in report.criteria if c.status == "fail"]
    # its own rule first; 2022's wider one (事故…偷漏税等违法违规) is carried beside it
    assert [(c.source.locator, c.carried_from) for c in failed] == [("L166-L166", None), ("L250-L252", "2022年暂行办法")]


def test_a_restriction_alone_does_not_make_a_version_checkable() -> None:
    """The 2026 report gives no 创新型中小企业 conditions: its one restriction does not stop the
    check falling back to the 2022 rules."""
    report = check_eligibility(CompanyProfile(evaluation_score=70), "创新型中小企业", None)
    assert report.rules == "2022"


@pytest.mark.parametrize(
    ("text", "own_brand"),
    [
        # a mention naming the condition asked about says nothing of the company
        ("我们全是给大牌做OEM贴牌代工，没有自己的品牌，小巨人自主品牌那一条能过吗？", False),
        ("“品”那块（自主品牌）还不行，够不够认定？", False),
        ("我们有自主品牌，研发还不够", True),
        ("自主品牌这一项怎么算？", None),
    ],
)
def test_a_flag_named_as_the_condition_asked_is_not_stated(text: str, own_brand: bool | None) -> None:
    assert extract_profile_from_text(text, 2026)[0].get("own_brand") is own_brand


# ---------------------------------------------------------------- 基本要求 (measures-2022-training L235-L239)

@pytest.mark.parametrize(
    ("text", "domestic_sme"),
    [
        ("我们是国有控股的中小企业", True),
        ("我们是港资控股的，在苏州工商注册、独立法人", True),
        ("我们是民营企业，营收3000万", True),
        ("我们是一家分公司", False),
        ("我们在香港注册的", False),
        ("我们不是独立法人", False),
        ("我们是港资控股的分公司", False),  # a miss said wins over the ownership said beside it
        # trial 38's wording: a share held, a kind of company asked about
        ("我们公司有外资参股，大概30%是日资", True),
        ("国企控股的子公司能不能报小巨人", True),
        ("营收3000万，研发300万", None),
        # registered somewhere named, without 工商; an ownership said after a comma; 纯民营
        ("我们是在苏州注册的独立法人，不过是外资控股", True),
        ("我们是境内注册的，纯民营", True),
        ("如果不是外资控股呢", None),
    ],
)
def test_the_basic_requirement_is_read_from_what_the_company_says(text: str, domestic_sme: bool | None) -> None:
    assert extract_profile_from_text(text, 2026)[0].get("domestic_sme") == domestic_sme


def test_the_basic_requirement_rows_are_their_source_words() -> None:
    rows = [c for c in load_rules("2022").criteria if c.group == "scope"]
    assert len(rows) == len(TIERS) and all(r.when_stated for r in rows)
    for row in rows:
        text = passage(row.source)
        # the slide's two bullets, joined by ；
        assert all(re.sub(r"\s+", "", part) in text for part in row.description.split("；")), row.id
        assert row.condition is not None and row.condition.wording in text, row.id


@pytest.mark.parametrize("rules", ["2022", "2026"])
@pytest.mark.parametrize("tier", TIERS[1:])
def test_any_ownership_meets_the_basic_requirement_and_a_branch_misses_it(rules: str, tier: str) -> None:
    met = check_eligibility(CompanyProfile(domestic_sme=True), tier, rules)
    scope = [c for c in met.criteria if c.group == "scope"]
    assert [c.status for c in scope] == ["pass"] and "不区分所有制" in scope[0].description
    # 2026 does not restate it: the 2022 row is carried over and said so
    assert scope[0].carried_from == (None if rules == "2022" else "2022年暂行办法")
    missed = check_eligibility(CompanyProfile(domestic_sme=False), tier, rules)
    assert missed.verdict == "fail" and "基本要求" in format_report_markdown(missed)
    # unsaid, it is neither checked nor asked
    plain = check_eligibility(CompanyProfile(revenue_last_year=3000), tier, rules)
    assert not [c for c in plain.criteria if c.group == "scope"] and "domestic_sme" not in plain.missing_fields


def test_updates_missed_twice_fail_the_2026_restriction() -> None:
    """"两次没更新企业信息了，称号还保得住吗": 不符合, with the rule that ends the recognition quoted."""
    profile = CompanyProfile.model_validate(extract_profile_from_text("同一有效期内已经两次没更新企业信息了", 2026)[0])
    report = check_eligibility(profile, tier="专精特新中小企业", rules="2026")
    failed = [c for c in report.criteria if c.status == "fail"]
    assert report.verdict == "fail" and [c.id for c in failed] == ["zj-restriction-updates"]
    assert "取消认定或终止有效期" in failed[0].description
