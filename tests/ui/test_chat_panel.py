"""The chat's sources panel keeps pace with the answer and keeps each locator on one line, a reward
answer's amounts are shown once (in the answer, with the cited passages beside it), a reward table
in an answer is laid out for the chat bubble (on a phone too), and the chat grows with its turns up to the window's height,
scrolling its messages below its label. Without an index: the assistant is a stub returning a real reward answer. The browser
side is checked in test_browser.py and test_browser_layout.py."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gradio as gr
import pytest
from fastapi.testclient import TestClient

from assistant.models import Answer, ChatMessage, Citation, ToolCallRecord
from assistant.rewards import lookup_rewards
from assistant.rewards.formatting import format_rewards_markdown
from assistant.rewards.phrases import load_phrases
from tests.ui.css_rules import css_rules, declarations
from ui.app import create_web_app
from ui.gradio import chat_tab
from ui.gradio.app import WebUI, build_blocks
from ui.gradio.chat_tab import (
    ANSWERING_HTML,
    CHAT_CONCURRENCY,
    CHAT_MAX_HEIGHT,
    CHAT_MIN_HEIGHT,
    EXAMPLES,
    PRESS_SEND_JS,
    SEARCHING_NOTE,
    SHOW_WAITING_JS,
    WAITING_NOTE,
    ChatTab,
    empty_conversation,
    take_question_js,
)
from ui.gradio.formatting.plain_text import plain_answer
from ui.gradio.formatting.sources import sources_html
from ui.http.api import create_app
from ui.state import ServiceHolder
from zjtx.settings import Settings

SOURCES, TOOLS, RAW, BOX, NOTE = 2, 3, 4, 5, 6  # positions in what ChatTab.chat yields
REWARD_TABLE = "#zjtx-chatbot table:has(th:nth-child(6):last-child)"  # the six-column reward table


class RewardAnswerService:
    """Answers every turn with the reward table for 苏州's districts, as the real assistant does."""

    def __init__(self) -> None:
        lookup = lookup_rewards(region="苏州", title="国家级专精特新“小巨人”")
        assert len(lookup.rows) >= 3, "the bundled reward table should list several 苏州 districts"
        self.answer = Answer(
            answer=format_rewards_markdown(lookup),
            citations=[Citation(doc_id=row.source.doc_id, title="《优质中小企业梯度培育管理暂行办法》解读培训",
                                locator=row.source.locator, snippet=f"{row.region}奖励{row.amount_text}")
                       for row in lookup.rows],
            tool_calls=[ToolCallRecord(name="lookup_rewards", arguments={"region": "苏州"},
                                       result=lookup.model_dump(mode="json"))],
            route="rewards",
        )

    def chat(self, messages: list[ChatMessage]) -> Answer:
        return self.answer


def _turn(tmp_path: Path) -> tuple[list[tuple[Any, ...]], Answer]:
    """Every step ChatTab.chat yields for one question (the page applies them in order)."""
    service = RewardAnswerService()
    tab = ChatTab(ServiceHolder(Settings(data_dir=tmp_path / "data"), service), stream_seconds=0)  # type: ignore[arg-type]
    # the handler updates one chat list in place: keep the view each step showed
    steps = [(list(step[0]), *step[1:]) for step in tab.chat("苏州各区对小巨人的奖励", [], [])]
    return steps, service.answer


def _shows_answer_text(step: tuple[Any, ...]) -> bool:
    display = step[0]
    return bool(display) and display[-1]["role"] == "assistant" and display[-1]["content"] not in ("", "……")


def test_sending_a_question_replaces_the_previous_sources_with_a_searching_note(tmp_path: Path) -> None:
    steps, _ = _turn(tmp_path)
    first = steps[0]
    assert first[0][-1]["content"] == "……", "the first step shows the question with a placeholder answer"
    assert SEARCHING_NOTE in first[SOURCES] and "正在检索…" in SEARCHING_NOTE, (
        f"the previous answer's sources must give way to 正在检索… as soon as a question is sent, got {first[SOURCES]!r}")
    assert first[TOOLS] == "" and first[RAW] == "", "no tool results were shown, and the copyable answer is cleared"


