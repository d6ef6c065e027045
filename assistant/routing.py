"""Deciding which route answers a turn: the route the question frame was read into."""

from __future__ import annotations

from assistant.chain import Turn
from assistant.models import Route


def route_turn(turn: Turn) -> Route:
    """Eligibility checks, reward lookups and criteria questions go to their data; the rest to search.

    The decision is made once, when the turn is read (``assistant.frame.read_turn``).
    """
    return turn.frame.route
