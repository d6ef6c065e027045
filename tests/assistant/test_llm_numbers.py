"""The numeric guard: a number in the answer passes only if the evidence states it."""

from __future__ import annotations

from decimal import Decimal

import cn2an
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from assistant.llm.numeric_guard import find_unsupported_numbers
from assistant.numbers import extract_numbers

EVIDENCE = [
    "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。",
    "营收门槛从旧版的1000万元提升至1500万元（或融资2000万元以上）；截至2022年7月，共398家。",
    '{"region": "昆山市", "amount_min": 50.0, "amount_max": 50.0, "unit": "万元"}',
]


def values(text: str) -> list[Decimal]:
    return [m.value for m in extract_numbers(text) if m.value is not None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("营收1500万元", [Decimal(15_000_000)]),
        ("融资0.15亿元", [Decimal(15_000_000)]),
        ("一千五百万元", [Decimal(15_000_000)]),
        ("５００万元，占比３％", [Decimal(5_000_000), Decimal(3)]),
        ("百分之三", [Decimal(3)]),
        ("1,000,000元", [Decimal(1_000_000)]),
        ("1，200家", [Decimal(1), Decimal(200)]),  # a Chinese comma separates two numbers
        ("二〇二二年", [Decimal(2022)]),
        ("2021-09-03", [Decimal(2021), Decimal(9), Decimal(3)]),
        ("两年内三家", [Decimal(2), Decimal(3)]),
        ("500多万元", [Decimal(5_000_000)]),
    ],
)
def test_numbers_are_read_by_value(text: str, expected: list[Decimal]) -> None:
    assert values(text) == expected, f"{text!r} should read as {expected}"


@pytest.mark.parametrize("text", ["[1]", "见[2][3]。", "【4】", "[1, 2]", "1. 条件\n2. 流程", "一般而言，一家企业"])
def test_markers_and_the_article_yi_are_not_numbers(text: str) -> None:
    assert extract_numbers(text) == [], f"{text!r} holds no quantity"


def test_an_answer_copying_the_evidence_passes() -> None:
    answer = "研发费用不低于100万元[1]，占比不低于3%[1]；2026年新办法营收门槛为1500万元[2]。"
    assert find_unsupported_numbers(answer, EVIDENCE) == ["2026"]
    assert find_unsupported_numbers(answer, [*EVIDENCE, "适用规则：2026年版"]) == []


def test_equivalent_writings_of_an_evidence_number_pass() -> None:
    answer = "门槛为0.15亿元，即一千五百万元；研发占比百分之三；截至二〇二二年共三百九十八家。"
    assert find_unsupported_numbers(answer, EVIDENCE) == []


def test_a_tool_figure_in_wan_supports_an_amount_written_with_wan() -> None:
    assert find_unsupported_numbers("昆山奖励50万元。", EVIDENCE) == []


def test_invented_and_altered_numbers_are_reported_as_written() -> None:
    answer = "研发费用不低于120万元，占比5%，奖励500万元，共398家[9]。"
    assert find_unsupported_numbers(answer, EVIDENCE) == ["120万", "5%", "500万"]


def test_a_unit_dropped_from_an_amount_is_caught() -> None:
    # "1500万元" in the evidence does not support "1500元"
    assert find_unsupported_numbers("营收门槛1500元", EVIDENCE[1:2]) == ["1500"]


def test_a_numeral_word_that_does_not_parse_must_appear_as_written() -> None:
    assert find_unsupported_numbers("十四五期间", EVIDENCE) == ["十四五"]
    assert find_unsupported_numbers("十四五期间", ["“十四五”规划"]) == []


# --- properties --------------------------------------------------------------------------

amounts = st.integers(min_value=0, max_value=10**9)
decimals = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
FORMATS = {
    "plain": lambda n: f"{n}",
    "yuan": lambda n: f"{n}元",
    "wan": lambda n: f"{n}万元",
    "yi": lambda n: f"{n}亿元",
    "percent": lambda n: f"{n}%",
    "fullwidth": lambda n: f"{n}".translate(str.maketrans("0123456789.", "０１２３４５６７８９．")) + "家",
    "thousands": lambda n: f"{n:,}元",
}
filler = st.text(alphabet="企业研发投入营收门槛认定办法的了和及其，。；：", max_size=20)


@given(number=amounts, fmt=st.sampled_from(sorted(FORMATS)), before=filler, after=filler, other=amounts)
def test_any_number_copied_from_evidence_passes(number: int, fmt: str, before: str, after: str, other: int) -> None:
    written = FORMATS[fmt](number)
    evidence = [f"{before}{written}{after}，另有{other}家"]
    answer = f"根据资料，{written}[1]。"
    assert find_unsupported_numbers(answer, evidence) == [], f"{written} is in the evidence {evidence}"


@given(number=decimals, before=filler)
def test_decimal_numbers_copied_from_evidence_pass(number: Decimal, before: str) -> None:
    written = f"{number}%"
    assert find_unsupported_numbers(f"比例为{written}", [f"{before}{written}"]) == []


@given(number=st.integers(min_value=2, max_value=99_999_999))
def test_chinese_numerals_match_arabic_evidence(number: int) -> None:
    chinese = cn2an.an2cn(number)
    assert find_unsupported_numbers(f"共{chinese}家企业", [f"共{number}家企业"]) == [], f"{chinese} = {number}"


@given(evidence_numbers=st.lists(amounts, min_size=1, max_size=6), invented=amounts,
       fmt=st.sampled_from(["plain", "yuan", "percent", "thousands", "fullwidth"]))
def test_a_number_not_in_evidence_fails(evidence_numbers: list[int], invented: int, fmt: str) -> None:
    assume(invented not in evidence_numbers)
    evidence = ["；".join(f"{n}元" for n in evidence_numbers)]
    answer = f"金额为{FORMATS[fmt](invented)}[1]。"
    assert find_unsupported_numbers(answer, evidence), f"{invented} is not in {evidence_numbers}"


@given(evidence_numbers=st.lists(amounts, min_size=1, max_size=6), invented=st.integers(1, 10**5))
def test_an_amount_in_wan_not_in_evidence_fails(evidence_numbers: list[int], invented: int) -> None:
    assume(invented not in evidence_numbers and invented * 10_000 not in evidence_numbers)
    evidence = ["；".join(f"{n}元" for n in evidence_numbers)]
    assert find_unsupported_numbers(f"奖励{invented}万元", evidence) == [f"{invented}万"]


@given(markers=st.lists(st.integers(1, 999), min_size=1, max_size=5), text=filler)
def test_citation_markers_are_never_checked(markers: list[int], text: str) -> None:
    answer = text + "".join(f"[{n}]" for n in markers) + "。"
    assert find_unsupported_numbers(answer, []) == []
