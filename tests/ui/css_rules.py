"""The page's CSS (ui/gradio/static/zjtx.css) read into rules, for tests that check a declaration."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MEDIA = re.compile(r"@media([^{]*)\{((?:[^{}]*\{[^{}]*\})*)\s*\}")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


@dataclass(frozen=True)
class CssRule:
    media: str | None  # the @media condition the rule sits in, e.g. "(max-width: 640px)"
    selector: str  # one selector of the rule's list, its whitespace collapsed
    declarations: dict[str, str]


def css_rules(css: str) -> list[CssRule]:
    """Every (selector, declarations) pair, with the @media block it sits in (one level deep)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[CssRule] = []

    def add(media: str | None, text: str) -> None:
        for selectors, body in _RULE.findall(text):
            declarations = {name.strip(): value.strip() for name, _, value in
                            (part.partition(":") for part in body.split(";")) if value.strip()}
            rules.extend(CssRule(media, " ".join(s.split()), declarations) for s in selectors.split(","))

    for media, inner in _MEDIA.findall(css):
        add(" ".join(media.split()), inner)
    add(None, _MEDIA.sub("", css))
    return rules


def declarations(rules: list[CssRule], selector: str, media: str | None = None) -> dict[str, str]:
    """What the rules for exactly ``selector`` (in ``media``, or outside any @media) declare."""
    merged: dict[str, str] = {}
    for rule in rules:
        if rule.selector == selector and rule.media == media:
            merged.update(rule.declarations)
    return merged
