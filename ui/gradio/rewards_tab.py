"""奖励查询: local rewards by region and honour, as a cited table and a bar chart.

The rows are the curated table plus those read from added notices (marked 自动提取、未经人工核对
until a reviewer accepts them), the same rows every other lookup reads.

The page opens on one honour across all regions (a comparison); a region asked for while the
user has not picked an honour shows every honour of that region, and a picked honour is kept.

Every query of the tab (opening the page, a region, an honour, the sort box, 查询) is one event that
returns the honour it searched with along with the rows: the filter shown always matches the rows.
A new user (trial 25) typed a region and pressed 查询: 查询 searched with the opening honour while
the region's own search showed 全部称号, and the slower of the two left 全部称号 above 1 row of 4."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr
import pandas as pd

from assistant.library_intake import current_reward_rows
from assistant.rewards import RewardTableError, lookup_rewards
from assistant.rewards.divisions import region_index_for
from assistant.rewards.formatting import marked_regions
from assistant.rewards.honours import load_honours
from assistant.rewards.lookup import by_amount
from assistant.rewards.notice_terms import lookup_with_notice_terms
from assistant.rewards.review import ReviewError
from ui.gradio.formatting.escaping import escape_markdown
from ui.gradio.formatting.reward_tables import (
    CHART_COLORS,
    CHART_COLUMNS,
    CHART_KIND,
    CHART_TEXT,
    CHART_X,
    CHART_Y,
    REWARD_COLUMN_WIDTHS,
    REWARD_HEADERS,
    REWARD_TYPES,
    chart_left_out,
    reward_chart_records,
    reward_table_rows,
)
from ui.gradio.titles import all_document_titles
from zjtx.settings import Settings

ALL_REGIONS = "全部地区"
ALL_TITLES = "全部称号"
OPENING_TITLE = "国家级专精特新“小巨人”"  # the page opens comparing this honour across regions

RewardsOutputs = tuple[str, pd.DataFrame, pd.DataFrame, str]


def honour_for_region(region: str | None, honour: str | None, honour_picked: bool) -> str | None:
    """The honour to search a newly chosen region with: the user's pick, else every honour
    (the opening honour was never asked for; it must not hide the region's other rows)."""
    if honour_picked or region in (None, "", ALL_REGIONS):
        return honour
    return ALL_TITLES


class RewardsTab:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def region_choices(self) -> list[str]:
        """The regions a lookup finds rows for, its own or its subregions' (new-user trial 39: 济南市 was
        offered and found nothing), an added notice's places among them, in the region table's order."""
        try:
            rows = current_reward_rows(self.settings)
        except (RewardTableError, ReviewError):
            return [ALL_REGIONS]
        regions = region_index_for(rows)
        with_rows = {r.region for r in rows}
        return [ALL_REGIONS, *(name for name in regions.names
                               if with_rows & {name, *regions.descendants(name)})]

    def region_menu(self) -> Any:
        """The region picker's choices as they are now: a notice added since the page was built names
        a place the menu must offer (new-user trial 51 could type 鄞州区 but not pick it)."""
        return gr.update(choices=self.region_choices())

    def rewards(self, region: str | None, title: str | None, compare: bool) -> RewardsOutputs:
        """The lookup the API's /api/rewards makes, as a note, a table, a bar chart and the
        chart's note on the rows it leaves out."""
        region = None if region in (None, "", ALL_REGIONS) else region
        title = None if title in (None, "", ALL_TITLES) else title
        try:
            # a region's own rows come with its parents' (上级参考), as the chat shows them; the box
            # sorts the whole table only (new-user trial 36: 广州 left out 广东省's 50万)
            lookup = lookup_with_notice_terms(self.settings, lookup_rewards(
                region=region, title=title, compare=compare and region is None, rows=current_reward_rows(self.settings)))
        except (RewardTableError, ReviewError) as exc:
            raise gr.Error(str(exc)) from exc
        if compare and region is not None:
            # the region's own rows by amount, its parents' after them (trial 37: 吴江's table kept the
            # place order with the box ticked, while its chart was sorted)
            own = by_amount(lookup.rows[: lookup.matched])
            lookup = lookup.model_copy(update={"rows": [*own, *lookup.rows[lookup.matched :]]})
        table = pd.DataFrame(reward_table_rows(lookup.rows, all_document_titles(self.settings), marked_regions(lookup)),
                             columns=REWARD_HEADERS)
        chart = pd.DataFrame(reward_chart_records(lookup.rows), columns=CHART_COLUMNS)
        # the region's own rows, then any parent's said apart (trial 40 read 共 2 条 over 3 rows)
        others = len(lookup.rows) - lookup.matched
        count = (f"共 {lookup.matched} 条" + (f"（另列参考 {others} 条）" if others else "") + "。") if lookup.matched else ""
        note = count + escape_markdown(lookup.note) if lookup.note else f"共 {len(lookup.rows)} 条。"
        # a filter left on from an earlier query hides the region's other honours (not one the table does
        # not know, which filters nothing: trial 38 typed 省级 and read "当前只显示称号「省级」" over every row)
        if region and title and any(row.title == title for row in lookup.rows):
            note += f"\n\n当前只显示称号「{escape_markdown(title)}」；选「{ALL_TITLES}」可看该地区的全部奖励。"
        return note, table, chart, escape_markdown(chart_left_out(lookup.rows))

    def search(
        self, region: str | None, title: str | None, honour_picked: bool, compare: bool
    ) -> tuple[str | None, *RewardsOutputs]:
        """Any query of the tab: the honour filter it searched with (shown updated) and the rows."""
        title = honour_for_region(region, title, honour_picked)
        return (title, *self.rewards(region, title, compare))


@dataclass
class RewardsView:
    """The tab's query, so another tab can refresh it after a change to the rows."""

    inputs: list[gr.components.Component]
    outputs: list[gr.components.Component]
    region: gr.Dropdown


# an honour the user picks is marked in the page itself, before the query that follows reads it
MARK_PICKED_JS = "() => true"


def render_rewards_tab(tab: RewardsTab, blocks: gr.Blocks) -> RewardsView:
    with gr.Row():
        region = gr.Dropdown(tab.region_choices(), value=ALL_REGIONS, label="地区",
                             allow_custom_value=True, filterable=True, elem_id="zjtx-region",
                             info="可直接输入，如 昆山、园区、江苏")
        title = gr.Dropdown([ALL_TITLES, *load_honours().titles], value=OPENING_TITLE, label="称号",
                            allow_custom_value=True, filterable=True, elem_id="zjtx-title")
        compare = gr.Checkbox(value=True, label="按金额从高到低")
        search = gr.Button("查询", variant="primary", elem_id="zjtx-rewards-search")
    note = gr.Markdown(elem_id="zjtx-rewards-note")
    table = gr.Dataframe(headers=REWARD_HEADERS, datatype=REWARD_TYPES, column_widths=REWARD_COLUMN_WIDTHS,
                         interactive=False, wrap=True, label="奖励明细（点击表头排序）", elem_id="zjtx-rewards-table",
                         max_height=1100)
    chart = gr.BarPlot(x=CHART_X, y=CHART_Y, color=CHART_KIND, color_map=CHART_COLORS, tooltip=[CHART_TEXT],
                       sort="-y", y_lim=[0, None], x_label_angle=-40, height=520,
                       label="奖励金额（万元；区间画上限，颜色区分定额、区间与上限）", elem_id="zjtx-rewards-chart")
    chart_note = gr.Markdown(elem_id="zjtx-rewards-chart-note", elem_classes="zjtx-note")
    # kept in the page, not in a server-side gr.State: the mark must be set before the query reads it
    honour_picked = gr.Checkbox(False, visible="hidden", elem_id="zjtx-honour-picked")
    view = RewardsView(inputs=[region, title, honour_picked, compare], outputs=[title, note, table, chart, chart_note],
                       region=region)
    # .input, not .change: only the user's own pick counts, not the reset to 全部称号 a query shows.
    # Set up before the query, so it runs first on the same pick.
    title.input(None, None, honour_picked, js=MARK_PICKED_JS)
    # One event, so one query at a time per page: a trigger while it runs asks again when it is done,
    # reading the filters then (always_last), instead of a second query racing the first.
    gr.on([blocks.load, region.change, title.input, compare.change, search.click], tab.search,
          view.inputs, view.outputs, trigger_mode="always_last")
    blocks.load(tab.region_menu, None, region, queue=False, show_progress="hidden")
    return view
