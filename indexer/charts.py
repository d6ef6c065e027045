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
    """The chart rows found in a document's raw lines, keyed by their first line (1-based): values
    before their labels, or labels before their values."""
    rows = _values_first(raw_lines)
    for start, row in _labels_first(raw_lines).items():
        if not any(other.start_line <= row.end_line and row.start_line <= other.end_line for other in rows.values()):
            rows[start] = row
    return rows


def _values_first(raw_lines: list[str]) -> dict[int, ChartRow]:
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
    text, offsets = _joined(cells)
    return ChartRow(text=text, start_line=value_lines[0][0], end_line=title[-1][0] if title else label_line[0],
                    label_line=label_line[0], line_offsets=offsets)


def _joined(cells: list[tuple[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The cells as one row ("图表：… | 第一批：248家 | …") and where each starts, with the raw line it cites."""
    text, offsets = "", []
    for line_no, cell in cells:
        offsets.append((len(text), line_no))
        text += f"{cell} | "
    return text[:-3], offsets


def _title(after: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The chart's title lines (number, text): the short phrases after its labels, past a series legend."""
    title = []
    for line_no, line in [(no, line) for no, line in after if not _LEGEND.match(line)][:TITLE_LINES]:
        if not _TITLE.match(line):
            break
        title.append((line_no, line))
    return title


# Labels before their values: each label wrapped over a few short lines ("中小企业户 / 数占规上企 / 业总数比重"),
# each value on its own line with its unit on the next ("95.68" / "%"), blocks apart by blank lines; the
# block before the labels, when as short, is the chart's title (set one character a line).
_BLOCK_LINE = re.compile(r"^(?=.*[\u3400-\u9fff])[^\s,，。；;：:!！?？]{1,8}$")
_BLOCK_CHARS = 20
_TITLE_CHARS = 30
_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")
_UNIT_LINE = re.compile(r"^(?:%|％|家|个|项|件|人|亿元|万元|元)$")


def _blocks(raw_lines: list[str]) -> list[list[tuple[int, str]]]:
    blocks: list[list[tuple[int, str]]] = [[]]
    for no, line in enumerate(raw_lines, start=1):
        if line.strip():
            blocks[-1].append((no, line.strip()))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _value_of(block: list[tuple[int, str]]) -> tuple[int, str] | None:
    """A block that is one value ("95.68", or "95.68" then "%"): its line and the value with its unit."""
    if len(block) == 1 and _NUMBER.match(block[0][1]):
        return block[0]
    if len(block) == 2 and _NUMBER.match(block[0][1]) and _UNIT_LINE.match(block[1][1]):
        return block[0][0], block[0][1] + block[1][1].replace("％", "%")
    return None


def _label_of(block: list[tuple[int, str]], limit: int = _BLOCK_CHARS) -> str | None:
    text = "".join(line for _, line in block)
    return text if all(_BLOCK_LINE.match(line) for _, line in block) and len(text) <= limit else None


def _labels_first(raw_lines: list[str]) -> dict[int, ChartRow]:
    blocks = _blocks(raw_lines)
    rows: dict[int, ChartRow] = {}
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and _value_of(blocks[j]) is not None:
            j += 1
        count = j - i
        if count >= MIN_BARS and i >= count:
            labels = [_label_of(b) for b in blocks[i - count : i]]
            if all(labels):
                title_block = blocks[i - count - 1] if i > count else None
                title = _label_of(title_block, _TITLE_CHARS) if title_block else None
                values = [v for b in blocks[i:j] if (v := _value_of(b)) is not None]
                first = title_block if title and title_block else blocks[i - count]
                cells = [(first[0][0], f"{CHART_CELL}：{title}")] if title else []
                cells += [(no, f"{label}：{value}") for label, (no, value) in zip(labels, values, strict=True)]
                text, offsets = _joined(cells)
                end = blocks[j - 1][-1][0]
                rows[first[0][0]] = ChartRow(text=text, start_line=first[0][0], end_line=end,
                                             label_line=end + 1, line_offsets=offsets)
        i = max(j, i + 1)
    return rows
