"""``zjtx serve --workers 2``: both processes answer the API from one port, the UI still works."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from evals.bench_serve import serve_environment
from evals.server_process import health_status, serve_process
from ui.app import WORKER_HEADER
from zjtx.settings import Settings

pytestmark = pytest.mark.slow
QUESTIONS = ["北交所是哪天注册成立的？", "专精特新中小企业认定以后有效期是几年？", "苏州工业园区国家级小巨人奖励多少？"]


@pytest.fixture
def two_workers(real_service, real_settings: Settings) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:  # type: ignore[no-untyped-def]
    """``zjtx serve --workers 2`` once it has loaded the index (503 "loading" until then)."""
    def command(host: str, port: int) -> list[str]:
        return [sys.executable, "-m", "zjtx.cli", "serve", "--host", host, "--port", str(port), "--workers", "2"]

    with serve_process(command, health_status("ok"), timeout_s=180, env=serve_environment(real_settings),
                       stop_timeout_s=30) as served:
        yield served.url, served.process


def _ask(url: str, question: str) -> httpx.Response:
    with httpx.Client(base_url=url, timeout=60) as client:  # a new connection each time
        return client.post("/api/chat", json={"messages": [{"role": "user", "content": question}]})


def _worker_pids(url: str, deadline_s: float = 180) -> set[str]:
    """Answer-giving processes seen until a worker has answered (it starts once the build is loaded)."""
    seen: set[str] = set()
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            with ThreadPoolExecutor(8) as pool:
                responses = list(pool.map(lambda q: _ask(url, q), QUESTIONS * 4))
        except httpx.HTTPError:
            time.sleep(0.5)
            continue
        assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
        seen |= {r.headers.get(WORKER_HEADER, "main") for r in responses}
        if seen - {"main"}:
            return seen
        time.sleep(0.5)
    raise AssertionError(f"no API worker answered within {deadline_s} s (answered by {seen})")


def test_a_worker_answers_as_the_main_process_does_and_hands_the_ui_back(two_workers, real_service) -> None:  # type: ignore[no-untyped-def]
    url, server = two_workers
    _worker_pids(url)
    for question in QUESTIONS:
        expected = real_service.ask(question).public()["answer"]
        answers = {_ask(url, question).json()["answer"] for _ in range(6)}
        assert answers == {expected}, f"every process should answer {question!r} as the index does"
    # the UI and the other routes keep working whichever process accepted the connection
    for _ in range(6):
        with httpx.Client(base_url=url, timeout=30) as client:
            assert client.get("/").status_code == 200
            assert client.get("/config").status_code == 200
            assert client.get("/healthz").json()["status"] == "ok"
            assert client.get("/api/rewards", params={"region": "昆山"}).status_code == 200


def test_the_workers_exit_with_the_server(two_workers) -> None:  # type: ignore[no-untyped-def]
    url, server = two_workers
    workers = {int(p) for p in _worker_pids(url) - {"main"}}
    server.terminate()
    server.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.2)
    assert not any(_alive(p) for p in workers), "an API worker outlived the server that started it"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
