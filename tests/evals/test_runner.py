"""The eval run measures the chat's own path: its retrieval call and its answers."""

from __future__ import annotations

import pytest

from assistant.models import ChatMessage
from evals.cases import load_cases
from evals.runner import retrieve_as_chat
from evals.scoring import answer_and_score

pytestmark = pytest.mark.slow


def test_eval_retrieval_reads_the_turn_as_the_chat_does(real_service) -> None:  # type: ignore[no-untyped-def]
    retrieve = retrieve_as_chat(real_service.index, real_service.settings, 5)
    traditional = retrieve([ChatMessage(role="user", content="2022版標準對研發費用有什麼要求")])
    simplified = retrieve([ChatMessage(role="user", content="2022版标准对研发费用有什么要求")])
    assert traditional, "a question naming the 2022 rules finds passages"
    assert [h.chunk.chunk_id for h in traditional] == [h.chunk.chunk_id for h in simplified], (
        "traditional characters are simplified before retrieval, as in the chat"
    )
    assert all(h.chunk.rule_version == "2022" for h in traditional), "only passages of the version named"
    assert retrieve([ChatMessage(role="user", content="  ")]) == [], "an empty turn retrieves nothing"


def test_answer_and_score_asks_through_the_chat(real_service) -> None:  # type: ignore[no-untyped-def]
    cases = [c for c in load_cases() if c.category in ("eligibility", "refusal")][:4]
    scored = answer_and_score(real_service, cases)
    assert [s.case.id for s in scored] == [c.id for c in cases]
    for s in scored:
        assert s.answer.answer == real_service.chat(s.case.messages).answer, "the chat's own answer is scored"
        assert s.seconds > 0 and (s.correct or s.reason), "a wrong answer says why"
