"""One Chinese wording for pydantic validation errors, shared by the CLI and the API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any


def describe_validation_errors(
    errors: Iterable[Mapping[str, Any]], label: Callable[[str], str] = lambda where: where
) -> str:
    """"field：message；…" with pydantic's "Value error, " prefix and the body location removed.

    ``label`` names a field for the reader (its Chinese label); a message that already starts
    with that name is not prefixed again."""
    problems = []
    for err in errors:
        where = label(".".join(str(p) for p in err.get("loc", ()) if p != "body"))
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        problems.append(f"{where}：{message}" if where and not message.startswith(where) else message)
    return "；".join(problems)
