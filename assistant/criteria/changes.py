"""What changed between the rule versions, in the source's own words.

The 2026 rows cite a report that states each change as a clause ("研发投入方面，旧版仅要求上一年度
不低于100万元…，新版要求近两年均不低于100万元…"). A comparison question is led by the clause of
that cited line which names the asked indicator and the old version."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from assistant.answering.templates import load_templates
from assistant.answering.typed_lead import strip_connective
from assistant.criteria.indicators import load_indicators
from assistant.criteria.lookup import CriteriaLookup
from indexer.passages import passage_text

_CLAUSES = re.compile(r"[；;。]")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:分|万元|亿元|%|项|年|件|家)")
_LINE_CHARS = 4000


class ChangeQuote(BaseModel):
    text: str
    doc_id: str
    locator: str


def change_clause(lookup: CriteriaLookup, corpus_dir: Path) -> ChangeQuote | None:
    """The cited clause stating how the asked indicator changed, for a comparison lookup."""
    if not lookup.compare or lookup.indicator is None:
        return None
    vocabulary = load_indicators()
    words = [w for name in (lookup.indicator, *vocabulary.expand(lookup.indicator))
             for w in vocabulary.by_name(name).words if len(w) >= 2]
    markers = load_templates("criteria")["change_markers"]
    seen: set[tuple[str, str]] = set()
    for row in lookup.rows:
        key = (row.source.doc_id, row.source.locator)
        if key in seen:
            continue
        seen.add(key)
        line = passage_text(corpus_dir, *key, max_chars=_LINE_CHARS)
        for clause in _CLAUSES.split(line):
            clause = clause.strip("，, ")
            if any(m in clause for m in markers) and any(w in clause for w in words) and _states_old(clause, lookup):
                # "此外，新《办法》取消了…": the clause without the word tying it to the one before
                return ChangeQuote(text=strip_connective(clause), doc_id=key[0], locator=key[1])
    return None


def _states_old(clause: str, lookup: CriteriaLookup) -> bool:
    """Whether ``clause`` states the older version's figure, where its required rows have one (a score
    item's points are no threshold: "旧版对I类知识产权无明确要求" still leads): "新《办法》
    …首次引入…评价得分…要求达到50分以上" says nothing of 2022's 60分, so the rows side by side lead
    instead (trial 38)."""
    older = {re.sub(r"\s+", "", f) for version in lookup.versions if version != lookup.primary
             for row in lookup.rows_of(version) if row.required for f in _FIGURE.findall(row.text)}
    return not older or any(figure in re.sub(r"\s+", "", clause) for figure in older)
