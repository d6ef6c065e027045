"""Reading reward questions: which region, which honour, and whether to compare.

Regions, honours, tier words (国家级、省级、市级…) and scope words (全省、本市…) are found
in one leftmost-longest scan, so “苏州市专精特新” is an honour rather than the region 苏州市,
“江苏全省小巨人” is 江苏 + 全省 + 小巨人 rather than a “省小巨人”, and “天津市级…” is the
region 天津市 followed by 级. What is left over is searched for unlisted place names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.rewards.divisions import load_divisions
from assistant.rewards.honours import load_honours
from assistant.rewards.matching import Span, compact, find_spans
from assistant.rewards.models import RewardQuery, RewardRow
from assistant.rewards.phrases import load_phrases
from assistant.rewards.places import UnknownPlace, find_unknown_place, outside
from assistant.rewards.regions import load_regions
from assistant.rewards.table import default_reward_table

# The tier a province-level region's own honours belong to (tier names as in honours.yaml).
PROVINCIAL = "provincial"
MUNICIPAL = "municipal"
# After a region's name, 级 names that region's own level (江苏省级 = 省级, 天津市级 = 省级).
LEVEL = "级"


@dataclass(frozen=True)
class _Term:
    kind: str  # "region", "honour", "tier" or "scope" (全省: the region, not a level)
    name: str  # canonical region, honour title or tier name


@dataclass(frozen=True)
class _Reading:
    """What one question names, before follow-up context is applied."""

    body: str
    regions: list[str]
    unknown: UnknownPlace | None
    honour: Span[_Term] | None
    tier: str | None
    compare: bool
    own_level: bool = False  # "太仓市自己评的小巨人": the honour of the region's own level
    region_of_honour: bool = False  # the region is only the place in a local honour's name
    province_as_level: bool = False  # "园区对江苏省专精特新": the province read as the honour's level
    # where a place read as an honour's level ends, and that level ("浙江省专精特新" → provincial)
    level_ends: dict[int, str] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, _Term]:
    """Region aliases, honour aliases, tier words and scope words in one table for a joint scan."""
    regions, honours = load_regions(), load_honours()
    vocabulary = {alias: _Term("region", name) for alias, name in regions.aliases.items()}
    for aliases, kind in (
        (honours.aliases, "honour"),
        (honours.tier_words, "tier"),
        (honours.scope_words, "scope"),
    ):
        for alias, name in aliases.items():
            if alias in vocabulary:
                raise ValueError(f"“{alias}”既是地区别名又是称号或层级词")
            vocabulary[alias] = _Term(kind, name)
    return vocabulary


def _any(body: str, words: Sequence[str]) -> bool:
    return any(word in body for word in words)


def _tier_named(span: Span[_Term], body: str) -> str | None:
    """The tier a mention names: a tier word, or a province-level region followed by 级."""
    if span.value.kind == "tier":
        # "…单项冠军产品，市里奖多少": 市里 before the verb of paying names who pays, not the honour's level
        if span.alias.endswith("里") and any(body.startswith(v, span.end) for v in load_phrases().payer_verbs):
            return None
        return span.value.name
    if (
        span.value.kind == "region"
        and body.startswith(LEVEL, span.end)
        and load_regions().is_provincial(span.value.name)
    ):
        return PROVINCIAL
    return None


def _read(text: str, province_as_level: bool = True) -> _Reading:
    phrases = load_phrases()
    body = compact(phrases.fix_typos(text))
    places = load_regions().places
    spans = [s for s in find_spans(body, _vocabulary())
             if not (s.value.kind == "region" and places.names_another_place(body, s.start, s.alias))]
    region_spans = [
        Span(s.start, s.end, s.alias, s.value.name) for s in spans if s.value.kind == "region"
    ]
    honour = next((s for s in spans if s.value.kind == "honour"), None)
    # "园区对江苏省专精特新奖励多少": a province said right before the honour names the honour's level,
    # not a second region asked, when a region below it is asked
    # (compared with another place too: "余杭评上浙江省专精特新…跟昆山比呢" still asks of 余杭, inside 浙江省)
    # (any honour said: "小巨人和四川省专精特新" names 四川省's level before the second)
    honour_starts = {s.start for s in spans if s.value.kind == "honour"}
    level_words = [s for s in region_spans if province_as_level and s.end in honour_starts
                   and load_regions().is_provincial(s.value)
                   and (not _any(body, phrases.compare_words)
                        or any(load_regions().is_within(o.value, s.value) for o in region_spans if o is not s))
                   # ("苏州和江苏省专精特新": two regions joined; "小巨人和四川省专精特新": two honours)
                   and not (s.start and body[s.start - 1] in phrases.joined_words
                            and any(o.end == s.start - 1 for o in region_spans))]
    if level_words and len({s.value for s in region_spans} - {s.value for s in level_words}) >= 1:
        region_spans = [s for s in region_spans if s not in level_words]
    # "余杭评上浙江省专精特新中小企业": the place asked is one the table lacks (an added notice's), said
    # by its short name; the province before the honour is still its level
    elif (province_as_level and len(region_spans) == 1
          and region_spans[0].end in honour_starts and load_regions().is_provincial(region_spans[0].value)
          and _division_named(body, spans) is not None):
        level_words, region_spans = region_spans, []
    # "梁溪区评上无锡市专精特新中小企业": a city said right before the honour names its level (the city's own
    # honour), and is no second region asked when a region below it is
    city_level = [s for s in region_spans if honour is not None and s.end == honour.start and not level_words
                  and level_of(s.value) == MUNICIPAL]
    if city_level and len({s.value for s in region_spans} - {s.value for s in city_level}) >= 1:
        region_spans = [s for s in region_spans if s not in city_level]
    regions = list(dict.fromkeys(span.value for span in region_spans))
    region_of_honour = not regions
    if not regions:
        # a local honour named with its place ("太仓市小巨人企业") names the region too
        regions = list(dict.fromkeys(
            name for s in spans if s.value.kind == "honour" for name in load_regions().mentions(s.alias)))[:1]
    return _Reading(
        body=body,
        regions=regions,
        unknown=find_unknown_place(body, spans, region_spans, load_regions().places)
        or (None if regions else _division_named(body, spans)),
        honour=honour,
        tier=next((tier for s in spans if (tier := _tier_named(s, body))),
                  PROVINCIAL if level_words else MUNICIPAL if city_level else None),
        compare=_any(body, phrases.compare_words),
        own_level=_any(body, phrases.own_level_words),
        region_of_honour=region_of_honour and bool(regions),
        province_as_level=bool(level_words),
        level_ends={**{s.end: MUNICIPAL for s in city_level}, **{s.end: PROVINCIAL for s in level_words}},
    )


_SHORT_NAME_CHARS = (4, 3, 2)  # longest first: 东莞, 石家庄, 乌鲁木齐


def _division_named(body: str, taken: Sequence[Span[_Term]]) -> UnknownPlace | None:
    """A city or county the table does not list, said by its short name ("东莞对省级专精特新奖励多少"):
    without 市/区 the shape of a place does not show it, the division list does."""
    divisions = load_divisions()
    text = outside(body, taken)
    for start in range(len(text)):
        for length in _SHORT_NAME_CHARS:
            name = text[start : start + length]
            if len(name) < length or " " in name or compact(name) not in divisions.aliases:
                continue  # (a dictionary look-up first: resolving every substring's chain costs ~40 ms a turn)
            division = divisions.resolve(name)
            # a county's short name is often a word too ("报告建议建个什么通道？": 通道侗族自治县): one ending a
            # question names no place ("宜兴小巨人奖多少", "那宜兴呢" still do)
            if division is not None and division.level == "county" and name != division.name and (
                    text[start + length : start + length + 1] in load_phrases().not_after_place):
                continue
            if division is not None and division.level in ("city", "county"):
                return UnknownPlace(name=division.name)
    return None


def _region(reading: _Reading) -> tuple[str | None, bool]:
    """The region asked about and whether the question compares regions."""
    if reading.unknown is not None:
        return reading.unknown.name, reading.compare
    if len(reading.regions) > 1:
        return load_regions().common_ancestor(reading.regions), True
    return (reading.regions[0] if reading.regions else None), reading.compare


def _own_tier(region: str | None) -> tuple[str, str] | None:
    """(tier, marker) a province-level region names its own level by: 北京市 → municipal, 市.

    A municipality's “市级” honours are provincial ones (天津市级专精特新 = 省级专精特新中小企业).
    """
    regions, honours = load_regions(), load_honours()
    if region is None or not regions.is_provincial(region):
        return None
    for tier in honours.tiers.values():
        for marker in tier.markers:
            if tier.name != PROVINCIAL and region.endswith(marker):
                return tier.name, marker
    return None


def level_of(region: str | None) -> str | None:
    """The honour tier a region awards at its own level, by its depth below the province
    (honours.yaml lists the tiers national, provincial, municipal, county in that order)."""
    regions = load_regions()
    if region is None or region not in regions.regions or regions.is_summary(region):
        return None
    below_nation = list(load_honours().tiers)[1:]
    return below_nation[min(len(regions.ancestors(region)), len(below_nation) - 1)]


def _listed(title: str, region: str | None, table: Sequence[RewardRow] | None) -> bool:
    """Whether the table has ``title`` for ``region`` or a subregion.

    For an unlisted place the province of its listed part stands in (深圳市南山区 → 广东省);
    for a place with no listed part, any region will do.
    """
    regions = load_regions()
    rows = table if table is not None else default_reward_table()
    if region is not None and region not in regions.regions:
        _, within = regions.split_known(region)
        region = [within, *regions.ancestors(within)][-1] if within else None
    if region is not None:
        scope = {region, *regions.descendants(region)}
        return any(r.title == title and r.region in scope for r in rows)
    return any(r.title == title for r in rows)


def _title(
    reading: _Reading,
    region: str | None,
    previous: str | None,
    table: Sequence[RewardRow] | None,
) -> str | None:
    """The honour asked about, reading tier words and plain honour words in context.

    “省级的小巨人” is 省级专精特新小巨人; a follow-up “省级的呢” after a 小巨人 question is
    the provincial 小巨人 where the table lists one for the region, else the tier's default;
    “单项冠军呢” after a provincial honour is the provincial champion where listed.
    """
    honours = load_honours()
    own = _own_tier(region)
    if own is None and len(reading.regions) > 1:
        # “北京和天津的市级专精特新”: regions compared that all name their own level alike
        owns = {_own_tier(r) for r in reading.regions}
        own = owns.pop() if len(owns) == 1 else None
    tier = PROVINCIAL if own and reading.tier == own[0] else reading.tier
    if reading.own_level:
        # ("太仓本市级别的小巨人": 本市级 names the asked place's own level, whatever tier its 市 reads as)
        tier = level_of(region) or tier
    span = reading.honour
    if span is not None:
        title = span.value.name
        if own and honours.tier_of(title) == own[0] and span.alias.startswith(own[1]):
            title = honours.at_tier(honours.family_of(title), PROVINCIAL) or title
        if not honours.is_plain(span.alias, title):
            return title
        family = honours.family_of(title)
        if tier is not None:
            return honours.at_tier(family, tier) or honours.tier_default(tier)
        previous_tier = honours.tier_of(previous)
        relative = honours.at_tier(family, previous_tier) if previous_tier else None
        return relative if relative and _listed(relative, region, table) else title
    if tier is not None:
        relative = honours.at_tier(honours.family_of(previous), tier)
        return (
            relative
            if relative and _listed(relative, region, table)
            else honours.tier_default(tier)
        )
    return previous


def parse_reward_question(text: str, table: Sequence[RewardRow] | None = None) -> RewardQuery:
    """Region and honour mentioned in a Chinese question, in canonical form.

    “昆山对国家级小巨人奖励多少？” → 昆山市 / 国家级专精特新“小巨人”. Several regions
    (“昆山和太仓对比”) become a comparison within their common parent region. An unlisted
    place (“深圳南山区”) is kept as written from its listed part (“深圳市南山区”).
    """
    reading = _read(text)
    region, compare = _region(reading)
    title = _title(reading, region, None, table)
    if reading.province_as_level and not (title and _listed(title, region, table)):
        # the region below lists no such honour: the province is asked of after all ("南京对江苏省…")
        reading = _read(text, province_as_level=False)
        region, compare = _region(reading)
        title = _title(reading, region, None, table)
    return RewardQuery(
        region=region,
        title=_conferred_in(title, region, reading.honour.alias if reading.honour else ""),
        compare=compare,
        unknown_region=reading.unknown.name if reading.unknown else None,
    )


def _conferred_in(title: str | None, region: str | None, written: str = "") -> str | None:
    """One city's own honour asked of a place outside that city is the place's city's honour."""
    if title is None or region is None:
        return title
    place = load_divisions().display(region)
    return load_honours().of_place(title, place[1] if place else region, written)


