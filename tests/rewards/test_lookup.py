"""Region-aware lookup: aliases, parent regions, honours, comparisons and missing entries."""

from __future__ import annotations

import pytest

from assistant.rewards import RewardRow, lookup_rewards

NATIONAL = "国家级专精特新“小巨人”"
ROW_KEYS = {
    "region",
    "region_path",
    "title",
    "amount_text",
    "amount_min",
    "amount_max",
    "unit",
    "conditions",
    "policy",
    "source",
    "issued",
}


def matched(lookup) -> list[RewardRow]:
    return lookup.rows[: lookup.matched]


def test_kunshan_national_little_giant(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("昆山", "国家级小巨人", table=table)
    [row] = matched(lookup)
    assert (row.region, row.title, row.amount_text) == ("昆山市", NATIONAL, "50万元")
    assert "就高不重复" in row.conditions
    assert row.source.doc_id == "measures-2022-training"


def test_model_dump_has_the_documented_shape(table: list[RewardRow]) -> None:
    data = lookup_rewards("太仓", "小巨人", table=table).model_dump()
    assert set(data) == {"rows", "note"}
    assert all(set(row) == ROW_KEYS for row in data["rows"])
    assert set(data["rows"][0]["source"]) == {"doc_id", "locator"}


def test_aliases_reach_the_same_rows(table: list[RewardRow]) -> None:
    for alias_set in (
        ["园区", "工业园区", "苏州工业园区"],
        ["高新区", "苏州高新区"],
        ["太仓", "太仓市"],
        ["内蒙古", "内蒙古自治区"],
    ):
        results = [lookup_rewards(alias, None, table=table).model_dump() for alias in alias_set]
        assert all(r == results[0] for r in results), f"别名 {alias_set} 的查询结果应相同"
        assert results[0]["rows"], f"{alias_set[0]} 应有奖励行"


def test_parent_rows_are_listed_after_the_region_and_marked(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("太仓", "小巨人", table=table)
    assert [(r.region, r.amount_text) for r in matched(lookup)] == [("太仓市", "50万元")]
    parents = [r for i, r in enumerate(lookup.rows) if lookup.role(i) == "parent"]
    assert [(r.region, r.amount_text) for r in parents] == [("江苏省", "不超过50万")]
    assert "上级地区江苏省" in lookup.note
    assert "苏州市" in lookup.note  # city level is said to be absent, not invented


def test_province_returns_itself_and_its_counties(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("江苏", "小巨人", table=table)
    regions = [r.region for r in matched(lookup)]
    assert regions[0] == "江苏省"
    assert {"太仓市", "昆山市", "苏州工业园区", "苏州高新区"} <= set(regions)
    assert all(r.title == NATIONAL for r in matched(lookup))
    assert "吴中区" in lookup.note and "相城区" in lookup.note


def test_region_without_title_lists_all_its_honours(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("太仓", None, table=table)
    titles = [r.title for r in matched(lookup)]
    assert len(titles) == 6 and titles[0] == NATIONAL  # honours.yaml order: national first


def test_provincial_little_giant_is_a_different_honour(table: list[RewardRow]) -> None:
    national = matched(lookup_rewards("太仓", "小巨人", table=table))
    provincial = matched(lookup_rewards("太仓", "省级小巨人", table=table))
    assert [r.amount_text for r in national] == ["50万元"]
    assert [(r.title, r.amount_text) for r in provincial] == [("省级专精特新小巨人", "30万元")]


def test_honour_only_lookup_spans_regions_sorted_by_amount(table: list[RewardRow]) -> None:
    rows = matched(lookup_rewards(None, "单项冠军", table=table))
    assert {r.region for r in rows} >= {"太仓市", "吴中区", "相城区", "张家港市", "吴江区"}
    amounts = [r.sort_amount for r in rows]
    assert amounts == sorted(amounts, reverse=True)


def test_missing_combination_is_reported_with_nearest_rows(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("吴中区", "小巨人", table=table)
    assert lookup.matched == 0
    assert "现有资料中未列出吴中区对国家级专精特新“小巨人”的奖励金额" in lookup.note
    wuzhong = [r for r in lookup.rows if r.region == "吴中区"]
    assert wuzhong and all(r.title != NATIONAL for r in wuzhong)
    assert wuzhong[0].title == "省级专精特新小巨人"  # related honour first
    table_amounts = {(r.region, r.title, r.amount_text) for r in table}
    assert all((r.region, r.title, r.amount_text) in table_amounts for r in lookup.rows)


def test_region_with_no_rows_shows_same_honour_elsewhere(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("海南", "小巨人", table=table)
    assert lookup.matched == 0
    assert "现有资料中未列出海南省对国家级专精特新“小巨人”的奖励金额" in lookup.note
    assert lookup.rows and all(r.title == NATIONAL for r in lookup.rows)
    assert lookup.rows[0].region == "全国"
    # other provinces' rows say nothing about 海南 (trial 39, 山东): the nationwide summary alone, said to be one
    assert {r.region for r in lookup.rows} == {"全国"}, [r.region for r in lookup.rows]
    assert "概括" in lookup.note


def test_unknown_region_and_empty_query_say_so(table: list[RewardRow]) -> None:
    unknown = lookup_rewards("火星", "小巨人", table=table)
    assert unknown.matched == 0 and "火星" in unknown.note
    empty = lookup_rewards(None, None, table=table)
    assert empty.rows == [] and empty.note


def test_suzhou_comparison_sorted_by_amount_without_parents(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("苏州", "国家级小巨人", table=table, compare=True)
    rows = matched(lookup)
    assert len(rows) == len(lookup.rows), "对比时不列上级地区"
    assert rows[0].region == "苏州工业园区" and rows[0].amount_text == "累计不超过100万元"
    assert rows[-1].region == "吴江区" and rows[-1].amount_text == "30万元"
    amounts = [r.sort_amount for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    assert "吴中区、相城区" in lookup.note


def test_custom_table_is_used(table: list[RewardRow]) -> None:
    only_taicang = [r for r in table if r.region == "太仓市"]
    lookup = lookup_rewards("江苏", "小巨人", table=only_taicang)
    assert [r.region for r in lookup.rows] == ["太仓市"]


def test_unlisted_district_of_a_listed_city_shows_the_province_as_parent(
    table: list[RewardRow],
) -> None:
    lookup = lookup_rewards("深圳南山区", "小巨人", table=table)
    assert lookup.matched == 0, "语料未收录南山区，不应有匹配行"
    assert lookup.note.startswith("现有资料中未列出深圳市南山区的奖励标准")
    assert [(r.region, r.title) for r in lookup.rows] == [("广东省", NATIONAL)]
    assert lookup.role(0) == "parent"
    assert "上级地区广东省" in lookup.note


def test_a_placed_district_whose_parents_list_nothing_for_the_honour_shows_the_summary_alone(
    table: list[RewardRow],
) -> None:
    """Trial 37: 无锡新吴区's 省级专精特新中小企业 listed ten rows from 辽宁, 北京, 天津…: its city and
    province are known and list nothing for it; only the nationwide summary is a reference."""
    lookup = lookup_rewards("无锡新吴区", "省级专精特新中小企业", table=table)
    assert lookup.matched == 0 and "上级地区无锡市、江苏省本级" in lookup.note
    assert [r.region for r in lookup.rows] == ["全国"]


def test_unlisted_region_names_from_a_parse_reach_the_same_lookup(table: list[RewardRow]) -> None:
    assert (
        lookup_rewards("深圳市南山区", "小巨人", table=table).model_dump()
        == lookup_rewards("深圳南山区", "国家级小巨人", table=table).model_dump()
    )


def test_unlisted_region_without_listed_part_shows_the_honour_elsewhere_for_reference(
    table: list[RewardRow],
) -> None:
    lookup = lookup_rewards("南山区", "小巨人", table=table)
    assert lookup.matched == 0
    assert lookup.note.startswith("现有资料中未列出南山区的奖励标准")
    assert lookup.rows and all(lookup.role(i) == "nearest" for i in range(len(lookup.rows)))
    assert lookup.rows[0].region == "全国"
    assert lookup_rewards("南山区", None, table=table).rows == []


def test_unlisted_city_region_only_lists_its_province(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("杭州市余杭区", None, table=table)
    assert lookup.matched == 0
    assert {r.region for r in lookup.rows} == {"浙江省"}


def test_a_region_without_its_own_row_says_so_before_its_subregions() -> None:
    from assistant.rewards import lookup_rewards
    from assistant.rewards.formatting import format_rewards_markdown

    lookup = lookup_rewards(region="江苏省", title="省级专精特新中小企业")
    assert lookup.matched and all(r.region != "江苏省" for r in lookup.rows[: lookup.matched])
    lead = format_rewards_markdown(lookup).split("\n\n")[0]
    assert lead.startswith("现有资料中未列出江苏省本级对省级专精特新中小企业的奖励；下辖地区：")
    own = lookup_rewards(region="昆山", title="小巨人")
    assert own.lead_note == ""


def test_an_amount_that_holds_the_higher_levels_funds_lists_no_parent_rows(table: list[RewardRow]) -> None:
    """苏州工业园区's 累计不超过100万元 包含上级奖励资金 (measures-2022-training L715-L717): the 江苏省 row is no
    reward it may add to (new-user trial 30 was told it 可能同时适用)."""
    result = lookup_rewards("苏州工业园区", "国家级小巨人", table=table)
    assert [r.region for r in result.rows] == ["苏州工业园区"]
    assert "已含上级奖励资金" in result.note, result.note
    # a region whose amount does not hold them still lists its province's row
    assert "江苏省" in {r.region for r in lookup_rewards("昆山", "国家级小巨人", table=table).rows}


def test_an_honour_a_region_lists_no_row_for_is_said_missing_not_answered_with_other_honours(
    table: list[RewardRow],
) -> None:
    """New-user trial 41: "双流区对创新型中小企业奖励多少" listed the 国家级 and 省级 rows as if they answered it."""
    from assistant.rewards.question import parse_reward_question

    asked = parse_reward_question("昆山对创新型中小企业奖励多少？")
    assert asked.title == "创新型中小企业"
    lookup = lookup_rewards(asked.region, asked.title, table=table)
    assert lookup.matched == 0 and "未列出昆山市对创新型中小企业的奖励金额" in lookup.note, lookup.note


def _row(amount: float, policy: str, issued: str, doc: str = "lib-x") -> RewardRow:
    from assistant.rewards.models import RewardSource
    return RewardRow(region="吴中区", region_path="江苏省 > 苏州市 > 吴中区", title="国家级制造业单项冠军",
                     amount_text=f"{amount:g}万元", amount_min=amount, amount_max=amount, policy=policy,
                     source=RewardSource(doc_id=doc, locator="L1-L1"), issued=issued)


def test_a_later_notice_of_the_same_region_and_honour_leads_and_the_earlier_follows() -> None:
    """Trial 42: a 2026 notice's 150万元 had followed the 2020 guide's 100万元, with no date to tell them apart."""
    from assistant.rewards.formatting import format_rewards_markdown

    old = _row(100, "《2020年促进吴中区工业经济高质量发展项目申报指南》", "2020", doc="measures-2022-training")
    new = _row(150, "关于兑现2025年度吴中区专精特新企业认定奖励的通知", "2026-05-20")
    lookup = lookup_rewards("吴中区", "单项冠军", rows=[old, new])
    assert [r.amount_max for r in lookup.rows] == [150, 100] and lookup.matched == 1 and lookup.earlier == 1
    assert lookup.role(1) == "earlier"
    lead = format_rewards_markdown(lookup).splitlines()[0]
    assert lead.index("150万元") < lead.index("2026-05-20") < lead.index("100万元")


def test_rows_with_no_date_or_the_same_year_are_not_ordered_by_it() -> None:
    from assistant.rewards.lookup import newest_first

    undated, dated = _row(100, "公开政策文件", ""), _row(150, "某通知", "2026-05-20")
    assert newest_first([undated, dated]) == ([undated, dated], [])
    same_year = _row(120, "《2026年…指南》", "2026")
    assert newest_first([same_year, dated]) == ([same_year, dated], [])
    earlier_day = _row(90, "另一通知", "2026-01-05")
    assert newest_first([earlier_day, dated]) == ([dated], [earlier_day])


@pytest.mark.parametrize(("policy", "year"), [
    ("《张家港市高质量发展产业扶持政策（工信领域）实施细则》（张工信〔2020〕23号）", "2020"),
    ("《2020年促进吴中区工业经济高质量发展项目申报指南》", "2020"),
    ("《2022年度苏州市相城区工业经济高质量发展专项资金项目（第一批）申报指南》", "2022"),
    ("公开政策文件（艾瑞咨询整理，未列具体文件名）", ""),
])
def test_a_curated_rows_year_is_the_one_its_policy_names(policy: str, year: str) -> None:
    from assistant.rewards.table import year_named
    assert year_named(policy) == year
