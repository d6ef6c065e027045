"""The reviewer's routes for reward rows read from added notices (``/api/rewards/review``).

Listing is open; accepting, editing or rejecting a row needs the admin token, checked as
for uploads (``require_admin``). Each route calls one function of ``assistant.rewards.review``.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from assistant.rewards.review import (
    ReviewError,
    ReviewItem,
    ReviewRowNotFound,
    ReviewStore,
    apply_review,
    review_items,
)
from ui.http.documents import DocumentsApiConfig, require_admin
from zjtx.settings import Settings


class ReviewList(BaseModel):
    rows: list[ReviewItem]


class ReviewRequest(BaseModel):
    """An action on one row; for ``edit``, the fields to change (others stay)."""

    action: Literal["accept", "edit", "reject"]
    title: str | None = Field(default=None, max_length=60, description="称号，如 国家级小巨人")
    region: str | None = Field(default=None, max_length=40, description="地区，如 成都市武侯区")
    amount_text: str | None = Field(default=None, max_length=60, description="金额原文，如 最高50万元")
    amount_min: float | None = Field(default=None, ge=0)
    amount_max: float | None = Field(default=None, ge=0)
    conditions: str | None = Field(default=None, max_length=300)
    policy: str | None = Field(default=None, max_length=300)

    def changes(self) -> dict[str, object]:
        return self.model_dump(exclude={"action"}, exclude_none=True)


def create_review_router(settings: Settings, config: DocumentsApiConfig | None = None) -> APIRouter:
    """``GET /api/rewards/review`` (pending rows, or ``?status=all``) and ``POST /api/rewards/review/{row_id}``."""
    cfg = config or DocumentsApiConfig.from_settings(settings)
    router = APIRouter(prefix="/api/rewards/review", tags=["奖励审核"])

    def admin(request: Request) -> None:
        require_admin(cfg, request)

    def store() -> ReviewStore:
        return ReviewStore.in_data_dir(settings.data_dir)

    @router.get("", response_model=ReviewList)
    def list_rows(status: Literal["auto", "reviewed", "rejected", "all"] = "auto") -> ReviewList:
        try:
            return ReviewList(rows=review_items(store(), None if status == "all" else status))
        except ReviewError as exc:
            raise HTTPException(500, str(exc)) from exc

    @router.post("/{row_id}", response_model=ReviewItem, dependencies=[Depends(admin)])
    def review_row(row_id: str, request: ReviewRequest) -> ReviewItem:
        try:
            record = apply_review(store(), row_id, request.action, request.changes())
        except ReviewError as exc:
            raise HTTPException(404 if isinstance(exc, ReviewRowNotFound) else 422, str(exc)) from exc
        return ReviewItem.of(record)

    return router
