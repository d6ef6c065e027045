"""奖励查询's filters: the page opens on one honour across all regions, a region asked for without
a picked honour lists every honour of that region (the trial typed 昆山 and saw 1 row of 5), and an
honour the user picked is kept when the region changes; on a phone the table scrolls sideways with
readable columns. The browser side is in test_browser.py and test_browser_layout.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

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
    title, note, table, _chart, _chart_note = tab.search_region("昆山", OPENING_TITLE, False, True)
    assert title == ALL_TITLES, f"the honour filter should show that every honour is listed, got {title!r}"
    rows = table.values.tolist()
    assert len(rows) == 5 and {row[0] for row in rows} == {"昆山市"}, f"昆山 has five reward rows: {rows}"
    assert any("省级专精特新" in row[1] for row in rows) and "共 5 条" in note, note


def test_a_picked_honour_is_kept_when_the_region_changes(tab: RewardsTab) -> None:
    picked, *_shown = tab.search_honour("昆山", OPENING_TITLE, True)
    assert picked is True, "picking an honour is remembered"
    title, _note, table, _chart, _chart_note = tab.search_region("太仓", OPENING_TITLE, picked, True)
    rows = table.values.tolist()
    assert title == OPENING_TITLE and [row[:3] for row in rows] == [["太仓市", OPENING_TITLE, "50万元"]], rows


@pytest.mark.parametrize(("region", "honour", "picked", "expected"), [
    ("昆山", OPENING_TITLE, False, ALL_TITLES),   # the opening honour was never asked for
    ("昆山", "省级专精特新小巨人", True, "省级专精特新小巨人"),
    ("昆山", ALL_TITLES, True, ALL_TITLES),
    (ALL_REGIONS, OPENING_TITLE, False, OPENING_TITLE),  # back to the comparison across regions
    ("", OPENING_TITLE, False, OPENING_TITLE),
])
def test_the_honour_a_region_is_searched_with(region: str, honour: str, picked: bool, expected: str) -> None:
    assert honour_for_region(region, honour, picked) == expected


def test_the_region_updates_the_honour_filter_and_only_the_users_pick_marks_it(tmp_path: Path) -> None:
    config = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data")))).get_config_file()
    ids = {c.get("props", {}).get("elem_id"): c["id"] for c in config["components"]}
    region, title = ids["zjtx-region"], ids["zjtx-title"]
    events = {(target, event): dependency for dependency in config["dependencies"]
              for target, event in map(tuple, dependency["targets"])}
    assert title in events[(region, "change")]["outputs"], "a new region shows the honour it was searched with"
    assert (title, "change") not in events, (
        "resetting the honour to 全部称号 is no pick of the user's (and would search twice): listen to .input")
    assert ids["zjtx-rewards-table"] in events[(title, "input")]["outputs"]


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
