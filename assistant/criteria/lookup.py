"""``lookup_criteria``: what is indicator X for tier T under rule version V, from the cited rows."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from assistant.criteria.indicators import load_indicators
from assistant.criteria.rows import ALL_TIERS, CriterionRow, criteria_rows
from assistant.eligibility.rules import available_versions, version_in_force

DIRECT = "直通条件"


class CriteriaLookup(BaseModel):
    """Rows per rule version, the version the answer applies first, and what the corpus lacks."""

    tier: str | tuple[str, ...] | None = None
    indicator: str | None = None
    primary: str  # the version the answer leads with
    versions: list[str] = Field(default_factory=list)  # every version shown, primary first
    rows: list[CriterionRow] = Field(default_factory=list)
    compare: bool = False
    notes: list[str] = Field(default_factory=list)
    in_force: bool = False  # the primary version is the one in force (none was named)
    missing_in: str | None = None  # the version the question named, which does not state the indicator

    def rows_of(self, version: str) -> list[CriterionRow]:
        return [r for r in self.rows if r.rules == version]

    def public(self) -> dict[str, object]:
        return {"rows": [r.public() for r in self.rows], "note": "；".join(self.notes),
                "rules": self.primary, "versions": self.versions}


def _select(version: str, tier: str | tuple[str, ...] | None, indicator: str | None,
            fields: tuple[str, ...] = (), points: bool = False) -> list[CriterionRow]:
    """``fields``: the facts the question names (严重失信): only rows reading one of them.
    ``points``: the points an indicator scores are asked ("这一项最多几分"), not its threshold."""
    tiers = (tier,) if isinstance(tier, str) else tier
    rows = [r for r in criteria_rows() if r.rules == version
            and (tiers is None or r.tier in (*tiers, ALL_TIERS))
            and (r.text and (r.max_points is None or indicator is not None))]
    names = set(load_indicators().expand(indicator)) if indicator is not None else set()
    if indicator is not None:
        rows = [r for r in rows if names & set(r.indicators)]
        if indicator != DIRECT and any(DIRECT not in r.indicators for r in rows):
            rows = [r for r in rows if DIRECT not in r.indicators]  # the basic rule, not a direct pass
    else:
        rows = [r for r in rows if r.tier != ALL_TIERS]
    if fields:
        rows = [r for r in rows if set(fields) & set(r.fields)]
    if points:
        scored = [r for r in rows if r.max_points is not None]
        # the item itself (细分市场年限, 5分) before the class that lists it (专业化指标, 25分)
        return [r for r in scored if r.indicator in names] or scored
    required = [r for r in rows if r.required and r.note is None]
    return required or [r for r in rows if r.note is None]


def states_points(version: str) -> bool:
    """Whether the version gives points per indicator (the 2022 score sheet; the 2026 account does not)."""
    return any(r.rules == version and r.max_points is not None for r in criteria_rows())


def _gap_note(version: str, tier: str | tuple[str, ...] | None, indicator: str | None) -> str | None:
    """The rule file's own note on the asked indicator when ``version`` holds nothing checkable for
    it ("三选一指标（含营收…）" for 2022's 小巨人 revenue); a note on another indicator says nothing."""
    names = set(load_indicators().expand(indicator)) if indicator else set()
    for row in criteria_rows():
        if (row.rules == version and row.tier == tier and row.note and row.value is None
                and (not names or names & set(row.indicators))):
            return row.note
    return None


def lookup_criteria(
    tier: str | tuple[str, ...] | None = None,
    rules: str | None = None,
    indicator: str | None = None,
    compare: bool = False,
    today: date | None = None,
    fields: tuple[str, ...] = (),
    points: bool = False,
) -> CriteriaLookup:
    """Rows for ``tier`` × ``indicator``: under ``rules`` when given, else the version in force on
    ``today`` with the other versions' rows when they differ; ``compare`` shows every version.
    ``fields``: the facts the question names, when only the rows reading them are asked
    ("有严重失信记录还能评吗": the 失信 restriction, which only the 2022 rules state); ``points``: the
    points the indicator scores ("细分市场年限这一项最多几分": only the 2022 score sheet gives them)."""
    in_force = version_in_force(today or date.today())
    primary = rules or in_force
    others = [v for v in available_versions() if v != primary]
    notes: list[str] = []
    missing_in: str | None = None
    chosen = _select(primary, tier, indicator, fields, points)
    if not chosen:
        gap = _gap_note(primary, tier, indicator)
        fallback = next((v for v in reversed(others) if _select(v, tier, indicator, fields, points)), None)
        # "2022年规则中语料未给出该项（营业收入）的规定：语料仅写“三选一指标…”": which version lacks it, first
        missing = f"{primary}年规则中语料未给出该项{'（' + indicator + '）' if indicator else ''}的{'分值' if points else '规定'}"
        notes.append(f"{missing}：{gap}" if gap else missing)
        if fallback is None:
            return CriteriaLookup(tier=tier, indicator=indicator, primary=primary, versions=[primary],
                                  compare=compare, notes=notes)
        missing_in = rules  # named and lacking: the answer says so before the other version's rule
        primary, others = fallback, [v for v in others if v != fallback]
        chosen = _select(primary, tier, indicator, fields, points)
    versions, rows = [primary], list(chosen)
    show_others = compare or (rules is None and primary == in_force)
    for version in others if show_others else []:
        extra = _select(version, tier, indicator, fields, points)
        if extra and {r.text for r in extra} != {r.text for r in chosen}:
            versions.append(version)
            rows += extra
    return CriteriaLookup(tier=tier, indicator=indicator, primary=primary, versions=versions,
                          rows=rows, compare=compare, notes=notes, in_force=rules is None and primary == in_force,
                          missing_in=missing_in)


def lookup_criteria_request(
    tier: str | None, rules: str | None, indicator: str | None, compare: bool, today: date | None = None
) -> CriteriaLookup:
    """``lookup_criteria`` for user input (CLI, API, chat tool): aliases read, bad values refused in Chinese."""
    from assistant.criteria.indicators import find_indicator
    from assistant.eligibility.tiers import normalize_rules, normalize_tier

    tier_name = normalize_tier(tier) if tier else None
    version = normalize_rules(rules) if rules else None
    if version is not None and version not in available_versions():
        raise ValueError(f"没有 {version} 年的规则；可用：{'、'.join(available_versions())}")
    name = None
    if indicator:
        vocabulary = load_indicators()
        name = indicator if indicator in vocabulary.names else find_indicator(indicator)
        if name is None:
            raise ValueError(f"无法识别的指标：{indicator}；可选：{'、'.join(vocabulary.names)}")
    return lookup_criteria(tier=tier_name, rules=version, indicator=name, compare=compare, today=today)
