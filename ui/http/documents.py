"""The knowledge-base routes: upload, list and delete documents (``/api/documents``).

Reading is open; writes need ``Authorization: Bearer <ZJTX_ADMIN_TOKEN>`` and are refused
when no token is configured. The token and the upload-size limit are checked before the
multipart body is read, so an unauthorised or oversized upload costs nothing. The token is
never logged or echoed."""

from __future__ import annotations

import hmac
import logging
import shutil
import tempfile
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from fastapi import APIRouter, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.routing import APIRoute
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field, SecretStr, ValidationError

from assistant.library_intake import add_notice, remove_notice
from assistant.rewards.review import ReviewItem
from indexer.corpus import CorpusError, library_dir
from indexer.ingest import (
    DEFAULT_MAX_UPLOAD_MB,
    DocumentNotFound,
    DocumentOverrides,
    DocumentTooLarge,
    DuplicateDocument,
    IndexUpdateFailed,
    IngestError,
    InvalidFileName,
    UnreadableDocument,
    check_file_name,
    list_documents,
)
from indexer.library import LibraryBusy, LibraryEntry
from zjtx.settings import Settings

log = logging.getLogger(__name__)

_MULTIPART_OVERHEAD = 64 * 1024  # boundaries and the metadata fields around the file
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DocumentsApiConfig:
    """What the routes need beyond ``Settings`` (read from it when the fields exist there)."""

    admin_token: SecretStr | None = None
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB

    @classmethod
    def from_settings(cls, settings: Settings) -> DocumentsApiConfig:
        token = getattr(settings, "admin_token", None)
        if isinstance(token, str):
            token = SecretStr(token)
        return cls(admin_token=token if token and token.get_secret_value() else None,
                   max_upload_mb=float(getattr(settings, "max_upload_mb", DEFAULT_MAX_UPLOAD_MB)))

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


class DocumentOut(BaseModel):
    doc_id: str
    title: str
    issuer: str
    date: str
    region: str | None
    kind: str
    rule_version: str | None = None
    doc_number: str | None = None
    source_format: str
    original_file: str
    page_count: int
    ocr_pages: list[int] = Field(default_factory=list)
    added_at: str
    chunks: int | None = None

    @classmethod
    def of(cls, entry: LibraryEntry, chunks: int | None) -> DocumentOut:
        return cls(doc_id=entry.id, title=entry.title, issuer=entry.issuer, date=entry.date, region=entry.region,
                   kind=entry.kind, rule_version=entry.rule_version, doc_number=entry.doc_number,
                   source_format=entry.source_format, original_file=entry.original_file,
                   page_count=entry.page_count, ocr_pages=entry.ocr_pages, added_at=entry.added_at, chunks=chunks)


class UploadResult(DocumentOut):
    build_id: str
    reward_rows: list[ReviewItem] = Field(default_factory=list, description="自动提取的奖励条目（未经人工核对）")
    guessed: dict[str, str] = Field(default_factory=dict, description="从正文推测的字段")
    warnings: list[str] = Field(default_factory=list)


class DocumentList(BaseModel):
    documents: list[DocumentOut]


class RemoveResult(BaseModel):
    doc_id: str
    title: str
    build_id: str | None
    reward_rows_removed: int = 0
    warnings: list[str] = Field(default_factory=list)


class _Reloadable(Protocol):
    settings: Settings
    service: Any


def reload_service(holder: _Reloadable) -> None:
    """Point a running server at the newest build: load it, then swap (requests in flight keep the old one)."""
    from assistant.retrieval.search_index import load_search_index
    from assistant.service import create_service

    index = load_search_index(holder.settings, embeddings=getattr(holder, "embeddings", None))
    holder.service = create_service(holder.settings, index=index)


def _status(exc: Exception) -> int:
    for kind, status in ((InvalidFileName, 400), (DocumentTooLarge, 413), (DuplicateDocument, 409),
                         (DocumentNotFound, 404), (LibraryBusy, 409), (IndexUpdateFailed, 503),
                         (UnreadableDocument, 422), (IngestError, 422), (CorpusError, 500)):
        if isinstance(exc, kind):
            return status
    return 500


def require_admin(cfg: DocumentsApiConfig, request: Request) -> None:
    """Refuse a write without the configured admin token (403 when none is configured, else 401)."""
    if cfg.admin_token is None:
        raise HTTPException(403, "未配置管理员令牌（ZJTX_ADMIN_TOKEN），上传、删除和审核已禁用；查询不受影响。")
    scheme, _, given = (request.headers.get("authorization") or "").partition(" ")
    expected = cfg.admin_token.get_secret_value().encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8"), expected):
        raise HTTPException(401, "管理员令牌无效：请在请求头中提供 Authorization: Bearer <令牌>。",
                            headers={"WWW-Authenticate": "Bearer"})