def test_while_a_question_is_answered_the_previous_panels_are_held_invisible_in_place(tmp_path: Path) -> None:
    """The 来源 column shrank to 正在检索… and grew back with the answer: the page jumped twice a turn. What it
    showed stays in place, invisible (zjtx.css), so the column keeps its height, until the new sources come."""
    tab = ChatTab(ServiceHolder(Settings(data_dir=tmp_path / "data"), RewardAnswerService()), stream_seconds=0)  # type: ignore[arg-type]
    shown_sources, shown_tools = '<ol class="zjtx-sources"><li>旧来源</li></ol>', '<div class="zjtx-tool">资格核对</div>'
    steps = [tuple(step) for step in tab.chat("苏州各区对小巨人的奖励", [], [], shown_sources, shown_tools)]
    first = steps[0]
    held = re.compile(r'<div class="zjtx-held" aria-hidden="true">(.*)</div>', re.S)
    assert SEARCHING_NOTE in first[SOURCES] and (m := held.search(first[SOURCES])) and shown_sources in m.group(1), (
        f"正在检索… over the previous sources, held: {first[SOURCES]!r}")
    assert (m := held.search(first[TOOLS])) and shown_tools in m.group(1), f"the tool results held too: {first[TOOLS]!r}"
    rules = css_rules(_page_css(tmp_path))
    assert declarations(rules, ".zjtx-held").get("visibility") == "hidden", "held content takes its room, unseen"
    assert declarations(rules, ".zjtx-searching-frame > .zjtx-searching").get("position") == "absolute", (
        "正在检索… stands over the held content, adding no height")
    answered = next(step for step in steps[1:] if step[SOURCES] != gr.skip())
    assert "zjtx-held" not in answered[SOURCES] + answered[TOOLS] and "旧来源" not in answered[SOURCES], (
        "the new answer's panels replace the held ones")
    again = list(tab.chat("苏州各区对小巨人的奖励", [], [], first[SOURCES], first[TOOLS]))[0]
    assert again[SOURCES] == first[SOURCES] and again[TOOLS] == first[TOOLS], (
        "a placeholder still shown (its answer failed) is not wrapped again")


def test_the_sources_come_with_the_first_piece_of_the_answer_not_after_the_stream(tmp_path: Path) -> None:
    steps, answer = _turn(tmp_path)
    streamed = [step for step in steps if _shows_answer_text(step)]
    assert len(streamed) >= 5, f"a reward table answer streams in several pieces, got {len(streamed)}"
    first = streamed[0]
    assert len(first[0][-1]["content"]) < len(answer.answer), "the first piece is only part of the answer"
    assert "zjtx-sources" in first[SOURCES] and answer.citations[0].locator in first[SOURCES], (
        f"the new answer's sources should arrive with its first piece, got {first[SOURCES]!r}")
    assert first[TOOLS] == "", "the tool results too: none beside a reward answer that shows them itself"
    assert first[RAW] == plain_answer(answer.answer), "and the whole answer for 复制回答, as plain text"
    later = [step[SOURCES:RAW + 1] for step in steps[steps.index(first) + 1:]]
    assert later and all(part == gr.skip() for parts in later for part in parts), (
        "after the first piece the panel is left alone (not redrawn on every piece)")
    assert steps[-1][0][-1]["content"] == answer.answer and steps[-1][1][-1]["content"] == answer.answer, (
        "the stream ends with the whole answer in the chat and in the conversation")


def test_a_reward_answer_shows_its_amounts_once_with_its_passages_as_sources(tmp_path: Path) -> None:
    """A new user saw each amount three times: in the answer's table, in the cited passage and in a
    奖励查询结果 table under the sources. The answer carries the lookup; the panel cites passages."""
    steps, answer = _turn(tmp_path)
    first = next(step for step in steps if _shows_answer_text(step))
    rows = answer.tool_calls[0].result["rows"]
    assert all(row["amount_text"] in answer.answer for row in rows), "every amount is in the answer's table"
    assert first[TOOLS] == "", f"no third copy of the amounts beside the answer, got {first[TOOLS][:200]!r}"
    sources = first[SOURCES]
    assert "<table" not in sources and sources.count('class="zjtx-source"') == len(answer.citations), (
        "the sources panel lists the cited passages, one per citation, not a table of amounts")
    assert all(citation.snippet in sources for citation in answer.citations), "each with its passage's words"


