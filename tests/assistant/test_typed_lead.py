"""Questions that ask for a value: the lead is the sentence stating it for the asked subject,
or an explicit "not in the knowledge base" with the nearest passage labelled as such."""

from __future__ import annotations

import pytest

from assistant.answering.extractive import compose_extractive_answer, enumerated_span
from assistant.answering.typed_lead import (
    QuestionTerms,
    answer_type,
    asked_types,
    names_only_places,
    row_as_sentence,
    typed_candidates,
)
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from evals.strict import lead_of
from indexer.models import Chunk


def _chunk(i: int, text: str, table: bool = False) -> Chunk:
    return Chunk(chunk_id=f"doc:{i:04d}", doc_id="cultivation-report-2026", title="《测试报告》", kind="report",
                 rule_version=None, section_path=["2.1小节"], text=text, start_line=10 * i + 1,
                 end_line=10 * i + 3, is_table=table)


CHUNKS = [
    _chunk(0, "三大城市群对比显示，长三角在总量规模与国家级占比上均居首位。从国家级“小巨人”占比看，长三角以13.22%居首，"
              "珠三角（11.59%）次之，京津冀（10.31%）相对较低。"),
    _chunk(1, "区域分布上呈现“东密西疏”格局，长三角、珠三角、京津冀三大城市群集中了全国45.4%的企业。"),
    _chunk(2, "自2019年培育工作开展以来，专精特新“小巨人”企业认定数量累计8997家，其中，第一批复核通过155家，"
              "第二批认定通过1584家，第三批认定通过2930家，第四批认定通过4328家。"),
    _chunk(3, "北京到2025年发展国家级500家。\n培育一万家国家专精特新“小巨人”企业，到2025年实现目标。"),
    _chunk(4, "江苏省\n省级专精特新“小巨人”企业1998家，国家级专精特新“小巨人”企业285家。"),
    _chunk(5, "荣誉类型：企业技术中心 | 国家级持有率：63.28% | 省级持有率：20.32% | 差距倍数：3.1x", table=True),
    _chunk(6, "而且在北交所上市的专精特新“小巨人”企业有17家，占A股上市小巨人的4%。"),
    _chunk(8, "而且银行可以拓展业务和增加收入，主要融资模式有供应链应收账款融资、供应链应付账款融资和供应链存货融资。"
              "当权利人遭受损失时，保险公司赔偿，对侵权人和权利人而言，都是双赢的结果。"),
    _chunk(7, "在国家级专精特新“小巨人”企业中，70%以上的深耕主业10年以上。全国专精特新企业总数达16.7万家，"
              "其中国家级专精特新“小巨人”企业占比10.57%（约1.7万家）。"),
    _chunk(9, "全国专精特新企业TOP10省份集中了86.3%的企业。江苏省以14.42%的占比位居首位，广东省（13.52%）、"
              "山东省（11.49%）紧随其后。"),
    _chunk(13, "北交所正式开市，北交所设立的三个目标之一即为培育一批专精特新企业。还有17家专精特新企业是在北京证券交易所上市。"),
    _chunk(12, "从参保人数看，国家级企业中位数为173人，省级企业为45人，前者约为后者的3.8倍。"),
    _chunk(11, "创业板\n上市公司控股股东减持本公司首发前股份的，自公司股票上市之日起36个月内，不得转让。\n北交所\n"
               "上市公司控股股东、实际控制人及其亲属持有的本公司公开发行前的股份，自公开发行并上市之日起12个月内不得转让。"),
    _chunk(10, "从企业总量看，北京（6.79%）、上海（6.19%）、深圳（5.40%）四市合计占全国20.22%，构成第一梯队。"),
    _chunk(14, "【省市 | 发展目标】宁夏：到2025年发展国家级50家，省市级1000家", table=True),
    _chunk(15, "维度：创新规模 | 核心指标：高校科研院所合作专利量 | 单位：件 | 国家专精特新“小巨人”企业：4.98 | "
               "国家单项冠军企业：12.81", table=True),
    _chunk(16, "【省市 | 发展目标】甘肃：到2025年发展国家级100+家，省市级400+家", table=True),
    _chunk(17, "上海：上市计划产生费用按比例补助50%，不超过300万元。"),
]
BM25 = BM25Index(CHUNKS)


def _hits(*positions: int) -> list[SearchHit]:
    return [SearchHit(chunk=CHUNKS[p], score=1.0 / (r + 1)) for r, p in enumerate(positions)]


def _lead(question: str, *positions: int) -> str:
    answer = compose_extractive_answer(question, _hits(*positions), BM25, min_support=0.2)
    assert not answer.refused, answer.answer
    return answer.answer.splitlines()[0]


@pytest.mark.parametrize(("question", "kinds"), [
    ("长三角一共有多少家专精特新企业？", ["count"]),
    ("三大城市群集中了全国多少比例的企业？", ["percent"]),
    ("北交所是哪天成立的？", ["day"]),
    ("北交所是哪一年成立的？", ["date"]),
    ("数据造假的企业多久不能再申报？", ["duration"]),
    ("单项冠军和小巨人的专利总量差几倍", ["multiple"]),
    ("新办法对研发投入是怎么要求的？", []),
    ("是不是从重数量变成重质量了？", []),  # a yes/no question about 数量 asks no count
    # a superlative asks who ranks first; a maximum, a first time or a first batch does not
    ("哪个省专精特新企业最多？", ["rank"]),
    ("国家级小巨人占比最高的是哪个省", ["percent", "rank"]),
    ("新办法把哪类企业第一次纳进来了？", []),
    ("第一批通过了多少家？", ["count"]),
    ("最高奖励多少钱？", ["amount"]),
    ("专属贷款年利率是多少？", ["percent"]),
    ("参保人数中位数是多少人？", ["count"]),
    # a measure asked with no unit: any figure (trial 37: "常州的专利总量中位数" was untyped)
    ("常州的专利总量中位数是多少？", ["number"]),
    ("创业板在资本市场里算几板？", []),  # 资本市场 is no amount; 注册资本 is
    ("注册资本要多少？", ["amount"]),
    ("2026年申报截止日期是哪天？", ["day"]),
    ("小巨人里头有融资需求的占多少？", ["percent"]),  # 占多少 asks a share
    ("小巨人企业里有多少在用阿里云？", ["count", "percent"]),  # "有多少在用": how many, or what share
    # a share named as the topic, companies counted: no share asked (blind35); a share asked beside it is
    ("培育报告算研发占比均值、P50这些标杆，用的是多少家企业的样本？", ["count"]),
    ("江苏有多少家小巨人，占全国比例是多少", ["count", "percent"]),
    ("专精特新这个说法是谁最先提出的？", ["person"]),  # a rate is a percentage: stated as one or missing
    ("小巨人企业全年利润总额是多少？", ["amount"]),  # a money measure asked with 是多少
    ("研发投入资金一共多少？", ["amount"]),
    # a money measure with 有多少 asks an amount; with a counted unit it asks a count
    ("截至2021年底，小巨人企业一年营收加起来有多少？", ["amount"]),
    ("营收超亿元的有多少家？", ["count"]),
    ("国家级小巨人企业参保人数中位数是多少？", ["count"]),  # a number of people
    # "第一个…是哪个" asks which one came first, not a rank
    ("第一个专门针对专精特新企业的政策文件是哪个？", []),
    # "哪几个", "哪些" ask which ones, a list, not how many
    ("苏州培育专精特新是围绕哪几个产业集群展开的？", ["list"]),
    ("梯度培育主要面向哪些企业？", ["list"]),
    ("第四批有几家？", ["count"]),
    ("截至2026年2月底，全国专精特新企业总数是多少？", ["count"]),  # a total is a count
    # a share of the revenue asked ("占到总营收的多少"): not an amount of revenue
    ("小巨人的出口收入占到营业收入的多少？", ["percent"]),
    # the body that takes a step ("哪一级部门", "由谁")
    ("单项冠军最后由哪一级部门公布？", ["organization"]),
    ("创新型中小企业由谁来评价？", ["organization"]),
    # "是谁来公告的" asks the body that takes the step, not a person
    ("创新型中小企业最后是谁来公告的？", ["organization"]),
    ("专精特新是谁最先提出的？", ["person"]),
    ("申报专精特新要交钱吗？", ["fee"]),
    ("公示期一般是多少天？", ["duration"]),
    # which batch is asked by 第几批: a batch, not a rank
    ("某精密公司是第几批国家级小巨人？", ["batch"]),
    ("营收要多少才够？", ["amount"]),
    # a rate or a weight asked ("成功率各是多少", "权重分别是多少"): a share
    ("电子核心产业跟基础制造的国家级认定成功率各是多少？", ["percent"]),
    ("五维科创力模型里资本实力的权重是多少？", ["percent"]),
    # a notice's phone asked (trial 47): a contact, not a reward amount
    ("高新区专精特新奖励申报的联系电话是多少？", ["contact"]),
    # "这几年一路升级": a span said, not asked (blind37: read as a duration, the reward question went elsewhere)
    ("这几年一路升级，三次奖励分别多少？", []),
    ("有效期是几年？", ["duration"]),
    # a physical quantity asked by its unit (blind36)
    ("年产能多少吨？", ["measure"]),
    # a share of the whole asked without 的 (blind37)
    ("中等强度档的企业占全部样本多少？", ["percent"]),
    # "这几项" points back at what was asked, it asks no count (blind37)
    ("光有这几项就行吗，还有啥附加要求？", []),
    # a kind named by its share ("高占比型") asks no share (blind36)
    ("报告把行业中类分成双高型、高占比型、高基数型，其中高基数型是拿哪个行业举例的？", []),
    ("高占比型的国家级占比是多少？", ["percent"]),
    # a figure guessed for confirmation asks that figure's kind (blind39); an article or a date guesses none
    ("综合得分提升超过5%的城市是不是只有12个？", ["count"]),
    ("第二批小巨人比第一批增长了85%，是这个数吗？", ["percent"]),
    ("是不是把产业链配套能力也当成一个新的考察维度了？", []),
    ("青海的专精特新目标应该也是到2025年吧？", []),
])
def test_answer_types_read_from_the_question(question: str, kinds: list[str]) -> None:
    assert [t.name for t in asked_types(question)] == kinds


@pytest.mark.parametrize(("question", "positions", "expected", "absent"), [
    # the share of all three city clusters, not the trailing clause of another sentence
    ("长三角、珠三角、京津冀三大城市群一共集中了全国多少比例的企业？", (0, 1), ["45.4%"], ["11.59%"]),
    # the batch the question names, from the middle of a long enumeration
    ("第三批小巨人认定通过了多少家？", (2,), ["2930家"], []),
    # no place asked: the national target, not Beijing's
    ("到2025年要培育多少家国家级专精特新小巨人？", (3,), ["一万家"], ["500家"]),
    # a place heading on its own line names what the figures below it belong to
    ("江苏国家级小巨人有多少家？省级呢", (4,), ["江苏", "285家", "1998家"], []),
    # a table row is led whole: both shares and what they are
    ("企业技术中心持有率国家级和省级各是多少？", (5,), ["63.28%", "20.32%"], []),
    # one column asked: the row's label and that column's cell, not the column beside it
    ("省级企业的企业技术中心持有率是多少？", (5,), ["企业技术中心", "省级持有率20.32%"], ["63.28%"]),
    # the sentence that names the asked quantity (占比) next to its value
    ("国家级小巨人在全部专精特新企业里占比多少", (8,), ["10.57%"], ["70%"]),
    # an enumeration is led whole, from its subject; commas between clauses are not a list
    ("供应链金融主要有哪些融资模式？", (7,), ["应收账款融资", "应付账款融资", "存货融资"], ["双赢"]),
    # "哪个省最多": the sentence naming the province that ranks first, not the national share
    ("哪个省专精特新企业最多，占比多少？", (9,), ["江苏省", "14.42%"], ["86.3%"]),
    # "哪个省": the sentence naming a province, not the one about cities ranked 第一梯队
    ("全国专精特新企业数量最多的是哪个省？占多少？", (13, 9), ["江苏省", "14.42%"], ["北京"]),
    # "哪个…占比最高" asks a share and a rank: the sentence with both leads, not the one with the rank alone
    ("三大城市群里哪个的国家级小巨人占比最高？", (0,), ["长三角", "13.22%"], []),
    # "分别是多少人": a count of people, and both values (the lead runs on to the second)
    ("国家级和省级企业的参保人数中位数分别是多少人？", (11,), ["173人", "45人"], []),
    # "多少家": a count of 家 answers, not "三个目标"
    ("北交所开市时有多少家专精特新企业上市？", (10,), ["17家"], ["三个"]),
    # a label alone on a line ("北交所") says which board the rule below it is for, and stays in the lead
    ("在北交所上市的话，控股股东的股份锁定期是多久？", (12,), ["北交所：", "12个月"], ["36个月"]),
    # a row of the place asked is led whole, without its columns' header
    ("宁夏到2025年国家级要培育多少家？", (14,), ["宁夏：", "50家", "1000家"], ["【"]),
    # a unit column's unit goes with each figure of the row ("单位：件" → 12.81件)
    ("高校科研院所合作专利量，单项冠军平均多少件？", (15,), ["12.81件"], ["单位"]),
    # no value type asked ("目标是多少"): a short row still leads whole, by its label
    ("甘肃到2025年的目标是多少？", (16,), ["甘肃：", "100+家", "400+家"], ["【"]),
    # a support rate is no share of companies, unless a subsidy is asked
    ("上海的专精特新企业占全国比例是多少？", (17, 13), ["6.19%"], ["50%"]),
    ("上海上市费用按多少比例补助？", (17, 13), ["50%"], []),
])
def test_lead_states_the_value_for_the_asked_subject(
    question: str, positions: tuple[int, ...], expected: list[str], absent: list[str]
) -> None:
    lead = _lead(question, *positions)
    for value in expected:
        assert value in lead, lead
    for value in absent:
        assert value not in lead, lead


