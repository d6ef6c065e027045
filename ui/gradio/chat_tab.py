"""问答: a chat over the assistant, streaming the finished answer, with its sources beside it."""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.models import ChatMessage
from ui.gradio.formatting.escaping import escape_markdown
from ui.gradio.formatting.history import bounded_history, stream_prefixes
from ui.gradio.formatting.plain_text import plain_answer
from ui.gradio.formatting.sources import composer_note, sources_html
from ui.gradio.formatting.tool_results import tool_results_html
from ui.gradio.titles import all_document_titles
from ui.http.limits import message_chars, message_too_long
from ui.state import ServiceHolder

# Only the last turns go to the assistant: follow-ups need a little context, and a long
# chat must not grow every request (the API caps a conversation at settings.max_messages).
MAX_HISTORY_TURNS = 6
# The answer is complete before it is shown; it is revealed in a few growing pieces, briefly. Each
# piece is a round trip through Gradio's queue to the page (tens of ms on a busy server): forty pieces
# with 1.2 s of pauses between them typed an answer out over about 2 s although the server had it in
# milliseconds (new-user trial 26). At most STREAM_PIECES pieces, STREAM_SECONDS of pauses in all
# whatever the answer's length; a long answer comes in bigger pieces.
STREAM_CHUNK_CHARS = 6
STREAM_PIECES = 8
STREAM_SECONDS = 0.4
# Answers of different visitors run side by side, up to this many at once (each waits on the assistant
# and then types out in a thread). Gradio's default is one running event per handler for the whole
# server: a second visitor's question waited until the first answer had finished typing out. Within
# one page the questions still take turns: the page sends the next only when the running one is done
# (trigger_mode always_last in render_chat_tab).
CHAT_CONCURRENCY = 16
# the answer's place in the chat from the moment a question is sent until its first piece
ANSWER_PLACEHOLDER = "……"
# From the moment a question is sent until its answer is ready the 来源 column says 正在检索… and keeps its
# height: what it showed stays in place, invisible (zjtx.css), until the new answer's sources replace it.
# It had shrunk to that one line and grown back with the answer: the page jumped twice a turn, and on a
# phone, where the sources follow the chat, everything under the chat moved. The previous answer's
# sources are not shown beside the new question.
SEARCHING_NOTE = '<div class="zjtx-empty zjtx-searching" role="status">正在检索…</div>'
_HELD_START = '<div class="zjtx-held" aria-hidden="true">'
_SEARCHING_START = '<div class="zjtx-searching-frame">'


def held_html(shown: str | None) -> str:
    """What a panel showed, kept in place and invisible while the next answer is prepared ("" for nothing)."""
    if not shown or shown.startswith(_HELD_START):
        return shown or ""
    return f"{_HELD_START}{shown}</div>"


def searching_html(shown: str | None) -> str:
    """The sources panel while a question is answered: 正在检索… over what it showed, held (see above)."""
    if shown and shown.startswith(_SEARCHING_START):
        return shown  # the placeholder still (the answer before it failed): not wrapped twice
    return f"{_SEARCHING_START}{SEARCHING_NOTE}{held_html(shown)}</div>"
# The note under the question box (#zjtx-question-note) says what happens to a question sent now.
# A question sent while an answer streams waits in the box for it: the note says so once one does. It
# had said so from the moment any question was sent (new-user trial 27, a phone's first answer pending).
WAITING_NOTE = "正在回答上一个问题…现在发送的问题会留在输入框里，这条回答完成后自动接着回答。"
# the note's place while an answer runs in the page, empty (and hidden, zjtx.css) until a question waits
ANSWERING_HTML = '<div class="zjtx-answering" role="status"></div>'
# Run in the page on every send, before the ask: the ask itself is not run again while it runs (Gradio
# keeps the newest send for later), so the page says that the question sent waits.
SHOW_WAITING_JS = f"""(question) => {{
  const running = document.querySelector('#zjtx-question-note .zjtx-answering');
  if (running && (question || '').trim()) {{ running.textContent = {json.dumps(WAITING_NOTE, ensure_ascii=False)}; }}
  return [];
}}"""


