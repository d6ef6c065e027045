from __future__ import annotations

import pytest

from assistant.conversation import is_followup, merge_followup, paired_questions, resolve_question
from assistant.frame import read_turn
from assistant.models import ChatMessage


def _msgs(*turns: str) -> list[ChatMessage]:
    return [ChatMessage(role="user", content=t) for t in turns]


def test_region_followup_replaces_the_region() -> None:
    assert resolve_question(_msgs("太仓对小巨人奖励多少？", "那昆山呢？")) == "昆山对小巨人奖励多少？"


@pytest.mark.parametrize(("first", "then", "resolved"), [
    # any city or province, not only the places of the slot list
    ("苏州的专精特新企业占全国多少？", "那佛山呢？", "佛山的专精特新企业占全国多少？"),
    ("浙江省专精特新企业占全国多少？", "那四川省呢？", "四川省专精特新企业占全国多少？"),
])
def test_a_place_followup_replaces_the_place_whichever_city_it_names(first: str, then: str, resolved: str) -> None:
    assert resolve_question(_msgs(first, then)) == resolved


def test_followups_chain_over_several_turns() -> None:
    q = resolve_question(_msgs("太仓对小巨人奖励多少？", "那昆山呢？", "单项冠军呢？"))
    assert q == "昆山对单项冠军奖励多少？"


def test_year_followup_replaces_the_year() -> None:
    assert merge_followup("2022年营收门槛是多少？", "2026年的呢") == "2026年营收门槛是多少？"


def test_a_new_full_question_is_not_merged() -> None:
    assert resolve_question(_msgs("北交所什么时候成立？", "小巨人有效期几年？")) == "小巨人有效期几年？"
    assert not is_followup("专精特新中小企业的研发费用要求是什么？")


def test_unknown_fragment_is_appended_to_the_previous_question() -> None:
    assert merge_followup("小巨人的认定条件是什么？", "那数字化呢？") == "小巨人的认定条件是什么，数字化？"


def test_assistant_turns_are_ignored_and_traditional_characters_handled() -> None:
    simplified = [
        ChatMessage(role="user", content="太仓对小巨人奖励多少？"),
        ChatMessage(role="assistant", content="昆山奖励50万元"),
        ChatMessage(role="user", content="那昆山呢？"),
    ]
    assert resolve_question(simplified) == "昆山对小巨人奖励多少？"
    # traditional characters are converted once, where the turn is read (read_turn), not here
    traditional = [
        ChatMessage(role="user", content="太倉對小巨人獎勵多少？"),
        ChatMessage(role="assistant", content="50万元"),
        ChatMessage(role="user", content="那崑山呢？"),
    ]
    assert read_turn(traditional).question == "昆山对小巨人奖励多少？"


def test_rule_version_followup_swaps_the_version() -> None:
    assert resolve_question(_msgs("2022年暂行办法里研发费用有啥要求？", "新版呢？")) == "新版里研发费用有啥要求？"


def test_a_question_pointing_back_keeps_the_previous_topic() -> None:
    q = resolve_question(_msgs("北交所啥时候成立的？", "现在有几家小巨人在那上市？"))
    assert q.startswith("北交所啥时候成立的") and q.endswith("现在有几家小巨人在那上市？")
    assert resolve_question(_msgs("北交所啥时候成立的？", "新三板是什么？")) == "新三板是什么？"
    # "里面…" counts within what the previous question counted
    assert resolve_question(_msgs("元氏装备制造产业集群一共有多少家企业？", "里面省级专精特新几家？")) == (
        "元氏装备制造产业集群一共有多少家企业；里面省级专精特新几家？")
    # "这一条" is the condition just asked about (its exemption, its source)
    assert resolve_question(_msgs("新规小巨人要几项I类知识产权？", "有没有能豁免这一条的情况？")) == (
        "新规小巨人要几项I类知识产权；有没有能豁免这一条的情况？")
    assert resolve_question(_msgs("新规小巨人要几项I类知识产权？", "这个条件怎么算？")).startswith("新规小巨人")


