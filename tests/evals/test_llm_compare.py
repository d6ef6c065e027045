"""``zjtx eval-llm`` against a stub OpenAI-compatible server on 127.0.0.1.

The stub answers quote-style requests by picking a candidate from the request's own JSON
schema, so the test sees what really goes over the wire (``response_format``) and that the
comparison counts model-written answers and fallbacks.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.models import Answer
from evals.cases import load_cases
from evals.llm_compare import TOOL_CATEGORIES, compare_composers, fallback_reason, pick_cases
from zjtx.cli import app
from zjtx.settings import Settings


class StubServer(ThreadingHTTPServer):
    requests: list[dict[str, Any]]
    pick: int  # which enum entry to answer with; -1 answers with a sentence of its own


class StubHandler(BaseHTTPRequestHandler):
    server: StubServer

    def log_message(self, *_: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        fmt = body.get("response_format") or {}
        schema = fmt.get("json_schema", {}).get("schema") or fmt.get("schema") or {}
        options = schema.get("properties", {}).get("answer", {}).get("enum", [])
        pick = self.server.pick
        content = (json.dumps({"answer": options[min(pick, len(options) - 1)]}, ensure_ascii=False)
                   if options and pick >= 0 else '{"answer": "奖励为9999万元。"}')
        reply = {"id": "stub", "object": "chat.completion", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": content}}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def stub() -> Iterator[StubServer]:
    server = StubServer(("127.0.0.1", 0), StubHandler)
    server.requests, server.pick = [], 0
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_pick_cases_spreads_over_search_cases() -> None:
    cases = load_cases()
    picked = pick_cases(cases, 10)
    assert len(picked) == 10 and len({c.id for c in picked}) == 10
    assert not {c.category for c in picked} & TOOL_CATEGORIES
    assert len({c.category for c in picked}) >= 4, "spread over the file, not its first category"


def test_fallback_reason_names_the_notice() -> None:
    assert fallback_reason(Answer(answer="x")) is None
    assert fallback_reason(Answer(answer="x", notice="大模型服务暂不可用，本次改为直接引用原文回答。")) == "notice_unavailable"


@pytest.mark.slow
def test_compare_counts_model_answers_and_fallbacks(real_service, stub: StubServer) -> None:  # type: ignore[no-untyped-def]
    settings: Settings = real_service.settings.model_copy(update={
        "llm_base_url": f"http://127.0.0.1:{stub.server_address[1]}/v1", "llm_model": "stub",
        "llm_answer_style": "quote", "llm_timeout_s": 5.0, "llm_max_retries": 0,
    })
    report = compare_composers(settings, load_cases(), limit=6)
    sent = stub.requests[0]
    assert sent["response_format"]["type"] == "json_schema", "the OpenAI form goes over the wire"
    assert sent["response_format"]["json_schema"]["schema"]["properties"]["answer"]["enum"]
    assert report["n"] == 6 and report["llm"]["written_by_model"] == len(stub.requests) > 0
    assert report["llm"]["fallbacks"] == {}

    stub.pick = -1  # a server that ignores the schema and writes its own sentence
    report = compare_composers(settings, load_cases(), limit=6)
    assert report["llm"]["written_by_model"] == 0
    assert report["llm"]["fallbacks"].get("notice_no_answer", 0) > 0
    assert all("9999" not in case["llm_answer"] for case in report["cases"])
    assert report["llm"]["accuracy"] == report["extractive"]["accuracy"], "fallbacks are the extractive answers"


def test_eval_llm_needs_a_configured_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ZJTX_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("ZJTX_LLM_MODEL", raising=False)
    result = CliRunner().invoke(app, ["eval-llm", "--limit", "2"])
    assert result.exit_code == 1 and "未配置大模型" in result.output
