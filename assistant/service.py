"""The assistant as one object the CLI, the API, the UI and the evals share."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from langchain_core.runnables import Runnable

from assistant.chain import build_chat_chain
from assistant.llm import make_llm_composer, stream_answer_events
from assistant.models import Answer, ChatMessage
from assistant.retrieval.search import SearchFilters, SearchMode, SearchOutcome, search
from assistant.retrieval.search_index import SearchIndex, load_search_index
from zjtx.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class AssistantService:
    settings: Settings
    index: SearchIndex
    chain: Runnable[list[ChatMessage], Answer]
    loaded_at: float = field(default_factory=time.time)

    def chat(self, messages: list[ChatMessage]) -> Answer:
        return self.chain.invoke(messages)

    def stream(self, messages: list[ChatMessage]) -> Iterator[str]:
        """Server-sent events: answer pieces, then the full answer object."""
        return stream_answer_events(self.chat, messages)

    def ask(self, question: str, history: list[ChatMessage] | None = None) -> Answer:
        return self.chat([*(history or []), ChatMessage(role="user", content=question)])

    def search(self, query: str, k: int = 5, mode: SearchMode = "hybrid",
               filters: SearchFilters | None = None) -> SearchOutcome:
        return search(self.index, query, k=k, mode=mode, filters=filters)


def create_service(settings: Settings, index: SearchIndex | None = None) -> AssistantService:
    """Load the serving index and wire the chain with every available route."""
    from assistant.criteria_answers import CriteriaAnswerer
    from assistant.eligibility_answers import EligibilityAnswerer
    from assistant.reward_answers import RewardAnswerer
    from assistant.routing import route_turn

    index = index or load_search_index(settings)
    composer = make_llm_composer(settings, index)  # None → extractive answers (the default)
    if composer is not None:
        log.info("大模型模式：%s（%s）", settings.llm_model, settings.llm_base_url)
    chain = build_chat_chain(
        index, settings, router=route_turn, composer=composer,
        tool_answerers={
            "eligibility": EligibilityAnswerer(settings.corpus_dir),
            # the passage fallback looks for the asked region and honour by name: keywords suffice
            "rewards": RewardAnswerer(settings.corpus_dir, settings, index.keywords_only()),
            "criteria": CriteriaAnswerer(settings.corpus_dir),
        },
    )
    return AssistantService(settings=settings, index=index, chain=chain)
