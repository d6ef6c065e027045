"""The question frame, read once per turn: route, tier, version, indicator and profile, table-driven."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.frame import read_turn
from assistant.models import ChatMessage

TODAY = date(2026, 11, 25)


def frame_of(*turns: str):  # type: ignore[no-untyped-def]
    return read_turn([ChatMessage(role="user", content=t) for t in turns], today=TODAY)


@pytest.mark.parametrize(("turns", "route", "tier", "rules", "indicator"), [
    (["按2022年的暂行办法，专精特新中小企业对营业收入有什么要求？"], "criteria", "专精特新中小企业", "2022", "营业收入"),
    (["创新型中小企业有哪些直通条件？"], "criteria", "创新型中小企业", None, "直通条件"),
    (["小巨人现在要几项一类知识产权？"], "criteria", "专精特新“小巨人”企业", None, "I类知识产权"),
    (["专精特新中小企业的认定条件有哪些？"], "criteria", "专精特新中小企业", None, None),
    # traditional characters are read like simplified ones
    (["我們營收1200萬、研發80萬，夠專精特新嗎？"], "eligibility", "专精特新中小企业", None, "营业收入"),
    (["崑山對國家級小巨人獎勵多少？"], "rewards", "专精特新“小巨人”企业", None, None),
    # corner-bracket quotes name one tier, not 专精特新 and 小巨人 apart
    (["新辦法施行後，專精特新「小巨人」企業的營業收入門檻是多少？"], "criteria", "专精特新“小巨人”企业", "2026", "营业收入"),
    (["第七批小巨人公示了多少家？"], "search", "专精特新“小巨人”企业", None, None),
    # 评上 in a reward comparison asks no eligibility check
    (["常熟和太仓，企业评上苏州市级专精特新，哪边奖得多？各多少？"], "rewards", "专精特新中小企业", None, None),
    # no tier's row covers 单项冠军: the report's account of its conditions answers, not a tier's rows
    (["想报制造业单项冠军，对申请产品的市场占有率有啥要求？"], "criteria", None, None, "市场占有率"),
    # a two-digit year names its version too
    (["按22年办法，专精特新中小企业营收门槛是多少？"], "criteria", "专精特新中小企业", "2022", "营业收入"),
    (["26年新标准里小巨人要几项一类知识产权？"], "criteria", "专精特新“小巨人”企业", "2026", "I类知识产权"),
    # a fee question is not a reward lookup, nor is a share asked of the rewards (the rows hold amounts)
    (["申报专精特新中小企业要交申报费吗？多少钱？"], "search", "专精特新中小企业", None, None),
    (["出台了专精特新奖补的省份占比是多少？"], "search", "专精特新中小企业", None, None),
    # the fee asked in other words (申请费, an agent's charge): still not a reward lookup
    (["申报专精特新中小企业要交申请费吗？多少钱？"], "search", "专精特新中小企业", None, None),
    (["找中介代办专精特新申报要多少钱？"], "search", "专精特新中小企业", None, None),
    # a reward's schedule is asked, not its amount: the rows hold amounts only
    (["张家港给国家级小巨人的50万奖励是分几年发放的？"], "search", "专精特新“小巨人”企业", None, None),
    # a tier's conditions asked by name, with no company figure, are the criteria rows, not a check
    (["专精特新小巨人需要满足哪些条件？"], "criteria", "专精特新“小巨人”企业", None, None),
    (["新办法下创新型中小企业怎么认定？"], "criteria", "创新型中小企业", "2026", None),
    (["按2022年办法，专精特新中小企业要满足哪些条件？"], "criteria", "专精特新中小企业", "2022", None),
    # "能直接算…吗" with a figure asks whether the company qualifies
    (["去年有机构投资者给我们实缴了600万股权融资，这个能直接算创新型中小企业吗"], "eligibility", "创新型中小企业", None, "股权融资"),
    # the body that takes a step of the procedure ("哪一级部门…认定") asks the procedure's rule
    (["小巨人到底是哪一级部门最后认定的？"], "criteria", "专精特新“小巨人”企业", None, "认定程序"),
    # "还看…吗" asks whether a rule still applies
    (["新规下专精特新中小企业还看主营业务占比吗？"], "criteria", "专精特新中小企业", "2026", "主营业务占比"),
    # 管几年 asks how long an honour lasts: the validity rule
    (["专精特新中小企业评上以后能管几年？"], "criteria", "专精特新中小企业", None, "有效期"),
    # what a reward term means is searched: the rows hold amounts, not definitions
    (["深圳的奖励说是“直接兑现”，这是什么意思？"], "search", None, None, None),
    # "研发费用卡多少" asks the R&D rule as a whole: the amount and the ratio
    (["新规下小巨人研发费用卡在多少？"], "criteria", "专精特新“小巨人”企业", "2026", "研发投入"),
    # a tier, an indicator and a named version ask the rule, whatever the verb
    (["新规下面小巨人的研发费用要投多少啊"], "criteria", "专精特新“小巨人”企业", "2026", "研发费用"),
    # "研发投入怎么要求" asks the amount and the ratio together
    (["专精特新中小企业新规对研发投入怎么要求的？"], "criteria", "专精特新中小企业", "2026", "研发投入"),
    (["按2026年新办法，小巨人的研发投入要达到啥要求？"], "criteria", "专精特新“小巨人”企业", "2026", "研发投入"),
    (["新办法下小巨人研发费用占比有啥要求？"], "criteria", "专精特新“小巨人”企业", "2026", "研发占比"),
    # a per-company average is a statistic, not a rule
    (["小巨人平均每家持有多少项有效发明专利？"], "search", "专精特新“小巨人”企业", None, "I类知识产权"),
    # without a version, an average is a statistic
    (["小巨人研发强度平均多少？"], "search", "专精特新“小巨人”企业", None, "研发占比"),
    # money asked of a rule's indicator is no reward lookup; 差多少 without figures compares statistics
    (["研发投入很大的话能不能直通专精特新中小企业？要多少钱？按暂行办法"], "criteria", "专精特新中小企业", "2022", "研发费用"),
    (["國家級小巨人企業的企業技術中心持有率是多少？跟省級差多少？"], "search", "专精特新“小巨人”企业", None, None),
    (["新办法下小巨人要几项I类知识产权？跟以前比多了多少？"], "criteria", "专精特新“小巨人”企业", "2026", "I类知识产权"),
    # a calendar year names the version in force that year
    (["2025年的专精特新中小企业认定标准里营收要求多少？"], "criteria", "专精特新中小企业", "2022", "营业收入"),
    # a tier's indicator across versions, or with 要求, is a rule even with a statistic word (数量)
    (["市场占有率方面，新旧办法对专精特新中小企业有何变化？"], "criteria", "专精特新中小企业", "2022", "市场占有率"),
    (["小巨人对I类知识产权的数量要求，旧版和新版分别是多少项？"], "criteria", "专精特新“小巨人”企业", "2026",
     "I类知识产权"),
    # colloquial words for a threshold (硬杠杠, 硬指标) ask the rule
    (["冲小巨人的话，对主导产品市场占有率有啥硬杠杠？"], "criteria", "专精特新“小巨人”企业", None, "市场占有率"),
    (["专精特新中小企业营收的硬指标是啥"], "criteria", "专精特新中小企业", None, "营业收入"),
    # an indicator only a rule states (有效期) asks the rule, whatever the verb
    (["专精特新中小企业和小巨人到期是什么流程？"], "criteria", "专精特新“小巨人”企业", None, "有效期"),
    # data fraud is a revocation rule
    (["新办法下小巨人如果被查出数据造假会怎么样？"], "criteria", "专精特新“小巨人”企业", "2026", "取消认定"),
    # "评上…以后" says when, not whether: no eligibility check
    (["评上专精特新中小企业以后，有效期几年？"], "criteria", "专精特新中小企业", None, "有效期"),
    (["我们营收1200万，能评上专精特新中小企业吗？"], "eligibility", "专精特新中小企业", None, "营业收入"),
    (["营收不到一千万，还有机会评专精特新中小企业吗？"], "eligibility", "专精特新中小企业", None, "营业收入"),
    # no company fact to check and a rule asked by name: the rule, not a check of an empty profile
    (["公司去年被列入过经营异常名录，现在还能申报专精特新吗？限制条件是怎么规定的？"], "criteria", "专精特新中小企业",
     None, "限制条件"),
    # the points one item scores: its indicator, not the score's rule
    (["专精特新中小企业打分的时候资产负债率这项占几分？"], "criteria", "专精特新中小企业", None, "资产负债率"),
    # who reviews (审) is the procedure
    (["专精特新中小企业的材料交上去谁来审？"], "criteria", "专精特新中小企业", None, "认定程序"),
    # a restriction said as a kind of company asks the rule; said as an event, it is the asker's own
    (["失信企业能申报专精特新吗？"], "criteria", "专精特新中小企业", None, "限制条件"),
    (["去年被环保部门查出重大环境污染事故，今年还想报专精特新，行不行？"], "eligibility", "专精特新中小企业", None, "限制条件"),
    (["我们被列入失信名单了，还能申报小巨人吗？"], "eligibility", "专精特新“小巨人”企业", None, "限制条件"),
    (["我們被列入失信名單了，還能申報小巨人嗎？"], "eligibility", "专精特新“小巨人”企业", None, "限制条件"),
    # a follow-up stating a breach re-checks the merged profile
    (["我们营收2600万，研发两年都是150万，做了6年，能评专精特新中小企业吗？", "那如果前年出过一次重大安全事故呢？"],
     "eligibility", "专精特新中小企业", None, "限制条件"),
    # "有没有直通的情形" asks; it states no absence of every direct-pass route (the class is named
    # first; the 直通 rows answer, as the class has no rows of its own for 小巨人)
    (["小巨人在创新指标上有没有直通的情形？"], "criteria", "专精特新“小巨人”企业", None, "创新能力指标"),
    # every fact a tier's conditions read has an indicator: 2022's 小巨人 信息系统 and 研发机构 rows
    (["22版小巨人在信息化/数字化上有什么硬性要求？"], "criteria", "专精特新“小巨人”企业", "2022", "信息化"),
    (["小巨人对研发机构有什么要求？"], "criteria", "专精特新“小巨人”企业", None, "研发机构"),
    # when a named firm was honoured is a fact, not a check of the asker
    (["东莞那家做液晶电视背板的豪顺精密，是第几批评上国家级小巨人的？"], "search", "专精特新“小巨人”企业", None, None),
    # the old rule's figure stated beside a change asked: no company's figure, the rows of both versions
    (["22版专精特新中小企业细分市场只要2年以上，新办法改成几年了？"], "criteria", "专精特新中小企业", "2026",
     "细分市场年限"),
    # a rule of every tier asked with the rules named (梯度培育, 新办法): no tier needed
    (["梯度培育主要面向哪类产业的企业"], "criteria", None, None, "产业导向"),
    (["新办法的重点支持领域有啥变化？"], "criteria", None, "2026", "产业导向"),
    # the span rewards fall in, across provinces, is a summary's statement, not one region's row
    (["各省对专精特新认定直接给现金奖励的，一般额度在什么范围？"], "search", "专精特新中小企业", None, None),
    # 可以申请 with no tier, no company and no figure asks no check (trial 27)
    (["新三板创新层的企业挂牌满多久可以申请上北交所？"], "search", None, None, None),
    # "是不是可以直接过": whether the company passes (by a direct-pass route)
    (["我们有有效期内的高新技术企业证书，评创新型中小企业是不是可以直接过？"], "eligibility", "创新型中小企业", None,
     "高新技术企业"),
    # ...but which industries have most firms is a statistic
    (["小巨人最多的是哪些行业？"], "search", "专精特新“小巨人”企业", None, "产业导向"),
    # a report's 科创力评分 is no evaluation score and no company's: its statistic is searched
    (["科创力评分85分以上的话，电子核心产业企业认定国家级的成功率有多高？"], "search", None, None, None),
    # ...nor is an average score of places (参评城市), whose change is a statistic, not a rule's
    (["2021年度参评城市的创新环境平均得分，是从多少提到多少的？"], "search", None, None, None),
    # "差几倍" compares two places; 长三角 states no company figure
    (["長三角和京津冀的專精特新企業數量差幾倍？"], "search", "专精特新中小企业", None, None),
    # a registered capital's average in 万元 is no reward, though an honour is named
    (["单项冠军企业注册资本均值大概多少万元？"], "search", None, None, None),
    # 制造业单项冠军's conditions asked: the report's account of them (eligibility/champion.py), not a search;
    # a count of honours held is still searched
    (["单项冠军要求做这行多少年？"], "criteria", None, None, None),
    (["单项冠军的申请条件是什么？"], "criteria", None, None, None),
    (["有多少小巨人同时获得单项冠军认定？"], "search", "专精特新“小巨人”企业", None, None),
    # ...and so is a measure of its companies, though a standard (标准) is named
    (["单项冠军平均各参与几个团体标准？"], "search", None, None, None),
    # a follow-up setting a figure it does not name goes on with the company's check (blind24)
    (["按新办法，小巨人复核的时候我们I类知识产权只有2件，是不是不够？", "那要是今年再授权下来2件，凑够4件呢？"], "eligibility",
     "专精特新“小巨人”企业", "2026", None),
    # ...and a company asking whether it can be one asks the check of them
    (["我们公司能不能评单项冠军？"], "eligibility", None, None, None),
    # a document's number is no rule row's, though 申报条件 is named (blind26)
    (["各地专精特新申报条件参照的那个中办发文件，文号是多少？"], "search", "专精特新中小企业", None, None),
    # an item of the 2022 score sheet is an indicator of its own (blind28), and a follow-up naming a tier asks of
    # that tier alone
    (["22版规则里，创新型中小企业打分时“主导产品所属领域情况”满分几分？"], "criteria", "创新型中小企业", "2022",
     "主导产品所属领域"),
    (["22版规则里，创新型中小企业打分时“主导产品所属领域情况”满分几分？", "那专精特新中小企业打分里同一项呢？"], "criteria",
     "专精特新中小企业", "2022", "主导产品所属领域"),
    # a report's advice is searched, though the new rules and an indicator are named; the rule itself stays
    # with the rows (blind25/26: "报告…PCT国际专利申请建议至少几件" had been answered with the I类 rule)
    (["按新标准，培育发展报告建议小巨人的PCT国际专利申请至少做到几件？"], "search", "专精特新“小巨人”企业", "2026", None),
    (["新办法下小巨人的I类知识产权要求几项？"], "criteria", "专精特新“小巨人”企业", "2026", "I类知识产权"),
])
def test_route_and_slots(turns, route, tier, rules, indicator) -> None:  # type: ignore[no-untyped-def]
    frame = frame_of(*turns)
    assert (frame.route, frame.tier, frame.rules, frame.indicator) == (route, tier, rules, indicator)


def test_a_followup_naming_a_tier_asks_of_it_alone() -> None:
    frame = frame_of("22版规则里，创新型中小企业打分时“主导产品所属领域情况”满分几分？", "那专精特新中小企业打分里同一项呢？")
    assert frame.tiers == ["专精特新中小企业"]
    kept = frame_of("按2022年标准，专精特新中小企业研发费用要多少？", "那新规呢？")
    assert kept.tiers == ["专精特新中小企业"]  # naming none, the previous one is kept


def test_the_quality_evaluation_named_专精特新_is_not_a_second_tier() -> None:
    frame = frame_of("小巨人的专精特新发展质量评价得分要达到多少分？")
    assert frame.tiers == ["专精特新“小巨人”企业"] and frame.route == "criteria"


def test_naming_both_versions_compares_them() -> None:
    assert frame_of("小巨人市场占有率门槛，新办法在旧版10%以上的基础上加了什么选项").compare_versions
    assert not frame_of("按旧版办法，小巨人市场占有率门槛是多少？").compare_versions
    # "不同" qualifying a noun compares nothing; asking what differs does
    assert not frame_of("阿里云那个计划给不同阶段的企业分了哪几种服务包？").compare_versions
    assert frame_of("新旧办法对小巨人的要求有什么不同？").compare_versions
    # "从几项变成了几项" asks the old value and the new one
    assert frame_of("新辦法對小巨人的I類知識產權要求，從幾項變成了幾項？").compare_versions
    # the old value asked after the new one, loosely (trial 38)
    assert frame_of("小巨人的I类知识产权新规要几项？以前几项").compare_versions


def test_a_fact_only_a_rule_states_is_asked_of_the_rules_named_or_not() -> None:
    """"企业信息每年要在什么时候之前更新": the update deadline is a rule (2022: 每年4月30日前), answered
    from the criteria rows with their versions, not from a slide line quoted bare."""
    assert frame_of("企业信息每年要在什么时候之前更新？").route == "criteria"


def test_asking_whether_a_tier_needs_an_indicator_asks_its_rule() -> None:
    frame = frame_of("新版专精特新中小企业要不要I类知识产权？什么情况可以不要？")
    assert (frame.route, frame.tier, frame.rules) == ("criteria", "专精特新中小企业", "2026")


def test_rules_in_force_is_2026_after_april_2026_and_2022_before() -> None:
    assert frame_of("营收门槛是多少？").rules_applied == "2026"
    early = read_turn([ChatMessage(role="user", content="营收门槛是多少？")], today=date(2025, 6, 1))
    assert early.rules_applied == "2022"


@pytest.mark.parametrize(("turns", "question_has", "route"), [
    (["崑山對國家級小巨人獎勵多少？", "那太倉呢？"], "太仓", "rewards"),
    (["按2022年标准，专精特新中小企业研发费用要多少？", "那小巨人呢？"], "小巨人", "criteria"),
    (["新办法对专精特新中小企业营收要求多少？", "那2022年的旧标准呢？"], "2022", "criteria"),
    # a question word and a verb alone ask of what the previous question named (trial 47)
    (["成都高新区那个专精特新奖励通知是哪个单位发的？", "哪天发的？"], "奖励通知", "search"),
])
def test_followups_keep_the_previous_question(turns, question_has, route) -> None:  # type: ignore[no-untyped-def]
    frame = frame_of(*turns)
    assert question_has in frame.question and frame.route == route


def test_a_followup_editing_one_figure_reruns_the_check_with_the_merged_profile() -> None:
    frame = frame_of("我们营收1200万，研发80万，细分市场3年，能评专精特新吗", "那如果营收到了2000万呢？")
    assert frame.route == "eligibility"
    assert frame.profile["revenue_last_year"] == 2000  # the latest figure wins
    assert frame.profile["rd_expense_last_year"] == 80 and frame.profile["years_in_niche"] == 3


@pytest.mark.parametrize(("text", "field", "value"), [
    ("我们干这行5年了，营收2000万，能评专精特新吗", "years_in_niche", 5),
    ("近两年研发一共1500万，营收8000万，能评小巨人吗", "rd_expense_2y_total", 1500),
    ("营收1200万，没做过股权融资，能评专精特新吗", "equity_financing_2y", 0),
    ("去年营收九百万左右，也没拿过投资，能报专精特新吗", "equity_financing_2y", 0),
    ("营收900万，没融过资，能报专精特新吗", "equity_financing_2y", 0),
    # the investor, its amount, then the investing word (trial 33)
    ("我们去年刚拿了一家投资基金800万实缴投资，想申请创新型中小企业，能不能直接通过？", "equity_financing_2y", 800),
])
def test_colloquial_facts_are_read(text: str, field: str, value: float) -> None:
    assert frame_of(text).profile[field] == value


def test_approximate_figures_are_flagged() -> None:
    assert frame_of("研发占比7%左右，营收3000万，能评专精特新吗").approximate
    assert not frame_of("研发占比7%，营收3000万，能评专精特新吗").approximate
    # only a range said ("七八百万") makes its lower end the figure used
    assert not frame_of("研发占比7%左右，营收3000万，能评专精特新吗").approximate_range
    assert frame_of("营收七八百万，研发一年五六十万，能评专精特新吗").approximate_range


def test_rules_of_a_year_to_come_are_not_in_the_knowledge_base() -> None:
    frame = frame_of("2027年的专精特新中小企业认定标准是什么？")
    assert frame.rules_year_missing == 2027 and frame.route == "criteria"
    assert frame_of("2026年的认定标准是什么？").rules_year_missing is None
    # a year that is no rules' year ("2027年前培育一万家") is not read as one
    assert frame_of("到2027年要培育多少家小巨人？").rules_year_missing is None


def test_a_version_named_turns_ago_is_kept_but_does_not_narrow_a_new_search() -> None:
    frame = frame_of("新办法下小巨人要几项I类知识产权？", "苏州有多少家专精特新企业？")
    assert frame.rules == "2026" and frame.rules_here is None  # retrieval searches every document
    follow = frame_of("按2022年标准，专精特新中小企业研发费用要多少？", "那小巨人呢？")
    assert follow.rules_here == "2022"  # a follow-up's resolved question names it


def test_跟以前比_compares_versions() -> None:
    assert frame_of("新办法下小巨人要几项I类知识产权？跟以前比多了多少？").compare_versions


@pytest.mark.parametrize(("text", "intent", "route"), [
    # asking to have something written is no question the documents answer
    ("帮我写一份公司年终总结，500字左右。", "task", "refusal"),
    ("请起草一份专精特新申报的请示", "task", "refusal"),
    # investment advice, however it is asked
    ("帮我推荐几只半导体股票吧", "task", "refusal"),
    ("比亚迪的股票现在能不能买？", "task", "refusal"),
    ("北交所上市的小巨人有几家", "statistic", "search"),
    # help asked to falsify the figures is refused; the rule on falsified data is a question
    ("我们研发费用其实不到3%，你帮我把账调一下，让审计看不出来，好去报专精特新。", "task", "refusal"),
    ("能不能帮我们把研发费用虚报一点？", "task", "refusal"),
    ("能不能幫我們把財報數據調一調，讓研發費用佔比看起來超過3%？", "task", "refusal"),
    ("如果被查出数据造假会怎么样？", "criteria", "criteria"),
    # asking how to write an application is a question
    ("专精特新申报材料怎么写？", "fact", "search"),
    # a question with no Chinese in it is asked to be put in Chinese (trial 28); a term in Latin letters is no such
    ("What is the revenue threshold for little giant firms under the 2026 rules?", "task", "refusal"),
    ("ISO9000认证的小巨人占多少？", "fact", "search"),
])
def test_a_request_to_write_something_is_refused(text: str, intent: str, route: str) -> None:
    frame = frame_of(text)
    assert (frame.intent, frame.route) == (intent, route)


@pytest.mark.parametrize(("text", "rows"), [
    # one direct-pass route asked by its indicator: that route alone, not every route and the basic rule
    ("老办法里专精特新中小企业的直通条件，研发费用那一条要求多少？", ["zj-direct-rd-average"]),
    ("创新型中小企业直通条件里融资要多少", ["cx-direct-financing"]),
    ("22年办法里专精特新中小企业的直通条件，研发费用要多少？股权融资要多少？",
     ["zj-direct-rd-average", "zj-direct-financing"]),
    # the R&D amount asked: the R&D rule whole, its share of revenue too
    ("按老的暂行办法，专精特新中小企业研发投入要到多少？", ["zj-rd-expense", "zj-rd-ratio"]),
    # no direct route of that indicator: every route is listed
    ("22版小巨人直通条件里融资那条要多少", ["xjr-direct-award", "xjr-direct-maker-china"]),
])
def test_a_direct_route_asked_by_its_indicator_is_answered_alone(text: str, rows: list[str]) -> None:
    from assistant.frame import criteria_for

    assert [r.id for lookup in criteria_for(frame_of(text)) for r in lookup.rows] == rows


@pytest.mark.parametrize(("turns", "route"), [
    # a rule's own figure, no company spoken of: the rule is asked, not a check
    (["创新型中小企业按暂行办法打分，总分够60就行了吗？各大类有没有单独的最低分？"], "criteria"),
    # an institution named in a question about the statistics states no company fact
    (["22年那份报告里，小巨人平均每家有多少项有效发明专利？", "那平均每家建了几个国家或省级研发机构？"], "search"),
    # asking to be checked with nothing said yet is still a check (the answer asks for the figures)
    (["能评小巨人吗？"], "eligibility"),
    # a company fact the parser reads: a check
    (["手上有5项跟主导产品相关的I类知识产权，新版小巨人知识产权这条达标没？"], "eligibility"),
    (["我们有省级企业技术中心，还是高新技术企业，能评创新型中小企业吗"], "eligibility"),
    (["营收1200万，研发80万，够专精特新吗"], "eligibility"),
    # the company's own figure said with no question opens a check (trial 47: it had been refused)
    (["我们是做精密零部件的，去年营收大概一千八百万左右"], "eligibility"),
    # how many companies were recognised somewhere is a statistic, not a check of the asker's own (trial 47)
    (["成都高新区2025年有多少家企业评上了国家级小巨人？"], "search"),
    # whether two rewards stack, asked in plain words, is no check of the company (trial 48)
    (["太仓对国家级小巨人奖励多少？", "要是同一年又评上省级又评上小巨人，两个奖能一起拿吗"], "rewards"),
    # a span of a place's own reward asked is a reward lookup (blind41: read as a check for 评上…小巨人)
    (["上海的企业评上国家级小巨人，认定奖补大概在什么范围？"], "rewards"),
    (["专精特新奖励一般额度在什么范围？"], "search"),
    # a figure of a group of companies asked, the company's own figure only placing it (blind41: a verdict)
    (["我们研发占比18%，在报告那张研发强度分层表里算中等强度吧？这一档企业占全部多少？"], "search"),
    (["我们是做软件开发的，研发占比30%，跟报告里软件开发这类企业的均值比算高还是低？"], "search"),
    (["我们是省级专精特新，研发占比24%左右，放在省级企业里大概排到什么位置？"], "search"),
    # a claim heard of is not the asker's own fact (blind41)
    (["有人说小巨人平均一家连一个国家或省级研发机构都没有，促进中心摘要里的数是多少？"], "search"),
    # the validity named as a time frame is not asked (trial 52)
    (["企业在有效期里两次没更新信息会怎么样？"], "criteria"),
])
def test_a_check_needs_a_company(turns: list[str], route: str) -> None:
    assert frame_of(*turns).route == route


def test_a_score_said_with_no_version_is_one_fact() -> None:
    """"评分85分" fills both versions' score fields; it states one fact, not a company profile of two."""
    from assistant.eligibility.parse import extract_profile_from_text, facts_stated

    updates = extract_profile_from_text("评分85分", 2026)[0]
    assert set(updates) == {"evaluation_score", "quality_score"} and facts_stated(updates) == 1
    assert facts_stated(extract_profile_from_text("评分85分，营收3000万", 2026)[0]) == 2


