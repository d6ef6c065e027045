"""制造业单项冠军's conditions (rules/champion.yaml) against their source lines, and the check over stated facts."""

from __future__ import annotations

import re

import pytest

from assistant.eligibility import CompanyProfile, extract_profile_from_text
from assistant.eligibility.champion import check_champion, load_champion_rules
from assistant.eligibility_answers import champion_answer
from tests.eligibility.test_rules_data import passage

RULES = load_champion_rules()


@pytest.mark.parametrize("criterion", RULES.criteria, ids=lambda c: c.id)
def test_each_condition_is_worded_as_its_source_lines_say(criterion) -> None:  # type: ignore[no-untyped-def]
    cited = passage(criterion.source)
    assert re.sub(r"\s+", "", criterion.description) in cited, (criterion.id, cited)
    if criterion.condition is not None and criterion.condition.threshold is not None:
        assert f"{criterion.condition.threshold:g}" in cited and (criterion.condition.wording or "") in cited


def test_the_conditions_cover_the_whole_cited_passage() -> None:
    """The report lists seven conditions (finance-support-2022 L852-L864); none is left out."""
    assert [c.id for c in RULES.criteria] == ["champion-years", "champion-share", "champion-rd", "champion-quality",
                                              "champion-profit", "champion-brand", "champion-record"]


def test_a_stated_breach_fails_and_a_stated_figure_meets() -> None:
    profile = CompanyProfile.model_validate(
        extract_profile_from_text("我们的产品全球市场份额第二，做这行15年了，不过前年因为环保问题被罚过一次")[0])
    check = check_champion(profile, "想冲单项冠军行不行？")
    assert check.verdict == "不符合"
    assert [c.id for c, _ in check.failed] == ["champion-record"]
    assert [c.id for c, _ in check.met] == ["champion-years", "champion-share"]  # 15年; 全球第二 (前三)


def test_a_world_rank_below_the_third_fails_the_share_condition() -> None:
    """New-user trial 41: "我们主导产品市场占有率全球第五，能申报单项冠军吗？" was 尚无法确定 with 全球前三 "需自行核实"."""
    profile = CompanyProfile.model_validate(extract_profile_from_text("我们主导产品市场占有率全球第五")[0])
    check = check_champion(profile, "能申报单项冠军吗？")
    assert check.verdict == "不符合" and [c.id for c, _ in check.failed] == ["champion-share"]


def test_fewer_years_than_ten_may_still_qualify_for_a_new_product() -> None:
    check = check_champion(CompanyProfile(years_in_niche=8), "能报单项冠军吗？")
    assert check.verdict == "尚无法确定" and not check.failed
    assert [c.id for c, _ in check.short] == ["champion-years"]


def test_the_asking_clause_names_the_condition_asked() -> None:
    check = check_champion(CompanyProfile(years_in_niche=12), "这个领域做了12年，可利润率比行业平均低一截。盈利这条过得去吗？")
    assert [c.id for c in check.asked] == ["champion-profit"]
    assert check_champion(CompanyProfile(), "研发投入3000万，能评单项冠军吗？").asked == []


def test_the_answer_leads_with_the_breach_and_cites_every_condition() -> None:
    breach = check_champion(CompanyProfile(major_violation_3y=True), "还能申请单项冠军吗？")
    assert breach.result()["verdict"] == "fail"
    text, sources = champion_answer(breach, {})
    lead = text.splitlines()[0]
    assert lead.startswith("**结论：不符合**（制造业单项冠军") and "近三年无环境、质量、安全违法记录" in lead, lead
    assert len(sources) == len(RULES.criteria) and all(doc == "finance-support-2022" for doc, _ in sources)
    assert all(f"[{n}]" in text for n in range(1, len(sources) + 1))
    open_text, _ = champion_answer(check_champion(CompanyProfile(), "能申报单项冠军吗？"), {})
    assert open_text.startswith("**结论：尚无法确定**") and "不符合" not in open_text


def test_the_criteria_route_states_the_condition_asked_or_all_seven() -> None:
    """"单项冠军要求做这行多少年" had been refused and "单项冠军的申请条件是什么" cut after the first item."""
    from assistant.criteria_answers import CriteriaAnswerer
    from zjtx.settings import get_settings

    answerer = CriteriaAnswerer(get_settings().corpus_dir)
    years = answerer._champion("单项冠军要求做这行多少年？")
    assert years.answer.splitlines()[0].endswith("制造业单项冠军要求：从事相关领域10年及以上，属于新产品的应达到3年及以上[1]。")
    assert [c.locator for c in years.citations] == ["L852-L854"] and not years.refused
    everything = answerer._champion("单项冠军的申请条件是什么？").answer.splitlines()[0]
    assert "共7项" in everything and "（7）近三年无环境、质量、安全违法记录[7]" in everything, everything
