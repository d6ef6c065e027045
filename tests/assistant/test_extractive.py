"""Extractive answers from hand-made hits: lead with the fact, cite, refuse when unsupported."""

from __future__ import annotations

import pytest

from assistant.answering.extractive import compose_extractive_answer
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from indexer.models import Chunk


def _chunk(i: int, text: str, doc: str = "iresearch-2022", version: str | None = "2022") -> Chunk:
    return Chunk(chunk_id=f"{doc}:{i:04d}", doc_id=doc, title="《测试文档》", kind="report", rule_version=version,
                 section_path=["1.1小节"], text=text, start_line=10 * i + 1, end_line=10 * i + 3)


CHUNKS = [
    _chunk(0, "截至2022年7月，共398家小巨人企业在A股上市。北交所于2021年9月3日注册成立，由于成立时间较晚，目前仅有17家企业上市。"),
    _chunk(1, "上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。"),
    _chunk(2, "在培育专精特新中小企业层级方面，新《办法》显著提高了认定门槛：营收门槛从旧版的1000万元提升至1500万元（或融资2000万元以上）；", doc="cultivation-report-2026", version="2026"),
]
BM25 = BM25Index(CHUNKS)


def _hits(*positions: int) -> list[SearchHit]:
    return [SearchHit(chunk=CHUNKS[p], score=1.0 / (r + 1)) for r, p in enumerate(positions)]


def test_date_question_leads_with_the_date_and_cites_the_source() -> None:
    answer = compose_extractive_answer("北京证券交易所什么时候成立的？", _hits(0, 1), BM25, min_support=0.5)
    first_line = answer.answer.splitlines()[0]
    assert "2021年9月3日" in first_line and first_line.endswith("[1]")
    assert "398家" not in first_line  # the other clause of the sentence is not the lead
    assert answer.citations[0].doc_id == "iresearch-2022"
    assert answer.citations[0].locator == "L1-L3"
    assert not answer.refused


def test_threshold_answer_states_the_rule_version() -> None:
    answer = compose_extractive_answer("2026年新办法营收门槛提高到多少？", _hits(2, 1), BM25, min_support=0.5)
    assert "1500万元" in answer.answer.splitlines()[0]
    assert "2026年修订" in answer.answer


def test_every_number_in_the_answer_comes_from_a_cited_snippet() -> None:
    import re

    answer = compose_extractive_answer("专精特新研发费用要求多少？", _hits(1, 0), BM25, min_support=0.5)
    quoted = "".join(c.snippet for c in answer.citations)
    body = re.sub(r"\[\d+\]|（L\d+-L\d+）|\d{4}年修订|2022年《", "", answer.answer)
    for number in re.findall(r"\d+(?:\.\d+)?", body):
        assert number in quoted, f"{number} not in cited passages"


def test_off_topic_question_is_refused_even_with_hits() -> None:
    answer = compose_extractive_answer("今天北京天气怎么样？", _hits(0, 1, 2), BM25, min_support=0.5)
    assert answer.refused and "未找到" in answer.answer and not answer.citations


def test_no_hits_is_a_refusal() -> None:
    assert compose_extractive_answer("小巨人奖励多少？", [], BM25, min_support=0.5).refused


def test_a_comparison_prefers_the_sentence_stating_the_change_and_the_threshold() -> None:
    """Both sentences state a threshold; only one states how it changed, and it ranks first
    even when retrieval put the other first."""
    row = _chunk(3, "专精特新中小企业门槛提升：上年度营收不低于1500万元，近两年研发费用均不低于100万元。",
                 doc="cultivation-report-2026", version="2026")
    bm25 = BM25Index([*CHUNKS, row])
    hits = [SearchHit(chunk=row, score=1.0), SearchHit(chunk=CHUNKS[2], score=0.5)]
    answer = compose_extractive_answer("专精特新中小企业的营收门槛，新旧版本有什么不同？", hits, bm25, min_support=0.3)
    assert "1000万元" in answer.answer.splitlines()[0] and "1500万元" in answer.answer.splitlines()[0]


# --- the asked tier, and the word naming the kind of answer ("哪个部门") -------------------

TIER_CHUNKS = [
    _chunk(10, "公示通过后，由省级中小企业主管部门认定为专精特新中小企业。"),
    _chunk(11, "公示通过后，由工业和信息化部认定为专精特新“小巨人”企业。"),
]
TIER_BM25 = BM25Index(TIER_CHUNKS + CHUNKS)


