"""The indicator vocabulary (``assistant/resources/indicators.yaml``): names, words, and which
criteria belong to each indicator."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field


class Indicator(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    words: tuple[str, ...]
    fields: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()  # an umbrella word: the indicators it stands for
    patterns: tuple[str, ...] = ()  # wordings too varied to list ("研发投入要达到啥要求"), as regexes
    rule_only: bool = False  # only a rule states it ("到期是什么流程" asks the 有效期 rule)
    general: bool = False  # only rules of every tier state it: asked with a rule named, it asks them
    stated_with: str | None = None  # the umbrella a rule asked by this indicator is stated whole by


class IndicatorVocabulary(BaseModel):
    indicators: list[Indicator] = Field(default_factory=list)
    # measures of a report's own models ("科创力评分85分以上"), as regexes: they name no rule's indicator
    not_indicators: tuple[str, ...] = ()

    def by_name(self, name: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.name == name:
                return indicator
        raise KeyError(name)

    def expand(self, name: str) -> tuple[str, ...]:
        """The indicators a name stands for: itself, or those an umbrella covers."""
        return self.by_name(name).covers or (name,)

    @property
    def names(self) -> list[str]:
        return [i.name for i in self.indicators]


@lru_cache(maxsize=1)
def load_indicators() -> IndicatorVocabulary:
    path = resources.files("assistant") / "resources" / "indicators.yaml"
    vocabulary = IndicatorVocabulary.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    seen: dict[str, str] = {}
    for indicator in vocabulary.indicators:
        for word in indicator.words:
            if word in seen:
                raise ValueError(f"指标词“{word}”同时属于 {seen[word]} 和 {indicator.name}")
            seen[word] = indicator.name
    return vocabulary


def find_indicators(text: str) -> list[str]:
    """Indicators a question names, in order of first mention; the longest word wins at a place."""
    found: list[tuple[int, int, str]] = []
    vocabulary = load_indicators()
    for pattern in vocabulary.not_indicators:  # blanked where they stand, so positions hold
        text = re.sub(pattern, lambda m: "　" * len(m.group(0)), text)
    for indicator in vocabulary.indicators:
        for pattern in (*map(re.escape, indicator.words), *indicator.patterns):
            for match in re.finditer(pattern, text):
                found.append((match.start(), -len(match.group(0)), indicator.name))
    found.sort()
    names: list[str] = []
    covered_until = -1
    for start, neg_len, name in found:
        if start < covered_until:
            continue  # inside a longer word already read ("研发费用占比" is not also 研发费用)
        covered_until = start - neg_len
        if name not in names:
            names.append(name)
    return names


def find_indicator(text: str) -> str | None:
    names = find_indicators(text)
    return names[0] if names else None
