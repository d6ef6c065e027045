"""Reading the corpus: the manifest and the raw document files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import yaml
from pydantic import ValidationError

from indexer.layout import DocumentLayout, load_layout
from indexer.models import DocumentMeta, SkippedDocument


class CorpusError(Exception):
    """The corpus manifest is missing or malformed."""


@dataclass(frozen=True)
class RawDocument:
    meta: DocumentMeta
    text: str
    content_hash: str
    layout: DocumentLayout | None = None


def load_manifest(manifest_path: Path) -> list[DocumentMeta]:
    """Parse ``manifest.yaml`` into typed entries, with a Chinese error on bad input."""
    if not manifest_path.is_file():
        raise CorpusError(f"未找到语料清单：{manifest_path.name}")
    try:
        data = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
        return [DocumentMeta(**entry) for entry in data.get("documents", [])]
    except (yaml.YAMLError, ValidationError, TypeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"语料清单格式错误：{manifest_path.name}（{type(exc).__name__}）") from exc


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(meta: DocumentMeta, documents_dir: Path) -> RawDocument | SkippedDocument:
    """Read one document, or explain why it cannot be indexed (missing, empty, binary, not UTF-8)."""
    path = documents_dir / meta.file
    if not path.is_file():
        return SkippedDocument(file=meta.file, reason="文件不存在")
    data = path.read_bytes()
    if not data.strip():
        return SkippedDocument(file=meta.file, reason="文件为空")
    if b"\x00" in data[:4096]:
        return SkippedDocument(file=meta.file, reason="疑似二进制文件（含 NUL 字节）")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SkippedDocument(file=meta.file, reason=f"不是 UTF-8 编码（第 {exc.start} 字节）")
    return RawDocument(meta=meta, text=text, content_hash=content_hash(data))


def library_dir(data_dir: Path) -> Path:
    """Where documents added at run time live: ``<doc_id>/`` folders and their own ``manifest.yaml``."""
    return data_dir / "library"


def load_library_manifest(library: Path) -> list[DocumentMeta]:
    """Entries of the data-dir library (none until a document is added); ``file`` is relative to it."""
    path = library / "manifest.yaml"
    return load_manifest(path) if path.is_file() else []


def load_corpus(
    manifest_path: Path, documents_dir: Path, library_dir: Path | None = None,
) -> tuple[list[RawDocument], list[SkippedDocument]]:
    """All readable documents listed in the manifest, and the ones skipped with reasons.

    A document with a fitting ``layout/<id>.yaml`` beside the manifest carries its layout.
    With ``library_dir``, the documents added at run time (its manifest) are merged in."""
    docs: list[RawDocument] = []
    skipped: list[SkippedDocument] = []
    listed = set()
    ids = set()
    for meta in load_manifest(manifest_path):
        listed.add(meta.file)
        ids.add(meta.id)
        result = read_document(meta, documents_dir)
        if isinstance(result, RawDocument):
            layout = load_layout(manifest_path.parent / "layout", meta.id, result.text)
            docs.append(replace(result, layout=layout) if layout else result)
        else:
            skipped.append(result)
    if library_dir is not None:
        for meta in load_library_manifest(library_dir):
            result = read_document(meta, library_dir)
            if meta.id in ids:
                result = SkippedDocument(file=meta.file, reason=f"文档编号 {meta.id} 与语料清单重复")
            ids.add(meta.id)
            if isinstance(result, RawDocument):
                docs.append(result)
            else:
                skipped.append(result)
    if documents_dir.is_dir():
        for path in sorted(documents_dir.iterdir()):
            if path.is_file() and path.name not in listed and not path.name.startswith("."):
                skipped.append(SkippedDocument(file=path.name, reason="未在 manifest.yaml 中登记"))
    return docs, skipped
