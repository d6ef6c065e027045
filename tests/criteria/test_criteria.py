"""Criteria rows against their sources, lookups by tier × version × indicator, and the lead sentence."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.criteria import criteria_rows, lookup_criteria
from assistant.criteria.format import format_criteria_answer
from assistant.criteria.indicators import find_indicators, load_indicators
from assistant.criteria.rows import ALL_TIERS
from assistant.eligibility import extract_profile_from_text
from assistant.eligibility.rules import Citation, available_versions, load_rules, when_stated_fields
from tests.eligibility.test_rules_data import passage

TODAY = date(2026, 11, 25)  # the 2026 measures are in force (since 2026-04-01)
GENERAL = [(v, g) for v in available_versions() for g in load_rules(v).general]


@pytest.mark.parametrize(("version", "rule"), GENERAL, ids=[f"{v}:{g.id}" for v, g in GENERAL])
def test_general_rule_value_is_in_its_cited_lines(version: str, rule) -> None:  # type: ignore[no-untyped-def]
    text = passage(Citation(doc_id=rule.source.doc_id, locator=rule.source.locator))
    words = [w for w in re.split(r"[（）；，、：+]", rule.description) if len(w) >= 4]
    assert any(w in text for w in words), f"{version}:{rule.id} 的措辞不在 {rule.source.locator}"
    if rule.value is not None:
        assert "三年" in text or str(int(rule.value)) in text


def test_every_indicator_name_is_known_and_every_checkable_row_has_one() -> None:
    names = set(load_indicators().names)
    rows = criteria_rows()
    assert all(set(r.indicators) <= names for r in rows)
    unnamed = [r.id for r in rows if r.value is not None and r.indicator is None]
    assert unnamed == [], f"these thresholds belong to no indicator: {unnamed}"


@pytest.mark.parametrize(("text", "expected"), [
    ("研发费用占比要多少", ["研发占比"]),
    ("研发费用要多少", ["研发费用"]),
    ("营收和I类知识产权", ["营业收入", "I类知识产权"]),
    ("有效期几年，几号前更新", ["有效期", "数据更新"]),
    ("市占率", ["市场占有率"]),
    ("评价是几大类几项指标？满分多少分？", ["评价指标体系", "评价得分"]),
    ("评分指标一共有几项", ["评价指标体系"]),
    # 取消 alone is no revocation: "取消了15分的特色化指标" asks about the indicator
    ("新办法为啥取消了15分的特色化指标", ["特色化指标"]),
    ("哪些情况会被取消专精特新资格", ["取消认定"]),
    # 细分市场占有率 is a market share, not the years in the niche market
    ("小巨人对主导产品的细分市场占有率有什么要求？", ["市场占有率"]),
    # the share of R&D staff is not the R&D spending
    ("小巨人研发人员占比要达到多少", ["研发人员占比"]),
    # "研发投入这一条" is the R&D rule as a whole: amount and ratio
    ("按新办法申请小巨人，研发投入这一条满足吗？", ["研发投入"]),
])
def test_find_indicators_reads_the_longest_word_first(text: str, expected: list[str]) -> None:
    assert find_indicators(text) == expected


@pytest.mark.parametrize(("kwargs", "primary", "versions", "fragment"), [
    ({"tier": "专精特新中小企业", "rules": "2022", "indicator": "营业收入"}, "2022", ["2022"], "1000万元以上"),
    ({"tier": "专精特新中小企业", "indicator": "营业收入"}, "2026", ["2026", "2022"], "1500万元"),
    ({"tier": "专精特新“小巨人”企业", "indicator": "I类知识产权"}, "2026", ["2026", "2022"], "4项"),
    # the 2026 report gives no innovative-SME criteria: the 2022 measures answer, with a note
    ({"tier": "创新型中小企业", "indicator": "直通条件"}, "2022", ["2022"], "500万元"),
    ({"tier": "专精特新中小企业", "indicator": "有效期"}, "2022", ["2022"], "三年"),
    ({"tier": "专精特新中小企业", "rules": "2022", "indicator": "评价指标体系"}, "2022", ["2022"], "四类13项"),
    ({"tier": "创新型中小企业", "rules": "2022", "indicator": "评价指标体系"}, "2022", ["2022"], "三大类6项"),
    # 2026 removed the provinces' own indicators; the 2022 row says who set them and how many
    ({"tier": "专精特新中小企业", "indicator": "特色化指标"}, "2026", ["2026", "2022"], "15分特色化指标"),
    ({"tier": "专精特新中小企业", "rules": "2022", "indicator": "特色化指标"}, "2022", ["2022"], "1-3个指标"),
])
def test_lookup_applies_the_named_or_in_force_version(kwargs, primary, versions, fragment) -> None:  # type: ignore[no-untyped-def]
    lookup = lookup_criteria(today=TODAY, **kwargs)
    assert lookup.primary == primary
    assert lookup.versions == versions
    assert any(fragment in r.text for r in lookup.rows_of(primary))


def test_direct_pass_conditions_are_alternatives_and_not_mixed_into_basic_rules() -> None:
    direct = lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="直通条件", today=TODAY)
    assert len(direct.rows) == 4 and all(r.alternatives for r in direct.rows)
    rd = lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="研发费用", today=TODAY)
    assert [r.id for r in rd.rows] == ["zj-rd-expense"]


def test_lead_states_the_rule_version_and_value_and_the_change_when_compared() -> None:
    lookup = lookup_criteria(tier="专精特新中小企业", indicator="营业收入", compare=True, today=TODAY)
    text, sources = format_criteria_answer([lookup])
    first = text.splitlines()[0]
    assert "1000万元" in first and "1500万元" in first and "500万元" in first
    assert len(sources) == 2


def test_lead_lists_every_alternative_and_says_one_is_enough() -> None:
    lookup = lookup_criteria(tier="创新型中小企业", indicator="直通条件", today=TODAY)
    first = format_criteria_answer([lookup])[0].splitlines()[0]
    assert first.count("（") >= 4 and "满足其一即可" in first
    assert "按2022年" in first and "现行" not in first  # a fallback is not the rule in force


@pytest.mark.parametrize(("tier", "indicator", "other_ways"), [
    ("创新型中小企业", "评价得分", True),  # 60分以上, or any direct-pass route (trial 31: read as required)
    ("专精特新中小企业", "评价得分", True),
    ("创新型中小企业", "直通条件", False),  # the routes themselves asked: nothing they stand in for
    ("专精特新中小企业", "营业收入", False),  # a basic condition has no other way
])
def test_a_group_that_is_one_way_to_qualify_names_the_other_ways(tier: str, indicator: str, other_ways: bool) -> None:
    lookup = lookup_criteria(tier=tier, rules="2022", indicator=indicator, today=TODAY)
    first = format_criteria_answer([lookup])[0].splitlines()[0]
    assert ("或者，不看" in first and "直通条件之一" in first) is other_ways, first


def test_every_tier_indicator_and_version_formats() -> None:
    """(A tier's own general rows, 认定程序, belong to no group of its requirement.)"""
    for version in available_versions():
        for tier in ("创新型中小企业", "专精特新中小企业", "专精特新“小巨人”企业"):
            for indicator in load_indicators().names:
                lookup = lookup_criteria(tier=tier, rules=version, indicator=indicator, today=TODAY)
                assert format_criteria_answer([lookup])[0]


def test_general_rows_apply_to_every_tier_unless_they_name_one() -> None:
    rows = [r for r in criteria_rows() if r.group_id == "general"]
    named = {v: {g.id: g.tier for g in load_rules(v).general} for v in available_versions()}
    assert rows and all(r.tier == (named[r.rules][r.id] or ALL_TIERS) for r in rows)
    # a tier's own procedure is not shown for another tier
    other = lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="认定程序", today=TODAY)
    assert [r.id for r in other.rows] == ["zj-procedure"] and "工业和信息化部" not in other.rows[0].text


