"""Building the index: clean, chunk, embed (only what changed), store aside, then switch."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from indexer.chunking import chunk_document, embedding_text
from indexer.corpus import RawDocument, library_dir, load_corpus, load_manifest
from indexer.embeddings import embedder_name, make_embeddings
from indexer.index_store import BuildInfo, DocumentRecord, IndexStore, new_build_id
from indexer.locks import exclusive_lock
from indexer.models import Chunk, SkippedDocument
from indexer.vector_store import create_collection, delete_collection, make_chroma_client
from zjtx.settings import Settings

log = logging.getLogger(__name__)
VECTORS_FILE = "vectors.npy"
_ADD_BATCH = 256


class IndexBusy(RuntimeError):
    """Another ``zjtx index`` holds the build lock."""


@dataclass
class BuildResult:
    info: BuildInfo
    reused_chunks: int
    embedded_chunks: int
    unchanged: bool


def build_lock(index_dir: Path, timeout_s: float = 600.0) -> AbstractContextManager[None]:
    """One build at a time per data dir; a second one waits (bounded) instead of mixing builds."""
    return exclusive_lock(index_dir / ".build.lock", timeout_s, 0.5,
                          lambda: IndexBusy("另一个索引任务正在进行，请稍后再试"))


def _previous_vectors(store: IndexStore, build_id: str | None) -> dict[str, np.ndarray]:
    """chunk_id -> vector of the serving build, for reuse."""
    if build_id is None:
        return {}
    vec_path = store.build_dir(build_id) / VECTORS_FILE
    if not vec_path.is_file():
        return {}
    chunks = store.read_chunks(build_id)
    vectors = np.load(vec_path)
    if len(vectors) != len(chunks):
        return {}
    return {_vector_key(c): v for c, v in zip(chunks, vectors, strict=True)}


def _carry_over_skipped(
    settings: Settings, store: IndexStore, current_id: str | None, previous: BuildInfo | None,
    skipped: list[SkippedDocument],
) -> list[tuple[DocumentRecord, list[Chunk]]]:
    """Keep the last good version of a document whose file is now unreadable (no silent loss)."""
    if current_id is None or previous is None or not skipped:
        return []
    by_file = {m.file: m for m in load_manifest(settings.manifest_path)}
    old_records = {d.doc_id: d for d in previous.documents}
    old_chunks = store.read_chunks(current_id)
    carried = []
    for item in skipped:
        meta = by_file.get(item.file)
        if meta is None or meta.id not in old_records:
            continue
        doc_chunks = [c for c in old_chunks if c.doc_id == meta.id]
        record = old_records[meta.id].model_copy(
            update={"embedded": False, "stale_reason": f"文件当前无法读取（{item.reason}），沿用上次成功索引的版本"})
        log.warning("文档 %s 无法读取，沿用上次索引的版本", item.file)
        carried.append((record, doc_chunks))
    return carried


def _vector_key(chunk: Chunk) -> str:
    return f"{chunk.chunk_id}|{embedding_text(chunk)}"


def chunks_fingerprint(chunks: list[Chunk]) -> str:
    """Changes whenever any chunk's text, section or location changes."""
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk.model_dump_json().encode("utf-8"))
    return digest.hexdigest()


