"""Start a server on a free 127.0.0.1 port, wait (bounded) until it is ready, stop it cleanly.

One helper for everything that needs a live server: the browser tests (the web app under
uvicorn in a thread), the LLM-mode tests and ``make eval-llm`` (llama.cpp in a child
process), the serving benchmarks and worker tests (``zjtx serve`` in a child process) and the
Chroma server-mode tests (``chroma run``, stopped and started again on its port). "Ready" is a
probe of the server's URL, such as :func:`health_status`; the wait ends when the probe
passes, the server dies, or the time is up, whichever comes first.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

LOOPBACK = "127.0.0.1"  # servers started here never listen beyond this machine
PROBE_TIMEOUT_S = 2.0
LOG_TAIL_CHARS = 2000


class ServerFailed(RuntimeError):
    """The server exited or was not ready in time; the message says which (with its log tail)."""


@dataclass(frozen=True)
class Probe:
    """What "ready" means: a GET of ``path`` whose response ``accept`` approves."""

    path: str
    accept: Callable[[httpx.Response], bool]
    description: str

    def __call__(self, url: str) -> bool:
        try:
            return self.accept(httpx.get(url + self.path, timeout=PROBE_TIMEOUT_S))
        except (httpx.HTTPError, ValueError):  # not listening yet, or a body that is not JSON yet
            return False


def answers_200(path: str = "/healthz") -> Probe:
    return Probe(path, lambda response: response.status_code == 200, f"answer {path} with 200")


def health_status(*statuses: str) -> Probe:
    """``/healthz`` reports one of ``statuses`` (zjtx's app says loading, warming, ok, degraded)."""
    return Probe("/healthz", lambda response: response.json().get("status") in statuses,
                 f"report {'/'.join(statuses)} on /healthz")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_until_ready(url: str, probe: Callable[[str], bool], alive: Callable[[], bool], timeout_s: float,
                     poll_s: float = 0.2, describe_exit: Callable[[], str] = lambda: "") -> None:
    """Poll ``probe(url)`` until it passes; raises ServerFailed once ``alive()`` is false or
    after ``timeout_s``."""
    expected = getattr(probe, "description", "become ready")
    deadline = time.monotonic() + timeout_s
    while not probe(url):
        if not alive():
            raise ServerFailed(f"the server on {url} exited before it would {expected}{describe_exit()}")
        if time.monotonic() > deadline:
            raise ServerFailed(f"the server on {url} did not {expected} within {timeout_s:g} s{describe_exit()}")
        time.sleep(poll_s)


@contextmanager
def serve_app_in_thread(app: Any, probe: Callable[[str], bool] | None = None, timeout_s: float = 60,
                        poll_s: float = 0.2, stop_timeout_s: float = 10) -> Iterator[str]:
    """An ASGI ``app`` under uvicorn in a daemon thread; yields its base URL once ``probe``
    (default: /healthz answers 200) passes, and stops the server on exit."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host=LOOPBACK, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="zjtx-test-server", daemon=True)
    thread.start()
    url = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_ready(url, probe or answers_200(), thread.is_alive, timeout_s, poll_s)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=stop_timeout_s)


@dataclass(frozen=True)
class ServedProcess:
    """A child-process server that passed its probe: its base URL and the process itself (for a
    caller that stops it early and checks what happens then)."""

    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def serve_process(command: Callable[[str, int], Sequence[str]], probe: Callable[[str], bool], timeout_s: float,
                  env: Mapping[str, str] | None = None, log_path: Path | None = None, poll_s: float = 0.5,
                  stop_timeout_s: float = 10, port: int | None = None) -> Iterator[ServedProcess]:
    """``command(host, port)`` as a child process on ``port`` (default: a free one) of the loopback
    address; yields it once ``probe`` passes. Output goes to ``log_path`` (its tail is quoted if the
    start fails) or is dropped; on exit the process is terminated, and killed if it outlives
    ``stop_timeout_s``."""
    port = free_port() if port is None else port
    url = f"http://{LOOPBACK}:{port}"
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path or os.devnull, "wb") as log_file:
        process = subprocess.Popen(list(command(LOOPBACK, port)), stdout=log_file, stderr=subprocess.STDOUT,
                                   env=dict(env) if env is not None else None)

        def describe_exit() -> str:
            code = process.poll()
            status = f" (exit code {code})" if code is not None else ""
            log = log_path.read_text(errors="replace")[-LOG_TAIL_CHARS:] if log_path and log_path.is_file() else ""
            return status + (f":\n{log}" if log else "")

        try:
            wait_until_ready(url, probe, lambda: process.poll() is None, timeout_s, poll_s, describe_exit)
            yield ServedProcess(url, process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=stop_timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def serve_command(command: Callable[[str, int], Sequence[str]], probe: Callable[[str], bool], timeout_s: float,
                  env: Mapping[str, str] | None = None, log_path: Path | None = None, poll_s: float = 0.5,
                  stop_timeout_s: float = 10, port: int | None = None) -> Iterator[str]:
    """:func:`serve_process` for a caller that needs only the base URL."""
    with serve_process(command, probe, timeout_s, env, log_path, poll_s, stop_timeout_s, port) as served:
        yield served.url
