"""The LLM composer: a bounded tool loop with a chat model, then the numeric guard.

It fills the chain's ``composer`` slot on the search route. The model sees the retrieved
passages numbered [1]..[k], may call ``search_policies``, ``check_eligibility`` and
``lookup_rewards`` for a few rounds, and answers in Chinese citing [n]. Its answer is shown
only if every number in it appears in the passages or tool results; otherwise, and whenever
the endpoint fails or misses the deadline, the turn is answered extractively with a notice.
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.tools import BaseTool
from openai import OpenAIError

from assistant.chain import Turn, answer_extractively
from assistant.llm.numeric_guard import find_unsupported_numbers
from assistant.llm.passages import Passage, PassageLedger
from assistant.llm.prompts import (
    echoes_prompt,
    llm_templates,
    question_prompt,
    refusal_text,
    system_prompt,
)
from assistant.llm.tools import make_search_policies_tool, run_tool_call
from assistant.models import Answer, ToolCallRecord
from assistant.retrieval.search_index import SearchIndex
from zjtx.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

_THINKING = re.compile(r"<think>.*?</think>", re.DOTALL)
_MARKER = re.compile(r"\[\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*\]|【\s*(\d+)\s*】|［\s*(\d+)\s*］")


@dataclass(frozen=True)
class LLMOptions:
    """Bounds of one LLM turn. ``deadline_s`` covers the whole tool loop, retries included."""

    max_tool_rounds: int = 3
    deadline_s: float = 40.0
    history_messages: int = 6

    @classmethod
    def from_settings(cls, settings: Settings) -> LLMOptions:
        # one slow call may use the whole request timeout; leave room for a second one
        return cls(deadline_s=2 * settings.llm_timeout_s)


class LLMFailed(RuntimeError):
    """The model gave no usable answer; ``notice`` names the template to show the user."""

    def __init__(self, notice: str, detail: str, **fields: object) -> None:
        super().__init__(detail)
        self.notice = notice
        self.fields = fields


@dataclass
class Draft:
    """The model's answer before the guard, with everything it was shown."""

    text: str
    ledger: PassageLedger
    tool_calls: list[ToolCallRecord] = field(default_factory=list)


def call_with_deadline(fn: Callable[[], T], deadline_s: float) -> T:
    """``fn()`` in a daemon thread; raises TimeoutError if it has not returned in time.

    A call past its deadline is abandoned, not killed: its HTTP request ends on its own
    timeout, and its result is dropped.
    """
    outcome: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=1)

    def work() -> None:
        try:
            outcome.put((True, fn()))
        except BaseException as error:  # noqa: BLE001 - handed to the caller, re-raised there
            outcome.put((False, error))

    threading.Thread(target=work, name="zjtx-llm", daemon=True).start()
    try:
        ok, value = outcome.get(timeout=deadline_s)
    except queue.Empty:
        raise TimeoutError(f"no answer within {deadline_s:g}s") from None
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]


def renumber_citations(text: str, ledger: PassageLedger) -> tuple[str, list[Passage]]:
    """Markers renumbered 1..m in order of first use, so ``citations[i]`` is [i+1];
    markers naming no passage of the turn are dropped."""
    cited: list[Passage] = []

    def replace(match: re.Match[str]) -> str:
        numbers = re.findall(r"\d+", match.group(0))
        out = []
        for number in numbers:
            passage = ledger.get(int(number))
            if passage is None:
                log.info("大模型引用了不存在的段落 [%s]，已去掉该标注", number)
                continue
            if passage not in cited:
                cited.append(passage)
            out.append(f"[{cited.index(passage) + 1}]")
        return "".join(dict.fromkeys(out))

    return _MARKER.sub(replace, text), cited


def _used_domain_tool(draft: Draft) -> bool:
    """An answer may rest on a domain tool's result alone (those are not numbered passages)."""
    return any(record.name != "search_policies" for record in draft.tool_calls)


def _message_text(message: AIMessage) -> str:
    return _THINKING.sub("", message.text).strip()


