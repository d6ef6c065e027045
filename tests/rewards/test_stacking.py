"""Whether a region's rewards stack: the rule its rows or notices state, cited, before the amounts (trial 42)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.chain import Turn
from assistant.frame import read_turn
from assistant.models import ChatMessage
from assistant.reward_answers import RewardAnswerer
from assistant.rewards.phrases import load_phrases
from assistant.rewards.stacking import asks_stacking, stacking_passages, stated_terms
from assistant.rewards.table import default_reward_table
from indexer.models import Chunk
from zjtx.settings import PROJECT_ROOT

NOTICE = ("关于兑现2025年度吴中区专精特新企业认定奖励的通知\n新获得国家级专精特新小巨人企业认定，每家奖励80万元。\n"
          "奖励资金按照“就高不重复”原则兑现，同一企业同一年度获得多项认定的，按最高标准给予奖励。\n")


@pytest.mark.parametrize(("question", "asks"), [
    ("昆山的奖励能叠加拿吗？", True),
    ("吴中区的奖励按什么原则兑现？", True),
    ("两个奖励能同时享受吗", True),
    # one reward had, another asked (trial 49: refused as 未找到)
    ("有家企业市里已经给过奖励了，区里还能拿吗，怎么算？", True),
    ("昆山对国家级小巨人奖励多少？", False),
])
def test_a_stacking_question_is_told_from_an_amount_question(question: str, asks: bool) -> None:
    assert asks_stacking(question, load_phrases()) is asks


def test_the_rule_a_regions_rows_state_is_found() -> None:
    kunshan = [r for r in default_reward_table() if r.region == "昆山市"]
    terms = stated_terms(kunshan, load_phrases())
    assert [t for t, _ in terms] == ["就高不重复"]
    taicang = [r for r in default_reward_table() if r.region == "太仓市"]
    assert stated_terms(taicang, load_phrases()) == []
    # a local amount that holds the higher levels' funds says it does not stack with them (my tour: 苏州工业园区)
    park = [r for r in default_reward_table() if r.region == "苏州工业园区"]
    assert "含上级奖励资金" in [t for t, _ in stated_terms(park, load_phrases())]


def test_a_notice_of_the_region_states_the_rule_in_a_sentence() -> None:
    notice = Chunk(chunk_id="n1", doc_id="lib-wz", title="关于兑现2025年度吴中区专精特新企业认定奖励的通知", kind="notice",
                   text=NOTICE, start_line=1, end_line=3)
    other = notice.model_copy(update={"doc_id": "lib-other", "title": "某县通知",
                                      "text": "奖励按照就高不重复原则兑现。"})
    found = stacking_passages([other, notice], "吴中区", load_phrases())
    assert [p.doc_id for p in found] == ["lib-wz"] and "就高不重复" in found[0].quote
    # the whole sentence, past a semicolon (trial 43)
    stepped = notice.model_copy(update={"text": "同一企业同一年度获多项认定的，按就高原则奖励，不重复享受；已享受省级奖励后晋升为国家级“小巨人”的，补足差额。"})
    assert stacking_passages([stepped], "吴中区", load_phrases())[0].quote.endswith("补足差额。")
    # a district topping up what a higher level gave (trial 49: 武进区's notice, never found)
    topped = notice.model_copy(update={"text": "已获得上级奖励的企业，区级奖励按差额补足。"})
    assert stacking_passages([topped], "吴中区", load_phrases())[0].quote == "已获得上级奖励的企业，区级奖励按差额补足。"


def _answer(question: str) -> str:
    answerer = RewardAnswerer(Path(PROJECT_ROOT / "corpus"))
    frame = read_turn([ChatMessage(role="user", content=question)])
    return answerer(Turn(messages=frame.messages, question=frame.question, frame=frame)).answer


def test_the_answer_leads_with_the_rule_or_says_it_is_not_stated() -> None:
    kunshan = _answer("昆山的奖励能叠加拿吗？").splitlines()[0]
    assert "就高不重复" in kunshan and "[" in kunshan
    taicang = _answer("太仓的奖励能不能同时拿？").splitlines()[0]
    assert taicang.startswith("现有资料未写明太仓市的奖励能否叠加")


def test_a_parents_amount_is_said_when_the_region_lists_none() -> None:
    """Trial 43: "评上小巨人宁波给多少" had said only that 浙江's row is listed below."""
    from assistant.rewards import format_rewards_markdown, lookup_rewards

    lead = format_rewards_markdown(lookup_rewards("成都市武侯区", "国家级小巨人")).splitlines()[0]
    assert lead.startswith("现有资料中未列出成都市武侯区") and "四川省" in lead and "**20万**" in lead