@pytest.mark.parametrize(("text", "indicator", "fragment"), [
    ("国企、外企能申报吗，有没有所有制限制", "基本要求", "不区分所有制"),
    ("小巨人最后由哪个部门认定？", "认定程序", "由工业和信息化部认定"),
    # 创新型's own column of the slide: 自评, then the province reviews and announces
    ("创新型中小企业最后是谁来公告的？", "认定程序", "由省级中小企业主管部门公告为创新型中小企业"),
    ("有严重失信记录还能评吗", "限制条件", "严重失信主体名单"),
    # where and how one applies, said loosely
    ("小巨人是企业自己直接报到工信部去吗？", "认定程序", "省级中小企业主管部门进行初审"),
    ("创新型中小企业怎么报名", "认定程序", "自愿登录培育平台参与自评"),
    # 审 said alone, after the body asked
    ("创新型中小企业自评完交上去以后，是哪一级部门来审？", "认定程序", "省级中小企业主管部门进行审核"),
])
def test_general_requirements_and_procedures_are_cited_rows(text: str, indicator: str, fragment: str) -> None:
    """Rules no profile is checked against are still answered from rows (2022 where it is the only
    version stating them, so a question naming no version falls back to it with a note)."""
    assert find_indicators(text)[:1] == [indicator]
    tier = "专精特新“小巨人”企业" if "小巨人" in text else "创新型中小企业" if "创新型" in text else None
    breaches = tuple(f for f in extract_profile_from_text(text, TODAY.year)[0] if f in when_stated_fields())
    lookup = lookup_criteria(tier=tier, indicator=indicator, today=TODAY, fields=breaches)
    assert any(fragment in r.text for r in lookup.rows_of("2022"))
    if tier == "专精特新“小巨人”企业" and indicator == "认定程序":
        # the 2026 report's 图表3 names who recognises a 小巨人 (L188); 2022's steps are shown beside it
        assert lookup.primary == "2026" and [r.text for r in lookup.rows_of("2026")] == [
            "工信部认定，聚焦核心基础零部件、关键基础材料、先进基础工艺和产业技术基础"]
    else:
        assert lookup.primary == "2022" and lookup.notes


