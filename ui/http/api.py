"""The FastAPI app: thin JSON routes over ``AssistantService``; the UI is mounted at ``/``."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse

from assistant.retrieval.search import SearchFilters
from assistant.service import AssistantService
from assistant.validation import describe_validation_errors
from ui.http.documents import create_documents_router, reload_service
from ui.http.limits import BodySizeLimit, RateLimiter, message_chars, message_too_long
from ui.http.review import create_review_router
from ui.http.schemas import (
    ChatRequest,
    EligibilityRequest,
    SearchHitOut,
    SearchRequest,
    SearchResponse,
)
from ui.state import ServiceHolder
from zjtx.settings import Settings

log = logging.getLogger(__name__)
DOCUMENTS_PATH = "/api/documents"  # uploads: the router enforces ZJTX_MAX_UPLOAD_MB itself


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": message}, headers=headers)


def create_app(settings: Settings, service: AssistantService | None = None, include_home: bool = True) -> FastAPI:
    holder = ServiceHolder(settings, service)

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        holder.start_loading()
        yield

    app = FastAPI(title="zjtx 专精特新政策助手 API", version="0.1.0", lifespan=lifespan)
    app.state.holder = holder
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, exempt=(DOCUMENTS_PATH,))
    app.include_router(create_documents_router(settings, on_change=lambda: reload_service(holder),
                                               embeddings=lambda: holder.embeddings))
    app.include_router(create_review_router(settings))
    limiter = RateLimiter(settings.rate_limit_per_minute)
    # CORS stays closed unless origins are configured explicitly
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "DELETE"])

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422,
                            content={"detail": "请求格式不正确：" + describe_validation_errors(exc.errors())})

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("处理请求时出错：%s", request.url.path)
        return _error(500, "服务内部错误，请稍后重试。")

    def ready_service() -> AssistantService | JSONResponse:
        if holder.service is None:
            return _error(503, holder.error or "索引加载中，请稍后再试。")
        return holder.service

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        if holder.service is None:
            return JSONResponse(status_code=503, content={"status": "loading", "detail": holder.error})
        index = holder.service.index
        body: dict[str, Any] = {"status": "ok", "build_id": index.build.build_id, "chunks": len(index.chunks)}
        if index.warming is not None:  # answering by keywords while the vectors are computed
            body.update(status="degraded" if index.warming.error else "warming", dense=index.warming.describe())
        elif not index.vector_store_ok():
            body.update(status="degraded", detail="向量库不可用，问答暂时仅使用关键词检索。")
        return JSONResponse(status_code=200, content=body)

    def chat_problem(request: ChatRequest, http: Request) -> JSONResponse | None:
        client = http.client.host if http.client else "unknown"
        if not limiter.allow(client):
            wait = limiter.seconds_to_wait(client)  # a client can tell how long to back off (trial 35)
            return _error(429, f"请求过于频繁，请约{wait}秒后再试。", {"Retry-After": str(wait)})
        if any(message_chars(m.content) > settings.max_message_chars for m in request.messages):
            return _error(413, message_too_long(settings.max_message_chars))
        if len(request.messages) > settings.max_messages:
            return _error(413, f"对话过长：最多 {settings.max_messages} 条消息，请开始新的对话。")
        return None

    @app.post("/api/chat")
    def chat(request: ChatRequest, http: Request) -> JSONResponse:
        if (problem := chat_problem(request, http)) is not None:
            return problem
        service = ready_service()
        if isinstance(service, JSONResponse):
            return service
        return JSONResponse(service.chat(request.messages).public())

    @app.post("/api/chat/stream", response_model=None)
    def chat_stream(request: ChatRequest, http: Request) -> StreamingResponse | JSONResponse:
        """The same answer as /api/chat as server-sent events (delta pieces, then the answer)."""
        if (problem := chat_problem(request, http)) is not None:
            return problem
        service = ready_service()
        if isinstance(service, JSONResponse):
            return service
        return StreamingResponse(service.stream(request.messages), media_type="text/event-stream")

    @app.post("/api/search", response_model=SearchResponse)
    def search(request: SearchRequest) -> SearchResponse | JSONResponse:
        if message_chars(request.query) > settings.max_message_chars:
            return _error(413, message_too_long(settings.max_message_chars))
        service = ready_service()
        if isinstance(service, JSONResponse):
            return service
        outcome = service.search(request.query, k=request.k, mode=request.mode,
                                 filters=SearchFilters(kind=request.kind, rule_version=request.rule_version))
        hits = [
            SearchHitOut(rank=i, score=h.score, chunk_id=h.chunk.chunk_id, doc_id=h.chunk.doc_id,
                         title=h.chunk.title, section=h.chunk.section, locator=h.chunk.locator,
                         text=h.chunk.text, bm25_rank=h.bm25_rank, dense_rank=h.dense_rank,
                         dense_similarity=h.dense_similarity)
            for i, h in enumerate(outcome.hits, start=1)
        ]
        return SearchResponse(query=request.query, hits=hits, degraded=outcome.degraded, notice=outcome.notice)

    @app.post("/api/eligibility")
    def eligibility(request: EligibilityRequest) -> JSONResponse:
        from assistant.eligibility.checking import ProfileError, check_profile_data

        try:
            report = check_profile_data(request.profile, tier=request.tier, rules=request.rules)
        except ProfileError as exc:
            return _error(422, str(exc))
        return JSONResponse(report.model_dump())

    @app.get("/api/rewards")
    def rewards(region: str | None = None, title: str | None = None, compare: bool = False) -> JSONResponse:
        from assistant.library_intake import current_reward_rows
        from assistant.rewards import RewardTableError, lookup_rewards
        from assistant.rewards.notice_terms import lookup_with_notice_terms
        from assistant.rewards.review import ReviewError

        for name, value in (("region", region), ("title", title)):
            if value is not None and len(value) > 50:
                return _error(422, f"{name} 过长（最多 50 个字符）")
        try:
            rows = current_reward_rows(settings)
        except (RewardTableError, ReviewError) as exc:
            return _error(500, str(exc))
        lookup = lookup_with_notice_terms(settings, lookup_rewards(region=region or None, title=title or None,
                                                                   compare=compare, rows=rows))
        return JSONResponse(lookup.model_dump())

    @app.get("/api/criteria")
    def criteria(tier: str | None = None, rules: str | None = None, indicator: str | None = None,
                 compare: bool = False) -> JSONResponse:
        from assistant.criteria.lookup import lookup_criteria_request

        try:
            lookup = lookup_criteria_request(tier, rules, indicator, compare)
        except ValueError as exc:
            return _error(422, str(exc))
        return JSONResponse(lookup.public())

    if include_home:  # off when the Gradio UI is mounted at "/"
        @app.get("/", response_class=HTMLResponse, include_in_schema=False)
        def home() -> str:
            return _PLACEHOLDER_PAGE

    return app


_PLACEHOLDER_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>专精特新政策助手</title></head><body>
<h1>专精特新政策助手</h1>
<p>JSON 接口：<code>POST /api/chat</code>、<code>POST /api/search</code>；接口文档见 <a href="/docs">/docs</a>。</p>
</body></html>"""
