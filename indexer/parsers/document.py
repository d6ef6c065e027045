"""What every parser returns: text lines, each with the page it came from."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

SourceFormat = Literal["pdf", "docx", "image", "html", "text"]


class ExtractedLine(BaseModel):
    """One line of extracted text. Table rows hold their cells separated by tabs, the form
    ``indexer/cleaning.py`` turns into "表头：单元格 | …" rows; ``page`` is 1-based."""

    text: str
    page: int = 1
    is_table_row: bool = False


class ExtractedDocument(BaseModel):
    """The text of an uploaded file, line by line, with where it came from."""

    source_format: SourceFormat
    lines: list[ExtractedLine] = Field(default_factory=list)
    page_count: int = 1
    ocr_pages: list[int] = Field(default_factory=list, description="1-based pages read by OCR")
    title_hint: str | None = Field(default=None, description="a title the format carries (HTML <title>)")
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """The text as written to the library's ``.txt``: line N of the file is ``lines[N-1]``."""
        return "\n".join(line.text for line in self.lines) + "\n"

    @property
    def line_pages(self) -> list[int]:
        """The page of each line of :attr:`text`, so a locator ``L12-L15`` can also say its page."""
        return [line.page for line in self.lines]

    def has_text(self) -> bool:
        return any(line.text.strip() for line in self.lines)


def lines_from_text(text: str, page: int = 1) -> list[ExtractedLine]:
    """Plain lines of one page (trailing spaces dropped, blank lines kept as paragraph breaks)."""
    return [ExtractedLine(text=line.rstrip(), page=page) for line in text.splitlines()]


def table_row(cells: list[str], page: int = 1) -> ExtractedLine:
    """One table row; cell-internal line breaks and tabs become spaces so the row stays one line."""
    clean = [" ".join(cell.split()) for cell in cells]
    return ExtractedLine(text="\t".join(clean), page=page, is_table_row=True)