def test_the_restrictions_asked_whole_lead_with_the_one_the_version_in_force_states() -> None:
    """2026's report states one restriction (重大安全事故或数据造假, L166), 2022 its three."""
    lookup = lookup_criteria(tier="专精特新中小企业", indicator="限制条件", today=TODAY)
    assert lookup.primary == "2026" and lookup.versions == ["2026", "2022"]
    assert [r.source.locator for r in lookup.rows_of("2026")] == ["L166-L166"]
    assert len(lookup.rows_of("2022")) == 3


@pytest.mark.parametrize(("tier", "indicator", "row_id", "points"), [
    ("专精特新中小企业", "细分市场年限", "zj-ind-niche-years", 5),
    ("专精特新中小企业", "资产负债率", "zj-ind-debt", 5),
    ("创新型中小企业", "研发费用", None, None),
])
def test_the_points_an_item_scores_come_from_the_2022_score_sheet(tier: str, indicator: str, row_id: str | None,
                                                                  points: int | None) -> None:
    """Only the 2022 rules give points per item; the item's own row answers, not its class's."""
    lookup = lookup_criteria(tier=tier, indicator=indicator, today=TODAY, points=True)
    assert lookup.primary == "2022" and all(r.max_points is not None for r in lookup.rows)
    if row_id is not None:
        assert [(r.id, r.max_points) for r in lookup.rows] == [(row_id, points)]
        assert any("分值" in n for n in lookup.notes)


def test_a_comparison_without_a_number_to_subtract_states_both_versions_in_its_lead() -> None:
    from assistant.criteria.format import format_criteria_answer
    from assistant.criteria.lookup import lookup_criteria

    lookup = lookup_criteria(tier="专精特新“小巨人”企业", indicator="市场占有率", compare=True)
    text, _ = format_criteria_answer([lookup])
    lead = text.split("。")[0]
    assert "10%以上" in lead and "国内前三名" in lead


def test_a_comparison_is_led_by_the_sources_own_words_for_the_change() -> None:
    from assistant.criteria.changes import change_clause
    from assistant.criteria.format import format_criteria_answer
    from assistant.criteria.lookup import lookup_criteria
    from zjtx.settings import PROJECT_ROOT

    lookup = lookup_criteria(tier="专精特新中小企业", indicator="研发投入", compare=True)
    change = change_clause(lookup, PROJECT_ROOT / "corpus")
    assert change is not None and "旧版" in change.text and "上一年度" in change.text and "近两年" in change.text
    text, sources = format_criteria_answer([lookup], change=change)
    assert text.startswith("新旧对照：") and (change.doc_id, change.locator) == sources[0]
    # no comparison asked: no change clause
    assert change_clause(lookup_criteria(tier="专精特新中小企业", indicator="研发投入"), PROJECT_ROOT / "corpus") is None


def test_a_change_clause_silent_on_the_old_figure_does_not_lead() -> None:
    """cultivation-report-2026 L153's clause on the score ("首次引入…评价得分…50分以上") says nothing of
    2022's 60分: the two versions' rows lead side by side instead (trial 38: 以前是多少 went unanswered)."""
    from assistant.criteria.changes import change_clause
    from assistant.criteria.format import format_criteria_answer
    from assistant.criteria.lookup import lookup_criteria
    from zjtx.settings import PROJECT_ROOT

    lookup = lookup_criteria(tier="专精特新中小企业", indicator="评价得分", compare=True)
    assert change_clause(lookup, PROJECT_ROOT / "corpus") is None
    text, _ = format_criteria_answer([lookup])
    first = text.split("。")[0]
    assert "50分以上" in first and "60分以上" in first, first


