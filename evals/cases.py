"""The golden eval cases (``evals/golden/cases.yaml``), typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from assistant.models import ChatMessage
from indexer.passages import parse_locator

GOLDEN_PATH = Path(__file__).resolve().parent / "golden" / "cases.yaml"
CategoryName = Literal[
    "facts_2022", "changes_2026", "version_diff", "statistics", "finance",
    "rewards", "eligibility", "refusal", "multiturn",
]


class EvalCase(BaseModel):
    id: str
    category: str  # golden: one of CategoryName; blind sets name their own
    question: str
    history: list[ChatMessage] = Field(default_factory=list)
    doc_id: str | None = None
    locator: str | None = None
    evidence: str | None = None
    expected: list[str] = Field(default_factory=list)
    forbidden: list[str] = Field(default_factory=list)
    refuse: bool = False
    expect_missing: bool = False
    profile: dict[str, Any] | None = None
    tier: str | None = None
    rules: str | None = None
    expected_verdict: Literal["pass", "fail", "unknown"] | None = None
    expected_gaps: list[str] = Field(default_factory=list)

    @property
    def messages(self) -> list[ChatMessage]:
        return [*self.history, ChatMessage(role="user", content=self.question)]

    @property
    def line_range(self) -> tuple[int, int] | None:
        return parse_locator(self.locator) if self.locator else None


def load_cases(path: Path = GOLDEN_PATH) -> list[EvalCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [EvalCase.model_validate(c) for c in data["cases"]]
