"""End to end on the real corpus: known facts with the right citation, refusals, follow-ups."""

from __future__ import annotations

import pytest

from assistant.models import ChatMessage

pytestmark = pytest.mark.slow


def test_bse_founding_date_is_answered_and_cited(real_service) -> None:  # type: ignore[no-untyped-def]
    answer = real_service.ask("北京证券交易所是什么时候成立的？")
    assert not answer.refused
    assert "2021年9月3日" in answer.answer.splitlines()[0]
    assert any(c.doc_id == "iresearch-2022" and "2021年9月3日" in c.snippet for c in answer.citations)


def test_rd_requirement_for_specialised_smes_2022(real_service) -> None:  # type: ignore[no-untyped-def]
    answer = real_service.ask("按2022年暂行办法，专精特新中小企业对研发费用有什么要求？")
    assert "100万元" in answer.answer
    assert any(c.doc_id == "measures-2022-training" for c in answer.citations)


def test_2026_revenue_threshold(real_service) -> None:  # type: ignore[no-untyped-def]
    answer = real_service.ask("2026年新办法把专精特新中小企业的营收门槛提高到多少？")
    assert "1500万元" in answer.answer.splitlines()[0]
    assert answer.citations[0].doc_id == "cultivation-report-2026"


@pytest.mark.parametrize("question", ["今天北京天气怎么样？", "帮我写一首关于春天的诗", "特斯拉股价是多少？"])
def test_off_topic_questions_are_refused(real_service, question: str) -> None:  # type: ignore[no-untyped-def]
    """Refused, and told what the assistant answers (naming nothing of the domain, they are no gap
    in the documents: no "咨询当地中小企业主管部门")."""
    answer = real_service.ask(question)
    assert answer.refused and "不在本助手的范围内" in answer.answer and "主管部门" not in answer.answer


def test_an_on_topic_question_the_documents_do_not_answer_is_refused_as_not_found(real_service) -> None:  # type: ignore[no-untyped-def]
    answer = real_service.ask("专精特新企业的社保缴费基数怎么定？")
    assert answer.refused and "未找到" in answer.answer


def test_followup_in_search_route(real_service) -> None:  # type: ignore[no-untyped-def]
    history = [ChatMessage(role="user", content="太仓对国家级小巨人奖励多少？"),
               ChatMessage(role="assistant", content="50万元")]
    answer = real_service.ask("那昆山呢？", history=history)
    assert answer.route == "rewards" and "昆山市" in answer.answer
