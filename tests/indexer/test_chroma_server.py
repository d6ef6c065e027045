"""Chroma server mode against a real ``chroma run`` process on 127.0.0.1."""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from assistant.retrieval.search import search
from assistant.retrieval.search_index import load_search_index
from evals.server_process import LOOPBACK, answers_200, free_port, serve_command
from indexer.builder import build_index
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings

pytestmark = pytest.mark.slow


def _chroma_binary() -> str:
    candidate = Path(sys.executable).parent / "chroma"
    found = str(candidate) if candidate.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("chroma CLI not installed")
    return found


class ChromaServer:
    """``chroma run`` on 127.0.0.1 that a test can stop and start again on the same port and data path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = free_port()
        self._running = ExitStack()

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> None:
        def command(host: str, port: int) -> list[str]:
            return [_chroma_binary(), "run", "--path", str(self.path), "--host", host, "--port", str(port)]

        self._running.enter_context(serve_command(command, answers_200("/api/v2/heartbeat"), timeout_s=60,
                                                  poll_s=0.2, stop_timeout_s=15, port=self.port))

    def stop(self) -> None:
        self._running.close()


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
