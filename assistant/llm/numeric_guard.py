"""The numeric faithfulness guard: every number a model writes must be in its evidence.

Numbers are compared by value (:mod:`assistant.numbers` reads them), so 1500万 is supported
by 0.15亿 and 一千五百万. Citation markers such as [3] and ordered-list markers are
formatting, not claims, and are ignored in the answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from assistant.numbers import extract_numbers, number_key, prepare_text


def find_unsupported_numbers(answer_text: str, evidence_texts: Iterable[str]) -> list[str]:
    """Numbers of ``answer_text`` (as written, in order, once each) found in no evidence text.

    A number is supported when its value equals a number of the evidence, or when it carries
    a multiplier and its written figure does ("50万元" is supported by a tool's ``50``).
    """
    evidence = list(evidence_texts)
    values: set[Decimal] = set()
    for text in evidence:
        for mention in extract_numbers(text, strip_markers=False):
            if mention.value is not None:
                values.add(number_key(mention.value))
    prepared = [prepare_text(text, strip_markers=False) for text in evidence]
    unsupported: list[str] = []
    for mention in extract_numbers(answer_text):
        if mention.value is None:
            supported = any(mention.text in text for text in prepared)
        else:
            supported = bool(mention.keys() & values)
        if not supported and mention.text not in unsupported:
            unsupported.append(mention.text)
    return unsupported
