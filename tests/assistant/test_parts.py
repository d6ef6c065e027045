"""A message asking several questions: split at its question marks, answered part by part,
joined into one lead with the later parts' citations renumbered."""

from __future__ import annotations

import pytest

from assistant.models import Answer, ChatMessage, Citation
from assistant.parts import answer_in_parts, join_answers, split_parts


@pytest.mark.parametrize(("text", "parts"), [
    ("新办法改成什么了？小巨人的分数线又是多少？", ["新办法改成什么了？", "小巨人的分数线又是多少？"]),
    ("小巨人营收要多少？", ["小巨人营收要多少？"]),
    ("营收条件满足吗？是吗？", ["营收条件满足吗？是吗？"]),  # a too-short part stays with the one before
    ("没有问号的一句话", ["没有问号的一句话"]),
    # a last clause that asks nothing says what the question before is about
    ("广州的企业在车辆限行上有什么照顾？就是“开四停四”那个。", ["广州的企业在车辆限行上有什么照顾？就是“开四停四”那个。"]),
    ("昆山奖多少？省级的呢", ["昆山奖多少？", "省级的呢"]),
    ("一问多少？二问多少？三问多少？四问多少？", ["一问多少？二问多少？三问多少？四问多少？"]),  # too many: read whole
])
def test_split_parts(text: str, parts: list[str]) -> None:
    assert split_parts(text) == parts


def _cite(n: int) -> Citation:
    return Citation(doc_id=f"d{n}", title="t", locator=f"L{n}-L{n}", snippet="s")


def test_join_answers_leads_with_every_part_and_renumbers_citations() -> None:
    first = Answer(answer="营收要求1500万元[1]。\n\n来源：\n[1] 文档一", citations=[_cite(1)])
    second = Answer(answer="小巨人要求5000万元[1][2]。\n\n来源：\n[1] 文档二\n[2] 文档三",
                    citations=[_cite(2), _cite(3)], refused=False)
    joined = join_answers([first, second])
    lead = joined.answer.splitlines()[0]
    assert lead == "（1）营收要求1500万元[1]；（2）小巨人要求5000万元[2][3]。"
    assert "[2] 文档二" in joined.answer and "[3] 文档三" in joined.answer
    assert [c.doc_id for c in joined.citations] == ["d1", "d2", "d3"]


def test_a_part_whose_clauses_an_earlier_part_states_is_not_said_again() -> None:
    first = Answer(answer="北京：到2025年发展国家级500家，市级“小巨人”1000家，市级“专精特新”企业5000家[1]\n\n依据：\n[1] 文档一",
                   citations=[_cite(1)])
    again = Answer(answer="北京：市级“小巨人”1000家，市级“专精特新”企业5000家[1]\n\n依据：\n[1] 文档一", citations=[_cite(1)])
    other = Answer(answer="北京：市级“小巨人”1200家[1]\n\n依据：\n[1] 文档一", citations=[_cite(1)])
    assert not join_answers([first, again]).answer.startswith("（1）")
    assert join_answers([first, other]).answer.startswith("（1）")


def test_a_part_ending_in_a_full_stop_before_its_marker_does_not_end_the_joined_lead() -> None:
    """"…代为管理。[1]" then the 科创板 part: the joined lead is one sentence, both values in it."""
    first = Answer(answer="北交所：自上市之日起12个月内不得转让。[1]\n\n依据：\n[1] 文档一", citations=[_cite(1)])
    second = Answer(answer="科创板：自上市之日起36个月内[1]\n\n依据：\n[1] 文档二", citations=[_cite(2)])
    lead = join_answers([first, second]).answer.splitlines()[0]
    assert lead == "（1）北交所：自上市之日起12个月内不得转让[1]；（2）科创板：自上市之日起36个月内[2]。", lead


