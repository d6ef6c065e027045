"""Deciding which route answers a turn: a tool (eligibility, rewards) or document search."""

from __future__ import annotations

from assistant.chain import Turn
from assistant.models import Route
from assistant.rewards import looks_like_reward_question


def route_turn(turn: Turn) -> Route:
    """Reward questions go to the structured table; everything else to search."""
    if looks_like_reward_question(turn.question):
        return "rewards"
    return "search"
