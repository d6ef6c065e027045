"""The numeric faithfulness guard: every number a model writes must be in its evidence.

Numbers are compared by value after normalising the ways Chinese policy text writes them:
full-width digits, thousands separators, 万/亿 multipliers (1500万 = 0.15亿), Chinese
numerals (一千五百万, 二〇二二, 百分之三) and percentages. Citation markers such as [3] and
ordered-list markers are formatting, not claims, and are ignored. A bare 一 ("一家企业",
"一般") is the indefinite article far more often than a quantity, so it is not read as 1.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import cn2an

_MULTIPLIERS = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}
_CN_DIGIT = "零〇一二两三四五六七八九"
_CN_UNIT = "十百千万亿"
_CN_RUN_CHARS = _CN_DIGIT + _CN_UNIT + "点"
# Measure words that make a single Chinese numeral a quantity (三家, 两年, 五倍, 十项).
_MEASURES = set("个家项年月日天周倍成条款名人次批类种元级层届期份位所支只件台套章节轮岁户")
_PRECISION = Decimal("0.000001")

_CITATION = re.compile(r"\[\s*\d+(?:\s*[-–,、;]\s*\d+)*\s*\]|【\s*\d+\s*】")
_LIST_MARKER = re.compile(r"(?m)^\s*(?:\d{1,2}[.、)](?!\d)|\(\d{1,2}\))\s*")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")
_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?![\d.])")
_ARABIC = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)(\s*[多余]?\s*(?:万亿|千亿|千万|百万|亿|万|千(?![克米瓦]))(?!分之))?(\s*%)?"
)
_CN_PERCENT = re.compile(rf"百分之([{_CN_RUN_CHARS}]+)")
_CN_FRACTION = re.compile(rf"([{_CN_DIGIT}十百千]+)分之([{_CN_RUN_CHARS}]+)")
_CN_RUN = re.compile(rf"[{_CN_RUN_CHARS}]+")


@dataclass(frozen=True)
class NumberMention:
    """A number as written (``text``) and its value; ``mantissa`` is the value before 万/亿."""

    text: str
    value: Decimal | None
    mantissa: Decimal | None = None
    percent: bool = False

    def keys(self) -> set[Decimal]:
        """Values this mention may be matched by: the scaled value, and the written
        figure when a multiplier was applied (a tool reports amounts as plain 万元 figures)."""
        keys = {v for v in (self.value, self.mantissa) if v is not None}
        return {_key(v) for v in keys}


def _key(value: Decimal) -> Decimal:
    return value.quantize(_PRECISION).normalize()


def _cn_value(token: str) -> Decimal | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return Decimal(str(cn2an.cn2an(token, "normal")))
        except (ValueError, KeyError, InvalidOperation):
            return None


def prepare_text(text: str, strip_markers: bool = True) -> str:
    """Normalise forms and (in answers) drop citation and list markers. A Chinese comma is
    kept apart from thousands separators: NFKC alone would turn "1，200" into "1,200"."""
    text = unicodedata.normalize("NFKC", text.replace("，", "；"))
    if strip_markers:
        text = _CITATION.sub(" ", text)
        text = _LIST_MARKER.sub("", text)
    return _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)


def _chinese_mentions(text: str) -> list[NumberMention]:
    mentions: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _CN_PERCENT.finditer(text):
        value = _cn_value(match.group(1))
        mentions.append(NumberMention(match.group(0), value, percent=True))
        taken.append(match.span())
    for match in _CN_FRACTION.finditer(text):
        if not free(*match.span()):
            continue
        # 三分之一 states the same figures as "1/3": two numbers
        for part in (match.group(2), match.group(1)):
            mentions.append(NumberMention(match.group(0), _cn_value(part)))
        taken.append(match.span())
    for match in _CN_RUN.finditer(text):
        start, end = match.span()
        if not free(start, end):
            continue
        run = match.group(0)
        # leading 百/千/万/亿/点 without a digit are vague ("数百万", "千万不要")
        stripped = run.lstrip("百千万亿点零〇")
        start += len(run) - len(stripped)
        run = stripped.rstrip("点")
        if not run:
            continue
        following = text[start + len(run) : start + len(run) + 1]
        if set(run) == {"一"} or len(run) == 1 and following not in _MEASURES:
            continue
        mentions.append(_parse_cn_run(run))
    return mentions


def _parse_cn_run(run: str) -> NumberMention:
    head, unit = run, ""
    # only 万/亿 split off: in 三千万 or 五百万 the 千/百 belong to the numeral itself
    for name in ("万亿", "亿", "万"):
        if run.endswith(name) and len(run) > len(name):
            head, unit = run[: -len(name)], name
            break
    if unit and not re.search("[万亿]", head):
        mantissa = _cn_value(head)
        if mantissa is not None:
            return NumberMention(run, mantissa * _MULTIPLIERS[unit], mantissa)
    # unparseable runs (十四五, 三五) are matched as written
    return NumberMention(run, _cn_value(run))


def extract_numbers(text: str, strip_markers: bool = True) -> list[NumberMention]:
    """Every number in ``text`` (amounts, percentages, dates, counts); ``strip_markers``
    leaves out citation markers ([3]) and ordered-list markers, which are not claims."""
    text = prepare_text(text, strip_markers)
    mentions: list[NumberMention] = []
    for match in _DATE.finditer(text):
        mentions.extend(NumberMention(part, Decimal(part)) for part in match.groups() if part)
    text = _DATE.sub(" ", text)
    for match in _ARABIC.finditer(text):
        number, unit, percent = match.groups()
        value = Decimal(number)
        if unit:
            name = unit.strip().lstrip("多余").strip()
            mentions.append(NumberMention(match.group(0).strip(), value * _MULTIPLIERS[name], value))
        else:
            mentions.append(NumberMention(match.group(0).strip(), value, percent=bool(percent)))
    mentions.extend(_chinese_mentions(_ARABIC.sub(" ", text)))
    return mentions


def find_unsupported_numbers(answer_text: str, evidence_texts: Iterable[str]) -> list[str]:
    """Numbers of ``answer_text`` (as written, in order, once each) found in no evidence text.

    A number is supported when its value equals a number of the evidence, or when it carries
    a multiplier and its written figure does ("50万元" is supported by a tool's ``50``).
    """
    evidence = list(evidence_texts)
    values: set[Decimal] = set()
    for text in evidence:
        for mention in extract_numbers(text, strip_markers=False):
            if mention.value is not None:
                values.add(_key(mention.value))
    prepared = [prepare_text(text, strip_markers=False) for text in evidence]
    unsupported: list[str] = []
    for mention in extract_numbers(answer_text):
        if mention.value is None:
            supported = any(mention.text in text for text in prepared)
        else:
            supported = bool(mention.keys() & values)
        if not supported and mention.text not in unsupported:
            unsupported.append(mention.text)
    return unsupported
