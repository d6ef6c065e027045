"""The LangChain tool and the Markdown answer."""

from __future__ import annotations

import re

from assistant.rewards import (
    RewardLookup,
    RewardRow,
    format_rewards_markdown,
    lookup_rewards,
    make_lookup_rewards_tool,
)


def test_tool_returns_the_lookup_dict(table: list[RewardRow]) -> None:
    tool = make_lookup_rewards_tool(table)
    assert tool.name == "lookup_rewards"
    assert set(tool.args) == {"region", "title"}
    result = tool.invoke({"region": "昆山", "title": "国家级小巨人"})
    assert result == lookup_rewards("昆山", "国家级小巨人", table=table).model_dump()
    assert result["rows"][0]["amount_text"] == "50万元"
    assert tool.invoke({"title": "单项冠军"})["rows"]


def test_single_answer_leads_with_the_amount_and_cites(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("太仓", "省级小巨人", table=table)
    text = format_rewards_markdown(lookup, {"measures-2022-training": "《办法》解读培训"})
    first_line = text.splitlines()[0]
    assert "**30万元**" in first_line and "[1]" in first_line
    assert "《太仓市工业经济高质量发展若干扶持政策》（太政办〔2021〕188号）" in text
    assert "[1] 《办法》解读培训 L671-L671" in text


def test_several_rows_make_a_table_with_parent_marked(table: list[RewardRow]) -> None:
    text = format_rewards_markdown(lookup_rewards("太仓", "小巨人", table=table))
    assert text.splitlines()[0].startswith("太仓市对国家级专精特新“小巨人”的奖励：**50万元**")
    assert "| 地区 | 称号 | 奖励 | 条件 | 参考政策 | 出处 |" in text
    assert "| 江苏省（上级参考） |" in text
    markers = set(re.findall(r"\[\d+\]", text))
    assert markers == {"[1]", "[2]"}


def test_comparison_answer_states_the_highest_first(table: list[RewardRow]) -> None:
    text = format_rewards_markdown(lookup_rewards("苏州", "小巨人", table=table, compare=True))
    assert text.splitlines()[0].startswith("共 7 条奖励标准（按金额从高到低），最高为苏州工业园区")
    # ...and the lowest after it: the range at a glance (blind37: "最低一档和最高一档分别多少")
    lowest = lookup_rewards("苏州", "小巨人", table=table, compare=True)
    low = lowest.rows[lowest.matched - 1]
    assert f"，最低为{low.region}{low.title} **{low.amount_text}**" in text.splitlines()[0]
    assert "现有资料中未列出吴中区、相城区" in text


def test_missing_answer_starts_with_the_note_and_invents_no_amount(table: list[RewardRow]) -> None:
    lookup = lookup_rewards("吴中", "小巨人", table=table)
    text = format_rewards_markdown(lookup)
    assert text.startswith("现有资料中未列出吴中区对国家级专精特新“小巨人”的奖励金额")
    assert "吴中区（参考）" in text
    written = {r.amount_text for r in table}
    shown = re.findall(r"\| ([^|]*万[^|]*) \| [^|]* \| [^|]* \| \[\d+\] \|", text)
    assert shown and set(shown) <= written


def test_empty_lookup_is_just_the_note() -> None:
    assert format_rewards_markdown(RewardLookup(note="现有资料中未列出")) == "现有资料中未列出"


def test_unlisted_region_answer_shows_the_parent_amount_in_a_table(
    table: list[RewardRow],
) -> None:
    text = format_rewards_markdown(lookup_rewards("深圳南山区", "小巨人", table=table))
    assert text.startswith("现有资料中未列出深圳市南山区的奖励标准")
    assert "| 广东省（上级参考） | 国家级专精特新“小巨人” | 50万 |" in text


def test_the_lead_carries_the_rows_policy_conditions_but_not_the_curators_notes(table: list[RewardRow]) -> None:
    """昆山: "新认定；就高不重复；原文：江苏省小巨人企业" — the two conditions follow the amount, the
    note on the source's wording does not."""
    first = format_rewards_markdown(lookup_rewards("昆山", "省级小巨人", table=table)).splitlines()[0]
    assert "**30万元**（新认定；就高不重复）" in first and "原文" not in first
    bare = format_rewards_markdown(lookup_rewards("张家港", "国家级小巨人", table=table)).splitlines()[0]
    assert "**50万元** [1]" in bare  # a row with no conditions gets no empty brackets
    # 常熟's amounts are service vouchers (measures-2022-training L663: 服务劵奖补): the lead says so
    changshu = format_rewards_markdown(lookup_rewards("常熟", "国家级小巨人", table=table)).splitlines()[0]
    assert "**50万元**（服务券奖补；分类分档）" in changshu, changshu


def test_policy_terms_drop_notes_and_long_segments() -> None:
    from assistant.rewards.phrases import load_phrases

    terms = load_phrases().policy_terms
    assert terms("首次认定；累计不超过；含上级奖励资金；原文为“国家……专精特新各类荣誉称号”，未细分具体称号") == [
        "首次认定", "累计不超过", "含上级奖励资金"]
    assert terms("区级奖励，各区标准不同，列示为区间（表注1，L974）") == []
    assert terms("") == []


def test_a_region_with_its_own_row_among_its_subregions_leads_with_its_own_amount(table: list[RewardRow]) -> None:
    """"江苏的国家级小巨人奖励多少" led with "共 8 条奖励标准，见下表" and no amount; the province's own row leads,
    its subregions' follow in the table."""
    lookup = lookup_rewards("江苏", "国家级小巨人", table=table)
    lead = format_rewards_markdown(lookup).splitlines()[0]
    assert lead.startswith("江苏省对国家级专精特新“小巨人”的奖励：**不超过50万**"), lead
    assert "下辖地区另有" in lead and str(lookup.matched - 1) in lead, lead
