"""Request guards: a body-size limit, a simple per-client rate limit for ``/api/chat`` and the
refusal of a chat message over ZJTX_MAX_MESSAGE_CHARS (measured by ``message_chars``)."""

from __future__ import annotations

import math
import threading
import time
from collections import defaultdict, deque

from starlette.types import ASGIApp, Receive, Scope, Send


def message_chars(text: str) -> int:
    """A chat message's or search query's length as ZJTX_MAX_MESSAGE_CHARS limits it: its text without the
    spaces and line breaks around it, which the assistant drops before reading a question. POST /api/chat
    counted them and the 问答 tab did not, so a question at the limit pasted with a blank line after it
    was answered in the page and refused by the API; both interfaces measure with this one function."""
    return len(text.strip())


def message_too_long(max_chars: int) -> str:
    """Why a chat message over ``max_chars`` characters is refused: the API's 413 and the 问答 tab say it alike."""
    return f"消息过长：单条消息不得超过 {max_chars} 个字符。"


class RateLimiter:
    """At most ``per_minute`` requests per client in any 60-second window (0 disables it)."""

    def __init__(self, per_minute: int, window_s: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window_s = window_s
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, client: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits[client]
            while hits and now - hits[0] >= self.window_s:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(now)
            return True

    def seconds_to_wait(self, client: str, now: float | None = None) -> int:
        """Whole seconds until ``client`` may ask again (its oldest request leaves the window)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(client)
            if not hits or len(hits) < self.per_minute:
                return 0
            return max(1, math.ceil(self.window_s - (now - hits[0])))


class BodySizeLimit:
    """Rejects request bodies over ``max_bytes`` with 413 before they are read into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int, exempt: tuple[str, ...] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.exempt = exempt  # paths that enforce a limit of their own (document uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.exempt or ("\0",)):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _reject(send, self.max_bytes)
            return
        received = 0

        async def limited_receive():  # type: ignore[no-untyped-def]
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except _TooLarge:
            await _reject(send, self.max_bytes)


class _TooLarge(Exception):
    pass


async def _reject(send: Send, max_bytes: int) -> None:
    body = f'{{"detail": "请求体过大：不得超过 {max_bytes // 1024} KB。"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