def test_a_named_version_that_does_not_state_the_indicator_says_so_first() -> None:
    """"新办法下小巨人资产负债率要求多少": the 2026 report states none, so the lead says that
    before the 2022 rule; with no version named the 2022 rule leads and the note follows."""
    named = format_criteria_answer([lookup_criteria(tier="专精特新“小巨人”企业", rules="2026", indicator="资产负债率",
                                                    today=TODAY)])[0]
    first = named.splitlines()[0]
    assert first.startswith("2026年规则中语料未给出该项（资产负债率）的规定；按2022年") and "70%" in first
    assert "说明：" not in named  # said once, in the lead
    unnamed = format_criteria_answer([lookup_criteria(tier="专精特新“小巨人”企业", indicator="资产负债率",
                                                      today=TODAY)])[0]
    assert unnamed.startswith("按2022年") and "说明：2026年规则中语料未给出该项" in unnamed


def test_a_2022_score_item_is_never_worded_as_a_threshold() -> None:
    text = format_criteria_answer([lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="I类知识产权",
                                                   today=TODAY)])[0]
    assert "有效知识产权数量（创新能力）（评分项，满分10分，不是门槛）" in text
    system = format_criteria_answer([lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="评价指标体系",
                                                     today=TODAY)])[0]
    assert "评分项" not in system  # the system row states its own full mark


def test_an_indicator_class_gives_its_full_mark_and_its_items() -> None:
    """"精细化那块多少分、包括哪几项" (2022): the class's row (25分) and the four items under it."""
    lookup = lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="精细化指标")
    ids = [row.id for row in lookup.rows]
    assert "zj-cat-refinement" in ids
    assert {"zj-ind-digital", "zj-ind-quality-management", "zj-ind-net-margin", "zj-ind-debt"} <= set(ids)
    assert not {"zj-ind-ip", "zj-cat-innovation"} & set(ids)  # another class and its items stay out


def test_a_computed_change_words_both_thresholds_as_their_sources_do() -> None:
    """"小巨人Ⅰ类知识产权从几项提到几项": 2项以上 → 4项以上 (both rows say 以上), not bare counts."""
    lookup = lookup_criteria(tier="专精特新“小巨人”企业", indicator="I类知识产权", compare=True, today=TODAY)
    first = format_criteria_answer([lookup])[0].splitlines()[0]
    assert "由2项以上提高到4项以上" in first, first


def test_thresholds_the_versions_word_differently_keep_each_versions_wording() -> None:
    """细分市场: 2022 says 2年以上, 2026 says 不少于3年; the change states both as said, not bare 2年 → 3年
    (blind15 b15-059 asked 新办法改成几年了 and the lead had dropped 不少于)."""
    lookup = lookup_criteria(tier="专精特新中小企业", indicator="细分市场年限", compare=True, today=TODAY)
    first = format_criteria_answer([lookup])[0].splitlines()[0]
    assert "由2年以上提高到不少于3年" in first, first


def test_a_computed_change_is_not_repeated_by_the_sources_clause() -> None:
    """营收 1000万元 → 1500万元: the computed change leads; the source's clause saying the same is
    not added (the rows after it cite that line)."""
    from assistant.criteria.changes import change_clause
    from zjtx.settings import PROJECT_ROOT

    lookup = lookup_criteria(tier="专精特新中小企业", indicator="营业收入", compare=True, today=TODAY)
    change = change_clause(lookup, PROJECT_ROOT / "corpus")
    assert change is not None
    text, _ = format_criteria_answer([lookup], change=change)
    assert "提高了500万元" in text.splitlines()[0] and "新旧对照" not in text


def test_parts_from_different_versions_each_name_their_version() -> None:
    """"有效期几年？每年啥时候之前要更新数据？": the validity is a 2022 rule, the update a 2026 one; the
    2026 rule is not worded under "按2022年…"."""
    from assistant.frame import criteria_for, read_turn
    from assistant.models import ChatMessage

    frame = read_turn([ChatMessage(role="user", content="小巨人有效期几年？每年啥时候之前要更新数据？")], today=TODAY)
    lead = format_criteria_answer(criteria_for(frame))[0].splitlines()[0]
    first_version, _, second = lead.partition("；按现行2026年")
    assert first_version.startswith("按2022年") and "实行年度信息更新" not in first_version, lead
    assert "实行年度信息更新" in second, lead


def test_a_version_lacking_the_indicator_is_named_before_its_own_note() -> None:
    """"新办法小巨人营收门槛是多少？那旧版呢？": 2022 sets no revenue threshold for 小巨人; the answer
    names the version that lacks it before the rule file's note on it (trial 27 had led with the
    bare note), and a note on another indicator is not borrowed."""
    revenue = lookup_criteria(tier="专精特新“小巨人”企业", rules="2022", indicator="营业收入", today=TODAY)
    assert revenue.notes[0].startswith("2022年规则中语料未给出该项（营业收入）的规定：") and "三选一" in revenue.notes[0]
    score = lookup_criteria(tier="专精特新“小巨人”企业", rules="2022", indicator="评价得分", today=TODAY)
    assert "三选一" not in "".join(score.notes)
