"""Reading a cited passage back from the raw corpus by doc_id and locator.

Documents are those of ``corpus/manifest.yaml`` and, given the data dir, those added at run
time (``<data_dir>/library``), so citations of an uploaded notice carry its title, its text
and the page of the cited lines. Every answer cites several passages, so the manifests and
the document lines are read once and kept until a file changes (keyed on its path, mtime and
size) or the serving build changes (``forget_corpus_cache``), not parsed again per citation.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from indexer.cleaning import SENTENCE_END, normalize_text
from indexer.corpus import library_dir, load_manifest
from indexer.library import MANIFEST, page_locator
from indexer.models import DocumentMeta

# "L12-L15", or with the page of an added document in front: "第2页 L12-L15"
_LOCATOR = re.compile(r"^(?:第[\d-]+页\s*)?L(\d+)-L(\d+)$")
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


_Stamps = tuple[tuple[int, int] | None, tuple[int, int] | None]


@dataclass
class CorpusPassages:
    """One corpus directory's (and library's) manifest and document lines, each read once per file version."""

    corpus_dir: Path
    manifest_stamp: _Stamps
    documents: dict[str, DocumentMeta]
    paths: dict[str, Path] = field(default_factory=dict)
    library: Path | None = None
    _lines: dict[str, tuple[tuple[int, int] | None, tuple[str, ...]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def titles(self) -> dict[str, str]:
        return {doc_id: meta.title for doc_id, meta in self.documents.items()}

    def lines(self, doc_id: str) -> tuple[str, ...]:
        meta = self.documents.get(doc_id)
        if meta is None:
            return ()
        path = self.paths.get(doc_id) or self.corpus_dir / "documents" / meta.file
        stamp = _stamp(path)
        with self._lock:
            cached = self._lines.get(doc_id)
            if cached is not None and cached[0] == stamp:
                return cached[1]
        lines = tuple(path.read_text(encoding="utf-8").splitlines()) if stamp else ()
        with self._lock:
            self._lines[doc_id] = (stamp, lines)
        return lines


_corpora: dict[tuple[Path, Path | None], CorpusPassages] = {}
_corpora_lock = threading.Lock()


def corpus_passages(corpus_dir: Path, data_dir: Path | None = None) -> CorpusPassages:
    """The cached view of ``corpus_dir`` (and the library under ``data_dir``); re-read when a manifest changes."""
    manifest = corpus_dir / "manifest.yaml"
    library = library_dir(data_dir) if data_dir is not None else None
    library_manifest = library / MANIFEST if library is not None else None
    stamp = (_stamp(manifest), _stamp(library_manifest) if library_manifest is not None else None)
    key = (corpus_dir, library)
    with _corpora_lock:
        cached = _corpora.get(key)
    if cached is not None and cached.manifest_stamp == stamp:
        return cached
    documents = {m.id: m for m in load_manifest(manifest)}
    paths = {doc_id: corpus_dir / "documents" / m.file for doc_id, m in documents.items()}
    if library is not None and library_manifest is not None and stamp[1] is not None:
        for meta in load_manifest(library_manifest):
            if meta.id not in documents:  # the bundled corpus wins a clash of ids
                documents[meta.id] = meta
                paths[meta.id] = library / meta.file
    fresh = CorpusPassages(corpus_dir=corpus_dir, manifest_stamp=stamp, documents=documents,
                           paths=paths, library=library)
    with _corpora_lock:
        if len(_corpora) >= _MAX_CACHED_CORPORA and key not in _corpora:
            _corpora.pop(next(iter(_corpora)))
        _corpora[key] = fresh
    return fresh


def forget_corpus_cache() -> None:
    """Drop every cached manifest and document; called when a new build starts serving."""
    with _corpora_lock:
        _corpora.clear()


def passage_text(
    corpus_dir: Path, doc_id: str, locator: str, max_chars: int = 240, data_dir: Path | None = None
) -> str:
    """The cleaned text of the raw lines a locator names (for snippets and checks).

    A table row's cells stay apart (" | "): a Word table's "2\t浙江省专精特新中小企业\t20万元" had read
    "2浙江省专精特新中小企业20万元" in the 来源 panel (new-user trial 51)."""
    passages = corpus_passages(corpus_dir, data_dir)
    if doc_id not in passages.documents:
        return ""
    start, end = parse_locator(locator)
    lines = passages.lines(doc_id)[start - 1 : end]
    text = "".join(_row_text(line) for line in lines)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


CELL_SEPARATOR = " | "


def _row_text(line: str) -> str:
    """A raw line cleaned; a table row's cells (tab-separated) cleaned one by one and kept apart."""
    if "\t" not in line:
        return normalize_text(line)
    return CELL_SEPARATOR.join(cell for cell in map(normalize_text, line.split("\t")) if cell)


