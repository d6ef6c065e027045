"""Guessing a notice's metadata from its text: title, 发文字号, issuing body, date and region.

Government notices follow one layout (GB/T 9704): the title near the top (often "…关于…的通知"
or a 《…》), the 发文字号 such as 余经信〔2024〕15号 under it, and the signature — issuing body
on one line, date (YYYY年M月D日, sometimes in Chinese numerals) on the next — at the end."""

from __future__ import annotations

import re

from pydantic import BaseModel

from indexer.models import DocumentKind

_CJK = "\u3400-\u9fff"
_DOC_NUMBER = re.compile(rf"([{_CJK}]{{1,12}})\s*[〔\[［(（【]\s*(\d{{4}})\s*[〕\]］)）】]\s*(\d{{1,4}})\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
_BOOK_TITLE = re.compile(r"《([^《》]{4,80})》")
_TITLE_ENDINGS = ("通知", "办法", "措施", "意见", "细则", "决定", "方案", "公告", "通告", "规定", "政策", "报告",
                  "通报", "批复", "函", "指南", "若干条", "实施方案", "管理办法")
_ORGAN_ENDINGS = ("局", "厅", "委员会", "委", "人民政府", "政府", "办公室", "办公厅", "管委会", "管理委员会", "部",
                  "中心", "协会", "领导小组", "工作组")
_ADMIN_UNIT = re.compile(rf"^([{_CJK}]{{1,10}}?(?:特别行政区|自治区|自治州|自治县|地区|省|市|盟|县|旗|新区|园区|区|镇|乡|街道))")
_TOWN = ("镇", "乡", "街道")  # below the divisions: named with the unit above it (东莞市长安镇)
_NATIONAL_ISSUERS = ("国务院", "工业和信息化部", "财政部", "国家", "中共中央", "中华人民共和国")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HEAD_LINES = 12
_MAX_TITLE_CHARS = 80
_MAX_ISSUER_CHARS = 30


class GuessedMetadata(BaseModel):
    """What the text suggests; ``None`` where it says nothing."""

    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    date: str | None = None
    region: str | None = None
    kind: DocumentKind = "notice"


def guess_metadata(lines: list[str], title_hint: str | None = None) -> GuessedMetadata:
    text_lines = [" ".join(line.split()) for line in lines if line.strip()]
    title = guess_title(text_lines, title_hint)
    issuer = guess_issuer(text_lines, title)
    return GuessedMetadata(
        title=title,
        doc_number=guess_doc_number(text_lines),
        issuer=issuer,
        date=guess_date(text_lines),
        # ("广州市黄埔区关于…的通知" with no issuer found: the place the title opens with)
        region=region_of_issuer(issuer) if issuer else _title_place(title),
        kind=guess_kind(title or ""),
    )


_ENDS_PHRASE = re.compile(r"[。；;：:！!？?，,）)]$")


def guess_title(lines: list[str], title_hint: str | None = None) -> str | None:
    """The first heading-like line near the top, else the first 《…》, else the page's own title."""
    head = [line for line in lines[:_HEAD_LINES] if "\t" not in line]
    for n, line in enumerate(head):
        compact = line.replace(" ", "")
        if len(compact) <= _MAX_TITLE_CHARS and not _DOC_NUMBER.search(compact) and not compact.endswith(("：", ":")) \
                and (compact.endswith(_TITLE_ENDINGS) or (compact.startswith("关于") and len(compact) >= 8)):
            # a title wrapped over two lines ("宁波市北仑区关于兑现2026年度" / "专精特新企业奖励的通知", trial 48):
            # the line before it opens it when it ends mid-phrase and reads as a title's start
            before = head[n - 1].replace(" ", "") if n else ""
            if (before and "关于" not in compact and "关于" in before and not _ENDS_PHRASE.search(before)
                    and len(before) + len(compact) <= _MAX_TITLE_CHARS):
                return before + compact
            return compact
    for line in head:
        book = _BOOK_TITLE.search(line)
        if book:
            return f"《{book.group(1)}》"
    if title_hint:
        cleaned = re.split(r"\s*(?:_|\||-{1,2}|—)\s*", title_hint.strip())[0].strip()
        if cleaned:
            return cleaned[:_MAX_TITLE_CHARS]
    return None


def guess_doc_number(lines: list[str]) -> str | None:
    for line in lines[:_HEAD_LINES]:
        match = _DOC_NUMBER.search(line.replace(" ", ""))
        if match:
            return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
    return None


def guess_date(lines: list[str]) -> str | None:
    """The signature date: the last line that is only a date, else the last date near the end, as YYYY-MM-DD."""
    candidates: list[str] = []
    for line in lines:
        compact = line.replace(" ", "")
        date = _parse_date(compact)
        if date and len(compact) <= 16:
            candidates.append(date)
    if candidates:
        return candidates[-1]
    for line in reversed(lines[-_HEAD_LINES:] + lines[:_HEAD_LINES]):
        date = _parse_date(line.replace(" ", ""))
        if date:
            return date
    return None


def _parse_date(text: str) -> str | None:
    match = _DATE.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        cn = _CN_DATE.search(text)
        if not cn:
            return None
        year = int("".join(str(_CN_DIGITS[ch]) for ch in cn.group(1)))
        month, day = _cn_number(cn.group(2)), _cn_number(cn.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1949 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _cn_number(text: str) -> int:
    """一 … 三十一 (month and day numerals)."""
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS[tens] * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS[text]


_LABELLED_ISSUER = re.compile(rf"(?:发文单位|发文机关|印发单位|发布单位|发布机关)\s*[:：]\s*([{_CJK}（）()]{{4,{_MAX_ISSUER_CHARS}}})")


def guess_issuer(lines: list[str], title: str | None) -> str | None:
    """The signature line (the last short line naming an organ), else a labelled "发文单位：…" near the top
    (trial 45: a Word notice's header line), else the "X关于…" of the title."""
    for line in reversed(lines):
        compact = line.replace(" ", "")
        if 4 <= len(compact) <= _MAX_ISSUER_CHARS and compact.endswith(_ORGAN_ENDINGS) \
                and not any(p in compact for p in "，。；：:、"):
            return compact
    for line in lines[:_HEAD_LINES]:
        labelled = _LABELLED_ISSUER.search(line)
        if labelled and labelled.group(1).endswith(_ORGAN_ENDINGS):
            return labelled.group(1)
    if title and "关于" in title:
        prefix = title.split("关于", 1)[0]
        if prefix.endswith(_ORGAN_ENDINGS):
            return prefix
    return None


def region_of_issuer(issuer: str) -> str | None:
    """The most specific place the issuer names: 杭州市余杭区经济和信息化局 → 余杭区."""
    if issuer.startswith(_NATIONAL_ISSUERS):
        return "全国"
    rest, region, above = issuer, None, None
    while True:
        match = _ADMIN_UNIT.match(rest)
        if not match:
            # a town is no division of China: with the unit above it, it is placed under that (trial 40)
            return f"{above}{region}" if region and above and region.endswith(_TOWN) else region
        above, region, rest = region, match.group(1), rest[match.end():]


def _title_place(title: str | None) -> str | None:
    """The place a title opens with before its 关于 ("广州市黄埔区关于…" → 黄埔区 under 广州市)."""
    if not title or "关于" not in title:
        return None
    prefix = title.split("关于", 1)[0]
    return region_of_issuer(prefix) if prefix and _ADMIN_UNIT.match(prefix) else None


def guess_kind(title: str) -> DocumentKind:
    if title.endswith(("通知", "公告", "通告", "通报", "函", "批复")):
        return "notice"
    if "报告" in title[-6:]:
        return "report"
    if title.endswith(_TITLE_ENDINGS):
        return "measures"
    return "notice"


def normalize_date(text: str) -> str:
    """A date given by the operator, as the manifest writes it: 2024, 2024-03 or 2024-03-15.

    Accepts those forms and 2024年3月15日; raises ``ValueError`` (Chinese) otherwise."""
    compact = text.strip().replace(" ", "").replace("/", "-").replace(".", "-")
    parsed = _parse_date(compact)
    if parsed:
        return parsed
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", compact) or re.fullmatch(
        r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?", compact)
    if not match:
        raise ValueError(f"日期格式应为 2024-03-15、2024-03、2024 或 2024年3月15日：{text}")
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12 or day and not 1 <= int(day) <= 31:
        raise ValueError(f"日期不存在：{text}")
    return "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])
