"""A bar chart's values are put back beside its axis labels, as one table row with its title."""

from __future__ import annotations

from pathlib import Path

from indexer.charts import chart_rows
from indexer.cleaning import clean_pdf_text

CHART = """来源：工信部官网，研究院自主研究绘制。

248

1744

2930

4357

第一批 第二批 第三批 第四批

系列1

专精特新“小巨人”分批次公示数量

公示专精特新“小巨人”企业数量（家）
"""


def test_values_pair_with_the_labels_in_axis_order_under_the_title() -> None:
    rows = chart_rows(CHART.splitlines())
    assert list(rows) == [3]
    row = rows[3]
    assert row.text == ("图表：专精特新“小巨人”分批次公示数量 | 第一批：248家 | 第二批：1744家 | "
                        "第三批：2930家 | 第四批：4357家")
    assert (row.start_line, row.label_line, row.end_line) == (3, 11, 17)  # the title is two lines


def test_each_value_cites_its_own_line() -> None:
    block = next(b for b in clean_pdf_text(CHART) if b.text.startswith("图表："))
    assert block.line_at(block.text.index("4357")) == 9
    assert block.line_at(block.text.index("分批次")) == 15  # the title's own line


def test_a_short_value_is_no_longer_dropped_as_a_page_number() -> None:
    text = " ".join(b.text for b in clean_pdf_text(CHART))
    assert "第一批：248家" in text
    assert "248" not in text.replace("第一批：248家", "")


def test_the_label_line_is_still_read_as_before() -> None:
    # the labels head the table rows that follow, as they did before the chart row was added
    blocks = clean_pdf_text(CHART)
    assert any(b.text.startswith("【第一批 | 第二批 | 第三批 | 第四批】") for b in blocks)


def test_counts_that_differ_make_no_row() -> None:
    lines = ["52%", "21%", "22%", "5%", "52%", "21%", "东部 中部 西部 东北"]
    assert chart_rows(lines) == {}


def test_labels_that_are_numbers_or_sentences_make_no_row() -> None:
    assert chart_rows(["120", "150", "180", "2019 2020 2021"]) == {}
    assert chart_rows(["1", "2", "3", "我们认为， 这是 重点"]) == {}


def test_labels_running_on_over_a_second_line_pair_with_the_values() -> None:
    """A pie chart's legend in two lines (iresearch-2022 L1282-L1295): five values, three labels then two."""
    lines = ["39%", "32%", "13%", "12%", "4%", "创业板（家） 科创板（家） 沪市主板（家）", "深市主板（家） 北交所（家）",
             "专精特新“小巨人”企业A股各版块上市情况"]
    row = chart_rows(lines)[1]
    assert row.text == ("图表：专精特新“小巨人”企业A股各版块上市情况 | 创业板（家）：39% | 科创板（家）：32% | "
                        "沪市主板（家）：13% | 深市主板（家）：12% | 北交所（家）：4%")
    # a second line is joined only when both lines together name as many labels as there are values
    assert chart_rows(["39%", "32%", "13%", "12%", "4%", "创业板 科创板 沪市主板", "深市主板"]) == {}


def test_four_charts_in_the_corpus_are_found() -> None:
    raw = (Path(__file__).parents[2] / "corpus" / "documents" / "iresearch-2022.txt").read_text(encoding="utf-8")
    rows = chart_rows(raw.splitlines())
    texts = [row.text for row in rows.values()]
    assert len(texts) == 4
    # labels before values, each value's % on the next line (L351-L370; asked as "中小企业户数占规上企业总数的比重")
    assert "中小企业户数占规上企业总数比重：95.68% | 中小企业营收占规上企业营收比重：60.83%" in "".join(texts)
    assert any("第四批：4357家" in t for t in texts)
    assert any("广州：124" in t and "东莞：110" in t for t in texts)  # 广州 124 is what L1968 states in prose
    assert any("科创板（家）：32%" in t for t in texts)


LABELS_FIRST = """中
国

中小企业户
数占规上企
业总数比重

中小企业营
收占规上企
业营收比重

中小企业资
产占规上企
业资产比重

95.68
%

60.83
%

55.01
%

科技创新成果丰硕，为扩大内需、稳定就业作出贡献。
"""


def test_labels_printed_before_their_values_pair_in_order() -> None:
    (row,) = chart_rows(LABELS_FIRST.splitlines()).values()
    # the short block before the labels, set one character a line, is the title
    assert row.text == ("图表：中国 | 中小企业户数占规上企业总数比重：95.68% | 中小企业营收占规上企业营收比重：60.83% | "
                        "中小企业资产占规上企业资产比重：55.01%")
    assert (row.start_line, row.end_line, row.label_line) == (1, 23, 24)  # the sentence after is read on
    assert row.line_offsets[2] == (len("图表：中国 | 中小企业户数占规上企业总数比重：95.68% | "), 19)  # 60.83's own line


def test_labels_and_values_that_do_not_count_alike_make_no_row() -> None:
    assert chart_rows(LABELS_FIRST.replace("55.01\n%\n", "").splitlines()) == {}
    prose = LABELS_FIRST.replace("中小企业资\n产占规上企\n业资产比重", "这是一句完整的话，不是标签。")
    assert chart_rows(prose.splitlines()) == {}
