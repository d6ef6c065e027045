"""A build writes its chunks, complete and marked, before it embeds anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.builder import build_index
from indexer.index_store import BuildInfo, IndexStore
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings


def test_chunks_are_complete_before_the_first_vector(small_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data")
    store = IndexStore(settings.index_dir)
    embedder = HashingEmbeddings()
    seen: list[tuple[BuildInfo, int, int]] = []

    def chunks_ready(info: BuildInfo, to_embed: int) -> None:
        assert embedder.documents_embedded == 0, "chunks should be ready before any embedding"
        assert store.read_pending_info(info.build_id) == info
        assert store.current_build_id() is None  # written, but not serving
        seen.append((info, to_embed, len(store.read_chunks(info.build_id))))

    result = build_index(settings, embeddings=embedder, show_progress=False, on_chunks_ready=chunks_ready)
    (info, to_embed, written), = seen
    assert info.build_id == result.info.build_id
    assert to_embed == written == result.info.chunk_count > 0
    assert store.current_build_id() == info.build_id


def test_a_build_killed_while_embedding_is_pending_not_serving(small_corpus: Path, tmp_path: Path) -> None:
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", embed_batch_size=8)
    store = IndexStore(settings.index_dir)
    with pytest.raises(RuntimeError, match="fault injection"):
        build_index(settings, embeddings=HashingEmbeddings(), show_progress=False, fail_after_chunks=8)
    (pending,) = store.stale_builds(keep=set())
    assert store.read_pending_info(pending) is not None
    assert store.current_build_id() is None and not store.complete_build_ids()
