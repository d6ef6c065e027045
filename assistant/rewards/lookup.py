"""Region-aware reward lookup: the asked region and its subregions, parents marked as such."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.retrieval.text_processing import to_simplified
from assistant.rewards.divisions import load_divisions, region_index_for
from assistant.rewards.extract import AUTO_MARK
from assistant.rewards.honours import HonourIndex, load_honours
from assistant.rewards.models import RewardLookup, RewardRow
from assistant.rewards.phrases import Phrases, load_phrases
from assistant.rewards.regions import RegionIndex, load_regions
from assistant.rewards.table import default_reward_table

NEAREST_LIMIT = 10


def by_amount(rows: Iterable[RewardRow]) -> list[RewardRow]:
    """Highest amount first; rows without a numeric amount last (stable otherwise)."""
    return sorted(rows, key=lambda r: (r.sort_amount is None, -(r.sort_amount or 0.0)))


def _by_place(
    rows: Iterable[RewardRow], regions: Sequence[str], honours: HonourIndex
) -> list[RewardRow]:
    """In the order of ``regions``, then honour display order."""
    position = {name: i for i, name in enumerate(regions)}
    return sorted(
        rows, key=lambda r: (position.get(r.region, len(position)), honours.rank(r.title))
    )


def _related_first(
    rows: Iterable[RewardRow], title: str, scope: Sequence[str], honours: HonourIndex
) -> list[RewardRow]:
    """Rows of the honours related to ``title`` first (in listed order), then the rest."""
    related = honours.related(title)

    def key(row: RewardRow) -> tuple[int, int]:
        if row.title in related:
            honour_key = related.index(row.title)
        else:
            honour_key = len(related) + honours.rank(row.title)
        return honour_key, list(scope).index(row.region)

    return sorted(rows, key=key)


def _join(names: Iterable[str]) -> str:
    return "、".join(names)


def lookup_rewards(
    region: str | None = None,
    title: str | None = None,
    table: Sequence[RewardRow] | None = None,
    *,
    compare: bool = False,
    rows: Sequence[RewardRow] | None = None,
) -> RewardLookup:
    """Reward rows for a region (with its subregions) and/or an honour.

    ``rows`` (or its older name ``table``) are the rows to search, by default the bundled
    table; pass ``current_reward_rows(settings)`` to include rows read from added notices.
    A place ``regions.yaml`` does not list (成都市武侯区, or a district of an added notice)
    is placed under its city and province from the divisions of China.

    Rows of parent regions are appended as possibly applicable (not in comparisons).
    When nothing matches, the note says so and the nearest existing rows are shown:
    other honours of the same region, else the same honour in sibling regions.
    ``compare`` sorts the matching rows by amount, highest first.
    """
    given = rows if rows is not None else table
    rows = list(given) if given is not None else list(default_reward_table())
    # (traditional characters, "崑山", read as the chat reads them: one entry for the tab, API and CLI)
    region = to_simplified(region or "").strip() or None
    title = to_simplified(title or "").strip() or None
    honours, phrases = load_honours(), load_phrases()
    regions = region_index_for(rows, load_regions(), extra=[region] if region else ())
    notes: list[str] = []

    region_name = _canonical_region(regions, region) if region else None
    title_name = honours.canonical(title) if title else None
    if title and title_name is None:
        notes.append(phrases.message("unknown_title", title=title))

    if region and region_name is None:
        return _lookup_unlisted_region(rows, region, None, title_name, notes, regions, honours, phrases)
    if region and region_name is not None and region_name not in load_regions().regions:
        scope = {region_name, *regions.descendants(region_name)}
        if not any(r.region in scope for r in rows):
            # placed from the divisions of China but without rows of its own
            return _lookup_unlisted_region(
                rows, region, region_name, title_name, notes, regions, honours, phrases
            )
    if region_name is None:
        if title_name is None:
            return RewardLookup(note="".join(notes) or phrases.message("need_query"))
        return _assemble(
            by_amount(r for r in rows if r.title == title_name), [], [], notes, phrases
        )

    return _lookup_in_region(
        rows, region_name, title_name, compare, notes, regions, honours, phrases
    )


def _canonical_region(regions: RegionIndex, region: str) -> str | None:
    """The region index's name for ``region``, trying the divisions' name (深圳南山区 → 深圳市南山区), then
    the place after the divisions it starts with when that place is one of its own, unplaced: an added
    notice's 长安镇 asked as 东莞长安镇 (new-user trial 40)."""
    name = regions.canonical(region)
    divisions = load_divisions()
    if name is None:
        shown = divisions.display(region)
        name = regions.canonical(shown[0]) if shown is not None else None
    if name is None:
        tail = next((region[n:] for n in range(len(region) - 2, 1, -1) if divisions.resolve(region[:n])), "")
        tail = tail.lstrip("市县区")
        found = regions.canonical(tail) if len(tail) >= 2 else None
        unplaced = found is not None and regions.regions[found].parent is None and found not in load_regions().regions
        name = found if unplaced else None
    return name


