"""Lexical retrieval: BM25 over jieba tokens of each chunk's context and text.

The Okapi weights (k1 1.5, b 0.75, negative idf floored at a quarter of the mean idf, as
rank_bm25 computes them) are precomputed once into a sparse chunk × term matrix, so a query
costs one column slice and a sparse product instead of a Python loop over every chunk.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy import sparse

from assistant.retrieval.text_processing import tokenize
from indexer.chunking import embedding_text
from indexer.models import Chunk

K1 = 1.5
B = 0.75
EPSILON = 0.25  # idf floor for words in more than half the chunks, as a share of the mean idf


class BM25Index:
    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        corpus = [tokenize(embedding_text(c)) for c in chunks]
        self._vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        freqs: list[int] = []
        for pos, tokens in enumerate(corpus):
            for token, tf in Counter(tokens).items():
                rows.append(pos)
                cols.append(self._vocab.setdefault(token, len(self._vocab)))
                freqs.append(tf)
        self._n = max(len(corpus), 1)
        self._doc_freq = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(self._vocab))
        self._weights = self._okapi_weights(corpus, rows, cols, freqs)

    def _okapi_weights(self, corpus: list[list[str]], rows: list[int], cols: list[int],
                       freqs: list[int]) -> sparse.csc_matrix:
        """BM25 contribution of each (chunk, term) pair for one occurrence of the term in a query.

        Computed with the same operations in the same order as rank_bm25, so scores (and the
        order of tied chunks) are exactly those of the per-chunk loop this replaced."""
        n_chunks = len(corpus)
        shape = (n_chunks, len(self._vocab))
        if not self._vocab:
            return sparse.csc_matrix(shape, dtype=np.float64)
        idf = [math.log(n_chunks - df + 0.5) - math.log(df + 0.5) for df in self._doc_freq.tolist()]
        floor = EPSILON * (sum(idf) / len(idf))
        idf_arr = np.array([floor if value < 0 else value for value in idf], dtype=np.float64)
        doc_len = np.array([len(tokens) for tokens in corpus], dtype=np.float64)
        avgdl = sum(len(tokens) for tokens in corpus) / n_chunks
        row = np.asarray(rows, dtype=np.int64)
        col = np.asarray(cols, dtype=np.int64)
        tf = np.asarray(freqs, dtype=np.float64)
        weight = idf_arr[col] * (tf * (K1 + 1) / (tf + K1 * (1 - B + B * doc_len[row] / avgdl)))
        return sparse.csc_matrix((weight, (row, col)), shape=shape)

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen words weigh most."""
        term = self._vocab.get(token.lower())
        df = int(self._doc_freq[term]) if term is not None else 0
        return math.log((self._n + 1) / (df + 0.5))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for the query (a repeated query word counts each time).

        One sparse column per query word, added in query order as the old loop did."""
        scores = np.zeros(len(self.chunks))
        indptr, indices, data = self._weights.indptr, self._weights.indices, self._weights.data
        for token in tokenize(query):
            term = self._vocab.get(token)
            if term is not None:
                start, end = indptr[term], indptr[term + 1]
                scores[indices[start:end]] += data[start:end]
        return scores

    def search(self, query: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """(chunk position, score) of the best ``k`` chunks with a positive score."""
        if not self.chunks:
            return []
        scores = self.scores(query)
        order = np.argsort(-scores)  # the same sort as before, so tied chunks keep their order
        order = order[scores[order] > 0]
        if allowed is not None:
            order = order[np.isin(order, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))]
        return [(int(pos), float(scores[pos])) for pos in order[:k]]
