"""Request and response bodies of the JSON API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from assistant.models import ChatMessage


class ChatRequest(BaseModel):
    messages: list[ChatMessage] = Field(min_length=1, description="完整对话历史，最后一条须为用户消息")

    @field_validator("messages")
    @classmethod
    def last_is_user(cls, messages: list[ChatMessage]) -> list[ChatMessage]:
        if messages[-1].role != "user":
            raise ValueError("最后一条消息必须来自用户（role=user）")
        if not messages[-1].content.strip():
            raise ValueError("问题不能为空")
        return messages


class SearchRequest(BaseModel):
    query: str = Field(min_length=1)  # at most settings.max_message_chars (limits.message_chars), checked by the endpoint (413)
    k: int = Field(default=5, ge=1, le=50)
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid"
    kind: str | None = None
    rule_version: str | None = None


class SearchHitOut(BaseModel):
    rank: int
    score: float
    chunk_id: str
    doc_id: str
    title: str
    section: str
    locator: str
    text: str
    bm25_rank: int | None
    dense_rank: int | None
    dense_similarity: float | None


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHitOut]
    degraded: bool = False
    notice: str | None = None


class EligibilityRequest(BaseModel):
    profile: dict[str, object] = Field(default_factory=dict, description="企业画像，字段见 docs/eligibility.md")
    tier: str = "专精特新中小企业"
    rules: str | None = Field(default=None, description="2022 或 2026；默认按今天生效的版本")
