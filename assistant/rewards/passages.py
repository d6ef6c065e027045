"""When the reward table has no row, a retrieved passage may still state the reward.

A notice added without a region, or one whose sentence the extractor could not pair, is
still searchable. The rewards route then quotes the passage that names both the asked
region and the asked honour, cited, instead of only saying the table lacks the row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel

from assistant.rewards.divisions import load_divisions
from assistant.rewards.extract import load_extractor
from assistant.rewards.honours import load_honours
from assistant.rewards.matching import compact
from indexer.models import Chunk

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万元|万|亿元|元)")
MAX_QUOTE_CHARS = 160


class RewardPassage(BaseModel):
    """A sentence of a retrieved chunk naming the region and the honour, with its source."""

    doc_id: str
    title: str
    locator: str
    quote: str


def region_names(region: str) -> list[str]:
    """Ways a text may name ``region``: as given, its official name and its short names."""
    divisions = load_divisions()
    names = [region, *divisions.zone_forms(region)]  # (成都市高新区: a notice of 成都高新区's)
    division = divisions.resolve(region)
    if division is not None:
        names += [division.name, *divisions.short_names(division.name)]
        shown = divisions.display(region)
        if shown is not None:
            names.append(shown[0])
    return [compact(n) for n in dict.fromkeys(names) if n]


def regions_notice(chunk: Chunk, names: list[str], document_regions: dict[str, str]) -> bool:
    """The chunk is of a notice of the region ``names`` name: by its document's region (an added notice's
    metadata, in ``document_regions``) or its title."""
    own = compact(document_regions.get(chunk.doc_id, ""))
    return (bool(own) and any(own == n or n in own for n in names)) or any(name in compact(chunk.title) for name in names)


def quoted(sentence: str, limit: int) -> str:
    """``sentence`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def passage_of(chunk: Chunk, sentence: str, limit: int) -> RewardPassage:
    """``sentence`` of ``chunk`` quoted, cut to ``limit`` characters."""
    return RewardPassage(doc_id=chunk.doc_id, title=chunk.title, locator=chunk.locator, quote=quoted(sentence, limit))


def _names_honour(sentence: str, title: str) -> bool:
    honours = load_honours()
    found = honours.mentions(sentence)
    family = honours.family_of(title)
    return title in found or (family is not None and any(honours.family_of(t) == family for t in found))


def reward_passages(
    chunks: Iterable[Chunk],
    region: str,
    title: str,
    document_regions: dict[str, str] | None = None,
    limit: int = 2,
) -> list[RewardPassage]:
    """Sentences with an amount that name ``title``, from chunks that name ``region``.

    A chunk names the region when its text does or when its document's region (the
    metadata of an added notice, in ``document_regions``) is that region.
    """
    names = region_names(region)
    found: list[RewardPassage] = []
    for chunk in chunks:
        # a notice of that region speaks for it throughout; elsewhere (reports listing many regions) the
        # sentence itself must name the region, or it may be another region's figure
        own_region = regions_notice(chunk, names, document_regions or {})
        if not own_region and not any(name in compact(chunk.text) for name in names):
            continue
        for match in _SENTENCE.finditer(chunk.text):
            sentence = match[0].strip()
            names_region = own_region or any(name in compact(sentence) for name in names)
            amount = _AMOUNT.search(sentence)
            if amount is None or not names_region:
                continue
            # "对…的，给予…万元": the honour is named after the last 对 before the amount (a title
            # or heading run into the sentence names none)
            opener = sentence.rfind(load_extractor().words.scope_opener, 0, amount.start())
            clause = sentence[opener:] if opener > 0 else sentence
            if own_region:  # the notice speaks for the region: quote the reward clause itself
                sentence = clause
            if _names_honour(clause, title):
                found.append(passage_of(chunk, sentence, MAX_QUOTE_CHARS))
                break
        if len(found) >= limit:
            break
    return found
