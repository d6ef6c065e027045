"""A benefit for honours of a level and above, asked by a company stating its own level."""

from __future__ import annotations

import pytest

from assistant.answering.honour_level import level_required, level_verdict, own_level

RULE = "对市级及以上“专精特新”中小企业的贷款利息费用、担保费予以补助。[1]"


@pytest.mark.parametrize(("said", "verdict"), [
    ("我们是广州一家刚评上的区级专精特新企业，贷款利息和担保费能申请补助吗？", "不符合"),
    ("我们是市级专精特新，贴息能拿吗", "符合"),
    ("我们公司去年评上了国家级小巨人，这个补助能申请吗", "符合"),
    ("客户是刚评上的区级专精特新企业，贷款利息能申请补助吗？", "不符合"),  # a help desk's client
])
def test_the_companys_level_is_set_against_the_lowest_level_the_rule_admits(said: str, verdict: str) -> None:
    opening = level_verdict(said, RULE)
    assert opening is not None and f"，{verdict}“市级及以上”" in opening, opening


def test_no_verdict_without_both_levels_said() -> None:
    assert level_verdict("广州对市级专精特新企业的贷款贴息有什么政策？", RULE) is None  # no company of its own
    assert level_verdict("我们是区级专精特新企业，能拿多少钱？", "每家奖励20万元。") is None  # no level required
    assert own_level("我们想申报省级专精特新") is None  # an honour wanted, not held
    assert level_required("优先考虑省级以上“专精特新”中小企业的用地需求") == "省级以上"
