"""Reading amounts in 万元 from the way the corpus writes them (“最高50万”、“20-60万”)."""

from __future__ import annotations

import re

_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(rf"{_NUMBER}(?:万元?)?[-—–~～至到]{_NUMBER}万")
_UPPER_PREFIX = re.compile(rf"(?:最高|不超过|不高于|至多|最多){_NUMBER}万")
_UPPER_SUFFIX = re.compile(rf"{_NUMBER}万元?(?:以内|以下)")
_EXACT = re.compile(rf"^{_NUMBER}万元?$")


def parse_amount(text: str) -> tuple[float | None, float | None]:
    """(amount_min, amount_max) in 万元; an upper bound alone leaves the minimum empty."""
    compact = re.sub(r"\s+", "", text)
    if match := _RANGE.search(compact):
        return float(match[1]), float(match[2])
    if match := _UPPER_PREFIX.search(compact) or _UPPER_SUFFIX.search(compact):
        return None, float(match[1])
    if match := _EXACT.match(compact):
        return float(match[1]), float(match[1])
    return None, None
