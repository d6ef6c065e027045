"""Reading the self-check form: which facts the user stated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NOT_STATED = "未填"
_FLAG_CHOICES = {"是": True, "否": False}


def profile_values(form: Mapping[str, Any]) -> dict[str, Any]:
    """The facts stated in the self-check form: blank numbers and 未填 are left out,
    是/否 become booleans; validation stays with ``CompanyProfile``."""
    values: dict[str, Any] = {}
    for name, value in form.items():
        if value is None or value == "" or value == NOT_STATED:
            continue
        if isinstance(value, float) and value != value:  # NaN from an emptied number box
            continue
        values[name] = _FLAG_CHOICES.get(value, value) if isinstance(value, str) else value
    return values
