"""The sparse-matrix BM25 ranks the golden questions exactly as the per-chunk loop did.

``ReferenceBM25`` is the scorer served before the sparse one (rank_bm25's ``BM25Okapi``
and a loop over every chunk), kept here only as the reference.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.text_processing import expand_query, normalize_query, tokenize
from evals.cases import load_cases
from indexer.chunking import chunk_document, embedding_text
from indexer.corpus import load_corpus
from indexer.models import Chunk
from tests.conftest import CORPUS
from zjtx.settings import Settings


class ReferenceBM25:
    """rank_bm25 0.2.2 ``BM25Okapi`` (k1 1.5, b 0.75, epsilon 0.25) and the old search loop."""

    def __init__(self, chunks: list[Chunk], k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25) -> None:
        corpus = [tokenize(embedding_text(c)) for c in chunks]
        self.k1, self.b = k1, b
        self.doc_freqs = [dict(Counter(doc)) for doc in corpus]
        self.doc_len = [len(doc) for doc in corpus]
        self.avgdl = sum(self.doc_len) / len(corpus)
        nd: dict[str, int] = {}
        for freqs in self.doc_freqs:
            for word in freqs:
                nd[word] = nd.get(word, 0) + 1
        self.idf: dict[str, float] = {}
        negative = []
        for word, freq in nd.items():
            self.idf[word] = math.log(len(corpus) - freq + 0.5) - math.log(freq + 0.5)
            if self.idf[word] < 0:
                negative.append(word)
        eps = epsilon * sum(self.idf.values()) / len(self.idf)
        for word in negative:
            self.idf[word] = eps

    def get_scores(self, query: list[str]) -> np.ndarray:
        score = np.zeros(len(self.doc_freqs))
        doc_len = np.array(self.doc_len)
        for q in query:
            q_freq = np.array([(doc.get(q) or 0) for doc in self.doc_freqs])
            score += (self.idf.get(q) or 0) * (
                q_freq * (self.k1 + 1) / (q_freq + self.k1 * (1 - self.b + self.b * doc_len / self.avgdl)))
        return score

    def search(self, query: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        tokens = tokenize(query)
        if not tokens:
            return []
        scores = self.get_scores(tokens)
        hits: list[tuple[int, float]] = []
        for pos in np.argsort(-scores):
            if scores[pos] <= 0:
                break
            if allowed is not None and int(pos) not in allowed:
                continue
            hits.append((int(pos), float(scores[pos])))
            if len(hits) >= k:
                break
        return hits


@pytest.fixture(scope="module")
def real_chunks() -> list[Chunk]:
    docs, _ = load_corpus(CORPUS / "manifest.yaml", CORPUS / "documents")
    max_chars = Settings(corpus_dir=CORPUS).chunk_max_chars
    return [c for doc in docs for c in chunk_document(doc, max_chars)]


@pytest.fixture(scope="module")
def golden_queries() -> list[str]:
    """Each golden question as search() hands it to BM25 (normalised, synonyms appended)."""
    return [expand_query(normalize_query(case.question)) for case in load_cases()]


def _assert_same_ranking(new: list[tuple[int, float]], old: list[tuple[int, float]], query: str,
                         chunks: list[Chunk]) -> None:
    new_ids = [chunks[pos].chunk_id for pos, _ in new]
    old_ids = [chunks[pos].chunk_id for pos, _ in old]
    assert new_ids == old_ids, f"{query!r}: ranked {new_ids}, the old scorer ranked {old_ids}"
    for (pos, score), (_, old_score) in zip(new, old, strict=True):
        assert score == pytest.approx(old_score, abs=1e-6), f"{query!r}: score of {chunks[pos].chunk_id}"


def test_golden_questions_get_the_same_top10_and_scores(real_chunks: list[Chunk], golden_queries: list[str]) -> None:
    new, old = BM25Index(real_chunks), ReferenceBM25(real_chunks)
    assert len(golden_queries) > 200
    for query in golden_queries:
        _assert_same_ranking(new.search(query, 10), old.search(query, 10), query, real_chunks)


def test_filtered_search_matches_the_reference(real_chunks: list[Chunk], golden_queries: list[str]) -> None:
    new, old = BM25Index(real_chunks), ReferenceBM25(real_chunks)
    allowed = {i for i, c in enumerate(real_chunks) if c.rule_version == "2026"}
    assert allowed
    for query in golden_queries[::5]:
        _assert_same_ranking(new.search(query, 10, allowed), old.search(query, 10, allowed), query, real_chunks)


def test_reference_is_rank_bm25(real_chunks: list[Chunk], golden_queries: list[str]) -> None:
    """While rank_bm25 is installed, the reference above is checked against it."""
    rank_bm25 = pytest.importorskip("rank_bm25")
    library = rank_bm25.BM25Okapi([tokenize(embedding_text(c)) for c in real_chunks])
    reference = ReferenceBM25(real_chunks)
    for query in golden_queries[::10]:
        tokens = tokenize(query)
        np.testing.assert_allclose(reference.get_scores(tokens), library.get_scores(tokens), rtol=0, atol=1e-12)


def test_idf_and_empty_cases() -> None:
    assert BM25Index([]).search("研发费用", 5) == []
    chunks_index = BM25Index([])
    assert chunks_index.idf("没有的词") == pytest.approx(math.log(2 / 0.5))
