"""Typed domain objects shared by the indexer and the assistant."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

DocumentKind = Literal["report", "slides", "measures", "notice"]


class DocumentMeta(BaseModel):
    """One entry of ``corpus/manifest.yaml``: where a document came from."""

    id: str
    file: str
    original_file: str
    title: str
    issuer: str
    date: str
    kind: DocumentKind
    rule_version: str | None = None
    aliases: list[str] = Field(default_factory=list)  # what users call it as a source ("艾瑞那份报告")
    # an added file's format (pdf, docx, html, image, text); None for the corpus's own extractions
    source_format: str | None = None


class SourceLine(BaseModel):
    """A cleaned unit of text and the raw line range (1-based, inclusive) it came from."""

    text: str
    start_line: int
    end_line: int
    is_heading: bool = False
    heading_level: int = 0
    is_table_row: bool = False
    # (character offset in ``text``, raw line number) where each joined raw line begins
    line_offsets: list[tuple[int, int]] = Field(default_factory=list)

    def line_at(self, offset: int) -> int:
        """The raw line number holding character ``offset`` of ``text``."""
        line = self.start_line
        for start, line_no in self.line_offsets:
            if start > offset:
                break
            line = line_no
        return line


class Chunk(BaseModel):
    """A retrievable passage with enough provenance to cite it."""

    chunk_id: str
    doc_id: str
    title: str
    kind: DocumentKind
    rule_version: str | None = None
    section_path: list[str] = Field(default_factory=list)
    text: str
    start_line: int
    end_line: int
    is_table: bool = False

    @property
    def locator(self) -> str:
        return f"L{self.start_line}-L{self.end_line}"

    @property
    def section(self) -> str:
        return " > ".join(self.section_path)

    def to_metadata(self) -> dict[str, str | int | bool]:
        """Flat metadata for the vector store (Chroma accepts scalars only)."""
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "kind": self.kind,
            "rule_version": self.rule_version or "",
            "section": self.section,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "is_table": self.is_table,
        }


class SkippedDocument(BaseModel):
    """A document the indexer could not read, with the reason shown to the operator."""

    file: str
    reason: str
