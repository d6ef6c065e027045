"""Clause-level answers for questions that ask for a value (a count, a share, an amount, a
period, a date, a rank, a multiple).

The question's answer types come from ``resources/answer_types.yaml``. Every sentence of the
retrieved passages that holds a value of an asked type is a candidate; it is scored by how
many of the question's key terms (IDF-weighted) it states, near the value and in the whole
sentence, with its passage as context. The lead is that sentence from its subject to the
clause with the value: one complete statement of the value and what it belongs to, never
the value's clause alone ("珠三角（11.59%）次之"). When no candidate states the asked kind of
value for the asked subject, the caller says the knowledge base does not contain it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

import jieba
import yaml

from assistant.answering.coverage import coverage, presence
from assistant.answering.sentences import (
    ANY_TIER,
    ASKS_FOR_NUMBER,
    DEFINITION_ASKS,
    AskedTiers,
    detect_rule_version,
    said_weights,
    tier_term,
)
from assistant.eligibility.tiers import tiers_named
from assistant.retrieval.search import SearchHit
from assistant.retrieval.text_processing import keywords, normalize_query
from assistant.rewards.divisions import load_divisions
from assistant.rewards.matching import compact
from indexer.charts import CHART_CELL
from indexer.chunking import names_figures_after, split_into_sentences
from indexer.models import Chunk

_RESOURCES = resources.files("assistant") / "resources"
_CLAUSE_END = re.compile(r"(?<=[，：:；])|(?<=,)(?!\d{3}(?!\d))")  # not inside "24,142"
_LEAD_CHARS = 110  # the strict reader's lead is the first sentence or 120 characters
_WHOLE_CHARS = 70  # a sentence this short leads whole (dev halves: 70 +2, 110 +1, over none)
_RANK_PRIOR = 0.05
_WINDOW = 24  # characters before a value that name what it belongs to
_AFTER = 12  # and after it ("另有400余家企业营收超10亿元")
_BULLETS = re.compile(r"[•➢◼■●▪]")
# "集群企业:76家规上企业:43家省级专精特新:18家" (spaces gone in cleaning): label:value pairs side by
# side, each its own item
_PAIR = r"[^\d:：，。；]{2,16}:\s*[>≥<]?\d[\d.,]*\s*(?:家|个|件|项|人|%|万元|亿元|万|亿)?"
_PAIRS = re.compile(rf"(?:{_PAIR}){{3,}}")
_LABEL_LINE_CHARS = 4  # any short unpunctuated line ("北交所") labels the line below it
_HEADING_CHARS = 6  # a place name alone on a line heads the line below it ("江苏省")
_NOT_LABEL = r"，。；：,:;|\d（）()"  # characters a label line has none of
_LABEL_LINE = re.compile(rf"[^{_NOT_LABEL}]{{1,{_LABEL_LINE_CHARS}}}")
_LABEL = re.compile(rf"^[^{_NOT_LABEL}]{{1,{_HEADING_CHARS}}}：")  # the label _sentences put before a line
_NUMBERED_HEADING = re.compile(r"\d{1,2}\s*([\u4e00-\u9fff]{2,8})")  # a slide's "02产业导向" heads its items
_ROW = re.compile(r"^[^|：]{1,20}：[^|]*\|")  # a table row of "header：value" cells
_ADMIN_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?<![地园城社小])[区县市镇]")  # 余杭区, 宜兴市; not 地区, 园区
_PLACE_ROW = re.compile(r"^(?:【[^】]*】)?([^：【】|，。]{1,10})：")  # "【省市 | 发展目标】宁夏：…": a row headed by its place
_ROW_CHARS = 160
# a table row yields to a prose sentence scoring alike: the sentence reads as an answer, and a chart's
# table may misprint what its text states (5.77万元 for 5774万元); dev halves 0.015: +2, 0.03 and 0.05: +1
_ROW_YIELDS = 0.015
_OTHER_PLACE = 0.3  # a sentence about a place the question does not name
_NO_PLACE = 0.2  # "哪个省最多" asks for a place: a sentence naming none cannot answer it
# "江苏省的专精特新企业占全国的比重": a sentence whose passage names no place either (研发经费占营业收入比重达到
# 7%) speaks for no place asked (new-user trial 30 got 中部地区's 20%, then this 7%); dev halves: 0.1, 0.2
# and 0.3 alike (test halves +1 each): 0.2 as for a place asked and none named
_PLACELESS = 0.2
# each further kind of value asked that the sentence holds ("占比最高": a share and a rank);
# chosen on the dev halves (0.2–0.25 best of 0.05–0.5)
_EACH_KIND = 0.2
_COUNT = "count"
_AMOUNT = "amount"
_LIST = "list"
_RANK = "rank"
_DATE = "date"
_ORGANIZATION = "organization"  # a body named (工业和信息化部): with a date, a notice's signature
_LISTED = 0.1  # a list sentence naming what the question lists ("哪些材料": …佐证材料…)
_COUNT_UNIT = re.compile(r"(?:多少|几)(家|项|件|名|位|批|条|人|所)")  # the unit a count question names
# a turn completed from earlier ones ("其中在北交所上市的有几家？") asks for another value than the one
# the last answer gave (dev halves: 0.15 and 0.3 both +1, none lost)
_REPEATED = 0.15
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:[%％]|万|亿|家|项|件|个|人|年|倍)")
_SAME_YEAR = 0.1  # a sentence dated with the year the question names
# ...and one dated with other years only, when the year asked names a time, not the rules
# ("营收增速中位数2022年是多少": 2024年's 4.21% is not it)
_OTHER_YEAR = 0.25
# a clause after ；: the words of the sentence before it count, a little less than its own
_SIBLING = 0.8
# a sentence naming only levels the question does not ask ("国家级企业…降幅3.93%" for 省级的降幅, blind37)
_OTHER_LEVEL = 0.1
_YEAR = re.compile(r"(?:19|20)\d{2}年")
# "2022—2024年的分层对比表": a span names the table's years, not the one asked
_YEAR_SPAN = re.compile(r"(?:19|20)\d{2}\s*年?\s*[—–\-~～至到]\s*(?:19|20)\d{2}\s*年")
# "营收在1亿到10亿之间的": a bracket of values named; a sentence stating that bracket (1亿元至10亿元区间)
# answers before one stating its lower end alone (1亿元以内, blind40)
_VALUE_SPAN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:万|亿)?\s*(?:元|%|％|人|家|分)?\s*[—–\-~～至到]\s*"
                         r"(\d+(?:\.\d+)?)(?!\s*年)(?![\d.])")
_SAME_SPAN = 0.25
# "科创力评分不到60分的企业": a one-sided bracket named (normalized: "≥85分" reads "85分以上", "<60分" "低于60分"); a
# sentence stating that bracket answers before one stating another (≥85分's 78.5% for 不到60分, blind35)
_NUMBER = r"(\d+(?:\.\d+)?)"
_UNIT = r"\s*(?:%|％|分|万元|万|亿元|亿|人|家|件|年)?\s*"
_AT_LEAST = re.compile(rf"(?:不低于|超过|高于|大于|多于)\s*{_NUMBER}|(?<![\d.]){_NUMBER}{_UNIT}(?:及)?以上")
_BELOW = re.compile(rf"(?:不到|低于|小于|不足|少于)\s*{_NUMBER}|(?<![\d.]){_NUMBER}{_UNIT}(?:及)?以(?:下|内)")
_RULES_NAMED = re.compile(r"办法|暂行|新规|旧规|老规|新版|旧版|标准|修订|规定|政策|认定|门槛|条件")
_SAME_QUANTITY = 0.1  # the sentence names the quantity with the question's word near the value
_HEADING_SPAN = 24  # the start of a passage, where slides name the place they are about
# the value's clause names the measure the question word follows ("利润总额是多少" → 利润总额超3800亿元,
# not 营收3.7万亿元 beside it); dev halves: 0 → 399, 0.15 → 399, 0.3 and 0.5 → 400
_ASKED_HEAD = 0.3
# a turn completed from earlier ones ("上海呢？"): the value's clause states the words the turn
# itself said (dev halves: 0.15 → +0, 0.3 and 0.5 → +1)
_SAID = 0.3
# ...and a place that turn named ("…有多少家？" then "江苏省的全国占比呢？") is asked of: a sentence
# naming neither it nor any place of its passage's heading is about something else
_UNSAID_PLACE = 0.3
_HEAD_GLUE = re.compile(r"(?:[是有又为的达到共约大概占了还都]|企业|公司)+$")  # "服务业的企业占多少" → 服务业
_HEAD_GAP = 2  # characters the measure word may end before the question word
_SECOND_PART_COVERAGE = 0.5  # the candidate answering a second clause states half the question's words
# "单项冠军企业…全面领先“小巨人”：…PCT申请量是17.7倍（53件 vs 3件）": a pair's lead keeps the head naming
# the two sides (new-user trial 33 got the pair without them)
_PAIR_HEAD = re.compile(r"^[^：:。；;]{4,40}(?:领先|高于|超过|低于|落后|对比|相比)[^：:。；;]{0,12}[：:]")
_PAIR_VS = re.compile(r"\d\s*[^\d\s（）()]{0,3}\s*vs\.?\s*\d", re.IGNORECASE)
_EXTREME_ROW = 0.05  # "权重最大": the row holding the largest value leads the rows of its table


@dataclass(frozen=True)
class OnlyWhenAsked:
    """Values (``value``) a question answers only when it says one of ``asked_by``."""

    value: re.Pattern[str]
    asked_by: re.Pattern[str]


@dataclass(frozen=True)
class AnswerType:
    name: str
    label: str
    asks: tuple[re.Pattern[str], ...]
    value: re.Pattern[str]
    refuse_when_missing: bool = True  # a list may be worded any way: never "not found" for want of one
    not_asks: tuple[re.Pattern[str], ...] = ()  # "营收加起来有多少" asks no count
    # question words any value of the type states ("占多少比例": a figure in % is the 比例, though the
    # sentence says 占比 or nothing)
    stated_by_value: tuple[str, ...] = ()
    fallback: bool = False  # asked only when no other type is ("参保人数中位数是多少人": a count)
    # values of the type that answer only a question naming their kind: a support rate ("按比例补助50%")
    # is no share of companies unless a subsidy is asked
    only_when_asked: OnlyWhenAsked | None = None


@dataclass(frozen=True)
class TypedCandidate:
    """A sentence that states a value of an asked type, with the lead cut from it."""

    sentence: str
    lead: str
    hit: SearchHit
    rank: int
    kinds: tuple[str, ...]
    coverage: float  # key terms stated in the sentence
    near: float  # key terms stated in the value's clause and the clauses just before it
    context: float  # key terms in the passage around it
    score: float
    own_place: bool = False  # the sentence itself names the place the question asks of


@dataclass(frozen=True)
class _Vocabulary:
    types: tuple[AnswerType, ...]
    connectives: tuple[str, ...]
    continues_change: re.Pattern[str]
    companies_counted: re.Pattern[str]
    specifiers: tuple[re.Pattern[str], ...]
    open_place: re.Pattern[str]
    province_asks: re.Pattern[str]
    not_places: re.Pattern[str]
    clusters: dict[str, tuple[str, ...]]
    markets: dict[str, tuple[str, ...]]
    parts: re.Pattern[str]
    quantity_words: tuple[str, ...]
    per_unit_asks: re.Pattern[str]
    per_unit_states: re.Pattern[str]
    pooled: re.Pattern[str]
    superlatives: dict[str, re.Pattern[str]]
    chart_legend: re.Pattern[str]
    question_words: re.Pattern[str]
    own_ask_words: re.Pattern[str]
    alike_units: tuple[str, ...]
    whole_group: re.Pattern[str]
    one_tier: re.Pattern[str]
    shown_before: re.Pattern[str]
    premise: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    data = yaml.safe_load((_RESOURCES / "answer_types.yaml").read_text(encoding="utf-8"))
    types = tuple(
        AnswerType(name=name, label=spec["label"], asks=tuple(re.compile(p) for p in spec["asks"]),
                   value=re.compile(spec["value"]), refuse_when_missing=spec.get("refuse_when_missing", True),
                   not_asks=tuple(re.compile(p) for p in spec.get("not_asks", ())),
                   stated_by_value=tuple(spec.get("stated_by_value", ())), fallback=spec.get("fallback", False),
                   only_when_asked=(OnlyWhenAsked(re.compile(only["value"]), re.compile(only["asked_by"]))
                                    if (only := spec.get("only_when_asked")) else None))
        for name, spec in data["types"].items()
    )
    return _Vocabulary(
        types=types,
        connectives=tuple(sorted(data["connectives"], key=len, reverse=True)),
        continues_change=re.compile(data["continues_change"]),
        companies_counted=re.compile(data["companies_counted"]),
        specifiers=tuple(re.compile(p) for p in data["specifiers"]),
        open_place=re.compile("|".join(data["open_place"])),
        province_asks=re.compile(data["province_asks"]),
        not_places=re.compile("|".join(map(re.escape, data["not_places"]))),
        clusters={name: tuple(members) for name, members in data["clusters"].items()},
        markets={name: tuple(aliases) for name, aliases in data["markets"].items()},
        parts=re.compile(data["parts"]),
        quantity_words=tuple(data["quantity_words"]),
        per_unit_asks=re.compile(data["per_unit"]["asks"]),
        per_unit_states=re.compile(data["per_unit"]["states"]),
        pooled=re.compile(data["per_unit"]["pooled"]),
        superlatives={kind: re.compile("|".join(map(re.escape, words))) for kind, words in data["superlative"].items()},
        chart_legend=re.compile(data["chart_legend"]),
        question_words=re.compile(data["question_words"]),
        own_ask_words=re.compile(data["own_ask_words"]),
        alike_units=tuple(data["alike_units"]),
        whole_group=re.compile(data["whole_group"]["names"]),
        one_tier=re.compile(data["whole_group"]["unless"]),
        shown_before=re.compile(data["shown_before"]),
        premise=re.compile(data["premise"]),
    )


def superlative(kind: str) -> re.Pattern[str]:
    """The words of a superlative asked ("最高", "最多": ``high``; "最低", "最少": ``low``)."""
    return _vocabulary().superlatives[kind]


def _in_unit(count: str, units: str) -> bool:
    """A count in one of ``units`` ("17家" for 多少家), or a slide's "20+" before what it counts."""
    return count.endswith((*units, "+"))


