"""Test doubles that stay honest: a deterministic embedder with a call counter."""

from __future__ import annotations

import hashlib

import numpy as np
from langchain_core.embeddings import Embeddings

DIM = 64


class HashingEmbeddings(Embeddings):
    """Character-bigram hashing vectors: similar texts get similar vectors, no model needed."""

    name = "hashing-test"

    def __init__(self) -> None:
        self.documents_embedded = 0

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(DIM, dtype=np.float32)
        for a, b in zip(text, text[1:], strict=False):
            h = int(hashlib.md5((a + b).encode()).hexdigest()[:8], 16)
            vec[h % DIM] += 1.0
        norm = float(np.linalg.norm(vec)) or 1.0
        return (vec / norm).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.documents_embedded += len(texts)
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)
