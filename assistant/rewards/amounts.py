"""Reward amounts in 万元 as the corpus writes them (“最高50万”、“20-60万”).

The reading lives in :mod:`assistant.numbers`, the project's one number parser; this name
stays for the rewards package and its tests.
"""

from __future__ import annotations

from assistant.numbers import AmountRange
from assistant.numbers import parse_amount_range as parse_amount

__all__ = ["AmountRange", "parse_amount"]
