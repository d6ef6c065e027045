"""An answer as plain text for 复制回答: pasted into WeChat, Word or an e-mail, Markdown's ** and
table pipes showed as they are (trial 31). Bold marks go; a table's rows become lines of cells
joined by "；" under its header line; the separator row goes."""

from __future__ import annotations

import re

_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _row(line: str) -> str:
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    return "；".join(cell for cell in cells if cell)


def plain_answer(markdown: str) -> str:
    lines = []
    for line in markdown.splitlines():
        if _SEPARATOR_ROW.match(line):
            continue
        line = _BOLD.sub(lambda m: m.group(1) or m.group(2), line)
        lines.append(_row(line) if line.lstrip().startswith("|") else line)
    return "\n".join(lines)
