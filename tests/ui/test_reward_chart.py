"""奖励查询's table and chart: what kind of figure each row states, summary rows and cumulative
caps kept out of the chart with a note, caps marked as caps, and no blank text cells."""

from __future__ import annotations

from assistant.rewards import RewardRow, lookup_rewards
from assistant.rewards.models import RewardSource
from ui.gradio.formatting.reward_kinds import amount_kind
from ui.gradio.formatting.reward_tables import (
    BLANK,
    CHART_KIND,
    CHART_TEXT,
    CHART_X,
    CHART_Y,
    REVIEW_COLUMN_WIDTHS,
    REVIEW_HEADERS,
    REWARD_COLUMN_WIDTHS,
    REWARD_HEADERS,
    REWARD_TYPES,
    chart_left_out,
    reward_chart_records,
    reward_table_rows,
)


def _row(region: str, amount_text: str, low: float | None, high: float | None, conditions: str = "") -> RewardRow:
    return RewardRow(region=region, region_path=region, title="国家级专精特新“小巨人”", amount_text=amount_text,
                     amount_min=low, amount_max=high, conditions=conditions,
                     source=RewardSource(doc_id="d", locator="L1-L1"))


def test_each_amount_is_read_as_grant_range_cap_cumulative_or_summary() -> None:
    assert amount_kind(_row("昆山市", "50万元", 50, 50)) == "fixed"
    assert amount_kind(_row("北京市", "30万-100万", 30, 100)) == "range"
    assert amount_kind(_row("湖南省", "最高100万", None, 100)) == "cap"
    assert amount_kind(_row("辽宁省", "不超过100万", None, 100)) == "cap"
    assert amount_kind(_row("苏州工业园区", "累计不超过100万元", None, 100, "累计不超过；含上级奖励资金")) == "cumulative"
    assert amount_kind(_row("苏州工业园区", "20万元", None, 20, "首次认定；累计不超过；含上级奖励资金")) == "cumulative"
    assert amount_kind(_row("全国", "50万至100万", 50, 100)) == "summary"
    assert amount_kind(_row("某市", "另行确定", None, None)) == "none"


def test_the_chart_leaves_out_the_nationwide_summary_and_cumulative_caps() -> None:
    rows = lookup_rewards(title="小巨人", compare=True).rows
    assert {"全国", "苏州工业园区"} <= {r.region for r in rows}, "the real table has both rows"
    records = reward_chart_records(rows)
    labels = [r[CHART_X] for r in records]
    assert not any(label.startswith(("全国", "苏州工业园区")) for label in labels), labels
    assert len(set(labels)) == len(labels), "bar labels stay unique"
    note = chart_left_out(rows)
    assert "全国" in note and "各地情况的概括" in note
    assert "苏州工业园区" in note and "累计不超过100万元" in note and "含上级奖励资金" in note


def test_capped_amounts_are_marked_not_drawn_as_plain_grants() -> None:
    records = {r[CHART_X]: r for r in reward_chart_records(lookup_rewards(title="小巨人", compare=True).rows)}
    liaoning, hunan, beijing, anhui = (records["辽宁省（上限）"], records["湖南省（上限）"],
                                        records["北京市（区间）"], records["安徽省"])
    assert liaoning[CHART_KIND] == hunan[CHART_KIND] == "上限（最高/不超过）"
    assert liaoning[CHART_TEXT] == "不超过100万" and hunan[CHART_TEXT] == "最高100万", "hover shows the source's words"
    assert beijing[CHART_KIND] == "区间（取上限）" and beijing[CHART_Y] == 100
    assert anhui[CHART_KIND] == "定额" and anhui[CHART_Y] == 100


def test_nothing_left_out_means_no_note() -> None:
    assert chart_left_out(lookup_rewards(region="昆山", compare=True).rows) == ""


def test_table_rows_say_the_kind_and_never_leave_a_text_cell_blank() -> None:
    assert len(REWARD_HEADERS) == len(REWARD_TYPES) == len(REWARD_COLUMN_WIDTHS)
    assert sum(int(str(w).rstrip("%")) for w in REWARD_COLUMN_WIDTHS) == 100, "the columns fill the page width"
    # the review table's too (its 出处 column had run off the right edge, trial 46)
    assert len(REVIEW_HEADERS) == len(REVIEW_COLUMN_WIDTHS)
    assert sum(int(str(w).rstrip("%")) for w in REVIEW_COLUMN_WIDTHS) == 100
    assert "下限（万元）" not in REWARD_HEADERS, "the mostly blank 下限 column is gone"
    rows = reward_table_rows(lookup_rewards(title="小巨人", compare=True).rows, {})
    kind, amount, conditions = (REWARD_HEADERS.index(h) for h in ("性质", "金额（万元）", "条件与说明"))
    by_region = {r[0]: r for r in rows}
    assert by_region["苏州工业园区"][kind] == "累计上限（含上级奖励）"
    assert by_region["全国"][kind].startswith("各地概括")
    assert by_region["辽宁省"][kind] == "上限（最高/不超过）" and by_region["辽宁省"][amount] == 100
    assert by_region["辽宁省"][conditions] == BLANK
    text_columns = [i for i, t in enumerate(REWARD_TYPES) if t == "str"]
    assert all(row[i] not in ("", None) for row in rows for i in text_columns)
