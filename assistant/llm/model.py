"""The chat model of the LLM mode: any OpenAI-compatible server, chosen from settings alone."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from zjtx.settings import Settings

# Local servers (llama.cpp, Ollama, vLLM) accept any key, but the OpenAI client insists on one.
# Passing it explicitly also keeps OPENAI_API_KEY from the environment out of the picture.
_PLACEHOLDER_KEY = SecretStr("not-needed")
# a quoted sentence is at most ~220 characters; JSON quoting and a margin on top
QUOTE_ANSWER_TOKENS = 512


def llm_configured(settings: Settings) -> bool:
    """LLM mode needs both ZJTX_LLM_BASE_URL and ZJTX_LLM_MODEL; otherwise answers stay extractive."""
    return bool(settings.llm_base_url and settings.llm_model)


def make_chat_model(settings: Settings, max_tokens: int | None = None) -> BaseChatModel | None:
    """A ``ChatOpenAI`` for the configured endpoint, or None when no LLM is configured.

    ``max_tokens`` defaults to ``ZJTX_LLM_MAX_TOKENS``."""
    if not llm_configured(settings):
        return None
    return ChatOpenAI(
        model=settings.llm_model or "",
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or _PLACEHOLDER_KEY,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        temperature=0,
        # max_tokens, not max_completion_tokens: older compatible servers know only this one
        extra_body={"max_tokens": max_tokens or settings.llm_max_tokens},
        # Chat Completions is what every OpenAI-compatible server speaks.
        use_responses_api=False,
    )
