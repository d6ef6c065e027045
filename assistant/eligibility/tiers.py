"""The three cultivation tiers (梯度) and the names people use for them and for rule versions."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.eligibility.fact_phrases import fact_phrases

INNOVATIVE = "创新型中小企业"  # chuangxinxing, innovative SME
SPECIALIZED = "专精特新中小企业"  # zhuanjingtexin, specialized & sophisticated SME
LITTLE_GIANT = "专精特新“小巨人”企业"  # xiaojuren, "little giant"
TIERS = (INNOVATIVE, SPECIALIZED, LITTLE_GIANT)
DEFAULT_TIER = SPECIALIZED

_TIER_ALIASES: dict[str, str] = {
    "创新型": INNOVATIVE,
    "创新型企业": INNOVATIVE,
    "创新型中小企业": INNOVATIVE,
    "科技和创新型中小企业": INNOVATIVE,
    "innovative": INNOVATIVE,
    "专精特新": SPECIALIZED,
    "专精特新企业": SPECIALIZED,
    "专精特新中小企业": SPECIALIZED,
    "省级专精特新": SPECIALIZED,
    "省级专精特新中小企业": SPECIALIZED,
    "specialized": SPECIALIZED,
    "小巨人": LITTLE_GIANT,
    "小巨人企业": LITTLE_GIANT,
    "专精特新小巨人": LITTLE_GIANT,
    "专精特新小巨人企业": LITTLE_GIANT,
    "国家级小巨人": LITTLE_GIANT,
    "国家级专精特新小巨人": LITTLE_GIANT,
    "国家级专精特新小巨人企业": LITTLE_GIANT,
    "little_giant": LITTLE_GIANT,
}

_RULE_ALIASES: dict[str, str] = {
    "2022": "2022",
    "2022年": "2022",
    "2022版": "2022",
    "暂行办法": "2022",
    "旧版": "2022",
    "2026": "2026",
    "2026年": "2026",
    "2026版": "2026",
    "新版": "2026",
    "修订办法": "2026",
}

_QUOTES = re.compile(r"[\s\"'“”‘’「」『』]")


def normalize_tier(name: str) -> str:
    """Canonical tier name for any accepted alias (quotes and spaces ignored)."""
    key = _QUOTES.sub("", str(name)).lower()
    if key in _TIER_ALIASES:
        return _TIER_ALIASES[key]
    raise ValueError(
        f"无法识别的层级：{name}；可选：{'、'.join(TIERS)}（或 创新型 / 专精特新 / 小巨人）"
    )


def normalize_rules(name: str | int) -> str:
    """Canonical rule version ("2022" / "2026") for an accepted alias."""
    key = _QUOTES.sub("", str(name))
    for candidate in (key, re.sub(r"(的?标准|规则)$", "", key)):
        if candidate in _RULE_ALIASES:
            return _RULE_ALIASES[candidate]
        year = re.fullmatch(r"(20\d\d)[年版]?", candidate)
        if year:  # a future rules_<year>.yaml needs no alias; the loader checks it exists
            return year.group(1)
    raise ValueError(f"无法识别的规则版本：{name}；可选：2022、2026")


# 专精特新 inside 专精特新“小巨人” names only the little giant
_TIER_WORDS = re.compile(r"专精特新[“\"]?小巨人|小巨人|创新型|专精特新")


def _tier_of_word(word: str) -> str:
    return LITTLE_GIANT if "小巨人" in word else INNOVATIVE if word == "创新型" else SPECIALIZED


def tiers_named(text: str, not_tier_words: Iterable[str] = ()) -> list[str]:
    """Every tier a message names, in order of first mention ("专精特新和小巨人各…").

    Phrases of ``not_tier_words`` ("专精特新发展质量") are skipped: they contain a tier's
    word without naming the tier.
    """
    return list(dict.fromkeys(_tier_of_word(m.group(0)) for m in _TIER_WORDS.finditer(_masked(text, not_tier_words))))


def _masked(text: str, not_tier_words: Iterable[str]) -> str:
    """``text`` with the phrases that only contain a tier's word blanked out (same length)."""
    for phrase in not_tier_words:
        text = text.replace(phrase, "#" * len(phrase))
    return text


# "我们是创新型中小企业，能升级成专精特新吗": the tier a company already holds is not the one asked
_HELD_BEFORE = re.compile(r"(?:我们|公司|企业|我司|本企业|目前|现在|已经|已)(?:已经|已)?(?:是|被认定为|认定为|评上了?|获评)(?:省级|国家级)?$")


def _held(text: str, tier: str, not_tier_words: Iterable[str]) -> bool:
    """Every mention of ``tier`` says the company already holds it."""
    text = _masked(text, not_tier_words)
    mentions = [m for m in _TIER_WORDS.finditer(text) if _tier_of_word(m.group(0)) == tier]
    return bool(mentions) and all(_HELD_BEFORE.search(text[max(0, m.start() - 8) : m.start()]) for m in mentions)


def tier_named(text: str, not_tier_words: Iterable[str] = ()) -> str | None:
    """The tier a message is about; the little giant wins over innovative, innovative over specialized,
    and a tier named as one the company already holds yields to any other tier named."""
    tiers = tiers_named(text, not_tier_words)
    asked = [t for t in tiers if not _held(text, t, not_tier_words)] or tiers
    return next((tier for tier in (LITTLE_GIANT, INNOVATIVE, SPECIALIZED) if tier in asked), None)


def versions_named(text: str) -> set[str]:
    """Every rule version a message names."""
    return {version for version, pattern in fact_phrases().rule_versions.items() if pattern.search(text)}


def rules_named(text: str) -> str | None:
    """The rule version a message names ("按2022版标准", "新规"); the last one named wins."""
    found = [
        (m.start(), version)
        for version, pattern in fact_phrases().rule_versions.items()
        for m in pattern.finditer(text)
    ]
    return max(found)[1] if found else None