def _alike_units(unit: str) -> str:
    """The units that count what ``unit`` counts ("件" → "件项": a patent is 一件 or 一项)."""
    return next((group for group in _vocabulary().alike_units if unit in group), unit)


def question_words() -> re.Pattern[str]:
    """Words that make a clause a question (多少, 吗, 哪…), from ``answer_types.yaml``."""
    return _vocabulary().question_words


def asks_itself(said: str) -> bool:
    """A turn as said asks something of its own, no figure (为啥…, …有哪些), though it was completed from a turn
    that asked one."""
    return bool(_vocabulary().own_ask_words.search(said)) and not ASKS_FOR_NUMBER.search(said)


def quantity_words() -> tuple[str, ...]:
    """Words naming a quantity itself (占比, 总额, 中位数…), from ``answer_types.yaml``."""
    return _vocabulary().quantity_words


@lru_cache(maxsize=1)
def _levels() -> re.Pattern[str]:
    """The honour levels (国家级, 省级…), from the rewards phrases (``shared_levels``)."""
    from assistant.rewards.phrases import load_phrases

    return re.compile("|".join(map(re.escape, load_phrases().shared_levels)))


@lru_cache(maxsize=1)
def _regions():  # type: ignore[no-untyped-def]
    from assistant.rewards.regions import load_regions

    return load_regions()


def clusters() -> tuple[str, ...]:
    """City clusters named as places (长三角, 珠三角…), from ``answer_types.yaml``."""
    return tuple(_vocabulary().clusters)


def markets() -> tuple[str, ...]:
    """Listing venues (北交所, 科创板…), from ``answer_types.yaml``."""
    return tuple(_vocabulary().markets)


def _markets_named(text: str) -> set[str]:
    return {name for name, aliases in _vocabulary().markets.items() if any(a in text for a in (name, *aliases))}


def _within(place: str, other: str) -> bool:
    """``place`` lies in ``other``: a region in its parent, a province in its city cluster."""
    members = _vocabulary().clusters
    if place in members:
        return place == other
    if other in members:
        return any((canonical := _regions().canonical(m)) is not None and _regions().is_within(place, canonical)
                   for m in members[other])
    return _regions().is_within(place, other)


def _mentioned(text: str) -> list[str]:
    """The regions ``text`` names, summaries (全国) among them, and the city clusters it names;
    not a place inside a name (北京证券交易所)."""
    return [*_regions().mentions(_vocabulary().not_places.sub("", text)), *(c for c in clusters() if c in text)]


def _national(clause: str) -> bool:
    """The clause speaks for the whole country (全国) and names no other place."""
    mentioned = _mentioned(normalize_query(clause))
    return bool(mentioned) and all(_regions().is_summary(name) for name in mentioned)


def _places(text: str) -> set[str]:
    return {name for name in _mentioned(text) if not _regions().is_summary(name)}


def places_named(text: str) -> set[str]:
    """The places ``text`` names (not 全国)."""
    return _places(normalize_query(text))


_ZONE_AFTER = re.compile(r"(?:高新区|开发区|新区|园区|经开区)")


_COMMON_WORD_FREQ = 500  # a county's short name this common a word is the word (资源, 通道, 和平), not the county


@lru_cache(maxsize=4096)
def _names_place(name: str) -> bool:
    """``name`` names a division: a province or city by any name, a county by its full name or by a short name
    that is no common word (北仑, 余杭; not 资源 for 资源县)."""
    divisions = load_divisions()
    keys = divisions.aliases.get(compact(name), ())
    found = [divisions.by_key[k] for k in keys]
    if not found:
        return False
    if any(d.level != "county" or d.name == name for d in found):
        return True
    jieba.dt.check_initialized()  # (the dictionary's word frequencies)
    return jieba.dt.FREQ.get(name, 0) < _COMMON_WORD_FREQ


