"""The 来源 panel while a question is being answered, in headless Chromium on the real corpus index.

The assistant here takes ``THINKING_S`` before each answer, as a busy server or a model does: time to
look at the page between a question sent and its first piece.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from evals.server_process import answers_200, serve_app_in_thread
from tests.ui.test_browser import OfflinePage, browser, ui_page, wait_for_the_answer  # noqa: F401 - fixtures
from ui.app import create_web_app
from zjtx.settings import Settings

pytestmark = pytest.mark.slow

BOX = "#zjtx-question textarea"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
THINKING_S = 1.5

# the page's height and the 来源 column's (its heading, sources and tool results), and what it says
SIDE = """() => ({page: document.documentElement.scrollHeight,
                  side: document.querySelector('#zjtx-side').getBoundingClientRect().height,
                  text: document.querySelector('#zjtx-side').innerText})"""


class ThinkingService:
    """The real assistant, taking THINKING_S over each answer."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def chat(self, messages: list[Any]) -> Any:
        time.sleep(THINKING_S)
        return self.service.chat(messages)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)


@pytest.fixture(scope="module")
def server_url(real_settings: Settings, real_service: Any) -> Iterator[str]:
    app = create_web_app(real_settings, service=ThinkingService(real_service))  # type: ignore[arg-type]
    with serve_app_in_thread(app, answers_200("/healthz"), timeout_s=60) as url:
        yield url


@pytest.mark.parametrize("window", VIEWPORTS)
def test_the_sources_column_keeps_its_height_while_the_next_question_is_answered(
    ui_page: OfflinePage, window: str,  # noqa: F811
) -> None:
    """The panel shrank to the one line 正在检索… from a question's sending to its answer, and the page
    grew back when the answer came: the page jumped twice a turn (on a phone, where the sources follow
    the chat, everything under the chat moved). It keeps its height; what it shows is 正在检索…, not the
    previous answer's sources beside the new question."""
    page = ui_page.open()
    page.set_viewport_size(VIEWPORTS[window])
    page.fill(BOX, "我们干这行5年了，去年营收1300万，研发投了120万，按新办法能评专精特新中小企业吗？")
    page.click("#zjtx-send")
    wait_for_the_answer(page, 1)
    page.wait_for_timeout(300)
    before = page.evaluate(SIDE)
    assert "[1]" in before["text"] and before["side"] > 300, f"the first answer's sources fill the column: {before}"
    # every height the column and the page take from here until the next answer's sources are in
    page.evaluate("""() => {
        window.zjtxHeights = [];
        new MutationObserver(() => window.zjtxHeights.push({
            page: document.documentElement.scrollHeight,
            side: document.querySelector('#zjtx-side').getBoundingClientRect().height,
        })).observe(document.querySelector('#zjtx-side'), {subtree: true, childList: true, characterData: true});
    }""")

    page.fill(BOX, "北交所是哪天注册成立的？")
    page.click("#zjtx-send")
    page.wait_for_function("document.querySelector('#zjtx-side').innerText.includes('正在检索…')")
    page.wait_for_timeout(THINKING_S * 1000 / 3)
    during = page.evaluate(SIDE)
    ui_page.screenshot(f"ui-chat-sources-while-answering-{window}.png")
    assert during["side"] >= before["side"] - 1 and during["page"] >= before["page"] - 1, (
        f"while the answer is prepared the 来源 column stays {before['side']:.0f} px tall and the page "
        f"{before['page']} px, not {during['side']:.0f} px and {during['page']} px")
    assert "正在检索…" in during["text"] and "[1]" not in during["text"] and "资格" not in during["text"], (
        f"the column says 正在检索… and shows nothing of the previous answer: {during['text'][:120]!r}")
    wait_for_the_answer(page, 2)
    assert "2021年9月3日" in page.inner_text("#zjtx-sources"), "the new answer's sources replace the placeholder"
    lowest = min(page.evaluate("window.zjtxHeights"), key=lambda h: h["side"])
    assert lowest["side"] >= min(before["side"], page.evaluate(SIDE)["side"]) - 1, (
        f"the column never shrank below both answers' heights in between: {lowest}")
