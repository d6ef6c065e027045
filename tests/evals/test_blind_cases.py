"""The blind eval sets (blind … blind15) against their sources: each answerable case cites the raw lines that say
what it expects, so a score on it measures answers, not the case writer's memory.

Index-free: reads evals/blind/cases.yaml and the raw corpus files. Text is compared with all
whitespace removed (the raw PDF extractions break lines mid-sentence)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from evals.strict import load_blind_cases, split_half
from zjtx.settings import PROJECT_ROOT, Settings

BLIND_SETS = [PROJECT_ROOT / "evals" / name / "cases.yaml" for name in ("blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9", "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16", "blind17", "blind18", "blind19", "blind20", "blind21", "blind22", "blind23", "blind24", "blind25", "blind26", "blind27", "blind28", "blind29", "blind30", "blind31", "blind32", "blind33", "blind34", "blind35", "blind36", "blind37", "blind38", "blind39", "blind40", "blind41", "blind42")]
LOCATOR = re.compile(r"^L(\d+)-L(\d+)$")
MIN_CASES = 80


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("“", "").replace("”", "")


@pytest.fixture(scope="module", params=BLIND_SETS, ids=lambda p: p.parent.name)
def cases_path(request: pytest.FixtureRequest) -> Any:
    return request.param


@pytest.fixture(scope="module")
def raw_cases(cases_path: Any) -> list[dict[str, Any]]:
    return yaml.safe_load(cases_path.read_text(encoding="utf-8"))["cases"]


@pytest.fixture(scope="module")
def documents() -> dict[str, list[str]]:
    corpus_dir = Settings().corpus_dir
    manifest = yaml.safe_load((corpus_dir / "manifest.yaml").read_text(encoding="utf-8"))
    return {doc["id"]: (corpus_dir / "documents" / doc["file"]).read_text(encoding="utf-8").split("\n")
            for doc in manifest["documents"]}


def _answerable(case: dict[str, Any]) -> bool:
    return not case.get("refuse") and not case.get("expect_missing")


def test_the_set_loads_is_large_enough_and_splits_in_two(cases_path: Any, raw_cases: list[dict[str, Any]]) -> None:
    cases = load_blind_cases(cases_path)
    assert len(cases) == len(raw_cases) >= MIN_CASES
    assert len({c.id for c in cases}) == len(cases)
    halves = {split_half(c.id) for c in cases}
    assert halves == {"dev", "test"}


def test_evidence_is_written_at_the_locator(
    raw_cases: list[dict[str, Any]], documents: dict[str, list[str]]
) -> None:
    problems = []
    for case in filter(_answerable, raw_cases):
        match = LOCATOR.match(str(case.get("locator") or ""))
        lines = documents.get(case.get("doc_id") or "")
        if match is None or lines is None:
            problems.append(f"{case['id']}: 出处 {case.get('doc_id')} {case.get('locator')} 无效")
            continue
        start, end = int(match[1]), int(match[2])
        located = _squash("".join(lines[start - 1 : end]))
        if not located or _squash(str(case.get("evidence") or "")) not in located:
            problems.append(f"{case['id']}: evidence 不在 {case['doc_id']} {case['locator']} 中")
    assert not problems, "\n".join(problems)


def test_expected_facts_are_written_in_the_cited_document(
    raw_cases: list[dict[str, Any]], documents: dict[str, list[str]]
) -> None:
    problems = []
    for case in filter(_answerable, raw_cases):
        if case.get("category") == "eligibility":
            continue  # verdicts and thresholds are judged by the engine's own source tests
        text = _squash("\n".join(documents.get(case.get("doc_id") or "", [])))
        for fact in case.get("expected") or []:
            if _squash(fact) not in text:
                problems.append(f"{case['id']}: 期望事实「{fact}」不在 {case.get('doc_id')} 中")
    assert not problems, "\n".join(problems)


def test_unanswerable_cases_expect_no_fact(raw_cases: list[dict[str, Any]]) -> None:
    for case in raw_cases:
        if case.get("refuse") or case.get("expect_missing"):
            assert not case.get("expected"), case["id"]
