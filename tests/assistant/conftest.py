"""Fixtures of the LLM-mode tests: a four-chunk index over BM25 alone, and a silent endpoint."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search_index import SearchIndex
from indexer.index_store import BuildInfo
from tests.assistant.llm_support import CHUNKS, EmptyCollection
from tests.fakes import HashingEmbeddings
from zjtx.settings import PROJECT_ROOT, Settings


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_dir=PROJECT_ROOT / "corpus", data_dir=tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def index(settings: Settings) -> SearchIndex:
    build = BuildInfo(build_id="test", created_at="2026-01-01", embedder="hashing-test",
                      chunk_max_chars=360, documents=[], chunk_count=len(CHUNKS), duration_s=0.0)
    return SearchIndex(settings=settings, build=build, chunks=CHUNKS, bm25=BM25Index(CHUNKS),
                       embeddings=HashingEmbeddings(), _collection=EmptyCollection())


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A listening socket that never answers: connections succeed, responses never come."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield int(s.getsockname()[1])
