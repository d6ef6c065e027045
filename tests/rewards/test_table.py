"""The curated reward table against its sources: every amount cited, none left out."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from assistant.rewards import RewardRow, RewardTableError, load_reward_table
from assistant.rewards.amounts import parse_amount
from assistant.rewards.honours import load_honours
from assistant.rewards.regions import load_regions

# Line ranges (1-based, inclusive) of the passages that state reward amounts for honours.
REWARD_PASSAGES = {
    "苏州各县区奖励表": ("measures-2022-training", 653, 729),
    "各省级行政区认定奖补表": ("iresearch-2022", 986, 1046),
    "各省认定奖补综述": ("iresearch-2022", 978, 984),
    "广州一次性奖励": ("iresearch-2022", 2013, 2031),
    "地方扶持政策表·认定奖励": ("finance-support-2022", 1196, 1204),
}

# A number followed by 万/万元, or the lower end of a range such as “20-60万”.
AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=万|(?:万元?)?[-—–~至]\d+(?:\.\d+)?万)")


def strip_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


def amounts_with_lines(lines: list[str], start: int, end: int) -> list[tuple[float, int]]:
    """(amount, line number) for each amount in lines start..end, reading across line breaks."""
    chars: list[str] = []
    line_of: list[int] = []
    for line_no in range(start, end + 1):
        for char in lines[line_no - 1]:
            if not char.isspace():
                chars.append(char)
                line_of.append(line_no)
    text = "".join(chars)
    return [(float(m[1]), line_of[m.start()]) for m in AMOUNT.finditer(text)]


def test_table_has_rows_from_each_reward_source(table: list[RewardRow]) -> None:
    per_doc = Counter(row.source.doc_id for row in table)
    assert per_doc["measures-2022-training"] >= 40
    assert per_doc["iresearch-2022"] >= 40
    assert per_doc["finance-support-2022"] >= 1


def test_each_amount_text_is_written_at_its_locator(
    table: list[RewardRow], document_lines: dict[str, list[str]]
) -> None:
    for row in table:
        assert row.source.doc_id in document_lines, (
            f"{row.region}/{row.title}: 未知文档 {row.source.doc_id}"
        )
        lines = document_lines[row.source.doc_id]
        start, end = row.source.line_range
        assert 1 <= start <= end <= len(lines), (
            f"{row.region}/{row.title}: 行号越界 {row.source.locator}"
        )
        cited = strip_ws("".join(lines[start - 1 : end]))
        assert strip_ws(row.amount_text) in cited, (
            f"{row.region}/{row.title}: 金额“{row.amount_text}”不在 {row.source.doc_id} "
            f"{row.source.locator}（该处为“{cited}”）"
        )


def match_amounts(
    found: list[tuple[float, int]], units: list[tuple[int, float, int, int]]
) -> list[tuple[float, int]]:
    """Amounts left unmatched when each must take its own (row, value) unit (Kuhn's matching).

    A unit is (row index, value, first line, last line); a range row offers two units, so
    “30万元、30万元” needs two rows and “10万-50万” one.
    """
    owner: dict[int, int] = {}

    def assign(i: int, seen: set[int]) -> bool:
        amount, line_no = found[i]
        for u, (_, value, first, last) in enumerate(units):
            if u in seen or value != amount or not first <= line_no <= last:
                continue
            seen.add(u)
            if u not in owner or assign(owner[u], seen):
                owner[u] = i
                return True
        return False

    return [found[i] for i in range(len(found)) if not assign(i, set())]


@pytest.mark.parametrize("passage", sorted(REWARD_PASSAGES))
def test_every_amount_in_reward_passages_has_a_row(
    passage: str, table: list[RewardRow], document_lines: dict[str, list[str]]
) -> None:
    doc_id, start, end = REWARD_PASSAGES[passage]
    found = amounts_with_lines(document_lines[doc_id], start, end)
    assert found, f"{passage}: 未找到任何金额，行号范围可能已过时"
    units = [
        (index, value, *row.source.line_range)
        for index, row in enumerate(table)
        if row.source.doc_id == doc_id
        for value in {row.amount_min, row.amount_max} - {None}
    ]
    missing = match_amounts(found, units)
    assert not missing, f"{passage}: 这些金额（万元, 行号）没有对应的奖励表行：{missing}"


def test_policy_names_are_quoted_from_the_same_table_entry(
    table: list[RewardRow], document_lines: dict[str, list[str]]
) -> None:
    for row in table:
        if not row.policy.startswith("《"):
            continue  # survey rows name no specific document
        start, end = row.source.line_range
        nearby = strip_ws("".join(document_lines[row.source.doc_id][start - 1 : end + 12]))
        assert strip_ws(row.policy) in nearby, (
            f"{row.region}/{row.title}: 政策名“{row.policy}”不在原文该条目中"
        )


def test_parsed_amounts_match_amount_text(table: list[RewardRow]) -> None:
    for row in table:
        low, high = parse_amount(row.amount_text)
        if "不超过" in row.conditions:  # a cap stated for the whole clause: only the maximum holds
            low = None
        assert (row.amount_min, row.amount_max) == (low, high), (
            f"{row.region}/{row.title}: “{row.amount_text}”应解析为 {low}–{high} 万元"
        )
        assert row.unit == "万元"


def test_regions_and_paths_follow_the_region_hierarchy(table: list[RewardRow]) -> None:
    regions = load_regions()
    for row in table:
        assert row.region in regions.names, f"地区“{row.region}”不在 regions.yaml"
        assert row.region_path == regions.path(row.region), (
            f"{row.region} 的 region_path 应为 {regions.path(row.region)}"
        )


def test_titles_are_canonical_honours(table: list[RewardRow]) -> None:
    titles = load_honours().titles
    for row in table:
        assert row.title in titles, f"称号“{row.title}”不在 honours.yaml"


def test_one_row_per_region_and_honour(table: list[RewardRow]) -> None:
    repeated = [key for key, n in Counter((r.region, r.title) for r in table).items() if n > 1]
    assert not repeated, f"同一地区同一称号出现多行：{repeated}"


def test_malformed_table_is_reported_with_its_line(tmp_path) -> None:
    path = tmp_path / "rewards.csv"
    path.write_text(
        "region,region_path,title,amount_text,amount_min,amount_max,unit,conditions,policy,doc_id,locator\n"
        "太仓市,江苏省 > 苏州市 > 太仓市,国家级专精特新“小巨人”,50万元,50,50,万元,,,measures-2022-training,670\n",
        encoding="utf-8",
    )
    with pytest.raises(RewardTableError, match="第 2 行"):
        load_reward_table(path)
    with pytest.raises(RewardTableError, match="未找到"):
        load_reward_table(tmp_path / "missing.csv")
