"""Deciding which route answers a turn: a tool (eligibility, rewards) or document search."""

from __future__ import annotations

from assistant.chain import Turn
from assistant.eligibility import extract_profile_from_text, looks_like_eligibility_question
from assistant.models import Route
from assistant.rewards import looks_like_reward_question


def _previous_user_turns(turn: Turn) -> list[str]:
    users = [m.content for m in turn.messages if m.role == "user"]
    return users[:-1]


def route_turn(turn: Turn) -> Route:
    """Eligibility checks and reward lookups go to their tools; everything else to search.

    A turn that only adds numbers ("研发增加到120万呢？") stays with an eligibility
    conversation already under way.
    """
    last = turn.messages[-1].content if turn.messages else turn.question
    if looks_like_eligibility_question(last) or looks_like_eligibility_question(turn.question):
        return "eligibility"
    if looks_like_reward_question(turn.question):
        return "rewards"
    earlier = _previous_user_turns(turn)
    if earlier and any(looks_like_eligibility_question(t) for t in earlier[-3:]):
        updates, tier, rules = extract_profile_from_text(last)
        if updates or tier or rules:
            return "eligibility"
    return "search"
