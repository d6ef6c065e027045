"""A turn that asks several questions ("新办法改成什么了？小巨人的分数线又是多少？"): each part is
answered as its own turn, the earlier parts as its context, and the answers are joined so the
first line states every part's fact, in the order asked.

A first question asking two things is read whole (its values often run on in one sentence);
each part is then answered as its own turn too, and joined only when its lead states a value no
lead before it states (dev halves: the first part too +2 over later parts only)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from assistant.answering.typed_lead import asked_types, places_named, question_words
from assistant.conversation import compares_the_pair, paired_questions
from assistant.eligibility.tiers import tiers_named
from assistant.frame import honours_named, read_turn
from assistant.models import Answer, ChatMessage, Citation
from assistant.source_numbers import MARKER

# a part ends at a question mark; parts shorter than this are not questions of their own ("吗？")
_PART_END = re.compile(r"(?<=[？?])")
_PART_END_MARK = re.compile(r"[？?]")
_MIN_PART_CHARS = 4
MAX_PARTS = 3
_EMPTY_HEADER_AT_END = re.compile(r"(?:^|\n)[^\n]{1,6}[：:]\s*$")
_VALUE = re.compile(r"\d+(?:\.\d+)?")
# "…代为管理。[1]" joined into one lead: the part's full stop would end the lead before the next part
_FULL_STOP_BEFORE_MARKS = re.compile(r"[。！？!?]((?:\[\d+\])+)$")
Split = Literal["parts", "supplement", "whole"]


def split_parts(text: str) -> list[str]:
    """The questions of one message, in order; one part when it asks a single question."""
    parts = [p.strip() for p in _PART_END.split(text) if p.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and len(re.sub(r"[？?\s]", "", part)) < _MIN_PART_CHARS:
            merged[-1] += part  # "……满足吗？是吗？" stays one question
        elif merged and not _PART_END_MARK.search(part) and not question_words().search(part):
            merged[-1] += part  # "……有什么照顾？就是“开四停四”那个。" says what the question is about
        else:
            merged.append(part)
    return merged if 1 < len(merged) <= MAX_PARTS else [text]


def _numbered(answer: Answer, citations: list[Citation]) -> str:
    """``answer``'s text with its citation markers numbered after ``citations`` (extended in place
    with its own); a passage an earlier part cites already keeps that number, and its evidence line
    is not repeated."""
    numbers: dict[int, int] = {}
    repeated: set[int] = set()
    offset = len(citations)
    for n, citation in enumerate(answer.citations, start=1):
        key = (citation.doc_id, citation.locator, citation.snippet)
        same = next((i for i, c in enumerate(citations, start=1) if (c.doc_id, c.locator, c.snippet) == key), None)
        if same is not None:
            numbers[n] = same
            repeated.add(n)
        else:
            citations.append(citation)
            numbers[n] = len(citations)
    first, _, rest = answer.answer.strip().partition("\n")
    rest = "\n".join(line for line in rest.split("\n")
                     if not ((m := MARKER.match(line.strip())) and int(m.group(1)) in repeated))
    text = f"{first}\n{rest}" if rest else first
    return MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)) + offset)}]", text)


def join_answers(answers: list[Answer]) -> Answer:
    """One answer: the parts' first lines joined into one lead, then each part's evidence (under
    one header when the parts' headers are the same).

    Citation markers of later parts are renumbered after the earlier parts' citations; a passage
    cited by two parts is listed once."""
    leads: list[str] = []
    bodies: list[str] = []
    citations: list[Citation] = []
    said: set[str] = set()
    for answer in answers:
        first_line = _first_line(answer)
        if any(first_line in earlier or _clauses_within(first_line, earlier) for earlier in said):
            # "小巨人呢？新办法营收要到多少？": both parts answered alike, said once (the later one may
            # leave out the version the earlier one named: 新规下…要几多？R&D有咩要求)
            continue
        said.add(first_line)
        text = _numbered(answer, citations)
        first, _, rest = text.partition("\n")
        leads.append(_FULL_STOP_BEFORE_MARKS.sub(r"\1", first.strip().rstrip("。")))
        body = rest.strip()
        header, _, items = body.partition("\n")
        if any(b.startswith(header + "\n") for b in bodies):
            body = items.strip()  # "依据：" once, the later parts' evidence under it (if any is left)
        body = _EMPTY_HEADER_AT_END.sub("", body).strip()  # "来源：" whose sources an earlier part listed
        if body:
            bodies.append(body)
    lead = ("；".join(f"（{n}）{part}" for n, part in enumerate(leads, start=1)) if len(leads) > 1 else leads[0]) + "。"
    if len(leads) > 1:  # a body line one part's lead states already (trial 39: the 2026 row said twice)
        stated = {_plain(part) for part in leads}
        bodies = [text for body in bodies
                  if (text := "\n".join(line for line in body.split("\n") if _plain(line) not in stated).strip())]
    return answers[0].model_copy(update={
        "answer": "\n\n".join([lead, *bodies]),
        "citations": citations,
        "tool_calls": [call for a in answers for call in a.tool_calls],
        "refused": all(a.refused for a in answers),
        "notice": next((a.notice for a in answers if a.notice), None),
    })


def _plain(line: str) -> str:
    """A line without its citation markers and closing full stop."""
    return MARKER.sub("", line.strip()).rstrip("。")


_CLAUSE = re.compile(r"[，；,;]")
_LABEL = re.compile(r"^[^，；,;：]{1,10}：")


def _clauses_within(line: str, earlier: str) -> bool:
    """Each clause of ``line`` past its label is one ``earlier`` states ("北京：市级专精特新“小巨人”1000家，…"
    after "北京：到2025年发展国家级500家，市级专精特新“小巨人”1000家，…")."""
    clauses = [c for c in _CLAUSE.split(_LABEL.sub("", line)) if c]
    return bool(clauses) and all(c in earlier for c in clauses)


def _first_line(answer: Answer) -> str:
    return MARKER.sub("", answer.answer.strip().partition("\n")[0]).rstrip("。")


def _adds_value(part: Answer, whole: Answer, asks_value: bool = True) -> bool:
    """Whether a part's lead states a value (a number, or words) the whole answer's lead lacks; a part
    asking no value ("为啥说它是弯道超车的赛道？") adds its words, though they repeat a figure
    ("第二，数字化能力差距最小（50%），说明…")."""
    if part.refused:
        return False
    lead, whole_lead = _first_line(part), _first_line(whole)
    values = _VALUE.findall(lead)
    if values and asks_value:
        return any(value not in _VALUE.findall(whole_lead) for value in values)
    return bool(lead) and lead not in whole_lead


def asks_a_change_of_nothing(part: str) -> bool:
    """A part asking a change between versions that names no tier, honour, indicator or place ("比以前提高了多少？")."""
    frame = read_turn([ChatMessage(role="user", content=part)])
    return (frame.compare_versions and not frame.tiers and frame.indicator is None and not honours_named(part)
            and not places_named(part))


def _scoped(part: str, first: str) -> str:
    """A later part naming no tier or honour asks about the honour the first part names
    ("单项冠军…干满多少年？产品市场占有率要排到什么位置？"; dev halves +1, none lost)."""
    honours = honours_named(first)
    if not honours or tiers_named(part) or any(h in part for h in honours):
        return part
    return honours[0] + part


def _answer_each(history: list[ChatMessage], parts: list[str],
                 answer_turn: Callable[[list[ChatMessage]], Answer]) -> list[Answer]:
    """Each part answered as its own turn, the earlier parts and their answers as its context."""
    answers: list[Answer] = []
    for n, part in enumerate(parts):
        if n:
            part = _scoped(part, parts[0])
        history = [*history, ChatMessage(role="user", content=part)]
        answer = answer_turn(history)
        answers.append(answer)
        history = [*history, ChatMessage(role="assistant", content=answer.answer)]
    return answers


def _supplemented(messages: list[ChatMessage], parts: list[str], whole: Answer,
                  answer_turn: Callable[[list[ChatMessage]], Answer]) -> Answer:
    """The whole message's answer, then each part's own answer (the first alone, each later one
    after the ones before it) wherever it states a value no lead before it states."""
    answers = [whole]
    each = _answer_each(messages[:-1], parts, answer_turn)
    for part, answer in zip(parts, each, strict=True):
        # "新办法…营收门槛是多少？比以前提高了多少？": a change asked of no subject of its own, searched, adds
        # nothing to a whole answered from the rows of both versions (its lead is any passage's 提高: trial 42's
        # "第四，从差距梯度看…"); a part asking something else ("会不会派人实地看") still may
        if whole.route == "criteria" and answer.route == "search" and asks_a_change_of_nothing(part):
            continue
        asks_value = bool(asked_types(part))
        if all(_adds_value(answer, earlier, asks_value) for earlier in answers):
            answers.append(answer)
    if len(answers) == 1:
        return whole
    if whole.refused and whole.route != "refusal":
        # "鲁邦通是哪年成立的？产品卖到了多少个国家？": the value read whole is missing, a part's is
        # not; each part says its own (2010年; the count not found), in the order asked
        return join_answers(each)
    # "not in the knowledge base" read whole, while a part alone is answered: the answer is no refusal
    # (a message refused outright, off topic or unsupported, stays refused: answering its parts instead,
    # dev halves −4, off-topic and unanswerable two-part questions answered by a weak part)
    return join_answers(answers).model_copy(update={"refused": whole.refused and whole.route == "refusal"})


def answer_in_parts(messages: list[ChatMessage], answer_turn: Callable[[list[ChatMessage]], Answer],
                    splittable: Callable[[list[ChatMessage]], Split]) -> Answer:
    """``answer_turn`` for each question of the last user message, as ``splittable`` says:
    part by part, whole with later parts supplementing it, or whole."""
    last = messages[-1] if messages else None
    parts = split_parts(last.content) if last is not None and last.role == "user" else []
    paired = paired_questions(last.content) if len(parts) == 1 and last is not None else []
    after_pair = 0
    if paired:  # "长三角和珠三角…分别是多少": each value of the pair asked on its own, each answer a part
        parts = paired
    elif parts and all(compares_the_pair(p) for p in parts[1:]) and (first_pair := paired_questions(parts[0])):
        # "山东和浙江的国家级占比分别多少？大概差多少": the pair asked first is two parts too, when what follows
        # compares the two
        parts, paired, after_pair = [*first_pair, *parts[1:]], first_pair, len(first_pair)
    how = splittable(messages) if len(parts) > 1 else "whole"
    if paired and how == "supplement":
        how = "parts"
    if how == "whole":
        return answer_turn(messages)
    if how == "supplement":
        return _supplemented(messages, parts, answer_turn(messages), answer_turn)
    answers = _answer_each(messages[:-1], parts, answer_turn)
    if after_pair:  # "…大概差多少" after the pair: the two leads state it; a refusal of it alone says nothing
        answers = answers[:after_pair] + [a for a in answers[after_pair:] if not a.refused]
    return join_answers(answers)