def test_lead_drops_a_dangling_connective() -> None:
    lead = _lead("在北交所上市的小巨人有多少家？", 6)
    assert lead.startswith("在北交所上市") and "17家" in lead


@pytest.mark.parametrize("question", [
    "第五批小巨人名单一共多少家？",  # no passage names the fifth batch
    "北交所上市对市值的具体门槛是多少亿？",  # figures near, none for this subject
    "申报小巨人要交钱吗？",  # no passage states a fee
])
def test_value_the_passages_do_not_state_is_reported_missing(question: str) -> None:
    answer = compose_extractive_answer(question, _hits(2, 6), BM25, min_support=0.0)
    first = answer.answer.splitlines()[0]
    assert answer.refused and "知识库中未找到" in first
    assert "仅供参考" in answer.answer and answer.citations  # the nearest passage, labelled and cited
    assert not any(ch.isdigit() for ch in first)  # the missing value is not replaced by a neighbour's


def test_comparison_of_versions_is_not_cut_to_a_value() -> None:
    hits = _hits(1)
    typed = compose_extractive_answer("三大城市群集中了全国多少比例的企业？", hits, BM25, min_support=0.1)
    plain = compose_extractive_answer("三大城市群集中了全国多少比例的企业？", hits, BM25, min_support=0.1, typed=False)
    assert "45.4%" in lead_of(typed.answer) and "45.4%" in plain.answer


def test_a_thousands_comma_does_not_end_a_clause() -> None:
    from assistant.answering.typed_lead import _CLAUSE_END

    assert _CLAUSE_END.split("专精特新企业24,142家(全国第1) | 国家级2,951家,占比12%") == [
        "专精特新企业24,142家(全国第1) | 国家级2,951家,", "占比12%"]


def test_a_day_is_not_answered_by_a_year_alone() -> None:
    """"截止日期是哪天": a sentence giving only a year ("2022年度…申报指南") states no day."""
    from assistant.answering.typed_lead import asked_types

    day = asked_types("截止日期是哪天？")[0]
    assert day.value.search("4月30日前更新") and not day.value.search("《2022年度苏州市相城区…申报指南》")


def _lead_over(question: str, *texts: str) -> str:
    """The first line answering ``question`` from passages of its own (retrieved in this order)."""
    chunks = [_chunk(i, text) for i, text in enumerate(texts)]
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(chunks)]
    return compose_extractive_answer(question, hits, BM25Index(chunks), min_support=0.2).answer.splitlines()[0]


_FALLS = ("从增速回落幅度看，国家级企业从2023年的8.14%降至2024年的4.21%，降幅3.93%；省级企业从5.30%降至0.31%，"
          "降幅4.99%，国家级企业抗风险能力显著更强。")


@pytest.mark.parametrize(("level", "value", "other"), [("省级", "4.99%", "3.93%"), ("国家级", "3.93%", "4.99%")])
def test_the_level_asked_is_answered_by_its_clause_after_a_semicolon(level: str, value: str, other: str) -> None:
    """blind37: 省级's fall, stated after ； in the sentence whose words before it say what falls, had been
    led by 国家级's (naming only the level not asked), then refused as stating too little of the question."""
    lead = _lead_over(f"2023到2024年营收增速往下掉，{level}的降幅是多少？", _FALLS,
                      "专精特新企业研发投入持续增长。")
    assert value in lead and other not in lead, lead


def test_a_share_of_the_whole_group_is_not_answered_by_one_levels_share() -> None:
    """blind37: "四川的专精特新企业占全国多少" had been led by "四川（8.21%）", an item of a sentence about 国家级占比,
    over 四川's row stating its 全国占比."""
    lead = _lead_over("四川的专精特新企业占全国多少？",
                      "排名：9 | 省份：四川省 | 全国占比：3.91% | 国家级占比：8.21%",
                      "从国家级专精特新“小巨人”企业占比看，浙江省（15.43%）、江苏省（12.22%）位列前三。值得注意的是，"
                      "湖北（9.88%）、四川（8.21%）等国家级占比超过全国平均水平。",
                      *(f"专精特新企业培育工作第{n}项举措持续推进。" for n in range(1, 6)))
    assert "3.91%" in lead, lead


def test_a_figure_of_another_year_does_not_answer_the_year_asked() -> None:
    """cultivation-report-2026 L299/L304: the 2024 prose (4.21%) shares more words with the question
    than 图表11's 2022 row (7.32%), but 2024 is not the year asked."""
    lead = _lead_over("国家级小巨人营收增速的中位数，2022年是多少？",
                      "2024年，在宏观经济承压背景下，国家级企业营收增速中位数为4.21%，而省级企业仅0.31%。",
                      "财务指标：2022年营收增长率 | 国家级专精特新“小巨人”企业中位数：7.32% | 省级专精特新企业中位数：2.41%")
    assert "7.32%" in lead and "4.21%" not in lead, lead
    # a year beside the rules names them, not a time: no sentence is passed over for its own year
    assert QuestionTerms.of("2022年暂行办法的营收门槛是多少？").names_rules


def test_a_value_of_another_level_is_left_out_of_the_lead() -> None:
    """measures-2022-training L642: 江苏's 省级 count comes first in the sentence; 国家级 is asked (trial 37)."""
    text = "江苏省：省级专精特新“小巨人”企业1998家，国家级专精特新“小巨人”企业285家，单项冠军138家。"
    lead = _lead_over("江苏有多少家国家级专精特新小巨人？", text)
    assert "285家" in lead and "1998家" not in lead and lead.startswith("江苏省"), lead
    assert "1998家" in _lead_over("江苏有多少家省级小巨人？", text)


def test_a_who_question_leads_with_the_sentence_naming_the_person() -> None:
    lead = _lead_over("专精特新是谁最先提出的？",
                      "2021年7月30日的政治局会议，首次在中央层面提出专精特新，并将之与补链强链联系到一起。",
                      "2000年3月原国家经贸委中小企业司司长卫东首次提出“专精特新”概念；2011年，该词首次在中央政策中被提及。")
    assert "卫东" in lead, lead


def test_a_part_named_after_the_total_joins_the_lead() -> None:
    """"其中创业板有几家": the clause naming 创业板 after the total is in the lead, not the total alone."""
    lead = _lead_over("2022年1月沪深两市上市的专精特新公司里创业板有几家？",
                      "截止到2022年1月16日，在沪深两市上市的专精特新公司共345家，其中主板90家，创业板146家，科创板109家。",
                      "截至2022年7月，我国共398家专精特新“小巨人”企业在A股上市。")
    assert "创业板146家" in lead, lead


def test_a_slide_line_wrapped_mid_phrase_is_read_with_its_continuation() -> None:
    """"22%的专精特新“小巨人”\n企业主导产品国内市场占\n有率超过50%" is one statement; a short line
    ends its item ("省细分领域排名首位" does not run into the next figure)."""
    lead = _lead_over("有多少比例的小巨人，主导产品国内市场占有率超过50%？",
                      "22%的专精特新“小巨人”\n企业主导产品国内市场占\n有率超过50%\n79%的企业主导产品在本\n"
                      "省细分领域排名首位\n上市企业占比超过10%",
                      "新增主导产品市场占有率10%以上或国内前三名的要求。")
    assert "22%" in lead and "占有率超过50%" in lead and "上市企业" not in lead, lead


def test_the_measure_the_question_word_follows_picks_the_value_beside_it() -> None:
    """"利润总额是多少": the clause stating 利润总额, not the revenue clause of the same sentence,
    though that clause states more of the question's other words (2021年底, 小巨人)."""
    lead = _lead_over("2021年底小巨人企业全年利润总额是多少？",
                      "截至2021年底，专精特新“小巨人”企业实现全年营收3.7万亿元，同比增长超30%；"
                      "全年利润总额超3800亿元，营业收入利润率超10%。",
                      "截至2020年底，四批专精特新“小巨人”企业实现全年营收2.8万亿元。")
    assert "3800亿元" in lead and "3.7万亿元" not in lead, lead


@pytest.mark.parametrize(("question", "head"), [
    ("2021年底小巨人企业全年利润总额是多少？", "利润总额"),
    ("浙江专精特新企业占全国多少？", None),  # a place scopes the value; it is not the measure
    ("国家级小巨人占多少比例？", None),  # the measure (比例) follows the question word
    ("科学研究和技术服务业的企业占多少？", "服务业"),  # "的企业" names no measure
    ("在科创板上市的专精特新公司有几家？", None),  # a tier names whose count it is, not the measure
])
def test_the_asked_measure(question: str, head: str | None) -> None:
    weights = {word: 1.0 for word in ("2021", "年底", "小巨人", "全年", "利润总额", "浙江", "专精特新",
                                      "全国", "国家级", "比例", "科学研究", "技术", "服务业", "科创板", "上市")}
    assert QuestionTerms.of(question, {w: v for w, v in weights.items() if w in question}).head == head


def test_a_per_company_amount_is_not_answered_by_a_pooled_total() -> None:
    """"每家能拿到多少钱": a fund's total (安排100亿元) is no per-company amount; a per-company
    sentence is."""
    pooled = "中央财政中小企业发展专项资金安排100亿元以上奖补资金，支持千余家国家级专精特新“小巨人”企业。"
    answer = compose_extractive_answer(
        "小巨人企业每家能拿到中央财政多少钱的支持？", [SearchHit(chunk=_chunk(0, pooled), score=1.0)],
        BM25Index([_chunk(0, pooled)]), min_support=0.2)
    assert answer.refused and "未找到" in answer.answer.splitlines()[0]
    lead = _lead_over("小巨人企业每家能拿到中央财政多少钱的支持？", pooled,
                      "中央财政对每家小巨人企业给予最高600万元奖补资金支持。")
    assert "600万元" in lead, lead


def test_values_of_other_places_before_the_asked_one_leave_the_lead() -> None:
    """"上海提出…多少家": the subject clause and 上海's clause, not 浙江's and 北京's figures before it."""
    lead = _lead_over("上海提出到2025年要发展多少家国家级专精特新？",
                      "其中，对于国家级“专精特新”企业，浙江提出到2025年培育800家，北京提出到2025年培育500家，"
                      "上海提出到2025年培育300家。")
    assert lead.startswith("对于国家级“专精特新”企业，上海") and "300家" in lead, lead
    assert "500家" not in lead and "800家" not in lead, lead


def test_first_in_time_is_one_word_however_worded() -> None:
    """"最早…是哪一年" is answered by "率先…" (率先 is 最早 in the documents' words)."""
    lead = _lead_over("地方上最早发布专精特新相关文件的是哪个省？是哪一年？",
                      "2005年辽宁省率先在全国发布了《中小企业“专精特新”产品技术认定暂行办法》。",
                      "2016年，七部委联合印发《工业强基工程实施指南（2016-2020年）》。")
    assert "2005年辽宁省" in lead, lead


def test_a_list_after_the_sentence_naming_its_subject_leads() -> None:
    """"百城万企计划分了哪几种服务包": the list is stated in the sentence after the plan's name; its
    passage states the question's words, so the list leads, not the passage's title line."""
    lead = _lead_over("阿里云那个“百城万企”计划，给不同阶段的企业分了哪几种服务包？",
                      "阿里云（2/2）\n2021年底，阿里云启动“百城万企”专精特新企业支持计划，深入地方赋能中小企业发展。"
                      "围绕企业发展不同阶段，面向拟申请、省市级、国家级的企业分层提供普惠包、加速包、小巨人包三类定制化服务包。")
    assert "普惠包、加速包、小巨人包" in lead, lead


@pytest.mark.parametrize(("kinds", "coverage", "context", "leads"), [
    (["list"], 0.24, 1.0, True),  # the passage states the question: the list sentence leads
    (["list"], 0.24, 0.5, False),  # the passage is about something else
    (["list"], 0.10, 1.0, False),  # the sentence states almost nothing asked
    (["count"], 0.24, 1.0, False),  # a value the knowledge base may lack: "not found" instead
])
def test_when_a_typed_sentence_states_enough_to_lead(kinds: list[str], coverage: float, context: float,
                                                     leads: bool) -> None:
    from assistant.answering.extractive import _states_enough
    from assistant.answering.typed_lead import TypedCandidate, _vocabulary

    types = [t for t in _vocabulary().types if t.name in kinds]
    hit = SearchHit(chunk=_chunk(0, "句子"), score=1.0)
    candidate = TypedCandidate(sentence="句子", lead="句子", hit=hit, rank=1, kinds=tuple(kinds),
                               coverage=coverage, near=coverage, context=context, score=1.0)
    assert _states_enough(candidate, types) is leads


