"""Company facts, tier and rule version from chat text ("营收1200万、研发80万，能评专精特新吗？").

Numbers are normalised first (full-width forms, Chinese numerals via cn2an, 百分之X), lists
stated "respectively" are spelled out one by one ("营收和研发分别为1200万和80万" → "营收1200万,
研发80万"), then a table of slot patterns maps phrases to profile fields. Later statements
override earlier ones.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import cn2an

from assistant.eligibility.profile import CompanyProfile
from assistant.eligibility.tiers import INNOVATIVE, LITTLE_GIANT, SPECIALIZED

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点"
_CN_NUMBER = re.compile(rf"[〇一二两三四五六七八九十][{_CN_DIGITS}]*")
_CN_PERCENT = re.compile(rf"百分之([{_CN_DIGITS}]+)")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def _cn_to_number(token: str) -> float | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(cn2an.cn2an(token, "smart"))
        except (ValueError, KeyError):
            return None


def _plain(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _replace_cn_number(match: re.Match[str]) -> str:
    token = match.group(0)
    # Keep a trailing 万/亿 as a unit so that 八十万 reads 80万 (not 800000 without a unit).
    head, unit = (token[:-1], token[-1]) if token[-1] in "万亿" and len(token) > 1 else (token, "")
    if unit and not re.search(r"[万亿]", head):
        value = _cn_to_number(head)
        if value is not None:
            return _plain(value) + unit
    value = _cn_to_number(token)
    return token if value is None else _plain(value)


def _replace_cn_percent(match: re.Match[str]) -> str:
    value = _cn_to_number(match.group(1))
    return match.group(0) if value is None else _plain(value) + "%"


# words with a numeral character that are not numbers ("一共" is "in total", not "1共")
_NOT_NUMBERS = {"一共": "共计", "加起来": "合计", "加一起": "合计", "一直": "始终", "一些": "若干", "统一": "统合"}


def normalize_numbers(text: str) -> str:
    """Arabic digits everywhere: "一千五百万元" → "1500万元", "百分之三" → "3%", "１２％" → "12%"."""
    text = unicodedata.normalize("NFKC", text)
    for word, plain in _NOT_NUMBERS.items():
        text = text.replace(word, plain)
    text = _DIGIT_COMMA.sub("", text)
    text = _CN_PERCENT.sub(_replace_cn_percent, text)
    return _CN_NUMBER.sub(_replace_cn_number, text)


_AMOUNT_UNITS = {"亿": 10000.0, "千万": 1000.0, "百万": 100.0, "万": 1.0, "元": 0.0001}
NUM = r"(\d+(?:\.\d+)?)"
AMOUNT = NUM + r"\s*(亿|千万|百万|万|元)"
PERCENT = NUM + r"\s*%"


def parse_amount(text: str) -> float | None:
    """An amount in 万元 from "1200万", "1.2亿", "一千五百万元", "800000元"; None if there is none."""
    match = re.search(AMOUNT, normalize_numbers(text))
    if match is None:
        return None
    return round(float(match.group(1)) * _AMOUNT_UNITS[match.group(2)], 6)


def parse_percent(text: str) -> float | None:
    """A percentage from "3%", "3.5％", "百分之三"."""
    match = re.search(PERCENT, normalize_numbers(text))
    return float(match.group(1)) if match else None


def parse_years(text: str) -> float | None:
    """A number of years from "5年", "五年"."""
    match = re.search(NUM + r"\s*年", normalize_numbers(text))
    return float(match.group(1)) if match else None


# --------------------------------------------------------------------------- slot table

_GAP = r"[^\d。；;，,、！？!?\n]{0,8}?"  # filler between a keyword and its value: no digits, same clause
_LAST_YEAR_WORDS = r"去年|上年度|上一年度|上年|上一年"
_BEFORE_WORDS = r"前年|上上年度|上上年|前一年"
_LAST_YEAR_Q = rf"(?:{_LAST_YEAR_WORDS})?"
_BEFORE_Q = rf"(?:{_BEFORE_WORDS})"
_NOT_MAIN = r"(?<!主营业务)(?<!主营)(?<!销售)"
REVENUE = _NOT_MAIN + r"(?:营业收入|营收|销售收入|销售额|收入)"
RD = r"研发(?:费用|投入|经费|支出)?"
RD_RATIO = RD + r"(?:占比|强度|占(?:营业收入|营收|收入|销售收入)(?:的)?比(?:重|例)?)"
TWO_YEARS = r"(?:近两年|近2年|最近两年|最近2年|两年|2年)"


# --------------------------------------------------------------------------- 分别 lists

_RESPECTIVELY = re.compile(r"分别(?:约为|达到|为|是|达|约|有)?\s*:?")
_NAME_SEP = re.compile(r"以及|和|与|及|、")
# names run back from 分别 to the clause start; a comma ends them (“我们是高企，营收和研发…”)
_NAMES = re.compile(r"[^\d。;!?\n%,:]*$")
_VALUE = re.compile(
    r"\s*(?P<pre>第|前)?(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?P<u>亿元|亿|千万元|千万|百万元|百万|万元|万|元|%|年|项|件|个|分|名|位)?"
)
_VALUE_SEP = re.compile(r"\s*(以及|和|与|及|、|,)\s*")
_YEAR_WORD = re.compile(rf"{_BEFORE_WORDS}|{_LAST_YEAR_WORDS}")
_YEAR_KEYWORD = re.compile(rf"(?=(?:{REVENUE}|{RD}))")


def _values_after(text: str, start: int, count: int) -> tuple[list[re.Match[str]], int]:
    """The values listed from ``start`` and where they end.

    和/与/及/、 always continue the list; a comma does only until there are ``count`` values,
    so in “分别为1200万和80万，3项发明专利” the 3项 starts a new clause.
    """
    values: list[re.Match[str]] = []
    end = start
    while True:
        at = end
        if values:
            sep = _VALUE_SEP.match(text, end)
            if sep is None or (sep.group(1) == "," and len(values) >= count):
                break
            at = sep.end()
        value = _VALUE.match(text, at)
        if value is None:
            break
        values.append(value)
        end = value.end()
    return values, end


def _share_year(names: list[str]) -> list[str]:
    """A single 去年/前年 among the names applies to each (“前年营收和研发” = 前年营收、前年研发)."""
    found = [(i, m) for i, name in enumerate(names) for m in _YEAR_WORD.finditer(name)]
    if len(found) != 1:
        return names
    i, match = found[0]
    names = [*names]
    names[i] = names[i][: match.start()] + names[i][match.end() :]
    return [_YEAR_KEYWORD.sub(match.group(0), name, count=1) for name in names]


def _share_unit(values: list[re.Match[str]]) -> list[str]:
    """Values as written; a unit stated once at the end applies to all (“1200、80万元”).

    A rank (“第2”) is complete without a unit and never borrows one.
    """
    last_unit = values[-1].group("u") or ""
    return [
        v.group("pre") + v.group("n")
        if v.group("pre")
        else v.group("n") + (v.group("u") or last_unit)
        for v in values
    ]


def spell_out_respectively(text: str) -> str:
    """“A和B分别为X和Y” rewritten as “AX,BY” so each value sits next to its name.

    The i-th name takes the i-th value. When the counts differ the values are dropped rather
    than guessed at, so neither name is filled from this list.
    """
    pieces: list[str] = []
    done = 0
    for match in _RESPECTIVELY.finditer(text):
        if match.start() < done:
            continue
        names_at = _NAMES.search(text, done, match.start())
        if names_at is None:
            continue
        names = _NAME_SEP.split(names_at.group(0))
        if len(names) < 2 or not all(name.strip() for name in names):
            continue
        values, end = _values_after(text, match.end(), len(names))
        if not values:
            continue
        if len(values) == len(names):
            pairs = zip(_share_year(names), _share_unit(values), strict=True)
            listed = ",".join(name + value for name, value in pairs)
        else:
            listed = text[names_at.start() : match.end()]
        pieces += [text[done : names_at.start()], listed]
        done = end
    return "".join([*pieces, text[done:]])


@dataclass(frozen=True)
class Slot:
    """A phrase pattern with a named value group ``n``, the fields it fills and how to read it."""

    fields: tuple[str, ...]
    pattern: str
    read: Callable[[re.Match[str]], Any]


def _amount(match: re.Match[str]) -> float:
    return round(float(match.group("n")) * _AMOUNT_UNITS[match.group("u")], 6)


def _number(match: re.Match[str]) -> float:
    return float(match.group("n"))


def _integer(match: re.Match[str]) -> int:
    return int(float(match.group("n")))


def _years(match: re.Match[str]) -> float | None:
    years = float(match.group("n"))
    return years if years <= 100 else None  # "专注…2025年" is a date, not a duration


_SCORE = "score"
_AWARD_GAP = r"(?:[^\d。；;\n]|\d等奖){0,14}?"  # may pass "二等奖" on the way to "排名第二"


A = r"(?P<n>\d+(?:\.\d+)?)\s*(?P<u>亿|千万|百万|万|元)"
P = r"(?P<n>-?\d+(?:\.\d+)?)\s*%"
N = r"(?P<n>\d+(?:\.\d+)?)"

# Earlier slots are more specific and claim their number first (each number is read once), so
# "前年营收1800万" is not also read as last year's revenue. Each value carries its own unit, so
# 研发占比3% can never be read as an R&D amount. When a field is stated twice, the later wins.
SLOTS: tuple[Slot, ...] = (
    # two-year forms first, so "近两年研发费用合计1300万" is not also read as last year's
    Slot(
        ("rd_expense_2y_total",),
        TWO_YEARS + RD + r"(?:总额|总计|合计|累计|共计|共)" + _GAP + A,
        _amount,
    ),
    Slot(
        ("rd_expense_last_year", "rd_expense_year_before"),
        r"(?:" + TWO_YEARS + r")?" + RD + r"(?:均|都|每年)" + _GAP + A,
        _amount,
    ),
    Slot(
        ("rd_ratio_last_year", "rd_ratio_year_before"),
        r"(?:" + TWO_YEARS + r")?" + RD_RATIO + r"(?:均|都|每年)" + _GAP + P,
        _number,
    ),
    Slot(
        ("revenue_last_year", "revenue_year_before"),
        r"(?:" + TWO_YEARS + r")?" + REVENUE + r"(?:均|都|每年)" + _GAP + A,
        _amount,
    ),
    Slot(("rd_ratio_year_before",), _BEFORE_Q + RD_RATIO + _GAP + P, _number),
    Slot(("rd_ratio_last_year",), _LAST_YEAR_Q + RD_RATIO + _GAP + P, _number),
    Slot(
        ("rd_ratio_last_year",),
        RD
        + _GAP
        + r"\d+(?:\.\d+)?\s*(?:亿|万)元?[,，、\s]*占(?:营业收入|营收|收入|比)?(?:的)?比?(?:重|例)?"
        + _GAP
        + P,
        _number,
    ),
    Slot(("revenue_year_before",), _BEFORE_Q + REVENUE + _GAP + A, _amount),
    Slot(("revenue_last_year",), REVENUE + _GAP + A, _amount),
    Slot(("rd_expense_year_before",), _BEFORE_Q + RD + _GAP + A, _amount),
    Slot(("rd_expense_last_year",), RD + _GAP + A, _amount),
    Slot(
        ("equity_financing_3y",),
        r"(?:近三年|近3年|三年内|3年内)" + _GAP + r"融资" + _GAP + A,
        _amount,
    ),
    Slot(("equity_financing_2y",), r"融资" + _GAP + A, _amount),
    Slot(
        ("years_in_niche",),
        r"(?:细分市场|细分领域|细分行业|深耕|专注|从事)" + _GAP + N + r"\s*(?:多)?年",
        _years,
    ),
    Slot(("years_in_niche",), N + r"\s*(?:多)?年(?:以上)?(?:的)?(?:细分市场|深耕|专注)", _years),
    # colloquial: "干这行5年了", "做精密模具8年"
    Slot(("years_in_niche",), r"(?:干|做)(?:这行|这个行业|这块|[^\d。；;，,、！？!?\n]{0,6}?)" + N + r"\s*(?:多)?年(?:了)?", _years),
    # "研发费用…，每年占营收都超过5%": the ratio of both years
    Slot(
        ("rd_ratio_last_year", "rd_ratio_year_before"),
        r"每年占(?:营业收入|营收|收入)(?:的)?(?:比重|比例)?(?:都|均)?" + _GAP + P,
        _number,
    ),
    Slot(
        ("i_class_ip_count",),
        r"(?<![IⅠ\d])(?:I|Ⅰ|1)\s*类(?:知识产权)?" + _GAP + N + r"\s*(?:项|件|个)",
        _integer,
    ),
    Slot(
        ("i_class_ip_count",),
        N + r"\s*(?:项|件|个)(?:与主导产品相关的)?\s*(?:I|Ⅰ|1)\s*类",
        _integer,
    ),
    Slot(("i_class_ip_count",), r"发明专利" + _GAP + N + r"\s*(?:项|件|个)", _integer),
    Slot(("i_class_ip_count",), N + r"\s*(?:项|件|个)\s*(?:授权)?发明专利", _integer),
    Slot(("market_share_pct",), r"(?:市场占有率|市占率|市场份额|占有率)" + _GAP + P, _number),
    Slot(
        ("domestic_rank",),
        r"(?:国内|全国|行业|细分市场|细分领域)" + _GAP + r"(?:第|前)" + N + r"(?:名|位)?",
        _integer,
    ),
    Slot(
        ("main_business_ratio",),
        r"主营(?:业务)?(?:收入)?(?:占比|占(?:营业收入|营收|收入)?(?:的)?比(?:重|例)?)" + _GAP + P,
        _number,
    ),
    Slot(("debt_ratio",), r"(?:资产负债率|负债率)" + _GAP + P, _number),
    Slot(
        ("main_business_growth_2y_avg",),
        r"(?:主营(?:业务)?(?:收入)?" + _GAP + r"增长率|平均增长率)" + _GAP + P,
        _number,
    ),
    Slot(
        ("national_award_rank_3y",),
        r"国家(?:级)?(?:科学|科技)" + _AWARD_GAP + r"(?:排名|排)(?:第|前)?" + N,
        _integer,
    ),
    Slot(
        ("provincial_award_rank_3y",),
        r"省(?:级|部级)?(?:科学|科技)" + _AWARD_GAP + r"(?:排名|排)(?:第|前)?" + N,
        _integer,
    ),
    Slot(("maker_china_top_n_3y",), r"创客中国" + r"[^\d。；;\n]{0,12}?" + N + r"\s*强", _integer),
    Slot(("quality_score",), r"(?:发展)?质量评价(?:得分)?" + _GAP + N + r"\s*分", _number),
    # a score without saying which system: the one of the rule version named, else both
    Slot((_SCORE,), r"(?:评价得分|得分|评分|打分)" + _GAP + N + r"\s*分", _number),
)

# yes/no facts: phrase → field; a negation just before the phrase makes it False.
FLAGS: tuple[tuple[str, str], ...] = (
    ("high_tech_enterprise", r"高新技术企业|高企"),
    (
        "provincial_rd_institution",
        r"(?:省级|省部级|国家级)(?:企业)?(?:技术中心|工程(?:技术)?(?:研究)?中心|研发机构|研发中心|重点实验室|工程实验室)",
    ),
    (
        "has_rd_institution",
        r"研发机构|研发中心|技术中心|研究院|院士(?:专家)?工作站|博士后(?:科研)?工作站",
    ),
    ("own_brand", r"自主品牌"),
    ("management_certification", r"ISO\s*9001|ISO\s*9000|管理体系认证|质量管理体系"),
    ("market_position_leading", r"(?:市场占有率|市占率)(?:靠前|领先)|细分市场领先"),
    ("key_industry_chain_position", r"产业链关键环节"),
    ("core_business_it_system", r"信息系统支撑|(?:ERP|MES)系统"),
)
# a stated absence: the fact is zero ("没做过股权融资", "没有I类知识产权")
ZEROS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("equity_financing_2y", "equity_financing_3y"), r"(?:没|未|无)(?:有|做过|进行过|拿过)?(?:过)?(?:股权)?融资"),
    (("i_class_ip_count",), r"(?:没有|无|没)(?:任何)?\s*(?:I|Ⅰ|1)\s*类知识产权"),
)
_NEGATION = re.compile(
    r"(?:没有|不是|并非|尚未|暂无|未|无|非|不)(?:获得|取得|认定为|评上|是|有|属于|建立|建)?$"
)


def _flag_values(text: str) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for name, pattern in FLAGS:
        for match in re.finditer(pattern, text):
            found[name] = not _NEGATION.search(text[max(0, match.start() - 6) : match.start()])
    return found


def _tier_in(text: str) -> str | None:
    if "小巨人" in text:
        return LITTLE_GIANT
    if "创新型" in text:
        return INNOVATIVE
    if "专精特新" in text:
        return SPECIALIZED
    return None


_RULES_2022 = re.compile(
    r"2022\s*(?:年|版)?\s*(?:版|的)?\s*(?:标准|办法|规则|口径|规定|版)|(?:旧|老)(?:版|标准|办法|规定)|暂行办法"
)
_RULES_2026 = re.compile(
    r"2026\s*(?:年|版)?\s*(?:版|的)?\s*(?:标准|办法|规则|口径|规定|版)|新(?:版|标准|办法|规则|规)|修订(?:后|的)?(?:办法|标准)"
)


def rules_named(text: str) -> str | None:
    found = [(m.start(), "2022") for m in _RULES_2022.finditer(text)]
    found += [(m.start(), "2026") for m in _RULES_2026.finditer(text)]
    return max(found)[1] if found else None


def extract_profile_from_text(text: str) -> tuple[dict[str, Any], str | None, str | None]:
    """(profile field updates, tier or None, rule version or None) stated in one message.

    Values are not validated here; CompanyProfile does that when they are merged.
    """
    normalized = normalize_numbers(text)
    rules = rules_named(normalized)
    score_fields = {"2022": ("evaluation_score",), "2026": ("quality_score",)}.get(
        rules or "", ("evaluation_score", "quality_score")
    )
    stated = spell_out_respectively(normalized)
    hits: list[tuple[int, str, Any]] = []
    claimed: list[int] = []  # value positions already read by an earlier, more specific slot
    for slot in SLOTS:
        for match in re.finditer(slot.pattern, stated):
            value = slot.read(match)
            if match.start("n") in claimed or value is None:
                continue
            claimed.append(match.start("n"))
            names = score_fields if slot.fields == (_SCORE,) else slot.fields
            hits.extend((match.start("n"), name, value) for name in names)
    updates: dict[str, Any] = {}
    for _, name, value in sorted(hits, key=lambda h: h[0]):
        updates[name] = value
    for names, pattern in ZEROS:
        if re.search(pattern, normalized):
            updates.update({name: 0 for name in names if name not in updates})
    updates.update(_flag_values(normalized))
    if updates.get("provincial_rd_institution") is True:
        updates.setdefault("has_rd_institution", True)
    return updates, _tier_in(normalized), rules


def extract_request_from_messages(
    messages: Iterable[str],
) -> tuple[CompanyProfile, str | None, str | None]:
    """Profile, tier and rule version collected over a conversation's user messages; later turns win."""
    profile = CompanyProfile()
    tier: str | None = None
    rules: str | None = None
    for message in messages:
        updates, message_tier, message_rules = extract_profile_from_text(message)
        profile = profile.updated(updates)
        tier = message_tier or tier
        rules = message_rules or rules
    return profile, tier, rules


def extract_profile_from_messages(messages: Iterable[str]) -> CompanyProfile:
    """The company profile stated over several user messages; later turns override earlier ones."""
    return extract_request_from_messages(messages)[0]


_INTENT = re.compile(
    r"能评|能不能评|可以评|能否评|评得上|评上|够不够|够格|够资格|有没有资格|资格吗|"
    r"满足吗|满足.{0,8}(?:条件|要求|标准|门槛)|符合.{0,8}(?:条件|要求|标准|门槛)|符合吗|"
    r"能不能申报|能否申报|可以申报|能申报|申报吗|能不能申请|能否申请|可以申请|能申请|"
    r"达标|能认定|能否认定|能不能认定|能过吗|过得了|差多少|还差|"
    r"够.{0,12}吗|够得上|行不行|有戏吗|有没有戏|能评上|符不符合|满不满足|能入选|能不能过"
)


def looks_like_eligibility_question(text: str) -> bool:
    """True for "我们营收1200万能评专精特新吗" style questions: an eligibility intent plus a number or a tier."""
    normalized = normalize_numbers(text)
    if not _INTENT.search(normalized):
        return False
    return bool(re.search(r"\d", normalized)) or _tier_in(normalized) is not None
