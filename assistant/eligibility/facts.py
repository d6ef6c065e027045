"""Facts the rules read: the stated profile values plus values derived from them.

A fact may be both stated and derivable (an R&D ratio given by the user *and* computable
from expense ÷ revenue). Both observations are kept; the evaluator treats disagreement as
unknown rather than silently trusting one, so adding or removing a statement can never
flip a failed check into a passed one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.eligibility.profile import CompanyProfile, field_kind, field_label, field_unit

# Derived ratios are rounded so that boundary cases (30 ÷ 1000 = exactly 3%) compare exactly.
_DIGITS = 6


@dataclass(frozen=True)
class Observation:
    """One value of a fact and, when computed, how."""

    value: Any
    derived_from: str | None = None
    # the true value is this or more (financing in two years is also financing in three):
    # it can pass a "not below" threshold, never fail one
    at_least: bool = False

    @property
    def derived(self) -> bool:
        return self.derived_from is not None


@dataclass(frozen=True)
class Derivation:
    """How to compute ``name`` from ``inputs``; ``compute`` returns None when it cannot."""

    name: str
    inputs: tuple[str, ...]
    compute: Callable[..., Any]
    # the result bounds the fact from below; beside a stated value it is kept only when it
    # exceeds that value, so the evaluator reports the contradiction instead of trusting either
    lower_bound: bool = False
    # ``name`` is the sum of ``inputs``: a total stated alone still bounds them ("两年一共180万" cannot be
    # two years of 100万 each)
    total: bool = False
    # ``name`` is a stated figure that may also be worked out: when missing, it is asked for itself
    # (研发费用), not by the inputs of this derivation
    asked_itself: bool = False
    # ``name`` and the first input say one figure two ways (研发占比 and 研发费用 of one year): a later turn stating
    # either replaces the other said before ("研发大概五个点" then "那要是研发到了五百万呢", trial 52)
    same_figure: bool = False


def _share_of(ratio: float, revenue: float) -> float | None:
    return round(ratio * revenue / 100, _DIGITS) if revenue > 0 and ratio >= 0 else None


def _ratio(expense: float, revenue: float) -> float | None:
    return round(expense * 100 / revenue, _DIGITS) if revenue > 0 else None


def _any_award(national: int, provincial: int) -> bool:
    return national >= 1 or provincial >= 1


def _an_award(rank: int) -> bool | None:
    """One award is enough; no award of one level says nothing of the other."""
    return True if rank >= 1 else None


DERIVATIONS: tuple[Derivation, ...] = (
    # "营收3000万，研发占比6%": the R&D expense is 180万
    Derivation("rd_expense_last_year", ("rd_ratio_last_year", "revenue_last_year"), _share_of, asked_itself=True),
    Derivation("rd_expense_year_before", ("rd_ratio_year_before", "revenue_year_before"), _share_of,
               asked_itself=True),
    Derivation("rd_ratio_last_year", ("rd_expense_last_year", "revenue_last_year"), _ratio, same_figure=True),
    Derivation("rd_ratio_year_before", ("rd_expense_year_before", "revenue_year_before"), _ratio, same_figure=True),
    Derivation(
        "rd_expense_2y_total",
        ("rd_expense_last_year", "rd_expense_year_before"),
        lambda last, before: round(last + before, _DIGITS),
        total=True,
    ),
    Derivation(
        "rd_expense_2y_avg", ("rd_expense_2y_total",), lambda total: round(total / 2, _DIGITS)
    ),
    # the last two years lie inside the last three
    Derivation("equity_financing_3y", ("equity_financing_2y",), lambda amount: amount, lower_bound=True),
    # one award is enough: "国家科技进步二等奖，第四完成单位" with nothing said of a provincial one
    Derivation("sci_award_3y", ("national_award_rank_3y",), _an_award),
    Derivation("sci_award_3y", ("provincial_award_rank_3y",), _an_award),
    # (last of its name: what missing_for asks for, both ranks)
    Derivation("sci_award_3y", ("national_award_rank_3y", "provincial_award_rank_3y"), _any_award),
    # A provincial-level R&D institution is in particular an R&D institution; absence says nothing.
    Derivation(
        "has_rd_institution", ("provincial_rd_institution",), lambda prov: True if prov else None
    ),
)
_BY_NAME = {d.name: d for d in DERIVATIONS if not d.asked_itself}


def format_number(value: float) -> str:
    """12.0 → "12", 6.666666 → "6.67"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def describe_value(name: str, value: Any) -> str:
    unit = field_unit(name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if unit == "强":
        return "未入围" if value == 0 else f"{value}强"
    if unit == "名":
        return "未获得" if value == 0 else f"第{value}名"
    return f"{format_number(value)}{unit}"


def _explain(derivation: Derivation, values: Sequence[Any]) -> str:
    parts = [
        f"{field_label(n)}{describe_value(n, v)}"
        for n, v in zip(derivation.inputs, values, strict=True)
    ]
    if derivation.lower_bound:
        return "按" + "、".join(parts)
    return "由" + "、".join(parts) + "推算"


class Facts:
    """All observations of every fact for one profile."""

    def __init__(self, profile: CompanyProfile) -> None:
        self._observations: dict[str, list[Observation]] = {
            name: [Observation(value)] for name, value in profile.known().items()
        }
        for derivation in DERIVATIONS:  # ordered so that inputs are derived before use
            self._derive(derivation)

    def _derive(self, derivation: Derivation) -> None:
        stated = [o.value for o in self._observations.get(derivation.name, [])]
        choices = [self._observations.get(name, []) for name in derivation.inputs]
        for combo in itertools.product(*choices):
            values = [o.value for o in combo]
            value = derivation.compute(*values)
            if value is None:
                continue
            if derivation.lower_bound and stated and all(value <= v for v in stated):
                continue  # a stated value at or above the bound wins; one below it contradicts it
            observations = self._observations.setdefault(derivation.name, [])
            if all(o.value != value for o in observations):
                observations.append(
                    Observation(value, _explain(derivation, values), derivation.lower_bound)
                )

    def get(self, name: str) -> list[Observation]:
        return list(self._observations.get(name, []))

    def missing_for(self, name: str) -> list[str]:
        """The stated fields to ask for so that ``name`` becomes known.

        Computed amounts and ratios are asked for by their missing inputs (expense, revenue);
        yes/no facts are asked for directly.
        """
        if name in self._observations:
            return []
        derivation = _BY_NAME.get(name)
        if derivation is None or field_kind(name) == "flag":
            return [name]
        asked: list[str] = []
        for source in derivation.inputs:
            for field in self.missing_for(source):
                if field not in asked:
                    asked.append(field)
        return asked or [name]
