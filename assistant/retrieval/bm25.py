"""Lexical retrieval: BM25 over jieba tokens of each chunk's context and text."""

from __future__ import annotations

import math

import numpy as np
from rank_bm25 import BM25Okapi

from assistant.retrieval.text_processing import tokenize
from indexer.chunking import embedding_text
from indexer.models import Chunk


class BM25Index:
    def __init__(self, chunks: list[Chunk]) -> None:
        self.chunks = chunks
        corpus = [tokenize(embedding_text(c)) for c in chunks]
        self._bm25 = BM25Okapi(corpus or [[""]])
        self._n = max(len(corpus), 1)
        self._df: dict[str, int] = {}
        for tokens in corpus:
            for tok in set(tokens):
                self._df[tok] = self._df.get(tok, 0) + 1

    def idf(self, token: str) -> float:
        """Smoothed inverse document frequency; unseen words weigh most."""
        df = self._df.get(token.lower(), 0)
        return math.log((self._n + 1) / (df + 0.5))

    def search(self, query: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """(chunk position, score) of the best ``k`` chunks with a positive score."""
        tokens = tokenize(query)
        if not tokens or not self.chunks:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens))
        order = np.argsort(-scores)
        hits: list[tuple[int, float]] = []
        for pos in order:
            if scores[pos] <= 0:
                break
            if allowed is not None and int(pos) not in allowed:
                continue
            hits.append((int(pos), float(scores[pos])))
            if len(hits) >= k:
                break
        return hits