def _tier_hits() -> list[SearchHit]:
    return [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(TIER_CHUNKS)]


def test_the_sentence_naming_the_asked_tier_leads() -> None:
    """A follow-up ("最后由哪个部门认定？" after a 小巨人 question) carries its tier in the
    frame, not in its words: both sentences match equally, the one about another tier ranks
    first, and the little giant's must lead."""
    from assistant.answering.sentences import AskedTiers
    from assistant.eligibility.tiers import LITTLE_GIANT

    asked = AskedTiers((LITTLE_GIANT,))
    question = "公示通过后最后由哪个部门认定？"
    answer = compose_extractive_answer(question, _tier_hits(), TIER_BM25, min_support=0.2, asked=asked)
    assert "工业和信息化部" in answer.answer.splitlines()[0]
    unasked = compose_extractive_answer(question, _tier_hits(), TIER_BM25, min_support=0.2)
    assert "省级中小企业主管部门" in unasked.answer.splitlines()[0]  # what the tier term changes


def test_the_kind_of_answer_asked_counts_little_in_coverage() -> None:
    from assistant.answering.sentences import question_weights

    weights = question_weights("小巨人由哪个部门认定？", TIER_BM25)
    plain = question_weights("小巨人的认定部门", TIER_BM25)
    assert weights["部门"] < plain["部门"] and weights["认定"] == plain["认定"]


def test_a_sentence_naming_no_tier_is_neither_preferred_nor_penalised() -> None:
    from assistant.answering.sentences import AskedTiers
    from assistant.eligibility.tiers import INNOVATIVE, LITTLE_GIANT

    asked = AskedTiers((LITTLE_GIANT,))
    assert asked.fit("北交所于2021年9月3日注册成立") == 0
    assert asked.fit("由工业和信息化部认定为专精特新“小巨人”企业") == 1
    assert asked.fit("创新型中小企业由省级主管部门公告") == -1
    assert AskedTiers().fit("创新型中小企业由省级主管部门公告") == 0
    assert AskedTiers((INNOVATIVE,)).fit("创新型中小企业由省级主管部门公告") == 1


def test_a_latin_term_counts_whatever_its_case() -> None:
    """Question words are lower-cased tokens ("pe"); a passage writing "PE" states them."""
    from assistant.answering.coverage import coverage, presence

    assert presence("pe", "成长性是 PE 投资的核心标准") == 1.0
    assert coverage("截至2022年7月，共398家企业在A股上市", {"a股": 1.0, "上市": 1.0}) == 1.0


def test_an_item_number_is_no_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """"（1）私募基金…" holds no figure: a question asking a standard (核心标准) gets no number bonus for it."""
    from assistant.answering import sentences
    from assistant.answering.sentences import _RANK_PRIOR, score_sentences

    monkeypatch.setattr(sentences, "BIGRAM_BONUS", 0.0)  # the score is its support and rank alone

    chunks = [_chunk(0, "（1）私募基金对专精特新企业发展的支持", doc="finance-support-2022"),
              _chunk(1, "成长性是PE投资专精特新企业的核心标准。", doc="finance-support-2022")]
    hits = [SearchHit(chunk=c, score=1.0) for c in chunks]
    heading = next(s for s in score_sentences("PE机构投专精特新企业最看重的核心标准是啥？", hits, BM25Index(chunks))
                   if s.text.startswith("（1）"))
    assert heading.score == pytest.approx(heading.support + _RANK_PRIOR / heading.hit_rank)  # no figure bonus


@pytest.mark.parametrize(("first", "picked"), [
    # a heading's span wins on the words of the sentence it takes in: that sentence answers
    ("（1）私募基金的支持", "成长性是PE投资的核心标准。"),
    # a span starting with a full sentence is no heading's: it stands
    ("私募基金的支持。", None),
])
def test_a_headings_span_gives_way_to_the_sentence_that_answers(first: str, picked: str | None) -> None:
    from assistant.answering.sentences import score_sentences

    text = f"{first}\n私募股权融资是以股权作为融资方式的融资。\n成长性是PE投资的核心标准。"
    chunks = [_chunk(0, text, doc="finance-support-2022")]
    scored = score_sentences("PE机构投专精特新企业，最看重的核心标准是啥？", [SearchHit(chunk=chunks[0], score=1.0)],
                             BM25Index(chunks))
    if picked:
        assert scored[0].text == picked
    else:
        assert scored[0].text.startswith(first)


