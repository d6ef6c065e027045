"""Deciding which route answers a turn: a tool (eligibility, rewards) or document search."""

from __future__ import annotations

from assistant.chain import Turn
from assistant.conversation import is_followup
from assistant.eligibility import extract_profile_from_text, looks_like_eligibility_question
from assistant.models import Route
from assistant.rewards import looks_like_reward_question

_PROFILE_FIELDS_FOR_CHECK = 2  # "营收1200万、研发80万…" states a company profile


def _earlier_user_turns(turn: Turn) -> list[str]:
    return [m.content for m in turn.messages if m.role == "user"][:-1]


def route_turn(turn: Turn) -> Route:
    """Eligibility checks and reward lookups go to their tools; everything else to search.

    A question that states a company's figures is an eligibility check even without an
    explicit "能评吗"; a reward question that states no figures goes to the reward table;
    a turn that only adds figures ("研发增加到120万呢？") stays with an eligibility
    conversation already under way.
    """
    last = turn.messages[-1].content if turn.messages else turn.question
    updates, tier, rules = extract_profile_from_text(last)
    reward = looks_like_reward_question(turn.question)
    if reward and not updates:
        return "rewards"
    if looks_like_eligibility_question(last) or len(updates) >= _PROFILE_FIELDS_FOR_CHECK:
        return "eligibility"
    if reward:
        return "rewards"
    earlier = _earlier_user_turns(turn)
    if earlier and (updates or tier or rules or is_followup(last)) and any(
        looks_like_eligibility_question(t) for t in earlier[-3:]
    ):
        return "eligibility"
    return "search"
