"""The chat keeps the newest question in view: Gradio's autoscroll (which pins the bottom of a
long answer and cuts the question off) is off, and each update of the chat scrolls its newest
question to the top instead, or its answer's start when the question is too long for both; the
window follows when that start is out of it. The browser side is checked in test_browser.py and
test_browser_layout.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ui.gradio.app import WebUI, build_blocks
from ui.gradio.chat_tab import ANSWER_PLACEHOLDER, SCROLL_TO_QUESTION_JS
from ui.state import ServiceHolder
from zjtx.settings import Settings


def _config(tmp_path: Path) -> dict[str, Any]:
    # no service: the layout and its events only
    blocks = build_blocks(WebUI.over(ServiceHolder(Settings(data_dir=tmp_path / "data"))))
    return blocks.get_config_file()


def test_the_chat_scrolls_to_the_newest_question_instead_of_the_bottom(tmp_path: Path) -> None:
    config = _config(tmp_path)
    chat = next(c for c in config["components"] if c.get("props", {}).get("elem_id") == "zjtx-chatbot")
    assert chat["props"]["autoscroll"] is False, "autoscroll would pin the bottom and cut the question off"
    scrolls = [d for d in config["dependencies"]
               if d.get("js") == SCROLL_TO_QUESTION_JS and [chat["id"], "change"] in [list(t) for t in d["targets"]]]
    assert len(scrolls) == 1, "every change of the chat runs the scroll in the browser"
    assert scrolls[0]["backend_fn"] is False, "the scroll runs in the browser only, no server round trip"


def test_the_scroll_targets_the_last_user_message_of_this_chat() -> None:
    assert "#zjtx-chatbot" in SCROLL_TO_QUESTION_JS and ".message.user" in SCROLL_TO_QUESTION_JS
    assert "questions.length - 1" in SCROLL_TO_QUESTION_JS, "the newest question, not the first"
    assert "scrollTop" in SCROLL_TO_QUESTION_JS and "scrollTo(0, wrap.scrollHeight" not in SCROLL_TO_QUESTION_JS


def test_the_scroll_finds_the_newest_answer_by_the_handlers_placeholder_not_gradios_loading_bubble() -> None:
    """The window follows once when the question appears (its answer still the placeholder) and once when
    its answer does; Gradio's own Loading bubble (.pending) came and went in between and was taken for it."""
    assert json.dumps(ANSWER_PLACEHOLDER) in SCROLL_TO_QUESTION_JS, "the placeholder ChatTab shows, not a copy"
    assert ".message.bot:not(.pending)" in SCROLL_TO_QUESTION_JS
    assert "window.scrollBy" in SCROLL_TO_QUESTION_JS and "window.zjtxTurnShown" in SCROLL_TO_QUESTION_JS
