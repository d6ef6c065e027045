"""Finding alias mentions in Chinese text: leftmost, longest match first."""

from __future__ import annotations

import re
from collections.abc import Mapping

_IGNORED = re.compile(r"[\s“”\"'‘’「」『』《》]")


def compact(text: str) -> str:
    """Text without whitespace and quote marks, the form aliases are compared in."""
    return _IGNORED.sub("", text)


def find_mentions(text: str, aliases: Mapping[str, str]) -> list[str]:
    """Canonical names of the aliases found in ``text``, in order of appearance.

    At each position the longest alias wins and scanning resumes after it, so
    “省级小巨人” is one mention and never also a “小巨人”.
    """
    body = compact(text)
    lengths = sorted({len(alias) for alias in aliases}, reverse=True)
    found: list[str] = []
    pos = 0
    while pos < len(body):
        for length in lengths:
            canonical = aliases.get(body[pos : pos + length])
            if canonical is not None:
                found.append(canonical)
                pos += length
                break
        else:
            pos += 1
    return found
