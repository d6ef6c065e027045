"""Reading numbers as Chinese policy text and chat write them: the project's one number parser.

Full-width digits, thousands separators, Chinese numerals (一千五百万, 二〇二二, 百分之三),
the multipliers 万亿/亿/千万/百万/万/千 and 元, percentages and reward ranges ("20-60万",
"最高50万"). Three readers use it: company facts in chat (amounts in 万元, ``parse_amount``),
reward amounts in the corpus (``parse_amount_range``) and the LLM numeric guard (every
number with its value, ``extract_numbers``).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import cn2an

NUMBER = r"\d+(?:\.\d+)?"  # an Arabic number as written: 1200, 1.2

# Powers of ten of each multiplier word, from 元 upwards.
_UNIT_EXPONENTS = {"万亿": 12, "千亿": 11, "亿": 8, "千万": 7, "百万": 6, "万": 4, "千": 3, "元": 0}
_WAN_EXPONENT = 4


def multiplier(unit: str) -> Decimal:
    """The value of one ``unit`` in 元: 万 → 10000."""
    return Decimal(10) ** _UNIT_EXPONENTS[unit]


def wan_per_unit(unit: str) -> float:
    """How many 万元 one ``unit`` is: 亿 → 10000.0, 元 → 0.0001."""
    return 10.0 ** (_UNIT_EXPONENTS[unit] - _WAN_EXPONENT)


def unit_pattern(units: tuple[str, ...]) -> str:
    """A regex alternation of multiplier words, longest first so 千万 wins over 千."""
    return "|".join(sorted(units, key=len, reverse=True))


# --------------------------------------------------------------------------- Chinese numerals

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_NUMERAL_CHARS = CN_DIGITS + CN_UNITS + "点"
CN_PERCENT = re.compile(rf"百分之([{CN_NUMERAL_CHARS}]+)")


def read_chinese_numeral(token: str) -> Decimal | None:
    """The value of a Chinese numeral ("一千五百", "二〇二二", "三点五"); None if it is not one."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # cn2an warns on every run it cannot read
        try:
            return Decimal(str(cn2an.cn2an(token, "normal")))
        except (ValueError, KeyError, InvalidOperation):
            return None


@dataclass(frozen=True)
class ChineseNumber:
    """A run of Chinese numerals read as a whole (``value``) and, when it ends in 万/亿/万亿
    after a plain numeral, as ``mantissa`` × ``unit`` (八十万 = 80 × 万)."""

    value: Decimal | None
    mantissa: Decimal | None = None
    unit: str = ""


def read_chinese_run(run: str) -> ChineseNumber:
    # only 万/亿 split off: in 三千万 or 五百万 the 千/百 belong to the numeral itself
    for unit in ("万亿", "亿", "万"):
        if run.endswith(unit) and len(run) > len(unit):
            head = run[: -len(unit)]
            if unit == "万" and re.fullmatch("[^万亿]+亿[^万亿]+", head) and (whole := read_chinese_numeral(run)):
                return ChineseNumber(whole, whole / multiplier("万"), "万")  # 两亿一千万 = 21000万
            if not re.search("[万亿]", head):
                mantissa = read_chinese_numeral(head)
                if mantissa is not None:
                    return ChineseNumber(mantissa * multiplier(unit), mantissa, unit)
            break
    return ChineseNumber(read_chinese_numeral(run))


# --------------------------------------------------------------------------- chat text: Arabic digits

# (一 in a word is no number: 一下, 一般, 一起, 一定, 一样, 唯一, 万一… — "自测了一下，得了63分" had put a
# 1 between 质量评价 and its score; nor is 三 in 长三角/珠三角, whose "长3角" read as a company's figure)
_CN_NUMBER = re.compile(
    rf"(?<![唯万统同专])(?!三角)"
    rf"(?!一(?:下|般|起|定|样|致|旦|方面|把手|流|体|边|并|同|贯|向|再|度|切|味|律|概|口气)(?![{CN_NUMERAL_CHARS}]))"
    rf"[〇一二两三四五六七八九十][{CN_NUMERAL_CHARS}]*")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")
# words with a numeral character that are not numbers ("一共" is "in total", not "1共")
_NOT_NUMBERS = {
    "一共": "共计",
    "加起来": "合计",
    "加一起": "合计",
    "一直": "始终",
    "一些": "若干",
    "统一": "统合",
}


def _plain(value: Decimal) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else f"{number:g}"


def _arabic_run(match: re.Match[str]) -> str:
    token = match.group(0)
    if _NEIGHBOURS_ALONE.fullmatch(token):
        return token  # "七八个": seven or eight, read by approximate_amounts, not 78
    number = read_chinese_run(token)
    # a trailing 万/亿 stays a unit so that 八十万 reads 80万 (not 800000 without a unit)
    if number.unit in ("万", "亿") and number.mantissa is not None:
        return _plain(number.mantissa) + number.unit
    return token if number.value is None else _plain(number.value)


def _arabic_percent(match: re.Match[str]) -> str:
    value = read_chinese_numeral(match.group(1))
    return match.group(0) if value is None else _plain(value) + "%"


