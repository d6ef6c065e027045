"""Whether a message asks if a company qualifies ("我们营收1200万能评专精特新吗")."""

from __future__ import annotations

import re

from assistant.eligibility.fact_phrases import fact_phrases
from assistant.eligibility.tiers import tier_named
from assistant.numbers import normalize_numbers


def looks_like_eligibility_question(text: str) -> bool:
    """True for "我们营收1200万能评专精特新吗" style questions: an eligibility intent plus a number or a tier."""
    normalized = normalize_numbers(text)
    has_figures = bool(re.search(r"\d", normalized))
    if fact_phrases().eligibility_intent_with_figures.search(normalized) and has_figures:
        return True
    if not fact_phrases().eligibility_intent.search(normalized):
        return False
    return has_figures or tier_named(normalized) is not None
