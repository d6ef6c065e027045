"""Reading a cited passage back from the raw corpus by doc_id and locator.

Every answer cites several passages, so the manifest and the document lines are read once
and kept until a file changes (keyed on its path, mtime and size) or the serving build
changes (``forget_corpus_cache``), not parsed again per citation.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from indexer.cleaning import normalize_text
from indexer.corpus import load_manifest
from indexer.models import DocumentMeta

_LOCATOR = re.compile(r"^L(\d+)-L(\d+)$")
_MAX_CACHED_CORPORA = 8


def parse_locator(locator: str) -> tuple[int, int]:
    match = _LOCATOR.match(locator)
    if not match:
        raise ValueError(f"定位格式应为 L起-L止：{locator}")
    return int(match.group(1)), int(match.group(2))


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@dataclass
class CorpusPassages:
    """One corpus directory's manifest and document lines, each read once per file version."""

    corpus_dir: Path
    manifest_stamp: tuple[int, int] | None
    documents: dict[str, DocumentMeta]
    _lines: dict[str, tuple[tuple[int, int] | None, tuple[str, ...]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def titles(self) -> dict[str, str]:
        return {doc_id: meta.title for doc_id, meta in self.documents.items()}

    def lines(self, doc_id: str) -> tuple[str, ...]:
        meta = self.documents.get(doc_id)
        if meta is None:
            return ()
        path = self.corpus_dir / "documents" / meta.file
        stamp = _stamp(path)
        with self._lock:
            cached = self._lines.get(doc_id)
            if cached is not None and cached[0] == stamp:
                return cached[1]
        lines = tuple(path.read_text(encoding="utf-8").splitlines()) if stamp else ()
        with self._lock:
            self._lines[doc_id] = (stamp, lines)
        return lines


_corpora: dict[Path, CorpusPassages] = {}
_corpora_lock = threading.Lock()


def corpus_passages(corpus_dir: Path) -> CorpusPassages:
    """The cached view of ``corpus_dir``; re-read when ``manifest.yaml`` changes on disk."""
    manifest = corpus_dir / "manifest.yaml"
    stamp = _stamp(manifest)
    with _corpora_lock:
        cached = _corpora.get(corpus_dir)
    if cached is not None and cached.manifest_stamp == stamp:
        return cached
    fresh = CorpusPassages(corpus_dir=corpus_dir, manifest_stamp=stamp,
                           documents={m.id: m for m in load_manifest(manifest)})
    with _corpora_lock:
        if len(_corpora) >= _MAX_CACHED_CORPORA and corpus_dir not in _corpora:
            _corpora.pop(next(iter(_corpora)))
        _corpora[corpus_dir] = fresh
    return fresh


def forget_corpus_cache() -> None:
    """Drop every cached manifest and document; called when a new build starts serving."""
    with _corpora_lock:
        _corpora.clear()


def passage_text(corpus_dir: Path, doc_id: str, locator: str, max_chars: int = 240) -> str:
    """The cleaned text of the raw lines a locator names (for snippets and checks)."""
    passages = corpus_passages(corpus_dir)
    if doc_id not in passages.documents:
        return ""
    start, end = parse_locator(locator)
    lines = passages.lines(doc_id)[start - 1 : end]
    text = "".join(normalize_text(line) for line in lines)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def document_titles(corpus_dir: Path) -> dict[str, str]:
    return corpus_passages(corpus_dir).titles
