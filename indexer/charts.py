"""Putting a chart's values back beside its category labels.

A PDF bar chart comes out of text extraction as a run of value lines ("248", "1744", …)
followed by one line of its axis labels ("第一批 第二批 第三批 第四批"). Read as prose, the
values are lost (a short number reads as a page number) and the labels look like a table
header. When the values count exactly as many as the labels, they are the bars in axis
order, and the run is given back as one table row of "label：value" cells. The chart's title, the
short lines right after its labels, heads the row and names its unit:
"图表：专精特新“小巨人”分批次公示数量 | 第一批：248家 | 第二批：1744家 | …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_VALUE = r"[-+]?\d+(?:\.\d+)?\s?%?"
_VALUE_LINE = re.compile(rf"^{_VALUE}(?:\s+{_VALUE})*$")
_LABEL = re.compile(r"^(?=.*[\u3400-\u9fffA-Za-z])[^\s,，。；：:]{1,8}$")
_TITLE = re.compile(r"^(?=.*[\u3400-\u9fff])[^。；;，,]{4,30}$")
_LEGEND = re.compile(r"^(?:系列\d+|[◼■●□].*)$")
_UNIT = re.compile(r"[（(](家|个|项|件|人|亿元|万元|元)[）)]$")
MIN_BARS = 3
CHART_CELL = "图表"  # the header of the cell holding the chart's title
TITLE_LINES = 2


@dataclass(frozen=True)
class ChartRow:
    """A chart's title, labels and values as one row over the raw lines ``start_line``..``end_line``
    (values, labels, title). Only the value lines are the row's alone: the label line and the title
    are read on as before (the labels head a table), so ``label_line`` says where reading resumes."""

    text: str
    start_line: int
    end_line: int
    label_line: int
    line_offsets: list[tuple[int, int]]


def chart_rows(raw_lines: list[str]) -> dict[int, ChartRow]:
    """The chart rows found in a document's raw lines, keyed by their first line (1-based)."""
    lines = [(no, line.strip()) for no, line in enumerate(raw_lines, start=1) if line.strip()]
    rows: dict[int, ChartRow] = {}
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _VALUE_LINE.match(lines[j][1]):
            j += 1
        row = None
        if i < j < len(lines):
            # the labels may run on over a second line (a pie chart's legend: "创业板（家） 科创板（家） 沪市主板（家）"
            # / "深市主板（家） 北交所（家）")
            label_line, after = _labels(lines, j, _value_count(lines[i:j]))
            row = _row(lines[i:j], label_line, lines[after:after + TITLE_LINES + 1])
        if row is not None:
            rows[row.start_line] = row
        i = max(j, i + 1)
    return rows


def _value_count(value_lines: list[tuple[int, str]]) -> int:
    return sum(len(re.findall(_VALUE, line)) for _, line in value_lines)


def _labels(lines: list[tuple[int, str]], at: int, wanted: int) -> tuple[tuple[int, str], int]:
    """The label line at ``at``, joined with the next one when together they name as many labels as
    there are values and each line alone names fewer; and where reading resumes after them."""
    first = lines[at]
    if len(first[1].split()) < wanted and at + 1 < len(lines):
        second = lines[at + 1]
        labels = first[1].split() + second[1].split()
        if len(labels) == wanted and all(_LABEL.match(x) for x in labels):
            return (first[0], " ".join(labels)), at + 2
    return first, at + 1


def _row(value_lines: list[tuple[int, str]], label_line: tuple[int, str],
         after: list[tuple[int, str]]) -> ChartRow | None:
    values = [(no, v.replace(" ", "")) for no, line in value_lines for v in re.findall(_VALUE, line)]
    labels = label_line[1].split()
    if len(labels) < MIN_BARS or len(labels) != len(values) or not all(_LABEL.match(x) for x in labels):
        return None
    title = _title(after)
    unit = next((m.group(1) for _, line in title for m in [_UNIT.search(line)] if m), "")
    cells = [(title[0][0], f"{CHART_CELL}：{title[0][1]}")] if title else []
    cells += [(line_no, f"{label}：{value}{'' if value.endswith('%') else unit}")
              for label, (line_no, value) in zip(labels, values, strict=True)]
    text, offsets = "", []
    for line_no, cell in cells:
        offsets.append((len(text), line_no))
        text += f"{cell} | "
    return ChartRow(text=text[:-3], start_line=value_lines[0][0], end_line=title[-1][0] if title else label_line[0],
                    label_line=label_line[0], line_offsets=offsets)


def _title(after: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The chart's title lines (number, text): the short phrases after its labels, past a series legend."""
    title = []
    for line_no, line in [(no, line) for no, line in after if not _LEGEND.match(line)][:TITLE_LINES]:
        if not _TITLE.match(line):
            break
        title.append((line_no, line))
    return title
