"""Turning tool sources (doc_id + locator) into citations with the passage text."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from assistant.models import Citation
from indexer.passages import cited_locator, passage_text, sentence_locator


def cite_sources(
    corpus_dir: Path,
    titles: dict[str, str],
    sources: Iterable[tuple[str, str]],
    data_dir: Path | None = None,
) -> list[Citation]:
    """One citation per distinct (doc_id, locator), in order, with the cited lines as snippet.

    With ``data_dir``, documents added at run time are read from its library too, and their
    locators name the page (“第2页 L3-L3”). The locator stays as cited (answers number their
    sources by it); the snippet of lines that cut into a sentence (a reward row's figure in the
    middle of a wrapped line) reads that whole sentence.
    """
    unique = dict.fromkeys(sources)
    return [
        Citation(doc_id=doc_id, title=titles.get(doc_id, doc_id),
                 locator=cited_locator(data_dir, doc_id, locator),
                 snippet=passage_text(corpus_dir, doc_id, sentence_locator(corpus_dir, doc_id, locator, data_dir),
                                      data_dir=data_dir))
        for doc_id, locator in unique
    ]
