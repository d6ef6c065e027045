"""Spotting place names the region table does not list (“深圳南山区”, “宁波北仑区”).

A question about an unlisted district must not be answered with every region's rewards;
the place is recognised by its shape (a short run of characters ending in 省/市/区/县/州/盟/旗)
and reported as not listed. The vocabulary is the ``places`` section of ``regions.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from assistant.rewards.matching import Span
from assistant.rewards.regions import PlaceWords

_HAN = re.compile(r"[\u4e00-\u9fff]+")


class UnknownPlace(BaseModel):
    """A place named in a question but absent from ``regions.yaml``.

    ``name`` is written from the listed region it starts with, if any (“深圳市南山区”);
    ``within`` is that listed region, whose rewards may still apply.
    """

    name: str
    within: str | None = None


def _is_place(piece: str, words: PlaceWords) -> bool:
    short_ok = len(piece) == 2 and piece[-1] in words.short_suffixes
    if not (words.min_length <= len(piece) <= words.max_length or short_ok):
        return False
    return not any(piece.endswith(word) for word in words.not_places)


def _after_boundary(piece: str, words: PlaceWords) -> str:
    """The part of ``piece`` after its last boundary word (“公司在南山区” → “南山区”)."""
    cut = 0
    for word in words.boundaries:
        at = piece.rfind(word)
        if at >= 0:
            cut = max(cut, at + len(word))
    return piece[cut:]


def _pieces(run: str, words: PlaceWords) -> list[tuple[int, int]]:
    """(start, end) of the place-like pieces in a run of free characters."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for i, char in enumerate(run):
        if char not in words.suffixes:
            continue
        following = run[i + 1 : i + 2]
        if following in words.suffixes:  # “温州市”, “各区县”: the suffix run ends later
            continue
        if following and following in words.not_followed_by:  # 省级, 市场, 区间
            start = i + 1
            continue
        place = _after_boundary(run[start : i + 1], words)
        if _is_place(place, words):
            pieces.append((i + 1 - len(place), i + 1))
        start = i + 1
    return pieces


def outside(body: str, taken: Sequence[Span[Any]]) -> str:
    """``body`` with the ``taken`` mentions blanked out (same length, so offsets still hold)."""
    free = list(body)
    for span in taken:
        free[span.start : span.end] = [" "] * (span.end - span.start)
    return "".join(free)


def find_unknown_place(
    body: str,
    taken: Sequence[Span[Any]],
    known_regions: Sequence[Span[str]],
    words: PlaceWords,
) -> UnknownPlace | None:
    """The first unlisted place in compacted ``body`` outside the ``taken`` mentions.

    ``taken`` holds every known mention (regions, honours, tier words) found in ``body``;
    a listed region directly before the place (“宁波” in “宁波北仑区”) becomes its ``within``.
    """
    region_ending_at = {span.end: span.value for span in known_regions}
    for match in _HAN.finditer(outside(body, taken)):
        pieces = _pieces(match[0], words)
        if not pieces:
            continue
        first_start, end = pieces[0]
        for start, stop in pieces[1:]:  # adjacent pieces make one name: 深圳市南山区
            if start != end:
                break
            end = stop
        start = match.start() + first_start
        name = body[start : match.start() + end]
        within = region_ending_at.get(start)
        return UnknownPlace(name=(within or "") + name, within=within)
    return None
