"""The new measures' table of changes (criteria/overview.yaml): each row at its source line, and the answer."""

from __future__ import annotations

import re

import pytest

from assistant.criteria.overview import load_overview
from zjtx.settings import PROJECT_ROOT

LINES = (PROJECT_ROOT / "corpus" / "documents" / "cultivation-report-2026.txt").read_text(encoding="utf-8").split("\n")


def _line(locator: str) -> str:
    start, end = map(int, re.fullmatch(r"L(\d+)-L(\d+)", locator).groups())  # type: ignore[union-attr]
    return "".join(LINES[start - 1 : end])


def test_every_change_is_the_feature_cell_of_its_row() -> None:
    overview = load_overview()
    assert overview.doc_id == "cultivation-report-2026"
    assert re.sub(r"\s", "", _line(overview.caption_locator)).startswith(overview.caption)
    for n, change in enumerate(overview.changes, start=1):
        cells = _line(change.locator).split("\t")
        assert cells[:2] == [str(n), change.feature], change


@pytest.mark.parametrize(("question", "overview"), [
    ("新办法跟老办法比主要改了哪些？", True),
    ("新旧办法有什么区别", True),
    # a tier, an indicator or a figure asked: the rows of that comparison, not the overview
    ("新办法对小巨人有什么变化？", False),
    ("培育体系的基础层从旧版到新版有啥变化", False),  # names a part of the system
    ("2026年新办法和2022年暂行办法有哪些不同？", True),
    ("新旧办法的营收门槛有什么区别？", False),
    ("2026年新办法把门槛提高了多少？", False),
])
def test_a_comparison_naming_nothing_in_particular_asks_the_changes_as_a_whole(question: str, overview: bool) -> None:
    from assistant.frame import read_turn
    from assistant.models import ChatMessage

    frame = read_turn([ChatMessage(role="user", content=question)])
    assert frame.version_overview is overview
    if overview:
        assert frame.route == "criteria"
