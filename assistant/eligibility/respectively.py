"""Lists stated "respectively" (分别), spelled out one name–value pair at a time.

"营收和研发分别为1200万和80万" → "营收1200万,研发80万", so the slot patterns of
``fact_phrases.yaml`` find each value next to its name. Values labelled by year are spelled out
the same way: "2024年研发120万、2025年150万" → "前年研发120万,去年研发150万" (in 2026).
"""

from __future__ import annotations

import re

from assistant.eligibility.fact_phrases import fact_phrases

_WORDS = fact_phrases().fragments
_RESPECTIVELY = re.compile(r"分别(?:约为|达到|为|是|达|约|有)?\s*:?")
_NAME_SEP = re.compile(r"以及|和|与|及|、")
# names run back from 分别 to the clause start; a comma ends them (“我们是高企，营收和研发…”)
_NAMES = re.compile(r"[^\d。;!?\n%,:]*$")
_VALUE = re.compile(  # (a calendar year, "2024年230万", is the label of a value, not one: spell_out_year_lists)
    r"\s*(?P<pre>第|前)?(?!(?:19|20)\d\d\s*年度?)(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?P<u>亿元|亿|千万元|千万|百万元|百万|万元|万|元|%|年|项|件|个|分|名|位)?"
)
_VALUE_SEP = re.compile(r"\s*(以及|和|与|及|、|,)\s*")
_YEAR_WORD = re.compile(f"{_WORDS['year_before_words']}|{_WORDS['last_year_words']}")
_YEAR_KEYWORD = re.compile(f"(?=(?:{_WORDS['revenue']}|{_WORDS['rd']}))")
_YEAR_LABEL = f"(?:{_WORDS['last_year_words']}|{_WORDS['year_before_words']})"
_YEAR_KEY = f"(?:{_WORDS['rd_ratio']}|{_WORDS['rd']}|{_WORDS['revenue']})"
_YEAR_VALUE = r"\d+(?:\.\d+)?\s*(?:亿元|亿|千万元|千万|百万元|百万|万元|万|元|%)"
# ("研发前年110万去年130万": the second year's label alone separates the two values)
_YEAR_LIST_TAIL = f"(?P<v1>{_YEAR_VALUE})\\s*[、,，和及]?\\s*(?P<second>{_YEAR_LABEL})[:：\\s]*(?P<v2>{_YEAR_VALUE})"
# "研发去年150万、前年120万" / "前年研发120万、去年150万": one name, two values labelled by year
_NAME_THEN_YEARS = re.compile(f"(?P<name>{_YEAR_KEY})(?:分别(?:是|为))?[:：\\s]*(?P<first>{_YEAR_LABEL})[:：\\s]*{_YEAR_LIST_TAIL}")
_YEAR_THEN_NAME = re.compile(f"(?P<first>{_YEAR_LABEL})(?P<name>{_YEAR_KEY})[:：\\s]*{_YEAR_LIST_TAIL}")
# a calendar year before a fact ("2025年营收…", "2024年度研发…", "营收25年3000万"), to be said as
# 去年/前年 (two digits only where no duration is said: not "干了25年")
_CALENDAR_YEAR = re.compile(
    f"(?:(?P<year>20\\d\\d)|(?<![\\d.了干做有近满过已达超])(?P<short>2\\d))\\s*年度?(?:的)?(?=\\s*(?:{_YEAR_KEY}|(?:是|为|有|约|大概)?{_YEAR_VALUE}))")
# "前年（2024）营收…": the calendar year in brackets after the relative one says it again
_YEAR_IN_BRACKETS = re.compile(f"(?P<said>{_YEAR_LABEL})\\s*[（(]\\s*20\\d\\d\\s*年?\\s*[）)]")
_RELATIVE_YEAR = {1: "去年", 2: "前年"}
# "近两年研发费用分别是700万和600万" (numbers are digits by now: 近2年)
# "研发两年分别180万和220万": the name before the two years
_NAME_TWO_YEARS = re.compile(f"(?P<name>{_YEAR_KEY})(?:{_WORDS['two_years']})(?:的)?$")
_LAST_YEAR_FIRST = re.compile(f"(?:{_WORDS['last_year_words']})")  # the two years named, last year first
_TWO_YEARS_NAME = re.compile(f"(?:{_WORDS['two_years']})(?P<name>[^\\d。;!?\\n%,:、和与及]+)$")


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
        start = names_at.start()
        two_years = _TWO_YEARS_NAME.search(text, done, match.start()) or _NAME_TWO_YEARS.search(
            text, done, match.start())
        if two_years:  # one name over the last two years: the years in order, the earlier first
            names = [f"前年{two_years['name']}", f"去年{two_years['name']}"]
            if _LAST_YEAR_FIRST.match(two_years.group(0)):  # "去年和前年研发分别…": as said, the later first
                names.reverse()
            start = two_years.start()
        if len(names) < 2 or not all(name.strip() for name in names):
            continue
        values, end = _values_after(text, match.end(), len(names))
        if not values:
            continue
        if len(values) == len(names):
            pairs = zip(_share_year(names), _share_unit(values), strict=True)
            listed = ",".join(name + value for name, value in pairs)
        else:
            listed = text[start : match.end()]
        pieces += [text[done:start], listed]
        done = end
    return "".join([*pieces, text[done:]])