def test_a_condition_of_a_reward_asked_leads_with_the_rows_own_clause() -> None:
    """"吴中区…省专精特新产品的奖励，是按企业算还是按产品算": the row's clause (每个给予20万元) is quoted first; an
    amount asked is answered as before."""
    from assistant.chain import Turn
    from assistant.frame import read_turn
    from assistant.models import ChatMessage
    from assistant.reward_answers import RewardAnswerer
    from zjtx.settings import PROJECT_ROOT

    answerer = RewardAnswerer(PROJECT_ROOT / "corpus")

    def ask(text: str) -> str:
        frame = read_turn([ChatMessage(role="user", content=text)])
        return answerer(Turn(messages=frame.messages, question=frame.question, frame=frame)).answer

    first = ask("吴中区评上省专精特新产品，奖励是每个产品都给还是按企业算？").splitlines()[0]
    assert first.startswith("吴中区的原文是：“") and "每个给予20万元" in first, first
    assert not ask("吴中区对省专精特新产品奖励多少？").startswith("吴中区的原文是")


def test_stacking_asked_after_a_reward_question_is_of_the_place_asked_before() -> None:
    """Trial 48: "两个奖能一起拿吗" after a question about one place listed every place's rows."""
    from assistant.chain import Turn
    from assistant.frame import read_turn
    from assistant.models import ChatMessage
    from assistant.reward_answers import RewardAnswerer

    messages = [ChatMessage(role="user", content="昆山对国家级小巨人奖励多少？"), ChatMessage(role="assistant", content="50万元"),
                ChatMessage(role="user", content="要是同一年又评上省级又评上小巨人，两个奖能一起拿吗")]
    frame = read_turn(messages)
    query = RewardAnswerer._query(Turn(messages=frame.messages, question=frame.question, frame=frame), [])
    assert query.region == "昆山市"


def test_a_level_said_after_a_place_outside_suzhou_is_that_places_honour() -> None:
    """Trial 49: "市里已经给过奖励了，区里还能拿吗" after a question about 武进区 (常州) read 市里 as 苏州's own
    honour."""
    from assistant.rewards.question import asked_in, named_pairs, parse_reward_question

    previous = parse_reward_question("武进区对国家级小巨人奖多少？")
    query = asked_in(parse_reward_question("市里的奖励已经拿了，还能拿吗"), previous)
    assert query.region == "武进区" and query.title == "市级专精特新中小企业"
    pairs = named_pairs("市里已经给过奖励了，区里还能拿吗", previous)
    assert ("武进区", "市级专精特新中小企业") in pairs and not any("苏州" in h for _, h in pairs)
    # in 苏州's own places the city's honour stays 苏州's
    wujiang = parse_reward_question("吴江区对国家级小巨人奖多少？")
    assert named_pairs("市级和区级专精特新分别奖多少", wujiang)[0] == ("吴江区", "苏州市专精特新示范中小企业")


def test_another_honour_asked_after_a_reward_question_is_of_the_place_asked_before() -> None:
    """blind35: "我们拿的其实是科技小巨人企业，也按这一档吗？" after 苏州高新区's reward listed every place's row."""
    messages = [ChatMessage(role="user", content="苏州高新区拿到省专精特新企业称号，区里奖多少？"),
                ChatMessage(role="assistant", content="20万元"),
                ChatMessage(role="user", content="我们拿的其实是“科技小巨人企业”，也按这一档吗？")]
    frame = read_turn(messages)
    assert frame.route == "rewards"
    query = RewardAnswerer._query(Turn(messages=frame.messages, question=frame.question, frame=frame), [])
    assert query.region == "苏州高新区" and query.title == "省级科技小巨人"


