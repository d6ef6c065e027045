"""Reward rows read from a notice's text, deterministically, each citing its sentence.

A help desk adds this year's notices; their reward sentences look like
“对首次获评国家级专精特新“小巨人”企业、省级专精特新中小企业的，分别给予50万元、20万元奖励”.
Sentences are split at 。；, amounts found with their qualifiers (最高/不超过/累计, 每年 or
一次性), and honours read with the honour vocabulary (``honours.yaml``) and the divisions
of China (``divisions.py``): a 分别 list is paired with its amounts in order, otherwise each
amount takes the honours written since the amount before it. A plain honour takes its tier
from the place written before it (“太仓市小巨人企业” is a county-level honour) or from the
item before it in the same list (“省专精特新产品、科技小巨人、单项冠军” are all provincial).
The region is the document's (or table section's) metadata, never guessed from the sentence.
Rows come out as ``status="auto"`` (自动提取、未经人工核对) until a reviewer accepts them
(``review.py``). Words the rules use live in ``extraction.yaml``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

from assistant.rewards.divisions import DivisionIndex, load_divisions
from assistant.rewards.honours import HonourIndex, load_honours
from assistant.rewards.matching import compact, find_spans
from assistant.rewards.models import RewardRow, RewardSource

EXTRACTION_FILE = Path(__file__).with_name("extraction.yaml")

Status = Literal["auto", "reviewed", "rejected"]
Period = Literal["one_off", "yearly", ""]
AUTO_MARK = "自动提取、未经人工核对"

_OPEN, _CLOSE = "（(", "）)"
_NUMBER = r"\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?P<low>{_NUMBER})(?:(?:万元|万|亿元|元)?[-—–~～至到](?P<high>{_NUMBER}))?"
    r"(?P<unit>万元|万|亿元|元)"
)
_UNIT_IN_WAN = {"万元": 1.0, "万": 1.0, "亿元": 10000.0, "元": 0.0001}


class ExtractionWords(BaseModel):
    """The vocabulary of ``extraction.yaml``."""

    sentence_ends: list[str]
    list_separators: list[str]
    pairing_words: list[str]
    cap_words: list[str]
    cap_suffixes: list[str]
    cumulative_words: list[str]
    yearly_words: list[str]
    yearly_patterns: list[str]
    one_off_words: list[str]
    trigger_words: list[str]
    scope_opener: str  # "对……的，给予……": honours are named after it
    not_reward_after: list[str]
    not_reward_before: list[str]
    included_words: list[str]
    level_suffix: str
    item_tails: list[str]
    division_tiers: dict[str, str]
    tier_markers: dict[str, str]


class ExtractedReward(BaseModel):
    """A reward row read from a notice, with how it was read and its review status."""

    row: RewardRow
    status: Status = "auto"
    sentence: str = ""
    period: Period = ""
    capped: bool = False
    cumulative: bool = False
    original: str = Field(default="", description="the honour as written in the notice")

    @property
    def row_id(self) -> str:
        """Stable id from where and what: the same sentence read again gets the same id."""
        row = self.row
        key = "|".join(
            [row.source.doc_id, row.source.locator, row.region, row.title, row.amount_text]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


class ExtractionResult(BaseModel):
    rows: list[ExtractedReward] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class TextSection(BaseModel):
    """Part of a document with its own region (a table row headed by its region cell)."""

    region: str
    text: str
    first_line: int
    policy: str = ""


# -- reading the text ------------------------------------------------------------------


_TABLE_CELL = "\t"
_ROW_END = "。"


@dataclass
class _Body:
    """Compacted text (no whitespace or quotes) with the 1-based line of every character."""

    text: str
    lines: list[int]

    @classmethod
    def of(cls, text: str, first_line: int) -> _Body:
        chars: list[str] = []
        lines: list[int] = []
        for number, line in enumerate(text.split("\n"), start=first_line):
            for char in compact(line):
                chars.append(char)
                lines.append(number)
            if _TABLE_CELL in line and chars and chars[-1] != _ROW_END:
                chars.append(_ROW_END)  # a table row ("1\t国家级…企业\t50万元") is a sentence of its own
                lines.append(number)
        return cls("".join(chars), lines)

    def locator(self, start: int, end: int) -> str:
        return f"L{self.lines[start]}-L{self.lines[max(start, end - 1)]}"


@dataclass
class _Amount:
    start: int  # offsets in the sentence
    end: int
    text: str
    low: float
    high: float
    capped: bool = False
    cumulative: bool = False
    qualifier: str = ""

    @property
    def bounds(self) -> tuple[float | None, float]:
        return (None if self.capped else self.low), self.high

    @property
    def amount_text(self) -> str:
        return self.qualifier + self.text


@dataclass
class _Item:
    """An honour (or a bare tier, “国家”“常熟市级”) named in a list before an amount."""

    title: str | None
    alias: str
    hint: str | None  # tier of the place or tier word written right before the honour
    written: str  # as the notice writes it (“太仓市小巨人企业”, “常熟市级”)
    included: list[_Item] = field(default_factory=list)


@dataclass(frozen=True)
class _Term:
    kind: str  # "honour", "tier" or "region"
    value: str  # honour title or tier name


class RewardExtractor:
    """Reads reward rows; one instance holds the vocabularies (see ``load_extractor``)."""

    def __init__(
        self, words: ExtractionWords, honours: HonourIndex, divisions: DivisionIndex
    ) -> None:
        self.words = words
        self.honours = honours
        self.divisions = divisions
        self.scan = self._vocabulary()
        ends = "".join(map(re.escape, words.sentence_ends))
        self._sentence = re.compile(rf"[^{ends}]+[{ends}]?")
        self._yearly = [re.compile(p) for p in words.yearly_patterns]

    def _vocabulary(self) -> dict[str, _Term]:
        """Place names, tier words and honour aliases for one leftmost-longest scan.

        County short names (“昆山”) are left out: two characters such as 新兴、光明、平安 are
        ordinary words too. Full names, province and city short names and local aliases stay.
        """
        scan: dict[str, _Term] = {}
        tiers = self.words.division_tiers
        for alias, keys in self.divisions.aliases.items():
            found = [self.divisions.by_key[key] for key in keys]
            levels = {d.level for d in found}
            is_full = any(d.name == alias for d in found)
            local = any(d.key.startswith("local:") for d in found)
            if len(levels) == 1 and (is_full or local or "county" not in levels):
                scan[alias] = _Term("region", tiers[levels.pop()])
        for word, tier in [*self.honours.tier_words.items(), *self.words.tier_markers.items()]:
            scan[compact(word)] = _Term("tier", tier)
        for alias, title in self.honours.aliases.items():
            scan[alias] = _Term("honour", title)
        return scan

    # -- sections ------------------------------------------------------------------------

    def region_sections(self, text: str, first_line: int = 1) -> list[TextSection]:
        """Split a “地区 | 奖励 | 参考政策” table into rows headed by their region cell.

        A line whose first cell names a division (“昆山市 对新认定为…”, “工业园区 对首次…”)
        starts a section; the section's policy is the first 《…》 title in it.
        """
        sections: list[TextSection] = []
        current: tuple[str, int, list[str]] | None = None
        for number, line in enumerate(text.split("\n"), start=first_line):
            cell, _, rest = line.strip().partition(" ")
            if rest.strip() and self.divisions.resolve(cell) is not None:
                if current is not None:
                    sections.append(self._section(*current))
                current = (cell, number, [rest])
            elif current is not None:
                current[2].append(line)
        if current is not None:
            sections.append(self._section(*current))
        return sections

    @staticmethod
    def _section(region: str, first_line: int, lines: list[str]) -> TextSection:
        text = "\n".join(lines)
        policy = re.search(r"《[^》]+》(?:（[^）]*〔\d{4}〕[^）]*号）)?", re.sub(r"\s+", "", text))
        return TextSection(
            region=region, text=text, first_line=first_line, policy=policy[0] if policy else ""
        )

    # -- extraction ----------------------------------------------------------------------

    def extract(
        self,
        text: str,
        *,
        doc_id: str,
        region: str,
        policy: str = "",
        first_line: int = 1,
    ) -> ExtractionResult:
        """Reward rows of ``text`` (whose line 1 is document line ``first_line``) for ``region``."""
        result = ExtractionResult()
        place = self.divisions.display(region)
        if place is None:
            result.warnings.append(f"未识别的地区：{region}（按原样记录）")
            region_name, region_path = region, region
        else:
            region_name, region_path = place
        body = _Body.of(text, first_line)
        seen: set[tuple[str, str, float | None, float]] = set()
        for match in self._sentence.finditer(body.text):
            sentence = match[0]
            for item, amount, span in self._pairs(sentence, result.warnings):
                start, end = match.start() + span[0], match.start() + span[1]
                for named, original in self._titles(item):
                    # "无锡市专精特新中小企业" in a 梁溪区 notice is 无锡's own honour, not 苏州's
                    title = self.honours.of_place(named, region_path, original)
                    key = (title, body.locator(start, end), *amount.bounds)
                    if key in seen:
                        continue
                    seen.add(key)
                    result.rows.append(
                        self._row(
                            title,
                            original,
                            amount,
                            sentence,
                            region_name,
                            region_path,
                            policy,
                            RewardSource(doc_id=doc_id, locator=body.locator(start, end)),
                        )
                    )
        return result

    def _row(
        self,
        title: str,
        original: str,
        amount: _Amount,
        sentence: str,
        region: str,
        region_path: str,
        policy: str,
        source: RewardSource,
    ) -> ExtractedReward:
        period = self._period(sentence)
        conditions = [w for w in self.words.trigger_words if w in sentence]
        conditions += {"one_off": ["一次性"], "yearly": ["每年"], "": []}[period]
        conditions += [amount.qualifier] if amount.qualifier else []
        if compact(original) != compact(title):
            conditions.append(f"原文：{original}")
        low, high = amount.bounds
        return ExtractedReward(
            row=RewardRow(
                region=region,
                region_path=region_path,
                title=title,
                amount_text=amount.amount_text,
                amount_min=low,
                amount_max=high,
                conditions="；".join(dict.fromkeys(conditions)),
                policy=policy,
                source=source,
            ),
            sentence=sentence,
            period=period,
            capped=amount.capped,
            cumulative=amount.cumulative,
            original=original,
        )

    def _period(self, sentence: str) -> Period:
        if any(w in sentence for w in self.words.yearly_words) or any(
            p.search(sentence) for p in self._yearly
        ):
            return "yearly"
        if any(w in sentence for w in self.words.one_off_words):
            return "one_off"
        return ""

    def _pairs(
        self, sentence: str, warnings: list[str]
    ) -> list[tuple[_Item, _Amount, tuple[int, int]]]:
        """(honour item, amount, span in the sentence to cite) for every reward in a sentence."""
        amounts = self._amounts(sentence)
        if not amounts:
            return []
        pairing = self._pairing_at(sentence, amounts)
        sequential = [a for a in amounts if pairing is None or a.start < pairing]
        pairs: list[tuple[_Item, _Amount, tuple[int, int]]] = []
        previous_end = 0
        for amount in sequential:
            # "对…的，给予…": the honours are named after the last 对 before the amount, not in a
            # title or heading run into the sentence ("关于支持专精特新企业发展的若干措施…")
            opener = sentence.rfind(self.words.scope_opener, previous_end, amount.start)
            previous_end = max(previous_end, opener)
            items = self._items(sentence[previous_end : amount.start])
            start = _first_mention(sentence, items, previous_end)
            pairs.extend((item, amount, (start, amount.end)) for item in items)
            previous_end = amount.end
        if pairing is None:
            return pairs
        listed = [a for a in amounts if a.start > pairing]
        for later in listed[1:]:  # 最高/累计不超过 before the first amount applies to all
            if not later.qualifier:
                later.capped, later.cumulative = listed[0].capped, listed[0].cumulative
                later.qualifier = listed[0].qualifier
        items = self._items(sentence[previous_end:pairing])
        if len(items) != len(listed):
            warnings.append(
                f"“{sentence}”：{len(items)} 个称号与 {len(listed)} 个金额无法一一对应，未抽取"
            )
            return pairs
        span = (_first_mention(sentence, items, previous_end), listed[-1].end)
        pairs.extend((item, amount, span) for item, amount in zip(items, listed, strict=True))
        return pairs

    def _pairing_at(self, sentence: str, amounts: list[_Amount]) -> int | None:
        """Position of 分别 when at least two amounts follow it."""
        for word in self.words.pairing_words:
            at = sentence.find(word)
            if at >= 0 and sum(a.start > at for a in amounts) >= 2:
                return at
        return None

    def _amounts(self, sentence: str) -> list[_Amount]:
        """Reward amounts in a sentence; thresholds (“营业收入1亿元以上”) and totals are skipped."""
        words = self.words
        found: list[_Amount] = []
        separators = "".join(words.list_separators[:3]) + "：:"
        for match in _AMOUNT.finditer(sentence):
            after = sentence[match.end() :]
            if any(after.startswith(w) for w in words.not_reward_after):
                continue
            clause_start = max(sentence.rfind(sep, 0, match.start()) for sep in separators) + 1
            clause = sentence[clause_start : match.start()]
            qualifier_text = clause
            for cap_word in sorted(words.cap_words, key=len, reverse=True):
                clause = clause.replace(cap_word, "")
            if any(w in clause for w in words.not_reward_before):
                continue
            scale = _UNIT_IN_WAN[match["unit"]]
            low = float(match["low"]) * scale
            high = float(match["high"]) * scale if match["high"] else low
            cap = next(
                (w for w in sorted(words.cap_words, key=len, reverse=True) if w in qualifier_text),
                None,
            )
            cap_after = next((w for w in words.cap_suffixes if after.startswith(w)), None)
            cumulative = any(w in qualifier_text for w in words.cumulative_words)
            qualifier = cap or ""
            if cumulative and not any(w in qualifier for w in words.cumulative_words):
                qualifier = words.cumulative_words[0] + qualifier
            text = match[0] + (cap_after or "")
            found.append(
                _Amount(
                    start=match.start(),
                    end=match.end() + len(cap_after or ""),
                    text=text,
                    low=low,
                    high=high,
                    capped=bool(cap or cap_after),
                    cumulative=cumulative,
                    qualifier=qualifier,
                )
            )
        return found

    # -- honours -------------------------------------------------------------------------

    def _items(self, segment: str) -> list[_Item]:
        """Honour items of a list, in order, with tiers resolved across the list."""
        items: list[_Item] = []
        for piece in _split_top(segment, self.words.list_separators):
            items.extend(self._piece_items(piece))
        return self._resolve(items)

    def _piece_items(self, piece: str) -> list[_Item]:
        main, groups = _outside_parentheses(piece)
        spans = find_spans(main, self.scan)
        items: list[_Item] = []
        for i, span in enumerate(spans):
            if span.value.kind != "honour":
                continue
            before = spans[i - 1] if i else None
            hint = None
            if before is not None and before.value.kind != "honour":
                gap = main[before.end : span.start]
                if gap in ("", self.words.level_suffix):
                    hint = before.value.value
            written = main[before.start if hint and before else span.start : span.end]
            items.append(_Item(span.value.value, span.alias, hint, written))
        if not items and spans and spans[-1].value.kind != "honour":
            tail = main[spans[-1].end :]
            for tail_word in [self.words.level_suffix, *self.words.item_tails]:
                tail = tail.removeprefix(tail_word)
            if not tail:
                written = main[spans[-1].start :]
                items.append(_Item(None, spans[-1].alias, spans[-1].value.value, written))
        for group in groups:
            word = next((w for w in self.words.included_words if group.startswith(w)), None)
            if word is not None and items:
                items[-1].included.extend(self._items(group[len(word) :]))
        return items

    def _resolve(self, items: list[_Item]) -> list[_Item]:
        """Give every item its canonical title; tiers carry over to plain items that follow.

        A bare tier (“国家”“江苏省”“苏州市”) takes the family of the honour the list ends with
        (“…苏州工业园区专精特新各类荣誉称号”), else that tier's default honour.
        """
        honours = self.honours
        families = {honours.family_of(i.title) for i in items if i.title is not None}
        shared = families.pop() if len(families) == 1 else None
        carried: str | None = None
        for item in items:
            if item.title is None:
                assert item.hint is not None
                item.title = honours.at_tier(shared, item.hint) or honours.tier_default(item.hint)
                carried = item.hint
            elif not honours.is_plain(item.alias, item.title):
                carried = honours.tier_of(item.title)
            elif item.hint is not None:
                family = honours.family_of(item.title)
                item.title = honours.at_tier(family, item.hint) or honours.tier_default(item.hint)
                carried = item.hint
            elif carried is not None:
                item.title = honours.at_tier(honours.family_of(item.title), carried) or item.title
            for sub in item.included:  # 含… inside an item shares its tier
                if sub.title and carried and honours.is_plain(sub.alias, sub.title):
                    family = honours.family_of(sub.title)
                    sub.title = honours.at_tier(family, carried) or sub.title
        return items

    def _titles(self, item: _Item) -> list[tuple[str, str]]:
        """(title, as written) for an item and the honours it includes (“含…”)."""
        assert item.title is not None
        found = [(item.title, item.written)]
        found += [(sub.title, sub.written) for sub in item.included if sub.title is not None]
        return list({title: (title, raw) for title, raw in reversed(found)}.values())[::-1]


def _first_mention(sentence: str, items: list[_Item], start: int) -> int:
    """Where the first item is written, so a citation does not begin with a heading."""
    if not items:
        return start
    at = sentence.find(items[0].written, start)
    return at if at >= 0 else start


def _split_top(text: str, separators: list[str]) -> list[str]:
    """Pieces of ``text`` split at separators outside parentheses."""
    pieces, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and char in separators:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p for p in pieces if p]


def _outside_parentheses(text: str) -> tuple[str, list[str]]:
    """(text outside parentheses, contents of the top-level parenthesised groups)."""
    outside: list[str] = []
    groups: list[str] = []
    depth = 0
    for char in text:
        if char in _OPEN:
            if depth == 0:
                groups.append("")
            else:
                groups[-1] += char
            depth += 1
        elif char in _CLOSE and depth > 0:
            depth -= 1
            if depth > 0:
                groups[-1] += char
        elif depth == 0:
            outside.append(char)
        else:
            groups[-1] += char
    return "".join(outside), groups


@lru_cache(maxsize=2)
def load_extractor(path: Path = EXTRACTION_FILE) -> RewardExtractor:
    words = ExtractionWords(**yaml.safe_load(path.read_text(encoding="utf-8")))
    return RewardExtractor(words, load_honours(), load_divisions())


def extract_reward_rows(
    text: str, *, doc_id: str, region: str, policy: str = "", first_line: int = 1
) -> ExtractionResult:
    """Reward rows of a notice's ``text`` for the document's ``region`` (its metadata)."""
    return load_extractor().extract(
        text, doc_id=doc_id, region=region, policy=policy, first_line=first_line
    )


def extract_region_table(text: str, *, doc_id: str, first_line: int = 1) -> ExtractionResult:
    """Reward rows of a per-region table, each row's region read from its region cell."""
    extractor = load_extractor()
    result = ExtractionResult()
    for section in extractor.region_sections(text, first_line):
        found = extractor.extract(
            section.text,
            doc_id=doc_id,
            region=section.region,
            policy=section.policy,
            first_line=section.first_line,
        )
        result.rows.extend(found.rows)
        result.warnings.extend(found.warnings)
    return result


