"""Region and honour normalisation: aliases, hierarchy and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.rewards.honours import load_honours
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