def test_a_table_named_for_what_it_compares_asks_no_comparison() -> None:
    """"荣誉资质持有情况对比表里…持有率是多少" asks a value out of the table; "新旧办法对比" compares."""
    from assistant.frame import read_turn
    from assistant.models import ChatMessage

    def compares(text: str) -> bool:
        return read_turn([ChatMessage(role="user", content=text)]).compare_versions

    assert not compares("荣誉资质持有情况对比表里，科技型中小企业这一行的省级专精特新持有率是多少？")
    assert compares("新旧办法对比，营收门槛有啥变化")


@pytest.mark.parametrize("asked", ["营收这条过了吗？", "营收这条满足吗？", "研发那条达标了吗"])
def test_one_condition_asked_after_a_check_is_the_check_again(asked: str) -> None:
    """New-user trial 46: "营收这条过了吗？" after a check had been refused as a search."""
    check = "去年营收1800万，前年1500万，研发两年分别120万和110万，有2项发明专利，按新办法能报专精特新中小企业吗？"
    assert frame_of(check, asked).route == "eligibility"
    # with no check before it, the same words ask nothing of a company
    assert frame_of("营收这条过了吗？").route != "eligibility"


@pytest.mark.parametrize("asked", ["差哪条？", "还差啥", "卡在哪", "哪条不够"])
def test_what_a_check_found_short_asked_without_na_is_the_check_again(asked: str) -> None:
    """New-user trial 49: "差哪条" right after a check was refused as off topic; "那差哪条？" was the check."""
    check = "有家做传感器的，营收八千来万，研发大概六个点，能评专精特新中小企业吗？"
    assert frame_of(check, asked).route == "eligibility"
    assert frame_of(asked).route != "eligibility"


