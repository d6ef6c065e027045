"""One chat turn end to end on the four-chunk index: question → route, frame and lead sentence.

Each row goes through the real chain (``create_service``: frame, router, the eligibility,
reward and criteria answerers, retrieval and the extractive composer) over BM25 alone, with
the real rule and reward data. Rows cover every route, traditional characters, and
follow-ups that change the region, the tier, the rule version or one company figure.
Nothing here depends on today's date: a row names its rule version or asks a fact both share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from assistant.models import Answer, ChatMessage
from assistant.retrieval.search_index import SearchIndex
from assistant.service import AssistantService, create_service
from zjtx.settings import Settings

LITTLE_GIANT = "专精特新“小巨人”企业"
SPECIALIZED = "专精特新中小企业"
FIGURES = "我们营收1200万，研发80万，细分市场3年，能评专精特新吗"


@dataclass(frozen=True)
class Row:
    """What one conversation should come to: the answer's route, frame fields (the frame's own
    route among them where it differs), facts of the lead sentence."""

    turns: tuple[str, ...]
    route: str
    frame: dict[str, Any]
    in_lead: tuple[str, ...]
    not_in_lead: tuple[str, ...] = ()
    refused: bool = False
    profile: dict[str, float | bool] = field(default_factory=dict)


ROWS = {
    # search: retrieval and the extractive composer
    "search": Row(("新《办法》提高了认定门槛吗？",), "search", {"intent": "comparison", "route": "search"},
                  ("1000万元", "1500万元", "[1]")),
    "search, traditional": Row(("新《辦法》提高了認定門檻嗎？",), "search", {"question": "新《办法》提高了认定门槛吗？"},
                               ("1000万元", "1500万元", "[1]")),
    # searched, then too little support; naming nothing of the domain, it is told what the assistant answers
    "off-topic refused": Row(("今天北京天气怎么样？",), "refusal", {"intent": "fact", "route": "search", "on_topic": False},
                             ("不在本助手的范围内",), refused=True),
    "on-topic, not in the documents": Row(("专精特新企业的社保缴费基数怎么定？",), "refusal", {"on_topic": True},
                                          ("未找到相关依据",), refused=True),
    # a figure read in a document, asked what it means: the sentence stating it, though the question names
    # nothing else of it; a figure no passage states is said missing, by name
    "figure asked": Row(("文档里“1500万元”这个数说的是啥？",), "search", {"figure": "1500万元", "on_topic": True},
                        ("营收门槛", "1500万元", "[1]")),
    "figure not stated": Row(("那个99.9%是什么意思？",), "search", {"figure": "99.9%"}, ("没有找到“99.9%”",),
                             refused=True),
    "empty": Row(("  ",), "refusal", {"intent": "empty"}, ("请输入",), refused=True),
    "writing asked": Row(("帮我写一份公司年终总结，500字左右。",), "refusal", {"intent": "task"}, ("不代写",), refused=True),
    # rewards: the cited reward table
    "reward": Row(("太仓对国家级小巨人奖励多少？",), "rewards", {"tier": LITTLE_GIANT}, ("太仓市", "50万元")),
    # a comparison one of whose regions the table lacks: the listed one, the other said missing, no other region
    "reward, comparison with one region not listed": Row(("昆山和常熟对省级专精特新的奖励差多少？",), "rewards", {},
                                                        ("常熟市", "20万元", "未列出昆山市", "无法比较"), ("苏州工业园区",)),
    # a second question leaning on the first ("…国家级的呢？") is answered too, not dropped
    "reward, follow-up in the same message": Row(("常熟对省级专精特新奖励多少？国家级的呢？",), "rewards", {},
                                                 ("20万元", "50万元")),
    "reward, region follow-up": Row(("太仓对国家级小巨人奖励多少？", "那吴江呢？"), "rewards",
                                    {"question": "吴江对国家级小巨人奖励多少？", "followup": True},
                                    ("吴江区", "30万元"), ("太仓",)),
    "reward, traditional follow-up": Row(("崑山對國家級小巨人獎勵多少？", "那太倉呢？"), "rewards",
                                         {"question": "太仓对国家级小巨人奖励多少？", "followup": True},
                                         ("太仓市", "50万元"), ("昆山",)),
    "reward, honour follow-up not in the table": Row(
        ("太仓对国家级小巨人奖励多少？", "那昆山呢？", "单项冠军呢？"), "rewards",
        {"question": "昆山对国家级单项冠军奖励多少？"}, ("未列出昆山市", "单项冠军"), refused=True),
    # criteria: the rule rows of the version named
    "criteria": Row(("按2022年的暂行办法，专精特新中小企业对营业收入有什么要求？",), "criteria",
                    {"tier": SPECIALIZED, "rules": "2022", "indicator": "营业收入"}, ("2022", "1000万元"),
                    ("1500万元",)),
    "criteria, version follow-up": Row(
        ("按2022年的暂行办法，专精特新中小企业对营业收入有什么要求？", "新版呢？"), "criteria",
        {"tier": SPECIALIZED, "rules": "2026", "indicator": "营业收入", "followup": True}, ("2026", "1500万元"),
        ("1000万元",)),
    "criteria, tier follow-up": Row(("新办法对专精特新中小企业营收要求多少？", "那小巨人呢？"), "criteria",
                                    {"tier": LITTLE_GIANT, "rules": "2026", "question": "新办法对小巨人营收要求多少？"},
                                    ("5000万元",), ("1500万元",)),
    "criteria, traditional tier follow-up": Row(("新辦法對專精特新中小企業營收要求多少？", "那小巨人呢？"), "criteria",
                                                {"tier": LITTLE_GIANT, "rules": "2026"}, ("5000万元",)),
    # a follow-up asking two things: one lead per part, in the order asked, each against the conversation
    "criteria, follow-up in two parts": Row(
        ("新办法对专精特新中小企业营收要求多少？", "旧版改成什么了？小巨人又是多少？"), "criteria", {},
        ("（1）", "1000万元", "（2）", "5000万元")),
    "criteria, both versions share it": Row(("专精特新中小企业研发费用占营业收入比重要多少？",), "criteria",
                                           {"tier": SPECIALIZED, "indicator": "研发占比"}, ("3%",)),
    # eligibility: the rule engine over the profile stated so far
    "eligibility": Row((FIGURES,), "eligibility", {"intent": "eligibility", "tier": SPECIALIZED},
                       ("不符合", "研发费用", "还差20万元"),
                       profile={"revenue_last_year": 1200, "rd_expense_last_year": 80, "years_in_niche": 3}),
    "eligibility, traditional": Row(("我們營收1200萬、研發80萬，夠專精特新嗎？",), "eligibility", {"tier": SPECIALIZED},
                                    ("不符合", "还差20万元"),
                                    profile={"revenue_last_year": 1200, "rd_expense_last_year": 80}),
    "eligibility, one figure edited": Row(
        (FIGURES, "那如果研发到了120万呢？"), "eligibility", {"followup": True}, ("尚无法确定", "营业收入"),
        ("不符合", "还差20万元"), profile={"revenue_last_year": 1200, "rd_expense_last_year": 120}),
    "eligibility, other figure edited": Row(
        (FIGURES, "那如果营收到了2000万呢？"), "eligibility", {}, ("不符合", "还差20万元"),
        profile={"revenue_last_year": 2000, "rd_expense_last_year": 80, "years_in_niche": 3}),
    # an honour with no rule text (单项冠军) is not checked as another tier: its conditions as a report
    # states them, cited, with no full verdict
    "eligibility, honour without criteria": Row(
        ("我们营收5亿，研发投入3000万，能评制造业单项冠军吗？",), "eligibility", {"tiers": []},
        ("尚无法确定", "制造业单项冠军", "无法据您所述给出完整结论"), ("专精特新中小企业，按", "符合**"),
        profile={"revenue_last_year": 50000, "rd_expense_last_year": 3000}),
    # ...and a condition a stated fact breaks fails it
    "eligibility, honour with a stated breach": Row(
        ("我們想衝單項冠軍，但前年因為環保問題被處罰過一次，這算不算硬傷？",), "eligibility", {"tiers": []},
        ("不符合", "近三年无环境、质量、安全违法记录"), ("专精特新中小企业，按",),
        profile={"major_violation_3y": True}),
    # a restriction stated is checked: a breach fails the tier, and a follow-up stating one re-checks
    "eligibility, a stated restriction": Row(
        ("我們公司被列入嚴重失信主體名單了，今年還能評專精特新中小企業嗎？",), "eligibility", {"tier": SPECIALIZED},
        ("不符合", "据您所述", "不符合限制条件", "未被列入经营异常名录或严重失信主体名单"),
        profile={"listed_dishonest": True}),
    "eligibility, a restriction in a follow-up": Row(
        (FIGURES, "那如果前年出过一次重大安全事故呢？"), "eligibility", {"followup": True},
        ("不符合", "重大安全事故"), profile={"revenue_last_year": 1200, "major_safety_accident_3y": True}),
    # named as a kind of company, a restriction asks the rule
    "criteria, a restriction as a kind of company": Row(
        ("失信企业能申报专精特新吗？",), "criteria", {"indicator": "限制条件"}, ("严重失信主体名单",)),
    # the tier a company already holds is not the tier it asks about
    "eligibility, the tier held is not the tier asked": Row(
        ("我们是创新型中小企业，营收2000万，研发150万，能升级成专精特新吗？",), "eligibility", {"tier": SPECIALIZED},
        ("专精特新中小企业",), ("（创新型中小企业）",)),
}


@pytest.fixture(scope="module")
def service(settings: Settings, index: SearchIndex) -> AssistantService:
    """The service as ``create_service`` wires it, over the small index, without an LLM."""
    return create_service(settings, index=index)


def lead_sentence(answer: Answer) -> str:
    return answer.answer.strip().splitlines()[0]


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS.keys())
def test_a_turn_goes_to_its_route_with_its_frame_and_lead(service: AssistantService, row: Row) -> None:
    answer = service.chat([ChatMessage(role="user", content=turn) for turn in row.turns])
    frame = answer.frame or {}
    lead = lead_sentence(answer)
    said = f"（答：{lead}；框架：{frame}）"
    assert answer.route == row.route, f"应走 {row.route} 路线，实际走了 {answer.route}{said}"
    wrong = {k: frame.get(k) for k, v in row.frame.items() if frame.get(k) != v}
    assert not wrong, f"框架字段应为 { {k: row.frame[k] for k in wrong} }，实际为 {wrong}{said}"
    profile = frame.get("profile", {})
    assert {k: profile.get(k) for k in row.profile} == row.profile, f"企业情况应合并为 {row.profile}{said}"
    assert answer.refused == row.refused, f"{'应' if row.refused else '不应'}拒答{said}"
    missing = [fact for fact in row.in_lead if fact not in lead]
    assert not missing, f"首句应写出 {missing}{said}"
    stray = [fact for fact in row.not_in_lead if fact in lead]
    assert not stray, f"首句不应写出 {stray}{said}"


@pytest.mark.parametrize("turns", [
    ("我们营收1200万，研发占比150%，能评专精特新吗",),
    ("营收-500万，细分市场200年，能评小巨人吗",),
    ("研发去年150万、前年120万，2099年营收1亿，能评吗",),
    ("我们营收1200万，能评专精特新吗", "那研发占比200%呢"),
    ("创客中国0强，国内排名第0，I类知识产权-2项，能评小巨人吗",),
])
def test_impossible_figures_never_break_a_turn(service: AssistantService, turns: tuple[str, ...]) -> None:
    """Figures the profile cannot hold are left out with a reason; the turn is still answered."""
    answer = service.chat([ChatMessage(role="user", content=turn) for turn in turns])
    assert answer.answer.strip() and answer.route in ("eligibility", "search", "criteria", "refusal")
