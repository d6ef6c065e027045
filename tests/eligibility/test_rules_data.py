"""The rule files against their sources: every number and every boundary word is in the cited passage."""

from __future__ import annotations

import re
from functools import cache

import cn2an
import pytest
import yaml

from assistant.eligibility.facts import format_number
from assistant.eligibility.rules import (
    WORDING_OPS,
    Citation,
    Condition,
    Criterion,
    available_versions,
    load_rules,
)
from zjtx.settings import get_settings


@cache
def _manifest() -> dict[str, str]:
    data = yaml.safe_load(get_settings().manifest_path.read_text(encoding="utf-8"))
    return {d["id"]: d["file"] for d in data["documents"]}


@cache
def _raw_lines(doc_id: str) -> list[str]:
    path = get_settings().documents_dir / _manifest()[doc_id]
    return path.read_text(encoding="utf-8").splitlines()


def passage(citation: Citation) -> str:
    """The cited raw lines joined, whitespace removed (PDF extraction breaks lines mid-phrase)."""
    start, end = citation.lines
    return re.sub(r"\s+", "", "".join(_raw_lines(citation.doc_id)[start - 1 : end]))


def _all_criteria() -> list[tuple[str, Criterion]]:
    return [(v, c) for v in available_versions() for c in load_rules(v).criteria]


def _leaves(criterion: Criterion) -> list[Condition]:
    conditions = ([criterion.condition] if criterion.condition else []) + criterion.exemptions
    return [leaf for c in conditions for leaf in c.leaves()]


def _threshold_leaves() -> list[tuple[str, Criterion, Condition]]:
    return [
        (f"{v}:{c.id}:{leaf.field}", c, leaf)
        for v, c in _all_criteria()
        for leaf in _leaves(c)
        if leaf.threshold is not None
    ]


CRITERIA = _all_criteria()
LEAVES = _threshold_leaves()


def test_both_rule_versions_are_present() -> None:
    assert available_versions() == ["2022", "2026"]


@pytest.mark.parametrize(
    ("version", "criterion"), CRITERIA, ids=[f"{v}:{c.id}" for v, c in CRITERIA]
)
def test_citation_points_into_a_manifest_document(version: str, criterion: Criterion) -> None:
    assert criterion.source.doc_id in _manifest(), (
        f"{criterion.id} cites unknown doc {criterion.source.doc_id}"
    )
    start, end = criterion.source.lines
    assert end <= len(_raw_lines(criterion.source.doc_id)), (
        f"{criterion.id}: locator past end of file"
    )
    assert passage(criterion.source), f"{criterion.id}: cited lines are empty"


@pytest.mark.parametrize(("name", "criterion", "leaf"), LEAVES, ids=[n for n, _, _ in LEAVES])
def test_threshold_number_appears_in_cited_passage(
    name: str, criterion: Criterion, leaf: Condition
) -> None:
    text = passage(leaf.source or criterion.source)
    number = format_number(leaf.threshold or 0)
    chinese = cn2an.an2cn(number)
    found = re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", text) or (
        leaf.op == "top_n" and f"前{chinese}" in text
    )
    assert found, f"{name}: threshold {number} not found in {leaf.source or criterion.source}"


@pytest.mark.parametrize(("name", "criterion", "leaf"), LEAVES, ids=[n for n, _, _ in LEAVES])
def test_boundary_wording_appears_with_its_number(
    name: str, criterion: Criterion, leaf: Condition
) -> None:
    """ "不低于100万元" / "2年以上" / "前三" / "50强": the operator comes from words really in the text."""
    text = passage(leaf.source or criterion.source)
    number, unit = format_number(leaf.threshold or 0), leaf.unit or ""
    if leaf.wording == "前":
        phrases = [f"前{number}", f"前{cn2an.an2cn(number)}"]
    elif leaf.wording == "强":
        phrases = [f"{number}强"]
    elif leaf.wording in ("以上", "以下", "以内"):
        phrases = [f"{number}{unit}{leaf.wording}"]
    else:
        phrases = [f"{leaf.wording}{number}{unit}"]
    assert any(p in text for p in phrases), (
        f"{name}: none of {phrases} in {leaf.source or criterion.source}"
    )


MAX_POINTS = [(f"{v}:{c.id}", c) for v, c in CRITERIA if c.max_points is not None]


@pytest.mark.parametrize(("name", "criterion"), MAX_POINTS, ids=[n for n, _ in MAX_POINTS])
def test_indicator_max_points_appear_in_cited_passage(name: str, criterion: Criterion) -> None:
    assert f"{criterion.max_points}分" in passage(criterion.source), name


def test_every_tier_is_defined_in_every_version() -> None:
    for version in available_versions():
        names = [t.name for t in load_rules(version).tiers]
        assert names == ["创新型中小企业", "专精特新中小企业", "专精特新“小巨人”企业"], version


def test_2026_effective_date_is_cited() -> None:
    rules = load_rules("2026")
    assert rules.effective_from is not None and rules.effective_from.isoformat() == "2026-04-01"
    assert rules.effective_source is not None
    text = passage(rules.effective_source)
    assert "2026年1月" in text and "4月1日起施行" in text


def test_2022_indicators_add_up_to_the_stated_system() -> None:
    """A check that the column reading of the slide table is right: each tier's indicators are
    as many as its system row says (三大类6项 / 四类13项) and their maxima sum to its full mark."""
    rules = load_rules("2022")
    for tier in ("创新型中小企业", "专精特新中小企业"):
        system = [c for c in rules.criteria_for(tier) if c.id.endswith("-ind-system")]
        items = [c for c in rules.criteria_for(tier)
                 if c.max_points and c not in system and c.group != "score_categories"]
        assert len(system) == 1 and system[0].max_points == 100
        stated = re.search(r"(\d+)项", system[0].description)
        assert stated and len(items) == int(stated.group(1)), f"{tier}: {len(items)} indicators"
        total = sum(c.max_points or 0 for c in items)
        assert total == system[0].max_points, f"{tier}: indicator maxima add up to {total}"


def test_2022_indicator_classes_add_up_from_their_items() -> None:
    """Each class (精细化指标 25分) is as many points as the items the slide lists under it, and
    the classes add up to the full mark."""
    rules = load_rules("2022")
    for tier in ("创新型中小企业", "专精特新中小企业"):
        criteria = rules.criteria_for(tier)
        classes = [c for c in criteria if c.group == "score_categories"]
        assert sum(c.max_points or 0 for c in classes) == 100, tier
        for cls in classes:
            name = cls.description.split("指标（")[0]
            items = [c for c in criteria if c.group == "score_indicators" and f"（{name}" in c.description]
            assert items and sum(c.max_points or 0 for c in items) == cls.max_points, cls.id


@pytest.mark.parametrize(
    ("wording", "op"),
    [
        ("以上", "ge"),
        ("以下", "le"),
        ("不低于", "ge"),
        ("不高于", "le"),
        ("超过", "gt"),
        ("低于", "lt"),
        ("不少于", "ge"),
    ],
)
def test_legal_wording_convention(wording: str, op: str) -> None:
    assert WORDING_OPS[wording] == op


def test_operator_contradicting_wording_is_rejected() -> None:
    with pytest.raises(ValueError, match="不低于"):
        Condition(field="revenue_last_year", op="gt", wording="不低于", threshold=1000, unit="万元")


def test_wrong_unit_is_rejected() -> None:
    with pytest.raises(ValueError, match="单位"):
        Condition(field="revenue_last_year", op="ge", wording="以上", threshold=1000, unit="元")