def asked_in(query: RewardQuery, previous: RewardQuery) -> RewardQuery:
    """``query`` of the place ``previous`` asked of ("两个奖能一起拿吗", "市里已经给过奖励了，区里还能拿吗" after
    a question about 武进区: 市里 is 常州's own honour there, not 苏州's, trial 49)."""
    return query.model_copy(update={"region": previous.region, "unknown_region": previous.unknown_region,
                                    "title": _conferred_in(query.title, previous.region)})


def looks_like_reward_question(text: str) -> bool:
    """A reward intent together with a region or an honour, and not a budget question.

    “多少钱” alone counts only with an honour (not “北京到上海的高铁票多少钱”); a question
    about 中央/财政 funds with no region and no comparison is not a table lookup.
    """
    phrases = load_phrases()
    reading = _read(text)
    names_region = bool(reading.regions or reading.unknown)
    has_honour = reading.honour is not None
    asks_reward = _any(reading.body, phrases.reward_words) or (
        has_honour and _any(reading.body, phrases.amount_words)
    ) or (
        # "梁溪区和锡山区对国家级小巨人差多少": an honour's amounts in two places set side by side
        has_honour and _any(reading.body, phrases.gap_words)
        and len(reading.regions) + len(_unlisted_places(reading.body, find_spans(reading.body, _vocabulary()))) >= 2
    )
    if not asks_reward or not (names_region or has_honour):
        return False
    asks_budget = _any(reading.body, phrases.budget_words)
    return names_region or reading.compare or not asks_budget


