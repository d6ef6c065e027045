"""The chat's tool-results panel: every tool result in words and tables, never a raw dict or JSON,
and no reward table the answer beside it already shows."""

from __future__ import annotations

import pytest

from assistant.criteria import lookup_criteria
from assistant.eligibility import CompanyProfile, check_eligibility
from assistant.models import ToolCallRecord
from assistant.rewards import lookup_rewards
from assistant.rewards.formatting import format_rewards_markdown
from ui.gradio.formatting.tool_results import readable_html, tool_results_html

TITLES = {"measures-2022-training": "《优质中小企业梯度培育管理暂行办法》解读培训"}
SCRIPT = "<script>alert(1)</script>"


def _raw(html_out: str) -> list[str]:
    """Signs of a Python dict or JSON object shown as text."""
    return [sign for sign in ("{", "}", "'rows'", '"rows"', "': ", "doc_id", "amount_text") if sign in html_out]


def test_a_criteria_lookup_is_one_readable_line_per_row() -> None:
    lookup = lookup_criteria(tier="专精特新中小企业", rules="2022", indicator="营业收入")
    html_out = tool_results_html([ToolCallRecord(name="lookup_criteria", arguments={}, result=lookup.public())], TITLES)
    assert not _raw(html_out), f"raw dict in the panel: {_raw(html_out)} in {html_out}"
    assert "lookup_criteria" not in html_out, "the heading is Chinese, not the tool's name"
    assert html_out.count("<li>") == len(lookup.rows) >= 1
    row = lookup.rows[0]
    assert f"{row.tier} · 2022版 · 营业收入" in html_out, "each line names 层级 · 版本 · 指标"
    assert row.text in html_out and "上年度营业收入总额在1000万元以上" in html_out
    assert f"{TITLES[row.source.doc_id]} {row.source.locator}" in html_out, "each line cites its source"


def test_a_criteria_lookup_with_nothing_found_says_so_with_its_note() -> None:
    result = {"rows": [], "note": "2026年规则中语料未给出该项的规定", "rules": "2026", "versions": ["2026"]}
    html_out = tool_results_html([ToolCallRecord(name="lookup_criteria", arguments={}, result=result)], {})
    assert "未查到对应条文" in html_out and "语料未给出" in html_out and not _raw(html_out)


def test_eligibility_and_reward_results_are_tables() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1200), tier="专精特新中小企业", rules="2022")
    rewards = lookup_rewards(region="昆山", title="小巨人")
    html_out = tool_results_html([
        ToolCallRecord(name="check_eligibility", arguments={}, result=report.model_dump()),
        ToolCallRecord(name="lookup_rewards", arguments={}, result=rewards.model_dump()),
    ], TITLES)
    assert html_out.count("<table") == 2 and "资格核对" in html_out and "奖励查询结果" in html_out
    assert "昆山市" in html_out and not _raw(html_out)


@pytest.mark.parametrize(("region", "title"), [
    ("昆山", "小巨人"),  # one row and its parent region's, with a note
    ("苏州", "国家级专精特新“小巨人”"),  # a district table
    ("成都", "国家级专精特新“小巨人”"),  # no row of its own: the note leads, the province's row follows
], ids=["kunshan-with-parent", "suzhou-districts", "chengdu-province-only"])
def test_a_reward_result_the_answer_shows_in_full_is_not_repeated_beside_it(region: str, title: str) -> None:
    """The rewards route's answer is the lookup (amounts, table, note): beside it and its cited
    passages the panel's 奖励查询结果 table was a third copy of the same amounts."""
    lookup = lookup_rewards(region=region, title=title)
    assert lookup.rows, f"the bundled table has rows for {region}"
    call = ToolCallRecord(name="lookup_rewards", arguments={"region": region}, result=lookup.model_dump(mode="json"))
    answer = format_rewards_markdown(lookup, TITLES)
    assert tool_results_html([call], TITLES, answer) == "", (
        f"the answer already shows every amount of {region}: the panel should add no 奖励查询结果 table")
    assert "奖励查询结果" in tool_results_html([call], TITLES), "without the answer the table is still shown"


def test_a_reward_result_the_answer_shows_only_in_part_keeps_its_table() -> None:
    """An answer that leaves rows out (a model's own wording, say) does not stand for the lookup."""
    lookup = lookup_rewards(region="苏州", title="国家级专精特新“小巨人”")
    first = lookup.rows[0]
    answer = f"{first.region}对{first.title}的奖励为{first.amount_text} [1]。"
    call = ToolCallRecord(name="lookup_rewards", arguments={}, result=lookup.model_dump(mode="json"))
    html_out = tool_results_html([call], TITLES, answer)
    assert "奖励查询结果" in html_out and html_out.count("<tr>") == len(lookup.rows) + 1, (
        f"the rows the answer does not show stay in the panel: {html_out[:300]}")
    missing_note = format_rewards_markdown(lookup, TITLES).replace(lookup.note, "")
    assert lookup.note and "奖励查询结果" in tool_results_html([call], TITLES, missing_note), (
        "an answer without the lookup's note (which regions are missing) keeps the panel's note")