def test_a_value_stated_before_its_subject_keeps_the_subject_in_the_lead() -> None:
    """"11月15日，北交所正式开市，…": the date and what happened on it, not the date alone (a sentence
    longer than a short one's whole: the clauses after the subject are not led)."""
    lead = _lead_over("北交所是哪天正式开市的？",
                      "11月15日，北交所正式开市，北交所设立的三个目标之一即为“培育一批专精特新企业，形成创新创业热情高涨、"
                      "合格投资者踊跃参与、中介机构归位尽责的良性市场生态”。")
    assert lead.startswith("11月15日，北交所正式开市") and "三个目标" not in lead, lead


def test_a_short_sentence_leads_whole() -> None:
    """"国家级小巨人注册资本中位数是多少": the clause after 5774万元 says what it compares with."""
    lead = _lead_over("国家级小巨人注册资本中位数是多少？",
                      "从注册资本看，国家级“小巨人”企业中位数为5774万元，是省级企业（2000万元）的2.89倍；")
    assert "5774万元" in lead and "2.89倍" in lead, lead


def test_a_count_leads_with_the_value_of_what_is_counted_in_the_unit_asked() -> None:
    """"多少家小巨人": 1.7万家 (the 小巨人), not the total of all firms before it or 六个批次."""
    lead = _lead_over("全国一共培育了多少家小巨人？",
                      "截至2026年2月底，全国专精特新企业总数达16.7万家，其中，自2019年启动培育以来，"
                      "国家级“小巨人”已完成六个批次认定，国家级专精特新“小巨人”企业占比10.57%（约1.7万家）。")
    assert "1.7万家" in lead, lead


def test_a_count_asked_after_its_subject_counts_the_tier_the_question_names() -> None:
    """"小巨人一共有多少家": nothing follows 多少家, so what is counted is the tier named before it."""
    lead = _lead_over("小巨人现在全国一共有多少家了？",
                      "截至2026年2月底，全国专精特新企业总数达16.7万家，其中，自2019年启动培育以来，"
                      "国家级“小巨人”已完成六个批次认定，国家级专精特新“小巨人”企业占比10.57%（约1.7万家）。")
    assert "1.7万家" in lead, lead


def test_a_list_announced_as_the_following_kinds_leads() -> None:
    """"主要由以下几种方式：短期授信，中长期贷款…": a list announced by 以下几种, its items after a comma."""
    lead = _lead_over("银行给中小企业的信贷融资主要有哪几种方式？",
                      "而银行可以拓展业务和增加收入，主要融资模式有供应链应收账款融资、供应链应付账款融资和供应链存货融资。",
                      "目前中小企业信贷融资主要由以下几种方式：短期授信，中长期贷款，综合金融服务等。")
    assert "短期授信" in lead and "中长期贷款" in lead, lead


def test_a_list_announced_by_its_number_of_items_leads() -> None:
    """"聚焦于四大产业创新集群：装备制造…": the list is announced by its count and a colon, not by
    a count answer ("万亿级产业集群4个" counts them, it does not name them)."""
    lead = _lead_over("苏州培育专精特新是围绕哪几个产业集群展开的？",
                      "苏州培育成果：专精特新企业24,142家 | 万亿级产业集群4个",
                      "根据产业基础与创新特征，苏州将专精特新培育聚焦于四大产业创新集群：装备制造创新集群："
                      "约73.5%的企业主营配件制造电子信息创新集群：65.4%的企业拥有国际专利",
                      "北交所于2021年11月15日正式开市。", "小巨人企业的研发投入强度较高。")
    assert "四大产业创新集群：装备制造" in lead, lead


def test_a_numbered_slide_heading_names_what_its_items_are_about() -> None:
    """"02产业导向" over "以制造业企业…为主": the heading's words belong to the item below it."""
    lead = _lead_over("梯度培育在产业导向上主要面向哪些企业？",
                      "02产业导向\n以制造业企业、制造业和信息化相融合的企业为主",
                      "北交所于2021年11月15日正式开市。", "小巨人企业的研发投入强度较高。")
    assert lead.startswith("产业导向：以制造业企业、制造业和信息化相融合的企业为主"), lead


def test_a_numbered_section_title_is_not_glued_to_the_sentence_below() -> None:
    lead = _lead_over("知识产权质押融资一般有哪几种模式？",
                      "（8）知识产权质押对专精特新企业发展支持\n随着创新水平的不断提升，知识产权融资越来越重要，"
                      "国内知识产权质押融资模式基本可以分为政府主导模式、政府引导+市场化模式、市场化模式三大类。",
                      "北交所于2021年11月15日正式开市。", "小巨人企业研发强度高。")
    assert "政府主导模式" in lead and not lead.startswith("（8）"), lead


def test_a_list_announced_by_its_count_takes_its_numbered_items_that_follow() -> None:
    """"四大方向：一、提供资金支持。二、…。三、…。四、…": each item is a sentence; the lead lists all four."""
    lead = _lead_over("中央对专精特新企业的扶持主要集中在哪几个方向？",
                      "中央对专精特新企业的扶持主要集中在四大方向：一、提供资金支持。二、加大创新投入。"
                      "三、推进智能制造。四、加快上市步伐。此外，地方也出台了配套政策。",
                      "北交所于2021年11月15日正式开市。", "小巨人企业研发强度高。")
    assert "一、提供资金支持；二、加大创新投入；三、推进智能制造；四、加快上市步伐" in lead, lead
    assert "地方也出台" not in lead


def test_a_date_clause_is_not_the_figure_asked() -> None:
    """"截至2026年2月底，全国…总数达16.7万家": the clause with the date says when, not how many."""
    from assistant.answering.extractive import _lead_fact
    from assistant.answering.sentences import question_weights

    sentence = "截至2026年2月底，全国专精特新企业总数达16.7万家，其中国家级小巨人占比10.57%。"
    chunks = [_chunk(0, sentence), _chunk(1, "北交所于2021年11月15日正式开市。"), _chunk(2, "小巨人企业研发强度高。")]
    question = "截至2026年2月底，全国专精特新企业的规模有多大？"
    fact = _lead_fact(question, sentence, question_weights(question, BM25Index(chunks)))
    assert fact is not None and "16.7万家" in fact, fact


def test_a_figure_as_of_another_year_does_not_answer_a_dated_question() -> None:
    from assistant.answering.sentences import question_weights

    question = "截至2025年底，沪深两市上市的专精特新公司有多少家？"
    stated = "截止到2022年1月16日，在沪深两市上市的专精特新公司共345家。"
    chunks = [_chunk(0, stated), _chunk(1, "北交所于2021年11月15日正式开市。"), _chunk(2, "小巨人企业研发强度高。")]
    hits = [SearchHit(chunk=c, score=1.0) for c in chunks]
    weights = question_weights(question, BM25Index(chunks))
    assert not typed_candidates(question, hits, asked_types(question), weights)
    asked_then = "截至2022年1月，沪深两市上市的专精特新公司有多少家？"
    assert typed_candidates(asked_then, hits, asked_types(asked_then), question_weights(asked_then, BM25Index(chunks)))


def test_a_completed_follow_up_prefers_the_value_beside_the_words_it_said() -> None:
    """"上海呢？" after a question about 北京: of two sentences naming both cities, the one whose
    value stands beside 上海 leads."""
    from assistant.answering.sentences import question_weights

    chunks = [_chunk(0, "北京到2025年发展国家级500家，上海发展国家级300家。"),
              _chunk(1, "上海到2025年发展国家级300家，北京发展国家级500家。")]
    hits = [SearchHit(chunk=c, score=1.0) for c in chunks]
    question = "上海提出到2025年要发展多少家国家级专精特新？"
    weights = question_weights(question, BM25Index(chunks))
    plain = typed_candidates(question, hits, asked_types(question), weights)
    said = typed_candidates(question, hits, asked_types(question), weights, said="上海呢？")
    assert said[0].score - plain[0].score > 0 and said[0].lead.startswith("上海"), said[0].lead


def test_a_lead_run_on_stops_before_the_next_places_value() -> None:
    """"江苏…占比多少？是不是排第一？": the lead runs on for the second part, but not into
    广东's and 山东's values or the three provinces' total."""
    lead = _lead_over("江苏的专精特新企业在全国占比多少？是不是排第一？",
                      "江苏省以14.42%的占比位居首位，广东省（13.52%）、山东省（11.49%）紧随其后，"
                      "三省合计占比39.43%，构成专精特新培育的第一梯队。")
    assert "14.42%" in lead and "13.52%" not in lead and "39.43%" not in lead, lead


def test_an_honour_asked_is_answered_from_its_passage_and_a_share_may_be_a_position() -> None:
    """"单项冠军…市场占有率有啥要求": the requirement is a position (位居全球前三), stated in a
    passage about 单项冠军 by a sentence that does not repeat the honour's name; the 小巨人
    passage's 10% is another honour's rule."""
    from assistant.answering.sentences import AskedTiers

    chunks = [_chunk(0, "专精特新“小巨人”企业认定标准。制造业企业申请产品的市场占有率达到10%以上。"),
              _chunk(1, "其中“单项冠军企业”指长期专注于制造业某些特定细分产品市场的企业。主要申请条件包括：从事相关领域10年及以上；"
                        "企业申请产品的市场占有率位居全球前三，全球市场前景良好。")]
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(chunks)]
    question = "想报制造业单项冠军，对申请产品的市场占有率有啥要求？"
    asked = AskedTiers(honours=("单项冠军",))
    lead = compose_extractive_answer(question, hits, BM25Index(chunks), min_support=0.2,
                                     asked=asked).answer.splitlines()[0]
    assert "全球前三" in lead and "10%" not in lead, lead


def test_a_row_cut_to_the_asked_cell_keeps_the_cell_naming_its_subject() -> None:
    """"江苏省…占全国多少": the row's 全国占比 cell, and the 省份 cell saying whose it is."""
    chunks = [_chunk(0, "专精特新企业数量排名：1 | 省份：江苏省 | 全国占比：14.42% | 国家级占比：12.22%", table=True),
              *(_chunk(i, f"其他段落{i}：北交所于2021年成立。") for i in range(1, 4))]
    hits = [SearchHit(chunk=chunks[0], score=1.0)]
    lead = compose_extractive_answer("江苏省专精特新企业数量占全国多少？", hits, BM25Index(chunks),
                                     min_support=0.1).answer.splitlines()[0]
    assert "江苏省" in lead and "14.42%" in lead and "12.22%" not in lead, lead


def test_a_follow_ups_own_words_name_the_rows_column() -> None:
    """Trial 32: "那江苏的国家级占比呢？" after a 全国 question led with the whole row, 14.42% first."""
    chunks = [_chunk(0, "专精特新企业数量排名：1 | 省份：江苏省 | 全国占比：14.42% | 国家级占比：12.22%", table=True),
              *(_chunk(i, f"其他段落{i}：北交所于2021年成立。") for i in range(1, 4))]
    hits = [SearchHit(chunk=chunks[0], score=1.0)]
    lead = compose_extractive_answer("全国专精特新企业TOP10省份集中了多少比例的企业，江苏的国家级占比？", hits,
                                     BM25Index(chunks), min_support=0.1, said="那江苏的国家级占比呢？").answer.splitlines()[0]
    assert "江苏省" in lead and "12.22%" in lead and "14.42%" not in lead, lead


def test_a_completed_turn_asks_for_another_value_than_the_last_answer_gave() -> None:
    """"其中在北交所上市的有几家？" after "A股上市的有多少家？" was answered 398家: the 17家 sentence, though
    the completed question shares more words with the 398家 one."""
    chunks = [_chunk(0, "截至2022年7月，我国共398家专精特新“小巨人”企业在A股上市，占比尚不足10%。"),
              _chunk(1, "北交所于2021年9月3日注册成立，目前仅有17家专精特新“小巨人”企业在北交所上市。"),
              *(_chunk(i, f"其他段落{i}：研发投入持续增长。") for i in range(2, 5))]
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(chunks[:2])]
    question = "截至2022年7月，A股上市的小巨人有多少家；其中在北交所上市的有几家？"
    kwargs = {"min_support": 0.1, "said": "其中在北交所上市的有几家？"}
    again = compose_extractive_answer(question, hits, BM25Index(chunks), **kwargs,  # type: ignore[arg-type]
                                      answered="截至2022年7月，我国共398家专精特新“小巨人”企业在A股上市[1]")
    first = compose_extractive_answer(question, hits, BM25Index(chunks), **kwargs)  # type: ignore[arg-type]
    assert "17家" in again.answer.splitlines()[0], again.answer
    assert "398家" in first.answer.splitlines()[0], first.answer