_MAX_WIDEN = 3  # lines; a raw PDF line holds about 40 characters, a sentence rarely spans more than four


_WRAPPED = 20  # characters: a shorter line without a sentence end is a heading or a cell, not a wrapped line


def _ends_sentence(line: str) -> bool:
    text = normalize_text(line).strip()
    return not text or text[-1] in SENTENCE_END


def _wraps_on(line: str) -> bool:
    """The line breaks off a sentence that the next line continues; a table row (its cells tab-separated) never
    does (tour 37: a scanned notice's row L7 was cited with row L6 run into it)."""
    return "\t" not in line and not _ends_sentence(line) and len(normalize_text(line).strip()) >= _WRAPPED


def sentence_locator(corpus_dir: Path, doc_id: str, locator: str, data_dir: Path | None = None) -> str:
    """``locator`` widened to the whole sentences it cuts into (“L664-L664” → “L663-L664”).

    A reward row cites the lines of its figure, which in a PDF extraction can begin with
    “15万元，省级20万元…”; a snippet read from there starts mid-sentence. The start moves back
    while the line before does not end a sentence, the end forward while the last line does not,
    each by at most three lines and never over a blank line.
    """
    if not locator.startswith("L"):
        return locator
    try:
        start, end = parse_locator(locator)
    except ValueError:
        return locator
    lines = corpus_passages(corpus_dir, data_dir).lines(doc_id)
    if not lines or end > len(lines):
        return locator
    first, last = start, end
    while first > 1 and start - first < _MAX_WIDEN and _wraps_on(lines[first - 2]):
        first -= 1
    while last < len(lines) and last - end < _MAX_WIDEN and _wraps_on(lines[last - 1]) \
            and lines[last].strip():
        last += 1
    if not _ends_sentence(lines[last - 1]):
        last = end  # no sentence end within reach (a table cell, a heading): keep the cited end
    return locator if (first, last) == (start, end) else f"L{first}-L{last}"


def document_titles(corpus_dir: Path, data_dir: Path | None = None) -> dict[str, str]:
    return corpus_passages(corpus_dir, data_dir).titles


def cited_locator(data_dir: Path | None, doc_id: str, locator: str) -> str:
    """The locator with the page in front for an added document (“第2页 L12-L15”), else as given."""
    if data_dir is None:
        return locator
    try:
        start, end = parse_locator(locator)
    except ValueError:
        return locator
    return page_locator(data_dir, doc_id, start, end) or locator


def narrow_locator(
    corpus_dir: Path, doc_id: str, locator: str, quote: str, data_dir: Path | None = None
) -> str:
    """The lines within ``locator`` that hold ``quote`` (“L5-L5” inside a chunk's “L1-L7”), else ``locator``."""
    passages = corpus_passages(corpus_dir, data_dir)
    try:
        start, end = parse_locator(locator)
    except ValueError:
        return locator
    lines = ["".join(normalize_text(line).split()) for line in passages.lines(doc_id)[start - 1 : end]]
    wanted = "".join(normalize_text(quote.rstrip("…")).split())
    head, tail = wanted[:16], wanted[-8:]
    for last in range(len(lines)):
        if head not in "".join(lines[: last + 1]):
            continue
        first = max(i for i in range(last + 1) if head in "".join(lines[i : last + 1]))
        stop = next((j for j in range(last, len(lines)) if tail in "".join(lines[first : j + 1])), last)
        return f"L{start + first}-L{start + stop}"
    return locator
