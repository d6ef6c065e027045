"""Turning raw PDF text extractions into clean blocks that keep their source line range.

The seeds break sentences across lines, flatten tables into runs of cells, repeat
fragments and carry page furniture (page numbers, "来源：…" captions, copyright lines).
Cleaning is done here, at index time; the raw files stay untouched so that a locator
(line range) always points into the file a reader can open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.charts import chart_rows
from indexer.models import SourceLine

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
SENTENCE_END = "。！？；!?;"
_LATEX_SYMBOLS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\times": "×",
    r"\%": "%", r"\sim": "~", r"\approx": "≈", r"\cdot": "·",
}
_LATEX_SPAN = re.compile(r"\$([^$]{1,80})\$")
_FULLWIDTH_ALNUM = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH_ALNUM.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH_ALNUM.update({"％": "%", "．": ".", "\u3000": " ", "\xa0": " "})
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH_ALNUM)

# Spaces the PDF extractor put between CJK characters, digits and CJK punctuation.
_NARROW = f"[{CJK}0-9%.“”‘’（）《》〔〕【】、，。：；！？·—≥≤×≈~]"
_SPACE_BETWEEN = re.compile(f"(?<={_NARROW})[ \t]+(?={_NARROW})")
_MULTISPACE = re.compile(r"[ \t]{2,}")
# A fragment of four or more characters repeated back to back ("资产负债率资产负债率").
_REPEATED_FRAGMENT = re.compile(f"([{CJK}“”][^\\s]{{3,40}}?)\\1+")
# ...unless it holds a figure and is shorter than this (a list repeating a value is data)
_MIN_REPEATED_FIGURE = 12
_DIGIT = re.compile(r"\d")

_BULLET = re.compile(r"^\s*(?:l\s+|[Øø•●◆■▪□◇►▶√✓·\-\*]\s*|)\s*")
_NUMBERED_ITEM = re.compile(r"^\s*(?:[（(]\d{1,2}[）)]|\d{1,2}[、.．](?!\d)|[a-z][.．)]\s)")
_FURNITURE = [
    re.compile(r"^\d{1,3}$"),  # page numbers
    re.compile(r"^[-—]\s*\d{1,3}\s*[-—]$"),
    re.compile(r"^(?:资料)?来源[:：]"),
    re.compile(r"^©|iResearch Inc", re.IGNORECASE),
    re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]"),  # footnote bodies
]
_HEADING_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"^#{1,6}\s+\S"), 1),
    (re.compile(r"^第[一二三四五六七八九十百]+[章部篇]\s*\S*"), 1),
    (re.compile(r"^PART\s+[A-Z]+$"), 1),
    (re.compile(r"^第[一二三四五六七八九十百]+节\s*\S*"), 2),
    (re.compile(r"^[一二三四五六七八九十]{1,3}、\S"), 2),
    (re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\S"), 3),
]
# "1.1 标题" / "2.1.5标题" / "1 标题" (a bare number needs a space, else "10年以上" would match)
_DOTTED_HEADING = re.compile(
    r"^(\d{1,2}(?:\.\d{1,2}){1,3})\s*(?![年万亿家个项倍名%])[^\d\s.%．、]|^(\d{1,2})\s+[\u3400-\u9fff]"
)
_MAX_HEADING_CHARS = 40
_WRAPPED_LINE_MIN_CHARS = 14
_MAX_UNPUNCTUATED_RUN = 200
_MAX_TABLE_ROW_CHARS = 500  # slides: stop gluing cells once a run has no sentence end for this long  # a line this long that ends mid-sentence was wrapped by the PDF


def normalize_text(line: str) -> str:
    """Normalise one raw line: full-width digits, LaTeX symbols, stray spaces, bullets kept."""
    text = line.translate(_FULLWIDTH_TABLE).replace("\ufeff", "")
    text = _LATEX_SPAN.sub(lambda m: _latex_to_text(m.group(1)), text)
    text = _SPACE_BETWEEN.sub("", text.strip())
    return _MULTISPACE.sub(" ", text)


def _latex_to_text(expr: str) -> str:
    for symbol, plain in sorted(_LATEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        expr = expr.replace(symbol, plain)
    return re.sub(r"[{}\\]|\s+", "", expr)


def collapse_repeats(text: str) -> str:
    """Remove fragments the extractor duplicated back to back. A short fragment holding a figure is
    kept: "分别奖励10万元、20万元、30万元、30万元、50万元" repeats "万元、30" because two honours get
    the same amount, and collapsing it loses one."""
    return _REPEATED_FRAGMENT.sub(_collapsed, text)


def _collapsed(match: re.Match[str]) -> str:
    fragment = match.group(1)
    return match.group(0) if _DIGIT.search(fragment) and len(fragment) < _MIN_REPEATED_FIGURE else fragment


def is_page_furniture(text: str) -> bool:
    return any(p.search(text) for p in _FURNITURE)


def heading_level(text: str) -> int:
    """Heading depth of a line (0 when it is body text)."""
    if len(text) > _MAX_HEADING_CHARS or text[-1] in "。；，,;：:":
        return 0
    for pattern, level in _HEADING_PATTERNS:
        if pattern.match(text):
            return level
    dotted = _DOTTED_HEADING.match(text)
    if dotted and _CJK_CHAR.search(text) and "。" not in text:
        depth = (dotted.group(1) or dotted.group(2)).count(".") + 1
        return min(depth, 4)
    return 0


_WRAP_TAIL_MAX_CHARS = 8  # "元。", "享受。": the end of a sentence the line above started


def _wraps_into(text: str, raw_lines: list[str], line_no: int) -> bool:
    """Whether a heading-shaped line is the first part of a sentence wrapped onto the next line: it
    holds a clause (a comma) and the very next line is only the sentence's short end. A notice printed
    to PDF breaks "一、对新认定为…企业的，给予一次性奖励60万 / 元。" so; read as a heading, the line left
    the chunk's text (trial 44: a district's 不重复享受 rule and its 60万元 were in no chunk)."""
    if "，" not in text or line_no >= len(raw_lines):
        return False
    tail = normalize_text(raw_lines[line_no])
    return 0 < len(tail) <= _WRAP_TAIL_MAX_CHARS and tail[-1] in SENTENCE_END and heading_level(tail) == 0


def _header_cell(cell: str, longest: int = 6) -> bool:
    """A table header's cell: a few characters, some Chinese, no figure."""
    return 1 < len(cell) <= longest and bool(_CJK_CHAR.search(cell)) and not any(ch.isdigit() for ch in cell)