def test_parts_answered_alike_are_said_once() -> None:
    """"小巨人呢？新办法营收要到多少？": both parts resolve to the same rule; its lead is not repeated."""
    same = Answer(answer="小巨人的营业收入要求：5000万元以上[1]。\n\n来源：\n[1] 文档一", citations=[_cite(1)])
    other = Answer(answer="小巨人的研发要求：1200万元[1]。\n\n来源：\n[1] 文档二", citations=[_cite(2)])
    lead = join_answers([same, same.model_copy(), other]).answer.splitlines()[0]
    assert lead == "（1）小巨人的营业收入要求：5000万元以上[1]；（2）小巨人的研发要求：1200万元[2]。", lead


def test_a_body_line_a_part_leads_with_is_not_said_again() -> None:
    """New-user trial 39: "2026年…年限要求是几年？比原来多了吗？" led with the comparison and the 2026 row,
    then the comparison's body said the 2026 row again."""
    compared = Answer(answer="由2年以上提高到不少于3年[1][2]。\n\n按2026年，要求：具备不少于3年细分市场经营经验[1]。\n"
                             "对照2022年：从事特定细分市场时间达到2年以上[2]。\n\n来源：\n[1] 文档一\n[2] 文档二",
                      citations=[_cite(1), _cite(2)])
    row = Answer(answer="按2026年，要求：具备不少于3年细分市场经营经验[1]。\n\n来源：\n[1] 文档一", citations=[_cite(1)])
    answer = join_answers([compared, row]).answer
    assert answer.count("具备不少于3年细分市场经营经验") == 1, answer
    assert "对照2022年：从事特定细分市场时间达到2年以上[2]" in answer, answer


def test_a_part_answered_alike_without_the_version_preamble_is_said_once() -> None:
    """"新规下小巨人研发费用要几多？R&D有咩要求": the second part's lead is the first's without the
    version it named (new-user trial 36 read the whole rule twice)."""
    first = Answer(answer="按2026年修订办法，小巨人的研发投入：近两年合计不低于1200万元[1]。\n\n来源：\n[1] 文档一",
                   citations=[_cite(1)])
    second = Answer(answer="小巨人的研发投入：近两年合计不低于1200万元[1]。\n\n来源：\n[1] 文档一", citations=[_cite(1)])
    lead = join_answers([first, second]).answer.splitlines()[0]
    assert lead == "按2026年修订办法，小巨人的研发投入：近两年合计不低于1200万元[1]。", lead


def test_each_part_sees_the_earlier_parts_and_a_whole_message_is_kept_when_not_splittable() -> None:
    seen: list[list[str]] = []

    def answer_turn(messages: list[ChatMessage]) -> Answer:
        seen.append([m.content for m in messages if m.role == "user"])
        return Answer(answer=f"答{len(seen)}")

    history = [ChatMessage(role="user", content="前一问？"), ChatMessage(role="assistant", content="前答")]
    asked = [*history, ChatMessage(role="user", content="甲是多少？乙又是多少？")]
    joined = answer_in_parts(asked, answer_turn, splittable=lambda _: "parts")
    assert seen == [["前一问？", "甲是多少？"], ["前一问？", "甲是多少？", "乙又是多少？"]]
    assert joined.answer.startswith("（1）答1；（2）答2")
    seen.clear()
    assert answer_in_parts(asked, answer_turn, splittable=lambda _: "whole").answer == "答1"


