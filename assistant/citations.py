"""Turning tool sources (doc_id + locator) into citations with the passage text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.models import Citation
from indexer.passages import passage_text


def cite_sources(corpus_dir: Path, titles: dict[str, str], sources: Iterable[tuple[str, str]]) -> list[Citation]:
    """One citation per distinct (doc_id, locator), in order, with the cited lines as snippet."""
    unique = dict.fromkeys(sources)
    return [
        Citation(doc_id=doc_id, title=titles.get(doc_id, doc_id), locator=locator,
                 snippet=passage_text(corpus_dir, doc_id, locator))
        for doc_id, locator in unique
    ]
