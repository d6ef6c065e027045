"""Chroma server mode against a real ``chroma run`` process on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.retrieval.search import search
from assistant.retrieval.search_index import load_search_index
from indexer.builder import build_index
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _chroma_binary() -> str:
    candidate = Path(sys.executable).parent / "chroma"
    found = str(candidate) if candidate.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("chroma CLI not installed")
    return found


class ChromaServer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [_chroma_binary(), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # bounded wait for the port
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("chroma server did not start within 60 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[ChromaServer]:
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    yield server
    server.stop()


def test_index_and_search_through_a_real_chroma_server(small_corpus: Path, tmp_path: Path, chroma_server: ChromaServer) -> None:
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", chroma_url=chroma_server.url)
    result = build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    assert result.info.chroma_url == chroma_server.url
    assert not (settings.index_dir / "builds" / result.info.build_id / "chroma").exists()

    index = load_search_index(settings, embeddings=HashingEmbeddings())
    assert index.vector_store_ok()
    outcome = search(index, "昆山市专精特新奖励", k=5, mode="dense")
    assert not outcome.degraded
    assert outcome.hits and all(h.dense_similarity is not None for h in outcome.hits)


def test_server_down_degrades_to_bm25_and_recovers(small_corpus: Path, tmp_path: Path, chroma_server: ChromaServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.retrieval.search_index as search_index

    monkeypatch.setattr(search_index, "_RECONNECT_EVERY_S", 0.0)
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", chroma_url=chroma_server.url)
    build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    index = load_search_index(settings, embeddings=HashingEmbeddings())

    chroma_server.stop()
    down = search(index, "昆山 小巨人 奖励", k=3)
    assert down.degraded and down.notice and down.hits  # keyword results still served
    assert not index.vector_store_ok()

    chroma_server.start()  # same data path, same port
    deadline = time.monotonic() + 30
    while not index.vector_store_ok() and time.monotonic() < deadline:
        time.sleep(0.5)
    again = search(index, "昆山 小巨人 奖励", k=3)
    assert not again.degraded


def test_healthz_reports_degraded_and_chat_falls_back_with_a_notice(
    small_corpus: Path, tmp_path: Path, chroma_server: ChromaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    import assistant.retrieval.search_index as search_index
    from assistant.service import create_service
    from ui.http.api import create_app

    monkeypatch.setattr(search_index, "_RECONNECT_EVERY_S", 0.0)
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", chroma_url=chroma_server.url,
                        rate_limit_per_minute=0)
    build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    service = create_service(settings, index=load_search_index(settings, embeddings=HashingEmbeddings()))
    client = TestClient(create_app(settings, service=service))
    assert client.get("/healthz").json()["status"] == "ok"

    chroma_server.stop()
    assert client.get("/healthz").json()["status"] == "degraded"
    body = client.post("/api/chat", json={"messages": [{"role": "user", "content": "北交所是哪天注册成立的？"}]}).json()
    assert body.get("notice") and "关键词检索" in body["notice"]

    chroma_server.start()
    deadline = time.monotonic() + 30
    while client.get("/healthz").json()["status"] != "ok" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert client.get("/healthz").json()["status"] == "ok"
