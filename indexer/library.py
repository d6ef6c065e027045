"""The library of documents added at run time, under ``<data_dir>/library``.

Each document has a folder ``<doc_id>/`` holding the uploaded original, the extracted text
``<doc_id>.txt`` (what the index reads and locators point into) and ``pages.json`` (the page of
each text line). ``manifest.yaml`` lists them in the corpus manifest's format plus provenance
fields; ``indexer.corpus.load_corpus`` merges it with ``corpus/manifest.yaml``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

import yaml
from pydantic import Field

from indexer.corpus import CorpusError, library_dir, load_manifest
from indexer.locks import exclusive_lock
from indexer.models import DocumentMeta

MANIFEST = "manifest.yaml"
PAGES_FILE = "pages.json"
STAGING = ".staging"
TRASH = ".trash"


class LibraryBusy(RuntimeError):
    """Another add or remove holds the library lock."""


class LibraryEntry(DocumentMeta):
    """A manifest entry of an added document (the corpus loader reads only ``DocumentMeta``'s fields)."""

    region: str | None = None
    doc_number: str | None = None
    content_hash: str = Field(description="sha256 of the uploaded file")
    text_hash: str = Field(description="sha256 of the extracted text")
    source_format: str
    stored_original: str = Field(description="the uploaded file, relative to the library")
    page_count: int = 1
    ocr_pages: list[int] = Field(default_factory=list)
    added_at: str
    guessed: list[str] = Field(default_factory=list, description="fields guessed from the text, not given")


class Library:
    """File operations on the library folder; every manifest write is atomic."""

    def __init__(self, data_dir: Path) -> None:
        self.root = library_dir(data_dir)

    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def entries(self) -> list[LibraryEntry]:
        if not self.manifest_path.is_file():
            return []
        try:
            data = yaml.safe_load(self.manifest_path.read_text(encoding="utf-8")) or {}
            return [LibraryEntry(**entry) for entry in data.get("documents", [])]
        except (yaml.YAMLError, TypeError, ValueError) as exc:
            raise CorpusError(f"知识库清单格式错误：{self.manifest_path}（{type(exc).__name__}）") from exc

    def write_entries(self, entries: list[LibraryEntry]) -> None:
        """Replace the manifest atomically; with no entries left it is removed."""
        if not entries:
            self.manifest_path.unlink(missing_ok=True)
            return
        self.root.mkdir(parents=True, exist_ok=True)
        data = {"documents": [entry.model_dump(mode="json") for entry in entries]}
        text = "# 运行时添加的文档（zjtx add / POST /api/documents），由程序维护\n"
        text += yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".manifest-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.manifest_path)
        load_manifest(self.manifest_path)  # what was written must read back

    def doc_dir(self, doc_id: str) -> Path:
        return self.root / doc_id

    def new_staging_dir(self) -> Path:
        staging = self.root / STAGING
        staging.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=staging))

    def trash_dir(self, doc_id: str) -> Path:
        trash = self.root / TRASH
        trash.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=trash, prefix=f"{doc_id}-"))

    def clear_leftovers(self) -> None:
        """Staging and trash folders left by a process killed mid-way hold nothing listed."""
        for name in (STAGING, TRASH):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def line_pages(self, doc_id: str) -> list[int]:
        path = self.doc_dir(doc_id) / PAGES_FILE
        return json.loads(path.read_text(encoding="utf-8"))["line_pages"] if path.is_file() else []

    def lock(self, timeout_s: float = 600.0) -> AbstractContextManager[None]:
        """One add or remove at a time (each ends with an index build)."""
        return exclusive_lock(self.root / ".lock", timeout_s, 0.2,
                              lambda: LibraryBusy("另一个文档正在添加或删除，请稍后再试"))


def page_locator(data_dir: Path, doc_id: str, start_line: int, end_line: int) -> str | None:
    """"第2页 L12-L15" for an added document's line range (None when the pages are unknown)."""
    pages = Library(data_dir).line_pages(doc_id)
    if not pages or not 1 <= start_line <= len(pages):
        return None
    first, last = pages[start_line - 1], pages[min(end_line, len(pages)) - 1]
    where = f"第{first}页" if first == last else f"第{first}-{last}页"
    return f"{where} L{start_line}-L{end_line}"
