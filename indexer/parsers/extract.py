"""The single entry point: sniff a file's type from its bytes and hand it to its parser."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indexer.parsers.document import ExtractedDocument, SourceFormat
from indexer.parsers.errors import UnreadableDocument
from indexer.parsers.image import extract_image
from indexer.parsers.pdf import extract_pdf
from indexer.parsers.sniff import read_head, sniff_format
from indexer.parsers.text import extract_plain_text
from indexer.parsers.webpage import extract_html
from indexer.parsers.word import extract_docx

PARSERS: dict[SourceFormat, Callable[[Path], ExtractedDocument]] = {
    "pdf": extract_pdf,
    "docx": extract_docx,
    "image": extract_image,
    "html": extract_html,
    "text": extract_plain_text,
}


def extract_text(path: Path) -> ExtractedDocument:
    """The text of ``path`` line by line with page numbers, whatever its format.

    Raises ``UnreadableDocument`` (a Chinese message) for anything that cannot be read."""
    if not path.is_file():
        raise UnreadableDocument(f"文件不存在：{path.name}")
    return PARSERS[sniff_format(read_head(path), path)](path)
