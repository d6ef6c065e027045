"""Quote style of LLM mode: the model picks among retrieved sentences under a JSON schema."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st
from langchain_core.messages import AIMessage

from assistant.llm import LLMOptions, QuoteComposer, make_llm_composer
from assistant.llm.composer import LLMFailed
from assistant.llm.prompts import llm_templates
from assistant.llm.quote import parse_choice, response_format
from assistant.retrieval.search_index import SearchIndex
from tests.assistant.llm_support import (
    CHUNKS,
    SlowFake,
    _closed_port,
    fake,
    llm_settings,
    public_text,
    turn_with,
)
from zjtx.settings import Settings

QUESTION = "新办法把营收门槛提高到多少？"


def quote_settings(settings: Settings, **extra: object) -> Settings:
    return settings.model_copy(update={"llm_answer_style": "quote", **extra})


def quote_composer(model: object, index: SearchIndex, settings: Settings, deadline_s: float = 10.0) -> QuoteComposer:
    made = make_llm_composer(settings, index, model=model, options=LLMOptions(deadline_s=deadline_s))  # type: ignore[arg-type]
    assert isinstance(made, QuoteComposer)
    return made


def offered(model: object) -> list[str]:
    """The candidate sentences the model was allowed to choose from (the schema's enum)."""
    options = model.request_options[0]  # type: ignore[attr-defined]
    fmt = options["response_format"]
    schema = fmt["json_schema"]["schema"] if fmt["type"] == "json_schema" else fmt["schema"]
    return list(schema["properties"]["answer"]["enum"])


def test_the_model_picks_the_lead_sentence_and_it_is_cited(index: SearchIndex, settings: Settings) -> None:
    choice = CHUNKS[1].text
    model = fake(json.dumps({"answer": choice}, ensure_ascii=False))
    answer = quote_composer(model, index, quote_settings(settings))(turn_with(QUESTION, 0, 1, 2))

    assert answer.composer == "llm" and answer.notice is None and not answer.refused
    assert answer.citations[0].locator == CHUNKS[1].locator, "the chosen sentence is [1]"
    assert "1500万元" in answer.answer.split("\n")[0]
    assert choice in offered(model) and len(offered(model)) >= 2, "the model chose among several sentences"
    listing = model.seen[0][-1].content
    assert "（2026年版规则）" in listing and QUESTION in listing, "candidates carry their rule version"
    assert public_text(answer).count('"composer": "llm"') == 1


def test_the_lead_follows_the_model_not_the_extractive_ranking(index: SearchIndex, settings: Settings) -> None:
    first = quote_composer(fake(json.dumps({"answer": CHUNKS[0].text}, ensure_ascii=False)), index, quote_settings(settings))
    second = quote_composer(fake(json.dumps({"answer": CHUNKS[1].text}, ensure_ascii=False)), index, quote_settings(settings))
    a = first(turn_with("门槛是多少？", 0, 1))
    b = second(turn_with("门槛是多少？", 0, 1))
    assert a.citations[0].locator == CHUNKS[0].locator and b.citations[0].locator == CHUNKS[1].locator


def test_the_schema_form_follows_the_setting(index: SearchIndex, settings: Settings) -> None:
    model = fake(CHUNKS[1].text)
    quote_composer(model, index, quote_settings(settings, llm_response_format="json_object"))(turn_with(QUESTION, 0, 1))
    fmt = model.request_options[0]["response_format"]
    assert fmt["type"] == "json_object" and fmt["schema"]["required"] == ["answer"]
    standard = response_format(["甲", "乙"], "json_schema")
    assert standard["json_schema"]["strict"] is True and standard["json_schema"]["schema"]["properties"]["answer"]["enum"] == ["甲", "乙"]


def test_a_sentence_the_model_wrote_itself_is_not_shown(index: SearchIndex, settings: Settings) -> None:
    """A server that ignores the schema may return free text; an invented figure must not pass."""
    model = fake('{"answer": "新办法把营收门槛提高到5000万元。"}')
    answer = quote_composer(model, index, quote_settings(settings))(turn_with(QUESTION, 0, 1))
    assert "5000" not in public_text(answer)
    assert answer.composer == "extractive" and answer.notice == llm_templates()["notice_no_answer"]
    assert "1500万元" in answer.answer, "the extractive answer quotes the passage"


def test_a_bare_list_number_is_understood(index: SearchIndex, settings: Settings) -> None:
    model = fake("2")
    answer = quote_composer(model, index, quote_settings(settings))(turn_with(QUESTION, 0, 1))
    assert answer.composer == "llm"
    assert answer.citations[0].snippet == offered(model)[1]


def test_weak_support_refuses_without_asking_the_model(index: SearchIndex, settings: Settings) -> None:
    model = fake('{"answer": "x"}')
    answer = quote_composer(model, index, quote_settings(settings))(turn_with("明天北京天气怎么样？", 3))
    assert answer.refused and answer.route == "refusal" and model.seen == []


def test_endpoint_down_and_slow_model_fall_back_in_time(index: SearchIndex, settings: Settings) -> None:
    down = make_llm_composer(quote_settings(llm_settings(settings, _closed_port(), timeout=2.0)), index)
    assert isinstance(down, QuoteComposer)
    started = time.monotonic()
    answer = down(turn_with(QUESTION, 0, 1))
    assert time.monotonic() - started < 2.0 and answer.notice == llm_templates()["notice_unavailable"]
    assert "1500万元" in answer.answer

    slow = quote_composer(SlowFake(responses=[AIMessage(content="1")], sleep=5.0), index, quote_settings(settings), deadline_s=0.5)
    started = time.monotonic()
    answer = slow(turn_with(QUESTION, 0, 1))
    assert time.monotonic() - started < 1.5
    assert answer.notice == llm_templates()["notice_timeout"].format(seconds="0.5")


CANDIDATES = ["甲句。", "乙句：100万元。", "丙句"]


@given(st.one_of(
    st.text(max_size=40),
    st.sampled_from(CANDIDATES).map(lambda c: json.dumps({"answer": c}, ensure_ascii=False)),
    st.integers(-2, 6).map(str),
    st.sampled_from(CANDIDATES).map(lambda c: c + "。"),
))
def test_only_a_candidate_or_its_number_is_accepted(reply: str) -> None:
    try:
        picked = parse_choice(reply, CANDIDATES)
    except LLMFailed:
        return
    assert CANDIDATES[picked] in reply or str(picked + 1) in reply, "a candidate is picked only when the reply names it"
    assert reply.strip() not in CANDIDATES or CANDIDATES[picked] == reply.strip()


@pytest.mark.parametrize(("reply", "expected"), [
    ('{"answer": "乙句：100万元。"}', 1), ("丙句", 2), ("3", 2), ('{"answer": 1}', 0), (" 甲句。\n", 0),
])
def test_parse_choice_examples(reply: str, expected: int) -> None:
    assert parse_choice(reply, CANDIDATES) == expected


@pytest.mark.parametrize("reply", ['{"answer": "乙句：200万元。"}', "4", "0", "", '{"other": "甲句。"}', "[1]"])
def test_parse_choice_rejects(reply: str) -> None:
    with pytest.raises(LLMFailed):
        parse_choice(reply, CANDIDATES)


@pytest.mark.parametrize("reply", ["true", '{"answer": true}', "false"])
def test_a_json_boolean_names_no_candidate(reply: str) -> None:
    with pytest.raises(LLMFailed):
        parse_choice(reply, CANDIDATES)
