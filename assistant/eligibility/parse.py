"""Company facts, tier and rule version from chat text ("营收1200万、研发80万，能评专精特新吗？").

Numbers are normalised first (:mod:`assistant.numbers`), lists stated "respectively" are
spelled out one by one (:mod:`assistant.eligibility.respectively`), then the slot table of
``fact_phrases.yaml`` maps phrases to profile fields. Later statements override earlier ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from assistant.answering.templates import load_templates
from assistant.eligibility.fact_phrases import SCORE_FIELD, fact_phrases
from assistant.eligibility.facts import DERIVATIONS
from assistant.eligibility.intent import looks_like_eligibility_question
from assistant.eligibility.profile import CompanyProfile, field_label, field_unit, report_only
from assistant.eligibility.respectively import (
    name_unread_year_values,
    say_years_relative,
    spell_out_respectively,
    spell_out_year_lists,
)
from assistant.eligibility.rules import when_stated_fields
from assistant.eligibility.tiers import rules_named, tier_named
from assistant.eligibility.unread import mask_unread_figures
from assistant.numbers import approximate_amounts, normalize_numbers
from assistant.validation import describe_validation_errors

# normalize_numbers, rules_named and looks_like_eligibility_question are also imported from here
__all__ = [
    "extract_profile_from_text",
    "extract_request_from_messages",
    "facts_stated",
    "looks_like_eligibility_question",
    "normalize_numbers",
    "rules_named",
    "spell_out_respectively",
    "unnamed_figure",
]

_SCORE_FIELDS_BY_VERSION = {"2022": ("evaluation_score",), "2026": ("quality_score",)}


def facts_stated(updates: dict[str, Any]) -> int:
    """How many facts the fields read state: a score said with no version fills both versions' score
    fields, and is one fact ("评分85分以上的话" states no company profile)."""
    updates = {name: value for name, value in updates.items() if not report_only(name)}  # no rule reads them
    both = _SCORE_FIELDS_BY_VERSION["2022"] + _SCORE_FIELDS_BY_VERSION["2026"]
    once = all(f in updates for f in both) and len({updates[f] for f in both}) == 1
    return len(updates) - (len(both) - 1) * once


_ASKING_BEFORE = "有是"  # "有没有…", "是不是…": the negation is half of a question
# "打分可能不够60分", "营收不到1000万": the number bounds the figure from above; it is not the figure
_UPPER_BOUND = re.compile(r"(?:不够|不到|不足|不满|(?<!不)低于|少于|没到|没达到|未达到|达不到|未到)\s*$")
# "研发费用要求是999万元", "营收门槛1500万": the rule's figure, not the company's (an eligibility check
# would take it for the company's own)
_RULE_FIGURE = re.compile(r"(?:要求|门槛|标准|规定|条件|需要|须)(?:是|为|在|要|得)?\s*$")


def _none_of(field: str) -> bool | int:
    """A stated absence: "no" for a yes/no fact, 0 for a count, amount or rank."""
    return False if CompanyProfile.model_fields[field].annotation == bool | None else 0


def _flag_values(text: str) -> dict[str, bool]:
    phrases = fact_phrases()
    breaches = when_stated_fields()
    found: dict[str, bool] = {}
    spans = {name: [m.span() for m in pattern.finditer(text)] for name, pattern in phrases.flags.items()}
    # every flag's phrases in the order said: "没有失信、重大事故和数据造假" negates all three
    said_in_order = sorted(((match, name) for name, pattern in phrases.flags.items() for match in pattern.finditer(text)),
                           key=lambda pair: pair[0].start())
    previous: tuple[int, bool] | None = None  # where the last phrase ended, and whether it was said
    for match, name in said_in_order:
        if any(s <= match.start() and match.end() <= e and (s, e) != match.span()
               for other, found_spans in spans.items() if other != name for s, e in found_spans):
            continue  # "没有省部级研发机构" says nothing of any 研发机构 of its own
        if phrases.named_after.match(text, match.end()):
            continue  # "自主品牌那一条能过吗" asks about the condition; it says nothing of the company
        joined = previous is not None and phrases.joined_by.fullmatch(text, previous[0], match.start())
        if joined and previous is not None:
            said = previous[1]  # "没上过经营异常名录和失信名单": the negation reaches both
        else:
            said = not (phrases.negation.search(text[max(0, match.start() - 6) : match.start()])
                        or phrases.negation_after.match(text, match.end())
                        or (name not in breaches and phrases.expired_after.match(text, match.end())))
        previous = (match.end(), said)
        if not said and name in phrases.flags_said_only_as_yes:
            continue
        found[name] = found.get(name, False) or said  # "有ERP，没有MES": one is enough
    return found


_I_CLASS_TOTAL = re.compile(r"(?<![IⅠ\d])(?:I|Ⅰ|1)\s*类(?:知识产权)?[^\d。；;，,！？!?\n]{0,6}?(\d+)\s*(?:项|件|个)")
_COUNT_AFTER = r"[^\d。；;，,！？!?\n]{0,6}?(\d+)\s*(?:项|件|个)"
_COUNT_BEFORE = r"(\d+)\s*(?:项|件|个)(?:授权)?(?:的)?"
_RIGHT_SUFFIX = re.compile(r"(?:专有)?权$")  # 植物新品种权 is the kind 植物新品种


def _i_class_kinds(text: str) -> dict[str, int]:
    """Each kind of I-class IP named with its count ("植物新品种权4个", "3件发明专利"), once per kind."""
    kinds: dict[str, int] = {}
    for match in fact_phrases().i_class_kinds.finditer(text):
        after = re.match(_COUNT_AFTER, text[match.end():])
        before = re.search(_COUNT_BEFORE + "$", text[max(0, match.start() - 8) : match.start()])
        count = after or before
        if count:
            kinds.setdefault(_RIGHT_SUFFIX.sub("", match.group(0)), int(count.group(1)))
    return kinds


def _read_slots(
    stated: str, score_fields: tuple[str, ...], bounds: list[str] | None
) -> tuple[list[tuple[int, str, Any]], list[int]]:
    """(position, field, value) for each value a slot reads, and the value positions read."""
    hits: list[tuple[int, str, Any]] = []
    claimed: list[int] = []  # value positions already read by an earlier, more specific slot
    found_bounds: list[str] = []
    for slot in fact_phrases().slots:
        for match in slot.pattern.finditer(stated):
            value = slot.read(match)
            if match.start("n") in claimed or value is None:
                continue
            claimed.append(match.start("n"))
            before = stated[max(0, match.start("n") - 4) : match.start("n")]
            if _RULE_FIGURE.search(before):
                continue
            if _UPPER_BOUND.search(before):
                found_bounds.append(stated[match.start() : match.end()])
                continue
            names = score_fields if slot.fields == (SCORE_FIELD,) else slot.fields
            hits.extend((match.start("n"), name, value) for name in names)
    if bounds is not None:
        bounds[:] = list(dict.fromkeys([*bounds, *found_bounds]))
    return hits, claimed


def extract_profile_from_text(
    text: str, this_year: int | None = None, bounds: list[str] | None = None
) -> tuple[dict[str, Any], str | None, str | None]:
    """(profile field updates, tier or None, rule version or None) stated in one message.

    ``this_year`` (default: today's) says which calendar years are 去年 and 前年. Values are not
    validated here; CompanyProfile does that when they are merged. A figure said only as an upper
    bound ("不到1000万") is not read; ``bounds``, when given, gets its phrase.
    """
    phrases = fact_phrases()
    normalized = approximate_amounts(normalize_numbers(text))
    normalized = phrases.correction.sub("", phrases.tenths_and_half.sub(r"\g<1>\g<2>%", normalized))
    normalized = phrases.tenths.sub(r"\g<1>0%", phrases.zero_count.sub("0", normalized))
    normalized = phrases.percent_points.sub(r"\g<1>%", normalized)
    rules = rules_named(normalized)
    score_fields = _SCORE_FIELDS_BY_VERSION.get(rules or "", ("evaluation_score", "quality_score"))
    year = this_year or date.today().year
    said = say_years_relative(spell_out_respectively(normalized), year)
    stated = spell_out_year_lists(mask_unread_figures(said, year))
    hits, claimed = _read_slots(stated, score_fields, bounds)
    # "前年营收4000万，去年受行业影响掉到3600万": a year's value no slot read takes the name said before it
    named = name_unread_year_values(stated, claimed)
    if named != stated:
        hits, _ = _read_slots(named, score_fields, bounds)
    updates: dict[str, Any] = {}
    for _, name, value in sorted(hits, key=lambda h: h[0]):
        updates[name] = value
    for zero in phrases.stated_zeros:
        # "有没有直通的情形" asks; it states no absence
        if any(m.start() == 0 or normalized[m.start() - 1] not in _ASKING_BEFORE
               for m in zero.pattern.finditer(normalized)):
            updates.update({name: _none_of(name) for name in zero.fields if name not in updates})
    updates.update(_flag_values(normalized))
    # a miss said of a condition checked only when stated wins over its meeting said beside it
    # ("港资控股的分公司": a branch, whatever its ownership)
    updates.update({name: False for name, pattern in phrases.flags_false.items()
                    if (name not in updates or name in when_stated_fields()) and pattern.search(normalized)})
    kinds = _i_class_kinds(stated)
    total = _I_CLASS_TOTAL.search(stated)
    if total and kinds:  # "I类知识产权5项，其中发明专利3个…": the total stated is the count
        updates["i_class_ip_count"] = int(total.group(1))
    elif len(kinds) > 1:  # "植物新品种权4个，发明专利1个": they add up to 5
        updates["i_class_ip_count"] = sum(kinds.values())
    if phrases.unrelated_i_class.search(normalized):
        updates["i_class_ip_count"] = 0
    if (
        updates.get("provincial_rd_institution") is True
    ):  # a provincial R&D centre is an R&D institution
        updates.setdefault("has_rd_institution", True)
    return updates, tier_named(normalized), rules


def _superseded(profile: CompanyProfile, updates: dict[str, Any]) -> CompanyProfile:
    """``profile`` without the earlier figures a later total or its parts replace: "如果研发两年加起来有
    1300万呢" after each year's figure is the new total, not a total contradicting them (trial 38),
    and each year's figure said after a total replaces it; a year's R&D said as an amount replaces its share said
    before, and the other way round."""
    stated = set(updates)
    dropped: set[str] = set()
    for derivation in DERIVATIONS:
        if derivation.same_figure:
            other = derivation.inputs[0]
            if derivation.name in stated and other not in stated:
                dropped.add(other)
            elif other in stated and derivation.name not in stated:
                dropped.add(derivation.name)
            continue
        if not derivation.total:
            continue
        parts = set(derivation.inputs)
        if derivation.name in stated and not parts & stated:
            dropped |= parts
        elif parts & stated and derivation.name not in stated:
            dropped.add(derivation.name)
    known = profile.known()
    if not dropped & set(known):
        return profile
    return CompanyProfile.model_validate({k: v for k, v in known.items() if k not in dropped})


# a figure said with no name, the one a follow-up sets ("凑够4件", "到了3000万"): its number and unit
_SET_FIGURE = re.compile(r"(?:够|到|成|为|是|有)了?\s*(\d+(?:\.\d+)?)\s*(件|项|万元|万|亿元|亿|%|年|分)")
_ALIKE_UNITS = {"件": "项", "万": "万元", "亿": "万元", "亿元": "万元"}


def unnamed_figure(message: str, previous: dict[str, Any]) -> dict[str, Any]:
    """"那要是今年再授权下来2件，凑够4件呢？" after "我们I类知识产权只有2件": a follow-up setting a figure it does
    not name replaces the one fact of that unit the message before stated (none when it stated two of that unit,
    "营收2000万、研发80万": which one is meant is not said)."""
    said = _SET_FIGURE.findall(normalize_numbers(message))
    if len(said) != 1 or not previous:
        return {}
    number, unit = said[0]
    value = float(number) * (10000 if unit.startswith("亿") else 1)
    same = [name for name in previous if field_unit(name) == _ALIKE_UNITS.get(unit, unit)]
    return {same[0]: value} if len(same) == 1 else {}


def extract_request_from_messages(
    messages: Iterable[str], this_year: int | None = None, rejected: list[str] | None = None
) -> tuple[CompanyProfile, str | None, str | None]:
    """Profile, tier and rule version collected over a conversation's user messages; later turns win.

    A figure the profile cannot hold ("研发占比150%") is left out; ``rejected``, when given, gets
    a Chinese sentence for each."""
    profile = CompanyProfile()
    tier: str | None = None
    rules: str | None = None
    previous: dict[str, Any] = {}
    for message in messages:
        bounds: list[str] = []
        updates, message_tier, message_rules = extract_profile_from_text(message, this_year, bounds)
        updates = updates or unnamed_figure(message, previous)
        previous = updates
        profile, errors = _superseded(profile, updates).updated_leniently(updates)
        if errors and rejected is not None:
            rejected.append(describe_validation_errors(errors, label=field_label))
        if rejected is not None:
            wording = load_templates("eligibility")["bound_not_used"]
            rejected.extend(wording.format(phrase=phrase) for phrase in bounds)
        tier = message_tier or tier
        rules = message_rules or rules
    return profile, tier, rules
