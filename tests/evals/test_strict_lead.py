"""The strict scorer's lead: what a user reads first, never the quoted sources under it."""

from __future__ import annotations

from evals.strict import LEAD_CHARS, lead_of


def test_a_long_first_sentence_is_the_lead() -> None:
    sentence = "按2022年办法，" + "专精特新中小企业" * 20 + "的营业收入须在1000万元以上。"
    assert lead_of(sentence + "其次是别的。") == sentence


def test_a_short_first_line_reads_on_within_its_paragraph() -> None:
    text = "结论：符合（创新型中小企业）\n（1）直通条件：有效期内的高新技术企业[1]"
    assert "高新技术企业" in lead_of(text)


def test_the_quoted_sources_under_a_blank_line_are_not_the_lead() -> None:
    text = "太仓市：50万元[1]\n\n依据：\n[1] 「吴江区对国家级小巨人奖励30万元」"
    lead = lead_of(text)
    assert "50万元" in lead and "吴江" not in lead and "30万元" not in lead
    assert len(lead) < LEAD_CHARS


def test_an_answer_body_under_a_blank_line_still_counts_but_not_its_sources() -> None:
    text = "结论：符合（专精特新中小企业）\n\n已满足：2年以上[1]\n\n来源：\n[1] 培训 L332-L332 不低于100万元"
    lead = lead_of(text)
    assert "2年以上" in lead and "100万元" not in lead