def _page_css(tmp_path: Path) -> str:
    return str(TestClient(create_web_app(Settings(data_dir=tmp_path / "data"))).get("/config").json()["css"])


def test_the_chat_grows_with_its_turns_up_to_the_windows_height(tmp_path: Path) -> None:
    """The chat had a fixed height (the window's less 290 px): a one-line answer sat in a large empty
    box, and a long one scrolled inside the box while the page scrolled too."""
    config = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data")))).get_config_file()
    chat = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "zjtx-chatbot")
    props = chat["props"]
    assert props.get("height") is None, f"a fixed height keeps the box that tall whatever it holds, got {props['height']!r}"
    assert props["max_height"] == CHAT_MAX_HEIGHT and "100vh" in CHAT_MAX_HEIGHT, (
        f"the chat grows up to a height that follows the window, got max_height {props['max_height']!r}")
    assert props["min_height"] == CHAT_MIN_HEIGHT and CHAT_MIN_HEIGHT <= 300, (
        f"an empty chat needs only its placeholder's room, got min_height {props['min_height']!r}")
    rules = css_rules(_page_css(tmp_path))
    assert declarations(rules, "#zjtx-chatbot > .wrapper").get("min-height") == "0", (
        "past the cap the messages scroll: without min-height 0 the whole block scrolls instead, "
        "carrying the 对话 label and the clear button away and leaving the newest question unscrolled to")


def test_the_chat_messages_scroll_below_its_label_not_under_it(tmp_path: Path) -> None:
    """Gradio's 对话 label floats over the top of the messages: a table row scrolled past showed
    beside it as an empty header strip that seemed stuck there (new-user trial)."""
    label = declarations(css_rules(_page_css(tmp_path)), '#zjtx-chatbot label[data-testid="block-label"]')
    assert label.get("position") == "static", f"the label should take its own row above the messages, got {label}"


def _chat_events(tmp_path: Path) -> tuple[dict[str, Any], dict[str, int], list[dict[str, Any]]]:
    """The page's config, its components' ids by elem_id, and the events that ask the assistant."""
    config = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data")))).get_config_file()
    ids = {c.get("props", {}).get("elem_id"): c["id"] for c in config["components"]}
    chat_events = [d for d in config["dependencies"] if ids["zjtx-sources"] in d["outputs"] and d["backend_fn"]
                   and ids["zjtx-question"] in d["inputs"]]
    return config, ids, chat_events


def test_gradios_progress_overlay_stays_on_the_chat_and_off_the_sources_panel(tmp_path: Path) -> None:
    _, ids, chat_events = _chat_events(tmp_path)
    assert chat_events and all(d["show_progress_on"] == [ids["zjtx-chatbot"]] for d in chat_events), (
        "Gradio's overlay would cover the sources panel's own 正在检索… note: it belongs on the chat only, got "
        f"{[d['show_progress_on'] for d in chat_events]}")


def test_every_way_of_asking_is_one_event_that_waits_for_the_running_answer(tmp_path: Path) -> None:
    """A question sent while the previous answer streamed was lost (new-user trial 25): Gradio skips
    an event sent again while it runs ("once"), and the 发送 button, the question box and each example
    were events of their own that could also run side by side over the same chat."""
    config, ids, chat_events = _chat_events(tmp_path)
    assert len(chat_events) == 1, f"one chat event for the box, 发送 and the examples, got {len(chat_events)}"
    ask = chat_events[0]
    assert {tuple(t) for t in ask["targets"]} == {(ids["zjtx-question"], "submit"), (ids["zjtx-send"], "click")}, (
        f"Enter in the question box and 发送 both ask: {ask['targets']}")
    assert ask["trigger_mode"] == "always_last", (
        f"a question sent while an answer streams is asked when it is done, not dropped: {ask['trigger_mode']!r}")
    examples = {text for texts in EXAMPLES.values() for text in texts}
    buttons = {c["id"] for c in config["components"]
               if c["type"] == "button" and c.get("props", {}).get("value") in examples}
    fills = [d for d in config["dependencies"] if any(tuple(t)[0] in buttons for t in d["targets"])]
    assert len(fills) == len(examples) and all(not d["backend_fn"] and d["outputs"] == [ids["zjtx-question"]]
                                               for d in fills), "an example only puts its question in the box"
    presses = [d for d in config["dependencies"] if d["trigger_after"] in {f["id"] for f in fills}]
    assert len(presses) == len(examples) and all(d["js"] == PRESS_SEND_JS and not d["backend_fn"] for d in presses), (
        "and then presses 发送, so it takes its turn like a typed question")
    assert "#zjtx-send" in PRESS_SEND_JS and ".click()" in PRESS_SEND_JS