def create_documents_router(
    settings: Settings,
    on_change: Callable[[], None] | None = None,
    config: DocumentsApiConfig | None = None,
    embeddings: Callable[[], Embeddings | None] | None = None,
) -> APIRouter:
    """The ``/api/documents`` routes; ``on_change`` runs after a successful add or remove (reload).

    ``embeddings`` gives the embedder the server uses instead of the configured one (tests)."""
    cfg = config or DocumentsApiConfig.from_settings(settings)
    embedder = embeddings or (lambda: None)

    def check_admin(request: Request) -> None:
        require_admin(cfg, request)

    too_large = f"文件过大：上传上限为 {cfg.max_upload_mb:g} MB。"

    class GuardedRoute(APIRoute):
        """Checks the token and the declared/streamed size before the body is parsed."""

        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def guarded(request: Request) -> Response:
                if request.method in ("POST", "DELETE", "PUT", "PATCH"):
                    check_admin(request)
                if request.method != "POST":
                    return await handler(request)
                limit = cfg.max_upload_bytes + _MULTIPART_OVERHEAD
                declared = request.headers.get("content-length")
                if declared is not None and declared.isdigit() and int(declared) > limit:
                    raise HTTPException(413, too_large)
                received = 0
                receive = request.receive

                async def limited_receive():  # type: ignore[no-untyped-def]
                    nonlocal received
                    message = await receive()
                    if message["type"] == "http.request":
                        received += len(message.get("body", b""))
                        if received > limit:
                            raise HTTPException(413, too_large)
                    return message

                return await handler(Request(request.scope, limited_receive))

            return guarded

    router = APIRouter(prefix="/api/documents", tags=["知识库"], route_class=GuardedRoute)

    @router.get("", response_model=DocumentList)
    def get_documents() -> DocumentList:
        try:
            listed = list_documents(settings)
        except CorpusError as exc:
            raise HTTPException(500, str(exc)) from exc
        return DocumentList(documents=[DocumentOut.of(d.entry, d.chunks) for d in listed])

    @router.post("", response_model=UploadResult, status_code=201)
    def post_document(
        file: UploadFile = File(..., description="PDF、Word（.docx）、网页、图片或文本文件"),  # noqa: B008
        title: str | None = Form(None), issuer: str | None = Form(None), date: str | None = Form(None),
        region: str | None = Form(None), kind: str | None = Form(None), rules: str | None = Form(None),
    ) -> UploadResult:
        try:
            name = check_file_name(file.filename or "")
            overrides = DocumentOverrides(title=title or None, issuer=issuer or None, date=date or None,
                                          region=region or None, kind=kind or None,  # type: ignore[arg-type]
                                          rule_version=rules or None)  # type: ignore[arg-type]
        except InvalidFileName as exc:
            raise HTTPException(400, str(exc)) from exc
        except ValidationError as exc:
            raise HTTPException(422, "kind 只能是 notice、measures 或 report；rules 只能是 2022 或 2026") from exc
        with _saved_upload(settings, file, cfg.max_upload_bytes, too_large) as path:
            try:
                added = add_notice(settings, path, original_name=name, overrides=overrides,
                                   embeddings=embedder())
            except (IngestError, UnreadableDocument, LibraryBusy, CorpusError) as exc:
                log.warning("上传文档 %s 未添加：%s", name, exc)
                raise HTTPException(_status(exc), str(exc)) from exc
        warnings = list(added.warnings)
        warnings.extend(_reload(on_change))
        return UploadResult(**DocumentOut.of(added.entry, added.chunks).model_dump(), build_id=added.build_id,
                            reward_rows=[ReviewItem.of(r) for r in added.reward_rows],
                            guessed=added.guessed, warnings=warnings)

    @router.delete("/{doc_id}", response_model=RemoveResult)
    def delete_document(doc_id: str) -> RemoveResult:
        try:
            removed = remove_notice(settings, doc_id, embeddings=embedder())
        except (IngestError, LibraryBusy, CorpusError) as exc:
            raise HTTPException(_status(exc), str(exc)) from exc
        warnings = [*removed.warnings, *_reload(on_change)]
        return RemoveResult(doc_id=removed.doc_id, title=removed.title, build_id=removed.build_id,
                            reward_rows_removed=removed.reward_rows_removed, warnings=warnings)

    return router


def _reload(on_change: Callable[[], None] | None) -> list[str]:
    """Run the reload hook; a failure is logged and reported, the new build stays on disk."""
    if on_change is None:
        return []
    try:
        on_change()
    except Exception as exc:  # noqa: BLE001 - reported to the caller as a warning, not hidden
        log.exception("索引已更新，但服务重新加载失败")
        return [f"索引已更新，但服务重新加载失败（{type(exc).__name__}），重启服务后生效"]
    return []


@contextmanager
def _saved_upload(settings: Settings, upload: UploadFile, max_bytes: int, too_large: str) -> Iterator[Path]:
    """The upload copied into a private folder under the data dir, removed afterwards."""
    root = library_dir(settings.data_dir) / ".uploads"
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    try:
        path = folder / "upload"
        copied = 0
        with path.open("wb") as out:
            while chunk := upload.file.read(_COPY_CHUNK):
                copied += len(chunk)
                if copied > max_bytes:
                    raise HTTPException(413, too_large)
                out.write(chunk)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