@pytest.mark.parametrize(("first", "followup", "resolved"), [
    # 又 asks the previous question again, of the measure or level it names
    ("2021年底小巨人企业全年营收是多少？", "利润总额又有多少？", "2021年底小巨人企业全年利润总额是多少？"),
    ("专精特新企业总数里，国家级小巨人占多少比例？", "省级的又占多少？", "专精特新企业总数里，省级专精特新企业占多少比例？"),  # the reports' provincial group
    ("江苏的专精特新企业里，国家级小巨人占比是多少？", "浙江呢？", "浙江的专精特新企业里，国家级小巨人占比是多少？"),
    # a new figure for a measure the question stated with one replaces the measure and its old figure
    ("我们厂去年营收1800万，研发费用70万，能评专精特新中小企业吗？", "那研发要是做到120万呢？",
     "我们厂去年营收1800万，研发要是做到120万，能评专精特新中小企业吗？"),
    ("我们去年营收1200万，没做过股权融资，营收这条满足吗？", "那如果营收到了2000万呢？",
     "我们去年如果营收到了2000万，没做过股权融资，营收这条满足吗？"),
    # a place after a question asking which place ranks first asks that place's value
    ("国家级小巨人占比最高的是哪个省啊", "那湖南呢？", "湖南的国家级小巨人占比是多少？"),
    ("专精特新企业最多的省是哪个", "那湖北呢？", "湖北的专精特新企业是多少？"),
    # a follow-up asking which place anew is a question of its own
    ("专精特新企业数量哪个省最多？", "那国家级占比最高的是哪个省？", "国家级占比最高的是哪个省？"),
    # a long "那…呢" names its whole subject and asks what the question before asked
    ("吴中区新获得省专精特新产品认定，每个产品奖多少？", "那吴江区评上苏州市专精特新中小企业呢？",
     "吴江区评上苏州市专精特新中小企业，每个产品奖多少？"),
    ("昆山对国家级小巨人奖多少", "那吴江区评上苏州市专精特新中小企业呢", "吴江区评上苏州市专精特新中小企业，奖多少？"),
    # a batch replaces the batch asked, like a year (blind21 dev: the two batches had been asked at once)
    ("培训课件里说第三批小巨人有多少家？", "那第一批呢？", "培训课件里说第一批小巨人有多少家？"),
    ("第三批小巨人有多少家？", "那第四批认定通过的呢？", "第四批认定通过小巨人有多少家？"),
])
def test_a_followup_replaces_the_region_level_or_measure_it_names(first: str, followup: str, resolved: str) -> None:
    assert resolve_question(_msgs(first, followup)) == resolved


@pytest.mark.parametrize(("followup", "resolved"), [
    # a count asked of a batch, a year or a region alone takes its subject from the question before
    ("第四批多少家？", "小巨人一共认定了多少家，第四批多少家？"),
    ("2023年多少家？", "小巨人一共认定了多少家，2023年多少家？"),
    ("江苏有多少家？", "小巨人一共认定了多少家，江苏有多少家？"),
    # a subject of its own is a new question
    ("北交所多少家？", "北交所多少家？"),
    ("专精特新中小企业有多少家？", "专精特新中小企业有多少家？"),
])
def test_a_count_asked_of_a_batch_year_or_region_alone_leans_on_the_previous_question(
        followup: str, resolved: str) -> None:
    assert resolve_question(_msgs("小巨人一共认定了多少家？", followup)) == resolved


@pytest.mark.parametrize(("text", "parts"), [
    ("长三角和珠三角的国家级小巨人占比分别是多少？", ["长三角的国家级小巨人占比是多少？", "珠三角的国家级小巨人占比是多少？"]),
    ("北交所和科创板的锁定期各是多久？", ["北交所的锁定期是多久？", "科创板的锁定期是多久？"]),
    ("江蘇省和浙江省各有多少家？", ["江苏省有多少家？", "浙江省有多少家？"]),
    ("国家级和省级企业的研发占比分别多少？", ["国家级企业的研发占比多少？", "省级企业的研发占比多少？"]),
    # two years of a statistic (a table's two rows)
    ("小巨人营收增速的中位数，2022年和2023年分别是多少？", ["小巨人营收增速的中位数，2022年是多少？", "小巨人营收增速的中位数，2023年是多少？"]),
])
def test_two_values_of_one_slot_asked_together_are_also_asked_one_by_one(text: str, parts: list[str]) -> None:
    assert paired_questions(text) == parts


