"""check_eligibility: one profile, one tier, one rule version → a cited, criterion-by-criterion report."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.eligibility.evaluate import (
    CriterionOutcome,
    Status,
    combine,
    evaluate_criterion,
    evaluate_requirement,
)
from assistant.eligibility.facts import Facts, describe_value
from assistant.eligibility.profile import CompanyProfile, field_label
from assistant.eligibility.rules import (
    Citation,
    Criterion,
    RuleSet,
    TierRules,
    available_versions,
    load_rules,
    version_in_force,
)
from assistant.eligibility.tiers import DEFAULT_TIER, normalize_rules, normalize_tier

VERDICT_WORDS: dict[str, str] = {"pass": "符合", "fail": "不符合", "unknown": "尚无法确定"}


def carried_note(earlier: str, rules_title: str, label: str) -> str:
    """What a restriction (or basic requirement: ``label``) carried over from an earlier version is
    said with, in the verdict line and the explanation alike."""
    return f"（{earlier}所列{label}；{rules_title}的转述未提及此项变化，沿用）"


class CriterionResult(BaseModel):
    """One criterion's outcome as shown to the user."""

    id: str
    group: str
    description: str
    status: Literal["pass", "fail", "unknown"]
    actual: str | None
    required: str
    gap: str | None
    source: Citation
    # part of an undecided condition already fails (see evaluate.Outcome.shortfall); the chat
    # answer leads with it, the agreed JSON shape of a criterion leaves it out
    shortfall: str | None = Field(default=None, exclude=True)
    # the figure is short and only an exemption not yet known could meet it: a question asking this one
    # condition leads with it (evaluate.CriterionOutcome.short_unless_exempt)
    short_unless_exempt: str | None = Field(default=None, exclude=True)
    # a restriction the company says it breaches (被列入失信名单): said as the user's own statement
    breach: bool = Field(default=False, exclude=True)
    # a restriction an earlier version states and this one's account does not restate: the earlier
    # version's short title ("2022年暂行办法"), said with it
    carried_from: str | None = Field(default=None, exclude=True)


class EligibilityReport(BaseModel):
    """The answer to "能评吗": verdict, every criterion, what is missing, which rules."""

    tier: str
    rules: str
    verdict: Literal["pass", "fail", "unknown"]
    criteria: list[CriterionResult]
    missing_fields: list[str]
    explanation: str
    # why the rules applied are not the ones in force; also in ``explanation``, so the agreed
    # JSON shape of a report (/api/eligibility) leaves it out
    rules_note: str | None = Field(default=None, exclude=True)


def check_eligibility(
    profile: CompanyProfile,
    tier: str = DEFAULT_TIER,
    rules: str | None = None,
    today: date | None = None,
) -> EligibilityReport:
    """Check ``profile`` against ``tier`` under ``rules`` (default: the version in force on ``today``)."""
    tier_name = normalize_tier(tier)
    chosen_by_date = rules is None
    in_force = version_in_force(today or date.today())
    version = in_force if rules is None else normalize_rules(rules)
    if chosen_by_date and not _checkable(load_rules(version), tier_name):
        # the version in force states nothing checkable for this tier (the 2026 report gives no
        # 创新型中小企业 criteria): the latest version that does answers, and says so
        version = next((v for v in sorted(available_versions(), reverse=True)
                        if _checkable(load_rules(v), tier_name)), version)
    rule_set = load_rules(version)
    rules_note = (f"现行{in_force}年规则在语料中没有{tier_name}的可核查条件，按{version}年规则核查"
                  if chosen_by_date and version != in_force else None)
    tier_rules = rule_set.tier(tier_name)
    facts = Facts(profile)

    stated = profile.known()
    carried = _carried_restrictions(rule_set, tier_name, stated)
    own = [_evaluate(c, facts, profile) for c in rule_set.criteria_for(tier_name)
           # (a criterion checked when stated is stated by its condition's facts, not by an exemption's)
           if not c.when_stated or any(leaf.field in stated for leaf in c.condition_leaves())]
    # the restrictions first (a breach decides the verdict), the version's own before the carried
    outcomes = ([o for o in own if o.criterion.when_stated] + [_evaluate(c, facts, profile) for c, _ in carried]
                + [o for o in own if not o.criterion.when_stated])
    outcomes = _stated_groups(outcomes, tier_rules, stated)
    carried_from = {c.id: title for c, title in carried}
    group_outcomes: dict[str, tuple[Status, list[str]]] = {}
    for group_id, spec in tier_rules.groups.items():
        members = [o for o in outcomes if o.criterion.group == group_id]
        status = combine((o.status for o in members), spec.mode)
        missing: list[str] = []
        if status != "pass":
            for outcome in members:
                missing.extend(m for m in outcome.missing if m not in missing)
        group_outcomes[group_id] = (status, missing)
    verdict, missing_fields = evaluate_requirement(tier_rules.requires, group_outcomes)

    return EligibilityReport(
        tier=tier_name,
        rules=version,
        verdict=verdict,
        criteria=[_result(o, carried_from.get(o.criterion.id)) for o in outcomes],
        missing_fields=missing_fields,
        explanation=_explain(
            rule_set, tier_name, verdict, outcomes, missing_fields, chosen_by_date, today, rules_note, carried_from
        ),
        rules_note=rules_note,
    )