def test_a_lead_that_is_the_quoted_sentence_is_not_quoted_again() -> None:
    """The evidence line of a lead that is its source sentence names the source, without the
    sentence a second time; the citation still carries it for the sources panel."""
    answer = compose_extractive_answer("研发费用总额有什么要求？", _hits(1, 0), BM25, min_support=0.5)
    lines = answer.answer.splitlines()
    assert lines[0].startswith("上年度研发费用总额不低于100万元")
    evidence = lines[lines.index("依据：") + 1]
    assert evidence.startswith("[1] 《测试文档》") and "不低于100万元" not in evidence, evidence
    assert "不低于100万元" in answer.citations[0].snippet


def test_the_label_asked_is_the_rarer_word_and_may_be_quoted() -> None:
    """"北交所讲的“两个关系”分别指什么": a sentence opening with 北京证券交易所 and one opening with
    “两个关系” both state every word; the one headed by the rarer word, quoted or not, is the label asked."""
    from assistant.answering.sentences import _label_weight

    weights = {"两个关系": 7.0, "北交所": 3.5}
    assert _label_weight("“两个关系”：一是…", weights) == 1.0
    assert _label_weight("北京证券交易所定位及作用可以用一个定位、两个关系来概括", weights) == 0.5
    assert _label_weight("定位及作用", weights) == 0.0


def test_a_question_asking_the_items_gets_every_counted_item() -> None:
    chunk = _chunk(9, "北交所定位及作用可以用一个定位、两个关系来概括。“两个关系”：一是北交所与沪深交易所坚持错位发展与互联互通。"
                      "二是北交所与新三板坚持统筹协调与制度联动。")
    answer = compose_extractive_answer("北交所讲的“两个关系”分别指什么？", [SearchHit(chunk=chunk, score=1.0)],
                                       BM25Index([chunk]), min_support=0.2)
    lead = answer.answer.splitlines()[0]
    assert "错位发展与互联互通" in lead and "统筹协调与制度联动" in lead


OWN_ASK_CHUNKS = [
    _chunk(50, "从持有率和价值贡献度两个维度对荣誉资质进行矩阵分析：企业技术中心持有率仅为25.8%，价值贡献92分。", version="2026"),
    _chunk(51, "企业技术中心是高价值（92分）与低持有率（25.8%）的典型代表，也是省级企业冲击国家级的核心短板。", version="2026"),
]
OWN_ASK_BM25 = BM25Index(OWN_ASK_CHUNKS)


@pytest.mark.parametrize(("said", "leads_with"), [
    # the turn as said asks a reason: its own words pick the sentence, which leads whole
    ("为什么说它是省级企业的核心短板？", "核心短板"),
    # no turn of its own: the completed question's figure leads, as before
    (None, "25.8%"),
])
def test_a_completed_turn_asking_a_reason_of_its_own_is_answered_by_its_own_words(said: str | None,
                                                                                 leads_with: str) -> None:
    question = "企业技术中心在荣誉资质矩阵里持有率多少；为什么说它是省级企业的核心短板？"
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(OWN_ASK_CHUNKS)]
    answer = compose_extractive_answer(question, hits, OWN_ASK_BM25, min_support=0.2, said=said)
    lead = answer.answer.splitlines()[0]
    assert leads_with in lead
    if said:
        assert lead.startswith("企业技术中心是高价值")


def test_of_sentences_stating_the_same_words_the_one_saying_more_of_the_question_wins() -> None:
    """The question's character pairs break a tie of words: "企业融资方式" said whole, not only "融资方式"."""
    from assistant.answering.sentences import score_sentences

    chunk = _chunk(60, "私募股权融资是一种融资方式，由投融资双方形成投资关系。"
                       "私募股权融资已成为企业融资方式中仅次于银行贷款的方式。", version=None)
    bm25 = BM25Index([chunk, *CHUNKS])
    scored = score_sentences("私募股权融资在企业融资方式里是什么地位", [SearchHit(chunk=chunk, score=1.0)], bm25)
    assert scored[0].text.startswith("私募股权融资已成为企业融资方式")
