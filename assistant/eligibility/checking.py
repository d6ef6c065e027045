"""A company profile as the interfaces receive it (a JSON object, a form) checked against a
tier, with one Chinese message for whatever is wrong with it (CLI, API and UI say the same)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from assistant.eligibility.engine import EligibilityReport, check_eligibility
from assistant.eligibility.profile import CompanyProfile, field_label
from assistant.validation import describe_validation_errors


class ProfileError(ValueError):
    """The profile, tier or rule version cannot be checked; ``str()`` is the Chinese reason."""


def check_profile_data(data: Mapping[str, Any], tier: str, rules: str | None) -> EligibilityReport:
    """The report for ``data`` (profile fields), or ``ProfileError`` saying what is wrong."""
    try:
        profile = CompanyProfile.model_validate(dict(data))
        return check_eligibility(profile, tier=tier, rules=rules)
    except ValidationError as exc:
        raise ProfileError(f"填写的企业情况有误：{describe_validation_errors(exc.errors(), _label)}") from exc
    except (KeyError, ValueError) as exc:  # an unknown tier or rule version
        raise ProfileError(str(exc).strip("'\"")) from exc


def _label(field: str) -> str:
    return field_label(field) if field in CompanyProfile.model_fields else field