def test_a_value_the_country_states_is_not_about_the_place_named_before_it() -> None:
    """Slide text glued together ("…安徽省…80万根据公开政策文件，目前全国超80%的省…"): the share is
    the country's, not 安徽's, so it is not passed over for a national figure of another measure."""
    lead = _lead_over("全国有多大比例的省推出了专精特新认定奖补措施？",
                      "全国专精特新认定奖补措施中，东部省份占比62%。",
                      "安徽省对省级专精特新企业认定奖励金额为50万根据公开政策文件，目前全国超80%的省及直辖市推出"
                      "“专精特新”企业认定奖补措施，以激励企业积极申报。")
    assert "超80%" in lead and "62%" not in lead, lead


def test_a_question_asking_what_a_term_means_leads_with_the_sentence_defining_it() -> None:
    lead = _lead_over("“直接兑现”到底是什么意思？",
                      "深圳市企业“直接兑现”一次性奖励资金。",
                      "注释：“直接兑现”指企业获得认定后不必再提交申请，奖励资金直接拨付到位。")
    assert "“直接兑现”指企业" in lead, lead


def _answer_from_rules_2022(question: str, text: str) -> str:
    chunk = Chunk(chunk_id="doc:0001", doc_id="measures-2022-training", title="《暂行办法》解读", kind="measures",
                  rule_version="2022", section_path=["认定"], text=text, start_line=1, end_line=2)
    return compose_extractive_answer(question, [SearchHit(chunk=chunk, score=1.0)], BM25Index([chunk]),
                                     min_support=0.2).answer


def test_the_rule_version_note_follows_a_threshold_not_any_figure_from_a_rules_passage() -> None:
    threshold = _answer_from_rules_2022("专精特新中小企业营收要多少？", "上年度营业收入总额在1000万元以上。")
    assert "以上门槛出自" in threshold, threshold
    figure = _answer_from_rules_2022("全国有多少家专精特新企业？", "全国已有7万家专精特新企业，激励符合条件的企业申报。")
    assert "以上门槛出自" not in figure, figure
    # a date asked is no threshold, though its sentence speaks of 门槛 (new-user trial 30)
    date = _answer_from_rules_2022("暂行办法从哪天开始施行？", "暂行办法从2022年8月1日开始施行，认定门槛有所调整。")
    assert "以上门槛出自" not in date, date


def test_a_reports_figure_led_beside_a_rules_passage_gets_no_rule_version_note() -> None:
    """A province's goal from a report, quoted above a passage of the 2022 rules: the lead's passage
    is no rule's, so no "以上门槛出自2022年…" note follows it."""
    report = Chunk(chunk_id="report:0001", doc_id="finance-support-2022", title="金融支持报告", kind="report",
                   section_path=["各省份发展目标"], text="宁夏到2025年发展国家级50家以上，省市级1000家。",
                   start_line=1, end_line=1)
    rules = Chunk(chunk_id="doc:0001", doc_id="measures-2022-training", title="《暂行办法》解读", kind="measures",
                  rule_version="2022", section_path=["目标"], text="培育一万家国家专精特新“小巨人”企业，培育十万家省级“专精特新”中小企业，工作目标（到2025年）",
                  start_line=1, end_line=2)
    answer = compose_extractive_answer("宁夏定的到2025年国家级专精特新企业目标是多少家？",
                                       [SearchHit(chunk=report, score=1.0), SearchHit(chunk=rules, score=0.5)],
                                       BM25Index([report, rules]), min_support=0.2).answer
    assert answer.startswith("宁夏到2025年发展国家级50家以上"), answer
    assert "《暂行办法》解读" in answer and "以上门槛出自" not in answer, answer


def test_a_question_asking_which_body_leads_with_the_sentence_naming_it() -> None:
    lead = _lead_over("单项冠军名单由哪个部门公布？",
                      "单项冠军企业的公布名单覆盖制造业各个细分行业，各级部门高度重视。",
                      "经专家评审和公示后，由工业和信息化部公布单项冠军企业名单。")
    assert "工业和信息化部" in lead, lead


def test_a_fee_stated_as_free_answers_a_question_about_paying() -> None:
    lead = _lead_over("在宣传专区展示产品要收费吗？",
                      "在地标性场所设置“专精特新宣传专区”，展示“专精特新”企业的产品和服务。",
                      "宣传专区免费展示入选企业的产品。")
    assert "免费" in lead, lead


def test_a_bare_figure_is_never_the_lead() -> None:
    """A table row's cell ("单位：0.37") says nothing of what it is: the sentence leads instead."""
    lead = _lead_over("小巨人要从哪几个维度看？", "维度：诉讼维权专利数量，核心指标：件，单位：0.37，国家专精特新小巨人企业：1.63。")
    assert lead.startswith("维度："), lead


def test_a_calendar_year_is_not_a_duration() -> None:
    """"公示多少天": 2022年6月 is when, not how long; no passage states the days, so it says so."""
    answer = compose_extractive_answer("小巨人名单公示多少天？", [SearchHit(chunk=_chunk(0, "我国已分四批公示9279家小巨人企业，"
                                       "在2022年6月暂行办法出台之前，各地评选标准不一。"), score=1.0)],
                                       BM25Index([_chunk(0, "x")]), min_support=0.0)
    assert answer.refused and "未找到所问的具体期限" in answer.answer.splitlines()[0], answer.answer


def test_when_rules_took_effect_is_answered_whatever_verb_is_used() -> None:
    """执行/实施/生效 ask what the text says 施行."""
    lead = _lead_over("新办法啥时候开始执行？",
                      "2026年新版办法的出台，标志着培育导向从数量扩张转向质量优先。",
                      "2026年1月，工信部发布新版办法，自4月1日起施行，认定门槛显著提高。")
    assert "4月1日起施行" in lead, lead


def test_a_clause_naming_nothing_asked_does_not_lead_alone() -> None:
    """"要求达到50分以上" alone does not say what needs 50 points: the sentence naming it leads."""
    lead = _lead_over("新办法对创新型中小企业的门槛有变化吗？",
                      "此外，新办法对创新型中小企业首次引入发展质量评价得分作为硬性门槛，要求达到50分以上。")
    assert "创新型中小企业" in lead and "50分" in lead, lead


def test_a_batch_is_not_a_rank() -> None:
    """"最多的省是哪个": the sentence ranking the provinces, not one that mentions 第一批."""
    lead = _lead_over("专精特新企业最多的省是哪个？",
                      "2019年工信部发布第一批专精特新“小巨人”企业名单，各省专精特新企业数量持续增长。",
                      "江苏省以14.42%的占比位居首位，广东省（13.52%）、山东省（11.49%）紧随其后。")
    assert lead.startswith("江苏省以14.42%的占比位居首位"), lead


def test_a_province_asked_as_省份是哪个_asks_for_a_province() -> None:
    """"占比最高的省份是哪个" asks for a province, so a sentence naming only 长三角 cannot answer it."""
    assert QuestionTerms.of("国家级小巨人占比最高的省份是哪个？").province
    assert QuestionTerms.of("专精特新企业最多的省是哪个？").province
    assert not QuestionTerms.of("哪个城市群的专精特新企业最多？").province


def test_which_places_asked_in_any_wording_is_an_open_place() -> None:
    """"超过500家的是哪几个省市" asks for places: a sentence naming 浙江、广东… answers it, and is not
    marked down as "about a place the question does not name"."""
    for question in ("小巨人数量超过500家的是哪几个省市？", "哪些地方出了奖补政策？", "哪一个城市最多？", "哪几个省最多？"):
        assert QuestionTerms.of(question).open_place, question
    assert not QuestionTerms.of("小巨人的主导产品在哪个市场占有率要多少？").open_place


def test_a_document_number_is_answered_by_the_number_or_said_missing() -> None:
    """"发文字号是多少": the sentence giving the number (〔2013〕264 号, line breaks aside); a document
    whose number no passage gives is said to be missing, not answered with its title sentence."""
    assert [t.name for t in asked_types("新版梯度培育管理办法的发文字号是多少？")] == ["doc_number"]
    passages = ("2026年1月，工信部发布新版《优质中小企业梯度培育管理办法》，自4月1日起施行。",
                "2013年，工信部出台《关于促进中小企业“专精特新”发展的指导意见》（工信部企业〔2013〕264 号），明确了专精特新的内涵。")
    assert "〔2013〕264 号" in _lead_over("2013年那份专精特新指导意见的文号是多少？", *passages)
    missing = _lead_over("2026年新版梯度培育管理办法的发文字号是多少？", *passages[:1])
    assert "知识库中未找到" in missing and "文号" in missing, missing


@pytest.mark.parametrize(("question", "row"), [
    ("哪个维度的权重最大，占多少？", "维度：创新质量 | 核心指标：发明专利量 | 权重：30%"),
    ("哪个维度的权重最小，占多少？", "维度：数字化能力 | 核心指标：软件著作权 | 权重：10%"),
])
def test_a_superlative_over_a_tables_rows_leads_with_the_extreme_row(question: str, row: str) -> None:
    """"权重最大": the retrieved rows are compared on the column the question names; the row retrieved
    first (15%) is not the answer."""
    rows = ["维度：创新规模 | 核心指标：参保人数 | 权重：15%", "维度：技术实力 | 核心指标：专利总量 | 权重：25%",
            "维度：创新质量 | 核心指标：发明专利量 | 权重：30%", "维度：数字化能力 | 核心指标：软件著作权 | 权重：10%"]
    others = [c.text for c in CHUNKS]  # so that 维度 and 权重 are rare words, as in the corpus
    lead = _lead_over(question, "五维科创力评价模型：创新规模、技术实力、创新质量、数字化能力。", *rows, *others)

    assert lead.startswith(row_as_sentence(row)), lead


def test_each_clause_asking_its_own_kind_of_value_gets_a_lead() -> None:
    """"有多少家…，国家级占比多少": the share leads (it states more of the question's words), and the
    count, which another sentence states, follows in the same first line."""
    lead = _lead_over("长三角有多少家专精特新企业，国家级占比多少？",
                      "从国家级专精特新企业占比看，长三角以13.22%居首，珠三角（11.59%）次之。"
                      "从企业总量看，长三角以5.3万家专精特新企业绝对领先，是京津冀（1.9万家）的2.77倍。",
                      *[c.text for c in CHUNKS])
    assert "13.22%" in lead and "5.3万家" in lead, lead


def test_a_captions_line_is_not_glued_to_the_sentence_below_it() -> None:
    """A chart's caption ends without punctuation; the sentence under it leads on its own, not as
    "图表18：三大城市群国家级专精特新企业占比从国家级…"."""
    lead = _lead_over("长三角的国家级专精特新企业占比是多少？",
                      "图表18：三大城市群国家级专精特新企业占比\n从国家级“小巨人”占比看，长三角以13.22%居首，珠三角（11.59%）次之。",
                      *[c.text for c in CHUNKS])
    assert lead.startswith("从国家级") and "13.22%" in lead, lead


def test_a_list_announced_as_the_following_items_is_led_whole() -> None:
    """"属于以下重点领域：" then （1）（2）（3） on lines of their own: all three lead, not item (3) alone."""
    lead = _lead_over("小巨人主导产品原则上要属于哪些重点领域？",
                      "主导产品原则上属于以下重点领域：\n（1）从事细分产品市场属于制造业核心基础零部件、元器件、关键软件；\n"
                      "（2）符合制造强国战略十大重点产业领域；\n（3）属于网络强国建设的信息基础设施、关键核心技术、网络安全、"
                      "数据安全领域等产品。",
                      *[c.text for c in CHUNKS])
    assert "（1）" in lead and "（2）" in lead and "（3）" in lead and "：；" not in lead, lead


def test_a_chart_legend_is_never_the_list_asked() -> None:
    """A note on how a chart is drawn ("各模块纯色填充为…、右下斜底纹为…") has 、-separated parts like a
    list and shares the question's words, but says nothing about what was asked: it never leads."""
    lead = _lead_over("阿里云的专精特新企业支持计划里，服务包分哪几种？",
                      "注释：“专精特新”企业支持计划落地模式中各模块纯色填充为政企共同推进、右下斜底纹为阿里云主导、左下斜底纹为政府部门主导。",
                      "2021年底，阿里云启动“专精特新”企业支持计划。围绕企业发展不同阶段，分层提供“普惠包”“加速包”“小巨人包”三类定制化服务包。",
                      "其他段落：研发投入持续增长。", "其他段落：融资渠道拓宽。")
    assert "底纹" not in lead and "阿里云" in lead, lead


def test_label_value_pairs_side_by_side_are_items_of_their_own() -> None:
    """"集群企业:76家规上企业:43家…省级专精特新:18家" (a slide's figures, spaces lost in cleaning):
    the lead is the pair asked, not a run of pairs cut before its value."""
    lead = _lead_over("元氏装备制造产业集群里有几家省级专精特新企业？",
                      "元氏装备制造产业集群核心数据：集群企业:76家规上企业:43家高新技术企业:36家省级专精特新:18家研发投入增速:>15%",
                      "其他段落：研发投入持续增长。")
    assert "省级专精特新:18家" in lead and "36家" not in lead, lead


