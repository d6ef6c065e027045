"""Numbering cited sources [1], [2], … in order of first use, shared by the tool answers."""

from __future__ import annotations

from typing import Protocol


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