def build_index(
    settings: Settings,
    rebuild: bool = False,
    embeddings: Embeddings | None = None,
    show_progress: bool = True,
    fail_after_chunks: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_chunks_ready: Callable[[BuildInfo, int], None] | None = None,
) -> BuildResult:
    """Build a new index next to the serving one and switch to it when complete.

    Unchanged documents (same content hash, embedder and chunk size) reuse their vectors.
    ``on_chunks_ready(info, to_embed)`` is called once the chunks are written, before any
    embedding, so a server can answer by keywords meanwhile; ``on_progress(done, total)``
    after each embedded batch. ``fail_after_chunks`` exists for fault-injection tests.
    """
    store = IndexStore(settings.index_dir)
    with build_lock(settings.index_dir):
        started = time.perf_counter()
        docs, skipped = load_corpus(settings.manifest_path, settings.documents_dir,
                                    library_dir=library_dir(settings.data_dir))
        for item in skipped:
            log.warning("跳过文档 %s：%s", item.file, item.reason)
        current_id = store.current_build_id()
        previous = store.read_build_info(current_id) if current_id else None
        name = getattr(embeddings, "name", None) or embedder_name(settings)
        compatible = (
            previous is not None
            and previous.embedder == name
            and previous.chunk_max_chars == settings.chunk_max_chars
            and previous.chroma_url == settings.chroma_url
        )
        chunks: list[Chunk] = []
        per_doc: list[tuple[RawDocument, int]] = []
        for doc in docs:
            doc_chunks = chunk_document(doc, settings.chunk_max_chars)
            chunks.extend(doc_chunks)
            per_doc.append((doc, len(doc_chunks)))
        carried = _carry_over_skipped(settings, store, current_id, previous, skipped) if compatible else []
        for _record, doc_chunks in carried:
            chunks.extend(doc_chunks)
        fingerprint = chunks_fingerprint(chunks)
        if compatible and not rebuild and previous is not None and previous.chunks_fingerprint == fingerprint:
            stale = {r.doc_id: r for r, _ in carried}
            info = previous.model_copy(update={
                "skipped": skipped,
                "documents": [stale.get(d.doc_id, d) for d in previous.documents],
            })
            return BuildResult(info=info, reused_chunks=previous.chunk_count, embedded_chunks=0, unchanged=True)

        # vectors are reused per chunk when its embedded text is identical: an unchanged
        # document is never re-embedded, and a cleaning change re-embeds only what it touched
        reusable = {} if (rebuild or not compatible) else _previous_vectors(store, current_id)
        vectors: list[np.ndarray | None] = [reusable.get(_vector_key(c)) for c in chunks]
        embedded_docs = {c.doc_id for c, v in zip(chunks, vectors, strict=True) if v is None}
        records = [
            DocumentRecord(doc_id=doc.meta.id, title=doc.meta.title, content_hash=doc.content_hash,
                           chunk_count=count, embedded=doc.meta.id in embedded_docs)
            for doc, count in per_doc
        ] + [record for record, _ in carried]
        todo = [i for i, v in enumerate(vectors) if v is None]
        build_id = new_build_id()
        build_dir = store.build_dir(build_id)
        build_dir.mkdir(parents=True, exist_ok=True)
        info = BuildInfo(
            build_id=build_id,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            embedder=name,
            chunk_max_chars=settings.chunk_max_chars,
            chroma_url=settings.chroma_url,
            documents=records,
            chunks_fingerprint=fingerprint,
            skipped=skipped,
            chunk_count=len(chunks),
            duration_s=round(time.perf_counter() - started, 2),
        )
        # the chunks are complete (and searchable by keywords) before the first vector is computed
        store.write_chunks(build_id, chunks)
        store.mark_chunks_ready(info)
        if on_chunks_ready:
            on_chunks_ready(info, len(todo))
        if todo:
            embedder = embeddings or make_embeddings(settings)
            batch = max(1, settings.embed_batch_size)
            done = 0
            with tqdm(total=len(todo), desc="向量化", unit="段", disable=not show_progress) as bar:
                for start in range(0, len(todo), batch):
                    ids = todo[start : start + batch]
                    if fail_after_chunks is not None and start + len(ids) > fail_after_chunks:
                        raise RuntimeError("fault injection: build aborted half-way")
                    new = embedder.embed_documents([embedding_text(chunks[i]) for i in ids])
                    for i, vec in zip(ids, new, strict=True):
                        vectors[i] = np.asarray(vec, dtype=np.float32)
                    bar.update(len(ids))
                    done += len(ids)
                    if on_progress:
                        on_progress(done, len(todo))

        matrix = np.vstack([v for v in vectors if v is not None]) if chunks else np.zeros((0, 1), np.float32)
        np.save(build_dir / VECTORS_FILE, matrix)
        _store_vectors(settings, build_dir, build_id, chunks, matrix)

        info = info.model_copy(update={
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "duration_s": round(time.perf_counter() - started, 2),
        })
        store.finish_build(info)
        _remove_old_builds(settings, store, keep={build_id, current_id or ""})
        return BuildResult(info=info, reused_chunks=len(chunks) - len(todo), embedded_chunks=len(todo), unchanged=False)


def _store_vectors(settings: Settings, build_dir: Path, build_id: str, chunks: list[Chunk], matrix: np.ndarray) -> None:
    client = make_chroma_client(settings, None if settings.chroma_url else build_dir / "chroma")
    collection = create_collection(client, build_id)
    for start in range(0, len(chunks), _ADD_BATCH):
        part = chunks[start : start + _ADD_BATCH]
        collection.add(
            ids=[c.chunk_id for c in part],
            embeddings=matrix[start : start + len(part)].tolist(),
            documents=[c.text for c in part],
            metadatas=[c.to_metadata() for c in part],  # type: ignore[misc]
        )


def _remove_old_builds(settings: Settings, store: IndexStore, keep: set[str]) -> None:
    """Keep the new build and the one it replaced (a running server may still read it)."""
    for build_id in store.stale_builds(keep):
        if settings.chroma_url:
            try:
                delete_collection(make_chroma_client(settings, None), build_id)
            except RuntimeError:
                log.warning("未能删除旧的 Chroma 集合 %s", build_id)
        store.remove_build(build_id)
