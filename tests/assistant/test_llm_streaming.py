"""Streaming the approved answer: the text arrives in pieces, whole and unchanged."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from assistant.llm import answer_pieces, stream_answer_events
from assistant.models import Answer, ChatMessage, Citation

ANSWER = Answer(
    answer="研发费用不低于100万元[1]。占营业收入比重不低于3%[1]。\n以上出自2022年版规则。",
    citations=[Citation(doc_id="d", title="《测试文档》", locator="L1-L3", snippet="研发费用不低于100万元")],
    notice="向量检索暂不可用。",
)
MESSAGES = [ChatMessage(role="user", content="研发费用要求？")]


class CountingChat:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, messages: list[ChatMessage]) -> Answer:
        self.calls += 1
        return ANSWER


@given(st.text(max_size=300), st.integers(min_value=1, max_value=40))
def test_pieces_join_back_to_the_answer(text: str, size: int) -> None:
    pieces = list(answer_pieces(text, max_chars=size))
    assert "".join(pieces) == text
    assert all(0 < len(p) <= size for p in pieces)


def _deltas(events: list[str]) -> list[str]:
    return [json.loads(e.split("data: ", 1)[1])["text"] for e in events if e.startswith("event: delta\n")]


def test_the_stream_carries_sentences_of_the_final_answer() -> None:
    chat = CountingChat()
    pieces = _deltas(list(stream_answer_events(chat, MESSAGES)))
    assert chat.calls == 1, "the answer is produced (and guarded) once, then streamed"
    assert "".join(pieces) == ANSWER.answer
    assert pieces[0] == "研发费用不低于100万元[1]。"


def test_sse_events_end_with_the_public_answer() -> None:
    events = list(stream_answer_events(CountingChat(), MESSAGES))
    assert all(e.startswith("event: ") and e.endswith("\n\n") for e in events)
    deltas = [json.loads(e.split("data: ", 1)[1]) for e in events[:-1]]
    assert "".join(d["text"] for d in deltas) == ANSWER.answer
    assert events[-1].startswith("event: answer\n")
    final = json.loads(events[-1].split("data: ", 1)[1])
    assert final == ANSWER.public()
