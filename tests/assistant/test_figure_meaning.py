"""A figure read in a document, asked what it means: the sentences stating it, whitespace aside."""

from __future__ import annotations

import pytest

from assistant.answering.figure_meaning import figure_answer
from assistant.frame import read_turn
from assistant.models import ChatMessage
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from indexer.models import Chunk


def _chunk(i: int, doc: str, text: str) -> Chunk:
    return Chunk(chunk_id=f"{doc}:{i:04d}", doc_id=doc, title=f"《{doc}》", kind="report", rule_version=None,
                 section_path=[], text=text, start_line=10 * i + 1, end_line=10 * i + 3)


CHUNKS = [
    _chunk(0, "summary", "专精特新“小巨人”企业共建设一万多个国家或省级研发机构，平均每家企业1.25个。"),
    _chunk(1, "report", "深入到 1155 个行业小类，政策精准支持的特征更加凸显。"),
    _chunk(2, "report", "省级企业平均拥有11.25个专利族。"),
    _chunk(3, "summary", "全国共有1.25万家创新型中小企业。"),
]
BM25 = BM25Index(CHUNKS)


@pytest.mark.parametrize(("question", "figure"), [
    ("摘要里“1.25个”这个数说的是啥？", "1.25个"),
    ("报告里的52.3%是什么意思？", "52.3%"),
    ("促进中心摘要里那个“13000余项”指的是什么？", "13000余项"),
    ("那个45.4%这个数字是啥", "45.4%"),
    ("那个88.8%呢？是什么意思", "88.8%"),  # (my tour: the 呢 had made it off topic)
])
def test_a_figure_asked_what_it_means_is_read(question: str, figure: str) -> None:
    frame = read_turn([ChatMessage(role="user", content=question)])
    assert frame.figure == figure and frame.on_topic and frame.route == "search"


@pytest.mark.parametrize("question", ["营收5000万是什么标准", "2026年门槛是什么？", "元氏县的“6136”工作机制是什么意思？"])
def test_a_figure_in_a_rule_question_is_not_asked_what_it_means(question: str) -> None:
    assert read_turn([ChatMessage(role="user", content=question)]).figure is None


def test_the_sentence_stating_the_figure_leads_not_a_longer_or_other_number() -> None:
    answer = figure_answer("“1.25个”这个数说的是啥", "1.25个", [], BM25)
    lead = answer.answer.partition("\n")[0]
    assert not answer.refused and "研发机构" in lead and "平均每家企业1.25个" in lead
    assert "11.25" not in answer.answer and "1.25万家" not in answer.answer


def test_a_figure_written_with_spaces_is_found() -> None:
    answer = figure_answer("1155个这个数说的是啥", "1155个", [], BM25)
    assert not answer.refused and "行业小类" in answer.answer.partition("\n")[0]


def test_the_retrieved_and_named_passages_come_first() -> None:
    both = BM25Index([*CHUNKS, _chunk(4, "report", "报告统计的平均每家企业1.25个标准。")])
    hit = SearchHit(chunk=both.chunks[-1], score=1.0)
    assert "标准" in figure_answer("1.25个是什么意思", "1.25个", [hit], both).answer.partition("\n")[0]
    named = figure_answer("1.25个是什么意思", "1.25个", [hit], both, documents=("summary",))
    assert "研发机构" in named.answer.partition("\n")[0]


def test_a_figure_no_passage_states_is_said_missing_by_name() -> None:
    answer = figure_answer("99.9%是什么意思", "99.9%", [], BM25)
    assert answer.refused and "“99.9%”" in answer.answer


def test_figures_asked_together_are_each_asked() -> None:
    """Blind38: "91.67%和33.33%，分别说的是什么" was read as no figure asked."""
    frame = read_turn([ChatMessage(role="user", content="摘要里有两个比例，91.67%和33.33%，分别说的是什么？")])
    assert frame.figures == ["91.67%", "33.33%"]
    quoted = read_turn([ChatMessage(role="user", content="课件那页有个“312家”，这个数说的是什么？")])
    assert quoted.figures == ["312家"]


def test_a_lead_ends_without_the_clause_mark_it_was_cut_at() -> None:
    chunks = [_chunk(0, "summary", "超过5%的城市有33个，占比达91.67%；超过10%的城市有12个。")]
    lead = figure_answer("91.67%是什么意思", "91.67%", [], BM25Index(chunks)).answer.partition("\n")[0]
    assert "91.67%" in lead and "；[" not in lead and not lead.startswith("；")
