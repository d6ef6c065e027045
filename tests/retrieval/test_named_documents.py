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