@pytest.mark.parametrize("question", ["驾照快到期了，换证要带哪些材料去车管所？", "清蒸鲈鱼一般上锅蒸几分钟比较嫩？",
                                      # 申请 is asked of anything (blind36)
                                      "信用卡年费快到期了，怎么跟银行申请免年费？"])
def test_a_word_reading_as_an_indicator_in_an_off_topic_question_asks_no_rule(question: str) -> None:
    """blind35: 到期 read as 有效期, 几分 as a score and 比较 as a comparison sent these to the criteria rows."""
    frame = frame_of(question)
    assert not frame.on_topic and frame.route == "search"


@pytest.mark.parametrize(("question", "on_topic"), [
    # a place names nothing of the domain (trials 47 and 48: answered with an added notice's title)
    ("北仑哪家海鲜排档好吃", False),
    ("成都高新区附近哪家火锅好吃", False),
    ("宁波市北仑区对国家级小巨人奖励多少？", True),
])
def test_a_place_alone_is_not_on_topic(question: str, on_topic: bool) -> None:
    assert frame_of(question).on_topic is on_topic


def test_a_stacking_word_of_the_turn_before_asks_no_stacking_rule_now() -> None:
    """My tour: "这个通知是哪个部门发的？" after "市里已经给过奖励了，区里还能拿吗？" was read as that question's stacking
    rule (its merged text holds 还能拿) and listed 苏州's rows."""
    frame = frame_of("武进对国家级小巨人奖多少？", "市里已经给过奖励了，区里还能拿吗？", "这个通知是哪个部门发的？")
    assert frame.route != "rewards"
    assert frame_of("昆山对国家级小巨人奖励多少？", "要是同一年又评上省级又评上小巨人，两个奖能一起拿吗").route == "rewards"


