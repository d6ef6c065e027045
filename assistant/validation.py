"""One Chinese wording for pydantic validation errors, shared by the CLI and the API."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def describe_validation_errors(errors: Iterable[Mapping[str, Any]]) -> str:
    """"field：message；…" with pydantic's "Value error, " prefix and the body location removed."""
    problems = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        problems.append(f"{where}：{message}" if where else message)
    return "；".join(problems)
