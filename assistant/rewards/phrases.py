"""Question keywords and answer wording, kept in ``phrases.yaml``."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

PHRASES_FILE = Path(__file__).with_name("phrases.yaml")


@lru_cache(maxsize=4)
def _shared_levels(levels: tuple[str, ...]) -> re.Pattern[str]:
    level = "|".join(map(re.escape, levels))
    return re.compile(rf"({level})(?:和|与|跟|、|及)({level})([\u4e00-\u9fff“”]{{2,10}}?)"
                      r"(?=奖励|奖补|奖|的|分别|各|差|，|,|？|\?|$)")


class Phrases(BaseModel):
    reward_words: list[str]
    amount_words: list[str] = Field(default_factory=list)
    budget_words: list[str] = Field(default_factory=list)
    typos: dict[str, str] = Field(default_factory=dict)
    compare_words: list[str]
    gap_words: list[str]
    not_after_place: list[str] = Field(default_factory=list)
    condition_asks: list[str] = Field(default_factory=list)
    amount_asks: list[str] = Field(default_factory=list)
    honour_asks: list[str] = Field(default_factory=list)
    joined_words: list[str] = Field(default_factory=list)
    policy_words: list[str] = Field(default_factory=list)
    own_level_words: list[str] = Field(default_factory=list)
    payer_verbs: list[str] = Field(default_factory=list)
    shared_levels: list[str] = Field(default_factory=list)
    note_markers: list[str] = Field(default_factory=list)
    includes_parent_words: list[str] = Field(default_factory=list)
    stacking_words: list[str] = Field(default_factory=list)
    stacking_terms: list[str] = Field(default_factory=list)
    highest_only_terms: list[str] = Field(default_factory=list)
    max_term_chars: int = 10
    messages: dict[str, str]
    table_header: list[str]
    markdown: dict[str, str]

    def share_levels(self, text: str) -> str:
        """"省级和国家级专精特新" as "省级专精特新和国家级专精特新": each level with the honour they share."""
        if not self.shared_levels:
            return text
        return _shared_levels(tuple(self.shared_levels)).sub(r"\1\3和\2\3", text)

    def fix_typos(self, text: str) -> str:
        """``text`` with common misspellings and traditional characters replaced (奖历 → 奖励)."""
        for wrong, right in self.typos.items():
            text = text.replace(wrong, right)
        return text

    def policy_terms(self, conditions: str) -> list[str]:
        """The short policy conditions of a row ("新认定", "就高不重复"), without the curator's notes."""
        return [t.strip() for t in conditions.split("；") if t.strip() and len(t.strip()) <= self.max_term_chars
                and not any(m in t for m in self.note_markers)]

    def message(self, key: str, **values: str) -> str:
        return self.messages[key].format(**values)

    def text(self, key: str, **values: str) -> str:
        return self.markdown[key].format(**values)


@lru_cache(maxsize=4)
def load_phrases(path: Path = PHRASES_FILE) -> Phrases:
    return Phrases(**yaml.safe_load(path.read_text(encoding="utf-8")))
