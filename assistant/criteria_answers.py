"""The criteria route: answer "what does tier T require for X under version V" from the rule rows."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.answering.templates import load_templates
from assistant.answering.typed_lead import asked_types
from assistant.chain import Turn
from assistant.citations import cite_sources
from assistant.criteria.changes import change_clause
from assistant.criteria.format import format_criteria_answer
from assistant.criteria.lookup import CriteriaLookup
from assistant.criteria.overview import load_overview
from assistant.eligibility.champion import asked_conditions, load_champion_rules
from assistant.eligibility.rules import available_versions, load_rules
from assistant.frame import criteria_for, honours_named
from assistant.models import Answer, ToolCallRecord
from assistant.source_numbers import SourceNumbers
from indexer.passages import corpus_passages, document_titles

TOOL_NAME = "lookup_criteria"


def _only_others_state_it(question: str, lookups: list[CriteriaLookup]) -> bool:
    """The kind of value asked ("每年什么时候前更新": a date) is in another version's rule only."""
    types = asked_types(question)
    if len(lookups) != 1 or not types or len(lookups[0].versions) < 2:
        return False
    lookup = lookups[0]

    def states(version: str) -> bool:
        return any(t.value.search(r.text) for r in lookup.rows_of(version) for t in types)

    return not states(lookup.primary) and any(states(v) for v in lookup.versions[1:])


def action_no_document_names(action: str | None, corpus_dir: Path) -> str | None:
    """The action a question asks to be allowed ("复核没通过，能申诉吗": 申诉) when no document names it
    (the corpus's lines as the cached passages hold them; a word may wrap over two lines)."""
    if not action:
        return None
    passages = corpus_passages(corpus_dir)
    named = any(action in re.sub(r"\s+", "", "".join(passages.lines(doc_id))) for doc_id in passages.documents)
    return None if named else action


class CriteriaAnswerer:
    """Leads with the rule the question asks about; never quotes a neighbouring passage instead."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.titles = document_titles(corpus_dir)

    def __call__(self, turn: Turn) -> Answer:
        frame = turn.frame
        if honours_named(frame.question) and not frame.tiers:
            return self._champion(frame.question)
        if frame.rules_year_missing:
            return self._future_rules(frame.rules_year_missing, frame.rules_in_force, frame.question)
        if frame.version_overview:
            return self._overview(frame.question)
        lookups = criteria_for(frame)
        # ("那2022年旧办法的时候呢？" of a rule 2022's rows lack: the source's words on the change say it)
        asked = [lk.model_copy(update={"compare": True}) if lk.missing_in else lk for lk in lookups]
        change = change_clause(asked[0], self.corpus_dir) if len(asked) == 1 else None
        text, sources = format_criteria_answer(lookups, titles=self.titles, change=change,
                                               others_in_lead=_only_others_state_it(frame.question, lookups))
        if (action := action_no_document_names(frame.action, self.corpus_dir)) is not None:
            text = load_templates("criteria")["action_missing"].format(action=action) + text
        calls = [ToolCallRecord(name=TOOL_NAME, arguments={"tier": lk.tier, "rules": frame.rules,
                                                           "indicator": lk.indicator, "compare": lk.compare},
                                result=lk.public()) for lk in lookups]
        return Answer(
            answer=text,
            citations=cite_sources(self.corpus_dir, self.titles, sources),
            tool_calls=calls,
            route="criteria",
            resolved_question=frame.question,
            refused=not any(lk.rows for lk in lookups),
        )

    def _overview(self, question: str) -> Answer:
        """The new measures' changes as a whole, each the 特征 of its row in the report's table of changes."""
        overview, t = load_overview(), load_templates("criteria")
        sources = SourceNumbers()
        items = [f"（{n}）{c.feature}{sources.mark(overview.doc_id, c.locator)}"
                 for n, c in enumerate(overview.changes, start=1)]
        lead = t["version_overview"].format(count=len(items), caption=overview.caption, changes="；".join(items))
        source_lines = [t["source_line"].format(n=n, title=self.titles.get(doc_id, doc_id), locator=locator)
                        for n, (doc_id, locator) in enumerate(sources.keys, start=1)]
        text = "\n".join([lead, "", t["version_overview_note"], "", t["sources_header"], *source_lines])
        return Answer(answer=text, citations=cite_sources(self.corpus_dir, self.titles, sources.keys),
                      route="criteria", resolved_question=question)

    def _champion(self, question: str) -> Answer:
        """制造业单项冠军's conditions as the report states them: the one the asking clause names, else all."""
        rules, t = load_champion_rules(), load_templates("criteria")
        asked = asked_conditions(question)
        sources = SourceNumbers()
        shown = asked or rules.criteria
        items = [f"{c.description}{sources.mark(c.source.doc_id, c.source.locator)}" for c in shown]
        listed = items[0] if len(items) == 1 else "；".join(f"（{n}）{item}" for n, item in enumerate(items, start=1))
        lead = t["champion_asked" if asked else "champion_all"].format(
            account=rules.account, honour=rules.honour, count=len(items), conditions=listed)
        source_lines = [t["source_line"].format(n=n, title=self.titles.get(doc_id, doc_id), locator=locator)
                        for n, (doc_id, locator) in enumerate(sources.keys, start=1)]
        text = "\n".join([lead, "", t["champion_note"], "", t["sources_header"], *source_lines])
        return Answer(answer=text, citations=cite_sources(self.corpus_dir, self.titles, sources.keys),
                      route="criteria", resolved_question=question)

    def _future_rules(self, year: int, current: str, question: str) -> Answer:
        titles = [load_rules(v).title for v in available_versions()]
        text = load_templates("criteria")["future_rules"].format(
            year=year, titles="、".join(titles), current=load_rules(current).title)
        return Answer(answer=text, route="criteria", resolved_question=question, refused=True)