@pytest.mark.parametrize("text", ["专精特新中小企业的营收要求是多少？", "北京和北京证券交易所有什么关系？",
                                  "国家级小巨人和省级专精特新企业的注册资本中位数各是多少？",
                                  # a list asked whole, or a total of the pair (trial 29)
                                  "長三角、珠三角、京津冀三大城市群合計佔了全國多少專精特新企業？",
                                  "珠三角和京津冀加起来有多少家专精特新企业？",
                                  # two versions of the rules are compared whole
                                  "2022年和2026年的办法营收门槛分别多少？"])
def test_a_question_without_a_pair_of_one_slot_is_not_split(text: str) -> None:
    assert paired_questions(text) == []


def test_a_city_cluster_or_a_market_followup_replaces_its_slot() -> None:
    assert merge_followup("长三角有多少家专精特新企业？", "那珠三角呢？") == "珠三角有多少家专精特新企业？"
    assert merge_followup("北交所的锁定期是多久？", "那科创板呢？") == "科创板的锁定期是多久？"
    # one member of the cluster asked by itself: the cluster's word goes too (blind36)
    assert merge_followup("京津冀城市群的国家级占比是多少？", "那北京自己呢？") == "北京的国家级占比是多少？"
    assert merge_followup("长三角城市群有多少家专精特新企业？", "那珠三角呢？") == "珠三角城市群有多少家专精特新企业？"


def test_a_measure_the_reports_give_replaces_the_measure_asked() -> None:
    """Blind26: "那参保人数呢？" after 注册资本's median was appended ("…注册资本的中位数是多少，参保人数？")
    and answered with 注册资本 again; a measure of the reports is a slot value like an indicator."""
    assert merge_followup("国家级小巨人注册资本的中位数是多少？", "那参保人数呢？") == "国家级小巨人参保人数的中位数是多少？"
    assert merge_followup("国家级小巨人专利总量中位数多少件？", "那发明授权量呢") == "国家级小巨人发明授权量中位数多少件？"


def test_an_economic_region_followup_replaces_the_region_asked() -> None:
    """Blind20: "那中部呢？" after 西部地区's share was appended to the question and answered for 西部."""
    assert merge_followup("西部地区小巨人数量占全国比重大概多少？", "那中部呢？") == "中部小巨人数量占全国比重大概多少？"


def test_a_provincial_level_after_the_national_little_giant_asks_of_the_provincial_group() -> None:
    """The reports set 国家级“小巨人” beside 省级专精特新企业: "省级小巨人企业里有标准的比例" named no group they count
    (blind25/blind17: the follow-up had led with another row's 8.42%)."""
    assert merge_followup("国家级小巨人企业里有标准的比例是多少？", "那省级呢") == "省级专精特新企业里有标准的比例是多少？"
    assert merge_followup("国家级专精特新“小巨人”企业的标准持有率有多高？", "那省级的呢？") == "省级专精特新企业的标准持有率有多高？"
    # another level swap is left as it was
    assert merge_followup("省级专精特新企业的标准持有率有多高？", "那国家级呢？") == "国家级专精特新企业的标准持有率有多高？"


def test_two_places_set_side_by_side_ask_what_was_just_asked() -> None:
    """Trial 48: "北仑跟昆山比差多少" after a reward question was refused as off topic."""
    resolved = resolve_question(_msgs("太仓对国家级小巨人奖励多少？", "太仓跟吴江比差多少？"))
    assert resolved.startswith("太仓对国家级小巨人奖励多少") and resolved.endswith("太仓跟吴江比差多少？")


def test_two_places_compared_with_what_is_compared_ask_it_themselves() -> None:
    """Trial 49: "武进和昆山对小巨人奖励差多少？" after a question about a notice's issuer was read as of that notice."""
    asked = "武进和昆山对小巨人奖励差多少？"
    assert resolve_question(_msgs("武进这个通知是哪个部门发的？", asked)) == asked


def test_the_notice_just_asked_about_is_the_one_a_later_question_names() -> None:
    """Trial 48: "这个通知是哪个部门发的" after a question about 北仑's notice was answered from another notice."""
    resolved = resolve_question(_msgs("北仑的专精特新奖励什么时候截止申报？", "这个通知是哪个部门发的"))
    assert resolved.startswith("北仑的专精特新奖励") and resolved.endswith("这个通知是哪个部门发的")


