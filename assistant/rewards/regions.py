"""Region names: aliases to canonical names, and the parent/child hierarchy."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field

from assistant.rewards.matching import Span, alias_map, compact, find_mentions, find_spans

REGIONS_FILE = Path(__file__).with_name("regions.yaml")


class Region(BaseModel):
    name: str
    parent: str | None = None
    aliases: list[str] = Field(default_factory=list)
    covers_all: bool = False


class PlaceWords(BaseModel):
    """Vocabulary for spotting place names the region table does not list (see places.py)."""

    suffixes: list[str] = Field(default_factory=list)
    short_suffixes: list[str] = Field(default_factory=list)
    min_length: int = 3
    max_length: int = 6
    not_followed_by: list[str] = Field(default_factory=list)
    boundaries: list[str] = Field(default_factory=list)
    not_places: list[str] = Field(default_factory=list)
    bare_aliases: list[str] = Field(default_factory=list)

    def names_another_place(self, body: str, start: int, alias: str) -> bool:
        """A generic short name ("高新区") glued to a name before it ("东湖高新区") is another place."""
        if alias not in self.bare_aliases or start == 0:
            return False
        before = body[:start]
        return not (not "\u3400" <= before[-1] <= "\u9fff" or any(before.endswith(w) for w in self.boundaries))


class RegionIndex:
    """Normalises region mentions and walks the hierarchy (江苏省 > 苏州市 > 太仓市)."""

    def __init__(self, regions: list[Region], places: PlaceWords | None = None) -> None:
        self.places = places or PlaceWords()
        self.regions = {region.name: region for region in regions}
        self.order = [region.name for region in regions]
        self.aliases = alias_map(((r.name, r.aliases) for r in regions), "regions.yaml", "地区")
        unknown = [r.parent for r in regions if r.parent and r.parent not in self.regions]
        if unknown:
            raise ValueError(f"regions.yaml: 上级地区未定义：{unknown}")

    @property
    def names(self) -> list[str]:
        return list(self.order)

    def mentions(self, text: str) -> list[str]:
        """Canonical regions mentioned in ``text``, in order, without repeats."""
        return list(dict.fromkeys(find_mentions(text, self.aliases)))

    def canonical(self, name: str) -> str | None:
        """The canonical name for an alias (“太仓” → “太仓市”), or None if unknown.

        A string naming a chain (“江苏省苏州市太仓市”) resolves to its deepest region; a chain
        ending in an unlisted place (“深圳市南山区”) is unknown, not its known part.
        """
        exact = self.aliases.get(compact(name))
        if exact is not None:
            return exact
        body = compact(name)
        chain = self._leading_chain(body)
        if chain and chain[-1].end == len(body):
            return chain[-1].value
        return None

    def _leading_chain(self, body: str) -> list[Span[str]]:
        """Adjacent mentions from the start of ``body``, each within the one before."""
        chain: list[Span[str]] = []
        for span in find_spans(body, self.aliases):
            if span.start != (chain[-1].end if chain else 0):
                break
            if chain and not self.is_within(span.value, chain[-1].value):
                break
            chain.append(span)
        return chain

    def split_known(self, name: str) -> tuple[str, str | None]:
        """(full name, deepest listed region it starts with) for a place name.

        “深圳南山区” → (“深圳市南山区”, “深圳市”); “火星” → (“火星”, None).
        """
        body = compact(name)
        chain = self._leading_chain(body)
        if not chain:
            return body, None
        rest = body[chain[-1].end :]
        return chain[-1].value + rest, chain[-1].value

    def is_provincial(self, name: str | None) -> bool:
        """A province-level region (省、自治区、直辖市): listed without a parent, not a summary."""
        region = self.regions.get(name or "")
        return region is not None and region.parent is None and not region.covers_all

    def ancestors(self, name: str) -> list[str]:
        """Parent, grandparent, … of a canonical region (nearest first)."""
        chain: list[str] = []
        parent = self.regions[name].parent
        while parent is not None:
            chain.append(parent)
            parent = self.regions[parent].parent
        return chain

    def path(self, name: str) -> str:
        """“江苏省 > 苏州市 > 太仓市”."""
        return " > ".join([*reversed(self.ancestors(name)), name])

    def descendants(self, name: str) -> list[str]:
        """All regions below ``name`` in file order; a covers_all region covers every other."""
        if self.regions[name].covers_all:
            return [other for other in self.order if other != name]
        return [other for other in self.order if name in self.ancestors(other)]

    def is_summary(self, name: str) -> bool:
        """A covers_all region (“全国”) whose figures summarise other regions."""
        return name in self.regions and self.regions[name].covers_all

    def is_within(self, name: str, other: str) -> bool:
        """True when ``other`` is ``name`` or one of its ancestors."""
        return other == name or other in self.ancestors(name)

    def common_ancestor(self, names: list[str]) -> str | None:
        """The deepest region containing all ``names``; the covers_all region when none does."""
        for candidate in [names[0], *self.ancestors(names[0])]:
            if all(self.is_within(name, candidate) for name in names):
                return candidate
        return next((name for name in self.order if self.regions[name].covers_all), None)

    def siblings(self, name: str) -> list[str]:
        """Regions sharing ``name``'s parent (top-level regions for a province)."""
        parent = self.regions[name].parent
        return [o for o in self.order if o != name and self.regions[o].parent == parent]


@lru_cache(maxsize=4)
def load_regions(path: Path = REGIONS_FILE) -> RegionIndex:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return RegionIndex(
        [Region(**entry) for entry in data["regions"]], PlaceWords(**data.get("places", {}))
    )
