"""Index builds: incremental reuse, forced rebuild, failures that leave the old index serving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assistant.retrieval.search import search
from assistant.retrieval.search_index import IndexNotBuilt, load_search_index
from indexer.builder import build_index
from indexer.index_store import IndexStore
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings


def _settings(corpus: Path, tmp_path: Path) -> Settings:
    return Settings(corpus_dir=corpus, data_dir=tmp_path / "data")


def test_second_build_reuses_everything_and_a_changed_document_is_re_embedded(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(small_corpus, tmp_path)
    emb = HashingEmbeddings()
    first = build_index(settings, embeddings=emb, show_progress=False)
    assert first.embedded_chunks == first.info.chunk_count > 0
    assert emb.documents_embedded == first.info.chunk_count

    again = build_index(settings, embeddings=emb, show_progress=False)
    assert again.unchanged and again.info.build_id == first.info.build_id
    assert emb.documents_embedded == first.info.chunk_count  # nothing re-embedded

    doc = small_corpus / "documents" / "report-2022-summary.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增的一句测试文本。\n", encoding="utf-8")
    third = build_index(settings, embeddings=emb, show_progress=False)
    changed = {d.doc_id: d.embedded for d in third.info.documents}
    assert changed == {"report-2022-summary": True, "measures-2022-training": False}
    report_chunks = next(d.chunk_count for d in third.info.documents if d.doc_id == "report-2022-summary")
    # only the chunks whose text changed (here: the last one of the edited document) are embedded
    assert 1 <= third.embedded_chunks < report_chunks
    assert third.reused_chunks == third.info.chunk_count - third.embedded_chunks
    assert emb.documents_embedded == first.info.chunk_count + third.embedded_chunks


def test_rebuild_re_embeds_all(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(small_corpus, tmp_path)
    emb = HashingEmbeddings()
    first = build_index(settings, embeddings=emb, show_progress=False)
    forced = build_index(settings, rebuild=True, embeddings=emb, show_progress=False)
    assert forced.embedded_chunks == forced.info.chunk_count
    assert forced.info.build_id != first.info.build_id


def test_build_failing_half_way_leaves_previous_index_serving(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(small_corpus, tmp_path)
    good = build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    (small_corpus / "documents" / "measures-2022-training.txt").write_text("".join(f"第{i}句改动后的文本。" for i in range(400)), "utf-8")
    with pytest.raises(RuntimeError, match="fault injection"):
        build_index(settings, embeddings=HashingEmbeddings(), show_progress=False, fail_after_chunks=1)
    assert IndexStore(settings.index_dir).current_build_id() == good.info.build_id
    index = load_search_index(settings, embeddings=HashingEmbeddings())
    assert index.build.build_id == good.info.build_id
    assert search(index, "昆山 小巨人 奖励", k=3).hits


def test_bad_files_are_named_and_skipped_and_the_rest_indexed(small_corpus: Path, tmp_path: Path) -> None:
    docs = small_corpus / "documents"
    (docs / "stray.txt").write_text("未登记的文件", encoding="utf-8")
    (docs / "report-2022-summary.txt").write_bytes(b"\xff\xfe\x00\x01binary")
    result = build_index(_settings(small_corpus, tmp_path), embeddings=HashingEmbeddings(), show_progress=False)
    skipped = {s.file: s.reason for s in result.info.skipped}
    assert "report-2022-summary.txt" in skipped and "二进制" in skipped["report-2022-summary.txt"]
    assert "stray.txt" in skipped
    assert [d.doc_id for d in result.info.documents] == ["measures-2022-training"]


def test_non_utf8_and_empty_files_are_skipped(small_corpus: Path, tmp_path: Path) -> None:
    docs = small_corpus / "documents"
    (docs / "report-2022-summary.txt").write_bytes("专精特新".encode("gbk"))
    (docs / "measures-2022-training.txt").write_text("   \n", encoding="utf-8")
    result = build_index(_settings(small_corpus, tmp_path), embeddings=HashingEmbeddings(), show_progress=False)
    reasons = {s.file: s.reason for s in result.info.skipped}
    assert "UTF-8" in reasons["report-2022-summary.txt"]
    assert "为空" in reasons["measures-2022-training.txt"]


def test_missing_index_is_reported_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(IndexNotBuilt, match="尚未建立索引"):
        load_search_index(Settings(data_dir=tmp_path / "empty"), embeddings=HashingEmbeddings())


_KILLED_BUILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from tests.fakes import HashingEmbeddings
    from indexer.builder import build_index
    from zjtx.settings import Settings

    class Killer(HashingEmbeddings):
        def embed_documents(self, texts):
            if self.documents_embedded > 0:
                os.kill(os.getpid(), signal.SIGKILL)
            return super().embed_documents(texts)

    s = Settings(corpus_dir={corpus!r}, data_dir={data!r}, embed_batch_size=4)
    build_index(s, rebuild=True, embeddings=Killer(), show_progress=False)
    """
)


def test_sigkill_mid_build_keeps_the_last_complete_index(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(small_corpus, tmp_path)
    good = build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    script = _KILLED_BUILD.format(root=str(Path(__file__).resolve().parents[2]), corpus=str(small_corpus),
                                  data=str(settings.data_dir))
    proc = subprocess.run([sys.executable, "-c", script], timeout=120, env={**os.environ})
    assert proc.returncode == -signal.SIGKILL
    assert IndexStore(settings.index_dir).current_build_id() == good.info.build_id
    # the next build (which holds the lock) still works and cleans up the half-written one
    after = build_index(settings, rebuild=True, embeddings=HashingEmbeddings(), show_progress=False)
    assert IndexStore(settings.index_dir).stale_builds({after.info.build_id, good.info.build_id}) == []


def test_a_document_corrupted_after_indexing_keeps_its_last_good_version(small_corpus: Path, tmp_path: Path) -> None:
    settings = _settings(small_corpus, tmp_path)
    good = build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    before = {d.doc_id: d.chunk_count for d in good.info.documents}
    (small_corpus / "documents" / "measures-2022-training.txt").write_bytes(b"\x00\x01\x02garbage")
    again = build_index(settings, embeddings=HashingEmbeddings(), show_progress=False)
    records = {d.doc_id: d for d in again.info.documents}
    assert "measures-2022-training.txt" in {s.file for s in again.info.skipped}
    kept = records["measures-2022-training"]
    assert kept.chunk_count == before["measures-2022-training"] and kept.stale_reason
    index = load_search_index(settings, embeddings=HashingEmbeddings())
    assert any(h.chunk.doc_id == "measures-2022-training" for h in search(index, "昆山市 奖励", k=5).hits)