def test_answers_of_different_visitors_run_side_by_side_each_visitors_in_turn(tmp_path: Path) -> None:
    """Gradio runs one event of a handler at a time for the whole server unless told otherwise, and an
    answer holds it while it types out: a second visitor's question waited for the first answer
    (s20-ui3). The browser side: test_browser_chat_turns.py."""
    blocks = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data"))))
    asks = [fn for fn in blocks.fns.values() if getattr(fn.fn, "__name__", "") == "chat"]
    assert len(asks) == 1, f"one chat event: {asks}"
    limit = asks[0].concurrency_limit
    assert isinstance(limit, int) and limit == CHAT_CONCURRENCY >= 4, (
        f"several visitors' answers run at once, a bounded number: concurrency_limit {limit!r}")
    assert asks[0].trigger_mode == "always_last", "one page still asks one question at a time"


def test_a_turn_leaves_the_question_box_to_the_page_and_the_user(tmp_path: Path) -> None:
    """The stream emptied the box with every piece: a question typed meanwhile vanished. Then its first
    piece still did, a round trip after the page had sent the question: an example clicked or a message
    sent in between was wiped and never asked (CI, 2 runs in 4). The page empties the box itself now."""
    steps, _ = _turn(tmp_path)
    boxes = [step[BOX] for step in steps]
    assert len(boxes) >= 6 and all(box == gr.skip() for box in boxes), (
        f"from the question's first update to the end of its answer the box holds what the user sends next: {boxes[:3]}")
    assert steps[0][NOTE] == ANSWERING_HTML and "正在回答" not in ANSWERING_HTML, (
        "the note's place is marked while the answer runs, empty: nothing waits yet")
    assert all(step[NOTE] == gr.skip() for step in steps[1:-1]) and steps[-1][NOTE] == "", (
        "and goes when the answer is done")


def test_the_page_says_a_question_waits_only_when_one_is_sent_while_an_answer_runs(tmp_path: Path) -> None:
    """New-user trial 27 on a phone: 正在回答上一个问题…现在发送的问题会留在输入框里 stood under the box from the
    moment the first question was sent, though nothing else had been. The page writes it when a second
    question is sent into the running answer's note; the browser side: test_browser_chat_turns.py."""
    config, ids, chat_events = _chat_events(tmp_path)
    sends = {(ids["zjtx-question"], "submit"), (ids["zjtx-send"], "click")}
    notes = [d for d in config["dependencies"] if d.get("js") == SHOW_WAITING_JS]
    assert len(notes) == 1 and {tuple(t) for t in notes[0]["targets"]} == sends, "every send runs it in the page"
    assert not notes[0]["backend_fn"] and notes[0]["inputs"] == [ids["zjtx-question"]], (
        "in the page only, reading the question sent")
    assert notes[0]["id"] < chat_events[0]["id"], (
        "before the ask: the page runs a send's listeners in order, and the ask's lasts as long as its answer")
    assert "#zjtx-question-note .zjtx-answering" in SHOW_WAITING_JS and ".trim()" in SHOW_WAITING_JS, (
        "it writes into the running answer's note only, and only for a question (an empty box sends none)")
    assert json.dumps(WAITING_NOTE, ensure_ascii=False) in SHOW_WAITING_JS and "正在回答上一个问题" in WAITING_NOTE