def _is_table_header(text: str) -> bool:
    cells = text.split(" ")
    return len(cells) >= 3 and all(_header_cell(c) for c in cells)


_TABLE_CAPTION = re.compile(r"^(?:图\s*)?表\s*\d+")
_CAPTIONED_CELL_CHARS = 12  # "“专精特新”重点领域"


def _is_captioned_header(text: str, caption: str) -> bool:
    """A two-column table's header ("省市 发展目标") right under its caption ("表 2 部分省市…"): two
    short cells are a header only there, as a line of prose can look so anywhere else."""
    cells = text.split(" ")
    return bool(_TABLE_CAPTION.match(caption)) and len(cells) == 2 and all(
        _header_cell(c, _CAPTIONED_CELL_CHARS) for c in cells)


def _starts_table_row(text: str) -> bool:
    head, _, rest = text.partition(" ")
    return bool(rest) and 2 <= len(head) <= 6 and all(_CJK_CHAR.match(ch) for ch in head)


_CUT_CLAUSE_CHARS = 2  # a clause this short at the end of a full-width line is a word cut in two


def _cut_mid_word(row: _Block, line: str) -> bool:
    """A table cell's full-width line that ends one or two characters into a new clause
    ("…直接给予现金奖励，奖" above "励额度 20 万元-200 万元不等。"): the PDF wrapped a word, and
    the next line, though it looks like "label value", continues the cell."""
    last_clause = re.split(r"[，、；：,;:。]", row.text)[-1]
    return (len(line) >= _WRAPPED_LINE_MIN_CHARS and 0 < len(last_clause) <= _CUT_CLAUSE_CHARS
            and all(_CJK_CHAR.match(ch) for ch in last_clause))


_SIGNATURE_DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
_SIGNATURE_MAX_CHARS = 30  # an issuer's name over its date, not a paragraph
# a line of short names joined by 、 ("北京、福建、广东、"): a table's list cell, not prose
_NAME_LIST = re.compile(r"(?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{0,4}")
_CELL_DONE = ("。", "；")  # a row's content cell ends with these


def _clearly_unfinished(text: str, following: str) -> bool:
    """The text stops mid-clause (open bracket, trailing 、，) or the next line is a stub ("标", "誉）。"),
    or it is a notice's signature: the issuer's name, then the date alone ("无锡市梁溪区工业和信息化局 /
    2026年6月15日", trial 44: "那份通知是哪天发的" found the date in no sentence naming the issuer)."""
    return (
        text[-1] in "、，,（("
        or text.count("（") > text.count("）")
        or following[0] in "）)”，、。；"
        or len(following) <= 3
        or (bool(_SIGNATURE_DATE.fullmatch(following)) and len(text) <= _SIGNATURE_MAX_CHARS)
    )