def _carried_restrictions(rule_set: RuleSet, tier: str, stated: dict[str, object]) -> list[tuple[Criterion, str]]:
    """An earlier version's restrictions on facts the user stated that this version does not read,
    each with that version's short title. The corpus's account of the 2026 measures says what
    changed; a restriction it does not mention (失信名单, 淘汰类, 偷漏税) is carried over, and said so."""
    read = {name for c in rule_set.criteria_for(tier) for name in c.fields}
    carried: list[tuple[Criterion, str]] = []
    for version in available_versions():
        if version >= rule_set.version:
            continue  # a later version's new rule (2026's 三年内不得再次申报) does not reach back
        earlier = load_rules(version)
        carried += [(c, earlier.short_title) for c in earlier.criteria_for(tier)
                    if c.when_stated and c.group in rule_set.tier(tier).groups
                    and any(f in stated and f not in read for f in c.fields)]
    return carried


def _evaluate(criterion: Criterion, facts: Facts, profile: CompanyProfile) -> CriterionOutcome:
    """A restriction's facts the user did not state are presumed not breached ("出过重大安全事故"
    breaches 重大安全事故或数据造假 without a word on 数据造假; "没出过" meets it the same way)."""
    if not criterion.when_stated:
        return evaluate_criterion(criterion, facts)
    stated = profile.known()
    leaves = criterion.condition.leaves() if criterion.condition else []
    presumed = profile.updated({leaf.field: leaf.op == "is_true" for leaf in leaves
                                if leaf.field and leaf.field not in stated})
    outcome = evaluate_criterion(criterion, Facts(presumed))
    # what the user said is shown, not what was presumed
    said = [part for part in (outcome.actual or "").split("；")
            if any(part.startswith(field_label(name)) for name in criterion.fields if name in stated)]
    outcome.actual = "；".join(said) or None
    return outcome


def _stated_groups(outcomes: list[CriterionOutcome], tier_rules: TierRules,
                   stated: dict[str, object]) -> list[CriterionOutcome]:
    """A group the company says none of applies ("也没有直通条件") fails in every member its stated
    figures leave undecided; a member they meet still meets it."""
    denied = {group_id: f"{field_label(spec.stated_by)}：{describe_value(spec.stated_by, False)}"
              for group_id, spec in tier_rules.groups.items()
              if spec.stated_by is not None and stated.get(spec.stated_by) is False}
    return [replace(o, status="fail", actual=denied[o.criterion.group], gap=denied[o.criterion.group],
                    missing=[], shortfall=None)
            if o.criterion.group in denied and o.status == "unknown" else o for o in outcomes]


def _checkable(rule_set: RuleSet, tier: str) -> bool:
    """Whether the version states a condition of the tier a profile can meet (a restriction alone
    is no such condition)."""
    return any(c.condition is not None and not c.when_stated for c in rule_set.criteria_for(tier))


def _result(outcome: CriterionOutcome, carried_from: str | None = None) -> CriterionResult:
    criterion = outcome.criterion
    return CriterionResult(
        id=criterion.id,
        group=criterion.group,
        description=criterion.description,
        status=outcome.status,
        actual=outcome.actual,
        required=outcome.required,
        gap=outcome.gap,
        source=criterion.source,
        shortfall=outcome.shortfall,
        short_unless_exempt=outcome.short_unless_exempt,
        breach=criterion.when_stated and outcome.status == "fail",
        carried_from=carried_from,
    )


def _explain(
    rule_set: RuleSet,
    tier: str,
    verdict: Status,
    outcomes: list[CriterionOutcome],
    missing: list[str],
    chosen_by_date: bool,
    today: date | None,
    rules_note: str | None = None,
    carried_from: dict[str, str] | None = None,
) -> str:
    counted = set(rule_set.tier(tier).requires.group_ids())
    failed = [o for o in outcomes if o.status == "fail" and o.criterion.group in counted]
    text = f"按{rule_set.title}判断{tier}：{VERDICT_WORDS[verdict]}。"
    if rules_note:
        text += f"（未指定规则版本；{rules_note}。）"
    elif chosen_by_date:
        since = f"，{rule_set.effective_from.isoformat()}起施行" if rule_set.effective_from else ""
        text += f"（未指定规则版本，按{(today or date.today()).isoformat()}现行的{rule_set.version}年规则{since}。）"
    if verdict == "fail" and failed:
        carried = carried_from or {}
        text += "未满足：" + "；".join(
            (o.gap or o.criterion.description)
            + (carried_note(carried[o.criterion.id], rule_set.short_title, rule_set.tier(tier).groups[o.criterion.group].label)
               if o.criterion.id in carried else "")
            for o in failed) + "。"
    elif verdict == "pass":
        text += "所列条件均已满足或通过直通/豁免条件满足。"
    if missing:
        text += "尚需补充：" + "、".join(field_label(m) for m in missing) + "。"
    elif verdict == "unknown":
        text += "部分条件语料未给出可判断的门槛或数据不一致，需人工核实。"
    return text
