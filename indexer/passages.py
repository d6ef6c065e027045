"""Reading a cited passage back from the raw corpus by doc_id and locator."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from indexer.cleaning import normalize_text
from indexer.corpus import load_manifest

_LOCATOR = re.compile(r"^L(\d+)-L(\d+)$")


@lru_cache(maxsize=64)
def _lines(path: Path) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def parse_locator(locator: str) -> tuple[int, int]:
    match = _LOCATOR.match(locator)
    if not match:
        raise ValueError(f"定位格式应为 L起-L止：{locator}")
    return int(match.group(1)), int(match.group(2))


def passage_text(corpus_dir: Path, doc_id: str, locator: str, max_chars: int = 240) -> str:
    """The cleaned text of the raw lines a locator names (for snippets and checks)."""
    meta = next((m for m in load_manifest(corpus_dir / "manifest.yaml") if m.id == doc_id), None)
    if meta is None:
        return ""
    start, end = parse_locator(locator)
    lines = _lines(corpus_dir / "documents" / meta.file)[start - 1 : end]
    text = "".join(normalize_text(line) for line in lines)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def document_titles(corpus_dir: Path) -> dict[str, str]:
    return {m.id: m.title for m in load_manifest(corpus_dir / "manifest.yaml")}