# "从2018年开始专做…", "2016年起就只做这一块": a duration, said as one ("深耕8年，专做…")
_SINCE_YEAR = re.compile(
    r"(?:从|自|打|于)?(?P<year>(?:19|20)\d\d)\s*年(?:(?:起|开始|以来)(?:就|便)?|(?:成立|创立|创办|建厂)(?:以来)?[,，]?(?:就|便)?"
    r"(?=一直|始终|只|专))(?=(?:一直|只|专门|专|始终|都)*(?:在)?(?:做|干|从事|专注|深耕|专攻|聚焦|进入|切入))"
)


def say_years_relative(text: str, this_year: int) -> str:
    """Calendar years said as the conversation says them: "2025年营收…" as "去年营收…" when 2025 is
    last year (so the year slots read it), "从2018年开始专做" as "深耕8年，专做" in 2026."""

    def said(match: re.Match[str]) -> str:
        year = int(match["year"]) if match["year"] else 2000 + int(match["short"])
        return _RELATIVE_YEAR.get(this_year - year, match.group(0))

    def since(match: re.Match[str]) -> str:
        years = this_year - int(match["year"])
        return f"深耕{years}年，" if 0 < years <= 100 else match.group(0)

    text = _YEAR_IN_BRACKETS.sub(lambda m: m["said"], text)
    return _CALENDAR_YEAR.sub(said, _SINCE_YEAR.sub(since, text))


def spell_out_year_lists(text: str) -> str:
    """Values labelled by year under one name, each with its own name and year.

    “研发去年150万、前年120万” → “去年研发150万,前年研发120万” (calendar years are said as
    去年/前年 first: :func:`say_years_relative`)."""

    def spelled(match: re.Match[str]) -> str:
        name = match["name"]
        return f"{match['first']}{name}{match['v1']},{match['second']}{name}{match['v2']}"

    return _carry_year_before(_YEAR_THEN_NAME.sub(spelled, _NAME_THEN_YEARS.sub(spelled, text)))


# a figure named without a year after one of the year before, in the same sentence ("③前年营收1.8亿，
# 研发1000万"): the year before's too, as said ("前年营收1.8亿，前年研发1000万"); a figure of both years
# ("研发每年…", "近两年研发…") or with its own year after the name ("研发去年…") keeps its reading
_SENTENCE_END = r"[。；;！？!?\n①②③④⑤⑥⑦⑧⑨⑩]"
_YEAR_OR_FIGURE = re.compile(
    f"(?P<end>{_SENTENCE_END})|(?P<before>{_WORDS['year_before_words']})|(?P<last>{_WORDS['last_year_words']})"
    f"|(?P<two>{_WORDS['two_years']})|(?P<name>{_YEAR_KEY})"
)
_OWN_YEARS_AFTER = re.compile(f"(?:均|都|各|每年|一年|平均|年均|合计|总额|总计|累计|共|一共|两年|{_YEAR_LABEL})")


def _carry_year_before(text: str) -> str:
    carried: list[int] = []  # where a figure of the year before lacks its year
    said: str | None = None  # the year word just read, and where it ended
    said_end = 0
    year: str | None = None  # the year of the last figure named with one
    for match in _YEAR_OR_FIGURE.finditer(text):
        kind = match.lastgroup
        if kind == "end":
            said = year = None
        elif kind != "name":
            said, said_end = kind, match.end()
        elif said is not None and match.start() - said_end <= 1:  # "前年营收", "前年的营收"
            year, said = said, None
        elif year == "before" and not _OWN_YEARS_AFTER.match(text, match.end()):
            carried.append(match.start())
    for position in reversed(carried):
        text = text[:position] + "前年" + text[position:]
    return text


# a year's value with words between ("去年受行业影响掉到3600万", "前年3.8%"), its number n; its unit u may
# be left to the figure before it ("去年开票两千八百万，前年两千三")
_LOOSE_YEAR_VALUE = re.compile(
    f"(?P<label>{_YEAR_LABEL})[^\\d。；;！？!?\\n，,]{{0,10}}?(?P<n>\\d+(?:\\.\\d+)?)\\s*"
    r"(?:(?P<u>亿|千万|百万|万|%)|(?=[，,、。；;！？!?\s]|$))")
_KEY = re.compile(_YEAR_KEY)
_UNIT = re.compile(r"\d\s*(亿|千万|百万|万|%)")


def name_unread_year_values(text: str, read: list[int]) -> str:
    """A value labelled 去年/前年 that no slot read (its position not in ``read``) given the name
    said last before it in its sentence: "前年营收4000万，去年受行业影响掉到3600万" (营收),
    "研发没减，去年还是300万" (研发), "研发占比去年大约4.5%，前年3.8%" (研发占比)."""
    for value in reversed(list(_LOOSE_YEAR_VALUE.finditer(text))):
        if value.start("n") in read:
            continue
        ends = [m.end() for m in re.finditer(_SENTENCE_END, text[: value.start()])]
        named = [*_KEY.finditer(text, ends[-1] if ends else 0, value.start())]
        if not named or _KEY.search(text, value.start(), value.start("n")):
            continue
        if value["u"] is None:  # the unit of the named figure's value, said once
            units = _UNIT.findall(text, named[-1].end(), value.start())
            if not units:
                continue
            text = text[: value.end("n")] + units[-1] + text[value.end("n") :]
        text = text[: value.end("label")] + named[-1].group(0) + text[value.end("label") :]
    return text