def _lookup_in_region(
    rows: list[RewardRow],
    region_name: str,
    title_name: str | None,
    compare: bool,
    notes: list[str],
    regions: RegionIndex,
    honours: HonourIndex,
    phrases: Phrases,
) -> RewardLookup:
    scope = [region_name, *regions.descendants(region_name)]
    in_scope = [r for r in rows if r.region in scope]

    def wanted(row: RewardRow) -> bool:
        return title_name is None or row.title == title_name

    matched, earlier = newest_first([r for r in in_scope if wanted(r)])
    matched = by_amount(matched) if compare else _by_place(matched, scope, honours)

    if not matched:
        notes.append(
            phrases.message("missing", region=region_name, title=title_name)
            if title_name
            else phrases.message("missing_region", region=region_name)
        )
    elif title_name:
        with_rows = [name for name in scope if any(r.region == name for r in in_scope)]
        lacking = [n for n in with_rows if not any(r.region == n for r in matched)]
        if lacking:
            notes.append(phrases.message("missing_some", regions=_join(lacking), title=title_name))
    if len(matched) > 1 and any(regions.is_summary(r.region) for r in matched):
        notes.append(phrases.message("summary_rows"))

    parents = [] if compare else regions.ancestors(region_name)
    included = bool(matched) and all(any(w in r.conditions for w in phrases.includes_parent_words) for r in matched)
    if included and parents:  # the local amount already holds the higher levels' funds
        notes.append(phrases.message("parents_included"))
        parents = []
    parent_rows = _by_place(
        (r for r in rows if r.region in parents and wanted(r)), parents, honours
    )
    if parent_rows:
        notes.append(
            phrases.message("parents", regions=_join(dict.fromkeys(r.region for r in parent_rows)))
        )
    silent_parents = [p for p in parents if not any(r.region == p for r in parent_rows)]
    if silent_parents:
        notes.append(phrases.message("parent_missing", regions=_join(silent_parents)))

    nearest: list[RewardRow] = []
    if not matched and title_name:
        nearest = _related_first(in_scope, title_name, scope, honours)
        if nearest:
            notes.append(phrases.message("nearest_same_region", region=region_name))
        elif not parent_rows:
            siblings = set(regions.siblings(region_name))
            same_title = [r for r in rows if r.region in siblings and r.title == title_name]
            # a province listing nothing (山东省): other provinces' rows say nothing about it (trial 39: a
            # 山东 help desk read ten of them as noise); the nationwide summary is the reference
            summary_only = regions.is_provincial(region_name) and any(regions.is_summary(r.region) for r in same_title)
            if summary_only:
                same_title = [r for r in same_title if regions.is_summary(r.region)]
            # a summary row (“全国”) is the best single reference, so it comes first
            nearest = sorted(by_amount(same_title), key=lambda r: not regions.is_summary(r.region))
            if nearest:
                notes.append(phrases.message("summary_rows" if summary_only else "nearest_same_title", title=title_name))

    if earlier:
        notes.append(phrases.message("earlier_rows"))
    lookup = _assemble(matched, parent_rows, nearest, notes, phrases, parents, earlier)
    lookup.region = region_name
    if title_name and matched and not compare and not any(r.region == region_name for r in matched):
        lookup.lead_note = phrases.message("own_level_missing", region=region_name, title=title_name)
    return lookup


