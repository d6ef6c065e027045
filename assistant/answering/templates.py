"""Answer templates and prompts, loaded from files under ``assistant/prompts``."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

_PROMPTS = resources.files("assistant") / "prompts"


@lru_cache(maxsize=8)
def load_templates(name: str = "extractive") -> dict[str, Any]:
    return yaml.safe_load((_PROMPTS / f"{name}.yaml").read_text(encoding="utf-8"))


def load_prompt(name: str) -> str:
    """A plain-text prompt file (``assistant/prompts/<name>.md``)."""
    return (_PROMPTS / f"{name}.md").read_text(encoding="utf-8")
