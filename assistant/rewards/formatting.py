"""A short Chinese Markdown answer from a lookup: amounts first, then table, note, citations."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from assistant.rewards.models import RewardLookup, RewardRow
from assistant.rewards.phrases import Phrases, load_phrases

LEAD_ITEMS = 3

Cite = Callable[[RewardRow], str]


def _cell(text: str) -> str:
    return (text or "—").replace("|", "｜").replace("\n", " ")


def format_rewards_markdown(
    lookup: RewardLookup,
    doc_titles: Mapping[str, str] | None = None,
    locate: Callable[[str, str], str] | None = None,
) -> str:
    """Answer text with [n] markers; ``doc_titles`` maps doc ids to titles for the citation list.

    ``locate(doc_id, locator)`` may rewrite a locator for display (the page of an added notice).
    """
    if not lookup.rows:
        return lookup.note
    phrases = load_phrases()
    markers: dict[tuple[str, str], str] = {}
    for row in lookup.rows:
        markers.setdefault((row.source.doc_id, row.source.locator), f"[{len(markers) + 1}]")

    def cite(row: RewardRow) -> str:
        return markers[(row.source.doc_id, row.source.locator)]

    parts = [_lead(lookup, phrases, cite)]
    if len(lookup.rows) == 1 and lookup.matched == 1:
        row = lookup.rows[0]
        details = [phrases.text("conditions", text=row.conditions)] if row.conditions else []
        details += [phrases.text("policy", text=row.policy)] if row.policy else []
        parts.append("\n".join(f"- {line}" for line in details))
    else:
        parts.append(_table(lookup, phrases, cite))
    if lookup.matched and lookup.note:
        parts.append(lookup.note)
    titles = doc_titles or {}
    parts.append(
        "\n".join(
            phrases.text(
                "citation", marker=marker, title=titles.get(doc_id, doc_id),
                locator=locate(doc_id, locator) if locate else locator,
            )
            for (doc_id, locator), marker in markers.items()
        )
    )
    return "\n\n".join(part for part in parts if part)


def _lead(lookup: RewardLookup, phrases: Phrases, cite: Cite) -> str:
    """The amounts that answer the question, or the note when nothing matched; when the asked
    region has no row of its own, saying so before its subregions' amounts; then what an earlier
    policy of the same region and honour said."""
    matched, earlier = lookup.rows[: lookup.matched], lookup.rows[lookup.matched : lookup.matched + lookup.earlier]
    latest = {(r.region, r.title): r.issued for r in matched}
    if len(matched) > LEAD_ITEMS:
        earlier = []  # a lead counting the rows: the table marks the earlier ones
    return lookup.lead_note + _amounts(lookup, phrases, cite) + "".join(
        phrases.text("earlier", latest=latest.get((r.region, r.title), ""), policy=r.policy or r.title,
                     issued=r.issued, amount=r.amount_text, cite=cite(r))
        for r in earlier)


def note_before_parents(note: str) -> str:
    """A lookup's note said as one sentence ahead of a parent's amounts: the place's own row missing, then the
    parent's row, not a first sentence saying only the first (blind41)."""
    return note.rstrip("。").replace("。", "；", 1)


def _amounts(lookup: RewardLookup, phrases: Phrases, cite: Cite) -> str:
    matched = lookup.rows[: lookup.matched]
    if not matched:
        # "评上小巨人宁波给多少": 宁波 lists none, 浙江 does; its amount is said, not only that a row is below (trial 43)
        parents = [r for i, r in enumerate(lookup.rows) if lookup.role(i) == "parent"]
        if parents and len(parents) <= LEAD_ITEMS:
            return note_before_parents(lookup.note) + "：" + _items(parents, phrases, cite, "item")
        return lookup.note
    if len(matched) <= LEAD_ITEMS:
        return _items(matched, phrases, cite)
    own = [r for r in matched if r.region == lookup.region]
    if own and len(own) <= LEAD_ITEMS and len(matched) > len(own):
        # "江苏的国家级小巨人奖励多少": the province's own amount first, its subregions' in the table (it had
        # led with "共 8 条奖励标准，见下表", no amount)
        return _items(own, phrases, cite) + phrases.text("below", count=str(len(matched) - len(own)))
    amounts = [r.sort_amount for r in matched]
    numeric = [a for a in amounts if a is not None]
    if len(numeric) == len(amounts) and numeric == sorted(numeric, reverse=True):
        top, low = matched[0], matched[-1]  # the range at a glance: the highest and the lowest
        return phrases.text(
            "sorted_many",
            count=str(len(matched)),
            region=top.region,
            title=top.title,
            amount=top.amount_text,
            cite=cite(top),
            low_region=low.region,
            low_title=low.title,
            low_amount=low.amount_text,
            low_cite=cite(low),
        )
    return phrases.text("many", count=str(len(matched)))


def _items(rows: list[RewardRow], phrases: Phrases, cite: Cite, key: str | None = None) -> str:
    """Each row's amount with its terms and marker, joined; one row alone in the ``single`` wording
    unless ``key`` names the wording."""
    wording = key or ("single" if len(rows) == 1 else "item")
    return "；".join(phrases.text(wording, region=r.region, title=r.title, amount=r.amount_text,
                                 terms=_terms(r, phrases), cite=cite(r)) for r in rows)


def _terms(row: RewardRow, phrases: Phrases) -> str:
    """"（新认定；就高不重复）" after an amount; nothing when the row states no such condition."""
    terms = phrases.policy_terms(row.conditions or "")
    return phrases.text("terms", text="；".join(terms)) if terms else ""


def marked_regions(lookup: RewardLookup) -> list[str]:
    """Each row's region, marked when it is a parent's (上级参考) or a nearest reference's."""
    phrases = load_phrases()
    marks = {"match": "", "earlier": phrases.text("earlier_mark"), "parent": phrases.text("parent_mark"),
             "nearest": phrases.text("nearest_mark")}
    return [row.region + marks[lookup.role(index)] for index, row in enumerate(lookup.rows)]


def _table(lookup: RewardLookup, phrases: Phrases, cite: Cite) -> str:
    header = phrases.table_header
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row, region in zip(lookup.rows, marked_regions(lookup), strict=True):
        cells = [region, row.title, row.amount_text, row.conditions, _dated(row, phrases), cite(row)]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines)


def _dated(row: RewardRow, phrases: Phrases) -> str:
    """The policy with the date it was issued, unless its name says it already."""
    if not row.issued or row.issued in row.policy:
        return row.policy
    return row.policy + phrases.text("issued", issued=row.issued)