@pytest.mark.parametrize("question", ["新办法的产业导向调整，报告说和哪个五年规划的方向高度契合？",
                                      "新标准下面，高新技术企业资质这些，报告说该怎么对待？"])
def test_a_reports_view_of_the_new_rules_is_searched_not_read_from_rule_rows(question: str) -> None:
    """blind36: the 产业导向 row answered what the report says the change agrees with (十五五)."""
    assert frame_of(question).route == "search"


def test_the_rule_itself_asked_with_a_named_version_stays_with_the_rows() -> None:
    assert frame_of("新办法的产业导向调整了什么？").route == "criteria"


def test_a_version_named_with_an_ask_after_a_check_is_the_check_under_that_version() -> None:
    """New-user trial 50: the check's own note says to ask "按新办法能评吗"; asked, it was refused."""
    check = "又来一个，做工业软件的，营收八百万，研发六十万，能评创新型中小企业吗？"
    frame = frame_of(check, "按新办法能评吗")
    assert frame.route == "eligibility" and frame.rules == "2026"
    assert frame_of("按新办法能评吗").route != "eligibility"  # no check before: nothing to check


def test_how_long_before_applying_again_asks_the_rule_not_a_verdict() -> None:
    """New-user trial 50: after a 小巨人 question, "数据造假被查出来，多久不能再报" was a 不符合 verdict on the asker,
    and read as the rule it was said 未找到关于“再报”的规定."""
    frame = frame_of("小巨人的营收门槛是多少？", "数据造假被查出来，多久不能再报？")
    assert frame.route == "criteria" and frame.action is None
    own = frame_of("我们前年被查出数据造假，今年想报小巨人，能报吗？")
    assert own.route == "eligibility"



