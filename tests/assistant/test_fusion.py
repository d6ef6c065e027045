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