def test_a_notice_topping_its_reward_up_says_the_higher_levels_do_not_stack() -> None:
    """Trial 49: 武进区's notice says 已获得上级奖励的企业，区级奖励按差额补足, yet every 武进 answer listed
    江苏省's row as 可能同时适用."""
    from assistant.rewards import lookup_rewards
    from assistant.rewards.extract import extract_notice_rows

    notice = ("常州市武进区关于2026年度专精特新企业培育奖励的通知\n对新认定的国家级专精特新“小巨人”企业，给予50万元奖励。\n"
              "已获得上级奖励的企业，区级奖励按差额补足。\n")
    rows = [*default_reward_table(), *(r.row for r in extract_notice_rows(notice, doc_id="lib-wj", region="武进区").rows)]
    lookup = lookup_rewards("武进区", "国家级小巨人", rows=rows)
    chunk = Chunk(chunk_id="wj", doc_id="lib-wj", title="常州市武进区关于2026年度专精特新企业培育奖励的通知", kind="notice",
                  text=notice, start_line=1, end_line=3)
    answerer = RewardAnswerer(Path(PROJECT_ROOT / "corpus"))
    answerer._retrieved = lambda turn, find, place="": find([chunk], {"lib-wj": "武进区"})  # type: ignore[method-assign]
    frame = read_turn([ChatMessage(role="user", content="武进对国家级小巨人奖多少？")])
    turn = Turn(messages=frame.messages, question=frame.question, frame=frame)
    said = load_phrases().message("parents", regions="江苏省")
    topped = answerer._topped_up(turn, frame_query := answerer._query(turn, rows), lookup, "表\n\n" + said, [("lib-wj", "L2-L2")],
                                 {})
    assert frame_query.region == "武进区" and topped is not None
    text, sources, note = topped
    assert "可能同时适用" not in note and "按差额补足" in note
    assert "按差额补足" in text and "可能同时适用" not in text and "江苏省的奖励不另行叠加" in text
    assert sources[-1][0] == "lib-wj" and "[2]" in text
    # a region whose notices say nothing of it keeps the note
    answerer._retrieved = lambda turn, find, place="": []  # type: ignore[method-assign]
    assert answerer._topped_up(turn, frame_query, lookup, "表\n\n" + said, [], {}) is None


def test_a_lookup_without_a_question_reads_the_top_up_rule_from_the_regions_notice() -> None:
    """New-user trial 50: the 奖励查询 tab listed 江苏省's row as 可能同时适用 while the chat quoted 江阴市's
    notice (本级奖励按差额补足); the tab and /api/rewards read the region's own added notice for it."""
    from assistant.rewards import lookup_rewards
    from assistant.rewards.extract import extract_notice_rows
    from assistant.rewards.stacking import rule_in_notices

    notice = ("江阴市关于2026年度专精特新企业培育奖励的通知", "对新认定的国家级专精特新“小巨人”企业，给予60万元奖励。",
              "已获得上级奖励的企业，本级奖励按差额补足。")
    rows = [*default_reward_table(), *(r.row for r in extract_notice_rows("\n".join(notice), doc_id="lib-jy",
                                                                          region="江阴市").rows)]
    lookup = lookup_rewards("江阴市", None, rows=rows)
    lines = {"lib-jy": notice}.get
    found = rule_in_notices(lambda d: lines(d, ()), {"lib-jy": notice[0]}, {"lib-jy"},
                                 lookup.rows[: lookup.matched], "江阴市", load_phrases())
    assert found is not None and found.quote == notice[2] and found.locator == "L3-L3"
    # a bundled document, not the region's own notice, is not read for it
    assert rule_in_notices(lambda d: lines(d, ()), {}, set(), lookup.rows[: lookup.matched], "江阴市",
                                load_phrases()) is None


def test_a_note_said_before_the_table_is_not_said_again_after_it() -> None:
    """My tour: "现有资料中未列出武进区对市级专精特新中小企业的奖励金额。" was said by the pair's note and again by the lookup's."""
    from assistant.reward_answers import _without_sentences

    said = "现有资料中未列出武进区对市级专精特新中小企业的奖励金额。现有资料中未列出武进区对县（市、区）级专精特新企业的奖励金额。"
    text = "现有资料中未列出武进区对市级专精特新中小企业的奖励金额。现有资料中未列出上级地区常州市本级的相应奖励。\n\n| 表 |"
    assert _without_sentences(text, said) == "现有资料中未列出上级地区常州市本级的相应奖励。\n\n| 表 |"


def test_a_notices_stacking_rule_is_read_from_the_notice_with_the_stacking_terms() -> None:
    """New-user trial 51: "两个奖能一起拿吗，一共多少钱" retrieved none of the notice's passages and was told the
    documents do not say, though the notice says 按最高标准奖励，不重复享受; the region's own notice is read for it."""
    from assistant.rewards import lookup_rewards
    from assistant.rewards.extract import extract_notice_rows
    from assistant.rewards.stacking import asks_stacking, rule_in_notices

    notice = ("鄞州区关于2026年度专精特新企业奖励政策的通知", "对新认定的国家级专精特新“小巨人”企业，给予80万元奖励。",
              "同一企业同年度获得多项认定的，按最高标准奖励，不重复享受。")
    rows = [r.row for r in extract_notice_rows("\n".join(notice), doc_id="lib-yz", region="鄞州区").rows]
    lookup = lookup_rewards("鄞州区", None, rows=rows)
    lines = {"lib-yz": notice}.get
    phrases = load_phrases()
    found = rule_in_notices(lambda d: lines(d, ()), {"lib-yz": notice[0]}, {"lib-yz"},
                                 lookup.rows[: lookup.matched], "鄞州区", phrases, phrases.stacking_terms)
    assert found is not None and found.quote == notice[2]
    # the top-up's own words (the default) are not in it
    assert rule_in_notices(lambda d: lines(d, ()), {"lib-yz": notice[0]}, {"lib-yz"},
                                lookup.rows[: lookup.matched], "鄞州区", phrases) is None
    assert asks_stacking("有家企业今年同时评上了省级专精特新和国家级小巨人，在鄞州能拿多少", phrases)


