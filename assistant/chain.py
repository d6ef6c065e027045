"""The chat chain built from LangChain Runnables: resolve the turn, route, answer.

``prepare_turn`` → ``RunnableBranch`` over routes. The search route is
``retrieve`` → ``compose``; tool routes (eligibility, rewards) call their tool and format
its result. A later LLM generator replaces ``compose`` without reshaping the chain.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from langchain_core.runnables import Runnable, RunnableBranch, RunnableLambda

from assistant.answering.extractive import compose_extractive_answer
from assistant.answering.figure_meaning import figure_answer
from assistant.answering.honour_level import level_verdict
from assistant.answering.templates import load_templates
from assistant.conversation import is_followup, resolve_question
from assistant.frame import QuestionFrame, intent_words, read_turn
from assistant.models import Answer, ChatMessage, Route
from assistant.parts import Split, answer_in_parts, join_answers, split_parts
from assistant.retrieval.named_documents import documents_named
from assistant.retrieval.search import SearchFilters, SearchOutcome, search
from assistant.retrieval.search_index import SearchIndex
from indexer.passages import corpus_passages
from zjtx.settings import Settings


@dataclass
class Turn:
    """One user turn on its way through the chain: the frame read once, then the retrieval."""

    messages: list[ChatMessage]
    question: str
    route: Route = "search"
    outcome: SearchOutcome | None = None
    frame: QuestionFrame = field(default_factory=QuestionFrame)
    # the question without the title of a document it names: what the answer must state
    # ("《金融支持专精特新》报告里讲的知识产权保险分哪两类" → "报告里讲的知识产权保险分哪两类")
    asked: str = ""
    named: tuple[str, ...] = ()  # the documents the question names as its source


Router = Callable[[Turn], Route]
SPLIT_ROUTES: tuple[Route, ...] = ("search", "criteria")  # routes whose questions are answered part by part
ToolAnswerer = Callable[[Turn], Answer]


def _asks_again(text: str) -> bool:
    """Each later question of the message leans on the one before ("…奖励多少？国家级的呢？")."""
    later = split_parts(text)[1:]
    return bool(later) and all(is_followup(part) for part in later)


@lru_cache(maxsize=1)
def _source_pointer() -> re.Pattern[str]:
    return re.compile(intent_words().source_pointer)


def _leaning_on_previous(turn: Turn) -> Turn | None:
    """The turn asked of the previous question's subject, when it was read alone and the conversation has
    an earlier question; else None."""
    users = [m for m in turn.messages if m.role == "user"]
    if len(users) < 2 or not turn.frame.on_topic or turn.question.strip() != turn.frame.text.strip():
        return None
    previous = resolve_question(turn.messages[: turn.messages.index(users[-1])])
    if not previous:
        return None
    return replace(turn, question=f"{previous.rstrip('？?。')}；{turn.question}", outcome=None, asked="")


def _document_pointed_at(turn: Turn, titles: dict[str, str]) -> str | None:
    """"这个通知是哪个部门什么时候发的": the document the last answer cited first, when the turn points at one."""
    if not re.search(intent_words().this_document, turn.frame.text):
        return None
    last = next((m.content for m in reversed(turn.messages) if m.role == "assistant"), "")
    found = [(last.find(title), doc_id) for doc_id, title in titles.items() if title and title in last]
    return min(found)[1] if found else None


def default_router(turn: Turn) -> Route:
    return "search"


def answer_extractively(turn: Turn, index: SearchIndex, settings: Settings, notice: str | None = None) -> Answer:
    """The search route's answer without a model: the best retrieved sentences, cited.

    It is also what LLM mode shows when the model's answer cannot be used; ``notice`` then
    says why, ahead of any retrieval notice."""
    notices = [text for text in (notice, turn.outcome.notice if turn.outcome else None) if text]
    hits = turn.outcome.hits if turn.outcome else []
    if turn.frame.figures:
        # "91.67%和33.33%，分别说的是什么": each figure's sentences, one part each
        each = [figure_answer(turn.asked or turn.question, figure, hits, index.bm25, turn.named,
                              "".join(notices) or None) for figure in turn.frame.figures]
        return each[0] if len(each) == 1 else join_answers(each)
    answer = compose_extractive_answer(
        turn.asked or turn.question, hits, index.bm25, settings.refusal_min_support, notice="".join(notices) or None,
        typed=not turn.frame.compare_versions, asked=turn.frame.asked_tiers(),
        said=turn.frame.text if turn.frame.text.strip() != turn.question.strip() else None,
        answered=next((m.content.strip().partition("\n")[0] for m in reversed(turn.messages)
                       if m.role == "assistant"), ""),
        refusal="refusal" if turn.frame.on_topic else "off_topic",
        first_turn=sum(m.role == "user" for m in turn.messages) == 1,
    )
    # "我们是区级专精特新…能申请吗" answered by a rule for 市级及以上: the verdict opens the lead
    if not answer.refused and (opening := level_verdict(turn.frame.text, answer.answer.partition("\n")[0])):
        answer = answer.model_copy(update={"answer": opening + answer.answer})
    return answer


def build_chat_chain(
    index: SearchIndex,
    settings: Settings,
    router: Router = default_router,
    tool_answerers: dict[Route, ToolAnswerer] | None = None,
    composer: Callable[[Turn], Answer] | None = None,
) -> Runnable[list[ChatMessage], Answer]:
    """Assemble the chain; ``tool_answerers`` and ``composer`` are the slots other features fill."""
    tool_answerers = tool_answerers or {}

    def prepare_turn(messages: list[ChatMessage]) -> Turn:
        frame = read_turn(messages)
        turn = Turn(messages=frame.messages, question=frame.question, frame=frame)
        turn.route = router(turn) if turn.question else "refusal"
        return turn

    def retrieve(turn: Turn) -> Turn:
        # only a version this question names narrows the search: one named turns ago does not
        # ("苏州有多少家专精特新企业" after a 新办法 question searches every document)
        # ("2022年那版办法三年里累计认定了多少家小巨人": a statistic of the version's years, which the reports state,
        # not the rule's text; trial 50 had 广州's 69家 from the one document left)
        version = None if turn.frame.compare_versions or turn.frame.intent == "statistic" else turn.frame.rules_here
        # a document named by its title is the one searched, and its title is not asked about
        documents = corpus_passages(settings.corpus_dir, settings.data_dir).documents
        aliases = [(d, documents[d].aliases) for d in index.titles if d in documents]
        named, asked = documents_named(turn.question, index.titles.items(), _source_pointer(), aliases)
        if not named and (pointed := _document_pointed_at(turn, index.titles)):
            named, asked = (pointed,), turn.frame.text  # its own words: the question before asked something else
        turn.outcome = search(index, asked, k=settings.retrieval_k,
                              filters=SearchFilters(rule_version=version, doc_ids=named))
        turn.asked, turn.named = asked, named
        if (version or named) and not turn.outcome.hits:
            turn.outcome, turn.asked = search(index, turn.question, k=settings.retrieval_k), turn.question
        return turn

    def compose(turn: Turn) -> Answer:
        return answer_extractively(turn, index, settings)

    def empty(turn: Turn) -> Answer:
        template = turn.frame.declined or "empty_question"
        return Answer(answer=load_templates()[template], refused=True, route="refusal")

    branches: list[tuple[Callable[[Turn], bool], Runnable[Turn, Answer]]] = [
        (lambda t: t.route == "refusal", RunnableLambda(empty)),
    ]
    for route, answerer in tool_answerers.items():
        branches.append((lambda t, r=route: t.route == r, RunnableLambda(answerer)))  # type: ignore[misc]
    search_path = RunnableLambda(retrieve) | RunnableLambda(composer or compose)
    answer_turn = RunnableBranch(*branches, search_path)  # type: ignore[arg-type]

    def answer_with_frame(turn: Turn) -> Answer:
        answer = answer_turn.invoke(turn)
        if answer.route == "refusal" and turn.route == "search" and (leaning := _leaning_on_previous(turn)):
            # "已经跟哪些省市的工信部门合作落地了？" after a question about 阿里云's plan: a turn the passages do not
            # support alone is asked of what the previous question named (its own words still weigh most)
            again = answer_turn.invoke(leaning)
            answer = again if not again.refused else answer
        return answer.model_copy(update={"frame": turn.frame.public()})

    def answer_messages(messages: list[ChatMessage]) -> Answer:
        return answer_with_frame(prepare_turn(messages))

    def splittable(messages: list[ChatMessage]) -> Split:
        # a first question asking two things is read whole (its values run on in one lead), its
        # later parts supplementing it; a follow-up asking two things answers each against the
        # conversation. An eligibility check or a reward lookup reads the whole message at once.
        route = prepare_turn(messages).route
        if route == "rewards" and _asks_again(messages[-1].content):
            return "parts"  # "常熟对省级专精特新奖励多少？国家级的呢？": the second part asks the first again
        if route not in SPLIT_ROUTES:
            return "whole"
        return "parts" if any(m.role == "user" for m in messages[:-1]) else "supplement"

    return RunnableLambda(lambda messages: answer_in_parts(messages, answer_messages, splittable))