@pytest.mark.parametrize(("first", "second", "joined_lead"), [
    # the later part states a value the whole answer lacks: it joins the lead
    ("全年营收3.7万亿元[1]。", "利润总额超3800亿元[1]。", "（1）全年营收3.7万亿元[1]；（2）利润总额超3800亿元[2]。"),
    # its value is already in the whole answer's lead: the whole answer stands
    ("全年营收3.7万亿元[1]。", "全年营收3.7万亿元[1]。", "全年营收3.7万亿元[1]。"),
    # a part that finds nothing does not add a refusal to a right answer
    ("全年营收3.7万亿元[1]。", None, "全年营收3.7万亿元[1]。"),
    # the first part asked alone states what the whole reading missed: it joins too
    ("营收3.7万亿元[1]，同比增长超30%[1]。", None, "（1）全年营收3.7万亿元[1]；（2）营收3.7万亿元[2]，同比增长超30%[2]。"),
])
def test_a_first_question_is_read_whole_and_its_parts_only_add_values(first: str, second: str | None,
                                                                      joined_lead: str) -> None:
    seen: list[list[str]] = []

    def answer_turn(messages: list[ChatMessage]) -> Answer:
        seen.append([m.content for m in messages])
        if len(seen) == 1:
            return Answer(answer="全年营收3.7万亿元[1]。\n\n依据：……", citations=[_cite(1)])
        if len(seen) == 2:
            return Answer(answer=first + "\n\n依据：……", citations=[_cite(2)])
        if second is None:
            return Answer(answer="知识库中未找到相关依据。", refused=True)
        return Answer(answer=second + "\n\n依据：……", citations=[_cite(3)])

    asked = [ChatMessage(role="user", content="2021年营收是多少？利润总额又有多少？")]
    answer = answer_in_parts(asked, answer_turn, splittable=lambda _: "supplement")
    # the whole message first; then the first part alone; then the later part after it
    whole, part_one, part_two = seen
    assert whole == ["2021年营收是多少？利润总额又有多少？"]
    assert part_one == ["2021年营收是多少？"]
    assert part_two[0] == "2021年营收是多少？" and part_two[2] == "利润总额又有多少？"
    assert part_two[1].startswith(first.split("[")[0])
    assert answer.answer.splitlines()[0] == joined_lead
    assert not answer.refused



def test_a_later_part_asks_about_the_honour_the_first_part_names() -> None:
    """"单项冠军…干满多少年？产品市场占有率要排到什么位置？": the second question is about 单项冠军
    too, which no criteria row covers; a part naming its own tier keeps it."""
    seen: list[str] = []

    def answer_turn(messages: list[ChatMessage]) -> Answer:
        seen.append(messages[-1].content)
        return Answer(answer="答。")

    for second, asked in (("产品市场占有率要排到什么位置？", "单项冠军产品市场占有率要排到什么位置？"),
                          ("小巨人的市场占有率呢？", "小巨人的市场占有率呢？")):
        seen.clear()
        answer_in_parts([ChatMessage(role="user", content="单项冠军企业申报，要在相关领域干满多少年？" + second)],
                        answer_turn, splittable=lambda _: "parts")
        assert seen == ["单项冠军企业申报，要在相关领域干满多少年？", asked]


@pytest.mark.parametrize(("route", "refused"), [("search", False), ("refusal", True)])
def test_a_part_answered_after_a_whole_not_found_is_no_refusal(route: str, refused: bool) -> None:
    """Read whole, "the knowledge base lacks the value"; asked alone, a part is answered: each part
    says its own, in the order asked (the one found, then the one missing), and it is not a refusal
    (鲁邦通 成立于2010年 had been led by the whole's 未找到). A message refused outright stays refused, the
    whole's refusal first."""
    replies = iter([
        Answer(answer="知识库中未找到所问的具体期限。\n\n最接近的相关内容：……", refused=True, route=route),
        Answer(answer="从事相关领域10年及以上[1]。\n\n依据：……", citations=[_cite(1)]),
        Answer(answer="知识库中未找到相关依据。", refused=True, route="refusal"),
    ])
    asked = [ChatMessage(role="user", content="单项冠军要干满多少年？市场占有率要排到什么位置？")]
    answer = answer_in_parts(asked, lambda _: next(replies), splittable=lambda _: "supplement")
    if refused:
        assert answer.answer.startswith("（1）知识库中未找到所问的具体期限；（2）从事相关领域10年及以上")
    else:
        assert answer.answer.startswith("（1）从事相关领域10年及以上[1]；（2）知识库中未找到相关依据")
    assert answer.refused is refused