def test_units_that_count_alike_answer_each_other() -> None:
    """"多少件有效发明专利" is answered by "15.7项": 件 and 项 count patents alike."""
    lead = _lead_over("小巨人平均每家有多少件有效发明专利？",
                      "创新能力表现好。专精特新“小巨人”企业平均每家持有有效发明专利15.7项。研发建设受重视。",
                      "其他段落：研发投入持续增长。")
    assert "15.7项" in lead, lead


def test_a_list_asked_is_not_led_by_a_figure_or_a_page_counter() -> None:
    """"分哪几种" asks which ones: neither a slide's page counter ("阿里云（2/2）") nor another figure of
    the sentence ("提供超120款产品") leads, the sentence naming the packages does."""
    from assistant.answering.extractive import _lead_fact

    sentence = ("阿里云（2/2）：与地方政府合作，面向拟申请、省市级、国家级企业分层提供“普惠包”“加速包”“小巨人包”"
                "三类定制化服务包，提供超120款产品及服务。")
    assert _lead_fact("阿里云给专精特新企业的服务包分哪几种", sentence, {"阿里云": 4.7, "服务": 1.5}) is None
    # a count asked still leads with its clause, and a page counter is no count
    assert _lead_fact("阿里云提供多少款产品？", sentence, {"阿里云": 4.7, "产品": 1.5}) == "提供超120款产品及服务"


def test_a_list_naming_what_the_question_lists_leads() -> None:
    """"要准备哪些材料": of two enumerations, the one naming 材料 (the materials) leads, not the
    procedure's four steps, which name the tier and more of the question's words (blind15)."""
    assert QuestionTerms.of("自荐申报专精特新中小企业，一般要准备哪些材料？", {"材料": 1.0, "准备": 1.0}).listed == "材料"
    lead = _lead_over("自荐申报专精特新中小企业，一般要准备哪些材料？",
                      "专精特新中小企业的申报程序可分为企业培育、企业自荐、企业评价、企业公示四个流程。",
                      "申报时需准备资料，主要包括营业执照复印件、三年一期会计报表、市场占有率的佐证材料等。",
                      "说明：以企业自荐为主。")
    assert "营业执照复印件" in lead, lead


def test_two_parts_said_to_make_up_a_whole_answer_a_list_question() -> None:
    """"引领层包括哪些企业": "引领层由重点“小巨人”与制造业单项冠军企业共同构成" states the list (two items,
    no 、), not the sentence naming the four layers (blind11)."""
    lead = _lead_over("金字塔最顶上的“引领层”包括哪些企业？",
                      "报告提出“基础层—成长层—攻坚层—引领层”四阶段培育路径，以及覆盖技术、人才、资本的协同赋能体系。",
                      "引领层（重点“小巨人”/制造业单项冠军）：作为金字塔的顶端，引领层由重点“小巨人”与制造业单项冠军企业共同构成。")
    assert "制造业单项冠军企业共同构成" in lead, lead


def test_a_range_asked_leads_with_the_sentence_stating_a_span() -> None:
    """"一般额度在什么范围": the span (20万元-200万元不等), not a single province's amount."""
    assert [t.name for t in asked_types("各省认定奖励一般额度在什么范围？")] == ["range"]
    lead = _lead_over("各省对专精特新认定直接给现金奖励的，一般额度在什么范围？",
                      "安徽省对省级专精特新企业认定奖励金额为50万元。",
                      "认定奖励：根据企业认定情况直接给予现金奖励，奖励额度20万元-200万元不等。")
    assert "20万元-200万元" in lead, lead


def test_a_follow_up_naming_the_other_group_leads_to_that_groups_value() -> None:
    """"省级呢？" after 国家级's 4.21%: the value whose own clause says 省级 ends the lead (0.31%), not
    the first value of the sentence again (trial 27)."""
    assert [t.name for t in asked_types("2024年省级小巨人营收增速中位数是多少？")] == ["percent"]
    chunks = [_chunk(0, "2024年，国家级企业营收增速中位数为4.21%，而省级企业仅0.31%，差距扩大至3.9个百分点。"),
              _chunk(1, "国家级企业研发投入强度中位数为5.2%。")]
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(chunks)]
    answer = compose_extractive_answer("2024年省级小巨人营收增速中位数是多少？", hits, BM25Index(chunks),
                                       min_support=0.2, said="省级呢？", answered="国家级企业营收增速中位数为4.21%")
    assert "0.31%" in answer.answer.splitlines()[0], answer.answer


def test_figures_opening_a_sentence_are_of_the_measure_the_sentence_before_names() -> None:
    """"苏州…专利总量中位数多少件": "专利总量中位数是…关键指标。苏州（72件）、常州（68件）…" answers it,
    not a table row of 专利总量中位数 that names no city (three new-user trials, blind3 and blind13)."""
    lead = _lead_over("苏州的专精特新企业，专利总量中位数大概多少件？",
                      "指标：专利总量中位数 | 国家级-有标准：123件 | 国家级-无标准：87件 | 省级-有标准：52件",
                      "从创新质量看，专利总量中位数是衡量企业科创力的关键指标。苏州（72件）、常州（68件）、无锡（61件）"
                      "等城市创新密度显著高于一线城市（北京27件、上海33件）。",
                      "专精特新企业数量持续增长。")
    assert lead.startswith("苏州（72件）"), lead


def test_a_place_asked_out_of_a_list_of_places_leads_with_its_own_item() -> None:
    """"浙江呢？" / "浙江的…占比": "浙江省（15.43%）、江苏省（12.22%）、广东省（11.59%）位列前三" leads with
    浙江's item only, not 江苏's value too; the list asked as such stays whole."""
    text = "从国家级专精特新“小巨人”企业占比看，浙江省（15.43%）、江苏省（12.22%）、广东省（11.59%）位列前三。"
    lead = _lead_over("浙江的国家级小巨人占比是多少？", text, "专精特新企业数量持续增长。")
    assert "15.43%" in lead and "12.22%" not in lead, lead
    whole = _lead_over("国家级小巨人占比前三的是哪几个省？", text, "专精特新企业数量持续增长。")
    assert "12.22%" in whole and "11.59%" in whole, whole


def test_a_city_cluster_compared_inside_another_ones_clause_leads_with_its_own_item() -> None:
    """"京津冀有多少家": "长三角以5.3万家…领先，是京津冀（1.9万家）的2.77倍" leads with 京津冀's item under
    the sentence's subject, not with "是京津冀…的2.77倍" cut from the place it compares (trial 27)."""
    text = ("从企业总量看，长三角以5.3万家企业绝对领先，是京津冀（1.9万家）的2.77倍、珠三角（2.3万家）的2.33倍。")
    lead = _lead_over("京津冀有多少家专精特新企业？", text, "专精特新企业数量持续增长。")
    assert "京津冀（1.9万家）" in lead and "2.77倍" not in lead and "2.3万家" not in lead, lead


def test_a_rule_of_another_listing_venue_does_not_answer_the_one_asked() -> None:
    """"北交所…锁定期": the 创业板 clause beside it states 36个月 and names no 北交所; 12个月 is asked."""
    lead = _lead("北交所上市公司控股股东的首发前股份锁定期是多久？", 12)
    assert "12个月" in lead and "36个月" not in lead, lead


def test_a_figure_alone_on_its_line_completes_the_slide_line_above_it() -> None:
    """A slide prints "…认证企业占比为" and "88.7%" on lines of their own: one statement, not a bare 88.7%."""
    text = "Ø 获得ISO9000质量管理体\n系或同级认证企业占比为\n88.7%\n\nØ 产品生产执行国际标准企\n业占比超过15%"
    lead = _lead_over("小巨人企业里获得ISO9000质量管理体系认证的占多少？", text, "专精特新企业数量持续增长。")
    assert "ISO9000" in lead and "88.7%" in lead and "15%" not in lead, lead


def test_a_prose_sentence_leads_over_a_table_row_stating_the_same() -> None:
    """The 2026 report's 图表4 prints 5.77万元 where its text says 5774万元: of a row and a sentence
    stating the asked things alike, the sentence leads."""
    lead = _lead_over("国家级小巨人的注册资本中位数是多少？",
                      "指标：注册资本中位数 | 国家级小巨人：5.77万元\n国家级小巨人的注册资本中位数为5774万元。",
                      "专精特新企业数量持续增长。")
    assert "5774万元" in lead, lead


def test_a_figure_asked_of_a_year_is_not_taken_from_a_passage_naming_no_such_year() -> None:
    """"截至2025年底…多少家": the 17 companies of a passage that names no 2025 are not that count."""
    asked = QuestionTerms.of("截至2025年底，北交所上市的专精特新企业有多少家？")
    assert asked.off_year("北交所上市的专精特新企业有17家", "还有17家专精特新企业是在北京证券交易所上市。")
    assert not asked.off_year("北交所上市的专精特新企业有17家", "截至2025年12月，还有17家企业在北交所上市。")
    # a rule version's year names the rules, not a time
    assert not QuestionTerms.of("2026年新办法对小巨人营收要求多少？").off_year("营收5000万元以上", "新办法规定…")
    assert QuestionTerms.of("2023年全国小巨人企业的营业收入总额是多少？").off_year("营业收入总额在1000万元以上", "（三）…")


def test_people_are_counted_alike_in_wei_ming_and_ren() -> None:
    """"是几位县领导牵头" is answered by "由6名县级领导牵头", "每年培训多少人" by "1000名"."""
    assert [t.name for t in asked_types("是几位县领导牵头服务项目？")] == ["count"]
    assert QuestionTerms.of("是几位县领导牵头服务项目？").count_unit == QuestionTerms.of("培训多少人？").count_unit == "名位人"
    count = next(t for t in asked_types("有几位？"))
    assert count.value.search("由6名县级领导牵头") and count.value.search("3位专家")
    assert not count.value.search("位居全国第2位")


def test_a_province_asked_is_answered_by_its_own_row_not_by_another_region_or_a_placeless_share() -> None:
    """"江苏省的专精特新企业占全国的比重" led with 中部地区's 20%, then with a slide's 研发经费占营业收入比重
    达到7% (new-user trial 30): an economic region is another place, a passage naming none speaks for none."""
    chunks = [
        _chunk(40, "中部地区：西部地区专精特新“小巨人”企业数量占全国比重虽始终仅有20%左右。"),
        _chunk(41, "平均专利超过50项。研发经费占营业收入比重达到7%。"),
        _chunk(42, "排名：1 | 省份：江苏省 | 全国占比：14.42% | 国家级占比：12.22%", table=True),
    ]
    hits = [SearchHit(chunk=c, score=1.0 / (r + 1)) for r, c in enumerate(chunks)]
    answer = compose_extractive_answer("江苏省的专精特新企业占全国的比重是多少？", hits, BM25Index(chunks), min_support=0.2)
    lead = answer.answer.splitlines()[0]
    assert "14.42%" in lead and "20%" not in lead and "7%" not in lead, lead


def test_a_goal_for_a_year_is_not_the_count_as_of_it_unless_a_goal_is_asked() -> None:
    """"截至2025年底全国有多少家单项冠军企业" led with the 2022 deck's 工作目标（到2025年）培育一千家左右 (own UI tour,
    session 23): a goal set for that year is no count as of it."""
    goal = "培育一千家左右的制造业单项冠军工作目标（到2025年）"
    assert QuestionTerms.of("截至2025年底全国有多少家单项冠军企业？").other_date(goal)
    assert not QuestionTerms.of("截至2025年，单项冠军的培育目标是多少家？").other_date(goal)
    assert not QuestionTerms.of("截至2025年底全国有多少家单项冠军企业？").other_date("截至2025年底，单项冠军企业共1557家。")
    assert not QuestionTerms.of("截至2022年1月，沪深两市上市的有多少家？").other_date("截止到2022年1月16日，共345家")


def test_a_place_asked_is_answered_by_a_sentence_naming_it_before_one_naming_none() -> None:
    """"TOP10省份里广东的…占多少": the national sentence before it says more of the question's words
    (TOP10省份) but no 广东; the clause naming 广东 with its share leads."""
    lead = _lead("TOP10省份里广东的专精特新企业占多少？", 9, 7, 10)
    assert "13.52%" in lead and "86.3%" not in lead and "11.49%" not in lead, lead


def test_a_region_holding_the_place_asked_is_not_the_place() -> None:
    """长三角 holds 浙江, but "长三角地区占据全国近三分之一" is not 浙江's own figure."""
    terms = QuestionTerms.of("浙江的专精特新企业占全国比重是多少？", {"浙江": 1.0})
    assert terms.own_place("浙江省（8.44%）") and terms.own_place("杭州（3.1%）")
    assert not terms.own_place("长三角地区占据全国32%") and not terms.own_place("全国占比86.3%")


def test_a_pair_of_figures_leads_with_the_head_naming_whose_each_is() -> None:
    """"…PCT申请量平均各多少": "PCT申请量是17.7倍（53件 vs 3件）" alone does not say which is 单项冠军's
    (new-user trial 33); the head "单项冠军企业…全面领先“小巨人”：" comes with it."""
    lead = _lead_over("单项冠军企业和小巨人企业的PCT申请量平均各多少？",
                      "对标数据显示，单项冠军企业在五维科创力上全面领先“小巨人”：专利总量是后者的5.9倍（1035件 vs 174件），"
                      "PCT申请量是17.7倍（53件 vs 3件），参保人数是5.9倍（1470人 vs 249人）。",
                      "专精特新企业数量持续增长。")
    assert "53件 vs 3件" in lead and "单项冠军企业" in lead and "小巨人" in lead and "1035件" not in lead, lead


