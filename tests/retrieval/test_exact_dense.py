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
    one_document = SearchFilters(doc_ids=(index.chunks[-1].doc_id,))
    for query in QUERIES:
        for filters in (SearchFilters(), SearchFilters(kind="report"), one_document):
            exact = dense_search(index, query, 8, filters)
            index.unit_vectors = None  # the same build through its Chroma collection
            stored = dense_search(index, query, 8, filters)
            index.unit_vectors = exact_vectors
            assert exact is not None and stored is not None
            assert [p for p, _ in exact] == [p for p, _ in stored], f"dense ranking of {query!r} differs from Chroma"
            for (_, a), (_, b) in zip(exact, stored, strict=True):
                assert abs(a - b) < 1e-4, f"cosine similarity of {query!r} differs from Chroma's"


def test_a_named_document_keeps_the_search_to_it(small_corpus: Path, tmp_path: Path) -> None:
    from assistant.retrieval.search import search

    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data")
    embeddings = HashingEmbeddings()
    build_index(settings, embeddings=embeddings, show_progress=False)
    index = load_search_index(settings, embeddings=embeddings)
    doc_ids = {c.doc_id for c in index.chunks}
    assert len(doc_ids) > 1
    wanted = index.chunks[-1].doc_id
    for query in QUERIES:
        hits = search(index, query, k=8, filters=SearchFilters(doc_ids=(wanted,))).hits
        assert hits and {h.chunk.doc_id for h in hits} == {wanted}, query
