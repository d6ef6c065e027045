"""One Chinese wording for pydantic validation errors, shared by the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def _messages() -> dict[str, str]:
    text = (resources.files("assistant") / "resources" / "validation_messages.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def _message(err: Mapping[str, Any]) -> str:
    """pydantic's message in Chinese where its type is known ("Field required" → 缺少必填项)."""
    template = _messages().get(str(err.get("type", "")))
    if template is not None:
        try:
            context = {k: int(v) if isinstance(v, float) and v.is_integer() else v
                       for k, v in (err.get("ctx") or {}).items()}
            return template.format(**context)
        except (KeyError, IndexError, ValueError):
            pass
    return str(err.get("msg", "")).removeprefix("Value error, ")


def describe_validation_errors(
    errors: Iterable[Mapping[str, Any]], label: Callable[[str], str] = lambda where: where
) -> str:
    """"field：message；…" with pydantic's "Value error, " prefix and the body location removed.

    ``label`` names a field for the reader (its Chinese label); a message that already starts
    with that name is not prefixed again."""
    problems = []
    for err in errors:
        where = label(".".join(str(p) for p in err.get("loc", ()) if p != "body"))
        message = _message(err)
        problems.append(f"{where}：{message}" if where and not message.startswith(where) else message)
    return "；".join(problems)
