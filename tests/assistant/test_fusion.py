from __future__ import annotations

import pytest

from assistant.retrieval.fusion import fuse_rankings


def test_documents_ranked_well_by_both_lists_win() -> None:
    fused = fuse_rankings([["a", "b", "c"], ["b", "a", "d"]], k=60)
    assert [d for d, _ in fused][:2] in (["a", "b"], ["b", "a"])
    assert dict(fused)["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert [d for d, _ in fused][-1] in ("c", "d")


def test_an_item_in_one_list_only_still_appears() -> None:
    assert "z" in dict(fuse_rankings([["x"], ["z"]]))


def test_weights_shift_the_order() -> None:
    fused = fuse_rankings([["a"], ["b"]], weights=[1.0, 2.0])
    assert fused[0][0] == "b"


def test_mismatched_weights_are_rejected() -> None:
    with pytest.raises(ValueError):
        fuse_rankings([["a"]], weights=[1.0, 2.0])


def test_each_rankings_first_item_stays_in_the_top_k() -> None:
    """BM25 ranks "x" first but dense misses it: plain RRF drops it below k; kept, it takes the
    place of the lowest fused item, and the rest keep their fused order."""
    from assistant.retrieval.fusion import keep_each_top

    bm25 = ["x", "a", "b", "c", "d"]
    dense = ["a", "b", "c", "d", "e"]
    fused = fuse_rankings([bm25, dense], k=60)
    assert "x" not in [item for item, _ in fused[:4]]
    kept = [item for item, _ in keep_each_top(fused, [bm25, dense], k=4, top=1)]
    assert "x" in kept[:4] and kept[:3] == [item for item, _ in fused[:3]]
    assert keep_each_top(fused, [bm25, dense], k=4, top=0) == fused
    assert sorted(kept) == sorted(item for item, _ in fused)  # nothing lost, nothing added
