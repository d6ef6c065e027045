"""The eligibility route: collect the profile over the conversation, run ``check_eligibility``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.chain import Turn
from assistant.citations import cite_sources
from assistant.eligibility import CompanyProfile, check_eligibility, make_check_eligibility_tool
from assistant.eligibility.markdown import format_report_with_sources
from assistant.models import Answer, ToolCallRecord
from indexer.passages import document_titles

DEFAULT_TIER = "专精特新中小企业"


class EligibilityAnswerer:
    """Answers "够不够专精特新" questions with the deterministic engine, never with retrieval."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.tool = make_check_eligibility_tool()
        self.titles = document_titles(corpus_dir)

    def __call__(self, turn: Turn) -> Answer:
        frame = turn.frame
        profile, tier, rules = CompanyProfile.model_validate(frame.profile), frame.tier, frame.rules
        tier = tier or DEFAULT_TIER
        report = check_eligibility(profile, tier=tier, rules=rules, today=date.today())
        text, sources = format_report_with_sources(report, self.titles)
        citations = cite_sources(self.corpus_dir, self.titles, sources)
        arguments = {**profile.model_dump(exclude_none=True), "tier": tier, "rules": rules}
        return Answer(
            answer=text.strip(),
            citations=citations,
            tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=report.model_dump())],
            route="eligibility",
            resolved_question=turn.question,
        )
