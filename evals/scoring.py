"""Scoring one case: retrieval hits, answer facts, citations, refusals, eligibility verdicts.

:func:`answer_and_score` is the one loop that asks the cases through a service's chat and
scores the answers; the golden-set run and the LLM comparison both use it.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from assistant.models import Answer
from assistant.retrieval.search import SearchHit
from assistant.retrieval.text_processing import to_simplified
from assistant.service import AssistantService
from evals.cases import EvalCase
from indexer.cleaning import normalize_text
from indexer.passages import parse_locator

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Comparable form: cleaned like the index, simplified, no whitespace."""
    return _SPACE.sub("", to_simplified(normalize_text(text)))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def supports_case(case: EvalCase, doc_id: str, start: int, end: int, text: str) -> bool:
    """A passage supports the case when it is the case's document and holds its evidence lines."""
    if case.doc_id is None or doc_id != case.doc_id:
        return False
    lines = case.line_range
    if lines and _overlaps(lines, (start, end)):
        return True
    return case.evidence is not None and squash(case.evidence) in squash(text)


def first_supporting_rank(case: EvalCase, hits: list[SearchHit]) -> int | None:
    for rank, hit in enumerate(hits, start=1):
        c = hit.chunk
        if supports_case(case, c.doc_id, c.start_line, c.end_line, c.text):
            return rank
    return None


def missing_facts(case: EvalCase, answer: Answer) -> list[str]:
    body = squash(answer.answer)
    return [fact for fact in case.expected if squash(fact) not in body]


def forbidden_present(case: EvalCase, answer: Answer) -> list[str]:
    body = squash(answer.answer)
    return [fact for fact in case.forbidden if squash(fact) in body]


def citation_correct(case: EvalCase, answer: Answer) -> bool:
    for citation in answer.citations:
        start, end = parse_locator(citation.locator)
        if supports_case(case, citation.doc_id, start, end, citation.snippet):
            return True
    return False


def eligibility_outcome(case: EvalCase, answer: Answer) -> tuple[bool, bool]:
    """(verdict right, every expected gap present) from the check_eligibility tool call."""
    calls = [c for c in answer.tool_calls if c.name == "check_eligibility"]
    if not calls or not isinstance(calls[0].result, dict):
        return False, False
    result = calls[0].result
    verdict_ok = result.get("verdict") == case.expected_verdict
    gaps = " ".join(c.get("gap") or "" for c in result.get("criteria", []) if c.get("status") == "fail")
    gaps_ok = all(squash(g) in squash(gaps) for g in case.expected_gaps)
    return verdict_ok, gaps_ok


def answer_correct(case: EvalCase, answer: Answer) -> tuple[bool, str]:
    """Whether the answer is right for the case, and why not."""
    if case.refuse:
        return (True, "") if answer.refused else (False, "应拒答却给出了答案")
    if case.expect_missing:
        # "the corpus does not list it" is the right answer, with or without nearby rows
        return (True, "") if "未列出" in answer.answer else (False, "应说明语料未列出")
    if answer.refused:
        return False, "不应拒答"
    if case.category == "eligibility" and case.expected_verdict:
        verdict_ok, gaps_ok = eligibility_outcome(case, answer)
        if not verdict_ok:
            return False, "资格结论不符"
        if not gaps_ok:
            return False, "差距说明缺失"
        return True, ""
    missing = missing_facts(case, answer)
    if missing:
        return False, "缺少：" + "、".join(missing)
    bad = forbidden_present(case, answer)
    if bad:
        return False, "出现不应出现的内容：" + "、".join(bad)
    return True, ""


@dataclass(frozen=True)
class ScoredAnswer:
    """One case answered through the chat: the answer, whether it is right (and why not), how long it took."""

    case: EvalCase
    answer: Answer
    correct: bool
    reason: str
    seconds: float


def answer_and_score(service: AssistantService, cases: list[EvalCase]) -> list[ScoredAnswer]:
    """Each case asked through ``service.chat`` (its whole conversation), timed and scored."""
    scored = []
    for case in cases:
        started = time.perf_counter()
        answer = service.chat(case.messages)
        seconds = time.perf_counter() - started
        correct, reason = answer_correct(case, answer)
        scored.append(ScoredAnswer(case, answer, correct, reason, seconds))
    return scored
