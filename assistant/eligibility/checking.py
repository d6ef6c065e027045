"""A company profile as the interfaces receive it (a JSON object, a form) checked against a
tier, with one Chinese message for whatever is wrong with it (CLI, API and UI say the same)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.eligibility.engine import EligibilityReport, check_eligibility
from assistant.eligibility.profile import CompanyProfile, field_label


class ProfileError(ValueError):
    """The profile, tier or rule version cannot be checked; ``str()`` is the Chinese reason."""


def check_profile_data(data: Mapping[str, Any], tier: str, rules: str | None) -> EligibilityReport:
    """The report for ``data`` (profile fields), or ``ProfileError`` saying what is wrong."""
    try:
        profile = CompanyProfile.model_validate(dict(data))
        return check_eligibility(profile, tier=tier, rules=rules)
    except ValidationError as exc:
        raise ProfileError(f"企业画像数据有误：{_problems(exc)}") from exc
    except (KeyError, ValueError) as exc:  # an unknown tier or rule version
        raise ProfileError(str(exc).strip("'\"")) from exc


def _problems(error: ValidationError) -> str:
    """"上年度营业收入：应为数字；…" — each field by its Chinese label."""
    problems = []
    for err in error.errors():
        field = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        message = str(err.get("msg", "")).removeprefix("Value error, ")
        label = _label(field)
        problems.append(f"{label}：{message}" if label and not message.startswith(label) else message)
    return "；".join(problems)


def _label(field: str) -> str:
    if field in CompanyProfile.model_fields:
        return field_label(field)
    return field