def _ends_inside_sentence(text: str) -> bool:
    """True when the text so far has had a sentence end recently (it is prose, not cells)."""
    tail = text[-_MAX_UNPUNCTUATED_RUN:]
    return any(p in tail for p in "。，；")


def _is_contents_entry(cells: list[str]) -> bool:
    """A table-of-contents line: a title and a page number."""
    return len(cells) == 2 and cells[1].isdigit()


def _join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and right[0].isascii() and left[-1].isalnum():
        return f"{left} {right}"
    if left and _SIGNATURE_DATE.fullmatch(right) and len(left) <= _SIGNATURE_MAX_CHARS:
        return f"{left}，{right}"  # a signature reads "成都高新区经济运行局，2026年6月1日" (trial 47: run together)
    return left + right


@dataclass
class _Block:
    text: str
    start_line: int
    end_line: int
    last_line_chars: int
    is_heading: bool = False
    heading_level: int = 0
    is_table_row: bool = False
    offsets: list[tuple[int, int]] = field(default_factory=list)

    def append(self, text: str, line_no: int) -> None:
        self.offsets.append((len(self.text), line_no))
        self.text = _join(self.text, text)
        self.end_line = line_no
        self.last_line_chars = len(text)

    def to_source_line(self) -> SourceLine:
        return SourceLine(
            text=collapse_repeats(self.text),
            start_line=self.start_line,
            end_line=self.end_line,
            is_heading=self.is_heading,
            heading_level=self.heading_level,
            is_table_row=self.is_table_row,
            line_offsets=self.offsets,
        )


def _new_block(text: str, line_no: int, **flags: object) -> _Block:
    return _Block(text=text, start_line=line_no, end_line=line_no, last_line_chars=len(text),
                  offsets=[(0, line_no)], **flags)  # type: ignore[arg-type]


def _with_merged_cells(raw_line: str, line_no: int, cells: list[str],
                       above: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A row's cells, each with the line it was read on: its leading empty ones (a cell merged down
    from the row above) are ``above``'s."""
    leading = len(raw_line) - len(raw_line.lstrip("\t "))
    merged = raw_line[:leading].count("\t")
    own = [(cell, line_no) for cell in cells]
    return [*above[:merged], *own] if 0 < merged <= len(above) else own


def _as_cells(row: _Block, header: list[str]) -> None:
    """"【政策类型 | 主要内容 | 代表性省份】综合服务：…。" read as cells, "政策类型：综合服务 | 主要内容：… | 代表性省份："
    (the next line fills the third), its offsets moved with the text (none lies in the full stop dropped at its end)."""
    prefix, _, rest = row.text.partition("】")
    head, _, content = rest.partition("：")
    old_start = len(prefix) + 1 + len(head) + 1  # where the content starts: after "【…】head："
    opening = f"{header[0]}：{head} | {header[1]}："
    # (the content's full stop goes: a row is one sentence, read cell by cell)
    row.text = f"{opening}{content.rstrip('。；')} | {header[2]}："
    shift = len(opening) - old_start
    row.offsets = [(max(0, position + shift) if position >= old_start else position, line)
                   for position, line in row.offsets]


def _row_block(cells: list[tuple[str, int]], header: list[str]) -> _Block:
    """A tab-separated row as "header：cell | …", its locator spanning the lines its cells were read on."""
    parts = [f"{h}：{cell}" for h, (cell, _) in zip(header, cells, strict=False)]
    block = _new_block(parts[0], cells[0][1], is_table_row=True)
    for part, (_, line) in zip(parts[1:], cells[1:], strict=False):
        block.text += " | "
        if line != block.end_line:
            block.offsets.append((len(block.text), line))
            block.end_line = line
        block.text += part
    block.last_line_chars = len(block.text)
    return block


# formats whose extracted lines are the document's own paragraphs: no line of theirs was wrapped, so none
# is joined to the next ("申报截止时间：2026年9月30日" and "联系人：…" are two paragraphs of a Word notice,
# trial 51: joined, a question about the contact led with the deadline, and the signature's date was lost)
PARAGRAPH_FORMATS = frozenset({"docx", "html"})


