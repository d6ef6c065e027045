"""Spotting place names the region table does not list."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.rewards.honours import load_honours
from assistant.rewards.matching import compact, find_spans
from assistant.rewards.places import UnknownPlace, find_unknown_place
from assistant.rewards.regions import load_regions

REGIONS = load_regions()
HONOURS = load_honours()
KNOWN = {**REGIONS.aliases, **HONOURS.aliases, **HONOURS.tier_words}


def unknown_place(text: str) -> UnknownPlace | None:
    body = compact(text)
    spans = find_spans(body, KNOWN)
    regions = [s for s in spans if s.value in REGIONS.regions]
    return find_unknown_place(body, spans, regions, REGIONS.places)


@pytest.mark.parametrize(
    ("text", "name", "within"),
    [
        ("深圳南山区对小巨人奖励多少？", "深圳市南山区", "深圳市"),
        ("宁波北仑区对专精特新企业奖励多少钱", "宁波市北仑区", "宁波市"),
        ("杭州余杭区对国家级小巨人奖多少", "杭州市余杭区", "杭州市"),
        ("上海浦东新区小巨人奖励多少", "上海市浦东新区", "上海市"),
        ("我们公司在苏州姑苏区，小巨人奖励多少", "苏州市姑苏区", "苏州市"),
        ("东莞市对小巨人奖励多少", "东莞市", None),
        ("温州对小巨人奖励多少", "温州", None),
        ("请问南山区对单项冠军奖多少", "南山区", None),
    ],
)
def test_unlisted_places_are_found(text: str, name: str, within: str | None) -> None:
    assert unknown_place(text) == UnknownPlace(name=name, within=within), (
        f"“{text}”中的地名应识别为未收录的“{name}”"
    )


@pytest.mark.parametrize(
    "text",
    [
        "省级的呢",
        "市级专精特新企业奖励多少",
        "苏州市专精特新奖励",
        "天津市级专精特新中小企业认定奖补最多多少",
        "广西对自治区级专精特新中小企业奖多少",
        "各地区奖励差别大吗",
        "长三角地区小巨人奖励",
        "园区对小巨人奖多少",
        "高新区给多少钱",
        "昆山开发区小巨人奖励",
        "苏州各区县国家级小巨人奖励对比",
        "金额区间是多少",
        "上市企业有什么补贴",
        "市场监管局补贴",
        "哪个区奖励最高",
        "一线城市小巨人奖励",
        "区级专精特新奖励多少",
        "市里的奖励",
        "直辖市奖励",
    ],
)
def test_honour_tier_and_generic_words_are_not_places(text: str) -> None:
    assert unknown_place(text) is None, f"“{text}”没有未收录的地名"


question_templates = st.sampled_from(
    ["{r}对{h}奖励多少", "{r}的企业评上{h}能拿多少", "{h}在{r}给多少钱", "请问{r}{h}奖多少？"]
)


@given(
    st.sampled_from(sorted(REGIONS.aliases)),
    st.sampled_from(sorted({**HONOURS.aliases, **HONOURS.tier_words})),
    question_templates,
)
def test_listed_regions_and_honours_are_never_unlisted_places(
    region: str, honour: str, template: str
) -> None:
    text = template.format(r=region, h=honour)
    assert unknown_place(text) is None, f"“{text}”只提到已收录的地区与称号"
