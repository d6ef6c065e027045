"""Combining ranked lists from different retrievers."""

from __future__ import annotations

from collections.abc import Sequence


def fuse_rankings(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: score(d) = sum_i w_i / (k + rank_i(d)), ranks from 1.

    RRF needs no score calibration between BM25 and cosine similarity, which live on
    different scales; ``k`` damps the influence of the very top ranks.
    """
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("weights and rankings differ in length")
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def keep_each_top(fused: list[tuple[str, float]], rankings: Sequence[Sequence[str]], k: int, top: int) -> list[tuple[str, float]]:
    """``fused`` with each ranking's first ``top`` items inside its first ``k``.

    RRF buries an item one retriever ranks first when the other misses it entirely (BM25's
    first hit for "长三角一共有多少家", which the vectors do not find, fell to 20th); the
    lowest-fused items of the first ``k`` make room for such tops, in fused order."""
    if top <= 0:
        return fused
    tops = [item for ranking in rankings for item in ranking[:top]]
    head = [item for item, _ in fused[:k]]
    missing = list(dict.fromkeys(t for t in tops if t not in head))
    if not missing:
        return fused
    keep = set(head[: max(0, k - len(missing))]) | set(missing)
    first = [pair for pair in fused if pair[0] in keep]
    return first + [pair for pair in fused if pair[0] not in keep]
