"""The web application served by ``zjtx serve``: the JSON API plus the UI at ``/``.

``zjtx serve --workers N`` answers on N processes listening on the same port (SO_REUSEPORT: the
kernel spreads new connections evenly over them). This process serves everything (the UI, the warm start, the documents API); once it
serves a complete build it starts N-1 API workers that load the same read-only build and
answer ``/api/chat``, ``/api/chat/stream`` and ``/api/search`` themselves. Any other request a
worker receives (the Gradio UI keeps its queue in one process) goes back to this process over a
unix socket. The per-client rate limit is counted in each process.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from pydantic import SecretStr
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.service import AssistantService
from ui.http.api import create_app
from zjtx.settings import Settings

log = logging.getLogger(__name__)
WORKER_ROUTES = {("POST", "/api/chat"), ("POST", "/api/chat/stream"), ("POST", "/api/search")}
WORKER_HEADER = "x-zjtx-worker"  # on responses a worker answered itself: its pid
_HOP_BY_HOP = {b"connection", b"keep-alive", b"transfer-encoding", b"date", b"server"}  # uvicorn sets its own
_WATCH_EVERY_S = 0.25


def create_web_app(
    settings: Settings, service: AssistantService | None = None, stream_seconds: float | None = None
) -> FastAPI:
    """The API under ``/api`` (OpenAPI at ``/openapi.json``) with the Gradio UI mounted at ``/``.

    ``service`` skips the background load (tests pass the session's real service); ``stream_seconds``
    sets how long the chat types an answer out (the UI's own default when None).
    """
    from ui.gradio.app import mount_ui

    app = create_app(settings, service=service, include_home=False)
    return mount_ui(app) if stream_seconds is None else mount_ui(app, stream_seconds)


def serve_web(settings: Settings, host: str, port: int, workers: int = 1, build_if_missing: bool = False) -> None:
    """Serve the web app on ``host:port`` from ``workers`` processes (see the module docstring)."""
    import uvicorn

    web = create_web_app(settings)
    web.state.holder.build_if_missing = build_if_missing
    if workers > 1:  # a port already served (with SO_REUSEPORT too) fails here instead of being shared
        socket.create_server((host, port)).close()
    listener = socket.create_server((host, port), backlog=2048, reuse_port=workers > 1)
    port = int(listener.getsockname()[1])
    sockets = [listener]
    if workers > 1:
        back = Path(tempfile.mkdtemp(prefix="zjtx-serve-")) / "main.sock"
        back_listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        back_listener.bind(str(back))
        back_listener.listen(256)
        sockets.append(back_listener)
        pool = ApiWorkerPool(settings, web.state.holder, workers - 1, f"{host}:{port}", back)
        web.add_middleware(WorkerPoolLifecycle, pool=pool)
    uvicorn.Server(uvicorn.Config(web, log_level="warning")).run(sockets=sockets)


def worker_environment(settings: Settings) -> dict[str, str]:
    """This process's settings as ``ZJTX_*`` variables, so a worker reads the very same ones."""
    env = dict(os.environ)
    for name in Settings.model_fields:
        key, value = f"ZJTX_{name.upper()}", getattr(settings, name)
        if value is None:
            env.pop(key, None)
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        env[key] = json.dumps(value) if isinstance(value, list | dict | bool) else str(value)
    return env


@dataclass
class ApiWorkerPool:
    """Starts the workers once this process serves a complete build, and anew when it changes.

    A thread watches the holder every quarter second for the life of the server; while the
    build is warming (keyword answers) or being replaced, this process answers alone.
    """

    settings: Settings
    holder: Any  # ui.state.ServiceHolder
    size: int
    listen: str  # host:port, bound by each worker with SO_REUSEPORT
    back_socket: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    build_id: str | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._watch, name="zjtx-api-workers", daemon=True)
            self._thread.start()
            atexit.register(self.stop)

    def stop(self) -> None:
        self._stop.set()
        self._replace(None)
        self.back_socket.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            self.back_socket.parent.rmdir()

    def serving_build(self) -> str | None:
        service = self.holder.service
        if service is None or not service.index.dense_ready:
            return None
        return str(service.index.build.build_id)

    def _watch(self) -> None:
        while not self._stop.wait(_WATCH_EVERY_S):
            build = self.serving_build()
            if build != self.build_id:
                self._replace(build)
            for process in self.processes:
                if process.poll() is not None and process.returncode not in (0, -signal.SIGTERM):
                    log.warning("API 工作进程 %s 已退出（%s），其余进程继续作答", process.pid, process.returncode)
            self.processes = [p for p in self.processes if p.poll() is None]

    def _replace(self, build_id: str | None) -> None:
        """Stop the workers of the previous build (they finish what they are answering), then
        start those of ``build_id``; each accepts connections only once it has loaded it."""
        with self._lock:
            self._replace_locked(build_id)

    def _replace_locked(self, build_id: str | None) -> None:
        old, self.processes, self.build_id = self.processes, [], build_id
        for process in old:
            process.terminate()
        for process in old:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if build_id is None or self._stop.is_set():
            return
        command = [sys.executable, "-m", "zjtx.cli", "serve", "--listen", self.listen,
                   "--main-socket", str(self.back_socket), "--build-id", build_id, "--parent-pid", str(os.getpid())]
        env = worker_environment(self.settings)
        self.processes = [subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL) for _ in range(self.size)]


