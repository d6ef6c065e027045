"""Adding and removing documents at run time: parse, store original and text side by side,
list in the library manifest, rebuild the index incrementally — all or nothing.

A failed add leaves no folder and no manifest entry, and the index keeps serving its last good
build (``build_index`` switches only when complete). The bundled corpus is never touched.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import unquote

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from indexer.builder import BuildResult, build_index
from indexer.corpus import content_hash, load_manifest
from indexer.index_store import IndexStore
from indexer.library import PAGES_FILE, Library, LibraryEntry
from indexer.metadata_guess import GuessedMetadata, guess_metadata, normalize_date
from indexer.parsers import ExtractedDocument, UnreadableDocument, extract_text
from zjtx.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_MAX_UPLOAD_MB = 20
_SAFE_SUFFIX = re.compile(r"^\.[A-Za-z0-9]{1,8}$")
_FORMAT_SUFFIX = {"pdf": ".pdf", "docx": ".docx", "image": ".png", "html": ".html", "text": ".txt"}
_FIELD_LABELS = {"title": "标题", "issuer": "发文单位", "date": "发文日期", "region": "地区", "doc_number": "发文字号"}

UploadKind = Literal["notice", "measures", "report"]
RuleVersion = Literal["2022", "2026"]
ProgressCallback = Callable[[int, int, str], None]
"""``callback(done, total, stage)`` while a document is added; stages are the Chinese labels below."""
STAGE_PARSE, STAGE_EMBED, STAGE_DONE = "解析文档", "向量化", "完成"


class IngestError(Exception):
    """A document could not be added or removed; the message is Chinese and safe to show."""


class InvalidFileName(IngestError):
    pass


class DocumentTooLarge(IngestError):
    pass


class DuplicateDocument(IngestError):
    pass


class DocumentNotFound(IngestError):
    pass


class IndexUpdateFailed(IngestError):
    """The rebuild failed; the change was undone and the previous build keeps serving."""


class DocumentOverrides(BaseModel):
    """Metadata the operator gave; anything left ``None`` is guessed from the text."""

    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    region: str | None = None
    kind: UploadKind | None = None
    rule_version: RuleVersion | None = None


class AddedDocument(BaseModel):
    entry: LibraryEntry
    chunks: int
    build_id: str
    guessed: dict[str, str] = Field(default_factory=dict, description="field → value guessed from the text")
    warnings: list[str] = Field(default_factory=list)


class RemovedDocument(BaseModel):
    doc_id: str
    title: str
    build_id: str | None


class ListedDocument(BaseModel):
    entry: LibraryEntry
    chunks: int | None = Field(default=None, description="chunks in the serving build; None when not indexed")


def check_file_name(name: str) -> str:
    """The uploaded file's own name, refused when it carries a path or control characters.

    Also checked percent-decoded: HTTP clients send a NUL or a slash in a multipart filename as %00 / %2F."""
    decoded = unquote(name)
    if decoded != name:
        check_file_name(decoded)
    if "\x00" in name:
        raise InvalidFileName("文件名含有非法字符（NUL），已拒绝")
    if any(ord(ch) < 32 for ch in name):
        raise InvalidFileName("文件名含有控制字符，已拒绝")
    stripped = name.strip()
    if not stripped:
        raise InvalidFileName("文件名为空")
    if "/" in stripped or "\\" in stripped or stripped in (".", ".."):
        raise InvalidFileName("文件名不能包含路径（如 ../ 或 /），请只上传文件本身")
    if len(stripped.encode("utf-8")) > 255:
        raise InvalidFileName("文件名过长（超过 255 字节）")
    return stripped


def max_upload_bytes(settings: Settings) -> int:
    """``ZJTX_MAX_UPLOAD_MB`` (default 20) in bytes."""
    return int(float(getattr(settings, "max_upload_mb", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024)


def list_documents(settings: Settings) -> list[ListedDocument]:
    store = IndexStore(settings.index_dir)
    current = store.current_build_id()
    counts = {d.doc_id: d.chunk_count for d in store.read_build_info(current).documents} if current else {}
    return [ListedDocument(entry=e, chunks=counts.get(e.id)) for e in Library(settings.data_dir).entries()]


def add_document(
    settings: Settings,
    source: Path,
    original_name: str | None = None,
    overrides: DocumentOverrides | None = None,
    embeddings: Embeddings | None = None,
    on_progress: ProgressCallback | None = None,
) -> AddedDocument:
    """Parse ``source``, store it under ``<data_dir>/library/<doc_id>/`` and index it.

    ``on_progress(done, total, stage)`` reports parsing, each embedded batch and the end.
    Raises ``UnreadableDocument`` for a file no parser can read and ``IngestError`` otherwise."""
    name = check_file_name(original_name if original_name is not None else source.name)
    overrides = overrides or DocumentOverrides()
    if not source.is_file():
        raise IngestError(f"文件不存在：{name}")
    size = source.stat().st_size
    limit = max_upload_bytes(settings)
    if size > limit:
        raise DocumentTooLarge(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {limit / 1024 / 1024:.0f} MB")
    data = source.read_bytes()
    file_hash = content_hash(data)
    library = Library(settings.data_dir)
    _refuse_duplicate(settings, library, file_hash, None)

    progress = on_progress or (lambda done, total, stage: None)
    progress(0, 1, STAGE_PARSE)
    extracted = extract_text(source)
    progress(1, 1, STAGE_PARSE)
    text = extracted.text
    text_hash = _text_fingerprint(text)
    guess = guess_metadata([line.text for line in extracted.lines], extracted.title_hint)
    entry, guessed, warnings = _entry(name, overrides, guess, extracted, file_hash, text_hash)

    staging = library.new_staging_dir()
    try:
        shutil.copyfile(source, staging / Path(entry.stored_original).name)
        (staging / Path(entry.file).name).write_text(text, encoding="utf-8")
        (staging / PAGES_FILE).write_text(json.dumps({"line_pages": extracted.line_pages}), encoding="utf-8")
        with library.lock():
            _refuse_duplicate(settings, library, file_hash, text_hash)
            before = library.entries()
            target = library.doc_dir(entry.id)
            if target.exists():
                raise DuplicateDocument(f"已存在：文档 {entry.id} 的文件夹已存在")
            staging.rename(target)
            result: BuildResult | None = None
            try:
                library.write_entries([*before, entry])
                result = _build(settings, embeddings, "添加",
                                lambda done, total: progress(done, total, STAGE_EMBED))
                chunks = _chunks_of(result, entry.id)
            except BaseException:
                library.write_entries(before)
                shutil.rmtree(target, ignore_errors=True)
                if result is not None and not result.unchanged:
                    # the serving build lists the refused document: build again without it
                    _build(settings, embeddings, "撤销添加")
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("已添加文档 %s（%d 段）", entry.id, chunks)
    progress(1, 1, STAGE_DONE)
    return AddedDocument(entry=entry, chunks=chunks, build_id=result.info.build_id, guessed=guessed, warnings=warnings)


def remove_document(settings: Settings, doc_id: str, embeddings: Embeddings | None = None) -> RemovedDocument:
    """Delete an added document's files and manifest entry, then rebuild; restored if the build fails."""
    library = Library(settings.data_dir)
    with library.lock():
        before = library.entries()
        entry = next((e for e in before if e.id == doc_id), None)
        if entry is None:
            if any(m.id == doc_id for m in load_manifest(settings.manifest_path)):
                raise IngestError(f"文档 {doc_id} 属于内置语料，不能通过知识库删除")
            raise DocumentNotFound(f"未找到文档 {doc_id}")
        folder = library.doc_dir(entry.id)
        trash = library.trash_dir(entry.id)
        held = trash / entry.id
        if folder.exists():
            folder.rename(held)
        try:
            library.write_entries([e for e in before if e.id != doc_id])
            result = _build(settings, embeddings, "删除")
        except BaseException:
            library.write_entries(before)
            if held.exists():
                held.rename(folder)
            shutil.rmtree(trash, ignore_errors=True)
            raise
        shutil.rmtree(trash, ignore_errors=True)
    log.info("已删除文档 %s", doc_id)
    return RemovedDocument(doc_id=doc_id, title=entry.title, build_id=result.info.build_id)


