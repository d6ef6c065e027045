"""A report's benchmarks (研发占比标杆、行业基准、培育目标), checked against a company's own figures.

"我们营收八千万，研发两千三百万，按报告那个研发占比标杆体系，够得上优秀线吗": the report's rows are
cited data (``rules/benchmarks.yaml``), like the tiers' criteria, but they are no condition of any
honour. A question naming a report's benchmark and stating the figure it reads is answered by
comparing the two (符合 / 不符合), the benchmark quoted; it had gone to a tier's check or to search,
which never compared them (blind23–29: every such case wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

BENCHMARKS_FILE = Path(__file__).with_name("rules") / "benchmarks.yaml"
_ROW_WEIGHT = 2  # a word naming the row itself ("良好线") counts twice a word naming its table
_DIGITS = 1  # a computed share is shown to one decimal


class Group(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    words: list[str]


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    words: list[str]


class BenchmarkRow(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    words: list[str] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)  # empty: every kind of company
    default: bool = False  # used when the company's kind is not said
    measure: str
    threshold: float
    unit: str
    quote: str
    locator: str

    @property
    def names_itself(self) -> bool:
        """The quote opens with the row's label ("良好线：研发占比≥23%")."""
        return self.quote.startswith(self.label)

    @property
    def description(self) -> str:
        return self.quote if self.names_itself else f"{self.label}：{self.quote}"


class BenchmarkSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    words: list[str]
    rows: list[BenchmarkRow]


class Benchmarks(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_id: str
    groups: list[Group]
    measures: dict[str, Measure]
    sets: list[BenchmarkSet]

    def row(self, row_id: str) -> tuple[BenchmarkSet, BenchmarkRow]:
        return next((s, r) for s in self.sets for r in s.rows if r.id == row_id)


@lru_cache(maxsize=1)
def load_benchmarks() -> Benchmarks:
    return Benchmarks.model_validate(yaml.safe_load(BENCHMARKS_FILE.read_text(encoding="utf-8")))


def company_group(said: str) -> str | None:
    """The company's kind as its words say it ("做工业软件的" → 软件信息), the first kind in the file's order."""
    return next((g.id for g in load_benchmarks().groups if any(w in said for w in g.words)), None)


def _derived_from(profile: dict[str, Any]) -> tuple[float, float] | None:
    """(R&D expense, revenue) when the R&D share is not stated and both are: the share is computed from them."""
    expense, revenue = profile.get("rd_expense_last_year"), profile.get("revenue_last_year")
    if profile.get("rd_ratio_last_year") is None and expense is not None and revenue:
        return float(expense), float(revenue)
    return None


def company_figures(profile: dict[str, Any]) -> dict[str, float]:
    """The figures the benchmarks read: the stated ones, and the R&D share from expense ÷ revenue."""
    measures = load_benchmarks().measures
    figures = {name: float(profile[name]) for name in measures if profile.get(name) is not None}
    derived = _derived_from(profile)
    ratio = derived[0] * 100 / derived[1] if derived else profile.get("rd_ratio_last_year")
    if ratio is not None:
        figures["rd_ratio"] = float(ratio)
    return figures


def _weight(words: list[str], text: str) -> int:
    return sum(len(w) for w in words if w in text)


def _applies(row: BenchmarkRow, group: str | None) -> bool:
    if not row.groups:
        return True
    return group in row.groups if group else row.default


def _asked_measures(asked: str, figures: dict[str, float]) -> set[str]:
    """The measures the asking clause names ("PCT这一条够吗"), else every figure stated."""
    clause = asked.replace("，", ",").rsplit(",", 1)[-1]
    named = {name for name, m in load_benchmarks().measures.items() if name in figures and any(w in clause for w in m.words)}
    return named or set(figures)


def benchmarks_asked(asked: str, said: str, profile: dict[str, Any], reference: str) -> list[str]:
    """The ids of the benchmark rows a question compares the company's figures with, or none.

    ``asked`` is the last message, ``said`` every user message (the company's kind may be said
    earlier), ``reference`` the words that point at a report ("报告", "标杆"…). The set whose words
    the question names most (its own rows' words counting double) is chosen; of its rows, those for
    the company's kind and the figures stated, and of several rows of one measure those named."""
    benchmarks, figures = load_benchmarks(), company_figures(profile)
    if not figures or not re.search(reference, asked):
        return []
    group, measures = company_group(said), _asked_measures(asked, figures)
    best: tuple[int, int] = (0, 0)
    chosen: BenchmarkSet | None = None
    for order, bench in enumerate(benchmarks.sets):
        rows = [r for r in bench.rows if r.measure in measures and _applies(r, group)]
        if not rows:
            continue
        score = _weight(bench.words, asked) + _ROW_WEIGHT * max(_weight(r.words, asked) for r in rows)
        if score > best[0]:
            best, chosen = (score, -order), bench
    if chosen is None:
        return []
    rows = [r for r in chosen.rows if r.measure in measures and _applies(r, group)]
    kept: list[str] = []
    for measure in dict.fromkeys(r.measure for r in rows):
        of_measure = [r for r in rows if r.measure == measure]
        named = [r for r in of_measure if _weight(r.words, asked)]
        kept += [r.id for r in (named or of_measure)]
    return kept


Status = Literal["pass", "fail"]


@dataclass(frozen=True)
class BenchmarkOutcome:
    row: BenchmarkRow
    figure: float
    status: Status


@dataclass(frozen=True)
class BenchmarkCheck:
    bench: BenchmarkSet
    outcomes: list[BenchmarkOutcome]
    derived_ratio: tuple[float, float] | None  # (R&D expense, revenue) when the share was computed

    @property
    def verdict(self) -> Status:
        return "fail" if any(o.status == "fail" for o in self.outcomes) else "pass"


def check_benchmarks(row_ids: list[str], profile: dict[str, Any]) -> BenchmarkCheck:
    """Each chosen row against the company's figure: met when the figure is not below the threshold."""
    benchmarks, figures = load_benchmarks(), company_figures(profile)
    rows = [benchmarks.row(i) for i in row_ids]
    outcomes = [BenchmarkOutcome(r, figures[r.measure], "pass" if figures[r.measure] >= r.threshold else "fail")
                for _, r in rows]
    derived = _derived_from(profile) if any(o.row.measure == "rd_ratio" for o in outcomes) else None
    return BenchmarkCheck(rows[0][0], outcomes, derived)


def figure_text(value: float, unit: str) -> str:
    rounded = round(value, _DIGITS)
    return f"{int(rounded) if rounded == int(rounded) else rounded}{unit}"
