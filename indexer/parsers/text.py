"""Plain text and Markdown: decoded (UTF-8, else GB18030), pipe tables turned into rows of cells."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.parsers.document import ExtractedDocument, ExtractedLine, table_row
from indexer.parsers.errors import UnreadableDocument

_PIPE_ROW = re.compile(r"^\s*\|(.+)\|\s*$")
_PIPE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode_text(data: bytes) -> str:
    """Chinese text files come as UTF-8 (with or without BOM) or GB18030/GBK."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("文本文件编码无法识别（支持 UTF-8 和 GBK/GB18030）")


def extract_plain_text(path: Path) -> ExtractedDocument:
    text = decode_text(path.read_bytes())
    lines: list[ExtractedLine] = []
    for raw in text.splitlines():
        if _PIPE_SEPARATOR.match(raw) and "-" in raw:
            continue
        row = _PIPE_ROW.match(raw)
        if row:
            lines.append(table_row([cell.strip() for cell in row.group(1).split("|")]))
        else:
            lines.append(ExtractedLine(text=raw.rstrip()))
    document = ExtractedDocument(source_format="text", lines=lines)
    if not document.has_text():
        raise UnreadableDocument("文本文件中没有文字")
    return document
