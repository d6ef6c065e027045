"""Region and honour normalisation: aliases, hierarchy and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.rewards.honours import Honour, HonourIndex, Tier, load_honours
from assistant.rewards.regions import load_regions

REGIONS = load_regions()
HONOURS = load_honours()
NATIONAL = "国家级专精特新“小巨人”"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("太仓", "太仓市"),
        ("太仓市", "太仓市"),
        ("园区", "苏州工业园区"),
        ("工业园区", "苏州工业园区"),
        ("苏州工业园区", "苏州工业园区"),
        ("高新区", "苏州高新区"),
        ("苏州高新区", "苏州高新区"),
        ("内蒙古", "内蒙古自治区"),
        ("内蒙古自治区", "内蒙古自治区"),
        ("广东", "广东省"),
        ("广西", "广西壮族自治区"),
        (" 昆山 ", "昆山市"),
        ("江苏省苏州市太仓市", "太仓市"),
    ],
)
def test_region_aliases(alias: str, canonical: str) -> None:
    assert REGIONS.canonical(alias) == canonical, f"“{alias}”应归一为“{canonical}”"


def test_unknown_region_is_none() -> None:
    assert REGIONS.canonical("火星") is None
    assert REGIONS.canonical("北京上海") is None  # two unrelated regions are not one region


def test_region_hierarchy() -> None:
    assert REGIONS.path("太仓市") == "江苏省 > 苏州市 > 太仓市"
    assert REGIONS.ancestors("太仓市") == ["苏州市", "江苏省"]
    assert set(REGIONS.descendants("苏州市")) >= {"昆山市", "苏州工业园区", "吴中区"}
    assert "太仓市" in REGIONS.descendants("江苏省")
    assert REGIONS.descendants("太仓市") == []
    assert REGIONS.ancestors("江苏省") == []
    assert REGIONS.common_ancestor(["昆山市", "太仓市"]) == "苏州市"
    assert REGIONS.common_ancestor(["北京市", "上海市"]) == "全国"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("小巨人", NATIONAL),
        ("国家级小巨人", NATIONAL),
        ("专精特新“小巨人”", NATIONAL),
        ("省级小巨人", "省级专精特新小巨人"),
        ("省专精特新“小巨人”企业", "省级专精特新小巨人"),
        ("江苏省小巨人企业", "省级专精特新小巨人"),
        ("单项冠军", "国家级制造业单项冠军"),
        ("专精特新", "省级专精特新中小企业"),
        ("省专精特新产品", "省级专精特新产品"),
        ("苏州市专精特新示范企业", "苏州市专精特新示范中小企业"),
        ("全省小巨人", NATIONAL),
        ("本省小巨人企业", NATIONAL),
        ("全省省级小巨人", "省级专精特新小巨人"),
        ("全市专精特新", "省级专精特新中小企业"),
    ],
)
def test_honour_aliases(text: str, title: str) -> None:
    assert HONOURS.canonical(text) == title, f"“{text}”应归一为“{title}”"


# --- properties -------------------------------------------------------------------

all_region_aliases = st.sampled_from(sorted(REGIONS.aliases))
padding = st.text(alphabet=" \t\u3000“”", max_size=3)


@given(all_region_aliases, padding, padding)
def test_any_region_alias_maps_to_a_known_canonical_region(
    alias: str, left: str, right: str
) -> None:
    canonical = REGIONS.canonical(left + alias + right)
    assert canonical in REGIONS.names
    assert REGIONS.canonical(canonical) == canonical


@given(st.text(max_size=12))
def test_region_normalisation_is_idempotent(text: str) -> None:
    canonical = REGIONS.canonical(text)
    assert canonical is None or (
        canonical in REGIONS.names and REGIONS.canonical(canonical) == canonical
    )


@given(st.sampled_from(REGIONS.names))
def test_region_path_ends_at_the_region_and_walks_its_ancestors(name: str) -> None:
    parts = REGIONS.path(name).split(" > ")
    assert parts[-1] == name
    assert parts[:-1] == list(reversed(REGIONS.ancestors(name)))
    for descendant in REGIONS.descendants(name):
        assert REGIONS.is_within(descendant, name) or REGIONS.is_summary(name)


@given(st.sampled_from(sorted(HONOURS.aliases)))
def test_any_honour_alias_maps_to_a_known_title_idempotently(alias: str) -> None:
    title = HONOURS.canonical(alias)
    assert title in HONOURS.titles
    assert HONOURS.canonical(title) == title


@given(st.sampled_from(sorted(HONOURS.aliases)))
def test_bare_little_giant_is_national_unless_provincial(alias: str) -> None:
    title = HONOURS.canonical(alias)
    if alias.startswith(("省", "江苏省")) and "小巨人" in alias:
        assert title != NATIONAL, f"“{alias}”是省级称号，不应归为国家级小巨人"


def test_chain_ending_in_an_unlisted_place_is_unknown() -> None:
    assert REGIONS.canonical("深圳市南山区") is None
    assert REGIONS.canonical("苏州市姑苏区") is None
    assert REGIONS.split_known("深圳南山区") == ("深圳市南山区", "深圳市")
    assert REGIONS.split_known("南山区") == ("南山区", None)
    assert REGIONS.path("深圳市") == "广东省 > 深圳市"


def test_province_level_regions() -> None:
    assert all(REGIONS.is_provincial(n) for n in ["北京市", "江苏省", "广西壮族自治区"])
    assert not any(REGIONS.is_provincial(n) for n in ["苏州市", "太仓市", "全国", "火星"])


@pytest.mark.parametrize(
    ("family", "tier", "title"),
    [
        ("小巨人", "provincial", "省级专精特新小巨人"),
        ("单项冠军", "provincial", "省级制造业单项冠军"),
        ("专精特新", "municipal", "苏州市专精特新示范中小企业"),
        ("专精特新产品", "national", None),
    ],
)
def test_honour_at_tier(family: str, tier: str, title: str | None) -> None:
    assert HONOURS.at_tier(family, tier) == title


def test_plain_honour_words_name_the_family_default() -> None:
    assert HONOURS.is_plain("小巨人", NATIONAL)
    assert HONOURS.is_plain("单项冠军", "国家级制造业单项冠军")
    assert not HONOURS.is_plain("国家级小巨人", NATIONAL)
    assert not HONOURS.is_plain("专精特新示范企业", "苏州市专精特新示范中小企业")


@given(st.sampled_from(sorted(HONOURS.tiers)))
def test_every_tier_default_is_an_honour_of_that_tier(tier: str) -> None:
    assert HONOURS.tier_of(HONOURS.tier_default(tier)) == tier


def test_scope_words_must_not_clash_with_honours_or_tier_words() -> None:
    tier = Tier(name="provincial", words=["省级"], scopes=["省级"], default="省级小巨人")
    with pytest.raises(ValueError, match="地区范围词"):
        HonourIndex([Honour(title="省级小巨人", tier="provincial")], [tier])