def without_places(text: str) -> str:
    """``text`` with every place it names blanked: a division of China by any name (北仑, 宁波市), and a zone
    said after one (成都高新区)."""
    chars = list(text)
    start = 0
    while start < len(text):
        length = next((n for n in (6, 5, 4, 3, 2) if start + n <= len(text)
                       and _names_place(text[start:start + n])), 0)
        if not length:
            start += 1
            continue
        if zone := _ZONE_AFTER.match(text, start + length):
            length = zone.end() - start
        chars[start:start + length] = [" "] * length
        start += length
    return "".join(chars)


def names_only_places(question: str, sentence: str, figures: bool = True) -> bool:
    """Of the question's words the sentence states, every one is a place or a figure ("常州明天天气怎么样"
    and a table row about 常州; "北仑哪家海鲜排档好吃" and an added notice of 北仑; "iPhone电池健康掉到79%了"
    and a sentence of 79% of companies): the sentence says nothing of what is asked. ``figures``: off for a turn
    after another, whose figure may be one an answer gave ("这个3.1倍是在哪看到的？")."""
    unplaced = without_places(question)
    places = _places(question) | ({"place"} if unplaced != question else set())
    words = [w for w in keywords(question) if not any(w in p or p in w for p in places) and w in unplaced]
    stated = normalize_query(sentence)
    if places:
        return bool(words) and not any(w in stated for w in words)
    said = [w for w in words if not _DIGIT.search(w)]
    figure_shared = figures and any(w in stated for w in words if _DIGIT.search(w))
    return figure_shared and bool(said) and not any(w in stated for w in said)


_DIGIT = re.compile(r"\d")


def _specifiers_in(text: str) -> tuple[str, ...]:
    """The batches a text names ("第四批"), in order."""
    return tuple(m.group(0) for p in _vocabulary().specifiers for m in p.finditer(text))


def _span_named(text: str) -> tuple[str, str] | None:
    """The bracket of values a question names last ("1亿到10亿之间" → 1, 10; a follow-up's "那501到1000人这一档呢"
    is added after the bracket it replaces), years aside."""
    spans = list(_VALUE_SPAN.finditer(_YEAR_SPAN.sub("", text)))
    return (spans[-1].group(1), spans[-1].group(2)) if spans else None


def _bounds_in(text: str) -> list[tuple[str, str]]:
    """Each one-sided bracket ``text`` states, as ("at_least" | "below", its number)."""
    return [(kind, next(g for g in m.groups() if g)) for kind, pattern in (("at_least", _AT_LEAST), ("below", _BELOW))
            for m in pattern.finditer(text)]


def _bound_named(text: str) -> tuple[str, str] | None:
    """The one-sided bracket a question names last ("不到60分" → below 60), years aside."""
    bounds = _bounds_in(_YEAR_SPAN.sub("", text))
    return bounds[-1] if bounds else None


@dataclass(frozen=True)
class QuestionTerms:
    """What a candidate must agree with: the batch the question names, the places it names."""

    specifiers: tuple[str, ...]
    places: frozenset[str]
    open_place: bool
    parts: int
    province: bool = False  # asks which province
    years: tuple[str, ...] = ()
    names_rules: bool = False  # 暂行办法, 新规…: a year beside them names the rules
    levels: tuple[str, ...] = ()  # the honour levels named (国家级, 省级…)
    whole_group: bool = False  # asks of 专精特新企业 as a whole: no level, no tier of one
    quantities: tuple[str, ...] = ()
    count_unit: str | None = None  # "多少家": a count of 家, not "三个目标" (the units counting alike, "件项")
    head: str | None = None  # the measure the question word follows ("利润总额" of "利润总额是多少")
    per_unit: bool = False  # asks a value per company ("每家能拿到多少钱")
    counted: str | None = None  # what a count question counts ("多少家小巨人" → 小巨人)
    as_of: str | None = None  # the year of the date a figure is asked as of ("截至2025年底" → 2025)
    asks_goal: bool = False  # "到2025年的培育目标是多少家": a goal asked, not a count
    listed: str | None = None  # what a list question lists ("要准备哪些材料" → 材料)
    markets: frozenset[str] = frozenset()  # the listing venues it names ("北交所")
    span: tuple[str, str] | None = None  # a bracket of values named ("1亿到10亿之间" → 1, 10)
    bound: tuple[str, str] | None = None  # a one-sided bracket named ("不到60分" → ("below", "60"))

    @classmethod
    def of(cls, question: str, weights: dict[str, float] | None = None) -> QuestionTerms:
        text = normalize_query(question)
        vocab = _vocabulary()
        span = _span_named(text)
        return cls(head=_asked_head(text, vocab.parts, weights or {}), listed=_listed(text, weights or {}),
                   per_unit=bool(vocab.per_unit_asks.search(text)),
                   counted=_counted(text, weights or {}, tier_fallback=not any(p.search(text) for p in vocab.specifiers)),
                   as_of=(found.group(1) if (found := _AS_OF.search(text)) else None),
                   asks_goal=bool(_GOAL.search(text)),
                   specifiers=_specifiers_in(text),
                   places=frozenset(_places(text)), open_place=bool(vocab.open_place.search(text)),
                   markets=frozenset(_markets_named(text)),
                   span=span, bound=_bound_named(text) if span is None else None,
                   province=bool(vocab.province_asks.search(text)),
                   years=tuple(_YEAR.findall(_YEAR_SPAN.sub("", text))),
                   names_rules=bool(_RULES_NAMED.search(text)),
                   levels=tuple(dict.fromkeys(_levels().findall(text))),
                   whole_group=bool(vocab.whole_group.search(text)) and not vocab.one_tier.search(text),
                   quantities=tuple(w for w in vocab.quantity_words if w in text),
                   count_unit=(_alike_units(unit.group(1)) if (unit := _COUNT_UNIT.search(text)) else None),
                   parts=max(len(vocab.parts.findall(text)), len([q for q in re.split(r"[？?；;]", text) if q.strip()])))

    def states_span(self, text: str) -> bool:
        """``text`` states the bracket of values the question names."""
        return self.span is not None and any(m.group(1, 2) == self.span for m in _VALUE_SPAN.finditer(text))

    def bracket_fit(self, text: str) -> int:
        """1 when ``text`` states the one-sided bracket the question names, −1 when it states only others, else 0."""
        if self.bound is None:
            return 0
        stated = _bounds_in(text)
        return 1 if self.bound in stated else -1 if stated else 0

    def states_head(self, window: str) -> bool:
        return self.head is not None and presence(self.head, window) > 0

    def other_places_before(self, clauses: list[str], last: int, types: list[AnswerType]) -> list[str]:
        """The lead's clauses without the values of other places before the asked one ("浙江…800家，
        北京…500家，上海…300家" asked of 上海): the clauses before the first value (the subject),
        then those after the last other place's value. A lead run on past the asked place's
        value stops before the next place's (dev halves: +1, none lost)."""
        if not self.places:
            return clauses[: last + 1]
        last = self._rest_of_entry(clauses, last, types)
        others = [i for i in range(last + 1)
                  if _holds_value(clauses[i], types) and self.other_place(normalize_query(clauses[i]))]
        # "江苏省以14.42%…，广东省（13.52%）…": a lead run on past the asked place stops before the others
        asked = next((i for i in range(last + 1) if places_named(clauses[i]) & self.places), None)
        if len(self.places) > 1:
            # "长三角…是珠三角的几倍": of two places compared, the value is the later one's item
            valued = [i for i in range(last + 1)
                      if places_named(clauses[i]) & self.places and _holds_value(clauses[i], types)]
            asked = valued[-1] if valued else asked
        if asked is not None and (after := [i for i in others if i > asked]):
            last = after[0] - 1
            others = [i for i in others if i < asked]
        others = [i for i in others if i < last]
        if not others:
            return clauses[: last + 1]
        first_value = next(i for i in range(last + 1) if _holds_value(clauses[i], types))
        # "长三角以5.3万家…领先，是京津冀（1.9万家）的2.77倍" asked of 京津冀: its own item, under the
        # sentence's subject; the clause around it says how another place compares with it
        if asked is not None and (item := self._own_item(clauses[asked])) and _holds_value(item, types):
            return [*clauses[:first_value], item]
        kept = clauses[others[-1] + 1 : last + 1]
        # "…领先，是京津冀（1.9万家）的2.77倍、珠三角（2.3万家）的2.33倍": the 是 left out goes with what stays
        if kept and clauses[first_value].startswith("是") and not kept[0].startswith("是"):
            kept = ["是" + kept[0], *kept[1:]]
        return clauses[:first_value] + kept

    def other_batches_left_out(self, clauses: list[str], types: list[AnswerType]) -> list[str]:
        """"第四批…多少家" led by "…累计8997家，其中，第一批…155家，第二批…1584家，…第四批…4328家":
        the clauses stating another batch's value are left out of the lead (trial 31)."""
        if not self.specifiers:
            return clauses

        def other(clause: str) -> bool:
            named = set(_specifiers_in(clause))
            return bool(named) and not named & set(self.specifiers) and _holds_value(clause, types)

        kept = [c for c in clauses if not other(c)]
        return kept if any(s in "".join(kept) for s in self.specifiers) else clauses

    def other_level(self, sentence: str) -> float:
        """1 when ``sentence`` names levels, none of them the one the question asks; ½ when the question asks
        of the whole group (专精特新企业) and the sentence of one level ("四川的专精特新企业占全国多少": "四川
        （8.21%）" of 国家级占比 is another group's share, blind37)."""
        named = set(_levels().findall(sentence))
        if not named:
            return 0.0
        if self.levels:
            return 0.0 if named & set(self.levels) else 1.0
        return 0.5 if self.whole_group else 0.0

    def other_levels_left_out(self, clauses: list[str], types: list[AnswerType]) -> list[str]:
        """"江苏有多少家国家级小巨人" led by "江苏省：省级专精特新“小巨人”企业1998家，国家级…285家": the
        clauses stating another level's value are left out of the lead (trial 37)."""
        if not self.levels:
            return clauses

        def other(clause: str) -> bool:
            named = set(_levels().findall(clause))
            return bool(named) and not named & set(self.levels) and _holds_value(clause, types)

        # only before the asked level's clause: after it, another level is what the value is compared
        # with ("5774万元，是省级企业（2000万元）的2.89倍")
        asked = next((i for i, c in enumerate(clauses) if set(_levels().findall(c)) & set(self.levels)), None)
        if asked is None:
            return clauses
        return [c for i, c in enumerate(clauses) if i >= asked or not other(c)]

    def _rest_of_entry(self, clauses: list[str], last: int, types: list[AnswerType]) -> int:
        """In a list of places' entries ("上海到2025年发展国家级300家，省市级5000家浙江到2025年…"), the
        asked place's entry runs on through the values naming no place, up to the next place's."""
        named = next((places for i in range(last, -1, -1) if (places := places_named(clauses[i]))), set())
        if not named & self.places:
            return last  # the value is not in the asked place's entry
        end = last + 1
        while end < len(clauses) and _holds_value(clauses[end], types) and not _mentioned(normalize_query(clauses[end])):
            end += 1
        next_place = end < len(clauses) and self.other_place(normalize_query(clauses[end]))
        return end - 1 if next_place else last

    def _own_item(self, clause: str) -> str | None:
        """The asked place with its value in brackets ("京津冀（1.9万家）"), if the clause has it."""
        for place in self.places:
            names = sorted({place, *(a for a, c in _regions().aliases.items() if c == place)}, key=len, reverse=True)
            item = re.search(rf"(?:{'|'.join(map(re.escape, names))})[省市区]?（[^（）]*\d[^（）]*）", clause)
            if item:
                return item.group(0)
        return None

    def other_market(self, sentence: str) -> bool:
        """The sentence is about a listing venue the question does not name (科创板 for 北交所)."""
        named = _markets_named(sentence)
        return bool(self.markets) and bool(named) and not named & self.markets

    def off_year(self, sentence: str, passage: str) -> bool:
        """The question asks a figure of a year ("2023年全国小巨人的营收总额") that neither the
        sentence nor its passage names: a figure of some other time is not the one asked. The rule
        versions' years (2022, 2026) are left out: they name the rules as often as a time."""
        asked = [y for y in self.years if detect_rule_version(y) is None]
        return bool(asked) and not any(y in sentence or y in passage for y in asked)

    def other_year(self, sentence: str) -> bool:
        """The sentence is dated with years none of which the question asks, and the question's
        years name a time (no rule version is named beside them)."""
        said = _YEAR.findall(sentence)
        # (a figure asked as of a date, "截至2022年7月", is other_date's)
        return (bool(self.years) and self.as_of is None and not self.names_rules and bool(said)
                and not set(said) & set(self.years))

    def other_date(self, sentence: str) -> bool:
        """The sentence states its figure as of another year than the one asked ("截至2022年1月…"
        for "截至2025年底…"): an older count is not the one asked."""
        dates = {m.group(1) for m in _AS_OF.finditer(sentence)}
        if self.as_of is not None and not self.asks_goal and _GOAL.search(sentence):
            return True  # a goal is not the figure as of a date
        return self.as_of is not None and bool(dates) and self.as_of not in dates

    def pooled(self, sentence: str) -> bool:
        """A per-company question and a sentence stating a pooled total, not a per-company value."""
        vocab = _vocabulary()
        return self.per_unit and bool(vocab.pooled.search(sentence)) and not vocab.per_unit_states.search(sentence)

    def counts_in(self, count: AnswerType, sentence: str) -> bool:
        """The sentence counts in the unit asked ("多少家" → "17家"), when the question names one."""
        return self.count_unit is None or any(_in_unit(m.group(0), self.count_unit)
                                              for m in count.value.finditer(sentence))

    def names_batches_of(self, sentence: str) -> bool:
        return all(s in sentence for s in self.specifiers)

    def asks_of(self, place: str) -> bool:
        """``place`` is a place asked, or one inside it (not a region holding it: 长三角 for 浙江)."""
        return any(place == q or _within(place, q) for q in self.places)

    def own_place(self, sentence: str) -> bool:
        """The sentence names a place asked, or one inside it."""
        return any(self.asks_of(p) for p in _places(sentence))

    def other_place(self, sentence: str) -> bool:
        """The sentence is about a place the question does not name (and does not ask for)."""
        if self.open_place:
            return False
        places = _places(sentence)
        return bool(places) and not places & self.places and not any(
            _within(p, q) or _within(q, p) for p in places for q in self.places)


