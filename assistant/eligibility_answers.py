"""The eligibility route: collect the profile over the conversation, run ``check_eligibility``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.chain import Turn
from assistant.eligibility import (
    check_eligibility,
    extract_request_from_messages,
    make_check_eligibility_tool,
)
from assistant.eligibility.markdown import format_report_with_sources
from assistant.models import Answer, Citation, ToolCallRecord
from indexer.passages import document_titles, passage_text

DEFAULT_TIER = "专精特新中小企业"


class EligibilityAnswerer:
    """Answers "够不够专精特新" questions with the deterministic engine, never with retrieval."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.tool = make_check_eligibility_tool()
        self.titles = document_titles(corpus_dir)

    def __call__(self, turn: Turn) -> Answer:
        user_turns = [m.content for m in turn.messages if m.role == "user"]
        profile, tier, rules = extract_request_from_messages(user_turns)
        tier = tier or DEFAULT_TIER
        report = check_eligibility(profile, tier=tier, rules=rules, today=date.today())
        text, sources = format_report_with_sources(report, self.titles)
        citations = [
            Citation(doc_id=doc_id, title=self.titles.get(doc_id, doc_id), locator=locator,
                     snippet=passage_text(self.corpus_dir, doc_id, locator))
            for doc_id, locator in sources
        ]
        arguments = {**profile.model_dump(exclude_none=True), "tier": tier, "rules": rules}
        return Answer(
            answer=text.strip(),
            citations=citations,
            tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=report.model_dump())],
            route="eligibility",
            resolved_question=turn.question,
        )
