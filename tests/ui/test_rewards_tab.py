"""奖励查询's filters: the page opens on one honour across all regions, a region asked for without
a picked honour lists every honour of that region (the trial typed 昆山 and saw 1 row of 5), and an
honour the user picked is kept when the region changes; on a phone the table scrolls sideways with
readable columns. The browser side is in test_browser.py and test_browser_layout.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.rewards import lookup_rewards
from tests.ui.css_rules import css_rules, declarations
from ui.app import create_web_app
from ui.gradio.app import WebUI, build_blocks
from ui.gradio.formatting.reward_tables import REWARD_COLUMN_WIDTHS
from ui.gradio.rewards_tab import (
    ALL_REGIONS,
    ALL_TITLES,
    OPENING_TITLE,
    RewardsTab,
    honour_for_region,
)
from ui.state import ServiceHolder
from zjtx.settings import Settings


@pytest.fixture
def tab(tmp_path: Path) -> RewardsTab:
    return RewardsTab(Settings(data_dir=tmp_path / "data"))


def test_a_region_without_a_picked_honour_lists_every_honour_of_it(tab: RewardsTab) -> None:
    title, note, table, _chart, _chart_note = tab.search("昆山", OPENING_TITLE, False, True)
    assert title == ALL_TITLES, f"the honour filter should show that every honour is listed, got {title!r}"
    rows = table.values.tolist()
    own = [row for row in rows if row[0] == "昆山市"]
    assert len(own) == 5, f"昆山 has five reward rows: {rows}"
    assert any("省级专精特新" in row[1] for row in own), rows
    # its province's rows follow, marked, as the chat shows them (new-user trial 36)
    assert [row[0] for row in rows[5:]] == ["江苏省（上级参考）"] and "江苏省" in note, (rows, note)
    assert "共 5 条（另列参考 1 条）" in note, note  # trial 40 read 共 2 条 over 3 rows


def test_a_picked_honour_is_kept_when_the_region_changes(tab: RewardsTab) -> None:
    title, note, table, _chart, _chart_note = tab.search("太仓", OPENING_TITLE, True, True)
    rows = table.values.tolist()
    assert title == OPENING_TITLE and [row[:3] for row in rows] == [
        ["太仓市", OPENING_TITLE, "50万元"], ["江苏省（上级参考）", OPENING_TITLE, "不超过50万"]], rows
    # the filter left on says so (trial 31 saw 1 row of 昆山's 5 and no sign of a filter)
    assert f"当前只显示称号「{OPENING_TITLE}」" in note and ALL_TITLES in note, note


def test_a_region_in_traditional_characters_is_the_same_region(tab: RewardsTab) -> None:
    simplified = tab.search("昆山", ALL_TITLES, True, True)[2].values.tolist()
    traditional = tab.search("崑山", ALL_TITLES, True, True)[2].values.tolist()
    assert traditional == simplified and len(simplified) >= 5, traditional


@pytest.mark.parametrize(("region", "honour", "picked", "expected"), [
    ("昆山", OPENING_TITLE, False, ALL_TITLES),   # the opening honour was never asked for
    ("昆山", "省级专精特新小巨人", True, "省级专精特新小巨人"),
    ("昆山", ALL_TITLES, True, ALL_TITLES),
    (ALL_REGIONS, OPENING_TITLE, False, OPENING_TITLE),  # back to the comparison across regions
    ("", OPENING_TITLE, False, OPENING_TITLE),
])
def test_the_honour_a_region_is_searched_with(region: str, honour: str, picked: bool, expected: str) -> None:
    assert honour_for_region(region, honour, picked) == expected


def test_every_query_is_one_event_that_shows_the_honour_it_searched_with(tmp_path: Path) -> None:
    """A new user typed a region and pressed 查询 (trial 25): 查询 searched with the opening honour while
    the region's own search, run beside it, set the filter to 全部称号; 全部称号 stood above 1 row of 4."""
    config = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data")))).get_config_file()
    ids = {c.get("props", {}).get("elem_id"): c["id"] for c in config["components"]}
    region, title, search, picked = (ids[k] for k in ("zjtx-region", "zjtx-title", "zjtx-rewards-search",
                                                      "zjtx-honour-picked"))
    queries = [d for d in config["dependencies"] if ids["zjtx-rewards-table"] in d["outputs"] and d["trigger_after"] is None]
    assert len(queries) == 1, f"one query event for the whole tab, so one query at a time: {len(queries)}"
    query = queries[0]
    triggers = {tuple(t) for t in query["targets"]}
    assert {(region, "change"), (title, "input"), (search, "click")} <= triggers and any(
        event == "load" for _, event in triggers), f"opening the page, a region, an honour and 查询 all query: {triggers}"
    assert query["trigger_mode"] == "always_last", "a trigger while a query runs asks again, reading the filters then"
    assert query["outputs"][0] == title, "the query shows the honour it searched with above its rows"
    assert (title, "change") not in triggers, (
        "resetting the honour to 全部称号 is no pick of the user's (and would search twice): listen to .input")
    marks = [d for d in config["dependencies"] if [title, "input"] in [list(t) for t in d["targets"]] and d is not query]
    assert len(marks) == 1 and not marks[0]["backend_fn"] and marks[0]["outputs"] == [picked], (
        "the user's pick is marked in the page itself")
    assert marks[0]["id"] < query["id"], "and set up first, so the query that follows the same pick reads the mark"