def test_a_share_asked_as_比例_is_stated_by_a_percent_the_passage_calls_占比() -> None:
    """"…占多少比例": the row "占比：89.43%" states the share asked though it never says 比例 (it had been
    refused as stating too little of the question: 总数 and 比例 weigh most)."""
    from assistant.answering.extractive import TYPED_MIN_COVERAGE

    question = "专精特新企业总数里，省级专精特新企业占多少比例？"
    hits = [SearchHit(chunk=_chunk(0, "企业层级：省级专精特新企业 | 占比：89.43% | 认定标准：各省工信部门认定"), score=1.0)]
    found = typed_candidates(question, hits, asked_types(question), {"总数": 4.4, "省级": 1.5, "比例": 4.0})
    assert found and "89.43%" in found[0].lead and found[0].coverage >= TYPED_MIN_COVERAGE


def test_a_batch_ending_a_slide_line_heads_the_figure_on_the_next() -> None:
    """A slide's "第一批 / 248家第二批 / 1584家第三批": 1584家 is 第二批's, not the 248家 glued before it."""
    lead = _lead_over("第二批小巨人有多少家？", "第一批\n248家第二批\n1584家第三批\n2930家第四批\n3000家左右",
                      "专精特新企业数量持续增长。")
    assert "1584家" in lead and "248家" not in lead and "2930家" not in lead, lead


def test_a_group_of_places_asked_by_one_word_is_stated_by_its_members() -> None:
    """"北上广深…加起来占多少": the sentence naming 北京、上海、深圳、广州 and their 合计 answers it, not the
    长三角 sentence that names 上海 alone."""
    lead = _lead_over("北上广深四个城市加起来，占全国专精特新企业差不多多少？",
                      "长三角城市表现尤为抢眼，TOP20城市中长三角占据8席（苏州、上海、杭州），合计占全国20.67%。",
                      "从企业总量看，北京（6.79%）、上海（6.19%）、深圳（5.40%）、广州（3.63%）四市合计占全国20.22%。",
                      "专精特新企业数量持续增长。")
    assert "20.22%" in lead and "20.67%" not in lead, lead


def test_of_two_places_compared_the_value_is_the_later_ones_item() -> None:
    """"长三角…是珠三角的几倍": "长三角以5.3万家…领先，是京津冀（1.9万家）的2.77倍、珠三角（2.3万家）的2.33倍" leads
    with 珠三角's multiple, not cut before any (new-user trial 34) nor with 京津冀's."""
    text = "从企业总量看，长三角以5.3万家企业绝对领先，是京津冀（1.9万家）的2.77倍、珠三角（2.3万家）的2.33倍。"
    lead = _lead_over("长三角专精特新企业数量是珠三角的几倍？", text, "专精特新企业数量持续增长。")
    assert "2.33倍" in lead and "长三角" in lead and "2.77倍" not in lead, lead


def test_a_value_several_places_share_is_not_the_one_asked() -> None:
    """"江苏的…占全国比重": "江苏、广东、山东三省合计占比近40%" names 江苏 but is the three provinces' value;
    江苏's own 14.42% leads (new-user trial 34)."""
    lead = _lead_over("江苏的专精特新企业数量占全国比重是多少？",
                      "从省份分布看，专精特新企业高度集中于东部沿海经济大省，江苏、广东、山东三省合计占比近40%，"
                      "长三角地区占据全国近三分之一。江苏省以14.42%的占比位居首位。",
                      "专精特新企业数量持续增长。")
    assert "14.42%" in lead and "近40%" not in lead, lead


@pytest.mark.parametrize(("row", "sentence"), [
    ("荣誉类型：企业技术中心 | 国家级持有率：63.28% | 省级持有率：20.32% | 差距倍数：3.1x",
     "企业技术中心：国家级持有率63.28%，省级持有率20.32%，差距倍数3.1x"),
    # a bare number (排名：1) says nothing of what the row is about: the next cell does
    ("排名：1 | 省份：江苏省 | 全国占比：14.42%", "江苏省：排名1，全国占比14.42%"),
    ("财务指标：2024年营收增长率 | 省级专精特新企业中位数：0.31%", "2024年营收增长率：省级专精特新企业中位数0.31%"),
    ("不是表格的一句话：12.3%", "不是表格的一句话：12.3%"),
])
def test_a_table_row_leads_as_a_sentence(row: str, sentence: str) -> None:
    from assistant.answering.typed_lead import row_as_sentence

    assert row_as_sentence(row) == sentence


@pytest.mark.parametrize(("question", "sentence", "expected"), [
    # naming only a place shared with the sentence: nothing asked is stated
    ("常州明天天气怎么样", "排名：15 | 省份：常州市 | 全国占比：1.50%", True),
    ("无锡今天限电吗", "苏州（72件）、常州（68件）、无锡（61件）", True),
    # the sentence states what is asked of the place
    ("常州有多少家小巨人", "常州市国家级专精特新“小巨人”企业30家", False),
    # no place asked: not this rule's to judge
    ("明天天气怎么样", "排名：15 | 省份：常州市", False),
    # a figure shared is no more than a place shared (blind35: 79% of companies answered a phone battery)
    ("iPhone电池健康掉到79%了，要不要去换电池？", "79%的企业主导产品在本省细分领域排名首位", True),
    ("国家级小巨人里排名首位的占79%吗", "79%的企业主导产品在本省细分领域排名首位", False),
])
def test_a_sentence_sharing_only_the_place_asked_states_nothing_asked(question: str, sentence: str,
                                                                     expected: bool) -> None:
    assert names_only_places(question, sentence) is expected


_STAGES = "投贷联动。初创期以天使投资“扶上马”，推广研发贷；成长期以创投基金“送一程”；成熟期以产业资本“助腾飞”，支持并购。另：…"


@pytest.mark.parametrize(("question", "expected"), [
    # items listed with 、 and asked each: the run of clauses naming them all, from the first to the last
    ("初创期、成长期、成熟期分别靠哪类资本？", "初创期以天使投资“扶上马”，推广研发贷；成长期以创投基金“送一程”；成熟期以产业资本“助腾飞”，支持并购。"),
    ("成长期、成熟期各靠什么资本？", "成长期以创投基金“送一程”；成熟期以产业资本“助腾飞”，支持并购。"),
    # not asked each, an item the passage lacks, or items out of order: no span
    ("初创期、成长期靠什么资本？", None),
    ("初创期、衰退期分别靠什么？", None),
    ("成熟期、初创期分别靠什么？", None),
])
def test_items_asked_each_are_answered_by_the_clauses_naming_them(question: str, expected: str | None) -> None:
    assert enumerated_span(question, _STAGES) == expected


def test_a_sentence_naming_no_place_is_of_the_place_its_passage_opens_with() -> None:
    """A province's passage ("山东省 / …362家。/ 在国家级…企业中，…达83%。"): the 83% sentence names no
    place, yet it is 山东's figure and is led before the place's own count, which is not what is asked."""
    lead = _lead_over("山东国家级小巨人里，产品属于关键领域补短板的占比有多少？",
                      "山东省\n省级“专精特新”中小企业3424家，国家级专精特新“小巨人”企业362家。\n"
                      "在国家级专精特新“小巨人”企业中，70%以上的深耕主业10年以上，产品（技术）属于关键领域补短板"
                      "或填补国内国际空白的达83%。",
                      "浙江省\n国家级专精特新“小巨人”企业中涉及关键领域“补短板”企业占比78.8%。")
    assert "83%" in lead, lead


def test_a_chart_row_of_bare_figures_answers_a_count_by_its_one_cell() -> None:
    """"东莞有几家": the chart row (indexer/charts.py) "东莞：110" answers, cut to that cell under the
    chart's title; a company profile's "是一家…企业" is an article, not a count."""
    lead = _lead_over("广东省内东莞有几家小巨人？",
                      "东莞市豪顺精密科技有限公司成立于1998年，总部位于广东省东莞市，是一家专注于液晶电视模组背板的高新技术企业。",
                      "图表：广东省内专精特新“小巨人”企业城市分布 | 深圳：446 | 广州：124 | 东莞：110 | 佛山：48")
    assert "东莞110" in lead and "深圳" not in lead, lead


def test_glued_place_items_of_a_table_row_are_cut_at_each_place() -> None:
    """A slide's label and value lines glued ("东部地区总计5473家东北地区总计5473家西部地区总计1245家…"),
    under a table header naming every place: the place asked gets its own item."""
    lead = _lead_over("西部地区小巨人一共多少家？",
                      "【东部 | 中部 | 西部 | 东北】东部地区总计5473家东北地区总计5473家西部地区总计1245家"
                      "中部地区总计2149家第一批第二批第三批第四批",
                      "西部地区专精特新“小巨人”企业数量占全国比重始终仅有20%左右。")
    assert lead.startswith("西部地区总计1245家"), lead


def test_a_count_said_with_da_answers_how_many() -> None:
    """"聚焦多少个战略性新兴产业" is answered by "14大战略性新兴产业"."""
    lead = _lead_over("山西聚焦多少个战略性新兴产业？",
                      "山西聚焦14大战略性新兴产业：信息技术应用创新、半导体、大数据、碳基新材料。",
                      "山西省对国家级专精特新“小巨人”企业奖励30万元。")
    assert "14大" in lead, lead


def test_a_count_said_with_da_before_its_series_answers_how_many() -> None:
    """blind36: "产品线一共覆盖多少个系列" is answered by "21大系列" (大 before 系列, not only before 产业…)."""
    lead = _lead_over("河北跃迪的产品线一共覆盖多少个系列？",
                      "河北跃迪新能源科技集团是国家级高新技术企业，产品覆盖21大系列100多种。",
                      "元氏县以河北跃迪新能源科技集团等龙头企业为引擎。")
    assert "21大系列" in lead, lead


def test_a_slides_count_with_a_plus_sign_counts_what_follows_in_any_unit() -> None:
    """blind36, blind28: "合作的券商、律所、投行伙伴有多少家" is answered by "20+券商/律所/投行伙伴", "卖到了多少个
    国家" by "100+国家": the figure before + counts what follows it, whatever unit the question says."""
    lead = _lead_over("阿里云的生态里合作的券商、律所、投行伙伴有多少家？",
                      "阿里云专精特新服务生态\n20+头部媒体传播\n20+券商/律所/投行伙伴",
                      "阿里云已先后与福建省、四川省等工信部门展开合作。")
    assert "20+券商" in lead, lead


def test_a_physical_quantity_asked_by_its_unit_is_stated_in_it_or_said_missing() -> None:
    """blind36: "年产能大概多少吨" was led by a sentence naming the company and no figure."""
    question = "一兮生物的HMOs年产能大概多少吨？"
    assert [t.name for t in asked_types(question)] == ["measure"]
    chunk = _chunk(0, "典型案例是苏州一兮生物技术有限公司，聚焦高端功能性食品添加剂HMOs生物合成领域。")
    answer = compose_extractive_answer(question, [SearchHit(chunk=chunk, score=1.0)], BM25Index([*CHUNKS, chunk]),
                                       min_support=0.2)
    assert answer.refused and "未找到所问的具体数量" in answer.answer
    stated = _chunk(1, "一兮生物的HMOs年产能达到200吨，规模国内领先。")
    answer = compose_extractive_answer(question, [SearchHit(chunk=stated, score=1.0)],
                                       BM25Index([*CHUNKS, stated]), min_support=0.2)
    assert not answer.refused and "200吨" in answer.answer.partition("\n")[0]


def test_a_province_glued_after_another_provinces_count_gets_its_own_entry() -> None:
    """A slide's goals glued line after line ("…省市级300+家宁夏到2025年发展国家级50家，省市级1000家甘肃…"):
    宁夏 names no 省, yet starts its own entry; asked of 宁夏, the lead is its entry alone, both of its values."""
    goals = ("北京到2025年发展国家级500家，市级“专精特新”企业5000家天津到2025年发展省市级1000家"
             "云南到2025年发展国家级100+家，省市级300+家宁夏到2025年发展国家级50家，省市级1000家"
             "甘肃到2025年发展国家级100+家，省市级400+家")
    lead = _lead_over("宁夏到2025年国家级专精特新企业的目标是多少家？", goals,
                      "自2019年以来，工信部共分四批次公示了9279家专精特新“小巨人”企业。")
    assert lead.startswith("宁夏到2025年发展国家级50家，省市级1000家"), lead
    assert "云南" not in lead and "甘肃" not in lead and "500家" not in lead, lead


def test_a_count_with_a_plus_sign_is_a_count() -> None:
    """"1500+家" is a count (1500余家), the value of 山东's goal."""
    lead = _lead_over("山东到2025年发展多少家专精特新企业？",
                      "天津到2025年发展省市级1000家山东到2025年发展省市级1500+家江苏到2025年新增省级以上1700+家",
                      "自2019年以来，工信部共分四批次公示了9279家专精特新“小巨人”企业。")
    assert lead.startswith("山东到2025年发展省市级1500+家"), lead


