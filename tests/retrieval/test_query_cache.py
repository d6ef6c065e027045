"""The query embedding is computed once per distinct query, in a bounded cache."""

from __future__ import annotations

import pytest

import assistant.retrieval.search_index as search_index
from assistant.retrieval.search_index import SearchIndex
from indexer.index_store import BuildInfo
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings


class CountingEmbeddings(HashingEmbeddings):
    def __init__(self) -> None:
        super().__init__()
        self.queries: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return super().embed_query(text)


def _index(embeddings: CountingEmbeddings) -> SearchIndex:
    from assistant.retrieval.bm25 import BM25Index

    build = BuildInfo(build_id="t", created_at="2026-01-01", embedder="hashing-test", chunk_max_chars=360,
                      documents=[], chunk_count=0, duration_s=0.0)
    return SearchIndex(settings=Settings(), build=build, chunks=[], bm25=BM25Index([]), embeddings=embeddings)


def test_a_repeated_query_is_embedded_once() -> None:
    embeddings = CountingEmbeddings()
    index = _index(embeddings)
    first = index.query_vector("小巨人有效期几年")
    assert index.query_vector("小巨人有效期几年") == first
    assert embeddings.queries == ["小巨人有效期几年"]


def test_the_cache_is_bounded_and_keeps_recent_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "QUERY_CACHE_SIZE", 3)
    embeddings = CountingEmbeddings()
    index = _index(embeddings)
    for q in ("一", "二", "三"):
        index.query_vector(q)
    index.query_vector("一")  # most recent now; 二 is the oldest
    index.query_vector("四")
    assert len(index._query_vectors) == 3
    index.query_vector("一")
    index.query_vector("二")
    assert embeddings.queries == ["一", "二", "三", "四", "二"]