def test_on_a_phone_the_table_scrolls_sideways_instead_of_squeezing_its_columns(tmp_path: Path) -> None:
    """Gradio sizes the columns as shares of the table's scrolling box: at 390 px the eight columns got
    19 to 65 px each, one character a line, figures cut off and rows a screen tall (new-user trial)."""
    rules = css_rules(TestClient(create_web_app(Settings(data_dir=tmp_path / "data"))).get("/config").json()["css"])
    box = declarations(rules, "#zjtx-rewards-table .virtual-table-viewport").get("min-width", "")
    assert box.endswith("px"), f"the box the columns are sized from should keep a minimum width, got {box!r}"
    narrowest = min(float(share.rstrip("%")) for share in REWARD_COLUMN_WIDTHS if isinstance(share, str)) / 100
    assert narrowest * float(box.removesuffix("px")) >= 44, (
        f"the narrowest column ({narrowest:.0%} of {box}) should hold a few characters a line")
    scroller = declarations(rules, "#zjtx-rewards-table .upload-container").get("overflow-x")
    assert scroller in ("auto", "scroll"), f"the wider box scrolls sideways inside the block, got overflow-x {scroller!r}"


def test_the_amount_box_sorts_a_regions_own_rows_and_keeps_its_parents_after(tab: RewardsTab) -> None:
    """Trial 37: 吴江's table kept the place order (30万, 50万, 20万, 10万) with 按金额从高到低 ticked."""
    rows = tab.search("吴江", ALL_TITLES, True, True)[2].values.tolist()
    own = [row for row in rows if "上级参考" not in row[0]]
    amounts = [row[4] for row in own]
    assert len(own) >= 3 and amounts == sorted(amounts, reverse=True), rows
    assert rows[: len(own)] == own, "the parents' rows stay after the region's own"
    unsorted = [row[4] for row in tab.search("吴江", ALL_TITLES, True, False)[2].values.tolist()
                if "上级参考" not in row[0]]
    assert sorted(unsorted, reverse=True) == amounts and unsorted != amounts, unsorted


def test_a_title_the_table_does_not_know_is_not_said_to_filter(tab: RewardsTab) -> None:
    """Trial 38 typed 省级 as the honour for 上海: "未能识别称号" and then "当前只显示称号「省级」" over rows of
    every honour."""
    note = tab.rewards("上海", "省级", True)[0]
    assert "当前只显示称号" not in note, note
    kept = tab.rewards("太仓", OPENING_TITLE, True)[0]
    assert f"当前只显示称号「{OPENING_TITLE}」" in kept, kept


def test_the_region_box_offers_only_regions_a_lookup_finds_rows_for(tab: RewardsTab) -> None:
    """New-user trial 39: 济南市 and 青岛市 were offered and returned nothing. A region is offered when it or
    one of its subregions has rows (江苏省 for 昆山's)."""
    choices = tab.region_choices()
    assert choices[0] == ALL_REGIONS and {"昆山市", "江苏省", "全国"} <= set(choices)
    assert not {"济南市", "青岛市", "山东省"} & set(choices)
    for region in choices[1:]:
        assert lookup_rewards(region=region).matched > 0, region
