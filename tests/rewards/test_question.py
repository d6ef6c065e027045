"""Reading reward questions and follow-ups."""

from __future__ import annotations

import pytest

from assistant.rewards import (
    RewardQuery,
    looks_like_reward_question,
    parse_reward_question,
    resolve_followup,
)

NATIONAL = "国家级专精特新“小巨人”"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("昆山对国家级小巨人奖励多少？", RewardQuery(region="昆山市", title=NATIONAL)),
        (
            "江苏各地对小巨人的奖励对比一下",
            RewardQuery(region="江苏省", title=NATIONAL, compare=True),
        ),
        (
            "苏州各区县国家级小巨人奖励对比",
            RewardQuery(region="苏州市", title=NATIONAL, compare=True),
        ),
        ("太仓对省级小巨人奖励多少", RewardQuery(region="太仓市", title="省级专精特新小巨人")),
        (
            "园区对单项冠军有什么奖补？",
            RewardQuery(region="苏州工业园区", title="国家级制造业单项冠军"),
        ),
        (
            "内蒙古专精特新企业认定奖补多少",
            RewardQuery(region="内蒙古自治区", title="省级专精特新中小企业"),
        ),
        ("昆山和太仓对小巨人的奖励", RewardQuery(region="苏州市", title=NATIONAL, compare=True)),
        ("高新区给多少钱", RewardQuery(region="苏州高新区")),
    ],
)
def test_parse_reward_question(question: str, expected: RewardQuery) -> None:
    assert parse_reward_question(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "昆山对国家级小巨人奖励多少？",
        "广东省小巨人补助标准",
        "单项冠军能拿多少奖金",
        "太仓给多少钱",
    ],
)
def test_reward_questions_are_recognised(question: str) -> None:
    assert looks_like_reward_question(question)


@pytest.mark.parametrize(
    "question",
    ["专精特新中小企业的认定条件是什么？", "奖励有哪些？", "小巨人企业有多少家", "研发费用怎么算"],
)
def test_other_questions_are_not_reward_questions(question: str) -> None:
    assert not looks_like_reward_question(question)


def test_followup_keeps_the_honour_and_changes_the_region() -> None:
    previous = parse_reward_question("太仓对国家级小巨人奖励多少？")
    assert resolve_followup(previous, "那昆山呢？") == RewardQuery(region="昆山市", title=NATIONAL)


def test_followup_keeps_the_region_and_changes_the_honour() -> None:
    previous = RewardQuery(region="太仓市", title=NATIONAL)
    assert resolve_followup(previous, "省级小巨人呢？") == RewardQuery(
        region="太仓市", title="省级专精特新小巨人"
    )


def test_followup_can_turn_into_a_comparison() -> None:
    previous = RewardQuery(region="苏州市", title=NATIONAL)
    assert resolve_followup(previous, "各区县对比一下").compare