def _lookup_unlisted_region(
    rows: list[RewardRow],
    region: str,
    placed: str | None,
    title_name: str | None,
    notes: list[str],
    regions: RegionIndex,
    honours: HonourIndex,
    phrases: Phrases,
) -> RewardLookup:
    """Nothing matches a place the table does not list (“深圳市南山区”).

    ``placed`` is its name in ``regions`` when the divisions of China placed it there.

    The listed regions it lies in (深圳市, 广东省) are shown as parents, since their rewards
    may apply; failing those, the same honour elsewhere is shown for reference.
    """
    if placed is not None:  # its city and province are known from the divisions
        parents = regions.ancestors(placed)
        above = parents[0] if parents and not regions.is_summary(parents[0]) else ""
        name = placed if placed.startswith(above) else above + placed  # 武侯区 → 成都市武侯区
    else:
        name, within = regions.split_known(region)
        parents = [within, *regions.ancestors(within)] if within else []
    notes.append(phrases.message("unknown_region", region=name))
    parent_rows = _by_place(
        (r for r in rows if r.region in parents and title_name in (None, r.title)),
        parents,
        honours,
    )
    if parent_rows:
        listed = dict.fromkeys(r.region for r in parent_rows)
        notes.append(phrases.message("parents", regions=_join(listed)))
        return _assemble([], parent_rows, [], notes, phrases, parents)
    if title_name is None:
        return _assemble([], [], [], notes, phrases)
    same_title = [r for r in rows if r.title == title_name]
    listed_parents = [p for p in parents if not regions.is_summary(p)]
    if listed_parents:
        # a place whose city and province are known (无锡市新吴区): they list nothing for the honour either,
        # and other provinces' rows say nothing about it (trial 37: ten rows from 辽宁, 北京…); the
        # nationwide summary alone is a reference
        notes.append(phrases.message("parent_missing", regions=_join(listed_parents)))
        same_title = [r for r in same_title if regions.is_summary(r.region)]
    # a summary row (“全国”) is the best single reference, so it comes first
    nearest = sorted(by_amount(same_title), key=lambda r: not regions.is_summary(r.region))
    if nearest:
        notes.append(phrases.message("summary_rows" if listed_parents else "nearest_same_title", title=title_name))
    return _assemble([], [], nearest, notes, phrases)


def _assemble(
    matched: list[RewardRow],
    parent_rows: list[RewardRow],
    nearest: list[RewardRow],
    notes: list[str],
    phrases: Phrases,
    parents: Sequence[str] = (),
    earlier: Sequence[RewardRow] = (),
) -> RewardLookup:
    """Matched, then the rows a later policy restates, then parent, then at most NEAREST_LIMIT
    reference rows (saying if cut)."""
    if len(nearest) > NEAREST_LIMIT:
        notes.append(phrases.message("truncated", limit=str(NEAREST_LIMIT)))
        nearest = nearest[:NEAREST_LIMIT]
    if any(AUTO_MARK in row.conditions for row in [*matched, *earlier, *parent_rows, *nearest]):
        notes.append(phrases.message("auto_rows"))
    return RewardLookup(
        rows=[*matched, *earlier, *parent_rows, *nearest],
        note="".join(notes),
        matched=len(matched),
        earlier=len(earlier),
        parent_regions=list(parents),
    )


def newest_first(rows: Sequence[RewardRow]) -> tuple[list[RewardRow], list[RewardRow]]:
    """``rows`` without those a later policy of the same region and honour restates, and those rows
    (newest first). Rows whose policy names no date are never judged older or newer."""
    latest: dict[tuple[str, str], str] = {}
    for row in rows:
        key = (row.region, row.title)
        if row.issued and row.issued > latest.get(key, ""):
            latest[key] = row.issued
    older = [r for r in rows if r.issued and _before(r.issued, latest[(r.region, r.title)])]
    return [r for r in rows if r not in older], sorted(older, key=lambda r: r.issued, reverse=True)


def _before(issued: str, other: str) -> bool:
    """An earlier year, or an earlier day when both are dates ("2020" vs "2026-05-20"; a year alone is
    not before a date of that year)."""
    return issued[:4] < other[:4] or (len(issued) == len(other) == len("2026-05-20") and issued < other)
