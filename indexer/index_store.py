"""Where index builds live and which one is serving.

Layout under ``<data_dir>/index``: ``builds/<build_id>/`` holds ``chunks.jsonl``,
``chunks.ready`` (written once the chunks are complete, before embedding starts),
``build.json`` (written last: a build without it is incomplete) and, in embedded mode,
``chroma/``. ``CURRENT`` names the serving build and is replaced atomically, so a build
killed half-way never changes what is served. A build with ``chunks.ready`` but no
``build.json`` may be searched by keywords (BM25) while its vectors are computed.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, Field

from indexer.models import Chunk, SkippedDocument

BUILD_INFO = "build.json"
CHUNKS_FILE = "chunks.jsonl"
CHUNKS_READY = "chunks.ready"
CURRENT = "CURRENT"


class DocumentRecord(BaseModel):
    doc_id: str
    title: str
    content_hash: str
    chunk_count: int
    embedded: bool = Field(description="True when this build computed the vectors; False when reused")
    stale_reason: str | None = Field(default=None, description="set when the file was unreadable and the last good version is kept")


class BuildInfo(BaseModel):
    """What a finished build contains and how it was made."""

    build_id: str
    created_at: str
    embedder: str
    chunk_max_chars: int
    chroma_url: str | None = None
    documents: list[DocumentRecord]
    skipped: list[SkippedDocument] = Field(default_factory=list)
    chunk_count: int
    chunks_fingerprint: str = ""
    duration_s: float

    def hashes(self) -> dict[str, str]:
        return {d.doc_id: d.content_hash for d in self.documents}


def new_build_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


class IndexStore:
    """File-level operations on the index directory."""

    def __init__(self, index_dir: Path) -> None:
        self.root = index_dir
        self.builds = index_dir / "builds"

    def build_dir(self, build_id: str) -> Path:
        return self.builds / build_id

    def current_build_id(self) -> str | None:
        pointer = self.root / CURRENT
        if not pointer.is_file():
            return None
        build_id = pointer.read_text(encoding="utf-8").strip()
        return build_id if (self.build_dir(build_id) / BUILD_INFO).is_file() else None

    def read_build_info(self, build_id: str) -> BuildInfo:
        return BuildInfo.model_validate_json((self.build_dir(build_id) / BUILD_INFO).read_text("utf-8"))

    def read_chunks(self, build_id: str) -> list[Chunk]:
        path = self.build_dir(build_id) / CHUNKS_FILE
        with path.open(encoding="utf-8") as fh:
            return [Chunk.model_validate_json(line) for line in fh if line.strip()]

    def write_chunks(self, build_id: str, chunks: list[Chunk]) -> None:
        path = self.build_dir(build_id) / CHUNKS_FILE
        with path.open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk.model_dump_json() + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def mark_chunks_ready(self, info: BuildInfo) -> None:
        """Declare ``chunks.jsonl`` complete (with what is known of the build before embedding)."""
        _atomic_write(self.build_dir(info.build_id) / CHUNKS_READY, info.model_dump_json(indent=2))

    def read_pending_info(self, build_id: str) -> BuildInfo | None:
        """The provisional info of a build whose chunks are complete, or None when they are not."""
        path = self.build_dir(build_id) / CHUNKS_READY
        if not path.is_file():
            return None
        return BuildInfo.model_validate_json(path.read_text("utf-8"))

    def finish_build(self, info: BuildInfo) -> None:
        """Mark a build complete, then make it the serving one (atomic rename)."""
        _atomic_write(self.build_dir(info.build_id) / BUILD_INFO, info.model_dump_json(indent=2))
        _atomic_write(self.root / CURRENT, info.build_id)

    def stale_builds(self, keep: set[str]) -> list[str]:
        """Builds that are neither kept nor in progress by someone holding the lock."""
        if not self.builds.is_dir():
            return []
        return sorted(p.name for p in self.builds.iterdir() if p.is_dir() and p.name not in keep)

    def remove_build(self, build_id: str) -> None:
        shutil.rmtree(self.build_dir(build_id), ignore_errors=True)

    def complete_build_ids(self) -> list[str]:
        if not self.builds.is_dir():
            return []
        return sorted(p.name for p in self.builds.iterdir() if (p / BUILD_INFO).is_file())


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
