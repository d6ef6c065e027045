"""Dense search over the build's own vectors ranks as the Chroma store of the same build does."""

from __future__ import annotations

from pathlib import Path

from assistant.retrieval.search import SearchFilters, dense_search
from assistant.retrieval.search_index import load_search_index
from indexer.builder import build_index
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings

QUERIES = ["专精特新中小企业认定以后有效期是几年？", "研发费用占营业收入比重", "北交所", "小巨人 奖励 资金"]


def test_exact_vectors_rank_like_the_chroma_collection(small_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data")
    embeddings = HashingEmbeddings()
    build_index(settings, embeddings=embeddings, show_progress=False)
    index = load_search_index(settings, embeddings=embeddings)
    assert index.unit_vectors is not None, "the embedded store's build should answer dense queries itself"
    exact_vectors = index.unit_vectors
    for query in QUERIES:
        for filters in (SearchFilters(), SearchFilters(kind="report")):
            exact = dense_search(index, query, 8, filters)
            index.unit_vectors = None  # the same build through its Chroma collection
            stored = dense_search(index, query, 8, filters)
            index.unit_vectors = exact_vectors
            assert exact is not None and stored is not None
            assert [p for p, _ in exact] == [p for p, _ in stored], f"dense ranking of {query!r} differs from Chroma"
            for (_, a), (_, b) in zip(exact, stored, strict=True):
                assert abs(a - b) < 1e-4, f"cosine similarity of {query!r} differs from Chroma's"
