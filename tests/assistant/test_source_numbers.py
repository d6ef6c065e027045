"""Citation markers renumbered in the order a reader meets them."""

from __future__ import annotations

from assistant.source_numbers import in_reading_order


def test_markers_and_the_source_list_follow_reading_order() -> None:
    keys = [("d", "L1-L1"), ("d", "L2-L2"), ("d", "L3-L3")]
    text = "营收：已满足[3]\n研发：已满足[2]\n\n来源：\n[1] 《d》 L1-L1\n[2] 《d》 L2-L2\n[3] 《d》 L3-L3"
    renumbered, order = in_reading_order(text, keys)
    assert renumbered.splitlines()[:2] == ["营收：已满足[1]", "研发：已满足[2]"]
    assert renumbered.splitlines()[-3:] == ["[1] 《d》 L3-L3", "[2] 《d》 L2-L2", "[3] 《d》 L1-L1"]
    assert order == [("d", "L3-L3"), ("d", "L2-L2"), ("d", "L1-L1")]