def test_a_places_entry_of_several_values_is_led_whole() -> None:
    """"北京到2025年，国家级、市级小巨人、市级专精特新各定了多少家": 北京's entry holds three values, the
    last two naming no place; the lead runs on through them up to 天津's entry."""
    lead = _lead_over("北京到2025年，国家级、市级小巨人、市级专精特新各定了多少家的目标？",
                      "北京到2025年发展国家级500家，市级专精特新“小巨人”1000家，市级“专精特新”企业5000家"
                      "天津到2025年发展省市级1000家山东到2025年发展省市级1500+家",
                      "自2019年以来，工信部共分四批次公示了9279家专精特新“小巨人”企业。")
    assert "500家" in lead and "1000家" in lead and "5000家" in lead and "天津" not in lead, lead


def test_a_label_under_its_paragraph_does_not_head_the_next_places_line() -> None:
    """iresearch-2022's slide puts each region's label under its paragraph ("…虽不足30%…" / "中部地区" /
    "西部地区…仅有20%左右"): the 西部 line is 西部's, not 中部's, though the label 中部地区 precedes it."""
    text = ("中部地区专精特新“小巨人”企业数量占全国比重虽不足30%，但保持持续上升态势。\n中部地区\n"
            "西部地区专精特新“小巨人”企业数量占全国比重虽始终仅有20%左右，但其在新能源领域潜力较大。")
    lead = _lead_over("中部地区小巨人数量占全国比重是多少？", text, "东部地区始终为小巨人培育引领核。")
    assert "不足30%" in lead and "20%" not in lead, lead
    west = _lead_over("西部地区小巨人数量占全国比重是多少？", text, "东部地区始终为小巨人培育引领核。")
    assert west.startswith("西部地区") and "20%左右" in west, west


def test_a_rank_asked_of_a_place_keeps_the_places_in_their_order() -> None:
    """"浙江省国家级小巨人占比排第几" led with 浙江's item alone (浙江省（15.43%）): the rank is the order of the
    places under 位列前三, so the clause is kept whole."""
    lead = _lead_over("浙江省国家级小巨人占比排第几？",
                      "从国家级专精特新“小巨人”企业占比看，浙江省（15.43%）、江苏省（12.22%）、广东省（11.59%）位列前三。",
                      "自2019年以来，工信部共分四批次公示了9279家专精特新“小巨人”企业。")
    assert "浙江省（15.43%）" in lead and "位列前三" in lead, lead
    share = _lead_over("浙江省国家级小巨人占比是多少？",
                       "从国家级专精特新“小巨人”企业占比看，浙江省（15.43%）、江苏省（12.22%）、广东省（11.59%）位列前三。",
                       "自2019年以来，工信部共分四批次公示了9279家专精特新“小巨人”企业。")
    assert "15.43%" in share and "江苏" not in share, share  # a share asked: its own item still


def test_a_value_asked_of_a_place_no_passage_speaks_of_is_not_found() -> None:
    """New-user trials 38 and 40: "成都专精特新企业的专利总量中位数是多少件？" led with the 有标准/无标准 table's
    123件 — a median of other groups. No sentence or passage is about 成都: the value is said not to be found."""
    lead = _lead_over("成都专精特新企业的专利总量中位数是多少件？",
                      "指标：专利总量中位数 | 国家级-有标准：123件 | 国家级-无标准：87件 | 省级-有标准：52件",
                      "从创新质量看，专利总量中位数是衡量企业科创力的关键指标。苏州（72件）、常州（68件）等城市创新密度显著高于一线城市。"
                      "此外，重庆、成都、武汉、长沙等中西部核心城市的专精特新企业数量入围全国前二十。")
    assert lead.startswith("知识库中未找到所问的具体数量"), lead


def test_an_added_notices_title_names_the_place_its_sentences_speak_of() -> None:
    """Trial 42: "吴中区那份2026年的通知里，申报截止时间是哪天？" had been 未找到, the notice's own sentence quoted as
    not the answer, because the sentence does not repeat 吴中区."""
    notice = Chunk(chunk_id="lib-wz:0001", doc_id="lib-wz", title="关于兑现2025年度吴中区专精特新企业认定奖励的通知",
                   kind="notice", section_path=["三、申报要求"], start_line=12, end_line=13,
                   text="企业应通过平台提交申报材料。申报截止时间为2026年6月30日。")
    heading = notice.model_copy(update={"chunk_id": "lib-wz:0000", "section_path": [], "start_line": 1, "end_line": 2,
                                        "text": "关于兑现2025年度吴中区专精特新企业认定奖励的通知。各镇（街道）："})
    bm25 = BM25Index([heading, notice])
    answer = compose_extractive_answer("吴中区那份2026年的通知里，申报截止时间是哪天？", [SearchHit(chunk=notice, score=1.0)],
                                       bm25, min_support=0.1)
    assert not answer.refused and "2026年6月30日" in lead_of(answer.answer)
    elsewhere = notice.model_copy(update={"title": "关于兑现2025年度相城区专精特新企业认定奖励的通知"})
    other = compose_extractive_answer("吴中区那份2026年的通知里，申报截止时间是哪天？", [SearchHit(chunk=elsewhere, score=1.0)],
                                      bm25, min_support=0.1)
    assert "2026年6月30日" not in lead_of(other.answer)  # another district's notice does not answer for 吴中区


def test_the_figures_clause_keeps_the_next_one_naming_what_it_is_for() -> None:
    """"中央财政安排多少奖补资金支持小巨人": "…安排100亿元以上奖补资金" and the next clause, "支持千余家国家级专精特新
    “小巨人”企业", which names what the question asks the money for (golden fin-007 had stopped before it)."""
    from assistant.answering.extractive import _lead_fact

    sentence = "中央财政中小企业发展专项资金安排100亿元以上奖补资金，支持千余家国家级专精特新“小巨人”企业，推动高质量发展。"
    weights = {"中央财政": 5.2, "安排": 4.3, "奖补": 4.1, "资金": 2.7, "支持": 1.4, "小巨人": 1.1}
    assert _lead_fact("中央财政安排多少奖补资金支持小巨人", sentence, weights) == (
        "中央财政中小企业发展专项资金安排100亿元以上奖补资金，支持千余家国家级专精特新“小巨人”企业")
    # a next clause naming nothing the figure's clause lacks is left
    assert _lead_fact("中央财政安排多少奖补资金", sentence, {"中央财政": 5.2, "安排": 4.3, "奖补": 4.1}) == (
        "中央财政中小企业发展专项资金安排100亿元以上奖补资金")


def test_a_share_column_holding_no_share_is_left_out_of_a_row_read() -> None:
    # 图表22's last column is headed 国家级占比 but holds 专利中位数 (52): no share is said from it
    from assistant.answering.typed_lead import row_as_sentence
    assert row_as_sentence("排名：7 | 省份：杭州市 | 全国占比：2.45% | 国家级占比：52") == "杭州市：排名7，全国占比2.45%"


def test_a_row_whose_asked_share_is_mislabelled_does_not_state_it() -> None:
    """blind36 (那北京自己呢 → 北京的国家级占比): the row whose 国家级占比 holds 27 had led with its 全国占比 (6.79%),
    the words 国家级占比 counted though its statement leaves them out; the row stating the share leads."""
    question = "北京的国家级占比是多少？"
    hits = [SearchHit(chunk=_chunk(0, "排名：1 | 省份：北京市 | 全国占比：6.79% | 国家级占比：27", table=True), score=1.0),
            SearchHit(chunk=_chunk(1, "排名：5 | 省份：北京市 | 全国占比：6.79% | 国家级占比：10.73%", table=True), score=0.5)]
    found = typed_candidates(question, hits, asked_types(question), {"北京": 3.1, "占比": 1.3, "国家级": 1.0})
    assert "10.73%" in found[0].lead


def test_a_notice_sentence_states_its_value_for_the_place_its_title_names() -> None:
    """New-user trial 46: an added notice's deadline, its sentence naming no place, had been 未找到."""
    notice = Chunk(chunk_id="lib:0001", doc_id="lib-2026-x", title="关于兑现2026年度余杭区专精特新企业奖励的通知",
                   kind="notice", rule_version=None, section_path=[], start_line=12, end_line=12,
                   text="请符合条件的企业于2026年4月30日前通过“亲清在线”平台提交申请材料。")
    bm25 = BM25Index([*CHUNKS, notice])
    answer = compose_extractive_answer("余杭区的奖励什么时候之前申请？", [SearchHit(chunk=notice, score=1.0)], bm25,
                                       min_support=0.2)
    assert "4月30日" in answer.answer.splitlines()[0], answer.answer
    # a web page's date ("发布日期：2026-03-18") is a day
    assert answer_type("day").value.search("发布日期：2026-03-18")


def test_a_contact_or_issuer_asked_of_a_reward_notice_is_no_reward_amount() -> None:
    from assistant.answering.typed_lead import asks_besides_reward

    assert asks_besides_reward("成都高新区专精特新奖励申报的联系电话是多少？")
    assert asks_besides_reward("成都高新区那个专精特新奖励通知是哪个单位发的？")
    assert not asks_besides_reward("成都高新区对国家级小巨人企业奖励多少？")


LIST_CHUNKS = [
    Chunk(chunk_id="iresearch-2022:0090", doc_id="iresearch-2022", title="《测试报告》", kind="report", rule_version=None,
          section_path=["精准服务"], text="各地政府为企业提供精准对接服务主要途径包括3类：\n• 企业宣传：通过举办论坛宣传典型案例。\n"
          "• 建立企业档案：“一户一档”提供一对一服务。", start_line=100, end_line=105),
    Chunk(chunk_id="iresearch-2022:0091", doc_id="iresearch-2022", title="《测试报告》", kind="report", rule_version=None,
          section_path=["精准服务"], text="• 公共服务平台建设：建设地区统一的中小企业公共服务平台。", start_line=105, end_line=107),
    Chunk(chunk_id="cultivation-report-2026:0300", doc_id="cultivation-report-2026", title="《测试报告》", kind="report",
          rule_version=None, section_path=["案例"], text="豪顺精密的成长路径为中小企业提供了三点重要启示：启示一，专注是前提。"
          "中小企业必须选择细分领域深耕细作。启示二，创新是关键。230项授权专利是核心支撑。启示三，场景拓展是动力。",
          start_line=300, end_line=302),
]
LIST_BM25 = BM25Index(LIST_CHUNKS)


@pytest.mark.parametrize(("question", "first", "items"), [
    # bullets announced by a count, the last in the next chunk: each by its label
    ("各地政府做精准对接服务有哪三类途径？", 0, ["企业宣传", "建立企业档案", "公共服务平台建设"]),
    # items named by their ordinal, an explanation between them
    ("豪顺精密的案例给了哪三点启示？", 2, ["专注是前提", "创新是关键", "场景拓展是动力"]),
])
def test_a_list_announced_by_its_count_leads_with_every_item(question: str, first: int, items: list[str]) -> None:
    hits = [SearchHit(chunk=LIST_CHUNKS[first], score=1.0)]
    answer = compose_extractive_answer(question, hits, LIST_BM25, min_support=0.1)
    lead = lead_of(answer.answer)
    assert all(item in lead for item in items), lead
    assert "深耕细作" not in lead and "核心支撑" not in lead  # the explanations are not items


def test_a_change_leads_from_what_changed_not_from_where_it_went() -> None:
    """"提升至5000万元以上" alone says neither what rose nor from where: the lead runs from the clauses
    before it in its sentence (the README's "2026年新办法把门槛提高了多少？" had led with that fragment)."""
    chunks = [_chunk(0, "在培育专精特新“小巨人”层级方面，新《办法》的认定门槛全面收紧：营收门槛从旧版通过融资满足条件而无"
                        "明确下限，提升至5000万元以上；研发费用从旧版近两年均不低于3%提升至近两年合计不低于1200万元。"),
              _chunk(1, "数字化水平评价包括数字化研发设计工具普及率等。")]
    answer = compose_extractive_answer("新办法把营收门槛提高了多少？", [SearchHit(chunk=chunks[0], score=1.0)],
                                       BM25Index(chunks), min_support=0.2, typed=False)
    lead = answer.answer.splitlines()[0]
    assert "5000万元以上" in lead
    assert lead.startswith("在培育专精特新“小巨人”层级方面"), lead


def test_a_notice_is_issued_by_its_signature_not_by_whom_it_addresses() -> None:
    """Trial 49: "武进这个通知是哪个部门发的？" led with the notice's addressees (各镇人民政府…区各有关部门)."""
    organization = answer_type("organization").value
    assert organization.search("常州市武进区关于2026年度专精特新企业培育奖励的通知各镇人民政府、街道办事处，区各有关部门，各有关企业：") is None
    assert organization.search("常州市武进区工业和信息化局，2026年6月15日").group(0).endswith("武进区工业和信息化局")


