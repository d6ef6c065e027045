"""Word (.docx): paragraphs and tables in document order; a table keeps one line per row.

The archive is checked before python-docx opens it, so a zip bomb is refused unread."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import XMLSyntaxError

from indexer.parsers.document import ExtractedDocument, ExtractedLine, table_row
from indexer.parsers.errors import UnreadableDocument

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # real documents.xml compress 5-20x; a bomb compresses thousands of times
MAX_ENTRIES = 5000


def check_archive(path: Path) -> None:
    """Refuse archives that would unpack to something huge (declared sizes and ratios)."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableDocument("Word 文件已损坏，无法读取") from exc
    if len(entries) > MAX_ENTRIES:
        raise UnreadableDocument("Word 文件结构异常（压缩包内文件过多），已拒绝")
    total = sum(entry.file_size for entry in entries)
    suspicious = any(
        entry.file_size > 1024 * 1024 and entry.file_size > MAX_ENTRY_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if total > MAX_UNPACKED_BYTES or suspicious:
        raise UnreadableDocument("Word 文件解压后体积异常（疑似压缩炸弹），已拒绝")


def extract_docx(path: Path) -> ExtractedDocument:
    check_archive(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, XMLSyntaxError, zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocument(f"Word 文件已损坏，无法读取（{type(exc).__name__}）") from exc
    lines = _body_lines(document)
    extracted = ExtractedDocument(source_format="docx", lines=lines,
                                  page_count=max((line.page for line in lines), default=1))
    if not extracted.has_text():
        raise UnreadableDocument("Word 文件中没有文字")
    return extracted


def _body_lines(document: DocxDocument) -> list[ExtractedLine]:
    lines: list[ExtractedLine] = []
    page = 1
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text.replace("\t", " ").strip()
            if text:
                lines.extend(ExtractedLine(text=part.strip(), page=page) for part in text.splitlines() if part.strip())
            page += _page_breaks(child)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, document), page))
    return lines


def _page_breaks(paragraph_element: object) -> int:
    """Explicit page breaks in a paragraph (Word does not store the layout's own breaks)."""
    xpath = getattr(paragraph_element, "xpath", None)
    return len(xpath('.//w:br[@w:type="page"]')) if xpath else 0


def _table_lines(table: Table, page: int) -> list[ExtractedLine]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # a merged cell is returned once per grid column it spans: keep it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        if any(cell.strip() for cell in cells):
            lines.append(table_row(cells, page=page))
    return lines