_COUNTED = re.compile(r"(?:多少|几)(?:家|个|项|件|名)(?:的)?")
_AS_OF = re.compile(r"(?:截至|截止到?)\s*((?:19|20)\d{2})\s*年")  # "截至2025年底": the year a figure is as of
# "工作目标（到2025年）…培育一千家左右": a goal set for that year, not the count as of it
_GOAL = re.compile(r"目标|力争|(?<!截止)到\s*(?:19|20)\d{2}\s*年")  # (截止到2022年1月 is a date)


def _counted(text: str, weights: dict[str, float], tier_fallback: bool = True) -> str | None:
    """The key term right after a count question word: what is counted; with none after it
    ("小巨人现在全国一共有多少家"), the tier the question names (``tier_fallback``; a batch asked,
    "第三批小巨人通过了多少家", is counted by its batch)."""
    match = _COUNTED.search(text)
    if not match:
        return None
    after = text[match.end() :]
    named = max((word for word in weights if after.startswith(word)), key=len, default=None)
    return named or (next((word for word in weights if tiers_named(word, ())), None) if tier_fallback else None)


def _passage_place(terms: QuestionTerms, heading: str, title: str, sentence: str, weights: dict[str, float]) -> str:
    """The asked place a sentence naming none states its value of: its passage's (an added notice's
    "请…于2026年4月30日前…提交申请材料" is 余杭区's, its title says), also one the region list lacks,
    named by the question and the title alone."""
    listed = " ".join(terms.places) if terms.places and terms.own_place(heading) else ""
    unlisted = "".join(w for w in weights if _ADMIN_NAME.fullmatch(w) and w in title and w not in sentence)
    return listed + unlisted


def _asked_place_row(sentence: str, terms: QuestionTerms) -> bool:
    """The sentence is a table row headed by a place the question asks of."""
    row = _PLACE_ROW.match(sentence)
    return row is not None and terms.own_place(row.group(1))


def _asked_head(text: str, parts: re.Pattern[str], weights: dict[str, float]) -> str | None:
    """The key term just before the first question word: the measure asked for."""
    match = parts.search(text)
    if not match:
        return None
    after = text[match.end() : match.end() + _HEAD_GAP + 2]
    if any(word in after for word in weights):
        return None  # "占多少比例": the measure follows the question word
    before = _HEAD_GLUE.sub("", text[: match.start()].rstrip("，, "))
    # a place ("占全国多少") or a tier ("专精特新公司有几家") names whose value it is, not the measure
    ends = [(before.rfind(word) + len(word), word) for word in weights
            if word in before and not _regions().mentions(word) and not tiers_named(word, ())]
    end, word = max(ends, default=(-1, None))
    return word if word is not None and len(before) - end <= _HEAD_GAP else None


def _listed(text: str, weights: dict[str, float]) -> str | None:
    """The key term right after a list question word ("哪些材料" → 材料): what the list is of."""
    for pattern in answer_type(_LIST).asks:
        if match := pattern.search(text):
            after = text[match.end() :]
            return max((word for word in weights if after.startswith(word)), key=len, default=None)
    return None


def answer_type(name: str) -> AnswerType:
    """The answer type called ``name`` ("date": its value pattern says what a date looks like)."""
    return next(t for t in _vocabulary().types if t.name == name)


def asked_types(question: str) -> list[AnswerType]:
    """The kinds of value ``question`` asks for (none for "what/how/why" questions)."""
    text = normalize_query(question)
    asked = [t for t in _vocabulary().types
             if any(p.search(text) for p in t.asks) and not any(p.search(text) for p in t.not_asks)]
    return [t for t in asked if not t.fallback] or asked or _guessed(text)


def _guessed(text: str) -> list[AnswerType]:
    """The kind of the figure a question guesses for confirmation in its last clause ("…是不是只有12个？": a
    count); none when it asks no confirmation. An article ("当成一个新的维度") or a date guesses no figure."""
    vocabulary = _vocabulary()
    if not vocabulary.premise.search(text):
        return []
    clauses = re.split(r"[，,；;。？?！!]", text.rstrip("？?。！! "))
    # ("增长了85%，是这个数吗": the figure is guessed in the clause before a bare asking one)
    clause = clauses[-2] if len(clauses) > 1 and len(clauses[-1]) <= _BARE_ASKING_CHARS else clauses[-1]
    stated = [(m.end(), m.end() - m.start(), t) for t in vocabulary.types
              if not t.fallback and t.name not in _NOT_GUESSED
              for m in t.value.finditer(clause) if not _ARTICLE.fullmatch(m.group(0))]
    return [max(stated, key=lambda s: s[:2])[2]] if stated else []


