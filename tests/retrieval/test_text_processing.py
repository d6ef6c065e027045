"""English words mixed into a Chinese question (trial 31: "What is the R&D requirement for 小巨人?")."""

from __future__ import annotations

import pytest

from assistant.retrieval.text_processing import english_terms_in_chinese


@pytest.mark.parametrize(("text", "said"), [
    ("What is the R&D requirement for 小巨人?", "是什么 the 研发 要求 for 小巨人?"),
    ("小巨人的IP要几项", "小巨人的知识产权要几项"),
    ("我们revenue 1600w", "我们营业收入 1600w"),
    ("What is the revenue threshold?", "What is the revenue threshold?"),  # no Chinese: left as it is
    ("ZIP和IPO", "ZIP和IPO"),  # whole words only
])
def test_english_words_in_a_chinese_question_are_said_in_chinese(text: str, said: str) -> None:
    assert english_terms_in_chinese(text) == said
