"""Serving before the vectors are ready: keyword answers while embedding, hybrid afterwards."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.retrieval.search_index import IndexNotBuilt, load_search_index
from indexer.index_store import IndexStore
from tests.fakes import HashingEmbeddings
from ui.http.api import create_app
from zjtx.settings import Settings

QUESTION = "专精特新中小企业认定以后有效期是几年？"
BATCH = 16


class SlowEmbeddings(HashingEmbeddings):
    """A slow embedder that computes one batch per permit, so the test sets the pace."""

    def __init__(self) -> None:
        super().__init__()
        self.permits = threading.Semaphore(0)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not self.permits.acquire(timeout=60):
            raise TimeoutError("the test never let the embedder go on")
        time.sleep(0.02)
        return super().embed_documents(texts)


def _wait_for(get: Callable[[], httpx.Response], ok: Callable[[dict[str, Any]], bool],
              timeout_s: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    body: dict[str, Any] = {}
    while time.monotonic() < deadline:
        body = get().json()
        if ok(body):
            return body
        time.sleep(0.05)
    raise AssertionError(f"still not there after {timeout_s} s: {body}")


def _ask(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": QUESTION}]})
    assert response.status_code == 200
    return response.json()


def test_answers_come_from_bm25_while_embedding_and_switch_to_hybrid_without_restart(
    small_corpus: Path, tmp_path: Path
) -> None:
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", embed_batch_size=BATCH,
                        rate_limit_per_minute=0)
    embedder = SlowEmbeddings()
    app = create_app(settings)
    holder = app.state.holder
    holder.build_if_missing, holder.embeddings = True, embedder
    try:
        with TestClient(app) as client:
            warming = _wait_for(lambda: client.get("/healthz"), lambda b: b.get("status") == "warming")
            total = warming["chunks"]
            assert client.get("/healthz").status_code == 200  # load balancers keep routing to it
            assert warming["dense"] == f"embedding 0/{total}"

            # the build in progress is never the serving build, for this process or another
            assert IndexStore(settings.index_dir).current_build_id() is None
            with pytest.raises(IndexNotBuilt):
                load_search_index(settings, embeddings=HashingEmbeddings())

            # meanwhile answers come from BM25 alone, and read as usual (no notice)
            hits = client.post("/api/search", json={"query": QUESTION, "k": 5}).json()
            assert hits["hits"] and hits["notice"] is None and not hits["degraded"]
            assert all(h["dense_rank"] is None and h["bm25_rank"] == h["rank"] for h in hits["hits"])
            bm25_ids = [h.chunk.chunk_id for h in holder.service.search(QUESTION, k=5, mode="bm25").hits]
            assert [h["chunk_id"] for h in hits["hits"]] == bm25_ids
            during = _ask(client)
            assert "三年" in during["answer"] and during["citations"]

            embedder.permits.release()  # one batch
            progressed = _wait_for(lambda: client.get("/healthz"),
                                   lambda b: b.get("dense") == f"embedding {BATCH}/{total}")
            assert progressed["status"] == "warming"

            embedder.permits.release(total)
            done = _wait_for(lambda: client.get("/healthz"), lambda b: b.get("status") == "ok")
            assert "dense" not in done and done["build_id"] == warming["build_id"]

            # the same running app now fuses dense and keyword rankings
            hybrid = client.post("/api/search", json={"query": QUESTION, "k": 5}).json()
            assert any(h["dense_rank"] is not None for h in hybrid["hits"])
            after = _ask(client)
            assert "三年" in after["answer"] and after["citations"]
    finally:
        embedder.permits.release(1000)
        if holder._thread is not None:
            holder._thread.join(timeout=30)


def test_a_failed_embedding_keeps_answering_by_keywords(small_corpus: Path, tmp_path: Path) -> None:
    class BrokenEmbeddings(HashingEmbeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            raise RuntimeError("模型损坏")

    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", rate_limit_per_minute=0)
    app = create_app(settings)
    holder = app.state.holder
    holder.build_if_missing, holder.embeddings = True, BrokenEmbeddings()
    with TestClient(app) as client:
        health = _wait_for(lambda: client.get("/healthz"), lambda b: b.get("status") == "degraded")
        assert "模型损坏" in health["dense"]
        assert "三年" in _ask(client)["answer"]
    assert IndexStore(settings.index_dir).current_build_id() is None
