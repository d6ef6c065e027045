"""English words mixed into a Chinese question (trial 31: "What is the R&D requirement for 小巨人?")."""

from __future__ import annotations

import pytest

from assistant.retrieval.text_processing import (
    dialect_in_mandarin,
    english_terms_in_chinese,
    keywords,
    normalize_query,
)


@pytest.mark.parametrize(("text", "said"), [
    ("What is the R&D requirement for 小巨人?", "是什么 the 研发要求 for 小巨人?"),
    ("小巨人的IP要几项", "小巨人的知识产权要几项"),
    ("我们revenue 1600w", "我们营业收入 1600w"),
    ("What is the revenue threshold?", "What is the revenue threshold?"),  # no Chinese: left as it is
    ("ZIP和IPO", "ZIP和IPO"),  # whole words only
    ("首发前股份的 lock-up 期是多久", "首发前股份的锁定期是多久"),
    # the spaces setting an English word apart go with it (blind28: "R&D 占比大概24%" read no ratio)
    ("我们公司 R&D 占比大概24%", "我们公司研发占比大概24%"),
    # a place in pinyin is the place (blind26: Sichuan这边…认定奖补 listed every region)
    ("Sichuan这边国家级小巨人奖补多少", "四川这边国家级小巨人奖补多少"),
    ("Shaanxi和Shanxi哪个多", "陕西和山西哪个多"),
    # the tiers, levels and what is asked of them (blind28: a question in English naming 瞪羚企业 was refused)
    ("what percentage of national-level little giants hold the 瞪羚企业 title",
     "占比多少 of 国家级小巨人持有 the 瞪羚企业称号"),
    ("Under the 2022 rules, what market share does a 小巨人 need?", "Under the 2022 办法, what 市场占有率 does a 小巨人需要?"),
])
def test_english_words_in_a_chinese_question_are_said_in_chinese(text: str, said: str) -> None:
    assert english_terms_in_chinese(text) == said


@pytest.mark.parametrize(("question", "words"), [
    # 比 compares: jieba's 比有 held no passage and sank the question's support (blind19 dev)
    ("新办法的基础层跟以前比有什么变化？", ["基础", "变化"]),
    ("跟老办法比有啥不同", ["老办法", "不同"]),
    ("研发费用占比有多少", ["研发费用", "占比"]),  # 占比 is a word of its own
])
def test_a_comparison_is_cut_at_its_bi(question: str, words: list[str]) -> None:
    assert keywords(question) == words


@pytest.mark.parametrize(("text", "said"), [
    ("研发占比≥25%的企业中", "研发占比25%以上的企业中"),
    ("研发占比<15%的企业", "研发占比低于15%的企业"),
    ("得分≤ 60分", "得分60分以下"),
    ("P75 (前25%)", "P75 (前25%)"),
])
def test_a_bound_written_as_a_sign_is_said_in_words(text: str, said: str) -> None:
    """Users write "25%以上" where the report prints "≥25%": both read alike."""
    assert normalize_query(text) == said


@pytest.mark.parametrize(("text", "expected"), [
    ("营收得800万，冇融资，得唔得？", "营收得800万，没有融资，行不行？"),
    ("冇直通条件，做咗4年", "没有直通条件，做了4年"),
    ("我哋公司营收2000万", "我们公司营收2000万"),
    ("研发占比够唔够？", "研发占比够不够？"),
    ("没有融资", "没有融资"),
])
def test_cantonese_words_are_read_in_mandarin(text: str, expected: str) -> None:
    assert dialect_in_mandarin(text) == expected


def test_a_cantonese_question_gets_the_same_frame_as_its_mandarin_twin() -> None:
    from assistant.frame import read_turn
    from assistant.models import ChatMessage

    def frame(text: str):  # type: ignore[no-untyped-def]
        return read_turn([ChatMessage(role="user", content=text)])

    canto = frame("2022规则专精特新中小企业，营收3000万，评价得分58分，冇直通条件，得唔得？")
    mandarin = frame("2022规则专精特新中小企业，营收3000万，评价得分58分，没有直通条件，行不行？")
    assert canto.route == mandarin.route == "eligibility"
    assert canto.profile == mandarin.profile
    assert canto.profile.get("direct_route") is False


def test_english_function_words_are_no_topic() -> None:
    """Left over from a mixed question ("…of 国家级 小巨人 持有 the 瞪羚企业…"), they held no passage and sank its support."""
    from assistant.retrieval.text_processing import keywords

    assert keywords("占比多少 of 国家级 小巨人 持有 the 瞪羚企业 称号, and what about 省级 ones?") == [
        "占比", "国家级", "小巨人", "持有", "瞪羚", "称号", "省级"]
    assert "ipo" in keywords("小巨人的IPO情况")  # a term in Latin letters still counts


def test_what_a_word_means_is_asked_of_that_word_alone() -> None:
    """Trial 43: "专精特新是什么意思？" was refused while "专精特新是啥意思" was answered: 意思 held no passage."""
    from assistant.retrieval.text_processing import keywords

    assert keywords("专精特新是什么意思？") == ["专精特新"]
