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
from assistant.rewards.models import RewardQuery
from indexer.passages import document_titles


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
        text = format_rewards_markdown(lookup, self.titles)
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