def test_the_page_empties_the_question_box_as_the_ask_takes_the_question(tmp_path: Path) -> None:
    """Emptied by the server's first update, a round trip late, the box lost a question sent in between
    (see above): the ask runs take_question_js in the page first, which empties it and sends the inputs
    on unchanged. The browser side, what it does with each message: test_browser_chat_turns.py."""
    settings = Settings(data_dir=tmp_path / "data")
    _, ids, chat_events = _chat_events(tmp_path)
    js = chat_events[0]["js"]
    assert js == take_question_js(settings.max_message_chars) and chat_events[0]["backend_fn"], (
        f"the ask takes the question in the page, then asks the server: js {js!r}")
    assert "'#zjtx-question textarea'" in js and f"chars <= {settings.max_message_chars}" in js, (
        "it empties the question box, only for a message within the limit (a longer one stays, to be shortened)")
    assert js.rstrip().endswith("return inputs;\n}"), "Gradio sends what it returns as the inputs: all of them, unchanged"
    spaces = {c for c in map(chr, range(0x110000)) if c.isspace()}
    assert set(chat_tab._STRIPPED_SPACES) == spaces and all(f"\\u{ord(c):04x}" in js for c in spaces), (
        "the page counts a message without the spaces around it that Python's strip() drops, as message_chars does")


class FixedAnswerService:
    """Answers every turn with ``text`` at once, as the extractive assistant does (in milliseconds)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def chat(self, messages: list[ChatMessage]) -> Answer:
        return Answer(answer=self.text)


@pytest.mark.parametrize("length", [30, 400, 6000])
def test_an_answer_is_revealed_in_a_few_pieces_within_a_fraction_of_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, length: int,
) -> None:
    """A new user saw every answer typed out over about 2 s although the server had it in milliseconds
    (trial 26): 1.2 s of pauses and up to forty pieces, each a round trip to the page."""
    pauses: list[float] = []
    monkeypatch.setattr(chat_tab.time, "sleep", pauses.append)
    text = ("专精特新中小企业须具备不少于3年细分市场经营经验。" * (length // 24 + 1))[:length]
    tab = ChatTab(ServiceHolder(Settings(data_dir=tmp_path / "data"), FixedAnswerService(text)))  # type: ignore[arg-type]
    steps = [(list(step[0]), *step[1:]) for step in tab.chat("问", [], [])]
    pieces = [step[0][-1]["content"] for step in steps if _shows_answer_text(step)]
    assert sum(pauses) <= 0.6, f"a {length}-character answer pauses {sum(pauses):.2f} s in all while it is revealed"
    assert 3 <= len(pieces) <= 10, (
        f"a few growing pieces, each a round trip to the page, not {len(pieces)} (a {length}-character answer)")
    assert pieces[-1] == text and steps[-1][1][-1]["content"] == text, "the whole answer is shown and kept"


def test_new_conversation_ends_the_pages_running_answer_on_the_empty_conversation(tmp_path: Path) -> None:
    """新对话 cancels the running answer in the page, but the page sends the cancel after asking for the
    new conversation: the pieces streamed in between, and the end of the stream, wrote the old chat
    back (one time in five at the default pace). The browser side: test_browser_chat_turns.py."""
    tab = ChatTab(ServiceHolder(Settings(data_dir=tmp_path / "data"), RewardAnswerService()), stream_seconds=0)  # type: ignore[arg-type]
    page, other = SimpleNamespace(session_hash="page-1"), SimpleNamespace(session_hash="page-2")
    running = tab.chat("苏州各区对小巨人的奖励", [], [], request=page)  # type: ignore[arg-type]
    elsewhere = tab.chat("苏州各区对小巨人的奖励", [], [], request=other)  # type: ignore[arg-type]
    next(running), next(running), next(elsewhere)  # the question, then the first piece of the answer
    start_over = tab.new_conversation(page)  # type: ignore[arg-type]
    assert next(start_over) == empty_conversation(), "the page is emptied at once"
    rest = list(running)
    assert rest == [empty_conversation()], (
        f"the answer that was streaming sends nothing more of its own and ends on the empty conversation: {rest[:1]}")
    started = time.monotonic()
    assert list(start_over) == [empty_conversation()] and time.monotonic() - started < 0.5, (
        "once that answer has stopped, 新对话 empties the page once more, so that nothing sent before stays")
    finished = list(elsewhere)[-1]
    assert finished[1] and finished[1][-1]["role"] == "assistant", "another page's answer is not touched"
    assert list(tab.new_conversation(page)) == [empty_conversation()], "with no answer running it empties once"  # type: ignore[arg-type]


def test_an_empty_question_changes_nothing(tmp_path: Path) -> None:
    """Asked again after an answer, with the box emptied meanwhile: no output is touched."""
    tab = ChatTab(ServiceHolder(Settings(data_dir=tmp_path / "data"), RewardAnswerService()), stream_seconds=0)  # type: ignore[arg-type]
    steps = list(tab.chat("  ", [{"role": "user", "content": "问"}], []))
    assert steps == [(gr.skip(),) * 7], steps


class CountingService(RewardAnswerService):
    """The reward answer, counting the turns it is asked."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def chat(self, messages: list[ChatMessage]) -> Answer:
        self.asked += 1
        return super().chat(messages)