_HALF_YEAR = re.compile(r"(?<![\d.])(\d+)\s*年半")  # "两年半" is 2.5年


# "2亿1千万", "1亿2000万": one amount, said in 万 ("21000万", "12000万"); "120w" is 120万
_MIXED_YI = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*亿\s*(\d+(?:\.\d+)?)\s*(千万|百万|万)")
_WAN_LETTER = re.compile(r"(?<=\d)[wW](?![a-zA-Z\d])")


def _in_wan(match: re.Match[str]) -> str:
    whole = Decimal(match.group(1)) * multiplier("亿") + Decimal(match.group(2)) * multiplier(match.group(3))
    return _plain(whole / multiplier("万")) + "万"


# "一亿二", "1亿2": a hundred million and two tenths of one, said without the unit of the tail (1.2亿)
_YI_TAIL = re.compile(r"(?<![\d.])(\d+)\s*亿([1-9])(?![\d.千百十万亿%])")
_CN_YI_TAIL = re.compile(r"([一二两三四五六七八九十]+)亿([一二三四五六七八九])(?![一二三四五六七八九十百千万亿零\d.%])")


def _yi_tail(match: re.Match[str]) -> str:
    head, tail = read_chinese_numeral(match.group(1)), read_chinese_numeral(match.group(2))
    return match.group(0) if head is None or tail is None else f"{_plain(head)}.{_plain(tail)}亿"


def normalize_numbers(text: str) -> str:
    """Arabic digits everywhere: "一千五百万元" → "1500万元", "百分之三" → "3%", "１２％" → "12%",
    "两年半" → "2.5年", "2亿1千万" → "21000万", "120w" → "120万", "一亿二" → "1.2亿"."""
    text = unicodedata.normalize("NFKC", text)
    for word, plain in _NOT_NUMBERS.items():
        text = text.replace(word, plain)
    text = _DIGIT_COMMA.sub("", text)
    text = CN_PERCENT.sub(_arabic_percent, text)
    text = _HALF_YEAR.sub(r"\1.5年", _CN_NUMBER.sub(_arabic_run, _CN_YI_TAIL.sub(_yi_tail, text)))
    text = _YI_TAIL.sub(r"\1.\2亿", text)
    return _WAN_LETTER.sub("万", _MIXED_YI.sub(_in_wan, text))



# Loose amounts people say in chat: "七八百万" (700–800万), "三千来万", "两百多万", "1200余万", "八十几万". Each is
# read as its lower bound and marked 左右, so the check says the figure is approximate.
# a higher place may lead: "一百五六十万" is 150–160万
_NEIGHBOUR_DIGITS = re.compile(r"((?:[一二两三四五六七八九][千百])*)([一二三四五六七八])([二三四五六七八九])([十百千])(万|亿)")
_NEIGHBOURS_ALONE = re.compile(r"一二|二三|三四|四五|五六|六七|七八|八九")
_NEIGHBOUR_COUNT = re.compile(r"(?<![\d十百千万])(一二|二三|三四|四五|五六|六七|七八|八九)(?=[个项件年家名人次])")
# ("八十几万", "80几万": some 80万, new-user trial 40 saw it dropped; "两千几百万", "一千二百几十万": the
# round part is the lower bound)
_LOOSE_TAIL = re.compile(rf"({NUMBER})\s*(?:来|多|余|几(?:[百千]|10)?)\s*(万|亿)")


def approximate_amounts(text: str) -> str:
    """``text`` (numbers already normalised, except "七八百万") with loose amounts as "700万左右"."""

    def neighbours(match: re.Match[str]) -> str:
        higher, low_digit, high_digit, place, unit = match.groups()
        low, high = read_chinese_numeral(low_digit), read_chinese_numeral(high_digit)
        bound = read_chinese_numeral(higher + low_digit + place)  # (一百) + 五 + 十: the lower bound
        if low is None or high is None or bound is None or high != low + 1:
            return match.group(0)
        return f"{_plain(bound)}{unit}左右"

    text = _NEIGHBOUR_DIGITS.sub(neighbours, text)
    # "七八个发明专利": about 7 (the lower bound), said to be approximate
    text = _NEIGHBOUR_COUNT.sub(lambda m: f"约{read_chinese_numeral(m.group(1)[0])}", text)
    return _LOOSE_TAIL.sub(lambda m: f"{m.group(1)}{m.group(2)}左右", text)


def states_loose_amount(text: str) -> bool:
    """Whether ``text`` says an amount loosely ("七八百万", "三千来万")."""
    normalized = normalize_numbers(text)
    return approximate_amounts(normalized) != normalized


def loose_amount_said(text: str) -> str | None:
    """The first amount ``text`` says as a range, as said ("一千二三百万"), if any."""
    said = _NEIGHBOUR_DIGITS.search(text)
    return said.group(0) if said else None


WAN_UNITS = ("亿", "千万", "百万", "万", "元")  # the units company figures are stated in
_AMOUNT = re.compile(rf"({NUMBER})\s*({unit_pattern(WAN_UNITS)})")
_PERCENT = re.compile(rf"({NUMBER})\s*%")
_YEARS = re.compile(rf"({NUMBER})\s*年")