def test_a_count_of_companies_rewarded_is_no_reward_amount() -> None:
    """Trial 49: "武进区去年一共有多少家企业拿到了区里的小巨人奖励？" was looked up in the reward table."""
    from assistant.answering.typed_lead import asks_besides_reward

    assert asks_besides_reward("武进区去年一共有多少家企业拿到了区里的小巨人奖励？")
    assert not asks_besides_reward("武进区对小巨人奖励多少？")
    assert not asks_besides_reward("重庆对国家级小巨人的奖补有多少？")  # an amount, though 有多少 may count


def test_a_table_row_is_one_statement_though_a_cell_runs_past_a_semicolon() -> None:
    """blind35: "豪顺精密成长期导入了哪些管理系统？" led with the row cut at its cell's ；, before 导入 ERP 与 MES 系统."""
    row = ("时间节点：2011-2020 | 发展阶段：成长期 | 标志性事件：成为多家头部电视品牌战略供应商，布局多基地就近交付 | "
           "创新成果：产品进入创维、TCL、海信等国际厂商供应链；导入 ERP 与 MES 系统，实现全流程追溯")
    question = "豪顺精密成长期导入了哪些管理系统？"
    chunks = [_chunk(0, row, table=True), _chunk(1, "豪顺精密的发展历程分为初创期、成长期和成熟期。")]
    bm25 = BM25Index(chunks)
    from assistant.answering.sentences import question_weights

    candidates = typed_candidates(question, [SearchHit(chunk=chunks[0], score=1.0)], asked_types(question),
                                  question_weights(question, bm25))
    assert candidates and all("ERP" in c.lead and "创维" in c.lead for c in candidates), [c.lead for c in candidates]


def test_a_sentence_going_place_by_place_leads_with_the_asked_places_clause() -> None:
    """blind35: "那东部地区呢？" after 东北地区 led with every region's direction, 东北's first."""
    from assistant.answering.extractive import _asked_place_clauses

    sentence = ("此背景下，各地区应聚焦不同产业发展路径培育“专精特新”企业，东部地区以强化关键核心技术创新为重点方向，"
                "中部地区以承接新兴产业布局和转移为重点方向，东北地区以加快传统优势产业改造升级为重点方向，"
                "西部地区以有序承接东部地区新能源产业转移为重点方向。")
    lead = _asked_place_clauses("艾瑞说东部地区以后培育专精特新重点往哪走？", sentence)
    assert lead == "此背景下，各地区应聚焦不同产业发展路径培育“专精特新”企业，东部地区以强化关键核心技术创新为重点方向"
    assert "东部地区新能源" in (_asked_place_clauses("西部地区以什么为重点方向？", sentence) or "")
    # a sentence of one place, or a question naming none, is not cut
    assert _asked_place_clauses("东部地区重点往哪走？", "东部地区以强化关键核心技术创新为重点方向。") is None
    assert _asked_place_clauses("各地区重点往哪走？", sentence) is None


def test_a_notices_signature_answers_who_issued_it_and_when() -> None:
    """New-user trial 50: "这个通知是哪个部门什么时候发的" searched in the notice the last answer cited; its signature
    states both kinds asked and leads, before the title line (2026年度, 各有关部门) that says more of the words."""
    title = "常州市武进区关于2026年度专精特新企业培育奖励的通知"
    notice = Chunk(chunk_id="lib:0001", doc_id="lib-wj", title=title, kind="notice", rule_version=None,
                   section_path=[], start_line=1, end_line=5,
                   text=f"{title}\n各镇人民政府、街道办事处，区各有关部门：\n对新认定的国家级专精特新“小巨人”企业，给予50万元奖励。\n"
                        "常州市武进区工业和信息化局，2026年6月15日")
    lead = compose_extractive_answer("这个通知是哪个部门什么时候发的？", [SearchHit(chunk=notice, score=1.0)],
                                     BM25Index([*CHUNKS, notice]), min_support=0.2).answer.splitlines()[0]
    assert lead.startswith("常州市武进区工业和信息化局，2026年6月15日"), lead


def test_the_document_the_last_answer_cited_is_the_one_pointed_at() -> None:
    from assistant.chain import Turn, _document_pointed_at
    from assistant.frame import read_turn
    from assistant.models import ChatMessage

    titles = {"lib-wj": "常州市武进区关于2026年度专精特新企业培育奖励的通知", "measures-2022-training": "《优质中小企业梯度培育管理暂行办法》解读培训"}
    messages = [ChatMessage(role="user", content="申报找谁，电话多少？"),
                ChatMessage(role="assistant", content="联系人：王老师。[1]\n\n依据：\n[1] 常州市武进区关于2026年度专精特新企业培育奖励的通知（L9-L13）"),
                ChatMessage(role="user", content="这个通知是哪个部门什么时候发的？")]
    frame = read_turn(messages)
    assert _document_pointed_at(Turn(messages=frame.messages, question=frame.question, frame=frame), titles) == "lib-wj"
    other = read_turn([*messages[:2], ChatMessage(role="user", content="那昆山呢？")])
    assert _document_pointed_at(Turn(messages=other.messages, question=other.question, frame=other), titles) is None


def test_a_list_after_a_sentence_pointing_at_its_chart_is_of_what_that_sentence_names() -> None:
    """blind36: "仪器仪表制造、通用设备…等行业领域专利布局热度较高" follows "…授权发明的所属产业领域分析如图所示。", which says
    what the list is of; another passage's list naming more of the question's words had led."""
    lead = _lead_over("22到24年小巨人拿到授权的发明专利，主要集中在哪些产业领域？",
                      "核心发现：创新质量维度差距高达77.8%，具体体现为发明专利数量不足、授权质量不高、高价值专利稀缺。",
                      "发明专利是支撑国家级专精特新“小巨人”企业重点产品的一类知识产权。基于2022—2024年授权发明的所属产业领域分析"
                      "如图所示。仪器仪表制造、通用设备、计算机和辅助设备、电气设备、专用设备等行业领域专利布局热度较高。")
    assert lead.startswith("仪器仪表制造"), lead


def test_a_signatures_date_on_its_own_line_goes_with_the_issuing_body() -> None:
    """New-user trial 51: a Word notice signs "宁波市鄞州区经济和信息化局" and "2026年5月20日" on two lines; the date alone
    shared no word with "鄞州那个通知是哪天发的" and was said missing. A date line ends its item too: the deadline
    above is not joined to the contact line."""
    title = "鄞州区关于2026年度专精特新企业奖励政策的通知"
    notice = Chunk(chunk_id="lib:0002", doc_id="lib-yz", title=title, kind="notice", rule_version=None,
                   section_path=[], start_line=7, end_line=11,
                   text="同一企业同年度获得多项认定的，按最高标准奖励，不重复享受。\n申报截止时间：2026年9月30日\n"
                        "联系人：陈老师，联系电话：0574-88880000\n宁波市鄞州区经济和信息化局\n2026年5月20日")
    hits = [SearchHit(chunk=notice, score=1.0)]
    bm25 = BM25Index([*CHUNKS, notice])
    date = compose_extractive_answer("鄞州那个通知是哪天发的？", hits, bm25, min_support=0.2).answer.splitlines()[0]
    assert date.startswith("宁波市鄞州区经济和信息化局，2026年5月20日"), date
    contact = compose_extractive_answer("鄞州的通知找谁联系，电话多少？", hits, bm25, min_support=0.2).answer.splitlines()[0]
    assert contact.startswith("联系人：陈老师"), contact



_DIGITAL = ("（1）数字化研发能力提升：a.推广数字化研发设计工具（CAD/CAE/CAM），普及率目标≥60%。"
            "b.建设行业级工业互联网平台，提供共性技术云服务。c.支持企业建设智能工厂、数字化车间。")
# (the report's lines: a numbered heading, then its items, one a line)
_DIGITAL_LINES = ("（1）数字化研发能力提升\na.推广数字化研发设计工具（CAD/CAE/CAM），普及率目标≥60%。\n"
                  "b.建设行业级工业互联网平台，提供共性技术云服务。\nc.支持企业建设智能工厂、数字化车间。")


def test_the_item_of_a_headed_list_stating_the_asked_words_leads_with_its_heading() -> None:
    """Blind38: "数字化研发能力提升那几条里…建个什么平台来提供共性技术云服务" led with the heading "（1）数字化研发能力提升"
    alone (its item number read as the figure 几 asks)."""
    lead = _lead_over("数字化研发能力提升那几条里，报告说要建个什么平台来提供共性技术云服务？", _DIGITAL_LINES)
    assert lead.startswith("（1）数字化研发能力提升：b.建设行业级工业互联网平台"), lead


def test_no_item_leads_when_none_alone_states_the_asked_words() -> None:
    from assistant.answering.extractive import item_asked

    assert item_asked(_DIGITAL, {"数字化": 2.5, "提升": 1.9}) is None
    assert item_asked("没有列表的一句话：只是说明。", {"平台": 1.0}) is None


def test_a_figure_with_its_approximation_alone_on_a_slide_line_completes_the_line_before() -> None:
    """blind40: "…的比重处于" / "25%左右。" had led cut at 处于, the figure's line read as a new item."""
    lead = _lead_over("课件里说小巨人研发人员一般占全部职工的多少？",
                      "研发经费占营业收入比重\n达到7%，平均研发人员占\n企业全部职工的比重处于\n25%左右。\n建立国家级企业技术中心")
    assert "处于25%左右" in lead, lead


def test_a_gap_asked_beside_another_group_is_a_type_of_its_own() -> None:
    """blind40: "跟规上中小工业企业比快多少" asked no type, and a table of shares led."""
    assert "gap" in [t.name for t in asked_types("小巨人营收增速跟规上中小工业企业比快多少")]
    value = answer_type("gap").value
    assert value.search("增速高于规模以上中小工业企业约11个百分点") and value.search("差距+50%")
    assert not value.search("同比增长超30%")


def test_money_asked_as_how_much_money_is_an_amount_not_a_count() -> None:
    """blind40: "一共要覆盖多少家企业？钱有多少？" asked the companies only, and the 100亿元 clause was cut."""
    assert {t.name for t in asked_types("一共要覆盖多少家企业？钱有多少？")} == {"count", "amount"}
    assert [t.name for t in asked_types("钱有多少？")] == ["amount"]


def test_a_bracket_of_values_asked_is_answered_by_the_sentence_stating_that_bracket() -> None:
    """blind40: "营收在1亿到10亿之间的…占多少" had been led by 1亿元以内's 21%, which shares more of its words."""
    terms = QuestionTerms.of("国家级小巨人里参保51到100人的占多少，501到1000人这一档？")
    assert terms.span == ("501", "1000"), "the bracket named last is the one a follow-up asks"
    assert terms.states_span("501—1000人：国家级专精特新“小巨人”企业占比10.86%")
    assert not terms.states_span("51—100人：国家级专精特新“小巨人”企业占比18.26%")
    assert QuestionTerms.of("2022—2024年营收增速是多少").span is None, "a span of years is no bracket of values"
    lead = _lead_over("2020年营收在1亿到10亿之间的小巨人，大概占多少比例？",
                      "1900余家专精特新“小巨人”企业2020年营业收入在1亿元以内，占比21%；多数企业营收处于1亿元至10亿元区间，"
                      "共计占比74%。")
    assert "74%" in lead and "21%" not in lead, lead


def test_a_quoted_sentence_leads_without_the_word_tying_it_to_the_one_before() -> None:
    """blind40: "但相较于沪深两市，…" led with 但."""
    lead = _lead_over("跟沪深比，专精特新企业去北交所上市有什么好处？",
                      "但相较于沪深两市，“专精特新”企业在北交所上市具有企业锁定期较短、转版上市制度完备等优势。")
    assert lead.startswith("相较于沪深两市"), lead


def test_the_item_at_a_place_in_a_list_is_no_rank_asked() -> None:
    """blind41: "那几条，排第一的是聚焦什么" was told 未找到所问的具体名次."""
    assert "rank" not in [t.name for t in asked_types("“多措并举”那几条，排第一的是聚焦什么？")]
    assert "rank" not in [t.name for t in asked_types("第二条是能推动什么？")]
    assert "rank" in [t.name for t in asked_types("江苏专精特新企业数量排第几？")]


def test_a_one_sided_bracket_asked_is_answered_by_the_sentence_stating_it() -> None:
    """blind35: "科创力评分不到60分的企业…成功率" had been led by the ≥85分 sentence, which shares more of its words."""
    terms = QuestionTerms.of("科创力评分不到60分的企业，电子核心产业的国家级认定成功率是多少？")
    assert terms.bound == ("below", "60")
    assert terms.bracket_fit("低于60分：电子核心产业8.2%") == 1
    assert terms.bracket_fit("科创力评分85分以上时，电子核心产业成功率高达78.5%") == -1
    assert terms.bracket_fit("电子核心产业成功率最高") == 0
    lead = _lead_over("科创力评分不到60分的企业，电子核心产业的国家级认定成功率是多少？",
                      "从转化效率看，同等科创力评分下，电子核心产业的国家级认定成功率显著高于其他领域——科创力评分≥85分时，"
                      "电子核心产业成功率高达78.5%。",
                      "科创力评分<60分时，电子核心产业国家级认定成功率为8.2%，高端装备6.5%。")
    assert "8.2%" in lead and "78.5%" not in lead, lead