def _build(
    settings: Settings, embeddings: Embeddings | None, action: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    try:
        return build_index(settings, embeddings=embeddings, show_progress=False, on_progress=on_progress)
    except Exception as exc:
        raise IndexUpdateFailed(f"更新索引失败，{action}未生效，当前索引保持不变：{exc}") from exc


def _chunks_of(result: BuildResult, doc_id: str) -> int:
    record = next((d for d in result.info.documents if d.doc_id == doc_id), None)
    if record is None:
        reasons = "；".join(f"{s.file}：{s.reason}" for s in result.info.skipped) or "未被索引读取"
        raise IngestError(f"新文档未能进入索引（{reasons}），已撤销添加")
    if record.chunk_count == 0:
        raise IngestError("文档中没有可检索的正文，已撤销添加")
    return record.chunk_count


def _text_fingerprint(text: str) -> str:
    """Same text whatever the blank lines and spacing: a re-saved copy is still a duplicate."""
    lines = ("".join(line.split()) for line in text.splitlines())
    return content_hash("\n".join(line for line in lines if line).encode("utf-8"))


def _refuse_duplicate(settings: Settings, library: Library, file_hash: str, text_hash: str | None) -> None:
    for entry in library.entries():
        if entry.content_hash == file_hash or (text_hash is not None and entry.text_hash == text_hash):
            raise DuplicateDocument(f"已存在：与知识库中的文档 {entry.id}《{entry.title.strip('《》')}》内容相同")
    for meta in load_manifest(settings.manifest_path):
        path = settings.documents_dir / meta.file
        if path.is_file():
            data = path.read_bytes()
            if content_hash(data) in (file_hash, text_hash):
                raise DuplicateDocument(f"已存在：与内置语料 {meta.id} 内容相同")


def _entry(
    name: str, overrides: DocumentOverrides, guess: GuessedMetadata, extracted: ExtractedDocument,
    file_hash: str, text_hash: str,
) -> tuple[LibraryEntry, dict[str, str], list[str]]:
    guessed: dict[str, str] = {}
    warnings: list[str] = []

    def pick(field: str, given: str | None, found: str | None) -> str | None:
        if given is not None and given.strip():
            return given.strip()
        if found:
            guessed[field] = found
            warnings.append(f"未提供{_FIELD_LABELS[field]}，已从正文推测为「{found}」，请核对")
            return found
        warnings.append(f"未能从正文识别{_FIELD_LABELS[field]}，请补充")
        return None

    try:
        given_date = normalize_date(overrides.date) if overrides.date else None
    except ValueError as exc:
        raise IngestError(str(exc)) from exc
    title = pick("title", overrides.title, guess.title) or Path(name).stem
    issuer = pick("issuer", overrides.issuer, guess.issuer) or ""
    date = pick("date", given_date, guess.date) or ""
    region = pick("region", overrides.region, guess.region)
    if guess.doc_number:
        guessed["doc_number"] = guess.doc_number
    kind = overrides.kind or guess.kind
    if overrides.kind is None:
        guessed["kind"] = kind
    if extracted.ocr_pages:
        pages = "、".join(str(p) for p in extracted.ocr_pages)
        warnings.append(f"第 {pages} 页没有文字层，已用 OCR 识别，数字和名称请对照原件核对")
    warnings.extend(extracted.warnings)
    doc_id = f"lib-{date[:4] if date else 'undated'}-{file_hash[:10]}"
    suffix = Path(name).suffix.lower()
    suffix = suffix if _SAFE_SUFFIX.match(suffix) else _FORMAT_SUFFIX[extracted.source_format]
    entry = LibraryEntry(
        id=doc_id, file=f"{doc_id}/{doc_id}.txt", original_file=name, title=title, issuer=issuer, date=date,
        kind=kind, rule_version=overrides.rule_version, region=region, doc_number=guess.doc_number,
        content_hash=file_hash, text_hash=text_hash, source_format=extracted.source_format,
        stored_original=f"{doc_id}/original{suffix}", page_count=extracted.page_count,
        ocr_pages=extracted.ocr_pages, added_at=datetime.now(UTC).isoformat(timespec="seconds"),
        guessed=sorted(guessed),
    )
    return entry, guessed, warnings


__all__ = [
    "AddedDocument", "DocumentNotFound", "DocumentOverrides", "DocumentTooLarge", "DuplicateDocument",
    "IndexUpdateFailed", "IngestError", "InvalidFileName", "ListedDocument", "ProgressCallback", "RemovedDocument",
    "STAGE_DONE", "STAGE_EMBED", "STAGE_PARSE", "UnreadableDocument",
    "add_document", "check_file_name", "list_documents", "max_upload_bytes", "remove_document",
]
