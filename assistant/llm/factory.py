"""Which composer LLM mode uses, from settings: free answers with tools, or quoted sentences."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.tools import BaseTool

from assistant.eligibility import make_check_eligibility_tool
from assistant.library_intake import current_reward_rows
from assistant.llm.composer import LLMComposer, LLMOptions
from assistant.llm.model import QUOTE_ANSWER_TOKENS, make_chat_model
from assistant.llm.quote import QuoteComposer
from assistant.retrieval.search_index import SearchIndex
from assistant.rewards import make_lookup_rewards_tool
from zjtx.settings import Settings


def make_llm_composer(
    settings: Settings,
    index: SearchIndex,
    tools: Sequence[BaseTool] | None = None,
    *,
    model: BaseChatModel | None = None,
    options: LLMOptions | None = None,
) -> LLMComposer | QuoteComposer | None:
    """The chain's ``composer`` for LLM mode, or None when no LLM is configured (extractive mode).

    ``ZJTX_LLM_ANSWER_STYLE`` picks the composer: ``free`` (the model answers in its own words
    with tools) or ``quote`` (the model picks the answering sentence among retrieved ones).
    ``tools`` are the domain tools besides ``search_policies`` (default: check_eligibility and
    lookup_rewards); ``model`` replaces the configured ChatOpenAI (tests pass fake models).
    """
    quote = settings.llm_answer_style == "quote"
    model = model or make_chat_model(settings, max_tokens=QUOTE_ANSWER_TOKENS if quote else None)
    if model is None:
        return None
    if quote:
        return QuoteComposer(model, index, settings, options)
    if tools is None:
        tools = [make_check_eligibility_tool(), make_lookup_rewards_tool(rows=lambda: current_reward_rows(settings))]
    return LLMComposer(model, index, settings, tools, options)
