"""The chat and the reward tables laid out in headless Chromium, on a desktop window and at phone
width (390 px), served on the real corpus index: the problems a new user reported (trial 23).

The chat grows with its answers up to a window-based height and then scrolls its messages (not
the page and the box both from the start); a table scrolled past is cut below the 对话 label, not
shown beside it as an empty header strip; on a phone a reward table scrolls sideways inside its
own box with readable columns, instead of being cut at the right edge or squeezed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui.test_browser import (  # noqa: F401 - fixtures
    ADMIN_TOKEN,
    OfflinePage,
    browser,
    server_url,
    ui_page,
    wait_for_the_answer,
)
from ui.gradio.chat_tab import EXAMPLES

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}

CHAT_BOXES = """() => {
    const chat = document.querySelector('#zjtx-chatbot');
    const wrap = chat.querySelector('.bubble-wrap');
    const label = chat.querySelector('label[data-testid="block-label"]');
    const box = e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
                                                                     right: r.right, height: r.height}; };
    return {chat: box(chat), wrap: box(wrap), label: box(label),
            chatScroll: [chat.scrollHeight, chat.clientHeight], wrapScroll: [wrap.scrollHeight, wrap.clientHeight]};
}"""


# Where the 问答 tab's blocks are: the chat, the bottom of its 新对话/复制回答 buttons, the 来源 heading,
# the sources and tool-results panels, and the first example question (found by their text and the
# ids the tab has had all along).
CHAT_TAB_BOXES = """(example) => {
    const box = e => { const r = e.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY,
                                                                     left: r.left, right: r.right}; };
    const heading = [...document.querySelectorAll('h3')].find(h => h.innerText.trim() === '来源');
    const button = [...document.querySelectorAll('button')].find(b => b.innerText.trim() === example);
    const buttons = Math.max(...['#zjtx-new-chat', '#zjtx-copy'].map(s => box(document.querySelector(s)).bottom));
    return {chat: box(document.querySelector('#zjtx-chatbot')), buttons: buttons,
            heading: box(heading), sources: box(document.querySelector('#zjtx-sources')),
            tools: box(document.querySelector('#zjtx-tools')), example: box(button)};
}"""


def _ask(page: Any, question: str, answers: int) -> str:
    page.fill("#zjtx-question textarea", question)
    page.click("#zjtx-send")
    answer = wait_for_the_answer(page, answers)
    page.wait_for_timeout(300)  # the scroll to the newest question runs after the last update is drawn
    return answer


def test_a_table_scrolled_past_is_cut_below_the_chat_label_not_shown_beside_it(ui_page: OfflinePage) -> None:  # noqa: F811
    """Gradio's 对话 label floated over the top of the scrolling messages: the bottom of a table row
    scrolled past showed beside it as an empty strip of cells that seemed stuck there."""
    page = ui_page.open()
    page.set_viewport_size({"width": 1366, "height": 900})  # the trial's window
    _ask(page, "常熟对国家级小巨人奖励多少？", 1)
    _ask(page, "那张家港呢？", 2)
    # the first answer's table ends 24 px below the top of the scrolling area, as in the trial
    page.evaluate("""() => {
        const wrap = document.querySelector('#zjtx-chatbot .bubble-wrap');
        const table = document.querySelector('#zjtx-chatbot .bot table');
        wrap.scrollTop += table.getBoundingClientRect().bottom - wrap.getBoundingClientRect().top - 24;
    }""")
    page.wait_for_timeout(200)
    boxes = page.evaluate(CHAT_BOXES)
    label, wrap = boxes["label"], boxes["wrap"]
    assert label["bottom"] <= wrap["top"] + 1, (
        f"the messages should scroll below the 对话 label, not under it: label ends at {label['bottom']}, "
        f"the scrolling area starts at {wrap['top']}")
    beside = page.evaluate("""([x, y]) => { const e = document.elementFromPoint(x, y);
        return e && e.closest('#zjtx-chatbot .message') ? e.tagName : null; }""",
                           [label["right"] + 60, (label["top"] + label["bottom"]) / 2])
    assert beside is None, f"a message's {beside} shows beside the 对话 label, where it reads as a stuck table header"
    ui_page.screenshot("ui-chat-table-scrolled-past.png")


def test_the_chat_grows_with_its_answers_and_only_then_scrolls_them(ui_page: OfflinePage) -> None:  # noqa: F811
    """The chat had a fixed height: a one-line answer sat in a large empty box and a long one
    scrolled inside the box while the page scrolled too."""
    page = ui_page.open()
    page.set_viewport_size({"width": 1280, "height": 800})
    empty = page.evaluate(CHAT_BOXES)["chat"]["height"]
    assert empty <= 300, f"an empty chat needs no more than its placeholder's room, it is {empty} px"

    _ask(page, "北交所是哪天注册成立的？", 1)
    short = page.evaluate(CHAT_BOXES)
    content, shown = short["wrapScroll"]
    assert content <= shown + 1, f"a short chat shows whole, without scrolling: {short['wrapScroll']}"
    below = page.evaluate("""() => { const rows = document.querySelectorAll('#zjtx-chatbot .message-row');
        return document.querySelector('#zjtx-chatbot').getBoundingClientRect().bottom
            - rows[rows.length - 1].getBoundingClientRect().bottom; }""")
    assert below <= 60, f"the box ends with its messages, not {below:.0f} px of empty room below the answer"

    _ask(page, "我们干这行5年了，去年营收1300万，研发投了120万，按新办法能评专精特新中小企业吗？", 2)
    long = page.evaluate(CHAT_BOXES)
    assert long["wrapScroll"][0] > long["wrapScroll"][1] + 100, f"a long chat scrolls its messages: {long}"
    assert long["chatScroll"][0] <= long["chatScroll"][1] + 1, (
        f"the messages scroll, not the whole box with its 对话 label and clear button: {long}")
    assert long["chat"]["height"] > short["chat"]["height"] + 100, f"the box grew with the chat: {short} → {long}"
    new_chat = page.locator("#zjtx-new-chat").bounding_box()
    assert new_chat and new_chat["y"] + new_chat["height"] <= 800 and page.evaluate("window.scrollY") == 0, (
        f"at 1280×800 the grown box leaves the question box and 新对话 in the window: {new_chat}")
    ui_page.screenshot("ui-chat-grown.png")


def test_on_a_phone_a_reward_table_in_the_chat_scrolls_in_its_bubble_with_short_rows(ui_page: OfflinePage) -> None:  # noqa: F811
    page = ui_page.open()
    page.set_viewport_size(PHONE)
    _ask(page, "苏州各区对小巨人的奖励", 1)
    layout = page.evaluate("""() => {
        const table = [...document.querySelectorAll('#zjtx-chatbot .bot table')].pop();
        const content = table.closest('.message-content');
        const lines = cell => { const range = document.createRange(); range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
        const column = n => [...table.querySelectorAll(`tbody td:nth-child(${n})`)];
        const style = getComputedStyle(table);
        return {right: table.getBoundingClientRect().right, contentRight: content.getBoundingClientRect().right,
                scroll: [table.scrollWidth, table.clientWidth], overflow: style.overflowX, hint: style.backgroundImage,
                long: [...column(4), ...column(5)].map(lines), page: [document.documentElement.scrollWidth, innerWidth]};
    }""")
    width, shown = layout["scroll"]
    assert width > shown and layout["overflow"] in ("auto", "scroll") and layout["right"] <= layout["contentRight"] + 1, (
        f"the six columns scroll sideways inside the bubble: {layout}")
    assert layout["page"][0] <= layout["page"][1], f"the page itself never scrolls sideways: {layout['page']}"
    assert "gradient" in layout["hint"], "a shadow at the table's edge says more columns are out of view"
    assert max(layout["long"]) <= 3, (
        "the 条件 and 参考政策 texts out of view must not make the rows many lines tall (and the visible "
        f"cells mostly empty): lines per cell {layout['long']}")
    page.evaluate("() => [...document.querySelectorAll('#zjtx-chatbot .bot table')].pop().scrollIntoView()")
    ui_page.screenshot("ui-chat-reward-table-phone.png")


# A Gradio table's columns as shown, the boxes inside it that scroll sideways, its right edge and the page's widths
DATAFRAME_LAYOUT = """(selector) => {
    const block = document.querySelector(selector);
    const columns = [...block.querySelectorAll('thead th')].filter(c => c.offsetParent);
    const sideways = [...block.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 2
        && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
    return {columns: columns.map(c => [c.innerText.trim(), Math.round(c.getBoundingClientRect().width)]),
            sideways: sideways.length, right: block.getBoundingClientRect().right,
            page: [document.documentElement.scrollWidth, innerWidth]};
}"""


def test_on_a_phone_the_rewards_tab_keeps_readable_columns_and_scrolls_sideways(ui_page: OfflinePage) -> None:  # noqa: F811
    page = ui_page.open("奖励查询")
    page.set_viewport_size(PHONE)
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.trim() !== ''")
    page.wait_for_timeout(500)  # the columns are sized again once the box has its phone width
    layout = page.evaluate(DATAFRAME_LAYOUT, "#zjtx-rewards-table")
    assert len(layout["columns"]) == 8 and all(width >= 44 for _, width in layout["columns"]), (
        f"each column keeps room for a few characters a line, not one: {layout['columns']}")
    assert layout["sideways"] >= 1 and layout["right"] <= PHONE["width"], (
        f"the wide table scrolls sideways inside its own box: {layout}")
    assert layout["page"][0] <= layout["page"][1], f"the page itself never scrolls sideways: {layout['page']}"
    ui_page.screenshot("ui-rewards-phone.png")


def test_on_a_phone_the_sources_follow_the_chat_and_the_examples_come_last(ui_page: OfflinePage) -> None:  # noqa: F811
    """A phone stacks the 问答 tab: the sources of an answer came only after all the example
    questions (new-user trial 24), so a user who asked had to scroll past six example buttons to
    see them. A desktop keeps the sources beside the chat and the examples under the chat."""
    first_example = next(iter(EXAMPLES.values()))[0]
    page = ui_page.open()
    page.set_viewport_size({"width": 1400, "height": 1000})
    desktop = page.evaluate(CHAT_TAB_BOXES, first_example)
    chat, example, sources = desktop["chat"], desktop["example"], desktop["sources"]
    assert sources["left"] >= chat["right"], f"on a desktop the sources stand right of the chat: {desktop}"
    assert desktop["heading"]["top"] <= chat["top"] + 20, f"on a desktop 来源 starts level with the chat: {desktop}"
    assert example["top"] >= desktop["buttons"] and chat["left"] <= example["left"] < chat["right"], (
        f"on a desktop the examples stand under the chat and its buttons, in its column: {desktop}")

    page.set_viewport_size(PHONE)
    _ask(page, "专精特新中小企业的研发费用要求是什么？", 1)
    phone = page.evaluate(CHAT_TAB_BOXES, first_example)
    heading, buttons, example = phone["heading"], phone["buttons"], phone["example"]
    assert heading["top"] < example["top"] and phone["sources"]["bottom"] <= example["top"], (
        f"on a phone the 来源 heading and the cited passages come before the first example question "
        f"(来源 at {heading['top']:.0f} px, passages end at {phone['sources']['bottom']:.0f} px, "
        f"first example at {example['top']:.0f} px)")
    assert phone["sources"]["bottom"] <= phone["tools"]["top"] and phone["tools"]["bottom"] <= example["top"], (
        f"on a phone the tool results stay under the sources, also before the examples: {phone}")
    assert buttons <= heading["top"] <= buttons + 40, (
        f"on a phone 来源 follows right after the 新对话/复制回答 buttons: {phone}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page never scrolls sideways"
    ui_page.screenshot("ui-chat-sources-phone.png")


def test_whenever_the_chat_tab_is_stacked_the_sources_come_before_the_examples(ui_page: OfflinePage) -> None:  # noqa: F811
    """Gradio stacks the two columns below 768 px, but the phone order applied at 640 px and less only:
    at 700 px (an upright tablet) the six example buttons still stood between an answer and its
    sources (new-user trial 25). From 768 px the columns stand side by side as on a desktop."""
    first_example = next(iter(EXAMPLES.values()))[0]
    page = ui_page.open()
    page.set_viewport_size({"width": 700, "height": 1000})
    _ask(page, "专精特新中小企业的研发费用要求是什么？", 1)
    for width in (641, 700, 767, 768, 1024):
        page.set_viewport_size({"width": width, "height": 1000})
        page.wait_for_timeout(200)
        boxes = page.evaluate(CHAT_TAB_BOXES, first_example)
        chat, heading, sources, example = boxes["chat"], boxes["heading"], boxes["sources"], boxes["example"]
        if width < 768:
            assert sources["left"] < chat["right"], f"at {width} px the tab is stacked: {boxes}"
            assert boxes["buttons"] <= heading["top"] <= boxes["buttons"] + 40 and boxes["tools"]["bottom"] <= example["top"], (
                f"stacked at {width} px, 来源 and the cited passages follow the chat's buttons and come before the "
                f"first example question (来源 at {heading['top']:.0f} px, first example at {example['top']:.0f} px)")
        else:
            assert sources["left"] >= chat["right"] and heading["top"] <= chat["top"] + 20, (
                f"at {width} px the sources stand right of the chat, level with it: {boxes}")
            assert example["top"] >= boxes["buttons"] and chat["left"] <= example["left"] < chat["right"], (
                f"at {width} px the examples stand under the chat and its buttons, in its column: {boxes}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"no sideways scroll at {width} px"
        if width in (700, 768):
            ui_page.screenshot(f"ui-chat-sources-{width}.png")



# Each cell of the self-check's criteria table: its text, the width of its widest line, its font size,
# the label shown before it, and how the table is laid out
CRITERIA_CELLS = """() => {
    const table = document.querySelector('#zjtx-eligibility-result table.zjtx-criteria');
    const cells = [...table.querySelectorAll('tbody td')].map(cell => {
        const range = document.createRange(); range.selectNodeContents(cell);
        const widest = Math.max(0, ...[...range.getClientRects()].map(r => r.width));
        return {text: cell.innerText.trim(), widest: Math.round(widest), font: parseFloat(getComputedStyle(cell).fontSize),
                label: getComputedStyle(cell, '::before').content};
    });
    return {cells: cells, display: getComputedStyle(table).display,
            header: getComputedStyle(table.querySelector('thead th')).height,
            page: [document.documentElement.scrollWidth, innerWidth]};
}"""


def test_on_a_phone_the_knowledge_tables_and_the_self_check_result_stay_readable(ui_page: OfflinePage) -> None:  # noqa: F811
    """At 390 px the 知识库 tab's document table wrapped its file names one character a line and the 资格自测
    result squeezed six columns to a word a line, its sources a character a line (new-user trial 26)."""
    page = ui_page.open("知识库")
    page.set_viewport_size(PHONE)
    page.wait_for_function("document.querySelector('#zjtx-documents').innerText.includes('000_')")
    page.fill("#zjtx-admin-token input", ADMIN_TOKEN)  # the review table shows once the token is typed
    page.wait_for_selector("#zjtx-review-table", state="visible")
    page.wait_for_timeout(500)  # the columns are sized again once the box has its phone width
    for table in ("#zjtx-documents", "#zjtx-library", "#zjtx-review-table"):
        layout = page.evaluate(DATAFRAME_LAYOUT, table)
        assert len(layout["columns"]) >= 7 and all(width >= 44 for _, width in layout["columns"]), (
            f"each column of {table} keeps room for a few characters a line, not one: {layout['columns']}")
        assert layout["sideways"] >= 1 and layout["right"] <= PHONE["width"], (
            f"{table} scrolls sideways inside its own box: {layout}")
        assert layout["page"][0] <= layout["page"][1], f"the page itself never scrolls sideways: {layout['page']}"
    page.locator("#zjtx-documents").scroll_into_view_if_needed()
    ui_page.screenshot("ui-knowledge-phone.png")

    page.get_by_role("tab", name="资格自测").click()
    for field, value in (("revenue_last_year", "1300"), ("rd_expense_last_year", "50"), ("years_in_niche", "4")):
        page.locator(f"#profile-{field}").get_by_role("textbox").fill(value)
    page.click("#zjtx-check")
    page.wait_for_selector("#zjtx-eligibility-result table")
    result = page.evaluate(CRITERIA_CELLS)
    long_cells = [cell for cell in result["cells"] if len(cell["text"]) > 10]
    assert len(long_cells) >= 10, f"the criteria have long requirements and sources: {result['cells'][:6]}"
    squeezed = [(cell["text"][:12], cell["widest"]) for cell in long_cells if cell["widest"] < 8 * cell["font"]]
    assert not squeezed, f"every long cell gets at least eight characters a line, these fewer (text, px): {squeezed}"
    assert all(cell["label"].strip('"') for cell in result["cells"]), (
        f"each value is labelled with its column's name: {[cell['label'] for cell in result['cells'][:6]]}")
    assert result["page"][0] <= result["page"][1], f"the page never scrolls sideways: {result['page']}"
    page.locator("#zjtx-eligibility-result").scroll_into_view_if_needed()
    ui_page.screenshot("ui-eligibility-phone.png")

    page.set_viewport_size({"width": 1400, "height": 1000})
    desktop = page.evaluate(CRITERIA_CELLS)
    assert desktop["display"] == "table" and desktop["header"] != "1px" and all(
        cell["label"] in ("none", "normal") for cell in desktop["cells"]), (
        f"a desktop keeps the table with its header row: {desktop['display']}, {desktop['cells'][:2]}")


# Where the first line of the newest answer is: in the chat's scrolling area and in the window?
NEWEST_ANSWER_START = """() => {
    const wrap = document.querySelector('#zjtx-chatbot .bubble-wrap').getBoundingClientRect();
    const answers = document.querySelectorAll('#zjtx-chatbot .message.bot');
    const content = answers[answers.length - 1].querySelector('.message-content');
    const walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT);
    let text = walker.nextNode();
    while (text && !text.textContent.trim()) { text = walker.nextNode(); }
    const range = document.createRange();
    range.selectNodeContents(text);
    const line = range.getClientRects()[0];  // the answer's first line of text
    return {line: [line.top, line.bottom], chat: [wrap.top, wrap.bottom], window: [0, innerHeight],
            text: content.innerText.trim().slice(0, 12)};
}"""


def _answer_start_shown(page: Any) -> str | None:
    """None when the newest answer's first line is in view, in the chat and in the window; else where it is."""
    where = page.evaluate(NEWEST_ANSWER_START)
    (top, bottom), (chat_top, chat_bottom) = where["line"], where["chat"]
    if max(chat_top - 1, 0) <= top and bottom <= min(chat_bottom + 1, where["window"][1]):
        return None
    return (f"its first line ({where['text']}…) is at {top:.0f}-{bottom:.0f} px, the chat shows {chat_top:.0f}-"
            f"{chat_bottom:.0f} px of a {where['window'][1]} px window")


@pytest.mark.parametrize("window", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_a_new_answer_shows_its_first_line_however_it_was_asked(ui_page: OfflinePage, window: dict[str, int]) -> None:  # noqa: F811
    """An eligibility answer is many lines long and its first line is the conclusion. New-user trial 27: an
    example question clicked under the chat (the page scrolled down to it) left the window on the middle
    of the answer (desktop) or on the sources (phone); a long question filled the phone's chat, its answer
    below it. Each new answer must open on its first line, in the chat and in the window."""
    page = ui_page.open()
    page.set_viewport_size(window)
    misses: dict[str, str] = {}

    _ask(page, "我们干这行5年了，去年营收1300万，研发投了120万，按新办法能评专精特新中小企业吗？", 1)
    if (miss := _answer_start_shown(page)) is not None:
        misses["a typed question"] = miss

    example = next(iter(EXAMPLES.values()))[0]  # 我们营收1200万、研发80万，细分市场3年，能评专精特新吗？
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")  # down to the examples
    page.get_by_role("button", name=example).click()
    wait_for_the_answer(page, 2)
    page.wait_for_timeout(300)
    if (miss := _answer_start_shown(page)) is not None:
        misses["an example clicked under the chat"] = miss
    ui_page.screenshot(f"ui-chat-answer-start-example-{window['width']}.png")

    _ask(page, "我们公司是做精密零部件的，" + "主要给汽车和医疗器械厂配套，" * 30 + "按2026年新办法能评专精特新中小企业吗？", 3)
    if (miss := _answer_start_shown(page)) is not None:
        misses["a long question"] = miss
    ui_page.screenshot(f"ui-chat-answer-start-long-question-{window['width']}.png")
    assert not misses, f"each new answer opens on its first line, in the chat and in the window: {misses}"


QUESTION_BOX = """() => {
    const box = document.querySelector('#zjtx-question textarea'), style = getComputedStyle(box);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const bottom = s => document.querySelector(s).getBoundingClientRect().bottom;
    return {lines: (box.clientHeight - padding) / parseFloat(style.lineHeight), scroll: [box.scrollHeight, box.clientHeight],
            overflow: style.overflowY, chatTop: document.querySelector('#zjtx-chatbot').getBoundingClientRect().top,
            bottom: Math.max(bottom('#zjtx-question textarea'), bottom('#zjtx-send')), window: innerHeight, scrollY: scrollY};
}"""


@pytest.mark.parametrize("window", [{"width": 1280, "height": 800}, PHONE], ids=["desktop", "phone"])
def test_a_long_paste_keeps_the_question_box_a_few_lines_tall_and_scrolls_in_it(
    ui_page: OfflinePage, window: dict[str, int],  # noqa: F811
) -> None:
    """A long paste grew the box to twenty lines (412 px): at 1280×800 its end was below the window, on a
    390×844 phone 发送 was, and reaching them scrolled the chat away. The box stops at a few lines and
    scrolls inside itself; all of the text stays in it."""
    page = ui_page.open()
    page.set_viewport_size(window)
    before = page.evaluate(QUESTION_BOX)
    text = "我们公司是做精密零部件的，主要给汽车和医疗器械厂配套，情况比较复杂。\n" * 40 + "能评专精特新中小企业吗？"
    page.fill("#zjtx-question textarea", text)
    page.wait_for_timeout(300)  # Gradio sizes the box on the next frame
    pasted = page.evaluate(QUESTION_BOX)
    assert 5 <= pasted["lines"] <= 8, f"the box shows five to eight lines of a long paste, not {pasted['lines']:.1f}"
    assert pasted["scroll"][0] > pasted["scroll"][1] and pasted["overflow"] in ("auto", "scroll"), (
        f"the rest of the paste scrolls inside the box: {pasted}")
    assert pasted["bottom"] <= window["height"] and pasted["scrollY"] == 0 and pasted["chatTop"] == before["chatTop"], (
        f"the box and 发送 stay in the {window['width']}×{window['height']} window under the chat, unmoved: {pasted}")
    page.eval_on_selector("#zjtx-question textarea", "box => { box.scrollTop = box.scrollHeight; }")
    assert page.eval_on_selector("#zjtx-question textarea", "box => box.scrollTop") > 0, "the box scrolls to its end"
    assert page.input_value("#zjtx-question textarea") == text, "all of the paste stays in the box"
    ui_page.screenshot(f"ui-chat-long-paste-{window['width']}.png")
