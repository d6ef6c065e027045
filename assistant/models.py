"""Typed objects crossing the assistant's boundary (API, CLI, UI, evals)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Route = Literal["search", "eligibility", "rewards", "criteria", "refusal"]
# who wrote the answer text: quoted passages and tool results, or the configured chat model
Composer = Literal["extractive", "llm"]


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str


class Citation(BaseModel):
    doc_id: str
    title: str
    locator: str
    snippet: str
    section: str = ""


class ToolCallRecord(BaseModel):
    name: str
    arguments: dict[str, Any]
    result: Any


class Answer(BaseModel):
    """What the assistant returns for one turn; ``answer`` cites ``citations`` as [1], [2]."""

    answer: str
    citations: list[Citation] = Field(default_factory=list)
    tool_calls: list[ToolCallRecord] = Field(default_factory=list)
    route: Route = "search"
    resolved_question: str = ""
    refused: bool = False
    notice: str | None = None
    composer: Composer = "extractive"
    frame: dict[str, Any] | None = None  # the question frame the turn was read into

    def public(self) -> dict[str, Any]:
        """The JSON object of ``POST /api/chat`` and ``zjtx ask --json``."""
        data = self.model_dump(include={"answer", "citations", "tool_calls"})
        data["citations"] = [c.model_dump(include={"doc_id", "title", "locator", "snippet", "section"}) for c in self.citations]
        if self.notice:
            data["notice"] = self.notice
        data["route"] = self.route
        data["composer"] = self.composer
        if self.frame is not None:
            data["frame"] = self.frame
        return data