@pytest.mark.parametrize(("question", "parts"), [
    # two things of any kind joined before the one measure asked of each
    ("表里服务补贴和机构补贴的代表省份分别是哪些？", ["表里服务补贴的代表省份是哪些？", "表里机构补贴的代表省份是哪些？"]),
    ("创新质量和资本实力的权重分别是多少？", ["创新质量的权重是多少？", "资本实力的权重是多少？"]),
    # three or more, listed with 、 before the last joined by 和 (a three-item 分别 had answered two)
    ("创新质量、资本实力和创新规模的权重分别是多少？",
     ["创新质量的权重是多少？", "资本实力的权重是多少？", "创新规模的权重是多少？"]),
    ("表里研发补贴、服务补贴和机构补贴的代表省份分别是哪些？",
     ["表里研发补贴的代表省份是哪些？", "表里服务补贴的代表省份是哪些？", "表里机构补贴的代表省份是哪些？"]),
    # 各 for 分别, and the measure after it; things with figures in their names (blind35)
    ("知识产权服务的1.0阶段和2.0阶段各是什么服务特征？",
     ["知识产权服务的1.0阶段是什么服务特征？", "知识产权服务的2.0阶段是什么服务特征？"]),
    ("报告建议专利总量、发明专利各做到多少？", ["报告建议专利总量做到多少？", "报告建议发明专利做到多少？"]),
    # figures stated, nothing asked: no pair
    ("营收和研发的数字分别是2000万和150万", []),
])
def test_things_asked_the_same_measure_are_asked_one_by_one(question: str, parts: list[str]) -> None:
    assert paired_questions(question) == parts


@pytest.mark.parametrize(("previous", "followup", "resolved"), [
    ("国家级小巨人参保人数的中位数是多少？", "省级的应该也有一百人左右吧？", "省级专精特新企业参保人数的中位数是多少？"),
    ("按22版暂行办法，创新型中小企业的评价指标有几类几项？", "专精特新中小企业那套应该也是6项吧？",
     "按22版暂行办法，专精特新中小企业的评价指标有几类几项？"),
])
def test_a_guess_of_the_previous_value_for_a_new_subject_asks_it_of_that_subject(
        previous: str, followup: str, resolved: str) -> None:
    """Blind39: the guess had been read as a question of its own."""
    assert is_followup(followup)
    assert resolve_question([ChatMessage(role="user", content=previous), ChatMessage(role="assistant", content="…"),
                             ChatMessage(role="user", content=followup)]) == resolved


def test_a_guess_naming_no_subject_is_no_followup() -> None:
    assert not is_followup("也是这样吗？")


def test_a_gap_asked_beside_another_group_asks_of_the_previous_question() -> None:
    """blind40: "跟规上中小工业企业比快多少" after the 小巨人's growth was read alone, and a table of shares led."""
    q = resolve_question(_msgs("摘要里小巨人2021年营收3.7万亿，这个同比是涨了多少？", "跟规上中小工业企业比快多少"))
    assert q.startswith("摘要里小巨人2021年营收3.7万亿") and q.endswith("跟规上中小工业企业比快多少"), q
    assert resolve_question(_msgs("北交所什么时候成立？", "跟沪深比有什么好处")) == "跟沪深比有什么好处"


def test_a_new_measure_named_as_newly_issued_is_the_2026_version() -> None:
    """blind40: "2026年新出的梯度培育管理办法跟之前的暂行办法" named only 暂行办法, so only the 2022 rules were searched."""
    frame = read_turn(_msgs("2026年新出的梯度培育管理办法跟之前的暂行办法是两套并行，还是直接替代了？"))
    assert frame.compare_versions


def test_a_term_of_the_same_kind_takes_the_old_ones_place() -> None:
    """blind41: "那最早的概念萌芽期呢？" after 体系构建期's task asked both stages at once."""
    assert merge_followup("报告三阶段对照表里，体系构建期的核心任务是啥？", "那最早的概念萌芽期呢？") == \
        "报告三阶段对照表里，概念萌芽期的核心任务是啥？"
    assert merge_followup("攻坚层企业的培育目标是什么？", "那成长层呢？") == "成长层企业的培育目标是什么？"
