"""The one start-and-wait helper: ready on 127.0.0.1 within the bound, or a clear failure; stopped after."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from evals.server_process import (
    ServerFailed,
    answers_200,
    free_port,
    health_status,
    serve_app_in_thread,
    serve_command,
    serve_process,
)


def _http_server(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "http.server", "--bind", host, str(port)]


def test_a_child_process_is_served_on_loopback_and_stopped_after(tmp_path: Path) -> None:
    with serve_command(_http_server, answers_200("/"), timeout_s=30, log_path=tmp_path / "server.log",
                       poll_s=0.1) as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(url + "/", timeout=5).status_code == 200
    with pytest.raises(httpx.TransportError):
        httpx.get(url + "/", timeout=2)


def test_a_server_can_be_restarted_on_the_port_it_had_and_stopped_early() -> None:
    port = free_port()
    for _ in range(2):  # the second start finds the port free again after the clean stop
        with serve_process(_http_server, answers_200("/"), timeout_s=30, poll_s=0.1, port=port) as served:
            assert served.url == f"http://127.0.0.1:{port}"
            served.process.terminate()  # a caller may stop it first; the exit still cleans up
            served.process.wait(timeout=10)
    assert served.process.returncode is not None


def test_a_process_that_exits_fails_at_once_with_its_log_tail(tmp_path: Path) -> None:
    def crashing(host: str, port: int) -> list[str]:
        return [sys.executable, "-c", "import sys; print('no model file'); sys.exit(3)"]

    with (
        pytest.raises(ServerFailed, match=r"exited(.|\n)*exit code 3(.|\n)*no model file"),
        serve_command(crashing, answers_200("/"), timeout_s=30, log_path=tmp_path / "server.log", poll_s=0.1),
    ):
        pass


def test_the_wait_is_bounded() -> None:
    never = answers_200("/never-found")  # http.server answers 404 here
    with (
        pytest.raises(ServerFailed, match="did not answer /never-found with 200 within 0.5 s"),
        serve_command(_http_server, never, timeout_s=0.5, poll_s=0.1),
    ):
        pass


def test_an_app_in_a_thread_is_ready_when_its_health_says_so() -> None:
    app = FastAPI()
    app.get("/healthz")(lambda: {"status": "warming"})
    with serve_app_in_thread(app, health_status("ok", "warming"), timeout_s=30) as url:
        assert httpx.get(url + "/healthz", timeout=5).json() == {"status": "warming"}
    with (
        pytest.raises(ServerFailed, match="did not report ok on /healthz within 0.5 s"),
        serve_app_in_thread(app, health_status("ok"), timeout_s=0.5),
    ):
        pass