# Python's str.strip() drops these around a message before message_chars counts it (str.isspace; none
# lies above U+3000). JavaScript's trim() drops others (U+FEFF): the page measures with Python's set.
_STRIPPED_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def take_question_js(max_chars: int) -> str:
    """Run in the page as the ask takes the question from the box, before it goes to the server: the
    inputs go on unchanged (Gradio sends the array this returns as the inputs), and the box is emptied
    at once, in the page. The server emptied it with the turn's first update, a round trip later: an
    example clicked or a message sent in between was wiped, and the re-run that should have asked it
    (always_last) read an empty box and asked nothing (2 CI runs in 4; a new-user trial lost a message
    sent right after the first). The box is emptied only if it still holds that question and the
    question will be asked: an empty one changes nothing, and one over ``max_chars`` as
    ``message_chars`` counts it (code points, without Python's spaces around them) is refused and stays
    in the box to be shortened."""
    spaces = "".join(f"\\u{ord(c):04x}" for c in _STRIPPED_SPACES)
    return f"""(...inputs) => {{
  const question = inputs[0] ?? '';
  const chars = Array.from(question.replace(/^[{spaces}]+|[{spaces}]+$/g, '')).length;
  const box = document.querySelector('#zjtx-question textarea');
  if (box && box.value === question && chars > 0 && chars <= {int(max_chars)}) {{
    box.value = '';
    box.dispatchEvent(new Event('input', {{bubbles: true}}));  // Gradio keeps the box's value in step
    window.zjtxTaken = question;  // until the answer comes: RESTORE_QUESTION_JS puts it back if the ask fails
  }}
  return inputs;
}}"""


# A failed ask (the server's error, a lost connection) leaves no note behind, and gives the question it
# took back to an empty box: taken in the page, it was in no chat and in no box, lost.
RESTORE_QUESTION_JS = """() => {
  const box = document.querySelector('#zjtx-question textarea');
  if (box && !box.value && window.zjtxTaken) {
    box.value = window.zjtxTaken;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  }
  window.zjtxTaken = '';
  return '';
}"""
ANSWERED_JS = "() => { window.zjtxTaken = ''; return []; }"


def refusal_html(reason: str) -> str:
    """The note for a question refused before it is asked (it stays in the box, to be changed)."""
    return f'<div class="zjtx-error" role="alert">{html.escape(reason)}</div>'


# A long question made the box twenty lines tall (QUESTION_MAX_LINES now): its refusal under it was below the
# window of a 1280×800 desktop, and 发送 seemed to do nothing. The page scrolls just far enough to show it.
SHOW_REFUSAL_JS = """() => {
  requestAnimationFrame(() => {
    const refusal = document.querySelector('#zjtx-question-note .zjtx-error');
    if (refusal) { refusal.scrollIntoView({block: 'nearest'}); }
  });
  return [];
}"""


# Example questions for the three kinds of users the assistant serves.
EXAMPLES: dict[str, list[str]] = {
    "中小企业主": [
        "我们营收1200万、研发80万，细分市场3年，能评专精特新吗？",
        "昆山对国家级小巨人奖励多少？",
    ],
    "服务窗口人员": [
        "北交所是哪天注册成立的？",
        "专精特新中小企业的研发费用要求是什么？",
    ],
    "政策研究人员": [
        "2026年新办法对小巨人的营收门槛是多少？",
        "各地对国家级小巨人的奖励对比",
    ],
}


# The chat grows with its turns up to the window's height less what stays in view with it: the
# page title and tabs above (about 155 px), the question box and the 新对话/复制回答 row below
# (about 135 px); only a longer chat scrolls inside it, and the box never leaves a 1280×800 window.
# A fixed height left a short answer in a large empty box and scrolled a long one inside the
# box while the page scrolled too. Below a 710 px tall window the cap stays at 420 px.
CHAT_MAX_HEIGHT = "max(420px, calc(100vh - 290px))"
CHAT_MIN_HEIGHT = 240  # the empty chat's placeholder and a first short turn
# The question box grows with what is typed up to this many lines, then scrolls inside itself. Gradio's
# default, twenty lines (412 px), let a long paste push 发送 below a 390×844 phone's window and the box's
# end below a 1280×800 one, the chat above scrolled away to reach them.
QUESTION_MAX_LINES = 7


# An example question goes into the question box and is sent with 发送, so that it takes its turn
# like a typed one (see render_chat_tab).
PRESS_SEND_JS = "() => { document.querySelector('#zjtx-send').click(); return []; }"