def _conversation_answer(*turns: str) -> tuple[str, str]:
    """The route and answer of the last of ``turns`` (earlier answers stand in as "…")."""
    answerer = RewardAnswerer(Path(PROJECT_ROOT / "corpus"))
    messages: list[ChatMessage] = []
    for turn in turns[:-1]:
        messages += [ChatMessage(role="user", content=turn), ChatMessage(role="assistant", content="…")]
    frame = read_turn([*messages, ChatMessage(role="user", content=turns[-1])])
    turn = Turn(messages=frame.messages, question=frame.question, frame=frame)
    return frame.route, answerer(turn).answer


def test_a_rule_paying_the_highest_only_says_what_is_paid_not_how_far_apart_the_amounts_are() -> None:
    """New-user trial 52: under "就高不重复" two honours asked together were told "相差45万元", never what is paid."""
    route, answer = _conversation_answer("昆山的国家级小巨人和苏州市示范奖励能叠加拿吗？")
    lead = answer.split("\n\n")[0]
    assert route == "rewards" and "就高不重复" in lead and "最高的一项：国家级专精特新“小巨人”50万元" in lead, lead
    # (苏州市示范 is the honour 苏州市专精特新示范中小企业, not a second place: 张家港 had been compared)
    assert "苏州市专精特新示范中小企业" in answer and "20万元" in answer and "张家港" not in answer
    assert "相差" not in answer
    assert "相差30万元" in _conversation_answer("昆山的国家级小巨人和苏州市示范奖励差多少？")[1]


def test_a_province_said_before_an_honour_is_its_level_in_a_pair_asked_to_stack() -> None:
    """Trial 52: "同时评上浙江省专精特新和国家级小巨人" listed the 省级 row alone (浙江省 read as a place, its
    专精特新 as no honour of the pair)."""
    from assistant.rewards.question import named_pairs, parse_reward_question

    question = "有家企业今年同时评上江苏省专精特新和国家级小巨人，昆山这边两个奖能一起拿吗？"
    pairs = named_pairs(question, parse_reward_question(question))
    assert [title for _, title in pairs] == ["省级专精特新中小企业", "国家级专精特新“小巨人”"], pairs


@pytest.mark.parametrize("turns", [
    # a relayed company that states no figure asks the rule (trial 52: refused as 未找到)
    ("有家企业今年同时评上苏州市示范和国家级小巨人，昆山这边两个奖能一起拿吗？",),
    # asked right after reward questions, of their rewards (trial 52: a 2016 sentence about 工业强基 led)
    ("昆山国家级小巨人奖多少钱？", "那苏州市示范呢？", "两个能一起拿吗？"),
])
def test_stacking_is_asked_of_the_rewards_however_it_is_said(turns: tuple[str, ...]) -> None:
    route, answer = _conversation_answer(*turns)
    assert route == "rewards" and answer.startswith("昆山市的奖励条目写明：“就高不重复”"), (route, answer)


def test_an_own_level_honour_is_the_places_own_however_its_level_word_reads() -> None:
    """blind40: "太仓本市级别的小巨人" is 太仓市's own (county-level) honour, not 苏州's 市级 one."""
    answer = _conversation_answer("太仓本市级别的小巨人企业能拿多少？")[1]
    assert answer.startswith("太仓市对县（市、区）级专精特新企业的奖励：**5万元**"), answer


@pytest.mark.parametrize(("question", "refused"), [
    # the parent's own honour: its amount answers (blind41: said not listed)
    ("包头的企业评上自治区级专精特新中小企业，认定奖补给多少？", False),
    # a national honour asked of a place listing none: the province's row only may apply
    ("深圳南山区对小巨人奖励多少？", True),
])
def test_a_parents_row_for_its_own_honour_answers_a_place_listing_none(question: str, refused: bool) -> None:
    answerer = RewardAnswerer(Path(PROJECT_ROOT / "corpus"))
    frame = read_turn([ChatMessage(role="user", content=question)])
    answer = answerer(Turn(messages=frame.messages, question=frame.question, frame=frame))
    first_sentence = answer.answer.split("。")[0]
    assert answer.refused is refused and "**50万**" in first_sentence, answer.answer
