"""Honour names (称号): aliases to canonical titles, display order and related honours."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.rewards.matching import compact, find_mentions

HONOURS_FILE = Path(__file__).with_name("honours.yaml")


class Honour(BaseModel):
    title: str
    en: str = ""
    aliases: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)


class HonourIndex:
    """Normalises honour mentions: “小巨人” is national unless the text says 省级."""

    def __init__(self, honours: list[Honour]) -> None:
        self.honours = {honour.title: honour for honour in honours}
        self.order = [honour.title for honour in honours]
        self.aliases: dict[str, str] = {}
        for honour in honours:
            for alias in [honour.title, *honour.aliases]:
                key = compact(alias)
                if self.aliases.get(key, honour.title) != honour.title:
                    raise ValueError(f"honours.yaml: 别名“{alias}”同时指向两个称号")
                self.aliases[key] = honour.title
        dangling = [r for h in honours for r in h.related if r not in self.honours]
        if dangling:
            raise ValueError(f"honours.yaml: related 中的称号未定义：{dangling}")

    @property
    def titles(self) -> list[str]:
        return list(self.order)

    def mentions(self, text: str) -> list[str]:
        return list(dict.fromkeys(find_mentions(text, self.aliases)))

    def canonical(self, name: str) -> str | None:
        """The canonical title for an alias, else the first honour mentioned in ``name``."""
        exact = self.aliases.get(compact(name))
        if exact is not None:
            return exact
        found = self.mentions(name)
        return found[0] if found else None

    def rank(self, title: str) -> int:
        """Display position of a title (unknown titles last)."""
        return self.order.index(title) if title in self.honours else len(self.order)

    def related(self, title: str) -> list[str]:
        return list(self.honours[title].related)


@lru_cache(maxsize=4)
def load_honours(path: Path = HONOURS_FILE) -> HonourIndex:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return HonourIndex([Honour(**entry) for entry in data["honours"]])
