"""Figures a message states that are not the company's own of last year or the year before.

"今年预计营收3000万，去年2000万": the forecast is no figure of last year. "2022年营收900万" is of
neither year the rules read. "行业龙头营收都5个亿了，我们才1800万": another company's. Their digits
are masked before the slot table reads the message, so no slot takes them; the words stay.

A year series whose first years are masked ("2023年营收1500万，2024年1800万，2025年2200万", with
2024 and 2025 already said as 前年 and 去年) gives its later values the name they share.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.eligibility.fact_phrases import fact_phrases

MASK = "某"  # stands for a digit no slot may read
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")
_SENTENCE_ENDS = "。；;！？!?\n"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    words = fact_phrases().fragments
    unread = fact_phrases().unread
    key = f"(?:{words['rd_ratio']}|{words['rd']}|{words['revenue']})"
    value = r"\d+(?:\.\d+)?\s*(?:亿|千万|百万|万|元|%)"
    recent = f"(?:{words['last_year_words']}|{words['year_before_words']}|{words['two_years']}|每年)"
    return {
        # a year that is neither of the two read, or a forecast, labelling a figure
        "other_year": re.compile(
            f"(?:{unread['this_or_later_year']}|(?P<year>(?:19|20)\\d\\d)\\s*年度?|{unread['forecast']})"
            f"(?={unread['year_to_figure']}(?:{key}|{value}))"
        ),
        "recent": re.compile(recent),
        "key": re.compile(key),
        # a recent year's value said without its name: "，前年1800万"
        "bare": re.compile(
            f"(?P<label>{words['last_year_words']}|{words['year_before_words']})(?=(?:的)?(?:也|还|则|只|才|就|大概|大约)?"
            f"(?:有|是|为|达到?|做到|做了|到了)?\\s*{value})"
        ),
        "other_party": re.compile(unread["other_party"]),
        "compared_by": re.compile(f"(?:{unread['compared_by']})$"),
        "own_party": re.compile(unread["own_party"]),
        # companies grouped by a figure ("研发占比25%以上的企业里", "不低于25%的企业中"): a statistic's group
        "group": re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|万元?|亿元?|千万|件|项|人|家|年)?\s*" f"(?={unread['group_of_companies']})"),
    }


def _masked(text: str) -> str:
    return _DIGITS.sub(lambda m: MASK * len(m.group(0)), text)


def _sentence_end(text: str, start: int) -> int:
    end = _SENTENCE_END.search(text, start)
    return end.start() if end else len(text)


def _mask_other_years(text: str, this_year: int) -> str:
    p = _patterns()
    at = 0
    while (label := p["other_year"].search(text, at)) is not None:
        at = label.end()
        if label["year"] and this_year - int(label["year"]) in (1, 2):
            continue  # said as 去年/前年 by now, unless a rule's year ("2025年版"): not a figure's
        end = _sentence_end(text, label.end())
        recent = p["recent"].search(text, label.end(), end)
        scope_end = recent.start() if recent else end
        scope = text[label.end() : scope_end]
        text = text[: label.end()] + _masked(scope) + text[scope_end:]
        # the name the masked figure had: in its scope, or just before its year ("营收预计今年…")
        named = p["key"].search(scope) or _last(p["key"], text, _clause_start(text, label.start()), label.start())
        if named is not None:
            text = _name_bare_values(text, scope_end, end, named.group(0))
    return text


def _clause_start(text: str, at: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, at)]
    return ends[-1] if ends else 0


def _last(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    found = list(pattern.finditer(text, start, end))
    return found[-1] if found else None


def _name_bare_values(text: str, start: int, end: int, name: str) -> str:
    """"，前年1800万，去年2200万" after a masked "2023年营收…": each takes ``name``."""
    p = _patterns()
    for bare in reversed(list(p["bare"].finditer(text, start, end))):
        if p["key"].search(text, _clause_start(text, bare.start()), bare.start()):
            continue  # its clause names its own figure ("研发去年150万")
        text = text[: bare.end()] + name + text[bare.end() :]
    return text


def _mask_other_parties(text: str) -> str:
    """Clauses about another company, from its name until the company speaks of itself again."""
    p = _patterns()
    pieces: list[str] = []
    other = False
    named: str | None = None  # the name of the last masked figure: the company's own bare value takes it
    at = 0
    for clause_end in [*(m.end() for m in _CLAUSE_END.finditer(text)), len(text)]:
        if clause_end <= at:
            continue
        clause = text[at:clause_end]
        mentions = [m for m in p["other_party"].finditer(clause)
                    if not p["compared_by"].search(clause[max(0, m.start() - 2) : m.start()])]
        own = p["own_party"].search(clause)
        if mentions and (own is None or mentions[0].start() < own.start()):
            cut = own.start() if own else len(clause)
            theirs = clause[mentions[0].start() : cut]
            named = _key_in(theirs) or named
            ours = _name_bare_values(clause[cut:], 0, len(clause) - cut, named) if named else clause[cut:]
            pieces.append(clause[: mentions[0].start()] + _masked(theirs) + ours)
            other = own is None
        elif own is not None:
            if other:
                named = _key_in(clause[: own.start()]) or named
            pieces.append(_masked(clause[: own.start()]) if other else clause[: own.start()])
            ours = clause[own.start() :]
            pieces.append(_name_bare_values(ours, 0, len(ours), named) if other and named else ours)
            other = False
        else:
            if other:
                named = _key_in(clause) or named
            pieces.append(_masked(clause) if other else clause)
        if clause[-1:] and clause[-1] in _SENTENCE_ENDS:
            other, named = False, None
        at = clause_end
    return "".join(pieces)


def _key_in(text: str) -> str | None:
    found = _last(_patterns()["key"], text, 0, len(text))
    return found.group(0) if found else None


def _mask_groups(text: str) -> str:
    """Figures that define a group of companies a statistic is asked of, not the asker's own (trial 51:
    "研发占比25%以上的企业里国家级的占多少", after a check, had been read as the company's R&D share)."""
    return _patterns()["group"].sub(lambda m: _masked(m.group(0)), text)


def mask_unread_figures(text: str, this_year: int) -> str:
    """``text`` (numbers normalised, calendar years already said as 去年/前年 where they are) with
    the digits of figures that are not the company's own of the two years read masked."""
    return _mask_groups(_mask_other_parties(_mask_other_years(text, this_year)))
