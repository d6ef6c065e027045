"""The single entry point: sniff a file's type from its bytes and hand it to its parser."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import yaml

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
    document = PARSERS[sniff_format(read_head(path), path)](path)
    lines = [line.model_copy(update={"text": unified_ideographs(line.text)}) for line in document.lines]
    hint = unified_ideographs(document.title_hint) if document.title_hint else None
    return document.model_copy(update={"lines": lines, "title_hint": hint})


# Kangxi radicals and CJK compatibility ideographs that some PDF writers put for common characters
# (Chromium's print-to-PDF: ⼩ ⼈ ⼯ ⽉ ⽇ for 小 人 工 月 日, trial 49) are read as the characters they stand for
_LOOKALIKE_RANGES = ((0x2F00, 0x2FD5), (0xF900, 0xFAFF))
_LOOKALIKES_FILE = Path(__file__).resolve().parent / "lookalikes.yaml"


@lru_cache(maxsize=1)
def _unified() -> dict[int, str]:
    """One translation table: NFKC of each look-alike in the ranges (NFKC of the whole text would turn "，" into
    ","), and the radicals supplement's look-alikes, which NFKC leaves, from ``lookalikes.yaml``."""
    table = {cp: unicodedata.normalize("NFKC", chr(cp)) for low, high in _LOOKALIKE_RANGES for cp in range(low, high + 1)}
    radicals = yaml.safe_load(_LOOKALIKES_FILE.read_text(encoding="utf-8"))["radicals"]
    table.update({ord(str(k)): str(v) for k, v in radicals.items()})
    return table


def unified_ideographs(text: str) -> str:
    """``text`` with look-alike radicals and compatibility ideographs replaced by the unified characters."""
    return text.translate(_unified())