def amount_in_wan(number: str, unit: str) -> float:
    """``number`` ``unit`` in 万元, rounded to 6 places: ("1.2", "亿") → 12000.0."""
    return round(float(number) * wan_per_unit(unit), 6)


def parse_amount(text: str) -> float | None:
    """The first amount in 万元 from "1200万", "1.2亿", "一千五百万元", "800000元"; None if there is none."""
    match = _AMOUNT.search(normalize_numbers(text))
    return None if match is None else amount_in_wan(match.group(1), match.group(2))


def parse_percent(text: str) -> float | None:
    """A percentage from "3%", "3.5％", "百分之三"."""
    match = _PERCENT.search(normalize_numbers(text))
    return float(match.group(1)) if match else None


def parse_years(text: str) -> float | None:
    """A number of years from "5年", "五年"."""
    match = _YEARS.search(normalize_numbers(text))
    return float(match.group(1)) if match else None


# --------------------------------------------------------------------------- reward amounts


class AmountRange(NamedTuple):
    """A reward amount in 万元 as the corpus writes it: exact (low == high), a range, or an
    upper bound alone ("最高50万": low is None). Compares equal to the tuple (low, high)."""

    low: float | None
    high: float | None


_RANGE = re.compile(rf"({NUMBER})(?:万元?)?[-—–~～至到]({NUMBER})万")
_UPPER_PREFIX = re.compile(rf"(?:最高|不超过|不高于|至多|最多)({NUMBER})万")
_UPPER_SUFFIX = re.compile(rf"({NUMBER})万元?(?:以内|以下)")
_EXACT = re.compile(rf"^({NUMBER})万元?$")


def parse_amount_range(text: str) -> AmountRange:
    """(low, high) in 万元 from "20-60万", "最高50万", "50万元以内", "50万元"; (None, None) otherwise."""
    compact = re.sub(r"\s+", "", text)
    if match := _RANGE.search(compact):
        return AmountRange(float(match[1]), float(match[2]))
    if match := _UPPER_PREFIX.search(compact) or _UPPER_SUFFIX.search(compact):
        return AmountRange(None, float(match[1]))
    if match := _EXACT.match(compact):
        return AmountRange(float(match[1]), float(match[1]))
    return AmountRange(None, None)


# --------------------------------------------------------------------------- every number, with its value

# Measure words that make a single Chinese numeral a quantity (三家, 两年, 五倍, 十项).
_MEASURES = set("个家项年月日天周倍成条款名人次批类种元级层届期份位所支只件台套章节轮岁户")
_PRECISION = Decimal("0.000001")

_CITATION = re.compile(r"\[\s*\d+(?:\s*[-–,、;]\s*\d+)*\s*\]|【\s*\d+\s*】")
_LIST_MARKER = re.compile(r"(?m)^\s*(?:\d{1,2}[.、)](?!\d)|\(\d{1,2}\))\s*")
_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")
_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?![\d.])")
_GUARD_UNITS = (
    unit_pattern(("万亿", "千亿", "亿", "千万", "百万", "万")) + "|千(?![克米瓦])"
)  # not 千克/千米/千瓦
_ARABIC = re.compile(rf"(?<![\d.])({NUMBER})(\s*[多余]?\s*(?:{_GUARD_UNITS})(?!分之))?(\s*%)?")
_CN_FRACTION = re.compile(rf"([{CN_DIGITS}十百千]+)分之([{CN_NUMERAL_CHARS}]+)")
_CN_RUN = re.compile(rf"[{CN_NUMERAL_CHARS}]+")


def number_key(value: Decimal) -> Decimal:
    """``value`` rounded to 6 places, so equal amounts written differently compare equal."""
    return value.quantize(_PRECISION).normalize()


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
        return {number_key(v) for v in keys}


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

    for match in CN_PERCENT.finditer(text):
        value = read_chinese_numeral(match.group(1))
        mentions.append(NumberMention(match.group(0), value, percent=True))
        taken.append(match.span())
    for match in _CN_FRACTION.finditer(text):
        if not free(*match.span()):
            continue
        # 三分之一 states the same figures as "1/3": two numbers
        for part in (match.group(2), match.group(1)):
            mentions.append(NumberMention(match.group(0), read_chinese_numeral(part)))
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
        # a bare 一 ("一家企业", "一般") is the indefinite article far more often than a quantity
        if set(run) == {"一"} or len(run) == 1 and following not in _MEASURES:
            continue
        # unparseable runs (十四五, 三五) keep no value and are matched as written
        number = read_chinese_run(run)
        mentions.append(NumberMention(run, number.value, number.mantissa))
    return mentions


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
            mentions.append(NumberMention(match.group(0).strip(), value * multiplier(name), value))
        else:
            mentions.append(NumberMention(match.group(0).strip(), value, percent=bool(percent)))
    mentions.extend(_chinese_mentions(_ARABIC.sub(" ", text)))
    return mentions
