"""Reading amounts in 万元 as the corpus writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.rewards.amounts import parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50万元", (50.0, 50.0)),
        ("50万", (50.0, 50.0)),
        ("最高50万", (None, 50.0)),
        ("不超过100万", (None, 100.0)),
        ("累计不超过100万元", (None, 100.0)),
        ("50万以内", (None, 50.0)),
        ("20-60万", (20.0, 60.0)),
        ("10万-50万", (10.0, 50.0)),
        ("50万至100万", (50.0, 100.0)),
        ("20 万元-200 万元", (20.0, 200.0)),
        ("——", (None, None)),
        ("服务券", (None, None)),
    ],
)
def test_parse_amount_examples(text: str, expected: tuple[float | None, float | None]) -> None:
    assert parse_amount(text) == expected, f"“{text}”应解析为 {expected}"


amounts = st.integers(min_value=1, max_value=5000)


@given(amounts)
def test_exact_amount_round_trips(value: int) -> None:
    assert parse_amount(f"{value}万元") == (value, value)


@given(amounts, amounts, st.sampled_from(["-", "—", "至", "万-", "万元-"]))
def test_range_keeps_both_ends(low: int, high: int, dash: str) -> None:
    assert parse_amount(f"{low}{dash}{high}万") == (low, high)


@given(amounts, st.sampled_from(["最高{}万", "不超过{}万元", "{}万以内", "{}万元以下"]))
def test_cap_has_only_a_maximum(value: int, pattern: str) -> None:
    assert parse_amount(pattern.format(value)) == (None, value)
