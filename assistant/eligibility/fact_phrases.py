"""The phrases of company facts (``fact_phrases.yaml``), loaded once into typed patterns.

The vocabulary is data: the slot table (phrase → profile fields, and how to read the value),
yes/no flags, stated absences, rule-version names and the eligibility-intent words. This
module only expands the ``{fragment}`` references and compiles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from assistant.numbers import amount_in_wan

SCORE_FIELD = "score"  # a score without its system: filled into the named version's score field
_REFERENCE = re.compile(r"\{([a-z_]+)\}")  # {gap}; regex quantifiers such as {0,8} never match


def _read_amount(match: re.Match[str]) -> float:
    return amount_in_wan(match.group("n"), match.group("u"))


def _read_two_year_average(match: re.Match[str]) -> float:
    return 2 * _read_amount(match)  # held as rd_expense_2y_total, whose half the rules read


def _read_number(match: re.Match[str]) -> float:
    return float(match.group("n"))


def _read_integer(match: re.Match[str]) -> int:
    return int(float(match.group("n")))


def _read_years(match: re.Match[str]) -> float | None:
    years = float(match.group("n"))
    return years if years <= 100 else None  # "专注…2025年" is a date, not a duration


VALUE_READERS: dict[str, Callable[[re.Match[str]], Any]] = {
    "amount": _read_amount,
    "two_year_average": _read_two_year_average,
    "number": _read_number,
    "integer": _read_integer,
    "years": _read_years,
}


@dataclass(frozen=True)
class Slot:
    """A phrase pattern with a named value group ``n``, the fields it fills and how to read it."""

    fields: tuple[str, ...]
    pattern: re.Pattern[str]
    read: Callable[[re.Match[str]], Any]


@dataclass(frozen=True)
class StatedZero:
    """A phrase stating that facts are zero ("没做过股权融资")."""

    fields: tuple[str, ...]
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class FactPhrases:
    fragments: dict[str, str]  # expanded, by name: revenue, rd, last_year_words, …
    slots: tuple[Slot, ...]
    flags: dict[str, re.Pattern[str]]
    negation: re.Pattern[str]
    negation_after: re.Pattern[str]  # matched where the phrase ends
    named_after: re.Pattern[str]  # the phrase names a condition ("自主品牌那一条"), stating nothing
    expired_after: re.Pattern[str]  # an honour no longer held (not said of a breach)
    joined_by: re.Pattern[str]  # a phrase joined to the one before shares its negation
    zero_count: re.Pattern[str]
    tenths: re.Pattern[str]
    tenths_and_half: re.Pattern[str]
    correction: re.Pattern[str]
    i_class_kinds: re.Pattern[str]
    flags_false: dict[str, re.Pattern[str]]
    unrelated_i_class: re.Pattern[str]  # the company's I-class IP said to be of no use to its main product
    flags_said_only_as_yes: frozenset[str]
    percent_points: re.Pattern[str]
    stated_zeros: tuple[StatedZero, ...]
    rule_versions: dict[str, re.Pattern[str]]
    eligibility_intent: re.Pattern[str]
    eligibility_intent_with_figures: re.Pattern[str]
    unread: dict[str, str]  # expanded patterns, by name (unread.py composes them)


def expand(pattern: str, fragments: dict[str, str]) -> str:
    """``pattern`` with each ``{name}`` replaced by that fragment (itself already expanded)."""
    return _REFERENCE.sub(lambda m: fragments[m.group(1)], pattern)


@lru_cache(maxsize=1)
def fact_phrases() -> FactPhrases:
    path = resources.files("assistant.eligibility") / "fact_phrases.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments: dict[str, str] = {}
    for name, fragment in data["fragments"].items():
        fragments[name] = expand(fragment, fragments)

    def compiled(pattern: str) -> re.Pattern[str]:
        return re.compile(expand(pattern, fragments))

    return FactPhrases(
        fragments=fragments,
        slots=tuple(
            Slot(tuple(s["fields"]), compiled(s["pattern"]), VALUE_READERS[s["read"]])
            for s in data["slots"]
        ),
        flags={name: compiled(pattern) for name, pattern in data["flags"].items()},
        negation=compiled(data["negation"]),
        negation_after=compiled(data["negation_after"]),
        named_after=compiled(data["named_after"]),
        expired_after=compiled(data["expired_after"]),
        joined_by=compiled(f"(?:{data['joined_by']})"),
        zero_count=compiled(data["zero_count"]),
        tenths=compiled(data["tenths"]),
        tenths_and_half=compiled(data["tenths_and_half"]),
        correction=compiled(data["correction"]),
        i_class_kinds=compiled(data["i_class_kinds"]),
        flags_false={name: compiled(pattern) for name, pattern in data["flags_false"].items()},
        unrelated_i_class=compiled(data["unrelated_i_class"]),
        flags_said_only_as_yes=frozenset(data["flags_said_only_as_yes"]),
        percent_points=compiled(data["percent_points"]),
        stated_zeros=tuple(
            StatedZero(tuple(z["fields"]), compiled(z["pattern"])) for z in data["stated_zeros"]
        ),
        rule_versions={str(v): compiled(pattern) for v, pattern in data["rule_versions"].items()},
        eligibility_intent=compiled(data["eligibility_intent"]),
        eligibility_intent_with_figures=compiled(data["eligibility_intent_with_figures"]),
        unread={name: expand(pattern, fragments) for name, pattern in data["unread"].items()},
    )
