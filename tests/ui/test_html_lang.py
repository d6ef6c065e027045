"""The page language middleware: HTML pages say zh-CN, other responses pass unchanged."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.testclient import TestClient

from ui.gradio.html_lang import HtmlLang, set_html_lang

PAGE = '<!doctype html>\n<html\n\tlang="en"\n\tstyle="margin: 0">\n<body lang="en">页面</body></html>'


def test_only_the_html_tag_changes() -> None:
    out = set_html_lang(PAGE.encode(), "zh-CN").decode()
    assert '<html\n\tlang="zh-CN"' in out and '<body lang="en">' in out
    assert set_html_lang(b"<p>no html tag</p>", "zh-CN") == b"<p>no html tag</p>"


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/")
    def home() -> HTMLResponse:
        return HTMLResponse(PAGE)

    @app.get("/data")
    def data() -> JSONResponse:
        return JSONResponse({"html": '<html lang="en">'})

    @app.get("/stream")
    def stream() -> StreamingResponse:
        def pieces() -> Iterator[bytes]:
            yield b'<html lang="en"><body>'
            yield "分块".encode()
            yield b"</body></html>"
        return StreamingResponse(pieces(), media_type="text/html")

    @app.post("/")
    def post() -> HTMLResponse:
        return HTMLResponse(PAGE)

    app.add_middleware(HtmlLang, lang="zh-CN")
    return app


def test_the_middleware_rewrites_html_pages_only() -> None:
    client = TestClient(_app())
    page = client.get("/")
    assert page.status_code == 200 and 'lang="zh-CN"' in page.text and "页面" in page.text
    assert int(page.headers["content-length"]) == len(page.content)
    streamed = client.get("/stream")
    assert streamed.text == '<html lang="zh-CN"><body>分块</body></html>', "a chunked page is joined, not cut"
    assert client.get("/data").json() == {"html": '<html lang="en">'}, "JSON is untouched"
    assert 'lang="en"' in client.post("/").text, "only GET pages are rewritten"