_NOT_GUESSED = {"date", "day"}
_BARE_ASKING_CHARS = 6  # "是这个数吗", "对吧", "没错吧"
_ARTICLE = re.compile(r"一\s*(?:个|家|项|件|名|位|条|种|类|批|套|款|场|所)")


def asks_besides_reward(question: str) -> bool:
    """A fee ("申报要交钱吗"), a share ("多大比例的省份出了认定奖补"), a time or period ("50万奖励是分几年
    发放的"), a count ("去年多少家企业拿到了区里的小巨人奖励", trial 49) or what a term means ("免申即享啥意思"):
    not a reward amount, whatever reward words the question uses."""
    kinds = {t.name for t in asked_types(question)}
    # ("上海的企业评上国家级小巨人，认定奖补大概在什么范围": the span of a place's own row, 20-60万, blind41)
    if kinds & _NOT_AMOUNTS == {_SPAN} and places_named(question):
        kinds.discard(_SPAN)
    return bool(_NOT_AMOUNTS & kinds) or bool(
        DEFINITION_ASKS.search(normalize_query(question))) or bool(_vocabulary().companies_counted.search(question))


_SPAN = "range"
_NOT_AMOUNTS = {"fee", "percent", "duration", "date", "day", _SPAN, "contact", "organization", "doc_number"}


def with_pair_head(lead: str, sentence: str) -> str:
    """A lead stating a pair ("17.7倍（53件 vs 3件）") with the head of its sentence naming whose figure each
    side is ("单项冠军企业…全面领先“小巨人”："), when the lead does not hold it already."""
    head = _PAIR_HEAD.match(sentence)
    if head is None or not _PAIR_VS.search(lead) or lead.startswith(head.group(0)):
        return lead
    return head.group(0) + lead


def with_change_start(clause: str, sentence: str) -> str:
    """A clause saying where a change went ("提升至5000万元以上") with the clauses before it in its sentence,
    which say what changed and from where, shortened from the front to ``_LEAD_CHARS``."""
    at = sentence.find(clause)
    if at <= 0 or not _vocabulary().continues_change.match(clause):
        return clause
    before = [c for c in _CLAUSE_END.split(sentence[:at]) if c]
    return _lead_of([*before, clause], len(before))


def strip_connective(text: str) -> str:
    for word in _vocabulary().connectives:
        if text.startswith(word) and len(text) > len(word) + 4:
            return text[len(word):].lstrip("，, ")
    return text


# an item ends after 、, or where a figure runs straight into the next place's name (a slide's label
# and value lines glued: "东部地区总计5473家东北地区总计5473家…")
_ITEM_END = re.compile(r"(?<=、)|(?<=\d[家个项件])(?=[\u4e00-\u9fff]{1,4}(?:地区|省|市))")
_COUNT_END = re.compile(r"\d\+?[家个项件](?=[\u4e00-\u9fff])")
_TABLE_HEADER = re.compile(r"^【[^】]*】")


