"""A benefit open to honours of a level and above, asked by a company stating its own honour's level.

"我们是刚评上的区级专精特新企业，贷款利息和担保费能申请补助吗？" answered by "对市级及以上“专精特新”中小企业的
贷款利息费用、担保费予以补助": the company's 区级 is below 市级, so the lead says 不符合 before the quoted rule.
The levels and their order are the honour tiers of ``assistant/rewards/honours.yaml`` (国家级 first).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answering.templates import load_templates
from assistant.rewards.honours import load_honours


@lru_cache(maxsize=1)
def _levels() -> dict[str, int]:
    """Each level word (国家级, 省级, 市级, 区级…) and its rank, 0 the highest."""
    tiers = load_honours().tiers.values()
    return {word: rank for rank, tier in enumerate(tiers) for word in tier.words if word.endswith("级")}


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The company's own level said, and the lowest level a rule admits: built once."""
    either = "|".join(sorted(map(re.escape, _levels()), key=len, reverse=True))
    # (held, not wanted: "我们想申报省级专精特新" states no level of its own)
    own = re.compile(rf"(?:我们|我司|本公司|咱们|我公司|客户|他们|这家企业|这家公司|该企业|该公司)[^。？?！!]{{0,10}}?"
                     rf"(?:是|评上了?|获评了?|拿到了?|认定为|属于)[^。？?！!，,]{{0,10}}?({either})(?:的)?(?:专精特新|小巨人|创新型)")
    required = re.compile(rf"({either})(?:及|或)?以上")
    return own, required


def own_level(said: str) -> str | None:
    """The level of the honour the company says it holds ("我们是…区级专精特新企业", a help desk's "客户是…")."""
    found = _patterns()[0].search(said)
    return found.group(1) if found else None


def level_required(lead: str) -> str | None:
    """The lowest level a rule admits, as the rule says it ("市级及以上", "省级以上")."""
    found = _patterns()[1].search(lead)
    return found.group(0) if found else None


def level_verdict(said: str, lead: str) -> str | None:
    """The lead's opening when the company's own level and the rule's lowest level are both said, else None."""
    own, required = own_level(said), _patterns()[1].search(lead)
    if own is None or required is None:
        return None
    verdict = "符合" if _levels()[own] <= _levels()[required.group(1)] else "不符合"
    return str(load_templates()["honour_level"].format(own=own, verdict=verdict, required=required.group(0)))