def test_a_question_over_the_apis_limit_is_refused_with_the_apis_message_and_left_in_the_box(tmp_path: Path) -> None:
    """New-user trial 27 pasted 2,820 characters: the box kept the first 2,000 (the rest was lost) and the chat
    answered them with an irrelevant passage, while POST /api/chat refuses the message with 413."""
    settings = Settings(data_dir=tmp_path / "data")
    service = CountingService()
    tab = ChatTab(ServiceHolder(settings, service), stream_seconds=0)  # type: ignore[arg-type]
    text = "我们公司是做精密零部件的，情况比较复杂" * (settings.max_message_chars // 10)
    assert len(text) > settings.max_message_chars
    refused = TestClient(create_app(settings)).post("/api/chat", json={"messages": [{"role": "user", "content": text}]})
    assert refused.status_code == 413, refused.text
    steps = list(tab.chat(text, [], []))
    assert len(steps) == 1 and steps[0][:NOTE] == (gr.skip(),) * NOTE, (
        "the chat, conversation, sources and question box are left as they were: the whole message stays in the box")
    assert refused.json()["detail"] in steps[0][NOTE] and 'role="alert"' in steps[0][NOTE], (
        f"the note under the box says what the API says ({refused.json()['detail']}), got {steps[0][NOTE]!r}")
    assert service.asked == 0, "the assistant is not asked"
    at_limit = list(tab.chat("专" * settings.max_message_chars, [], []))
    assert service.asked == 1 and at_limit[-1][1][-1]["role"] == "assistant", "a message at the limit is answered"
    assert at_limit[0][NOTE] != steps[0][NOTE], "and the refusal note gives way"


def test_the_chat_and_the_api_measure_a_message_alike(tmp_path: Path) -> None:
    """The 问答 tab measured a message without the spaces and line breaks around it, POST /api/chat with
    them: a question at the limit pasted with a blank line after it was answered in the page and refused
    with 413 by the API. Both now measure the text the assistant reads (it trims a question itself)."""
    settings = Settings(data_dir=tmp_path / "data")
    limit = settings.max_message_chars
    api = TestClient(create_app(settings, service=CountingService()))  # type: ignore[arg-type]
    for text, answered in [("专" * limit, True), ("  \n" + "专" * limit + "\n\n  ", True),
                           (" " * 50 + "专" * 10, True), ("专" * (limit + 1), False),
                           ("  " + "专" * (limit + 1) + "\n", False)]:
        by_api = api.post("/api/chat", json={"messages": [{"role": "user", "content": text}]})
        service = CountingService()
        list(ChatTab(ServiceHolder(settings, service), stream_seconds=0).chat(text, [], []))  # type: ignore[arg-type]
        shown = f"{len(text)} characters, {len(text.strip())} without the spaces around them"
        assert (by_api.status_code == 200) is answered, f"the API on {shown}: {by_api.status_code} {by_api.text[:80]}"
        assert (service.asked == 1) is answered, f"the 问答 tab on {shown}: asked {service.asked} times"
        searched = TestClient(create_app(settings)).post("/api/search", json={"query": text})  # no index: 503
        assert (searched.status_code != 413) is answered, f"POST /api/search on {shown}: {searched.status_code}"


def test_the_question_box_takes_a_message_of_any_length(tmp_path: Path) -> None:
    """A box with max_length cuts a longer paste to the limit in the browser: the rest of the user's text
    was lost, and what was left was answered instead of refused."""
    config = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data")))).get_config_file()
    box = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "zjtx-question")
    assert box["props"].get("max_length") is None, f"the box cuts what is typed or pasted: max_length {box['props']['max_length']}"


