"""The Chroma client: embedded ``PersistentClient`` by default, ``HttpClient`` when a URL is set."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from zjtx.settings import Settings

COLLECTION_PREFIX = "zjtx-"


class VectorStoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached (or the local store cannot be opened)."""


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def make_chroma_client(settings: Settings, persist_dir: Path | None) -> Any:
    """A Chroma client for one index build; telemetry is always off."""
    import chromadb

    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or 8000,
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several transport errors
            raise VectorStoreUnavailable(f"无法连接 Chroma 服务：{settings.chroma_url}") from exc
        return client
    if persist_dir is None:
        raise VectorStoreUnavailable("本地 Chroma 需要一个存储目录")
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=_chroma_settings())


def collection_name(build_id: str) -> str:
    return f"{COLLECTION_PREFIX}{build_id}"


def create_collection(client: Any, build_id: str) -> Any:
    return client.get_or_create_collection(
        collection_name(build_id), configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
    )


def get_collection(client: Any, build_id: str) -> Any:
    return client.get_collection(collection_name(build_id), embedding_function=None)


def delete_collection(client: Any, build_id: str) -> None:
    try:
        client.delete_collection(collection_name(build_id))
    except Exception:  # noqa: BLE001 - already gone is fine; nothing else to do
        return
