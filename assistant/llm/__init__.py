"""LLM mode: an OpenAI-compatible chat model with tools, behind a numeric faithfulness guard.

Without ``ZJTX_LLM_BASE_URL`` and ``ZJTX_LLM_MODEL`` nothing here runs and answers stay
extractive. With them, :func:`make_llm_composer` gives the chain's search-route composer.
"""

from assistant.llm.composer import LLMComposer, LLMOptions
from assistant.llm.factory import make_llm_composer
from assistant.llm.model import llm_configured, make_chat_model
from assistant.llm.numeric_guard import find_unsupported_numbers
from assistant.llm.passages import Passage, PassageLedger
from assistant.llm.quote import QuoteComposer
from assistant.llm.streaming import answer_pieces, stream_answer_events
from assistant.llm.tools import make_search_policies_tool
from assistant.numbers import NumberMention, extract_numbers

__all__ = [
    "LLMComposer",
    "LLMOptions",
    "NumberMention",
    "Passage",
    "PassageLedger",
    "QuoteComposer",
    "answer_pieces",
    "extract_numbers",
    "find_unsupported_numbers",
    "llm_configured",
    "make_chat_model",
    "make_llm_composer",
    "make_search_policies_tool",
    "stream_answer_events",
]
