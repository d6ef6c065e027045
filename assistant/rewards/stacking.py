"""Whether a region's rewards stack ("昆山的奖励能叠加拿吗？", "两个奖励能叠加吗？", "按什么原则兑现？"):
the rule its rows or its notices state (就高不重复), cited; else that the documents do not say.

An amount table is no answer to it (trial 42: both 昆山 and an added 吴中区 notice state 就高不重复, and
the answer had listed the amounts only)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence

from assistant.rewards.matching import compact
from assistant.rewards.models import RewardLookup, RewardRow
from assistant.rewards.passages import (
    RewardPassage,
    passage_of,
    quoted,
    region_names,
    regions_notice,
)
from assistant.rewards.phrases import Phrases
from indexer.models import Chunk

# a whole sentence, past its semicolons: "…不重复享受；已享受省级奖励后晋升为国家级“小巨人”的，补足差额。" (trial 43: the quote
# had stopped at the semicolon, before the clause that answered)
_SENTENCE = re.compile(r"[^。！!？?\n]+[。！!？?]?")
MAX_QUOTE_CHARS = 160


def parents_said(phrases: Phrases) -> re.Pattern[str]:
    """The note listing the higher levels' rows as 可能同时适用, whichever regions it names."""
    return re.compile(re.escape(phrases.message("parents", regions="@")).replace("@", ".+?"))


def parent_regions(lookup: RewardLookup) -> list[str]:
    """The higher levels whose rows the lookup lists beside the region's own, in order."""
    return list(dict.fromkeys(r.region for i, r in enumerate(lookup.rows) if lookup.role(i) == "parent"))


def topped_up_note(text: str, phrases: Phrases, region: str, passage: RewardPassage, parents: Sequence[str],
                   cite: str = "") -> str:
    """``text`` with its note listing the parents' rows as 可能同时适用 replaced by the region's top-up rule, quoted."""
    note = phrases.message("parents_topped_up", region=region, quote=passage.quote, cite=cite, regions="、".join(parents))
    return parents_said(phrases).sub(lambda _: note, text, count=1)


def asks_stacking(question: str, phrases: Phrases) -> bool:
    return any(word in question for word in phrases.stacking_words)


def stated_terms(rows: Sequence[RewardRow], phrases: Phrases) -> list[tuple[str, RewardRow]]:
    """Each stacking rule the rows' conditions state (就高不重复), with the first row stating it."""
    found: dict[str, RewardRow] = {}
    for row in rows:
        for term in phrases.stacking_terms:
            if term in row.conditions and not any(term in t for t in found):
                found.setdefault(term, row)
    return list(found.items())


def stacking_passages(
    chunks: Iterable[Chunk], region: str, phrases: Phrases, document_regions: dict[str, str] | None = None,
    limit: int = 2, terms: Sequence[str] | None = None,
) -> list[RewardPassage]:
    """Sentences stating a stacking rule (one of ``terms``, by default every stacking term), from the region's
    own notices (by their metadata or title) or naming the region themselves."""
    names = region_names(region)
    terms = phrases.stacking_terms if terms is None else terms
    found: list[RewardPassage] = []
    for chunk in chunks:
        own_region = regions_notice(chunk, names, document_regions or {})
        for match in _SENTENCE.finditer(chunk.text):
            sentence = match[0].strip()
            if not any(term in sentence for term in terms):
                continue
            if own_region or any(name in compact(sentence) for name in names):
                found.append(passage_of(chunk, sentence, MAX_QUOTE_CHARS))
                break
        if len(found) >= limit:
            break
    return found


def rule_in_notices(
    lines_of: Callable[[str], Sequence[str]], titles: dict[str, str], notice_ids: Collection[str],
    rows: Sequence[RewardRow], region: str, phrases: Phrases, terms: Sequence[str] | None = None,
) -> RewardPassage | None:
    """The sentence of the region's own added notice (a document its rows cite) stating a rule of ``terms``, by default
    the top-up's ("已获得上级奖励的企业，区级奖励按差额补足"; the stacking terms find "按最高标准奖励，不重复享受"), read
    from the notice itself: what the chat finds among the retrieved passages, for a lookup made without a question
    (the 奖励查询 tab, /api/rewards; new-user trial 50) or a question whose words retrieve none of it (trial 51)."""
    terms = phrases.includes_parent_words if terms is None else terms
    for doc_id in dict.fromkeys(r.source.doc_id for r in rows if r.region == region):
        if doc_id not in notice_ids:
            continue  # (a bundled deck speaks of many places: its sentences are not the region's own)
        for number, line in enumerate(lines_of(doc_id), start=1):
            for match in _SENTENCE.finditer(line):
                sentence = match[0].strip()
                if any(term in sentence for term in terms):
                    return RewardPassage(doc_id=doc_id, title=titles.get(doc_id, doc_id), locator=f"L{number}-L{number}",
                                         quote=quoted(sentence, MAX_QUOTE_CHARS))
    return None
