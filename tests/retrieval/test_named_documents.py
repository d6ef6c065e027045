"""A question naming a document by its title (《…》, whole or its beginning) is searched in it."""

from __future__ import annotations

import re

import pytest

from assistant.frame import intent_words
from assistant.retrieval.named_documents import documents_named

TITLES = [
    ("finance-support-2022", "《金融支持专精特新，发展实体经济，保障金融安全》"),
    ("report-2022-summary", "《专精特新中小企业发展报告（2022年）》摘要"),
    ("measures-2022-training", "《优质中小企业梯度培育管理暂行办法》解读培训"),
]


@pytest.mark.parametrize(("question", "named", "asked"), [
    # the beginning of a title names the document; the title's words are not what is asked
    ("《金融支持专精特新》报告里讲的知识产权保险分哪两类？", ("finance-support-2022",), "报告里讲的知识产权保险分哪两类？"),
    ("《专精特新中小企业发展报告（2022年）》里，第四批小巨人认定通过多少家？", ("report-2022-summary",),
     "里，第四批小巨人认定通过多少家？"),
    # another text's name (the 2026 办法, a list of measures) or a short 《办法》 names no document here
    ("《优质中小企业梯度培育管理办法》对小巨人营收有什么要求？", (), "《优质中小企业梯度培育管理办法》对小巨人营收有什么要求？"),
    ("新《办法》的有效期是几年？", (), "新《办法》的有效期是几年？"),
    ("《为“专精特新”中小企业办实事清单》有几条措施？", (), "《为“专精特新”中小企业办实事清单》有几条措施？"),
    ("小巨人有多少家？", (), "小巨人有多少家？"),
    # a title as the subject asked about, not the source pointed at: other documents may say it
    ("《优质中小企业梯度培育管理暂行办法》是啥时候印发的", (), "《优质中小企业梯度培育管理暂行办法》是啥时候印发的"),
    ("《专精特新中小企业发展报告（2022年）》摘要中提到小巨人累计多少家？", ("report-2022-summary",),
     "摘要中提到小巨人累计多少家？"),
])
def test_documents_named(question: str, named: tuple[str, ...], asked: str) -> None:
    assert documents_named(question, TITLES, re.compile(intent_words().source_pointer)) == (named, asked)


ALIASES = [
    ("iresearch-2022", ["艾瑞咨询", "艾瑞"]),
    ("report-2022-summary", ["中小企业发展促进中心", "促进中心", "摘要"]),
    ("measures-2022-training", ["培训材料", "培训课件"]),
]


@pytest.mark.parametrize(("question", "named", "asked"), [
    # a name users call the source by, then a pointer (里, 说, 统计…), a few words apart at most
    ("艾瑞统计的第四批小巨人公示了多少家？", ("iresearch-2022",), "的第四批小巨人公示了多少家？"),
    ("艾瑞那份报告说，截至2022年7月有多少家小巨人在A股上市？", ("iresearch-2022",), "，截至2022年7月有多少家小巨人在A股上市？"),
    ("促进中心那个2022年发展报告里，小巨人累计认定了多少家？", ("report-2022-summary",), "，小巨人累计认定了多少家？"),
    ("培训课件里说浙江省级专精特新中小企业有多少家？", ("measures-2022-training",), "浙江省级专精特新中小企业有多少家？"),
    # the name with no pointer after it names no source (the subject, not where it is said)
    ("艾瑞咨询是做什么的？", (), "艾瑞咨询是做什么的？"),
    ("小巨人有多少家？", (), "小巨人有多少家？"),
    # the source said as the message's last clause; not a last clause that asks the question itself
    ("小巨人的地域分布跟什么基本一致？促进中心那份摘要", ("report-2022-summary",), "小巨人的地域分布跟什么基本一致？"),
    ("现在各省扶持专精特新，艾瑞归纳主要在哪些方面给支持？", (), "现在各省扶持专精特新，艾瑞归纳主要在哪些方面给支持？"),
    # "课件解释…": the source explains what is asked (blind38)
    ("培训课件解释“专精特新”四个特征时，“创新型”产品是靠哪些方式研制出来的？", ("measures-2022-training",),
     "“专精特新”四个特征时，“创新型”产品是靠哪些方式研制出来的？"),
    # a name inside another document's name and pointer ("艾瑞摘要里": 艾瑞's summary) names nothing itself
    ("艾瑞摘要里说一共公示了多少家？", ("iresearch-2022",), "一共公示了多少家？"),
    ("促进中心那份摘要里说一共公示了多少家？", ("report-2022-summary",), "一共公示了多少家？"),
    # two sources named apart are both searched
    ("艾瑞说的和促进中心摘要里说的，各是多少家？", ("iresearch-2022", "report-2022-summary"), "的和的，各是多少家？"),
])
def test_documents_named_by_their_aliases(question: str, named: tuple[str, ...], asked: str) -> None:
    pointer = re.compile(intent_words().source_pointer)
    assert documents_named(question, TITLES, pointer, ALIASES) == (named, asked)
