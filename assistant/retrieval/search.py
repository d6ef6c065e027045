"""Hybrid search: BM25 and dense candidates fused by reciprocal rank, with metadata filters."""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
from pydantic import BaseModel

from assistant.retrieval.fusion import fuse_rankings, keep_each_top
from assistant.retrieval.search_index import SearchIndex
from assistant.retrieval.text_processing import expand_query, normalize_query
from indexer.models import Chunk

log = logging.getLogger(__name__)
SearchMode = Literal["hybrid", "bm25", "dense"]


class SearchFilters(BaseModel):
    kind: str | None = None
    rule_version: str | None = None
    doc_ids: tuple[str, ...] = ()  # the documents a question names ("《金融支持专精特新》报告里…")

    @property
    def active(self) -> bool:
        return bool(self.kind or self.rule_version or self.doc_ids)

    def allows(self, chunk: Chunk) -> bool:
        return (self.kind is None or chunk.kind == self.kind) and (
            self.rule_version is None or chunk.rule_version == self.rule_version
        ) and (not self.doc_ids or chunk.doc_id in self.doc_ids)

    def chroma_where(self) -> dict[str, object] | None:
        clauses: list[dict[str, object]] = []
        if self.kind:
            clauses.append({"kind": self.kind})
        if self.rule_version:
            clauses.append({"rule_version": self.rule_version})
        if self.doc_ids:
            clauses.append({"doc_id": {"$in": list(self.doc_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class SearchHit(BaseModel):
    chunk: Chunk
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None
    bm25_score: float | None = None
    dense_similarity: float | None = None


class SearchOutcome(BaseModel):
    hits: list[SearchHit]
    degraded: bool = False
    notice: str | None = None
    dense_ready: bool = True  # False while the build's vectors are computed (keyword ranks only)


def _exact_dense_search(index: SearchIndex, vectors: np.ndarray, query: str, k: int,
                        filters: SearchFilters) -> list[tuple[int, float]]:
    """Cosine similarity against every chunk of the build (exact; 626 x 384 is one small product)."""
    query_vector = np.asarray(index.query_vector(query), dtype=np.float32)
    similarity = vectors @ (query_vector / max(float(np.linalg.norm(query_vector)), 1e-12))
    if filters.active:
        allowed = np.fromiter((filters.allows(c) for c in index.chunks), dtype=bool, count=len(index.chunks))
        similarity = np.where(allowed, similarity, -np.inf)
    n = min(k, int(np.isfinite(similarity).sum()))
    if n <= 0:
        return []
    top = np.argpartition(-similarity, n - 1)[:n]
    top = top[np.lexsort((top, -similarity[top]))]  # best first; ties by chunk order
    return [(int(pos), float(similarity[pos])) for pos in top]


def dense_search(index: SearchIndex, query: str, k: int, filters: SearchFilters) -> list[tuple[int, float]] | None:
    """(chunk position, cosine similarity), or None when the vector store is unavailable."""
    if index.dense_ready and index.unit_vectors is not None:
        return _exact_dense_search(index, index.unit_vectors, query, k, filters)
    collection = index.collection()
    if collection is None:
        return None
    vector = index.query_vector(query)
    try:
        result = collection.query(
            query_embeddings=[vector],
            n_results=max(1, min(k, len(index.chunks))),
            where=filters.chroma_where(),
            include=["distances"],
        )
    except Exception as exc:  # noqa: BLE001 - a server that went away raises transport errors
        log.warning("向量检索失败，改用关键词检索：%s", exc)
        index.mark_collection_failed()
        return None
    hits = []
    for chunk_id, distance in zip(result["ids"][0], result["distances"][0], strict=True):
        pos = index.positions.get(chunk_id)
        if pos is not None:
            hits.append((pos, 1.0 - float(distance)))
    return hits


def search(
    index: SearchIndex,
    query: str,
    k: int = 5,
    mode: SearchMode = "hybrid",
    filters: SearchFilters | None = None,
    candidates: int | None = None,
) -> SearchOutcome:
    """Rank chunks for a query; falls back to BM25 (with a notice) when dense search is down."""
    filters = filters or SearchFilters()
    if mode == "hybrid" and not index.dense_wanted:
        mode = "bm25"
    query = normalize_query(query)
    n_candidates = max(k, candidates or index.settings.retrieval_candidates)
    allowed = None
    if filters.active:
        allowed = {i for i, c in enumerate(index.chunks) if filters.allows(c)}

    bm25_query = expand_query(query)
    bm25_hits = index.bm25.search(bm25_query, n_candidates, allowed) if mode != "dense" else []
    # while the build's vectors are computed, hybrid search ranks by keywords alone without a
    # notice (answers read as usual); only an explicit dense search is told why
    warming = mode != "bm25" and not index.dense_ready
    dense_hits: list[tuple[int, float]] | None = []
    if mode != "bm25" and not warming:
        dense_hits = dense_search(index, query, n_candidates, filters)
    degraded = dense_hits is None
    dense_hits = dense_hits or []
    if (degraded or warming) and mode == "dense":
        bm25_hits = index.bm25.search(bm25_query, n_candidates, allowed)
    dense_used = not (degraded or warming)

    bm25_rank = {pos: r for r, (pos, _) in enumerate(bm25_hits, start=1)}
    dense_rank = {pos: r for r, (pos, _) in enumerate(dense_hits, start=1)}
    bm25_score = dict(bm25_hits)
    dense_sim = dict(dense_hits)
    if mode == "hybrid" and dense_used:
        rankings = [[str(p) for p, _ in bm25_hits], [str(p) for p, _ in dense_hits]]
        fused = keep_each_top(
            fuse_rankings(rankings, k=index.settings.rrf_k, weights=[index.settings.rrf_bm25_weight, 1.0]),
            rankings, k, index.settings.fusion_keep_top,
        )
        ranked = [(int(p), s) for p, s in fused]
    elif mode == "dense" and dense_used:
        ranked = list(dense_hits)
    else:
        ranked = list(bm25_hits)

    hits = [
        SearchHit(
            chunk=index.chunks[pos],
            score=round(score, 6),
            bm25_rank=bm25_rank.get(pos),
            dense_rank=dense_rank.get(pos),
            bm25_score=bm25_score.get(pos),
            dense_similarity=dense_sim.get(pos),
        )
        for pos, score in ranked[:k]
    ]
    notice = "向量检索暂不可用，本次结果仅基于关键词检索。" if degraded else None
    if warming and mode == "dense":
        notice = "向量索引生成中，本次结果仅基于关键词检索。"
    return SearchOutcome(hits=hits, degraded=degraded, notice=notice, dense_ready=index.dense_ready)