def test_a_passage_two_parts_cite_is_listed_once() -> None:
    """The whole message and a part both quote the 398家 sentence: one evidence line, one number,
    one "依据：" header."""
    whole = Answer(answer="北交所于2021年9月3日注册成立[1]。\n\n依据：\n[1] 「北交所…」\n[2] 「398家…」",
                   citations=[_cite(1), _cite(2)])
    part = Answer(answer="共398家小巨人在A股上市[1]。\n\n依据：\n[1] 「398家…」", citations=[_cite(2)])
    joined = join_answers([whole, part])
    assert joined.answer.splitlines()[0] == "（1）北交所于2021年9月3日注册成立[1]；（2）共398家小巨人在A股上市[2]。"
    assert joined.answer.count("依据：") == 1 and joined.answer.count("「398家…」") == 1
    assert [c.doc_id for c in joined.citations] == ["d1", "d2"]


def test_a_header_left_empty_by_listed_sources_is_dropped() -> None:
    """A later part whose only source an earlier part lists leaves no bare "来源：" at the end."""
    whole = Answer(answer="有效期三年[1]。\n\n说明：按2022年回答。\n\n来源：\n[1] 《d1》 L1-L1", citations=[_cite(1)])
    part = Answer(answer="有效期三年[1]，每年更新。\n\n来源：\n[1] 《d1》 L1-L1", citations=[_cite(1)])
    joined = join_answers([whole, part])
    assert not joined.answer.rstrip().endswith("来源："), joined.answer
    assert joined.answer.count("来源：") == 1


def test_a_pair_asked_first_is_two_parts_and_a_refused_difference_after_it_is_left_out() -> None:
    """Blind27: "山东和浙江的国家级占比分别多少？大概差多少" led with 浙江's share alone; now each place's, and
    "大概差多少" on its own (refused: it names nothing) does not add a refusal to the lead."""
    asked: list[str] = []

    def answer_turn(messages: list[ChatMessage]) -> Answer:
        question = messages[-1].content
        asked.append(question)
        if "差" in question:
            return Answer(answer="这个问题不在本助手的范围内。", refused=True)
        return Answer(answer=("山东省：7.10%" if "山东" in question else "浙江省：15.43%") + "[1]",
                      citations=[_cite(len(asked))])

    message = [ChatMessage(role="user", content="山东和浙江的国家级占比分别多少？大概差多少")]
    lead = answer_in_parts(message, answer_turn, splittable=lambda _: "parts").answer.splitlines()[0]
    assert lead == "（1）山东省：7.10%[1]；（2）浙江省：15.43%[2]。", lead
    assert len(asked) == 3 and "山东" in asked[0] and "浙江" in asked[1]


def test_a_change_asked_of_nothing_named_is_told_from_a_part_with_its_own_subject() -> None:
    from assistant.parts import asks_a_change_of_nothing

    assert asks_a_change_of_nothing("比以前提高了多少？")
    assert not asks_a_change_of_nothing("会不会派人到厂里实地看？")  # no change asked: it may add a value
    assert not asks_a_change_of_nothing("小巨人的营收门槛比以前提高了多少？")  # names its own subject


@pytest.mark.parametrize(("second_question", "joined"), [
    # a part asking a reason adds its words, though its sentence repeats the first part's figure
    ("为啥说它是弯道超车的赛道？", True),
    # a part asking a value adds nothing when its figure is the one already stated
    ("它的差距率又占多大比例？", False),
])
def test_a_part_asking_no_value_adds_its_words_though_it_repeats_a_figure(second_question: str,
                                                                      joined: bool) -> None:
    answers = iter([
        Answer(answer="数字化能力差距最小（50%）[1]。\n\n依据：……", citations=[_cite(1)]),
        Answer(answer="数字化能力差距最小（50%）[1]。\n\n依据：……", citations=[_cite(1)]),
        Answer(answer="数字化能力差距最小（50%），是最具潜力的“弯道超车”赛道[1]。\n\n依据：……", citations=[_cite(1)]),
    ])
    asked = [ChatMessage(role="user", content=f"数字化能力差距率多少？{second_question}")]
    lead = answer_in_parts(asked, lambda _: next(answers), splittable=lambda _: "supplement").answer.splitlines()[0]
    assert ("弯道超车" in lead) is joined