# Gradio's autoscroll keeps the bottom of a long answer in view and cuts the question off at
# the top; instead each update scrolls the chat so the newest question is at the top and its
# answer reads from the start (a short turn simply stays at the bottom), a little below the top edge.
# A question too long for that (it filled a phone's chat, new-user trial 27) leaves its answer's first
# lines below the chat: then the answer starts a third of the way down, under the end of the question.
# The window follows too when that start would be out of it: an example question clicked under the chat
# left the window on the middle of the answer (desktop) or on the sources (phone). It does so once when
# the question appears and once when its answer does, not with every piece (the user may be scrolling),
# and by where the answer starts once the chat has scrolled to it: the first pieces are too short for
# the chat to scroll that far. In between, the sources panel had shrunk to 正在检索… and grown with the
# answer's sources (it keeps its height now), and the browser's scroll anchoring took a window scrolled
# to the question back down.
# Gradio's own "Loading" bubble (.pending) is no answer.
ANSWER_LEAD_PX = 60  # the first lines of an answer (its conclusion) that must show
SCROLL_TO_QUESTION_JS = f"""() => {{
  requestAnimationFrame(() => setTimeout(() => {{
    const chat = document.querySelector('#zjtx-chatbot');
    const wrap = chat && chat.querySelector('.bubble-wrap');
    const questions = chat ? chat.querySelectorAll('.message.user') : [];
    const answers = chat ? chat.querySelectorAll('.message.bot:not(.pending)') : [];
    if (!wrap || !questions.length) {{ window.zjtxTurnShown = ''; return; }}
    const question = questions[questions.length - 1];
    const answer = answers.length === questions.length ? answers[answers.length - 1] : null;
    const top = wrap.getBoundingClientRect().top;
    let offset = question.getBoundingClientRect().top - top - 12;
    const answerTop = answer ? answer.getBoundingClientRect().top - top : -1;
    if (answer && answerTop + {ANSWER_LEAD_PX} - offset > wrap.clientHeight) {{
      offset = answerTop - wrap.clientHeight / 3;
    }}
    wrap.scrollTop = Math.max(0, wrap.scrollTop + offset);
    if (!answer) {{ return; }}
    const asked = answer.innerText.trim() === {json.dumps(ANSWER_PLACEHOLDER)};
    const turn = questions.length + (asked ? ' asked' : ' answered');
    if (window.zjtxTurnShown === turn) {{ return; }}
    window.zjtxTurnShown = turn;
    const start = top + answerTop - offset;  // in the window, once the chat has scrolled to the answer
    if (start < 0 || start + {ANSWER_LEAD_PX} > innerHeight) {{
      const box = chat.getBoundingClientRect();
      window.scrollBy(0, box.height + 16 <= innerHeight ? box.top - 8 : start - innerHeight / 3);
    }}
  }}, 50));
  return [];
}}"""

# 新对话 waits this long at most for the answer it ends to stop (between two of its pieces, or once the
# assistant has it: seconds when a model writes it) before it empties the page a second time
ANSWER_STOP_WAIT_S = 1.0


def empty_conversation() -> tuple[Any, ...]:
    """What 新对话 shows: no chat, conversation, sources, tool results, copyable answer, question or note."""
    return [], [], "", "", "", "", ""


def _display(role: str, text: str) -> dict[str, str]:
    return {"role": role, "content": escape_markdown(text)}


