"""Validation errors read in Chinese, whatever pydantic's own wording."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel, Field, ValidationError

from assistant.validation import describe_validation_errors


class _Request(BaseModel):
    messages: list[int] = Field(min_length=1)
    name: str
    amount: float = Field(default=0, ge=0)


@pytest.mark.parametrize(("data", "said"), [
    ({}, "messages：缺少必填项；name：缺少必填项"),
    ({"messages": [], "name": "a"}, "messages：至少需要1项"),
    ({"messages": [1], "name": "a", "amount": -1}, "amount：应不小于0"),
    ({"messages": ["x"], "name": 3}, "messages.0：应为整数；name：应为文本"),
])
def test_common_errors_are_worded_in_chinese(data: dict, said: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValidationError) as caught:
        _Request.model_validate(data)
    text = describe_validation_errors(caught.value.errors())
    assert text == said
    assert not re.search(r"[A-Za-z]{4,}", text.replace("messages", "").replace("name", "").replace("amount", ""))


def test_an_error_type_without_wording_keeps_its_own_message() -> None:
    err = {"type": "some_new_type", "loc": ("body", "x"), "msg": "Value error, 数值不合理"}
    assert describe_validation_errors([err]) == "x：数值不合理"
