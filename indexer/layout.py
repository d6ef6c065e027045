"""Hand-reconstructed document structure: section paths by line range.

Text extracted from slide decks loses its layout: a column's header comes after its cells
and slide titles ("03限制条件") become headings that mislabel what follows. For such a
document, ``corpus/layout/<doc id>.yaml`` assigns every raw line a section path, read off
the slides by a person. The chunker then uses these paths instead of detected headings.
Every path element must be the document's own words, so a label adds no fact of its own.
"""

from __future__ import annotations

import bisect
import logging
from functools import cached_property
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

log = logging.getLogger(__name__)


class LayoutError(ValueError):
    """A layout file that cannot be used; the message is Chinese and names the problem."""


class SectionRange(BaseModel):
    lines: tuple[int, int]
    path: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> SectionRange:
        start, end = self.lines
        if start < 1 or end < start:
            raise ValueError(f"行号范围无效：{start}-{end}")
        if any(not part.strip() for part in self.path):
            raise ValueError(f"第 {start}-{end} 行的章节路径含空项")
        return self


class DocumentLayout(BaseModel):
    document: str
    sections: list[SectionRange] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> DocumentLayout:
        expected = 1
        for section in self.sections:
            start, end = section.lines
            if start != expected:
                raise ValueError(f"第 {expected} 行起未连续标注（下一段从第 {start} 行开始）")
            expected = end + 1
        return self

    @property
    def last_line(self) -> int:
        return self.sections[-1].lines[1]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.lines[0] for s in self.sections]

    def path_at(self, line: int) -> list[str]:
        """The section path of raw line ``line`` (1-based); lines past the end get the last path."""
        return list(self.sections[max(0, bisect.bisect_right(self._starts, line) - 1)].path)

    def problems_with(self, text: str) -> list[str]:
        """Why this layout does not fit ``text``: line count, or path words not in the text."""
        problems = []
        line_count = len(text.splitlines())
        if self.last_line != line_count:
            problems.append(f"标注到第 {self.last_line} 行，文档共 {line_count} 行")
        flat = "".join(text.split())
        missing = sorted({p for s in self.sections for p in s.path if "".join(p.split()) not in flat})
        if missing:
            problems.append(f"章节名不是文档原文：{'、'.join(missing)}")
        return problems


def layout_file(layout_dir: Path, doc_id: str) -> Path:
    return layout_dir / f"{doc_id}.yaml"


def parse_layout(path: Path) -> DocumentLayout:
    """The layout in ``path``; LayoutError (Chinese) when it is not valid YAML or not a layout."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return DocumentLayout.model_validate(data)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LayoutError(f"版面标注文件无法读取：{path.name}（{type(exc).__name__}）") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        raise LayoutError(f"版面标注文件格式错误：{path.name}（{first['msg']}）") from exc


def load_layout(layout_dir: Path, doc_id: str, text: str) -> DocumentLayout | None:
    """The layout of ``doc_id`` if there is one that fits ``text``.

    A layout that is malformed or no longer fits the document (edited since) is ignored
    with a warning: the document is still indexed, with the headings detected in its text.
    """
    path = layout_file(layout_dir, doc_id)
    if not path.is_file():
        return None
    try:
        layout = parse_layout(path)
    except LayoutError as exc:
        log.warning("%s；按原文标题分段", exc)
        return None
    problems = ([f"标注的文档是 {layout.document}"] if layout.document != doc_id else []) + layout.problems_with(text)
    if problems:
        log.warning("版面标注 %s 与文档不符（%s）；按原文标题分段", path.name, "；".join(problems))
        return None
    return layout
