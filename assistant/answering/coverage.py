"""How much of a question a passage states: the IDF-weighted share of its content words."""

from __future__ import annotations

from assistant.retrieval.text_processing import synonyms_of

_GLUE = set("要下了的呢吗是有在到上能和与就也都")


def presence(word: str, text: str) -> float:
    """1 when the word (or a synonym) is in the text; half credit when jieba glued a particle
    onto a word the text has ("营收要" → 营收, "新规下" → 新规). Words are lower-cased tokens
    ("pe", "a股"): the text is read lower-cased too."""
    text = text.lower()
    if any(s in text for s in synonyms_of(word)):
        return 1.0
    if len(word) >= 3 and word[-1] in _GLUE and word[:-1] in text:
        return 0.5
    return 0.0


def coverage(text: str, weights: dict[str, float]) -> float:
    """IDF-weighted share of question words present in ``text`` (any synonym counts)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w * presence(word, text) for word, w in weights.items()) / total
