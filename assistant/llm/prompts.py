"""The LLM mode's prompts and notices, read from ``assistant/prompts/llm_*.md``."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.templates import load_prompt, load_templates
from assistant.frame import QuestionFrame

_SECTION = re.compile(r"^## (\w+)\s*$", re.MULTILINE)
# The tags that wrap the passages in llm_question.md; in an answer they mean the model
# echoed its prompt (small or base models do) instead of answering.
DATA_TAGS = ("<资料>", "</资料>")


@lru_cache(maxsize=1)
def llm_templates() -> dict[str, str]:
    """The "## name" sections of ``llm_templates.md`` by name (text before the first is a comment)."""
    parts = _SECTION.split(load_prompt("llm_templates"))
    return {name: body.strip("\n") for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def system_prompt() -> str:
    return load_prompt("llm_system").strip().format(refusal=refusal_text())


def question_prompt(passages: str, question: str, frame: QuestionFrame | None = None) -> str:
    text = load_prompt("llm_question").strip().format(passages=passages, question=question)
    reading = frame_reading(frame) if frame is not None else ""
    return f"{text}\n{reading}" if reading else text


def frame_reading(frame: QuestionFrame) -> str:
    """How the turn was read (tier, rule version, indicators), so the model answers for them."""
    t = llm_templates()
    parts = [t["reading_tier"].format(tier="、".join(frame.tiers))] if frame.tiers else []
    if frame.rules:
        parts.append(t["reading_rules_named"].format(version=frame.rules))
    elif frame.tiers or frame.indicators:  # a rule question without a version: the one in force
        parts.append(t["reading_rules_in_force"].format(version=frame.rules_in_force))
    if frame.indicators:
        parts.append(t["reading_indicator"].format(indicators="、".join(frame.indicators)))
    return t["reading"].format(parts="；".join(parts)) if parts else ""


def echoes_prompt(text: str) -> bool:
    return any(tag in text for tag in DATA_TAGS)


def refusal_text() -> str:
    """The same refusal sentence as the extractive mode, so both modes refuse alike."""
    return str(load_templates()["refusal"])


def quote_system_prompt() -> str:
    return load_prompt("llm_quote_system").strip()


def quote_question_prompt(candidates: str, question: str) -> str:
    return load_prompt("llm_quote_question").strip().format(candidates=candidates, question=question)
