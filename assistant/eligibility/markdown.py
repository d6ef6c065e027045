"""A short Chinese chat answer for an eligibility report: verdict first, then gaps, then sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.eligibility.engine import (
    VERDICT_WORDS,
    CriterionResult,
    EligibilityReport,
    carried_note,
)
from assistant.eligibility.evaluate import UNSTATED, Status, combine
from assistant.eligibility.profile import field_label
from assistant.eligibility.rules import GroupSpec, Requirement, TierRules, load_rules
from assistant.source_numbers import SourceNumbers

_STATUS = {"fail": "未满足", "unknown": "暂无法判断"}


def _known_part(criterion: CriterionResult) -> str:
    """What the company stated of an open condition ("已知上年度研发费用占营业收入比重5%；"), before what it lacks
    (new-user trial 50: 研发大概五个点 was read and never shown back)."""
    known = [part for part in (criterion.actual or "").split("；") if part and not part.endswith(UNSTATED)]
    return f"已知{'；'.join(known)}；" if known else ""
_OR = "或"  # a condition worded with two ways to meet it


def _choices(requirement: Requirement) -> list[list[list[str]]]:
    """Every any-of in ``requirement``: its branches, each the group ids it needs."""
    found: list[list[list[str]]] = []
    if requirement.any_of is not None:
        found.append([[item] if isinstance(item, str) else item.group_ids() for item in requirement.any_of])
    for item in requirement.all_of or requirement.any_of or []:
        if isinstance(item, Requirement):
            found += _choices(item)
    return found


def _way(spec: GroupSpec, criteria: list[CriterionResult]) -> str:
    """One way of an open choice in a few words: its only condition ("评价得分达到60分以上"),
    else its label ("满足任一直通条件" when any one of them does)."""
    if len(criteria) == 1:
        return criteria[0].description
    return f"满足任一{spec.label}" if spec.mode == "any" else f"满足全部{spec.label}"


def _named(criteria: list[CriterionResult]) -> str:
    """The conditions met, each by its threshold ("从事特定细分市场时间达到2年以上；…"): a condition
    met by its first way is named by that way alone (its "…，或…" second way is not the user's)."""
    return "；".join(c.description if c.actual and "；" in c.actual else _way_met(c) for c in criteria)


def _way_met(criterion: CriterionResult) -> str:
    """The way of a condition worded with two ("上年度营业收入不低于1500万元，或融资2000万元以上") that the
    company's one fact met: the way sharing most words with that fact (trial 49: 融资2500万 with a revenue of
    900万 had been named as 营业收入不低于1500万元)."""
    ways = criterion.description.split("，" + _OR)
    if len(ways) == 1 or not criterion.actual:
        return ways[0]
    said = {criterion.actual[i : i + 2] for i in range(len(criterion.actual) - 1)}
    return max(ways, key=lambda way: (sum(way[i : i + 2] in said for i in range(len(way) - 1)), -ways.index(way)))


def breach_text(criterion: CriterionResult, rules_title: str, label: str) -> str:
    """"据您所述，被列入经营异常名录或严重失信主体名单，不符合限制条件“未被列入…”" (``label``: the
    criterion's group), and for one carried over from an earlier version, which one states it."""
    said = f"{criterion.gap}，不符合{label}“{criterion.description}”"
    return said + carried_note(criterion.carried_from, rules_title, label) if criterion.carried_from else said


def _status(criteria: list[CriterionResult], spec: GroupSpec) -> Status:
    return combine((c.status for c in criteria), spec.mode)


def _branch_status(groups: list[str], by_group: dict[str, list[CriterionResult]], tier: TierRules) -> Status:
    return combine((_status(by_group.get(g, []), tier.groups[g]) for g in groups), "all")


def _reason(
    report: EligibilityReport,
    failed: list[CriterionResult],
    decisive: list[CriterionResult],
    passed: list[CriterionResult],
    unknown: list[CriterionResult],
    open_failed: list[CriterionResult] | None = None,
    open_choices: str = "",
) -> str:
    """The verdict's reason on its own line: the first unmet condition, the condition that
    decided a pass (the alternative met), that all hold, or the first condition that cannot be
    judged yet (all of them, numbered, when there are several: the user learns at once what
    the check still needs)."""
    if report.verdict == "fail" and failed:
        first = failed[0]
        # a condition whose known way fails too ("营业收入还差200万元…，须融资…才满足") is said with it:
        # the owner learns every figure that is short, not only the first
        also = "".join(f"；另：{c.shortfall}" for c in unknown if c.shortfall)
        # ...and every other unmet condition is named too (new-user trial 33: "2项未满足" above, one here)
        more = f"；另有{len(failed) - 1}项未满足：{_named(failed[1:])}" if len(failed) > 1 else ""
        rule_set = load_rules(report.rules)
        said = (breach_text(first, rule_set.short_title, rule_set.tier(report.tier).groups[first.group].label)
                if first.breach
                else f"{first.description}未满足（{first.gap}）" if first.gap else f"{first.description}未满足")
        return f"：{said}{more}{also}"
    if report.verdict == "fail" and open_failed:  # every alternative fails (评价得分 and 直通条件)
        first = open_failed[0]
        gap = f"（{first.gap}）" if first.gap else ""
        return f"：可选路径均未满足（{first.description}未满足{gap}）"
    if report.verdict == "pass" and decisive:
        first = decisive[0]
        others = [c for c in passed if c not in decisive]
        return (f"：{first.description}" + (f"（{first.actual}）" if first.actual else "")
                + (f"；另已满足{len(others)}项：{_named(others)}" if others else ""))
    # a condition met by its second way ("营业收入…或…融资2000万元以上" met by the financing) is
    # named, so a user below the first threshold sees why it counts
    # (its actual names more than one fact: the first way alone did not meet it)
    by_other_way = "".join(f"（{c.description}：已满足，{c.actual}）" for c in passed
                           if _OR in c.description and c.actual and "；" in c.actual)
    if report.verdict == "pass" and passed:
        return f"：全部{len(passed)}项条件均已满足（{_named(passed)}）{by_other_way}"
    # a condition whose known way already fails leads: "营业收入还差200万元…，须融资…才满足"
    # says more than its place in a list of open points
    # (alternatives still open are named once, as alternatives, after the conditions that all must hold)
    either = f"；另需{open_choices}" if open_choices else ""
    short = [c for c in unknown if c.shortfall]
    if report.verdict == "unknown" and short:
        rest = [c for c in unknown if not c.shortfall]
        said = "；".join(c.shortfall or "" for c in short)
        listed = "".join(f"（{i}）{c.description}" for i, c in enumerate(rest, start=1))
        return f"：{said}" + (f"；另有{len(rest)}项尚无法判断：{listed}" if rest else "") + either
    if report.verdict == "unknown" and len(unknown) == 1:
        met = f"；其余{len(passed)}项已满足（{_named(passed)}）" if passed else ""
        return f"：“{unknown[0].description}”尚无法判断{met}{by_other_way}{either}"
    if report.verdict == "unknown" and unknown:
        listed = "".join(f"（{i}）{c.description}" for i, c in enumerate(unknown, start=1))
        met = f"已满足{len(passed)}项（{_named(passed)}）{by_other_way}，" if passed else ""
        return f"：{met}以下{len(unknown)}项尚无法判断：{listed}{either}"
    if report.verdict == "unknown" and open_choices:
        met = f"已满足{len(passed)}项（{_named(passed)}）{by_other_way}，" if passed else ""
        return f"：{met}尚需{open_choices}"
    return ""


def format_report_markdown(
    report: EligibilityReport | Mapping[str, Any], titles: Mapping[str, str] | None = None
) -> str:
    """Markdown answer for ``report`` (the model or its ``model_dump()``).

    ``titles`` maps doc_id → document title for the source list; doc ids are shown otherwise.
    """
    return format_report_with_sources(report, titles)[0]


def format_report_with_sources(
    report: EligibilityReport | Mapping[str, Any], titles: Mapping[str, str] | None = None, brief: bool = False
) -> tuple[str, list[tuple[str, str]]]:
    """The Markdown answer and its sources as (doc_id, locator), in [n] order.

    ``brief``: the open conditions counted, not listed one by one, and the ways still open not
    detailed (the verdict line names them; what to supply follows) — under a narrow question's answer."""
    if not isinstance(report, EligibilityReport):
        report = EligibilityReport.model_validate(report)
    rule_set = load_rules(report.rules)
    tier = rule_set.tier(report.tier)
    counted = set(tier.requires.group_ids())
    sources = SourceNumbers()

    by_group: dict[str, list[CriterionResult]] = {}
    for c in report.criteria:
        by_group.setdefault(c.group, []).append(c)
    # alternatives ("评价得分 或 直通条件之一") are never listed as conditions that all must hold
    alternative_groups: set[str] = set()
    passed: list[CriterionResult] = []
    open_choices: list[list[str]] = []
    for branches in _choices(tier.requires):
        alternative_groups.update(g for branch in branches for g in branch)
        met = [b for b in branches if _branch_status(b, by_group, tier) == "pass"]
        if met:
            passed += [c for g in met[0] for c in by_group.get(g, []) if c.status == "pass"]
        else:
            open_choices.append([g for branch in branches for g in branch])
    considered = [c for c in report.criteria if c.group in counted and c.group not in alternative_groups]
    failed = [c for c in considered if c.status == "fail"]
    unknown = [c for c in considered if c.status == "unknown"]
    decisive = passed  # the alternative that was met ("评价得分达到60分以上") decides a pass
    # a condition met within a way still open ("I类知识产权2项以上" of 创新能力's 一般条件) is met too, and said
    # (trial 38: the 2022 check read as if the I类 count given were lost)
    passed = [c for c in considered if c.status == "pass"] + passed + [
        c for groups in open_choices for g in groups for c in by_group.get(g, []) if c.status == "pass"]
    open_items = [c for groups in open_choices for g in groups for c in by_group.get(g, []) if c.status == "unknown"]
    open_failed = [c for groups in open_choices for g in groups for c in by_group.get(g, []) if c.status == "fail"]
    still_open = [c for c in open_items if c.shortfall]  # an alternative partly failing is said, not hidden
    choices = "；".join("，或".join(_way(tier.groups[g], by_group.get(g, [])) for g in groups) for groups in open_choices
                          if any(c.status == "unknown" for g in groups for c in by_group.get(g, [])))
    reason = _reason(report, failed, decisive, passed, unknown + still_open, open_failed, choices)
    # the rule version in the verdict line: "按2022年标准" asked, the answer says which it applied (trials 28, 29)
    lines = [f"**结论：{VERDICT_WORDS[report.verdict]}**（{report.tier}，按{rule_set.short_title}）{reason}", ""]

    if failed:
        lines.append("未满足的条件：")
        lines += [f"- {c.description}：{c.gap} {sources.cite(c)}" for c in failed]
        lines.append("")
    if unknown and brief and report.verdict != "fail":
        pass  # the verdict line names them already ("另有6项尚无法判断：（1）…"); what to supply follows
    elif unknown and report.verdict == "fail":
        # the verdict is already decided; the open points only matter for a full assessment
        lines.append(f"另有{len(unknown)}项条件因缺少数据或语料未给门槛暂无法判断。")
    elif unknown:
        lines.append("尚无法判断的条件：")
        lines += [f"- {c.description}：{_known_part(c)}{c.gap} {sources.cite(c)}" for c in unknown]
        lines.append("")
    for groups in [] if brief else open_choices:
        lines.append("以下路径满足其一即可（" + " / ".join(tier.groups[g].label for g in groups) + "）：")
        for group in groups:
            spec = tier.groups[group]
            joiner = "任一" if spec.mode == "any" else "全部"
            open_items = [c for c in by_group.get(group, []) if c.status != "pass"]
            lines.append(f"- {spec.label}（需{joiner}满足）：{_STATUS[_status(by_group.get(group, []), spec)]}")
            lines += [f"  - {c.description}：{c.gap or _STATUS[c.status]} {sources.cite(c)}" for c in open_items]
        lines.append("")
    if report.missing_fields:
        lines.append("需要补充的信息：" + "、".join(field_label(f) for f in report.missing_fields))
        lines.append("")
    if passed:
        lines.append("已满足：" + "；".join(f"{c.description} {sources.cite(c)}" for c in passed))
        lines.append("")

    indicators = [c for c in report.criteria if c.group not in counted]
    if indicators and report.verdict == "unknown":
        first = min(c.source.lines[0] for c in indicators)
        last = max(c.source.lines[1] for c in indicators)
        cite = sources.mark(indicators[0].source.doc_id, f"L{first}-L{last}")
        lines.append(
            # no count: the rows are the scoring system, its categories and their items ("四类13项"
            # in the source), and a count of rows said 18项 (trial 37)
            "说明：评价指标（各类、各项）语料仅给出满分，未给出评分档次，无法代为计分；"
            f"如已有评价得分可直接提供。{cite}"
        )
    if rule_set.not_checked:
        note = rule_set.not_checked
        lines.append(f"说明：{note.text}。{sources.mark(note.source.doc_id, note.source.locator)}")
    lines.append(f"规则版本：按{rule_set.title}" + (f"（{report.rules_note}）" if report.rules_note else ""))
    lines.append("")
    lines.append("来源：")
    for number, (doc_id, locator) in enumerate(sources.keys, start=1):
        name = (titles or {}).get(doc_id, doc_id)
        lines.append(f"[{number}] {name} {locator}")
    return "\n".join(lines).strip() + "\n", list(sources.keys)