class ChatTab:
    """The chat handlers over the ``ServiceHolder`` the API also reads."""

    def __init__(self, holder: ServiceHolder, stream_seconds: float = STREAM_SECONDS) -> None:
        self.holder = holder
        self.settings = holder.settings
        self.stream_seconds = stream_seconds
        # the answer each page (Gradio session) is being given, until it is done or 新对话 ends it;
        # the event is set once that answer streams no more
        self._answering: dict[str, threading.Event] = {}

    def chat(
        self, message: str, display: list[dict[str, Any]] | None, conversation: list[dict[str, str]] | None,
        shown_sources: str | None = None, shown_tools: str | None = None, request: gr.Request | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Answer one turn, streaming the finished answer; yields
        (chat view, conversation, sources, tool results, raw answer, input box, note under the box).

        The sources panel says 正在检索… as soon as the question is sent, over what it and the tool results
        showed (``shown_sources``, ``shown_tools``) held invisible, so the column keeps its height; it shows
        the new answer's sources with its first streamed piece. A turn leaves the input box alone (only the
        empty conversation of 新对话 empties it): the page empties it as it sends the question
        (:func:`take_question_js`), and what the user types or clicks while the answer streams is the next
        question. A question longer than the API accepts is not asked: the note says so in the API's
        words, and it stays in the box to be shortened.

        新对话 cancels the running answer in the page, but the page sends that cancel after it has
        asked for the new conversation: a piece streamed in between, or the end of the stream (Gradio
        sends the last piece again), wrote the old chat back (one time in five). So once
        :meth:`new_conversation` has run for the page, this answer streams nothing more of its own
        and ends on the empty conversation."""
        page = request.session_hash if request is not None else None
        answer = threading.Event()
        if page:
            self._answering[page] = answer
        try:
            for step in self._turn(message, display, conversation, shown_sources, shown_tools):
                if page and self._answering.get(page) is not answer:
                    answer.set()
                    if page not in self._answering:  # ended by 新对话, not taken over by a newer question
                        yield empty_conversation()
                    return
                yield step
        finally:
            answer.set()
            if page and self._answering.get(page) is answer:
                del self._answering[page]

    def new_conversation(self, request: gr.Request | None = None) -> Iterator[tuple[Any, ...]]:
        """An empty chat, conversation, sources panel, question box and note at once; if an answer was
        streaming in the page, once more when it has stopped (at most ANSWER_STOP_WAIT_S later), so that
        nothing it sent meanwhile stays (see :meth:`chat`)."""
        page = request.session_hash if request is not None else None
        running = self._answering.pop(page, None) if page else None
        yield empty_conversation()
        if running is not None:
            running.wait(ANSWER_STOP_WAIT_S)
            yield empty_conversation()

    def _turn(
        self, message: str, display: list[dict[str, Any]] | None, conversation: list[dict[str, str]] | None,
        shown_sources: str | None, shown_tools: str | None,
    ) -> Iterator[tuple[Any, ...]]:
        question = (message or "").strip()
        display = list(display or [])
        conversation = list(conversation or [])
        if not question:
            yield (gr.skip(),) * 7
            return
        if message_chars(question) > self.settings.max_message_chars:  # refused as POST /api/chat refuses it
            yield *(gr.skip(),) * 6, refusal_html(message_too_long(self.settings.max_message_chars))
            return
        display.append(_display("user", question))
        display.append(_display("assistant", ANSWER_PLACEHOLDER))
        # The input box is left to the user: the page emptied it as it sent this question (take_question_js).
        # Emptied here, a round trip later, it wiped a question sent in between, which was then never asked.
        box = gr.skip()
        # the previous answer's sources must not stand beside the new question, nor the column shrink meanwhile
        yield display, conversation, searching_html(shown_sources), held_html(shown_tools), "", box, ANSWERING_HTML

        messages = bounded_history(
            [*(ChatMessage.model_validate(m) for m in conversation), ChatMessage(role="user", content=question)],
            MAX_HISTORY_TURNS,
        )
        service = self.holder.service
        if service is None:
            text = self.holder.error or "索引加载中，请稍后再试。"
            display[-1] = _display("assistant", text)
            yield display, conversation, "", "", "", box, ""
            return
        answer = service.chat(messages)

        # The whole answer is known before it is streamed: its sources, tool results and copyable
        # text go out with its first piece. Sent after the last piece, they stood behind the
        # streamed text for as long as the stream took (seconds on a busy server or a long chat).
        panel: tuple[Any, ...] = (
            sources_html(answer.citations, answer.answer, composer_note(
                answer.composer, self.settings.llm_model, self.settings.llm_answer_style)),
            tool_results_html(answer.tool_calls, all_document_titles(self.settings), answer.answer),
            plain_answer(answer.answer),
        )
        chunk = max(STREAM_CHUNK_CHARS, -(-len(answer.answer) // STREAM_PIECES))
        prefixes = list(stream_prefixes(answer.answer, chunk))
        pause = self.stream_seconds / max(1, len(prefixes) - 1)  # between pieces: the first comes at once
        for number, prefix in enumerate(prefixes):
            if number and pause:
                time.sleep(pause)
            display[-1] = _display("assistant", prefix)
            yield display, conversation, *panel, box, gr.skip()
            panel = (gr.skip(), gr.skip(), gr.skip())
        history = bounded_history([*messages, ChatMessage(role="assistant", content=answer.answer)], MAX_HISTORY_TURNS)
        yield display, [m.model_dump() for m in history], gr.skip(), gr.skip(), gr.skip(), box, ""


def render_chat_tab(tab: ChatTab) -> None:
    """The chat view, the input row, example questions and the sources panel.

    A window 768 px wide or more shows the chat with the examples under it at the left and the
    sources at the right. A narrower one (a phone, a tablet held upright) stacks them, and there
    the sources come right after the chat and its buttons and the examples last: zjtx.css orders
    the three blocks by their elem_ids and decides the stacking too, at the same width (``@media
    (max-width: 767px)``), so the order never meets Gradio's own wrapping of the row. Stacked as
    written, the examples stood between an answer and its sources."""
    conversation = gr.State([])
    with gr.Row(elem_id="zjtx-chat-row"):
        with gr.Column(scale=3, elem_id="zjtx-chat-column"):
            with gr.Column(elem_id="zjtx-chat-main"):
                chatbot = gr.Chatbot(label="对话", height=None, max_height=CHAT_MAX_HEIGHT, min_height=CHAT_MIN_HEIGHT,
                                     elem_id="zjtx-chatbot", buttons=[], autoscroll=False, feedback_options=None,
                                     placeholder="请输入关于专精特新政策的问题，或点击下方示例。")
                with gr.Row():
                    # no max_length: the browser cut a longer paste to it, the rest of the user's text was lost
                    # and what was left was answered (new-user trial 27); ChatTab refuses it instead
                    question = gr.Textbox(placeholder="例如：北京证券交易所是什么时候成立的？", label="问题", show_label=False, scale=5,
                                          max_lines=QUESTION_MAX_LINES, elem_id="zjtx-question")
                    send = gr.Button("发送", variant="primary", scale=1, elem_id="zjtx-send")
                note = gr.HTML("", elem_id="zjtx-question-note")
                with gr.Row():
                    new_chat = gr.Button("新对话", size="sm", elem_id="zjtx-new-chat")
                    copy = gr.Button("复制回答", size="sm", elem_id="zjtx-copy")
                raw_answer = gr.Textbox(visible="hidden", elem_id="zjtx-raw-answer")
            with gr.Column(elem_id="zjtx-examples"):
                gr.Markdown("**示例问题**（点击即问）")
                example_buttons: list[tuple[gr.Button, str]] = []
                with gr.Row():
                    for group, questions in EXAMPLES.items():
                        with gr.Column(min_width=200):
                            gr.Markdown(group, elem_classes="zjtx-group-label")
                            for text in questions:
                                example_buttons.append((gr.Button(text, size="sm"), text))
        with gr.Column(scale=2, elem_id="zjtx-side"):
            gr.Markdown("### 来源")
            sources = gr.HTML('<div class="zjtx-empty">回答引用的政策原文会显示在这里。</div>', elem_id="zjtx-sources")
            tools = gr.HTML("", elem_id="zjtx-tools")

    outputs = [chatbot, conversation, sources, tools, raw_answer, question, note]
    inputs = [question, chatbot, conversation, sources, tools]  # the panels: held while the next answer comes
    # One event for every way of asking. A question sent while an answer streams waits in the box
    # and is asked when that answer is done (always_last: Gradio runs the event once more, reading
    # the box, the chat and the conversation then). Gradio's default ("once") dropped it, and the
    # stream emptied the box on every piece: the question was lost (new-user trial 25). The page
    # empties the box as the ask takes its question (take_question_js), so that nothing the server
    # sends later wipes the next one.
    # Gradio's progress overlay only on the chat: the sources panel shows its own 正在检索…
    # The page runs a send's listeners in order, each to its end: the note's goes first.
    gr.on([question.submit, send.click], None, [question], None, js=SHOW_WAITING_JS)
    ask = gr.on([question.submit, send.click], tab.chat, inputs, outputs, show_progress_on=chatbot,
                trigger_mode="always_last", concurrency_limit=CHAT_CONCURRENCY,
                js=take_question_js(tab.settings.max_message_chars))
    ask.failure(None, None, note, js=RESTORE_QUESTION_JS)
    ask.success(None, None, None, js=ANSWERED_JS)
    for button, text in example_buttons:
        button.click(None, None, question, js=f"() => {json.dumps(text, ensure_ascii=False)}").then(
            None, None, None, js=PRESS_SEND_JS)
    chatbot.change(None, None, None, js=SCROLL_TO_QUESTION_JS)
    note.change(None, None, None, js=SHOW_REFUSAL_JS)
    # 新对话 and the chat's clear button start over: the running answer is cancelled, or it went on
    # streaming and wrote the old chat and conversation back over the new, empty one. Starting over
    # may wait a moment for the answer to stop (ChatTab.new_conversation): pages do it side by side.
    new_chat.click(tab.new_conversation, None, outputs, cancels=[ask], concurrency_limit=CHAT_CONCURRENCY)
    chatbot.clear(tab.new_conversation, None, outputs, cancels=[ask], concurrency_limit=CHAT_CONCURRENCY)
    copy.click(None, [raw_answer], None,
               js="(text) => { if (text) { navigator.clipboard.writeText(text); } return []; }")