def test_the_value_a_rule_requires_asked_of_no_company_is_the_rule() -> None:
    """New-user trial 51: "营收要多少才能报专精特新" was an empty check (7项尚无法判断), and "那老办法呢" another."""
    assert frame_of("营收要多少才能报专精特新").route == "criteria"
    old = frame_of("营收要多少才能报专精特新", "那老办法呢")
    assert (old.route, old.rules) == ("criteria", "2022")
    assert frame_of("营收1000万能报专精特新吗").route == "eligibility"


def test_a_company_a_help_desk_relays_is_checked() -> None:
    """New-user trial 51: "又来一家，做工业软件的，去年营收1200万" got an unrelated quote."""
    frame = frame_of("又来一家，做工业软件的，去年营收1200万")
    assert frame.route == "eligibility" and frame.profile == {"revenue_last_year": 1200.0}


def test_a_figure_grouping_companies_for_a_statistic_is_no_fact_of_the_asker() -> None:
    """New-user trial 51: after a check, "研发占比25%以上的企业里国家级的占多少" was read as the company's R&D share."""
    frame = frame_of("我们营收1200万、研发80万，够专精特新吗？", "研发占比25%以上的企业里国家级的占多少")
    assert frame.route == "search" and not frame.profile.get("rd_ratio_last_year")


