"""A turn the passages do not support alone is asked again of what the previous question named."""

from __future__ import annotations

import pytest

from assistant.chain import Turn, _leaning_on_previous
from assistant.frame import read_turn
from assistant.models import ChatMessage


def _turn(*said: str) -> Turn:
    messages = []
    for n, text in enumerate(said):
        messages.append(ChatMessage(role="user", content=text))
        if n < len(said) - 1:
            messages.append(ChatMessage(role="assistant", content="答"))
    frame = read_turn(messages)
    return Turn(messages=frame.messages, question=frame.question, frame=frame)


def test_a_turn_read_alone_is_asked_of_the_previous_question() -> None:
    leaning = _leaning_on_previous(_turn("阿里云的“百城万企”支持计划是什么时候启动的？", "已经跟哪些省市的工信部门合作落地了？"))
    assert leaning is not None
    assert leaning.question == "阿里云的“百城万企”支持计划是什么时候启动的；已经跟哪些省市的工信部门合作落地了？"
    assert leaning.frame.text == "已经跟哪些省市的工信部门合作落地了？"  # its own words still weigh most


@pytest.mark.parametrize("said", [
    ("已经跟哪些省市的工信部门合作落地了？",),  # no earlier question
    ("昆山对国家级小巨人奖励多少？", "明天天气怎么样？"),  # off topic: refused as such, never leaning
    ("太仓对国家级小巨人奖励多少？", "那吴江呢？"),  # already completed from the previous question
])
def test_no_lean_without_an_earlier_question_off_topic_or_once_completed(said: tuple[str, ...]) -> None:
    assert _leaning_on_previous(_turn(*said)) is None
