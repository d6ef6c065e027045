"""Reading reward questions: which region, which honour, and whether to compare."""

from __future__ import annotations

from assistant.rewards.honours import load_honours
from assistant.rewards.matching import compact
from assistant.rewards.models import RewardQuery
from assistant.rewards.phrases import load_phrases
from assistant.rewards.regions import load_regions


def _mentions_any(text: str, words: list[str]) -> bool:
    body = compact(text)
    return any(word in body for word in words)


def parse_reward_question(text: str) -> RewardQuery:
    """Region and honour mentioned in a Chinese question, in canonical form.

    “昆山对国家级小巨人奖励多少？” → 昆山市 / 国家级专精特新“小巨人”. Several regions
    (“昆山和太仓对比”) become a comparison within their common parent region.
    """
    regions, honours = load_regions(), load_honours()
    compare = _mentions_any(text, load_phrases().compare_words)
    found = regions.mentions(text)
    region = found[0] if found else None
    if len(found) > 1:
        compare = True
        region = regions.common_ancestor(found)
    titles = honours.mentions(text)
    return RewardQuery(region=region, title=titles[0] if titles else None, compare=compare)


def looks_like_reward_question(text: str) -> bool:
    """A reward word (奖励、补助、奖补、资助、给多少钱…) together with a region or an honour."""
    if not _mentions_any(text, load_phrases().reward_words):
        return False
    return bool(load_regions().mentions(text) or load_honours().mentions(text))


def resolve_followup(previous: RewardQuery, text: str) -> RewardQuery:
    """Fill what a follow-up leaves out from the previous question (“那昆山呢？”)."""
    current = parse_reward_question(text)
    return RewardQuery(
        region=current.region or previous.region,
        title=current.title or previous.title,
        compare=current.compare or previous.compare,
    )
