"""The LLM mode's prompts and notices, read from ``assistant/prompts/llm_*.md``."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.templates import load_prompt, load_templates

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


def question_prompt(passages: str, question: str) -> str:
    return load_prompt("llm_question").strip().format(passages=passages, question=question)


def echoes_prompt(text: str) -> bool:
    return any(tag in text for tag in DATA_TAGS)


def refusal_text() -> str:
    """The same refusal sentence as the extractive mode, so both modes refuse alike."""
    return str(load_templates()["refusal"])


def quote_system_prompt() -> str:
    return load_prompt("llm_quote_system").strip()


def quote_question_prompt(candidates: str, question: str) -> str:
    return load_prompt("llm_quote_question").strip().format(candidates=candidates, question=question)
