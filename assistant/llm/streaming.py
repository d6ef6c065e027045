"""Streaming the answer: buffer the whole model answer, guard it, then stream what passed.

The guard needs the complete answer before any number may be shown, and a failed check
replaces the whole answer with the extractive one. Streaming tokens as they arrive would
show numbers that are later withdrawn, so nothing is streamed until the answer is final:
the first piece arrives after the full generation (plus the guard, a few milliseconds),
and the pieces that follow arrive at once. What streaming still buys is a uniform,
incremental client protocol that a later token-level renderer could use unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from assistant.models import Answer, ChatMessage

_PIECE_END = re.compile(r"(?<=[。！？；\n])")


def answer_pieces(text: str, max_chars: int = 24) -> Iterator[str]:
    """``text`` in sentence-sized pieces (long sentences cut every ``max_chars``), losslessly."""
    for sentence in _PIECE_END.split(text):
        for start in range(0, len(sentence), max_chars):
            yield sentence[start : start + max_chars]


def stream_answer_events(
    chat: Callable[[list[ChatMessage]], Answer], messages: list[ChatMessage]
) -> Iterator[str]:
    """Server-sent events: ``delta`` events with text pieces, then one ``answer`` event
    holding the ``POST /api/chat`` object (citations, tool calls, notice); ``chat`` is
    ``AssistantService.chat``, called once."""
    answer = chat(messages)
    for piece in answer_pieces(answer.answer):
        yield _event("delta", {"text": piece})
    yield _event("answer", answer.public())


def _event(name: str, data: object) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