def _glued_items(clause: str) -> list[str]:
    """``clause`` cut where a count runs straight into a listed region's name, glued lines of a
    slide ("…省市级300+家宁夏到2025年发展国家级50家": 宁夏 starts the next item)."""
    aliases = _regions().aliases
    cuts = [m.end() for m in _COUNT_END.finditer(clause)
            if any(clause.startswith(alias, m.end()) for alias in aliases)]
    bounds = [0, *cuts, len(clause)]
    return [clause[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if clause[a:b]]


def _place_items(clause: str, types: list[AnswerType]) -> list[str]:
    """A clause listing several places each with its value ("浙江省（15.43%）、江苏省（12.22%）"), cut
    after each 、; any other clause whole but for items glued at a count (``_glued_items``). A table
    row's header (【东部 | 中部 | 西部 | 东北】) names every place and belongs to no one item."""
    glued = _glued_items(_TABLE_HEADER.sub("", clause))
    items = [item for piece in glued for item in _ITEM_END.split(piece) if item]
    with_values = [i for i in items if places_named(i) and _holds_value(i, types)]
    return items if len(with_values) >= 2 else (glued if len(glued) > 1 else [clause])


def _lead_of(clauses: list[str], last: int) -> str:
    """Clauses up to ``last`` joined, shortened from the front to the clause naming the subject."""
    first = 0
    while first < last and sum(map(len, clauses[first : last + 1])) > _LEAD_CHARS:
        first += 1
    text = "".join(clauses[first : last + 1]).strip().rstrip("，,：:；;、")
    return strip_connective(text)


_FULL_DATE = 0.1
_MONTH = re.compile(r"月|-\d")


def _nearest_value(clauses: list[str], types: list[AnswerType], weights: dict[str, float],
                   counted: str | None = None, count_unit: str | None = None,
                   said: dict[str, float] | None = None, topic: str = "",
                   places: frozenset[str] = frozenset()) -> tuple[float, int]:
    """The value whose surroundings (``_WINDOW`` characters before it, and its own clause up to
    ``_AFTER`` characters after it) state most key terms: that coverage and the value's clause.
    A line's label ("北交所：") belongs to the surroundings of every value on the line. A value
    whose surroundings name what is counted ("多少家小巨人" → 小巨人) comes first, after one whose
    own clause names the place asked ("宁夏…50家" among other provinces' goals)."""
    text = "".join(clauses)
    label = topic + (match.group(0) if (match := _LABEL.match(text)) else "")
    ends = [sum(map(len, clauses[: i + 1])) for i in range(len(clauses))]
    best: tuple[float, int] | None = None
    best_names = best_own = best_place = False
    for t in types:
        for match in t.value.finditer(text):
            if t.name == _COUNT and count_unit and not _in_unit(match.group(0), count_unit):
                continue  # "多少家": 六个批次 is no count of 家
            after = re.split(r"[，；。,;：:]", text[match.end() : match.end() + _AFTER])[0]
            window = normalize_query(label + text[max(0, match.start() - _WINDOW) : match.end()] + after)
            # a full date (2026-05-12, 5月12日) says when more than a year used as a modifier (2026年鄞州区…)
            near = coverage(window, weights) + _FULL_DATE * bool(t.name == _DATE and _MONTH.search(match.group(0)))
            clause = next(i for i, end in enumerate(ends) if end >= match.end())
            names = counted is not None and presence(counted, window) > 0
            # "省级呢？" after 国家级's figure: the value whose own clause names what the follow-up said
            own = bool(said) and any(word in normalize_query(clauses[clause]) for word in said or {})
            at_place = bool(places) and bool(places_named(clauses[clause]) & places)
            if best is None or (at_place, names, own, near) > (best_place, best_names, best_own, best[0]):
                best, best_names, best_own, best_place = (near, clause), names, own, at_place
    return best or (0.0, len(clauses) - 1)


def _row_lead(row: str) -> str:
    """A table row is its own statement: its cells name what each value belongs to."""
    row = row.strip()
    return row if len(row) <= _ROW_CHARS else row[: _ROW_CHARS - 1] + "…"


_NUMERIC_VALUE = re.compile(r"^[\d.,%\s+-]+$")


_SHARE_HEADER = re.compile(r"(?:占比|比重|比例)$")
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def row_read(text: str) -> str | None:
    """``text`` read as a sentence when it is a table row of "header：value" cells, else None."""
    return row_as_sentence(_with_row_unit(text)) if _ROW.match(text) else None


def _mislabelled(header: str | None, value: str) -> bool:
    """"国家级占比：52" under a header the source mislabelled (图表22's 专利中位数): a share stated without %
    is no share."""
    return bool(header and _SHARE_HEADER.search(header) and _BARE_NUMBER.fullmatch(value))


def _row_stated(row: str) -> str:
    """What a table row states: its cells less those under a mislabelled share header."""
    cells = [c.strip() for c in row.split("|") if c.strip()]
    return " | ".join(c for c in cells if not ("：" in c and _mislabelled(*c.split("：", 1))))


def row_as_sentence(row: str) -> str:
    """A table row read as a sentence ("荣誉类型：企业技术中心 | 国家级持有率：63.28% | …" →
    "企业技术中心：国家级持有率63.28%，…"): the first cell whose value is not a bare number says what the
    row is about, the others follow as "header value" (new-user trial 34 read rows as raw dumps)."""
    cells = [c.strip() for c in row.split("|") if c.strip()]
    split = [(c.split("：", 1)[0], c.split("：", 1)[1]) if "：" in c else (None, c) for c in cells]
    # a mislabelled share is left out rather than said as one
    pairs: list[tuple[str | None, str]] = [(h, v) for h, v in split if not _mislabelled(h, v)]
    subject = next((i for i, (_, value) in enumerate(pairs) if not _NUMERIC_VALUE.match(value)), None)
    if subject is None or len(cells) < 2:
        return row
    rest = [f"{header or ''}{value}" for i, (header, value) in enumerate(pairs) if i != subject]
    return f"{pairs[subject][1]}：{'，'.join(rest)}"


def _header(cell: str) -> str:
    """The header of a table cell "header：value"."""
    return normalize_query(cell.split("：", 1)[0])


def _row_cells_asked(row: str, types: list[AnswerType], weights: dict[str, float], asked: AskedTiers) -> str | None:
    """A table row cut to its label cell, the cells naming what the question asks about, and the
    one value cell whose header the question asks about ("省级…持有率：20.32%", not the national
    column beside it); None when no value cell's header fits the question better than every
    other (the whole row answers)."""
    label, *cells = [c.strip() for c in row.strip().split("|")]
    valued = [c for c in cells if _holds_value(c, types, _is_chart_row(row))]
    if len(valued) < 2:
        return None

    def fit(cell: str) -> float:
        return coverage(_header(cell), weights) + tier_term(asked, _header(cell))

    def terms(cell: str) -> set[str]:
        return {word for word in weights if presence(word, _header(cell))}

    best, *others = sorted(valued, key=fit, reverse=True)
    # "国家级和省级各是多少" names both columns: every column the question names stays
    if fit(best) <= fit(others[0]) or any(terms(cell) - terms(best) for cell in others):
        return None
    # a cell naming what the question asks about ("省份：江苏省") says whose value it is
    subject = [c for c in cells if c not in valued and coverage(normalize_query(c), weights) > 0]
    return " | ".join([label, *subject, best])


def _holds_value(text: str, types: list[AnswerType], chart: bool = False) -> bool:
    return any(t.value.search(text) or (chart and t.name == _COUNT and _BARE_COUNT.fullmatch(text.strip()))
               for t in types)


# a chart row's cell holding a bare figure ("东莞：110"): the chart counts what its title names
_BARE_COUNT = re.compile(r"[^|：]{1,10}：\d+")


def _is_chart_row(text: str) -> bool:
    """A row indexer/charts.py made of a chart, headed by its title cell."""
    return text.startswith(f"{CHART_CELL}：")


def _chart_counts(sentence: str) -> bool:
    """A chart row whose cells are bare figures answers a count asked of one of them."""
    return _is_chart_row(sentence) and any(
        _BARE_COUNT.fullmatch(cell.strip()) for cell in sentence.split("|")[1:])


def _names_new_term(clause: str, lead: str, weights: dict[str, float]) -> bool:
    """``clause`` states a key term ``lead`` does not (both normalised)."""
    return any(presence(w, clause) and not presence(w, lead) for w in weights)


def _valued_clauses_after(clauses: list[str], last: int, types: list[AnswerType]) -> list[int]:
    """Clauses after ``last`` that hold a value of an asked type, as far as the lead's length reaches."""
    found: list[int] = []
    length = sum(map(len, clauses[: last + 1]))
    for i in range(last + 1, len(clauses)):
        length += len(clauses[i])
        if length > _LEAD_CHARS:
            break
        if _holds_value(clauses[i], types):
            found.append(i)
    return found


_SUBJECT_AFTER = 2  # clauses after the value that may still name what it belongs to


def _subject_after(clauses: list[str], last: int, weights: dict[str, float]) -> int:
    """A value stated before its subject ("11月15日，北交所正式开市"): the lead runs on to the clauses
    right after it that name key terms it lacks, within the lead's length."""
    end = last
    for i in range(last + 1, min(len(clauses), last + 1 + _SUBJECT_AFTER)):
        lead = normalize_query("".join(clauses[: end + 1]))
        if sum(map(len, clauses[: i + 1])) > _LEAD_CHARS:
            break
        if not _names_new_term(normalize_query(clauses[i]), lead, weights):
            break
        end = i
    return end


def _run_on(clauses: list[str], last: int, types: list[AnswerType]) -> int:
    """For a question asking several values: the last clause with a value within the lead's length."""
    return max(_valued_clauses_after(clauses, last, types), default=last)


def _asked_later(clauses: list[str], last: int, types: list[AnswerType], weights: dict[str, float]) -> int:
    """A later clause with a value that names a key term the lead lacks ("共345家，其中创业板146家"
    asked of 创业板): the lead runs on to it, within the lead's length."""
    lead = normalize_query("".join(clauses[: last + 1]))
    for i in _valued_clauses_after(clauses, last, types):
        if _names_new_term(normalize_query(clauses[i]), lead, weights):
            return i
    return last


_WRAP_CHARS = 10  # a slide's text wraps at 10–14 characters: a shorter line ends its item
_ENDS_ITEM = re.compile(r"[。；！？!?：:|）)\d%％家个项件元年日图表]$")  # (a date ends its item: "申报截止时间：2026年9月30日")
_OPENING_CHARS = 6  # a line's first characters, where the place it is about is named
_DATE_ALONE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_STARTS_ITEM = re.compile(r"^(?:[\d•➢◼■●▪Ø（(【\[]|图表?\s*\d)")


_CAPTION = re.compile(r"^图?表\s*\d+\s*[：:]")  # a chart's or table's caption
_FIGURE_ALONE = re.compile(r"[>≥<≤]?\d[\d.,]*\s*(?:%|％|万元|亿元|万|亿|家|项|件|个|人|倍|分)"
                           r"(?:左右|以上|以下|以内|上下)?[。；;]?")  # ("…的比重处于" / "25%左右。")
_ENDS_STATEMENT = re.compile(r"[。；;！？!?：:|）)\d%％]$")
# "（8）知识产权质押对专精特新企业发展支持" over a sentence: a section title, not a wrapped line
_NUMBERED_TITLE = re.compile(r"^[（(]\d{1,2}[）)][^，。；：,;:|]+$")
_SENTENCE = re.compile(r"[，,].*[。；]$")


# "主要集中在四大方向：一、提供资金支持。二、加大创新投入…。三、…": a list announced by its number of
# items (or as "以下…：") whose items are sentences of their own; the lead takes the numbered items that follow
_ANNOUNCED_ITEMS = re.compile(r"[二三四五六七八九十两2-9](?:大|个|种|类|项|方面|条|点)[^，。；：:、\d]{0,10}[:：]"
                             r"|以下[^，。；：:、\d]{0,8}[:：]")  # "属于以下重点领域：（1）…（2）…"
# (or an item named by its ordinal: "第二，", "其三，", "启示二，", "方向三：")
_NEXT_ITEM = re.compile(r"^(?:[二三四五六七八九十]、|[（(]\d{1,2}[）)]|\d{1,2}[、.．](?!\d)"
                        r"|第[二三四五六七八九十][，、：:]|其[二三四五六七八九十][，、：:]|[\u4e00-\u9fff]{2,4}[二三四五六七八九十][，、：:])")
_LIST_CHARS = 240  # at most this long, items and all


def _with_items_after(lead: str, sentence: str, after: list[str]) -> str:
    if not (announced := _ANNOUNCED_ITEMS.search(sentence)):
        return lead
    numbered, between, wanted = lead, 0, _announced_count(announced.group(0))
    for following in after:
        if not _NEXT_ITEM.match(following):
            # ("启示一，…。在资源有限的条件下…。启示二，…": an item's explanation between the items announced)
            between += 1
            if (numbered == lead and lead.endswith(("：", ":"))) or not wanted or between > _BETWEEN_ITEMS:
                break
            continue
        if len(numbered) + len(following) > _LIST_CHARS:
            break
        numbered += ("" if numbered.endswith(("：", ":")) else "；") + following.rstrip("。；;")
        between = 0
    if numbered != lead or not lead.endswith(("：", ":")):
        return numbered
    # "主要途径包括3类：" then three bullets, each "“专精特新”企业宣传：通过…": as many items as announced, each
    # by its label (the sentence itself when it has none and is short)
    items = [label.group(1) if (label := _ITEM_LABEL.match(f)) else f.rstrip("。；;")
             for f in after[:wanted] if _ITEM_LABEL.match(f) or len(f) <= _ITEM_CHARS]
    if wanted < 2 or len(items) < wanted or len(lead) + sum(map(len, items)) > _LIST_CHARS:
        return lead
    return lead + "；".join(items)


_ITEM_LABEL = re.compile(r"^([^，。；：:]{2,16})[：:]")
_BETWEEN_ITEMS = 2  # sentences explaining an item, skipped between the items a count announced
_MAX_ITEMS = 10  # a list's items may run into the next chunk when fewer sentences than this follow
_ITEM_CHARS = 40
_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _announced_count(announced: str) -> int:
    """The number of items a phrase announces ("包括3类：" → 3, "三大方面：" → 3); 0 for "以下…："."""
    first = announced[0]
    return int(first) if first.isdigit() else _NUMERALS.get(first, 0)


def _wrapped(previous: str, line: str) -> bool:
    """``line`` continues ``previous``: a full-width line cut mid-phrase, not a new item; or a figure
    alone on its line after the words it completes ("…认证企业占比为" / "88.7%")."""
    if _FIGURE_ALONE.fullmatch(line) and not _ENDS_STATEMENT.search(previous):
        return True
    return (len(previous) >= _WRAP_CHARS and not _ENDS_ITEM.search(previous) and not _STARTS_ITEM.match(line)
            and not (_NUMBERED_TITLE.match(previous) and _SENTENCE.search(line))
            and not _CAPTION.match(previous))  # "图表18：三大城市群…占比" is a line of its own


def _ends_with_body(line: str) -> bool:
    """``line`` ends with the name of a body (the organization type's own words: …局, …委员会, …人民政府)."""
    return any(m.end() == len(line) for m in answer_type("organization").value.finditer(line))


def _pairs_apart(line: str) -> list[str]:
    """A line of label:value pairs as one item per pair, each under the line's heading
    ("…核心数据：集群企业:76家 省级专精特新:18家" → "…核心数据：省级专精特新:18家")."""
    pairs = _PAIRS.search(line)
    if pairs is None:
        return [line]
    head = line[: pairs.start()]
    return [head + m.group(0).strip() for m in re.finditer(_PAIR, pairs.group(0))] + (
        [line[pairs.end():].strip()] if line[pairs.end():].strip() else [])


def _clusters_spelled_out(text: str) -> list[str]:
    """Groups of places a text names member by member ("北京…上海…深圳…广州" is 北上广深)."""
    return [name for name, members in _vocabulary().clusters.items()
            if len(members) >= 2 and name not in text and all(m in text for m in members)]


@lru_cache(maxsize=1)
def _trailing_batch() -> re.Pattern[str]:
    """A batch (answer_types.yaml's specifiers) ending a line right after a figure ("248家第二批")."""
    return re.compile(r"(?<=\d[家个件项])\s*(" + "|".join(p.pattern for p in _vocabulary().specifiers) + r")$")


def _opens_with_other_place(line: str, heading: str) -> bool:
    """``line`` opens by naming a place neither the label before it nor one inside it: a slide whose labels
    sit under their paragraphs ("…中部地区…保持持续上升态势。" / "中部地区" / "西部地区…比重虽始终仅有20%左右")."""
    opening, labelled = places_named(line[:_OPENING_CHARS]), places_named(heading)
    return bool(opening) and bool(labelled) and not any(
        p == h or _within(p, h) for p in opening for h in labelled)


_UNIT_CELL = re.compile(r"(?:^| \| )单位：([^\s|/\d]{1,3})\s*(?= \||$)")
_BARE_CELL = re.compile(r"(?<=：)(\d+(?:\.\d+)?)(?=\s*(?:\||$))")


def _with_row_unit(line: str) -> str:
    """A row with a unit column ("单位：件 | 国家专精特新“小巨人”企业：4.98 | 国家单项冠军企业：12.81")
    with that unit after each bare figure (4.98件, 12.81件), as a sentence would state it."""
    unit = _UNIT_CELL.search(line)
    if not unit:
        return line
    without = line[: unit.start()] + line[unit.end() :].removeprefix(" | " if not unit.start() else "")
    return _BARE_CELL.sub(rf"\g<1>{unit.group(1)}", without)


def _sentences(hit: SearchHit) -> list[str]:
    text = hit.chunk.text
    lines: list[str] = []
    heading = physical = ""
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        # a short label line ("江苏省", "北交所") names what the next line's figures belong to
        if _LABEL_LINE.fullmatch(line) or (
                len(line) <= _HEADING_CHARS and _places(line) and not re.search(r"[，。；：,:;|\d]", line)):
            heading = line
            continue
        if numbered := _NUMBERED_HEADING.fullmatch(line):
            heading = numbered.group(1)
            continue
        if lines and not heading and _wrapped(physical, line):
            lines[-1] += line  # a slide line wrapped mid-phrase ("…国内市场占" / "有率超过50%")
            physical = line
            continue
        if lines and _DATE_ALONE.fullmatch(line) and _ends_with_body(physical):
            # a notice's signature: the issuing body, then its date on a line of its own (trial 51: the date
            # alone shared no word with "鄞州那个通知是哪天发的" and was said missing)
            lines[-1] += f"，{line}"
            physical = line
            continue
        # a slide's "第一批 / 248家第二批 / 1584家第三批": the batch ending a line heads the next line's figure
        next_heading = ""
        if trailing := _trailing_batch().search(line):
            line, next_heading = line[: trailing.start()], trailing.group(1)
        lines.append(f"{heading}：{line}" if heading and not _opens_with_other_place(line, heading) else line)
        lines[-1] = _with_row_unit(lines[-1])
        physical = line
        heading = next_heading
    items = [item for line in lines for item in _pairs_apart(line)]
    # a table row is one statement, though a cell of it runs past a ；("产品进入创维…供应链；导入 ERP 与 MES 系统", blind35)
    return [s.strip() for line in items for part in _BULLETS.split(line)
            for s in ([part] if _ROW.match(part) else split_into_sentences(part)) if s.strip()]


def _unasked_values(types: list[AnswerType], question: str) -> dict[str, re.Pattern[str]]:
    """Per type, the values ``question`` does not ask though the type's value pattern holds them (a support
    rate, "按比例补助50%", for "广东的专精特新企业占全国比例"): read once per question."""
    return {t.name: t.only_when_asked.value for t in types
            if t.only_when_asked is not None and not t.only_when_asked.asked_by.search(question)}


def typed_candidates(
    question: str, hits: list[SearchHit], types: list[AnswerType], weights: dict[str, float],
    asked: AskedTiers = ANY_TIER, said: str | None = None, answered: str = "",
    following: Callable[[Chunk], Chunk | None] | None = None,
) -> list[TypedCandidate]:
    """Every sentence of ``hits`` holding a value of one of ``types`` and agreeing with the
    question's batch and place, best first. ``following``: the chunk that goes on from a chunk, where a
    list announced at a chunk's end ("主要途径包括3类：") finds its items."""
    terms = QuestionTerms.of(question, weights)
    unasked = _unasked_values(types, question)
    # a turn completed from earlier ones: the words it said itself name what it asks about now
    said_words = said_weights(said, weights)
    said_places = _places(normalize_query(said)) if said else set()
    found: list[TypedCandidate] = []
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        context = coverage(normalize_query(f"{chunk.title}{chunk.section}{chunk.text}"), weights)
        # (an added notice's title names its place: "关于兑现…吴中区…的通知"'s 申报截止时间 is 吴中区's)
        heading = normalize_query(f"{chunk.title}{chunk.section}{chunk.text[:_HEADING_SPAN]}")
        sentences = _sentences(hit)
        for position, sentence in enumerate(sentences):
            chart_count = _chart_counts(sentence)
            kinds = tuple(t.name for t in types if (t.value.search(unasked[t.name].sub("", sentence)
                                                                   if t.name in unasked else sentence)
                                                    or (t.name == _COUNT and chart_count))
                          and (t.name != _COUNT or terms.counts_in(t, sentence) or chart_count)
                          and (t.name != _AMOUNT or not terms.pooled(sentence)))
            norm = normalize_query(sentence)
            if not kinds or not terms.names_batches_of(norm) or terms.other_date(norm) or terms.off_year(norm, chunk.text):
                continue
            if _vocabulary().chart_legend.search(norm):
                continue  # how a chart is drawn, not what it says
            # a sentence naming no place speaks for the place its passage is about ("典型区域案例：广州")
            other_place = terms.other_place(norm) if _places(norm) else terms.other_place(heading)
            if other_place and terms.places:
                continue  # the question names its place; this sentence is about another one
            if terms.other_market(norm):
                continue  # "北交所…锁定期": the 科创板 rule is not the one asked
            clauses = [c for c in _CLAUSE_END.split(sentence) if c]
            # "浙江省（15.43%）、江苏省（12.22%）…" asked of 浙江: each place's item a clause; not when a rank
            # is asked ("浙江…占比排第几": "浙江省（15.43%）、江苏省…位列前三" ranks the places by their order)
            if terms.places and not any(t.name == _RANK for t in types):
                clauses = [item for c in clauses for item in _place_items(c, types)]
            # "专利总量中位数是…关键指标。苏州（72件）、常州（68件）…": figures opening a sentence are
            # of the measure the figure-less sentence before them names
            # ...and a list after a sentence pointing at its chart ("…产业领域分析如图所示。" before "仪器仪表制造、
            # 通用设备…") is of what that sentence names
            topic = (sentences[position - 1]
                     if position and (names_figures_after(sentences[position - 1], sentence)
                                      or (_LIST in kinds and _vocabulary().shown_before.search(sentences[position - 1])))
                     else "")
            near, last = _nearest_value(clauses, types, weights, terms.counted, terms.count_unit, said_words, topic,
                                        terms.places)
            if other_place and _national(clauses[last]):
                other_place = False  # "…安徽省…80万根据公开政策文件，目前全国超80%的省": the value is the country's
            # "江苏的…占全国比重": "江苏、广东、山东三省合计占比近40%" is the three provinces' value, not 江苏's
            shared = len(terms.places) == 1 and not terms.open_place and any(
                not terms.asks_of(p) for p in places_named(clauses[last]))
            window = (topic if last <= 1 else "") + "".join(clauses[max(0, last - 1) : last + 1])
            window_norm = normalize_query(window)
            if terms.parts > 1:
                last = _run_on(clauses, last, types)
            last = _asked_later(clauses, last, types, weights)
            last = _subject_after(clauses, last, weights)
            said_by_value = " ".join([*(w for t in types if t.name in kinds for w in t.stated_by_value),
                                      *_clusters_spelled_out(norm)])
            own = "" if _places(norm) else _passage_place(terms, heading, chunk.title, norm, weights)
            # (a row states what its cells say: "国家级占比：27" under a mislabelled header says no 国家级占比)
            said_here = normalize_query(_row_stated(sentence)) if _ROW.match(sentence) else norm
            stated = coverage(" ".join(filter(None, [said_here, said_by_value, own,
                                                     normalize_query(topic) if _LIST in kinds else ""])), weights)
            # "国家级企业从…降幅3.93%；省级企业从5.30%降至0.31%，降幅4.99%": a clause after ； is of the same
            # sentence, whose words before it say what its figures measure: enough to answer, though it ranks
            # by its own words (blind37)
            states = stated
            if (position and sentences[position - 1].endswith(("；", ";")) and not _ROW.match(sentence)
                    and _LIST not in kinds):
                whole = normalize_query(sentences[position - 1]) + said_here
                states = max(stated, _SIBLING * coverage(" ".join(filter(None, [whole, said_by_value, own])), weights))
            score = (0.45 * stated + 0.35 * near + 0.2 * context + _RANK_PRIOR / rank
                     + _EACH_KIND * (len(kinds) - 1) - _OTHER_PLACE * (other_place or shared)
                     + _SAME_YEAR * any(year in norm for year in terms.years)
                     + _SAME_SPAN * terms.states_span(norm) + _SAME_SPAN * terms.bracket_fit(norm)
                     - _OTHER_YEAR * terms.other_year(norm)
                     # (a row's headers name its columns' levels: the column asked is cut from it below)
                     - _OTHER_LEVEL * (0.0 if _ROW.match(sentence) else terms.other_level(norm))
                     + _SAME_QUANTITY * any(word in window for word in terms.quantities)
                     + _ASKED_HEAD * terms.states_head(window_norm)
                     + _LISTED * (_LIST in kinds and terms.listed is not None and presence(terms.listed, norm) > 0)
                     + _SAID * (coverage(window_norm, said_words) if said_words else 0.0)
                     + tier_term(asked, sentence, chunk.text)
                     - _NO_PLACE * (terms.open_place and not _places(norm))
                     - _NO_PLACE * (terms.province and "省" not in norm)
                     - _PLACELESS * (bool(terms.places) and not terms.open_place and not _places(norm)
                                     and not _places(heading))
                     - _UNSAID_PLACE * (bool(said_places) and not (_places(norm) | _places(heading)) & said_places)
                     - _ROW_YIELDS * bool(_ROW.match(sentence)))
            valued = ""
            if _ROW.match(sentence):
                # a follow-up's own words name the column ("那江苏的国家级占比呢？", trial 32), else the question's
                cells = ((_row_cells_asked(sentence, types, said_words, asked) if said_words else None)
                         or _row_cells_asked(sentence, types, weights, asked))
                if cells:  # the cells asked are the quote too, not the columns beside them
                    sentence = cells
                    lead = row_as_sentence(cells)
                else:
                    lead = row_as_sentence(_row_lead(sentence))
            elif kinds == (_LIST,):  # an enumeration runs to the end of its sentence
                lead = strip_connective(_row_lead(sentence).rstrip("。；;"))
                after = sentences[position + 1 :]
                # (the next chunk is read only for a list its sentence announces: _with_items_after reads no other)
                if (following is not None and len(after) < _MAX_ITEMS and _ANNOUNCED_ITEMS.search(sentence)
                        and (nxt := following(chunk)) is not None):
                    after = after + _sentences(SearchHit(chunk=nxt, score=0.0))
                lead = _with_items_after(lead, sentence, after)
            else:
                # a short sentence is led whole: what follows its value often says what the value is
                # ("中位数为5774万元，是省级企业（2000万元）的2.89倍"), unless it turns to another tier
                # or the question names a place (the next clause is another place's)
                valued = "".join(clauses[: last + 1])  # up to the value: what the lead states
                # ("【省市 | 发展目标】宁夏：…国家级50家，省市级1000家": a row of the place asked is its own)
                if ((not terms.places or _asked_place_row(sentence, terms)) and len(sentence) <= _WHOLE_CHARS
                        and all(asked.fit(c) >= 0 for c in clauses[last + 1 :])):
                    last = len(clauses) - 1
                kept = terms.other_levels_left_out(
                    terms.other_batches_left_out(terms.other_places_before(clauses, last, types), types), types)
                lead = _lead_of(kept, len(kept) - 1)
                label = _LABEL.match(sentence)
                if label and not lead.startswith(label.group(0)):
                    lead = label.group(0) + lead  # "北交所：…12个月内" keeps what the figure is for
                lead = with_pair_head(lead, sentence)
            lead = _TABLE_HEADER.sub("", lead)  # "【省市 | 发展目标】宁夏：…": the header is the columns' names
            if said and answered and (values := _FIGURE.findall(valued or lead)) and all(
                    v in answered for v in values):
                score -= _REPEATED  # "其中北交所的有几家": not the value the last answer gave
            found.append(TypedCandidate(sentence=sentence, lead=lead, hit=hit, rank=rank,
                                        kinds=kinds, coverage=states, near=near, context=context, score=score,
                                        # a sentence naming no place is of the place its passage is about
                                        own_place=terms.own_place(norm if _places(norm) else heading)))
    found = _extreme_row_first(question, found)
    # "浙江的专精特新企业占全国比重": a sentence naming the place asked answers before any naming none
    # (全国…TOP10省份集中了86.3%, 研发经费占营业收入比重达到7%), however many of the question's words it says
    first_own = bool(terms.places) and not terms.open_place and any(c.own_place for c in found)
    # "这个通知是哪个部门什么时候发的": a signature stating the body and the date asked (常州市武进区工业和信息化局，
    # 2026年6月15日) answers before a sentence stating one of them, however many of the question's words it says
    # (trial 50; for every pair of kinds asked it cost dev −10: 多少项…有多少 led by a share beside a count)
    first_signed = any(states_signature(c.kinds, types) for c in found)
    found.sort(key=lambda c: (first_own and not c.own_place, first_signed and not states_signature(c.kinds, types),
                              -c.score))
    return found


def states_signature(kinds: tuple[str, ...], types: list[AnswerType]) -> bool:
    """A sentence stating the body and every other kind asked with it ("哪个部门什么时候发的": a notice's signature,
    常州市武进区工业和信息化局，2026年6月15日)."""
    asked = {t.name for t in types}
    return len(asked) > 1 and _ORGANIZATION in asked and set(kinds) >= asked


def place_unstated(question: str, candidates: list[TypedCandidate]) -> bool:
    """The question names the place it asks of (成都), and no candidate's sentence or passage is about it:
    a value of other places or of the whole country (the 有标准 table's 123件) does not answer it."""
    terms = QuestionTerms.of(question)
    return bool(terms.places) and not terms.open_place and not any(c.own_place for c in candidates)


_ASK_CLAUSE = re.compile(r"[，,；;？?]")


def second_part(question: str, candidates: list[TypedCandidate]) -> TypedCandidate | None:
    """"长三角有多少家专精特新企业，国家级占比多少？": each clause asks its own kind of value; when the
    best candidate states only the first clause's kind, the best one stating another clause's kind
    (and most of the question's words) answers that clause."""
    if not candidates:
        return None
    asked = [{t.name for t in asked_types(c)} for c in _ASK_CLAUSE.split(question) if c.strip()]
    asked = [kinds for kinds in asked if kinds]
    if len(asked) < 2:
        return None
    lead = candidates[0]
    unanswered = [kinds for kinds in asked if not kinds & set(lead.kinds)]
    if not unanswered:
        return None
    return next((c for c in candidates[1:] if set(c.kinds) & unanswered[0] and c.lead != lead.lead
                 and c.coverage >= _SECOND_PART_COVERAGE), None)


_CELL_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _extreme_row_first(question: str, found: list[TypedCandidate]) -> list[TypedCandidate]:
    """"哪个维度权重最大": among the retrieved rows of one table, the row whose cell under the column the
    question names holds the largest value (the smallest for 最小/最低/最少) takes the best score of them."""
    text = normalize_query(question)
    high, low = (superlative(kind).search(text) for kind in ("high", "low"))
    if not (high or low):
        return found
    tables: dict[tuple[str, ...], list[tuple[float, TypedCandidate]]] = {}
    for candidate in found:
        if not _ROW.match(candidate.sentence):
            continue
        cells = [c.strip() for c in candidate.sentence.split("|")]
        headers = tuple(_header(c) for c in cells)
        named = [i for i, h in enumerate(headers) if len(h) >= 2 and h in text]
        numbers = [_CELL_NUMBER.search(cells[i].split("：", 1)[-1]) for i in named]
        value = next((float(n.group(0)) for n in numbers if n), None)
        if value is not None:
            tables.setdefault(headers, []).append((value, candidate))
    replaced: dict[int, TypedCandidate] = {}
    for rows in tables.values():
        if len({v for v, _ in rows}) < 2:
            continue
        _, extreme = (max if high else min)(rows, key=lambda r: r[0])
        best = max(c.score for _, c in rows)
        replaced[id(extreme)] = replace(extreme, score=best + _EXTREME_ROW)
    return [replaced.get(id(c), c) for c in found]
