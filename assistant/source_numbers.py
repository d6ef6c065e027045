"""Numbering cited sources [1], [2], … in order of first use, shared by the tool answers."""

from __future__ import annotations

import re
from typing import Protocol

MARKER = re.compile(r"\[(\d+)\]")  # a citation marker "[3]"


class _Located(Protocol):
    doc_id: str
    locator: str


class _Sourced(Protocol):
    @property
    def source(self) -> _Located: ...


class SourceNumbers:
    """Numbers (doc_id, locator) pairs in order of first use; ``keys`` may start from earlier ones."""

    def __init__(self, keys: list[tuple[str, str]] | None = None) -> None:
        self.keys: list[tuple[str, str]] = list(keys or [])

    def mark(self, doc_id: str, locator: str) -> str:
        key = (doc_id, locator)
        if key not in self.keys:
            self.keys.append(key)
        return f"[{self.keys.index(key) + 1}]"

    def cite(self, item: _Sourced) -> str:
        return self.mark(item.source.doc_id, item.source.locator)


def in_reading_order(text: str, keys: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with its markers renumbered [1], [2], … in the order a reader meets them, and ``keys``
    in that order (sources never cited in the text keep their place after the cited ones)."""
    seen = list(dict.fromkeys(int(m.group(1)) for m in MARKER.finditer(text) if 1 <= int(m.group(1)) <= len(keys)))
    order = seen + [n for n in range(1, len(keys) + 1) if n not in seen]
    new_number = {old: new for new, old in enumerate(order, start=1)}
    renumbered = MARKER.sub(lambda m: f"[{new_number.get(int(m.group(1)), int(m.group(1)))}]", text)
    return _listed_in_order(renumbered), [keys[old - 1] for old in order]


_LISTED = re.compile(r"^\[(\d+)\] ")  # a line of a source list ("[3] 《…》 L335-L338")


def _listed_in_order(text: str) -> str:
    """Each run of source-list lines sorted by number."""
    lines = text.split("\n")
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _LISTED.match(lines[end]):
            end += 1
        if end > start + 1:
            lines[start:end] = sorted(lines[start:end], key=lambda line: int(_LISTED.match(line).group(1)))  # type: ignore[union-attr]
        start = end + 1 if end == start else end
    return "\n".join(lines)
