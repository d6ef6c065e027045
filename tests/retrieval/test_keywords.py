"""The content words of a question: what it is about, not how it asks or which version it names."""

from __future__ import annotations

import pytest

from assistant.retrieval.text_processing import expand_query, keywords, synonyms_of


@pytest.mark.parametrize(("question", "present", "absent"), [
    # a version word chooses the rules; the topic is the rest
    ("新办法下小巨人的研发费用要多少？", ["小巨人", "研发费用"], ["新办法", "多少"]),
    # a question about the versions themselves keeps them as its topic
    ("新办法出来以后，原来的暂行办法还有效吗？", ["有效", "暂行办法"], []),
    # names of products the documents describe are words, not single characters dropped (钉/钉)
    ("小巨人企业里有多少在用阿里云，用钉钉？", ["阿里云", "钉钉"], ["阿里"]),
    # a two-digit year names a version, not a topic
    ("22年办法里质量管理水平这个打分项是怎么算分的？", ["质量", "打分项"], ["22", "项是"]),
    # "牵头发的" is 牵头 + 发, not 头发 (hair)
    ("中小企业集合债一般是谁来牵头发的？", ["集合债", "牵头"], ["头发"]),
    ("供应链金融这块，主要有哪几种融资方式？", ["供应链", "融资"], ["这块"]),
    # 其中 points back to the question before: no topic of its own (it had matched "其中343家")
    ("苏州有多少家专精特新企业？其中国家级多少家？", ["苏州", "国家级"], ["其中"]),
    # a quoted term is one word however jieba cuts it (开四停 + 四); 就是 and 一般 are fillers
    ("广州在车辆限行上有什么照顾？就是“开四停四”那个。", ["开四停四", "限行"], ["开四停", "就是"]),
    ("国家级小巨人一般有多少人参保？", ["国家级", "小巨人"], ["一般"]),
    # how many things a list names is not what they are (一类 is I类, a topic)
    ("政策体系主要是哪两份文件撑起来的？", ["政策", "文件"], ["两份"]),
    ("市场化服务商大概能分成三类吗？", ["服务商"], ["三类"]),
    ("有1项一类知识产权", ["一类", "知识产权"], []),
])
def test_keywords(question: str, present: list[str], absent: list[str]) -> None:
    words = keywords(question)
    assert all(w in words for w in present) and not any(w in words for w in absent), words


def test_all_专精特新_enterprises_are_not_searched_as_the_provincial_tier() -> None:
    """"专精特新企业" in the reports counts every level; expanding it to the tier "专精特新中小企业"
    pulled the rules' passages above the statistics asked ("浙江的专精特新企业里，国家级小巨人占比")."""
    assert "专精特新中小企业" not in expand_query("浙江的专精特新企业里，国家级小巨人占比是多少？")
    assert "北京证券交易所" in expand_query("北交所上市的小巨人有几家？")  # other groups still expand


@pytest.mark.parametrize(("question", "added"), [
    ("新办法的基础层新加进来的是哪类企业？", "纳入"),  # the report: 首次将科技型中小企业纳入
    ("国家级小巨人一般有多少人交社保？", "参保"),  # the report: 参保人数
])
def test_everyday_words_are_searched_as_the_reports_word(question: str, added: str) -> None:
    assert added in expand_query(question)


def test_a_guess_is_not_searched_for_its_filler_words_and_a_top_ten_is_one_word() -> None:
    """blind39: "排前十的省份加起来，应该也就占全国一半左右吧" searched 排前 and 应该, and missed "TOP10省份集中了86.3%"."""
    words = keywords("专精特新企业排前十的省份加起来，应该也就占全国一半左右吧？")
    assert "前十" in words and "应该" not in words and "也就" not in words
    assert "TOP10" in synonyms_of("前十")
