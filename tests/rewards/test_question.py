"""Reading reward questions and follow-ups."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.retrieval.text_processing import to_simplified
from assistant.rewards import (
    RewardQuery,
    looks_like_reward_question,
    parse_reward_question,
    resolve_followup,
)
from assistant.rewards.honours import load_honours
from assistant.rewards.regions import load_regions

NATIONAL = "国家级专精特新“小巨人”"
REGIONS = load_regions()
HONOURS = load_honours()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("昆山对国家级小巨人奖励多少？", RewardQuery(region="昆山市", title=NATIONAL)),
        (
            "江苏各地对小巨人的奖励对比一下",
            RewardQuery(region="江苏省", title=NATIONAL, compare=True),
        ),
        (
            "苏州各区县国家级小巨人奖励对比",
            RewardQuery(region="苏州市", title=NATIONAL, compare=True),
        ),
        ("太仓对省级小巨人奖励多少", RewardQuery(region="太仓市", title="省级专精特新小巨人")),
        # 市里 before the verb of paying says who pays, not the honour's level (blind35: 苏州市示范 10万元)
        ("张家港这边，我们有个产品被认定为工信部制造业单项冠军产品，市里奖多少？",
         RewardQuery(region="张家港市", title="国家级制造业单项冠军")),
        ("吴江评上市里的专精特新给多少", RewardQuery(region="吴江区", title="苏州市专精特新示范中小企业")),
        (
            "园区对单项冠军有什么奖补？",
            RewardQuery(region="苏州工业园区", title="国家级制造业单项冠军"),
        ),
        (
            "内蒙古专精特新企业认定奖补多少",
            RewardQuery(region="内蒙古自治区", title="省级专精特新中小企业"),
        ),
        ("昆山和太仓对小巨人的奖励", RewardQuery(region="苏州市", title=NATIONAL, compare=True)),
        ("高新区给多少钱", RewardQuery(region="苏州高新区")),
        # a generic short name glued to another name is another place, not Suzhou's 高新区
        ("东湖高新区对国家级小巨人奖励多少？",
         RewardQuery(region="东湖高新区", title=NATIONAL, unknown_region="东湖高新区")),
        ("我们在高新区，小巨人奖励多少", RewardQuery(region="苏州高新区", title=NATIONAL)),
        # the county-level honour as the notice names it, not the national 小巨人
        ("太仓新获得太仓市小巨人企业的，奖励多少？", RewardQuery(region="太仓市", title="县（市、区）级专精特新企业")),
        # the honour's own place is the region when no other is named
        ("评上太仓市小巨人企业有奖励吗？", RewardQuery(region="太仓市", title="县（市、区）级专精特新企业")),
        # …also when it is the second honour asked
        ("新获得省级小巨人的呢？顺便问下太仓市小巨人奖多少", RewardQuery(region="太仓市", title="省级专精特新小巨人")),
        # a province said right before the honour names its level, not a second region (trial 33)…
        ("园区对江苏省专精特新奖励多少", RewardQuery(region="苏州工业园区", title="省级专精特新中小企业")),
        # …also when the place asked is one the table lacks, said by its short name (trial 46)
        ("余杭评上浙江省专精特新中小企业给多少？",
         RewardQuery(region="余杭区", title="省级专精特新中小企业", unknown_region="余杭区")),
        # …unless it is the only region, or joined to the other one
        ("江苏省专精特新奖励多少", RewardQuery(region="江苏省", title="省级专精特新中小企业")),
        ("昆山和江苏省专精特新奖励各多少", RewardQuery(region="江苏省", title="省级专精特新中小企业", compare=True)),
        # …but not when 和 joins two honours: 四川省 is the second honour's level (trial 47)
        ("评上了小巨人和四川省专精特新，在成都高新区两个奖励能一起拿吗？",
         RewardQuery(region="成都市高新区", title=NATIONAL, unknown_region="成都市高新区")),
        # municipalities compared: their 市级 honour is a provincial one
        ("北京和天津，对市级专精特新中小企业的认定奖补分别是多少？",
         RewardQuery(region="全国", title="省级专精特新中小企业", compare=True)),
    ],
)
def test_parse_reward_question(question: str, expected: RewardQuery) -> None:
    assert parse_reward_question(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "昆山对国家级小巨人奖励多少？",
        "广东省小巨人补助标准",
        "单项冠军能拿多少奖金",
        "太仓给多少钱",
        "常熟和太仓，企业评上苏州市级专精特新，哪边奖得多？各多少？",
    ],
)
def test_reward_questions_are_recognised(question: str) -> None:
    assert looks_like_reward_question(question)


@pytest.mark.parametrize(
    "question",
    ["专精特新中小企业的认定条件是什么？", "奖励有哪些？", "小巨人企业有多少家", "研发费用怎么算"],
)
def test_other_questions_are_not_reward_questions(question: str) -> None:
    assert not looks_like_reward_question(question)


def test_followup_keeps_the_honour_and_changes_the_region() -> None:
    previous = parse_reward_question("太仓对国家级小巨人奖励多少？")
    assert resolve_followup(previous, "那昆山呢？") == RewardQuery(region="昆山市", title=NATIONAL)


def test_followup_keeps_the_region_and_changes_the_honour() -> None:
    previous = RewardQuery(region="太仓市", title=NATIONAL)
    assert resolve_followup(previous, "省级小巨人呢？") == RewardQuery(
        region="太仓市", title="省级专精特新小巨人"
    )


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("太仓市自己评的小巨人企业奖多少？", "县（市、区）级专精特新企业"),
        ("吴中区当地评的专精特新企业奖多少？", "县（市、区）级专精特新企业"),
        ("苏州自己评的专精特新企业奖多少？", "苏州市专精特新示范中小企业"),
        ("江苏省自己认定的专精特新企业奖多少？", "省级专精特新中小企业"),
        ("太仓市的小巨人奖多少？", NATIONAL),  # no own-level word: the plain reading
    ],
)
def test_an_honour_the_region_awards_itself_is_read_at_the_regions_own_level(question: str, title: str) -> None:
    assert parse_reward_question(question).title == title
    previous = RewardQuery(region="太仓市", title="省级专精特新小巨人")
    assert resolve_followup(previous, "那太仓市自己评的小巨人企业呢？").title == "县（市、区）级专精特新企业"


def test_followup_can_turn_into_a_comparison() -> None:
    previous = RewardQuery(region="苏州市", title=NATIONAL)
    assert resolve_followup(previous, "各区县对比一下").compare


# --- unlisted regions, off-topic questions, tier words, follow-ups ----------------

PROVINCIAL_SME = "省级专精特新中小企业"
SUZHOU_DEMO = "苏州市专精特新示范中小企业"


@pytest.mark.parametrize(
    ("question", "region", "title"),
    [
        ("深圳南山区对小巨人奖励多少？", "深圳市南山区", NATIONAL),
        ("宁波北仑区对专精特新企业奖励多少钱", "宁波市北仑区", PROVINCIAL_SME),
        ("杭州余杭区对国家级小巨人奖多少", "杭州市余杭区", NATIONAL),
        # a short name without 市/区 is known from the division list (new-user trial 36: 东莞)
        ("东莞对省级专精特新中小企业奖励多少？", "东莞市", PROVINCIAL_SME),
        ("中山对国家级小巨人奖励多少？", "中山市", NATIONAL),
    ],
)
def test_unlisted_region_is_kept_not_dropped(question: str, region: str, title: str) -> None:
    assert looks_like_reward_question(question)
    assert parse_reward_question(question) == RewardQuery(
        region=region, title=title, unknown_region=region
    ), f"“{question}”问的是语料未收录的{region}，不应忽略地区"


@pytest.mark.parametrize(
    "question",
    [
        "北京到上海的高铁票多少钱？",
        "中央财政安排多少奖补资金支持小巨人",
        "各地认定奖励一般给多少钱",
    ],
)
def test_questions_without_a_local_reward_intent_are_not_reward_questions(question: str) -> None:
    assert not looks_like_reward_question(question), f"“{question}”不是查地方奖励表的问题"


def test_amount_words_count_with_an_honour() -> None:
    assert looks_like_reward_question("单项冠军企业能拿多少钱")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "天津市级专精特新中小企业认定奖补最多多少",
            RewardQuery(region="天津市", title=PROVINCIAL_SME, compare=True),
        ),
        (
            "上海市级专精特新中小企业认定奖补多少？",
            RewardQuery(region="上海市", title=PROVINCIAL_SME),
        ),
        ("北京的市级专精特新企业奖多少", RewardQuery(region="北京市", title=PROVINCIAL_SME)),
        (
            "广西对自治区级专精特新中小企业奖多少",
            RewardQuery(region="广西壮族自治区", title=PROVINCIAL_SME),
        ),
        ("苏州的市级专精特新企业奖多少", RewardQuery(region="苏州市", title=SUZHOU_DEMO)),
    ],
)
def test_municipalities_and_autonomous_regions_call_their_own_level_by_name(
    question: str, expected: RewardQuery
) -> None:
    assert looks_like_reward_question(question)
    assert parse_reward_question(question) == expected, (
        "直辖市的“市级”、自治区的“自治区级”是省级称号；苏州的“市级”是苏州市称号"
    )


@pytest.mark.parametrize(
    "question",
    ["常熟市对国家级的奖历是多少？", "常熟市对国家级的奖厉是多少", "常熟市对国家级的獎勵是多少"],
)
def test_typos_and_a_bare_tier_word(question: str) -> None:
    assert looks_like_reward_question(question)
    assert parse_reward_question(question) == RewardQuery(region="常熟市", title=NATIONAL)


def test_tier_word_with_a_plain_honour_word() -> None:
    assert parse_reward_question("太仓省级的小巨人奖多少").title == "省级专精特新小巨人"
    assert parse_reward_question("张家港省级的单项冠军奖多少").title == "省级制造业单项冠军"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "张家港市评上省专精特新产品奖多少",
            RewardQuery(region="张家港市", title="省级专精特新产品"),
        ),
        (
            "吴中区评上省专精特新小巨人奖励多少",
            RewardQuery(region="吴中区", title="省级专精特新小巨人"),
        ),
        (
            "常熟企业评上苏州市级专精特新能拿多少服务券",
            RewardQuery(region="常熟市", title=SUZHOU_DEMO),
        ),
        (
            "吴江的企业评上苏州市专精特新中小企业奖多少",
            RewardQuery(region="吴江区", title=SUZHOU_DEMO),
        ),
    ],
)
def test_honour_named_after_a_city_is_not_a_second_region(
    question: str, expected: RewardQuery
) -> None:
    assert looks_like_reward_question(question)
    assert parse_reward_question(question) == expected


@pytest.mark.parametrize("followup", ["省级的呢", "省级呢？"])
def test_followup_tier_keeps_the_honour_family_where_the_region_lists_it(followup: str) -> None:
    previous = parse_reward_question("吴江区对国家级小巨人奖励多少？")
    assert resolve_followup(previous, followup) == RewardQuery(
        region="吴江区", title="省级专精特新小巨人"
    )


def test_followup_tier_falls_back_to_the_tier_default() -> None:
    previous = parse_reward_question("高新区对国家级小巨人奖多少")
    assert resolve_followup(previous, "省级的呢") == RewardQuery(
        region="苏州高新区", title=PROVINCIAL_SME
    ), "高新区没有省级小巨人，“省级的呢”取省级专精特新中小企业"


def test_followup_municipal_honour_word() -> None:
    previous = parse_reward_question("高新区对国家级小巨人奖多少")
    assert resolve_followup(previous, "市专精特新企业呢") == RewardQuery(
        region="苏州高新区", title=SUZHOU_DEMO
    )
    assert resolve_followup(previous, "市级的呢").title == SUZHOU_DEMO


def test_followup_municipal_tier_in_a_municipality_is_provincial() -> None:
    previous = parse_reward_question("北京对小巨人奖励多少")
    assert resolve_followup(previous, "市级的呢") == RewardQuery(
        region="北京市", title=PROVINCIAL_SME
    )


def test_followup_plain_honour_word_keeps_the_previous_tier_where_listed() -> None:
    zhangjiagang = RewardQuery(region="张家港市", title="省级专精特新产品")
    assert resolve_followup(zhangjiagang, "单项冠军呢").title == "省级制造业单项冠军"
    wujiang = RewardQuery(region="吴江区", title="省级专精特新小巨人")
    assert resolve_followup(wujiang, "单项冠军呢").title == "国家级制造业单项冠军", (
        "吴江区没有省级单项冠军，单说“单项冠军”仍指国家级"
    )
    national = RewardQuery(region="吴江区", title=NATIONAL)
    assert resolve_followup(national, "单项冠军呢").title == "国家级制造业单项冠军"


def test_followup_keeps_an_unlisted_region_and_can_leave_it() -> None:
    previous = parse_reward_question("深圳南山区对小巨人奖励多少？")
    assert resolve_followup(previous, "省级的呢") == RewardQuery(
        region="深圳市南山区", title=PROVINCIAL_SME, unknown_region="深圳市南山区"
    )
    assert resolve_followup(previous, "那昆山呢") == RewardQuery(region="昆山市", title=NATIONAL)


# --- 全省/本市…: a region's extent, not an honour's tier --------------------------

PROVINCIAL_GIANT = "省级专精特新小巨人"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # 全省 is the extent of 江苏, and a bare 小巨人 is the national honour
        ("江苏全省小巨人奖励多少？", RewardQuery(region="江苏省", title=NATIONAL)),
        ("江苏全省对小巨人奖励多少", RewardQuery(region="江苏省", title=NATIONAL)),
        ("江苏全省小巨人企业奖励多少", RewardQuery(region="江苏省", title=NATIONAL)),
        ("全省小巨人奖励多少", RewardQuery(title=NATIONAL)),
        ("本省小巨人奖励多少", RewardQuery(title=NATIONAL)),
        ("江苏全省单项冠军奖励多少", RewardQuery(region="江苏省", title="国家级制造业单项冠军")),
        ("苏州全市专精特新奖励多少", RewardQuery(region="苏州市", title=PROVINCIAL_SME)),
        ("昆山全市小巨人奖多少", RewardQuery(region="昆山市", title=NATIONAL)),
        ("各省小巨人奖励对比", RewardQuery(region="全国", title=NATIONAL, compare=True)),
        # near misses: an explicit 省级 / 省 / 江苏省级 still names the provincial honour
        ("江苏全省省级小巨人奖励多少", RewardQuery(region="江苏省", title=PROVINCIAL_GIANT)),
        ("江苏全省的省小巨人奖励多少", RewardQuery(region="江苏省", title=PROVINCIAL_GIANT)),
        ("江苏省级小巨人奖励多少", RewardQuery(region="江苏省", title=PROVINCIAL_GIANT)),
        ("江苏省级的小巨人奖多少", RewardQuery(region="江苏省", title=PROVINCIAL_GIANT)),
        ("江苏的省级小巨人奖励多少", RewardQuery(region="江苏省", title=PROVINCIAL_GIANT)),
        ("全省省级专精特新奖励多少", RewardQuery(title=PROVINCIAL_SME)),
        ("江苏省级专精特新奖励多少", RewardQuery(region="江苏省", title=PROVINCIAL_SME)),
        ("省小巨人奖励多少", RewardQuery(title=PROVINCIAL_GIANT)),
        ("天津市级小巨人奖励多少", RewardQuery(region="天津市", title=PROVINCIAL_GIANT)),
        # a scope word followed by 级 is a tier word again: 本市级 = 市级
        ("本市级专精特新奖励多少", RewardQuery(title=SUZHOU_DEMO)),
    ],
)
def test_scope_words_are_not_tier_markers(question: str, expected: RewardQuery) -> None:
    assert looks_like_reward_question(question)
    assert parse_reward_question(question) == expected, (
        "“全省/本省/全市…”说的是地区范围，不是称号层级；单说“小巨人”指国家级，"
        "明说“省级/省…/江苏省级”才是省级称号"
    )


def test_followup_with_a_scope_word_keeps_the_national_honour() -> None:
    previous = parse_reward_question("太仓对国家级小巨人奖励多少？")
    assert resolve_followup(previous, "那江苏全省呢") == RewardQuery(
        region="江苏省", title=NATIONAL
    ), "“江苏全省”换的是地区，称号仍是国家级小巨人"


PROVINCE_NAMES = [name for name in REGIONS.names if REGIONS.is_provincial(name)]


@given(
    st.sampled_from(PROVINCE_NAMES),
    st.sampled_from(sorted(HONOURS.scope_words)),
    st.sampled_from(sorted(HONOURS.aliases)),
)
def test_a_scope_word_never_changes_the_honour_or_the_region(
    region: str, scope: str, honour: str
) -> None:
    with_scope = parse_reward_question(f"{region}{scope}{honour}奖励多少")
    without = parse_reward_question(f"{region}对{honour}奖励多少")
    assert (with_scope.region, with_scope.title) == (without.region, without.title), (
        f"“{scope}”只说地区范围，“{region}{scope}{honour}”与“{region}对{honour}”应读作同一地区与称号"
    )


@pytest.mark.parametrize("question", ["苏州工业园区的园区级专精特新奖多少", "蘇州工業園區首次評上園區級專精特新，最多獎多少？"])
def test_a_park_names_its_own_honour_level_by_its_own_name(question: str) -> None:
    """苏州工业园区 is a county-level unit: its 园区级 honour is the county-level one, not 省级 (50万)."""
    assert parse_reward_question(to_simplified(question)).title == "县（市、区）级专精特新企业"


def test_a_county_short_name_ending_a_question_is_a_word_not_the_place() -> None:
    """blind30: "…报告建议建个什么通道？…奖励怎么给？" was read as 通道侗族自治县's rewards."""
    assert parse_reward_question("上市培育那块，报告建议建个什么通道？企业上市以后奖励怎么给？").region is None
    assert parse_reward_question("宜兴小巨人奖多少").region == "宜兴市"
    assert parse_reward_question("江阴和宜兴对国家级小巨人奖励差多少？").region == "江阴市"


def test_a_count_of_districts_is_no_place() -> None:
    """blind39: "吴江、吴中、相城这三个区…哪个区奖得最多" looked up a place called 三个区."""
    query = parse_reward_question("吴江、吴中、相城这三个区，新拿到省级专精特新小巨人，哪个区奖得最多？")
    assert query.unknown_region is None and query.region == "苏州市" and query.compare
