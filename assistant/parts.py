"""A turn that asks several questions ("新办法改成什么了？小巨人的分数线又是多少？"): each part is
answered as its own turn, the earlier parts as its context, and the answers are joined so the
first line states every part's fact, in the order asked."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.models import Answer, ChatMessage, Citation

# a part ends at a question mark; parts shorter than this are not questions of their own ("吗？")
_PART_END = re.compile(r"(?<=[？?])")
_MIN_PART_CHARS = 4
MAX_PARTS = 3
_MARKER = re.compile(r"\[(\d+)\]")


def split_parts(text: str) -> list[str]:
    """The questions of one message, in order; one part when it asks a single question."""
    parts = [p.strip() for p in _PART_END.split(text) if p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and len(re.sub(r"[？?\s]", "", part)) < _MIN_PART_CHARS:
            merged[-1] += part  # "……满足吗？是吗？" stays one question
        else:
            merged.append(part)
    return merged if 1 < len(merged) <= MAX_PARTS else [text]


def _renumbered(text: str, offset: int) -> str:
    return _MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", text) if offset else text


def join_answers(answers: list[Answer]) -> Answer:
    """One answer: the parts' first lines joined into one lead, then each part's evidence.

    Citation markers of later parts are renumbered after the earlier parts' citations."""
    leads: list[str] = []
    bodies: list[str] = []
    citations: list[Citation] = []
    for answer in answers:
        text = _renumbered(answer.answer.strip(), len(citations))
        first, _, rest = text.partition("\n")
        leads.append(first.strip().rstrip("。"))
        if rest.strip():
            bodies.append(rest.strip())
        citations += answer.citations
    lead = "；".join(f"（{n}）{part}" for n, part in enumerate(leads, start=1)) + "。"
    return answers[0].model_copy(update={
        "answer": "\n\n".join([lead, *bodies]),
        "citations": citations,
        "tool_calls": [call for a in answers for call in a.tool_calls],
        "refused": all(a.refused for a in answers),
        "notice": next((a.notice for a in answers if a.notice), None),
    })


def answer_in_parts(messages: list[ChatMessage], answer_turn: Callable[[list[ChatMessage]], Answer],
                    splittable: Callable[[list[ChatMessage]], bool]) -> Answer:
    """``answer_turn`` for each question of the last user message (when ``splittable`` allows)."""
    last = messages[-1] if messages else None
    parts = split_parts(last.content) if last is not None and last.role == "user" else []
    if len(parts) < 2 or not splittable(messages):
        return answer_turn(messages)
    history = messages[:-1]
    answers: list[Answer] = []
    for part in parts:
        history = [*history, ChatMessage(role="user", content=part)]
        answer = answer_turn(history)
        answers.append(answer)
        history = [*history, ChatMessage(role="assistant", content=answer.answer)]
    return join_answers(answers)
