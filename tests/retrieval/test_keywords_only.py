"""Routes that look names up in passages search by keywords alone: no query embedding."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieval.search import search
from assistant.retrieval.search_index import load_search_index
from assistant.service import create_service
from indexer.builder import build_index
from tests.retrieval.test_query_cache import CountingEmbeddings
from zjtx.settings import PROJECT_ROOT, Settings

# a region × honour the reward table does not list, so the route looks for it in the passages
UNLISTED = "青岛市国家级专精特新小巨人企业奖励多少钱？"


def _index(tmp_path: Path, embeddings: CountingEmbeddings):  # type: ignore[no-untyped-def]
    settings = Settings(corpus_dir=PROJECT_ROOT / "corpus", data_dir=tmp_path / "data", rate_limit_per_minute=0)
    build_index(settings, embeddings=embeddings, show_progress=False)
    return settings, load_search_index(settings, embeddings=embeddings)


def test_a_keywords_only_view_ranks_as_bm25_without_embedding_the_query(tmp_path: Path) -> None:
    embeddings = CountingEmbeddings()
    _, index = _index(tmp_path, embeddings)
    view = index.keywords_only()
    hybrid = search(view, "北交所 注册成立", k=8)
    keywords = search(index, "北交所 注册成立", k=8, mode="bm25")
    assert [h.chunk.chunk_id for h in hybrid.hits] == [h.chunk.chunk_id for h in keywords.hits]
    assert embeddings.queries == [], "a keywords-only search should not embed the query"
    assert hybrid.notice is None and not hybrid.degraded
    assert index.dense_wanted and search(index, "北交所 注册成立", k=8).hits[0].dense_rank is not None


def test_the_rewards_route_answers_without_a_query_embedding(tmp_path: Path) -> None:
    embeddings = CountingEmbeddings()
    settings, index = _index(tmp_path, embeddings)
    service = create_service(settings, index=index)
    answer = service.ask(UNLISTED)
    assert answer.route == "rewards"
    assert embeddings.queries == [], f"the rewards route embedded {embeddings.queries}"
    service.ask("北交所是哪天注册成立的？")
    assert embeddings.queries, "the search route still uses the query embedding"
