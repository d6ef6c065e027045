"""The chat's conversation on the page: a bounded history and a simulated stream."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.models import ChatMessage


def bounded_history(messages: Sequence[ChatMessage], max_turns: int) -> list[ChatMessage]:
    """The last ``max_turns`` user turns with their replies, so a long chat stays cheap."""
    user_positions = [i for i, m in enumerate(messages) if m.role == "user"]
    if len(user_positions) <= max_turns:
        return list(messages)
    return list(messages[user_positions[-max_turns]:])


def stream_prefixes(text: str, chunk_chars: int = 8) -> Iterator[str]:
    """Growing prefixes of ``text``, ending with the whole text (for a streamed answer)."""
    step = max(1, chunk_chars)
    for end in range(step, len(text), step):
        yield text[:end]
    yield text