def test_a_check_that_went_on_turn_by_turn_is_still_going_on_however_long_ago_it_was_asked() -> None:
    """New-user trial 52: "差哪条？" on the fifth turn of a call was refused as out of scope, the check asked on
    the first turn being more than three turns back though every turn since had added to it."""
    turns = ["有家做轴承的，营收六千来万，研发大概五个点，能评专精特新不？", "他们做这个细分领域八年了",
             "那要是研发到了五百万呢，能上小巨人吗？", "前年研发也差不多五百万", "差哪条？"]
    assert frame_of(*turns).route == "eligibility"
    # three unrelated turns end it
    assert frame_of(turns[0], "北交所是哪年成立的？", "昆山对小巨人奖多少？", "第三批有多少家？", "差哪条？").route != "eligibility"


def test_the_validity_named_as_a_time_frame_is_no_indicator_asked() -> None:
    assert frame_of("企业在有效期里两次没更新信息会怎么样？").indicators == ["数据更新"]
    assert frame_of("小巨人认定有效期几年？").indicators == ["有效期"]


def test_a_documents_claim_asked_to_be_confirmed_checks_no_company() -> None:
    """blind39: "艾瑞说…的主要问题是资金不够、人手不足，对吗" had been read as a check of 专精特新中小企业 (不够…吗)."""
    assert frame_of("艾瑞说各地培育专精特新的政策主要问题是资金不够、人手不足，对吗？").route == "search"
    assert frame_of("我们研发投入不够，能评专精特新吗？").route == "eligibility"


def test_a_kind_of_subsidy_named_is_no_rd_indicator() -> None:
    """blind41: "研发补贴那一类呢？" after a table of local support was answered with the R&D expense rule rows."""
    frame = frame_of("金融报告那张地方扶持政策表里，认定奖励的代表性省份有哪些？", "研发补贴那一类呢？")
    assert frame.indicators == [] and frame.route == "search"