def resolve_followup(
    previous: RewardQuery, text: str, table: Sequence[RewardRow] | None = None
) -> RewardQuery:
    """Fill what a follow-up leaves out from the previous question (“那昆山呢？”、“省级的呢”)."""
    reading = _read(text)
    region, compare = _region(reading)
    unknown = reading.unknown.name if reading.unknown else None
    carried = previous.region
    if region is None or (reading.region_of_honour and carried in load_regions().regions
                          and load_regions().is_within(carried, region)):
        # "张家港…" then "那评上苏州市专精特新示范企业呢": 张家港's reward for 苏州市's honour
        region, unknown = previous.region, previous.unknown_region
    return RewardQuery(
        region=region,
        title=_title(reading, region, previous.title, table),
        compare=compare or previous.compare,
        unknown_region=unknown,
    )


def _unlisted_places(body: str, spans: Sequence[Span[_Term]], most: int = 2) -> list[str]:
    """The places regions.yaml does not list that ``body`` names, in order, each found once
    (by its shape, "锡山区", or by the divisions of China, "锡山")."""
    taken: list[Span[Any]] = list(spans)
    found: list[str] = []
    while len(found) < most:
        place = find_unknown_place(body, taken, [], load_regions().places) or _division_named(body, taken)
        if place is None or place.name in found:
            break
        # the name as said: whole, or a short name completed ("锡山" → 锡山区), which is blanked for the next
        said = next((place.name[:n] for n in (len(place.name), 3, 2) if place.name[:n] in body), None)
        if said is None:
            break
        at = body.find(said)
        found.append(place.name)
        taken.append(Span(at, at + len(said), place.name, None))
    return found


