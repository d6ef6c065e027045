"""The rewards route: parse the question, call ``lookup_rewards``, cite the table's sources."""

from __future__ import annotations

from pathlib import Path

from assistant.chain import Turn
from assistant.citations import cite_sources
from assistant.conversation import is_followup, resolve_question
from assistant.models import Answer, ToolCallRecord
from assistant.rewards import (
    format_rewards_markdown,
    lookup_rewards,
    make_lookup_rewards_tool,
    parse_reward_question,
    resolve_followup,
)
from assistant.rewards.models import RewardLookup, RewardQuery, RewardRow
from assistant.rewards.phrases import load_phrases
from assistant.rewards.question import named_pairs
from indexer.passages import document_titles


def _side_by_side(question: str, query: RewardQuery) -> RewardLookup | None:
    """Two named (region, honour) rows for a comparison, or None when either is not listed."""
    rows: list[RewardRow] = []
    for region, title in named_pairs(question, query):
        found = lookup_rewards(region=region, title=title)
        if not found.matched:
            return None
        rows.append(found.rows[0])
    return RewardLookup(rows=rows, matched=2) if len(rows) == 2 else None


def _difference(first: RewardRow, second: RewardRow) -> str:
    """The computed gap between two single amounts in the same unit ("，相差20万元")."""
    phrases = load_phrases()
    a, b = first.amount_min, second.amount_min
    if a is None or b is None or a != first.amount_max or b != second.amount_max or first.unit != second.unit:
        return ""
    if a == b:
        return phrases.text("same")
    diff = abs(a - b)
    return phrases.text("difference", diff=str(int(diff)) if diff == int(diff) else f"{diff:g}", unit=first.unit)


class RewardAnswerer:
    """Answers reward questions from ``corpus/rewards.csv`` through the ``lookup_rewards`` tool."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.tool = make_lookup_rewards_tool()
        self.titles = document_titles(corpus_dir)

    @staticmethod
    def _query(turn: Turn) -> RewardQuery:
        """The region × honour asked, carrying the previous question into a follow-up."""
        users = [m for m in turn.messages if m.role == "user"]
        if len(users) > 1 and is_followup(users[-1].content):
            earlier = turn.messages[: turn.messages.index(users[-1])]
            previous = parse_reward_question(resolve_question(earlier))
            return resolve_followup(previous, users[-1].content)
        return parse_reward_question(turn.question)

    def __call__(self, turn: Turn) -> Answer:
        query = self._query(turn)
        arguments = {"region": query.region, "title": query.title}
        # the tool's own function, called directly so the formatter sees which rows matched
        lookup = lookup_rewards(region=query.region, title=query.title, compare=query.compare)
        pair = _side_by_side(turn.question, query)
        if pair is not None:
            lookup = pair
        text = format_rewards_markdown(lookup, self.titles)
        if pair is not None:
            lead, _, rest = text.partition("\n\n")
            text = lead + _difference(pair.rows[0], pair.rows[1]) + "。\n\n" + rest
        citations = cite_sources(self.corpus_dir, self.titles,
                                 ((row.source.doc_id, row.source.locator) for row in lookup.rows))
        return Answer(
            answer=text,
            citations=citations,
            tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=lookup.model_dump())],
            route="rewards",
            resolved_question=turn.question,
            # nothing in the table for this region × honour: an explicit "not listed" answer
            refused=lookup.matched == 0,
        )
