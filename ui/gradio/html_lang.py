"""Declares the page language: Gradio's index page says ``<html lang="en">`` whatever the UI.

Screen readers, browser translation prompts and fonts choose by that attribute, and this UI
is Chinese. The middleware rewrites the attribute of HTML responses (the page is small and
uncompressed); everything else streams through untouched.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_HTML_LANG = re.compile(rb'(<html\b[^>]*?\blang=")[^"]*(")', re.IGNORECASE)


def set_html_lang(page: bytes, lang: str) -> bytes:
    """``page`` with the ``lang`` of its ``<html>`` tag replaced (or unchanged without one)."""
    return _HTML_LANG.sub(lambda m: m.group(1) + lang.encode("ascii") + m.group(2), page, count=1)


class HtmlLang:
    """ASGI middleware: HTML responses get ``<html lang=…>`` set to ``lang``."""

    def __init__(self, app: ASGIApp, lang: str = "zh-CN") -> None:
        self.app = app
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body = bytearray()

        async def rewriting_send(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                fields = dict(message.get("headers") or [])
                is_html = fields.get(b"content-type", b"").startswith(b"text/html")
                if not is_html or b"content-encoding" in fields:
                    await send(message)
                    return
                start = message
                return
            if start is None:  # not an HTML page: pass through
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = set_html_lang(bytes(body), self.lang)
            kept = [(k, v) for k, v in start.get("headers") or [] if k != b"content-length"]
            kept.append((b"content-length", str(len(page)).encode("ascii")))
            await send({**start, "headers": kept})
            await send({"type": "http.response.body", "body": page, "more_body": False})

        await self.app(scope, receive, rewriting_send)