MAX_HONOURS_SIDE_BY_SIDE = 3  # honours of one region a question may ask together


def named_pairs(text: str, query: RewardQuery) -> list[tuple[str, str]]:
    """(region, honour) pairs a question sets side by side: two regions for one honour
    ("太仓和吴江差多少"), or two honours in one region ("国家级和省级小巨人分别多少"), each honour as the
    region confers it (市里 of 武进区 is 常州's own honour)."""
    return [(region, _conferred_in(honour, region) or honour) for region, honour in _named_pairs(text, query)]


def _named_pairs(text: str, query: RewardQuery) -> list[tuple[str, str]]:
    reading = _read(load_phrases().share_levels(text))
    catalogue = load_honours()
    spans = find_spans(reading.body, _vocabulary())
    # (a plain name right after its level is no plain name: "从自治区级专精特新中小企业升到国家级小巨人", blind37)
    levelled = {s.end for s in spans if s.value.kind == "tier"}
    # (and one after a place read as its level: "同时评上浙江省专精特新和国家级小巨人", trial 52)
    honours = list(dict.fromkeys(
        (catalogue.at_tier(catalogue.family_of(s.value.name), reading.level_ends[s.start]) or s.value.name)
        if s.start in reading.level_ends else s.value.name
        for s in spans if s.value.kind == "honour" and (
            not catalogue.is_plain(s.alias, s.value.name) or s.start in levelled or s.start in reading.level_ends)))
    regions = reading.regions
    if reading.unknown is not None and reading.unknown.within and regions == [reading.unknown.within]:
        regions = [reading.unknown.name]  # "在成都高新区": 成都 is the zone's city, no second place asked
    if len(regions) == 2 and query.title:
        return [(region, query.title) for region in regions]
    # "张家港和江阴哪个对国家级小巨人奖励高": a listed region set beside one the table lacks (said by its
    # short name or as a place): the listed row, and the other said to be missing
    if len(regions) == 1 and query.title and (reading.compare or _any(reading.body, load_phrases().joined_words)):
        other = reading.unknown or _division_named(reading.body, spans)
        if other is not None and other.name != regions[0]:
            return [(regions[0], query.title), (other.name, query.title)]
    # "梁溪区和锡山区对国家级小巨人差多少": two places the table lacks (an added notice's districts)
    if not regions and query.title:
        unlisted = _unlisted_places(reading.body, spans)
        if len(unlisted) == 2:
            return [(name, query.title) for name in unlisted]
    # one region: named here, or carried from the previous question into this one (query.region)
    region = regions[0] if len(regions) == 1 else query.region if not regions else None
    tiers = list(dict.fromkeys(s.value.name for s in spans if s.value.kind == "tier"))
    if len(honours) < 2 and len(tiers) == 2 and query.title:
        # "那省级和市级分别多少" after a 小巨人 question: the asked honour at each of the two levels
        family = catalogue.family_of(query.title)
        honours = [catalogue.at_tier(family, tier) or catalogue.tier_default(tier) for tier in tiers]
    # ("先评上太仓市小巨人，后来新获苏州市专精特新企业，今年又新拿了国家专精特新小巨人，三次奖励分别多少": each)
    if region and 2 <= len(honours) <= MAX_HONOURS_SIDE_BY_SIDE:
        return [(region, honour) for honour in honours]
    return []
