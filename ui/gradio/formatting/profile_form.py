"""Reading the self-check form: which facts the user stated."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assistant.frame import intent_words
from assistant.numbers import approximate_amounts, normalize_numbers, parse_amount

NOT_STATED = "未填"
_FLAG_CHOICES = {"是": True, "否": False}
# a figure typed as the chat reads it ("一千二百万", "1.2亿", "百分之五", "5年"): its number, in the
# field's unit (amounts in 万元); anything else is left for the profile's validation to name
_FIGURE = re.compile(r"(-?\d+(?:\.\d+)?)\s*(亿元|亿|千万|百万|万元|万|元|%|年|项|件|个|名|分|强)?")
_AMOUNT_UNITS = ("亿元", "亿", "千万", "百万", "万元", "万", "元")
_APPROXIMATE = re.compile("|".join(sorted(intent_words().approximate_words, key=len, reverse=True)))


def _figure(text: str) -> float | str:
    # "2800左右", "大约2800": the figure said loosely is read as the chat reads 差不多2800万 (trial 43); so are
    # "八九百万", "50来万", "八百多万" (trial 45), at their lower bound
    said = _APPROXIMATE.sub("", approximate_amounts(normalize_numbers(text.strip())))
    match = _FIGURE.fullmatch(said)
    if match is None:
        return text
    number, unit = match.groups()
    amount = parse_amount(said) if unit in _AMOUNT_UNITS else None
    return amount if amount is not None else float(number)


def profile_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """The facts stated in the self-check form: blank numbers and 未填 are left out, 是/否 become
    booleans, figures typed in words or with units are read (trial 31: 一千二百万 was refused though the
    chat reads it); validation stays with ``CompanyProfile``."""
    values: dict[str, Any] = {}
    for name, value in form.items():
        if value is None or value == "" or value == NOT_STATED:
            continue
        if isinstance(value, float) and value != value:  # NaN from an emptied number box
            continue
        if isinstance(value, str):
            value = _FLAG_CHOICES[value] if value in _FLAG_CHOICES else _figure(value)
        values[name] = value
    return values