def extract_notice_rows(text: str, *, doc_id: str, region: str, policy: str = "") -> ExtractionResult:
    """Reward rows of an added notice: its sentences for the document's ``region``, and the rows
    of a table whose region cell names another place for that place (“临平区 | 省级… | 20万元”).

    Table rows come as tab-separated cells (how the parsers write PDF and Word tables).
    """
    extractor = load_extractor()
    own = extractor.divisions.resolve(region)
    lines = text.split("\n")
    result = ExtractionResult()
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) < 2:
            continue
        place = next((c for c in cells if c and extractor.divisions.resolve(c) is not None), None)
        if place is None or extractor.divisions.resolve(place) == own:
            continue
        found = extractor.extract(line, doc_id=doc_id, region=place, policy=policy, first_line=number)
        result.rows.extend(found.rows)
        result.warnings.extend(found.warnings)
        lines[number - 1] = ""  # read with its own region, not again with the document's
    found = extractor.extract("\n".join(lines), doc_id=doc_id, region=region, policy=policy)
    seen: set[tuple[str, str, float | None, float | None]] = set()
    rows: list[ExtractedReward] = []
    for reward in [*found.rows, *result.rows]:  # a table repeating a sentence's reward adds nothing
        key = (reward.row.region, reward.row.title, reward.row.amount_min, reward.row.amount_max)
        if key not in seen:
            seen.add(key)
            rows.append(reward)
    return ExtractionResult(rows=rows, warnings=[*found.warnings, *result.warnings])