def test_only_the_reward_result_the_answer_shows_is_left_out() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1200), tier="专精特新中小企业", rules="2022")
    lookup = lookup_rewards(region="昆山", title="小巨人")
    calls = [ToolCallRecord(name="check_eligibility", arguments={}, result=report.model_dump()),
             ToolCallRecord(name="lookup_rewards", arguments={}, result=lookup.model_dump(mode="json")),
             ToolCallRecord(name="lookup_rewards", arguments={}, result="参数有误：region 无效")]
    html_out = tool_results_html(calls, TITLES, format_rewards_markdown(lookup, TITLES))
    assert "资格核对" in html_out and html_out.count("<table") == 1, "the eligibility table stays"
    assert "参数有误：region 无效" in html_out, "a tool's error is never taken as shown by the answer"
    empty = ToolCallRecord(name="lookup_rewards", arguments={}, result={"rows": [], "note": ""})
    assert "没有查到对应的奖励" in tool_results_html([empty], TITLES, "昆山市对小巨人的奖励：50万元"), (
        "an empty lookup still says nothing was found")


def test_search_hits_name_the_document_and_lines() -> None:
    hits = [{"n": 1, "doc_id": "measures-2022-training", "locator": "L335-L338"}]
    html_out = tool_results_html([ToolCallRecord(name="search_policies", arguments={"query": "营收 门槛"},
                                                 result=hits)], TITLES)
    assert "检索到的原文：营收 门槛" in html_out
    assert "[1]" in html_out and "解读培训 L335-L338" in html_out and not _raw(html_out)


@pytest.mark.parametrize("name", ["check_eligibility", "lookup_rewards", "lookup_criteria"])
def test_a_result_the_view_cannot_read_is_shown_in_words(name: str) -> None:
    """A tool's error (a string) or an unexpected shape never crashes the panel or shows a dict."""
    error = tool_results_html([ToolCallRecord(name=name, arguments={}, result="参数有误：tier 无效")], {})
    assert "参数有误：tier 无效" in error and name not in error
    odd = tool_results_html([ToolCallRecord(name=name, arguments={}, result={"unexpected": [1, 2], "ok": True})], {})
    assert "unexpected" in odd and "1、2" in odd and "是" in odd and not _raw(odd)


def test_an_unknown_tool_is_labelled_lines_not_json() -> None:
    result = {"rows": [{"region": "昆山市", "title": "小巨人", "flag": False}], "note": ""}
    html_out = tool_results_html([ToolCallRecord(name="other_tool", arguments={}, result=result)], {})
    assert "工具结果（other_tool）" in html_out
    assert "地区：" in html_out and "昆山市" in html_out and "否" in html_out and not _raw(html_out)
    assert "note" not in html_out, "empty fields are left out"


def test_every_view_escapes_what_it_shows() -> None:
    criteria = {"rows": [{"tier": SCRIPT, "rules": "2022", "indicator": SCRIPT, "text": SCRIPT,
                          "source": {"doc_id": SCRIPT, "locator": SCRIPT}}], "note": SCRIPT, "versions": [SCRIPT]}
    calls = [
        ToolCallRecord(name="lookup_criteria", arguments={}, result=criteria),
        ToolCallRecord(name="search_policies", arguments={"query": SCRIPT}, result=[{"n": 1, "doc_id": SCRIPT,
                                                                                      "locator": SCRIPT}]),
        ToolCallRecord(name=SCRIPT, arguments={}, result={SCRIPT: [SCRIPT]}),
    ]
    html_out = tool_results_html(calls, {})
    assert "<script" not in html_out and "&lt;script&gt;" in html_out
    assert "<script" not in readable_html([{"k": SCRIPT}])


def test_the_champion_check_is_not_shown_again_beside_an_answer_listing_it() -> None:
    """制造业单项冠军's check has no rule table: the answer lists every condition, so the panel shows nothing
    more (it would show the raw result, fail/unknown in English)."""
    from assistant.eligibility.champion import check_champion
    from assistant.eligibility_answers import champion_answer

    check = check_champion(CompanyProfile(major_violation_3y=True), "还能申请单项冠军吗？")
    call = ToolCallRecord(name="check_eligibility", arguments={}, result=check.result())
    text, _ = champion_answer(check, {})
    assert tool_results_html([call], {}, text) == ""
    assert "近三年无环境、质量、安全违法记录" in tool_results_html([call], {}, "（另一段回答）")