def test_no_rule_of_the_page_lists_selectors_inside_parentheses(tmp_path: Path) -> None:
    """Gradio prefixes every comma-separated part of a rule, inside :has() or :is() too: the note under the
    question box, hidden unless it held ``:has(.zjtx-answering, .zjtx-error)``, stayed hidden with a refusal in it."""
    broken = [rule.selector for rule in css_rules(_page_css(tmp_path))
              if rule.selector.count("(") != rule.selector.count(")")]
    assert not broken, f"a selector list inside parentheses is broken up by Gradio's prefix: {broken}"


def test_the_page_lays_out_tables_in_chat_answers(tmp_path: Path) -> None:
    css = " ".join(TestClient(create_web_app(Settings(data_dir=tmp_path / "data"))).get("/config").json()["css"].split())
    table = "#zjtx-chatbot .message-content table { display: block; width: max-content; max-width: 100%; overflow-x: auto;"
    assert table in css, "a table in an answer should fill the bubble and scroll sideways inside it, not squeeze"
    assert f"{REWARD_TABLE} td:nth-child(3) {{ white-space: nowrap;" in css, "the reward amount never wraps"
    assert f"{REWARD_TABLE} td:nth-child(4), {REWARD_TABLE} td:nth-child(5) {{ min-width: 12em; font-size: 12px;" in css, (
        "the long 条件 and 参考政策 columns get room in a smaller font")


def test_on_a_phone_a_reward_table_in_the_chat_gives_its_long_columns_room_and_shows_it_scrolls(tmp_path: Path) -> None:
    """At 390 px the bubble shows 地区, 称号 and 奖励 only; the trial saw the table cut at the right edge
    and its rows many lines tall for the conditions out of view."""
    rules = css_rules(_page_css(tmp_path))
    phone = [rule for rule in rules if rule.media and (width := re.search(r"max-width:\s*(\d+)px", rule.media))
             and int(width.group(1)) >= 390 and rule.selector in (f"{REWARD_TABLE} td:nth-child(4)", f"{REWARD_TABLE} td:nth-child(5)")]
    assert len(phone) == 2, f"a phone-width rule should widen the 条件 and 参考政策 columns, found {phone}"
    assert all(float(rule.declarations["min-width"].removesuffix("em")) >= 18 for rule in phone), (
        f"about 18 characters a line keeps a condition to three lines or so: {phone}")
    background = declarations(rules, "#zjtx-chatbot .message-content table").get("background", "")
    assert background.count("local") == 2 and background.count("scroll") == 2, (
        f"shadows at the edges (covered at either end as the table scrolls) say more columns are out of view: {background!r}")


def test_a_sources_locator_is_never_broken_across_lines(tmp_path: Path) -> None:
    """The trial saw "L153-" end one line of the sources panel and "L160" start the next."""
    panel = sources_html([Citation(doc_id="d", title="关于印发优质中小企业梯度培育管理暂行办法的通知",
                                   locator="L153-L160", snippet="原文")], "")
    assert re.search(r'class="zjtx-source-head">.*<span class="zjtx-locator">L153-L160</span>', panel), panel
    css = re.sub(r"/\*.*?\*/", "", TestClient(create_web_app(Settings(data_dir=tmp_path / "data"))).get("/config")
                 .json()["css"], flags=re.S)
    nowrap = [selector.strip() for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)
              if re.search(r"white-space:\s*nowrap", body) for selector in selectors.split(",")]
    assert any(selector.endswith(".zjtx-locator") for selector in nowrap), (
        f"the page's CSS should keep the sources' locators on one line (white-space: nowrap), nowrap rules: {nowrap}")


def test_the_chat_css_columns_match_the_reward_tables_header() -> None:
    header = load_phrases().table_header
    assert len(header) == 6 and header[2] == "奖励" and header[3:5] == ["条件", "参考政策"], (
        f"zjtx.css styles the chat's six-column reward table by position (3 奖励, 4 条件, 5 参考政策): {header}")
    answer = RewardAnswerService().answer.answer
    assert "| " + " | ".join(header) + " |" in answer, "the reward answer carries that table"
