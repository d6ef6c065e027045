"""Honour names (称号): aliases to canonical titles, tiers, families and related honours."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.rewards.matching import alias_map, compact, find_spans

HONOURS_FILE = Path(__file__).with_name("honours.yaml")


class Tier(BaseModel):
    """A level of government conferring honours (国家级、省级、市级、县级)."""

    name: str
    markers: list[str] = Field(default_factory=list)
    words: list[str] = Field(default_factory=list)
    scopes: list[str] = Field(default_factory=list)
    default: str


class Honour(BaseModel):
    title: str
    en: str = ""
    tier: str | None = None
    family: str | None = None
    aliases: list[str] = Field(default_factory=list)
    related: list[str] = Field(default_factory=list)
    place: str | None = None  # the city conferring it, when the honour is one city's own (苏州市…示范中小企业)


class HonourIndex:
    """Normalises honour mentions: “小巨人” is national unless the text says 省级."""

    def __init__(self, honours: list[Honour], tiers: list[Tier] | None = None) -> None:
        self.honours = {honour.title: honour for honour in honours}
        self.order = [honour.title for honour in honours]
        self.tiers = {tier.name: tier for tier in tiers or []}
        self.aliases = alias_map(((h.title, h.aliases) for h in honours), "honours.yaml", "称号")
        self.tier_words: dict[str, str] = {}
        self.scope_words: dict[str, str] = {}
        for tier in self.tiers.values():
            scopes = [compact(word) for word in tier.scopes]
            # a scope word followed by 级 names the tier again: 本市级 = 市级
            for word in [*tier.words, *(scope + "级" for scope in scopes)]:
                key = compact(word)
                if key in self.aliases or self.tier_words.get(key, tier.name) != tier.name:
                    raise ValueError(f"honours.yaml: 层级词“{word}”有歧义")
                self.tier_words[key] = tier.name
            for key in scopes:
                if key in self.aliases or key in self.tier_words or key in self.scope_words:
                    raise ValueError(f"honours.yaml: 地区范围词“{key}”有歧义")
                self.scope_words[key] = tier.name
        dangling = [r for h in honours for r in h.related if r not in self.honours]
        dangling += [t.default for t in self.tiers.values() if t.default not in self.honours]
        if dangling:
            raise ValueError(f"honours.yaml: related 或 default 中的称号未定义：{dangling}")
        unknown_tiers = [h.tier for h in honours if h.tier and h.tier not in self.tiers]
        if unknown_tiers:
            raise ValueError(f"honours.yaml: 层级未定义：{unknown_tiers}")
        # what mentions() scans for: honour aliases, and scope words that name no honour
        self._mention_scan: dict[str, str | None] = {**self.aliases, **dict.fromkeys(self.scope_words)}

    @property
    def titles(self) -> list[str]:
        return list(self.order)

    def mentions(self, text: str) -> list[str]:
        """Honours named in ``text``; “全省小巨人” names 小巨人, not 省小巨人."""
        spans = find_spans(compact(text), self._mention_scan)
        return list(dict.fromkeys(s.value for s in spans if s.value is not None))

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

    def tier_of(self, title: str | None) -> str | None:
        return self.honours[title].tier if title in self.honours else None

    def family_of(self, title: str | None) -> str | None:
        return self.honours[title].family if title in self.honours else None

    def at_tier(self, family: str | None, tier: str) -> str | None:
        """The honour of ``family`` conferred at ``tier`` (“小巨人” × provincial → 省级专精特新小巨人)."""
        if family is None:
            return None
        return next(
            (
                t
                for t in self.order
                if self.honours[t].family == family and self.honours[t].tier == tier
            ),
            None,
        )

    def of_place(self, title: str, place_path: str, written: str = "") -> str:
        """``title`` as conferred by the place at ``place_path`` ("江苏省 > 无锡市 > 梁溪区"): one city's own
        honour stays where that city is on the path or the honour as ``written`` names it ("苏州市专精特新…"),
        elsewhere it is the same tier's honour of no one city."""
        honour = self.honours.get(title)
        if honour is None or honour.place is None or honour.place in place_path or honour.place in written:
            return title
        return next((t for t in self.order if self.honours[t].family == honour.family
                     and self.honours[t].tier == honour.tier and self.honours[t].place is None), title)

    def tier_default(self, tier: str) -> str:
        """What a bare tier word means (“国家级的” → 国家级专精特新“小巨人”)."""
        return self.tiers[tier].default

    def is_plain(self, alias: str, title: str) -> bool:
        """True when ``alias`` names its family without a tier (“小巨人”, not “省小巨人”).

        Only the family's default honour (listed first) has plain aliases: “专精特新示范企业”
        has no tier word but still names the 苏州市 honour.
        """
        family = self.family_of(title)
        if family is None:
            return False
        first = next(t for t in self.order if self.honours[t].family == family)
        markers = [m for tier in self.tiers.values() for m in tier.markers]
        return first == title and not any(marker in alias for marker in markers)


@lru_cache(maxsize=4)
def load_honours(path: Path = HONOURS_FILE) -> HonourIndex:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return HonourIndex(
        [Honour(**entry) for entry in data["honours"]],
        [Tier(**entry) for entry in data.get("tiers", [])],
    )
