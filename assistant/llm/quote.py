"""Quote style of LLM mode: the model picks the answering sentence among retrieved ones.

Sub-1B models (the Gemma 3 270M of ``make test-llm``) cannot write grounded prose: asked to
answer from passages they echo the prompt or invent figures. They can still rank: shown the
extractive scorer's best few sentences, a JSON schema whose ``answer`` is an enum of those
sentences makes the server's constrained decoding (``response_format``) emit one of them
verbatim. The chosen sentence leads the answer, cited like an extractive one, so nothing the
model writes can add a number: a reply that is not one of the candidates verbatim is not
used (:func:`parse_choice`), which is this style's form of the numeric guard. Refusal stays
with the support threshold, as in extractive mode, and costs no model call.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.answering.extractive import quotable_text, refusal_answer, render_quoted_answer
from assistant.answering.sentences import (
    ScoredSentence,
    choose_sentences,
    question_weights,
    score_sentences,
)
from assistant.chain import Turn
from assistant.llm.composer import LLMFailed, LLMOptions, call_or_fall_back
from assistant.llm.prompts import llm_templates, quote_question_prompt, quote_system_prompt
from assistant.models import Answer
from assistant.retrieval.search_index import SearchIndex
from zjtx.settings import Settings

log = logging.getLogger(__name__)


def answer_schema(candidates: list[str]) -> dict[str, Any]:
    """JSON schema of the reply: one of ``candidates``, verbatim."""
    return {
        "type": "object",
        "properties": {"answer": {"type": "string", "enum": candidates}},
        "required": ["answer"],
        "additionalProperties": False,
    }


def response_format(candidates: list[str], style: str) -> dict[str, Any]:
    """``response_format`` for the request: OpenAI's ``json_schema``, or the ``json_object`` +
    ``schema`` form that llama-cpp-python's server understands."""
    schema = answer_schema(candidates)
    if style == "json_object":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_schema", "json_schema": {"name": "quoted_answer", "strict": True, "schema": schema}}


def parse_choice(reply: str, candidates: list[str]) -> int:
    """The index of the candidate the reply names: ``{"answer": "<sentence>"}``, or (for servers
    that ignore the schema) the bare sentence or its list number. Raises LLMFailed otherwise."""
    text = reply.strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = text
    if isinstance(data, dict):
        data = data.get("answer", "")
    # a JSON true is an int to Python (True == 1), not a list number
    if isinstance(data, int) and not isinstance(data, bool) and 1 <= data <= len(candidates):
        return data - 1
    if isinstance(data, str):
        value = data.strip()
        if value in candidates:
            return candidates.index(value)
        if value.isascii() and value.isdigit() and 1 <= int(value) <= len(candidates):
            return int(value) - 1
    raise LLMFailed("notice_no_answer", f"the reply names no candidate: {text[:120]!r}")


def distinct_candidates(scored: list[ScoredSentence], question: str, index: SearchIndex, limit: int) -> list[tuple[str, ScoredSentence]]:
    """The best ``limit`` sentences as the model will see them, without repeats."""
    weights = question_weights(question, index.bm25)
    seen: set[str] = set()
    out: list[tuple[str, ScoredSentence]] = []
    for item in scored:
        text = quotable_text(item.text, weights)
        if text in seen:
            continue
        seen.add(text)
        out.append((text, item))
        if len(out) == limit:
            break
    return out


class QuoteComposer:
    """Answers a search-route turn with the sentence the model picks; see the module doc."""

    def __init__(self, model: BaseChatModel, index: SearchIndex, settings: Settings,
                 options: LLMOptions | None = None) -> None:
        self.model = model
        self.index = index
        self.settings = settings
        self.options = options or LLMOptions.from_settings(settings)

    def __call__(self, turn: Turn) -> Answer:
        question = turn.question
        hits = turn.outcome.hits if turn.outcome else []
        notice = turn.outcome.notice if turn.outcome else None
        scored = score_sentences(question, hits, self.index.bm25)
        min_support = self.settings.refusal_min_support
        if not scored or scored[0].support < min_support:
            return refusal_answer(question, notice)
        candidates = distinct_candidates(scored, question, self.index, self.settings.llm_quote_candidates)
        texts = [text for text, _ in candidates]
        picked = call_or_fall_back(lambda: self.choose(question, candidates), turn, self.index, self.settings,
                                   self.options.deadline_s)
        if isinstance(picked, Answer):  # the endpoint failed, timed out, or named no candidate
            return picked
        lead = candidates[picked][1]
        log.info("大模型选中第 %d 句（共 %d 句）：%s", picked + 1, len(texts), texts[picked][:40])
        rest = [item for item in scored if item is not lead]
        chosen = choose_sentences(question, [lead, *rest], min_support)
        return render_quoted_answer(question, chosen, self.index.bm25, notice, composer="llm")

    def choose(self, question: str, candidates: list[tuple[str, ScoredSentence]]) -> int:
        """One request: the candidates numbered, the schema; the index of the chosen one."""
        t = llm_templates()
        texts = [text for text, _ in candidates]
        listing = "\n".join(
            t["quote_candidate"].format(
                n=n, text=text,
                rule_version=(t["quote_rule_version"].format(version=item.hit.chunk.rule_version)
                              if item.hit.chunk.rule_version else ""),
            )
            for n, (text, item) in enumerate(candidates, start=1)
        )
        messages = [SystemMessage(quote_system_prompt()), HumanMessage(quote_question_prompt(listing, question))]
        reply = self.model.bind(
            response_format=response_format(texts, self.settings.llm_response_format)
        ).invoke(messages)
        assert isinstance(reply, AIMessage)
        return parse_choice(reply.text, texts)