class WorkerPoolLifecycle:
    """Main-process middleware: runs the pool with the server, and takes the client's address
    from X-Forwarded-For on requests a worker handed back over the unix socket."""

    def __init__(self, app: ASGIApp, pool: ApiWorkerPool) -> None:
        self.app = app
        self.pool = pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            self.pool.start()
            receive = self._stop_on_shutdown(receive)
        elif scope["type"] == "http" and scope.get("client") is None:  # only the unix socket has no peer address
            forwarded = dict(scope["headers"]).get(b"x-forwarded-for")
            if forwarded:
                scope = {**scope, "client": (forwarded.decode("latin-1"), 0)}
        await self.app(scope, receive, send)


    def _stop_on_shutdown(self, receive: Receive) -> Receive:
        """uvicorn re-raises SIGTERM after its shutdown (no atexit then): stop the workers here."""

        async def wrapped() -> Message:
            message = await receive()
            if message["type"] == "lifespan.shutdown":
                await asyncio.to_thread(self.pool.stop)
            return message

        return wrapped


class HandBackToMain:
    """Worker middleware: the retrieval routes are answered here, any other request by the main
    process (the UI, uploads, health), relayed both ways as a stream."""

    def __init__(self, app: ASGIApp, main_socket: Path) -> None:
        self.app = app
        self.http = httpx.AsyncClient(transport=httpx.AsyncHTTPTransport(uds=str(main_socket)),
                                      timeout=httpx.Timeout(300.0, connect=5.0))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (scope["method"], scope["path"]) in WORKER_ROUTES:
            await self.app(scope, receive, _with_worker_header(send))
            return
        await self._relay(scope, receive, send)

    async def _relay(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(k, v) for k, v in scope["headers"] if k not in _HOP_BY_HOP and k not in (b"content-length", b"x-forwarded-for")]
        client = scope.get("client")
        headers.append((b"x-forwarded-for", (client[0] if client else "unknown").encode()))
        target = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        request = self.http.build_request(scope["method"], "http://zjtx-main" + target.decode("latin-1"),
                                          headers=headers, content=_body(receive))
        try:
            response = await self.http.send(request, stream=True)
        except httpx.TransportError as exc:
            log.warning("主进程不可达：%s", exc)
            body = json.dumps({"detail": "服务重启中，请稍后再试。"}, ensure_ascii=False).encode()
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        try:
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(k, v) for k, v in response.headers.raw if k.lower() not in _HOP_BY_HOP]})
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()


async def _body(receive: Receive) -> AsyncIterator[bytes]:
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return
        yield message.get("body", b"")
        more = message.get("more_body", False)


def _with_worker_header(send: Send) -> Send:
    pid = str(os.getpid()).encode()

    async def wrapped(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), (WORKER_HEADER.encode(), pid)]}
        await send(message)

    return wrapped


def serve_api_worker(settings: Settings, listen: str, main_socket: Path, build_id: str, parent_pid: int) -> None:
    """One API worker of ``zjtx serve --workers N``: loads the serving build, then listens on the
    server's port (SO_REUSEPORT); it exits when the server that started it does."""
    import uvicorn

    from assistant.service import create_service

    service = create_service(settings)
    if service.index.build.build_id != build_id:
        log.warning("索引已变为 %s（应为 %s），工作进程退出", service.index.build.build_id, build_id)
        return

    def exit_with_parent() -> None:
        while os.getppid() == parent_pid:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=exit_with_parent, name="zjtx-parent-watch", daemon=True).start()
    app = create_app(settings, service=service)
    app.add_middleware(HandBackToMain, main_socket=main_socket)
    host, _, port = listen.rpartition(":")
    listener = socket.create_server((host, int(port)), backlog=2048, reuse_port=True)
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[listener])
