"""Finding alias mentions in Chinese text: leftmost, longest match first."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

_IGNORED = re.compile(r"[\s“”\"'‘’「」『』《》]")

T = TypeVar("T")


def compact(text: str) -> str:
    """Text without whitespace and quote marks, the form aliases are compared in."""
    return _IGNORED.sub("", text)


@dataclass(frozen=True)
class Span(Generic[T]):
    """One alias found at ``body[start:end]`` of the compacted text, with what it names."""

    start: int
    end: int
    alias: str
    value: T


def find_spans(body: str, aliases: Mapping[str, T]) -> list[Span[T]]:
    """Aliases found in the already compacted ``body``, leftmost and longest first.

    At each position the longest alias wins and scanning resumes after it, so
    “省级小巨人” is one mention and never also a “小巨人”.
    """
    lengths = sorted({len(alias) for alias in aliases}, reverse=True)
    found: list[Span[T]] = []
    pos = 0
    while pos < len(body):
        for length in lengths:
            alias = body[pos : pos + length]
            if len(alias) == length and alias in aliases:
                found.append(Span(pos, pos + length, alias, aliases[alias]))
                pos += length
                break
        else:
            pos += 1
    return found


def alias_map(entries: Iterable[tuple[str, Iterable[str]]], file_name: str, what: str) -> dict[str, str]:
    """Compacted alias → canonical name for (name, aliases) entries; an alias naming two
    entries is an error in the vocabulary file ``file_name``."""
    aliases: dict[str, str] = {}
    for name, names in entries:
        for alias in [name, *names]:
            key = compact(alias)
            if aliases.get(key, name) != name:
                raise ValueError(f"{file_name}: 别名“{alias}”同时指向两个{what}")
            aliases[key] = name
    return aliases


def find_mentions(text: str, aliases: Mapping[str, str]) -> list[str]:
    """Canonical names of the aliases found in ``text``, in order of appearance."""
    return [span.value for span in find_spans(compact(text), aliases)]