class LLMComposer:
    """Answers a search-route turn with a tool-calling chat model, guarded; see the module doc."""

    def __init__(
        self,
        model: BaseChatModel,
        index: SearchIndex,
        settings: Settings,
        tools: Sequence[BaseTool],
        options: LLMOptions | None = None,
    ) -> None:
        self.model = model
        self.index = index
        self.settings = settings
        self.tools = list(tools)
        self.options = options or LLMOptions.from_settings(settings)

    def __call__(self, turn: Turn) -> Answer:
        draft = call_or_fall_back(lambda: self.draft(turn), turn, self.index, self.settings, self.options.deadline_s)
        if isinstance(draft, Answer):
            return draft
        unsupported = find_unsupported_numbers(draft.text, draft.ledger.evidence_texts())
        if unsupported:
            return self._fallback(turn, "notice_guard", f"数字未能核对：{'、'.join(unsupported)}")
        if echoes_prompt(draft.text):
            return self._fallback(turn, "notice_no_answer", "the model echoed its prompt")
        answer = self._answer(turn, draft)
        if not answer.citations and not answer.refused and not _used_domain_tool(draft):
            return self._fallback(turn, "notice_uncited", "the answer cites no passage and no tool result")
        return answer

    def draft(self, turn: Turn) -> Draft:
        """Run the tool loop (at most ``max_tool_rounds`` rounds of tool calls) to a text answer."""
        ledger = PassageLedger()
        hits = turn.outcome.hits if turn.outcome else []
        shown = [ledger.add(hit.chunk) for hit in hits]
        tools: list[BaseTool] = [
            make_search_policies_tool(self.index, ledger, self.settings.retrieval_k), *self.tools
        ]
        model = self.model.bind_tools(tools)
        messages: list[BaseMessage] = [
            SystemMessage(system_prompt()),
            *self._history(turn),
            HumanMessage(question_prompt(ledger.render(shown), turn.question, turn.frame)),
        ]
        records: list[ToolCallRecord] = []
        for _ in range(self.options.max_tool_rounds + 1):
            reply = model.invoke(messages)
            assert isinstance(reply, AIMessage)
            if not reply.tool_calls:
                text = _message_text(reply)
                if not text:
                    raise LLMFailed("notice_no_answer", "empty answer")
                return Draft(text=text, ledger=ledger, tool_calls=records)
            messages.append(reply)
            for call in reply.tool_calls:
                message, record = run_tool_call(tools, call, ledger)
                messages.append(message)
                records.append(record)
        raise LLMFailed("notice_no_answer", f"still calling tools after {self.options.max_tool_rounds} rounds")

    def _history(self, turn: Turn) -> list[BaseMessage]:
        earlier = turn.messages[:-1][-self.options.history_messages :] if self.options.history_messages else []
        return [HumanMessage(m.content) if m.role == "user" else AIMessage(m.content) for m in earlier]

    def _answer(self, turn: Turn, draft: Draft) -> Answer:
        text, cited = renumber_citations(draft.text, draft.ledger)
        refused = refusal_text()[:8] in text and not cited
        notice = turn.outcome.notice if turn.outcome else None
        if notice:
            text = f"{text}\n{notice}"
        return Answer(
            answer=text,
            citations=[p.citation() for p in cited],
            tool_calls=draft.tool_calls,
            route="refusal" if refused else "search",
            resolved_question=turn.question,
            refused=refused,
            notice=notice,
            composer="llm",
        )

    def _fallback(self, turn: Turn, notice_key: str, detail: str, **fields: object) -> Answer:
        return extractive_fallback(turn, self.index, self.settings, notice_key, detail, **fields)


def call_or_fall_back(
    fn: Callable[[], T], turn: Turn, index: SearchIndex, settings: Settings, deadline_s: float
) -> T | Answer:
    """``fn()`` (one model exchange) within ``deadline_s``; if it fails in any way, the
    extractive answer with a notice saying why (timeout, endpoint error, no usable reply)."""
    try:
        return call_with_deadline(fn, deadline_s)
    except TimeoutError as error:
        return extractive_fallback(turn, index, settings, "notice_timeout", str(error), seconds=f"{deadline_s:g}")
    except LLMFailed as error:
        return extractive_fallback(turn, index, settings, error.notice, str(error), **error.fields)
    except OpenAIError as error:  # connection refused, timeouts, HTTP errors of the endpoint
        return extractive_fallback(turn, index, settings, "notice_unavailable", f"{type(error).__name__}: {error}")
    except Exception as error:  # noqa: BLE001 - an unexpected failure still answers, with a traceback in the log
        log.exception("大模型调用出错")
        return extractive_fallback(turn, index, settings, "notice_unavailable", f"{type(error).__name__}: {error}")


def extractive_fallback(
    turn: Turn, index: SearchIndex, settings: Settings, notice_key: str, detail: str, **fields: object
) -> Answer:
    """The extractive answer of the turn, with a notice saying why the model's was not used."""
    log.warning("大模型回答未采用（%s）：%s", notice_key, detail)
    return answer_extractively(turn, index, settings, notice=llm_templates()[notice_key].format(**fields))
