"""Chinese answers from a :class:`CriteriaLookup`: the asked rule first, then the other version."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.answering.templates import load_templates
from assistant.criteria.changes import ChangeQuote
from assistant.criteria.lookup import CriteriaLookup
from assistant.criteria.rows import ALL_TIERS, CriterionRow, criteria_rows
from assistant.eligibility.rules import Requirement, load_rules
from assistant.eligibility.tiers import TIERS
from assistant.source_numbers import SourceNumbers


def _tier_order(rows: list[CriterionRow]) -> list[str]:
    tiers = list(dict.fromkeys(r.tier for r in rows))
    return sorted(tiers, key=lambda t: TIERS.index(t) if t in TIERS else -1)


def _text(row: CriterionRow) -> str:
    """A row's wording; a scored item (2022 "有效知识产权数量（创新能力）") says it earns points and is
    no threshold, so it never reads as a requirement."""
    if row.required or row.max_points is None or row.value is not None or "满分" in row.text:
        return row.text
    return load_templates("criteria")["score_item"].format(text=row.text, points=row.max_points)


def _items(rows: list[CriterionRow], sources: SourceNumbers, start: int = 1) -> str:
    t = load_templates("criteria")
    return "；".join(t["item"].format(n=n, text=_text(r), cite=sources.cite(r)) for n, r in enumerate(rows, start=start))


def _whole_tier(version: str, tier: str, rows: list[CriterionRow], sources: SourceNumbers) -> str:
    """All conditions of a tier, grouped as its rule file combines them (all of / any of)."""
    t = load_templates("criteria")
    spec = load_rules(version).tier(tier)

    def group(group_id: str) -> str:
        members = [r for r in rows if r.group_id == group_id]
        if not members:
            return ""
        key = "group_any" if spec.groups[group_id].mode == "any" and len(members) > 1 else "group"
        return t[key].format(label=spec.groups[group_id].label, items=_items(members, sources))

    def requirement(req: Requirement) -> str:
        parts = [group(item) if isinstance(item, str) else requirement(item) for item in req.all_of or req.any_of or []]
        parts = [p for p in parts if p]
        if req.any_of is not None and len(parts) > 1:
            return t["require_any"].format(parts=" 或 ".join(parts))
        return t["require_all"].format(parts="；".join(parts))

    return t["whole_tier"].format(tier=tier, items=requirement(spec.requires))


def _version_body(rows: list[CriterionRow], indicator: str | None, sources: SourceNumbers) -> str:
    t = load_templates("criteria")
    parts: list[str] = []
    for tier, tier_rows in _tiers_alike(rows, indicator):
        label = indicator or ""
        if not label and tier != ALL_TIERS:
            parts.append(_whole_tier(tier_rows[0].rules, tier, tier_rows, sources))
        elif tier == ALL_TIERS:
            parts += [t["general"].format(text=r.text, cite=sources.cite(r)) for r in tier_rows]
        elif len(tier_rows) == 1:
            # "基本要求要求" said once
            parts.append(t["one"].format(tier=tier, indicator=(label or "认定").removesuffix("要求"), text=_text(tier_rows[0]),
                                         cite=sources.cite(tier_rows[0])))
        else:
            items = _items(tier_rows, sources)
            key = ("scored" if all(r.max_points is not None and not r.required for r in tier_rows)
                   else "any_of" if all(r.alternatives for r in tier_rows) else "all_of")
            parts.append(t[key].format(tier=tier, indicator=label, items=items))
        if label and tier != ALL_TIERS:
            parts[-1] += _other_ways(tier_rows, label, sources)
    return "；".join(parts)


def _tiers_alike(rows: list[CriterionRow], indicator: str | None) -> list[tuple[str, list[CriterionRow]]]:
    """Each tier with its rows; tiers whose asked rows are the same words from the same lines (the
    2022 限制条件 of every tier) are named together and their rows said once."""
    merged: list[tuple[str, list[CriterionRow]]] = []
    for tier in _tier_order(rows):
        tier_rows = [r for r in rows if r.tier == tier]
        same = [(r.text, r.source) for r in tier_rows]
        if (indicator and merged and ALL_TIERS not in (tier, merged[-1][0])
                and [(r.text, r.source) for r in merged[-1][1]] == same):
            merged[-1] = (f"{merged[-1][0]}、{tier}", merged[-1][1])
        else:
            merged.append((tier, tier_rows))
    return merged


def _other_ways(rows: list[CriterionRow], indicator: str, sources: SourceNumbers) -> str:
    """Rows of one group that is one way to meet the tier (2022 创新型's 评价得分): the other ways
    (its 直通条件), so the asked group does not read as required (trial 31)."""
    groups = {r.group_id for r in rows}
    if len(groups) != 1:
        return ""
    group, version, tier = groups.pop(), rows[0].rules, rows[0].tier
    t = load_templates("criteria")
    found = ""
    spec = load_rules(version).tier(tier)
    if group not in spec.groups or spec.groups[group].mode != "all":
        return ""  # "直通条件有哪些": the exceptions themselves are asked, not the rule they stand in for
    for other in spec.requires.alternatives_to(group):
        members = [r for r in criteria_rows() if r.rules == version and r.tier == tier and r.group_id == other]
        if members:
            found += t[f"or_group_{spec.groups[other].mode}"].format(
                indicator=indicator, label=members[0].group, items=_items(members, sources))
    return found


_SUFFIX_BOUNDARIES = ("以上", "以下", "以内")  # boundary words that follow the number


def _change(lookup: CriteriaLookup, sources: SourceNumbers) -> str:
    """The computed change of one threshold between the two versions, when both state one number."""
    if len(lookup.versions) < 2 or lookup.indicator is None:
        return ""
    t = load_templates("criteria")
    new_version, old_version = sorted(lookup.versions, reverse=True)[:2]
    new_rows, old_rows = lookup.rows_of(new_version), lookup.rows_of(old_version)
    tiers = set(_tier_order(new_rows)) & set(_tier_order(old_rows))
    if len(tiers) != 1:
        return ""
    tier = tiers.pop()
    new = [r for r in new_rows if r.tier == tier]
    old = [r for r in old_rows if r.tier == tier]
    if len(new) != 1 or len(old) != 1 or new[0].value is None or old[0].value is None or new[0].unit != old[0].unit:
        return ""
    if new[0].fields[:1] != old[0].fields[:1]:  # the measured fact (exemptions may differ)
        return ""  # different measures (2022 评价得分 vs 2026 发展质量评价得分): no difference to compute
    diff = new[0].value - old[0].value
    if not diff:
        return ""
    unit = new[0].unit or ""

    def plain(value: float) -> str:
        return str(int(value)) if value == int(value) else f"{value:g}"

    # "由2项以上提高到4项以上": both thresholds worded as the sources word them when they agree;
    # "由2年以上提高到不少于3年" when the versions word them differently
    differ = (new[0].boundary or "") != (old[0].boundary or "")

    def worded(row: CriterionRow) -> str:
        number, boundary = plain(row.value or 0) + unit, row.boundary or ""
        if boundary in _SUFFIX_BOUNDARIES:
            return number + boundary
        return boundary + number if differ else number  # "不低于" said once per version only when they differ

    return t["change"].format(old_title=t["short_titles"].get(old_version, old_version), tier=tier,
                              indicator=lookup.indicator, old=worded(old[0]),
                              new=worded(new[0]), direction=t["up"] if diff > 0 else t["down"],
                              diff=plain(abs(diff)), unit=unit, cites=sources.cite(new[0]) + sources.cite(old[0]))


def format_criteria_answer(
    lookups: list[CriteriaLookup], titles: Mapping[str, str] | None = None, change: ChangeQuote | None = None,
    others_in_lead: bool = False,
) -> tuple[str, list[tuple[str, str]]]:
    """The answer (lead sentence first) for one lookup per part asked, and its sources in [n] order.

    ``change``: for a comparison, the source's own clause stating the change, which leads.
    ``others_in_lead``: the other versions' rules join the lead sentence (the asked value is
    stated only there, e.g. the 2022 update date the 2026 rule does not give)."""
    t = load_templates("criteria")
    sources = SourceNumbers()
    found = [lk for lk in lookups if lk.rows]
    if not found:
        return "；".join(n for lk in lookups for n in lk.notes) + "。", []
    first = found[0]
    basis = t["basis_in_force" if first.in_force else "basis_named"].format(title=load_rules(first.primary).title)
    lines: list[str] = []
    changes = [c for lk in found if lk.compare and (c := _change(lk, sources))]
    if changes:  # "提高了多少": the computed change is the answer
        lines.append("；".join(changes) + "。")
    # the source's own words for the change lead a comparison with no computed change; after one,
    # they repeat it (the rows that follow cite the same line)
    if change is not None and not changes:
        lines.append(t["change_quote"].format(text=change.text, cite=sources.mark(change.doc_id, change.locator)) + "。")
    # the asked value stated only by another version ("每年啥时候之前要更新": 2022's 4月30日, which the
    # 2026 rule does not give): that version leads, cited first, and the one in force follows
    stated_first = (others_in_lead and not changes and change is None and len(found) == 1
                    and len(first.versions) > 1)
    ahead = [t["stated_by"].format(title=t["short_titles"].get(version, version),
                                   body=_version_body(first.rows_of(version), first.indicator, sources))
             for version in first.versions[1:]] if stated_first else []
    # each part under its own version: "有效期" from the 2022 rules and "数据更新" from the 2026 ones
    # are not both "按2022年…"
    bodies = [(_version_body(lk.rows_of(lk.primary), lk.indicator, sources) if lk.primary == first.primary else
               t["basis_in_force" if lk.in_force else "basis_named"].format(title=load_rules(lk.primary).title)
               + "，" + _version_body(lk.rows_of(lk.primary), lk.indicator, sources)) for lk in found]
    # a comparison without one number to subtract ("加了什么选项"), or a question naming no version (the
    # rule in force, then the old one where it differs), states both versions in its lead
    side_by_side = not changes and len(found) == 1 and (first.compare or others_in_lead or first.in_force) and len(first.versions) > 1
    others = [
        t["other_version"].format(title=t["short_titles"].get(version, version),
                                  body=_version_body(lookup.rows_of(version), lookup.indicator, sources))
        for lookup in found for version in lookup.versions[1:]
    ]
    missing = [n for lk in found if lk.missing_in for n in lk.notes]
    if missing:  # the version asked does not state it: say so first, then the version that does
        basis = t["missing_named"].format(note="；".join(missing), basis=basis)
    if ahead:
        lines.append(f"{'；'.join(ahead)}；{basis}，{'；'.join(bodies)}。")
    elif side_by_side:
        lines.append(f"{basis}，{'；'.join(bodies)}；{'；'.join(others)}。")
    else:
        lines.append(f"{basis}，{'；'.join(bodies)}。")
        lines += [other + "。" for other in others]
    for lookup in found:
        if not lookup.compare and len(lookup.versions) > 1 and (computed := _change(lookup, sources)):
            lines.append(computed + "。")
    for note in dict.fromkeys(n for lk in found for n in lk.notes if n not in missing):
        lines.append(t["fallback"].format(text=note, title=t["short_titles"].get(first.primary, first.primary)))
    lines += ["", t["sources_header"]]
    for n, (doc_id, locator) in enumerate(sources.keys, start=1):
        lines.append(t["source_line"].format(n=n, title=(titles or {}).get(doc_id, doc_id), locator=locator))
    return "\n".join(lines), list(sources.keys)