def clean_pdf_text(raw: str, paragraphs: bool = False) -> list[SourceLine]:
    """Clean a raw extraction into blocks: joined sentences, headings and whole table rows.

    ``paragraphs``: each line is a paragraph of its own (PARAGRAPH_FORMATS), never a wrapped one."""
    blocks: list[SourceLine] = []
    current: _Block | None = None
    blank_run = 0
    table_header: str | None = None
    tab_header: list[str] | None = None
    tab_row: list[tuple[str, int]] = []  # the last tab-separated row's cells and their lines
    previous_was_tab_row = False
    last_line = ""  # the last line read that holds text

    def flush() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            block = current.to_source_line()
            if not blocks or blocks[-1].text != block.text:
                blocks.append(block)
        current = None

    raw_lines = raw.splitlines()
    charts = chart_rows(raw_lines)
    chart_end = 0
    for line_no, raw_line in enumerate(raw_lines, start=1):
        if line_no <= chart_end:
            continue
        if line_no in charts:
            flush()
            chart = charts[line_no]
            blocks.append(SourceLine(text=chart.text, start_line=chart.start_line, end_line=chart.end_line,
                                     is_table_row=True, line_offsets=chart.line_offsets))
            chart_end = chart.label_line - 1  # the label line is read on as before (a table's header)
            continue
        text = normalize_text(raw_line)
        spaced = _MULTISPACE.sub(" ", raw_line.translate(_FULLWIDTH_TABLE).strip())
        if not text:
            blank_run += 1
            continue
        if is_page_furniture(text):
            continue
        prior, last_line = last_line, text
        if blank_run >= 3:
            table_header = None
            flush()
        after_blank = blank_run > 0
        blank_run = 0

        if _is_table_header(spaced) or _is_captioned_header(spaced, prior):
            flush()
            table_header = " | ".join(spaced.split(" "))
            continue
        if table_header is not None:
            if current is not None and len(current.text) > _MAX_TABLE_ROW_CHARS:
                table_header = None  # the "table" ran on into prose: leave table mode
                flush()
            elif current is None or (_starts_table_row(spaced) and not _cut_mid_word(current, prior)):
                flush()
                head, _, rest = spaced.partition(" ")
                row = f"【{table_header}】{head}：{normalize_text(rest)}" if rest else f"【{table_header}】{text}"
                current = _new_block(row, line_no, is_table_row=True)
            elif (_NAME_LIST.fullmatch(text) and table_header.count(" | ") >= 2
                  and " | " not in current.text.rpartition("】")[2]
                  and current.text.rstrip().endswith(_CELL_DONE)):
                # "综合服务 …跟踪服务。" then "北京、福建、广东、": a list of names after the content ends is the
                # next column's cell (金融报告 表1's 代表性省份), not more of the content
                _as_cells(current, table_header.split(" | "))
                current.append(text, line_no)
            else:
                current.append(text, line_no)
            if table_header is not None:
                continue
        cells = [normalize_text(c) for c in raw_line.strip().split("\t") if c.strip()]
        if len(cells) >= 2:
            flush()
            if _is_contents_entry(cells):
                continue
            if tab_header is None or not previous_was_tab_row:
                tab_header = cells
                tab_row = [(cell, line_no) for cell in cells]
                current = _new_block(" | ".join(cells), line_no, is_table_row=True)
            else:
                # "\t高校科研院所合作专利量\t件\t4.98\t12.81" under "创新规模\t参保人数…": a cell merged
                # down the rows above is empty here, and is the previous row's
                tab_row = _with_merged_cells(raw_line, line_no, cells, tab_row)
                current = _row_block(tab_row, tab_header)
            flush()
            previous_was_tab_row = True
            continue
        previous_was_tab_row = False
        level = heading_level(spaced) or heading_level(text)
        # "一、…给予一次性奖励60万" then "元。": a numbered item the PDF wrapped, no heading; it starts a block
        wrapped_item = bool(level) and _wraps_into(text, raw_lines, line_no)
        if level and not wrapped_item:
            flush()
            blocks.append(SourceLine(text=normalize_text(spaced.lstrip("# ")), start_line=line_no, end_line=line_no,
                                     is_heading=True, heading_level=level))
            continue

        bullet_stripped = _BULLET.sub("", text, count=1)
        starts_item = bullet_stripped != text or bool(_NUMBERED_ITEM.match(text)) or wrapped_item
        text = bullet_stripped or text
        continues = (
            current is not None
            and not paragraphs
            and not starts_item
            and current.text[-1] not in SENTENCE_END
            and (
                _clearly_unfinished(current.text, text)
                or (
                    # only a full-width line was wrapped by the PDF; a short one ends a cell or title
                    current.last_line_chars >= _WRAPPED_LINE_MIN_CHARS
                    and (not after_blank or len(current.text) < _MAX_UNPUNCTUATED_RUN
                         or _ends_inside_sentence(current.text))
                    # "（8）知识产权质押对专精特新企业发展支持", then a blank line: a numbered title, not
                    # a wrapped line of the paragraph below it
                    and not (after_blank and _NUMBERED_ITEM.match(current.text)
                             and not _ends_inside_sentence(current.text))
                )
            )
        )
        if continues and current is not None:
            current.append(text, line_no)
        else:
            flush()
            current = _new_block(text, line_no)
    flush()
    return blocks
