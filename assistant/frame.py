"""Reading a turn once: the conversation becomes one typed :class:`QuestionFrame`.

Everything downstream (routing, answerers, LLM mode, evals) reads the frame; nothing
re-parses the messages. Traditional characters are converted here, at the single entry.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from assistant.answering.sentences import AskedTiers
from assistant.answering.typed_lead import (
    asked_types,
    asks_besides_reward,
    places_named,
    without_places,
)
from assistant.conversation import is_followup, resolve_question
from assistant.criteria.indicators import find_indicators, load_indicators
from assistant.criteria.lookup import DIRECT, CriteriaLookup, lookup_criteria, states_points
from assistant.eligibility import extract_profile_from_text, looks_like_eligibility_question
from assistant.eligibility.benchmarks import benchmarks_asked
from assistant.eligibility.fact_phrases import fact_phrases
from assistant.eligibility.parse import (
    extract_request_from_messages,
    facts_stated,
    normalize_numbers,
    rules_named,
    unnamed_figure,
)
from assistant.eligibility.profile import field_kind, report_only
from assistant.eligibility.rules import said_met, version_in_force, when_stated_fields
from assistant.eligibility.tiers import tier_named, tiers_named, versions_named
from assistant.eligibility_focus import asked_indicators
from assistant.models import ChatMessage, Route
from assistant.numbers import loose_amount_said, states_loose_amount
from assistant.retrieval.text_processing import (
    dialect_in_mandarin,
    english_terms_in_chinese,
    to_simplified,
)
from assistant.rewards import looks_like_reward_question
from assistant.rewards.phrases import load_phrases

Intent = Literal["criteria", "eligibility", "benchmark", "rewards", "statistic", "comparison", "fact", "empty", "task"]
_MAX_PARTS = 3  # indicators answered in one criteria turn
_PROFILE_FIELDS_FOR_CHECK = 2  # "营收1200万、研发80万…" states a company profile

class IntentWords(BaseModel):
    criteria_words: list[str]
    condition_words: list[str]
    whole_tier_words: list[str]
    not_rule_asks: list[str]
    statistic_words: list[str]
    overview_asks: str
    overview_said: str
    group_measure_words: list[str]
    version_compare_words: list[str]
    named_comparison_table: str
    not_reward_words: list[str]
    approximate_words: list[str]
    rule_words: list[str]
    not_tier_words: list[str]
    honours_without_criteria: list[str]
    asks_value_words: list[str]
    points_asked: str
    points_bar: str
    points_not_of: list[str]
    rules_year: str
    requests_declined: dict[str, str]
    first_person: str
    kind_of_company: str
    supposed: str
    question_marks: str
    on_topic: str
    source_pointer: str
    report_reference: str
    group_figure_asked: str
    document_claim: str
    report_advice: str
    asked_action: str
    apply_actions: list[str]
    condition_met_asked: str
    missing_asked: str
    figure_asked: str
    figure_joined: str
    rule_value_asked: str
    this_document: str

@lru_cache(maxsize=1)
def intent_words() -> IntentWords:
    path = resources.files("assistant") / "resources" / "intents.yaml"
    return IntentWords.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))

def _any(text: str, words: list[str]) -> bool:
    return any(w in text for w in words)


def asks_points(question: str) -> bool:
    """The points an indicator scores are asked ("这一项最多能给几分"), not a bar to reach."""
    words = intent_words()
    return bool(re.search(words.points_asked, question)) and not re.search(words.points_bar, question)


def honours_named(text: str) -> list[str]:
    """The honours above the tiers (单项冠军) that ``text`` names; no criteria row covers them."""
    return [h for h in intent_words().honours_without_criteria if h in text]

class QuestionFrame(BaseModel):
    """What one turn asks, read once from the whole conversation."""

    messages: list[ChatMessage] = Field(default_factory=list)  # simplified
    text: str = ""  # the last user message, simplified
    question: str = ""  # the standalone question, follow-up resolved
    followup: bool = False
    intent: Intent = "fact"
    on_topic: bool = True  # names something of the domain; a refusal of an off-topic one says so
    route: Route = "search"
    declined: str | None = None  # a request refused for what it is (requests_declined in intents.yaml)
    figure: str | None = None  # a figure read in a document, asked what it means ("“1.25个”这个数说的是啥")
    figures: list[str] = Field(default_factory=list)  # every figure so asked, in order ("91.67%和33.33%…分别")
    tier: str | None = None
    tiers: list[str] = Field(default_factory=list)  # every tier named, in order ("专精特新和小巨人各…")
    rules: str | None = None  # the version the question names, or an earlier turn did
    rules_here: str | None = None  # the version this question itself names (search filters by it)
    rules_in_force: str = "2026"  # the version in force today (used when none is named)
    rules_year_missing: int | None = None  # "2027年的认定标准": a year whose rules cannot be known yet
    compare_versions: bool = False
    # what the new measures changed as a whole ("新办法跟老办法比主要改了哪些"): the report's table of changes
    version_overview: bool = False
    indicator: str | None = None
    indicators: list[str] = Field(default_factory=list)
    whole_tier: bool = False  # asks for all conditions of a tier
    points: bool = False  # asks the points an indicator scores, not its threshold
    profile: dict[str, Any] = Field(default_factory=dict)  # merged over the turns, latest wins
    # figures only a report's benchmarks read (专利总量, 软著…), kept out of the profile a rule checks
    report_figures: dict[str, Any] = Field(default_factory=dict)
    benchmarks: list[str] = Field(default_factory=list)  # the report's benchmark rows the question compares with
    action: str | None = None  # an action asked to be allowed ("可以申请复议吗": 复议)
    stated_here: list[str] = Field(default_factory=list)  # profile fields this turn itself states
    approximate: bool = False
    approximate_range: bool = False  # a figure said as a range ("七八百万"): its lower end is used
    range_said: str | None = None  # the first range as the user said it ("一千二三百万")
    rejected: list[str] = Field(default_factory=list)  # figures not taken into the profile, and why
    today: date = Field(default_factory=date.today, exclude=True)

    @property
    def rules_applied(self) -> str:
        return self.rules or self.rules_in_force

    def asked_tiers(self) -> AskedTiers:
        """The tiers the question names, for scoring the sentences that could answer it."""
        return AskedTiers(tuple(self.tiers), tuple(intent_words().not_tier_words), tuple(honours_named(self.question)))

    def public(self) -> dict[str, Any]:
        """The frame as ``/api/chat`` returns it under ``"frame"``."""
        data = self.model_dump(exclude={"messages"})
        data["rules_applied"] = self.rules_applied
        return data

def criteria_for(frame: QuestionFrame) -> list[CriteriaLookup]:
    """One lookup per indicator the question asks about (a question may ask two); no rows: search."""
    tier = tuple(frame.tiers) if len(frame.tiers) > 1 else frame.tier
    vocabulary = load_indicators()
    named = frame.indicators[:_MAX_PARTS]
    # a rule stated whole by an umbrella, unless the question names the umbrella's other parts too
    asked: list[str | None] = [
        whole if (whole := vocabulary.by_name(name).stated_with) and not set(vocabulary.expand(whole)) - {name} & set(named)
        else name for name in named] or [None]  # None: the whole tier
    # "有严重失信记录还能评吗": the restriction named, not every one of the indicator
    breaches = tuple(name for name in frame.stated_here if name in when_stated_fields())
    lookups = [lookup_criteria(tier=tier, rules=frame.rules, indicator=indicator,
                               compare=frame.compare_versions, today=frame.today,
                               fields=tuple(b for b in breaches if indicator and b in vocabulary.by_name(indicator).fields),
                               points=frame.points and indicator is not None)
               for indicator in asked]
    # "直通条件，研发费用那一条要求多少": the direct-pass route of that indicator, not every route
    # and the basic rule beside them
    direct = next((lk for lk in lookups if lk.indicator == DIRECT), None)
    if direct is not None:
        names = {name for lk in lookups if lk.indicator not in (DIRECT, None)
                 for name in vocabulary.expand(lk.indicator)}
        narrowed = [r for r in direct.rows if names & set(r.indicators)]
        if narrowed:
            return [direct.model_copy(update={"rows": narrowed})]
    return [lk for lk in lookups if lk.rows] or lookups[:1]


def _flags_only(updates: dict[str, Any]) -> bool:
    """The turn states yes/no facts only (an institution, an honour), no figure."""
    return bool(updates) and all(field_kind(name) == "flag" for name in updates)


def _asked_check(text: str, stated: dict[str, Any], tier: str | None) -> bool:
    """An earlier turn that asked a check (``stated`` and ``tier``: what it says of a company): a check question, two
    facts or more, or the company's own fact with a tier (按新办法，小巨人复核的时候我们I类知识产权只有2件，是不是不够？),
    so a follow-up goes on with it."""
    first_person = bool(re.search(intent_words().first_person, text))
    own = bool(stated) and tier is not None and first_person
    # ("营收要多少才能报专精特新" asked the rule's value: "那老办法呢" asks the old rule's, trial 51)
    return ((looks_like_eligibility_question(text) and not _asks_rule_value(text, stated, first_person))
            or facts_stated(stated) >= _PROFILE_FIELDS_FOR_CHECK or own)


_CHECK_TURNS_BACK = 3  # a check asked within the last three turns is still going on


def _check_going_on(earlier: list[str], this_year: int) -> bool:
    """A check was asked within the last turns, or went on in them: a turn adding a fact to a check (“前年研发也差不多
    五百万”) or asking after it (“那要是研发到了五百万呢”) keeps it going, however many turns ago it was first asked
    (trial 52: “差哪条？” on the fifth turn of a call was refused as out of scope)."""
    words = intent_words()
    since: int | None = None  # turns since the last turn of a check
    for text in earlier:
        stated, tier, _ = extract_profile_from_text(text, this_year)
        going_on = since is not None and since < _CHECK_TURNS_BACK and (
            bool(stated) or is_followup(text) or bool(re.search(words.missing_asked, text)))
        since = 0 if going_on or _asked_check(text, stated, tier) else (None if since is None else since + 1)
    return since is not None and since < _CHECK_TURNS_BACK


def _asks_rule_value(text: str, profile: dict[str, Any], first_person: bool) -> bool:
    """"营收要多少才能报专精特新": the value a rule requires, asked of no company (no figure of one, nobody speaking
    of their own)."""
    return not profile and not first_person and bool(re.search(intent_words().rule_value_asked, text))


def _route(frame: QuestionFrame, updates: dict[str, Any], earlier: list[str]) -> tuple[Intent, Route]:
    """Eligibility checks, reward lookups and criteria questions go to their data; the rest to search.

    A question that states a company's figures is an eligibility check even without an
    explicit "能评吗"; a turn that only adds figures stays with an eligibility conversation.
    """
    words = intent_words()
    last, question = frame.text, frame.question
    # "我们是民营企业，想申请专精特新，需要什么条件": a condition checked only when stated, said met by the
    # company, asks nothing unless the asking clause names it ("外资身份会不会卡住我们")
    first_person = bool(re.search(words.first_person, last))
    met = said_met(updates)
    if met and first_person:  # (the asking clause is read only then: most turns state no such fact)
        asked = {f for name in asked_indicators(last) for f in load_indicators().by_name(name).fields}
        # "我们是外资控股的企业，所有制这块会不会卡我们申报？": the condition the stated fact meets is asked, of
        # the tier in force when none is named (blind30: searched, no verdict)
        if set(met) & asked and re.search(words.question_marks, last):
            return "eligibility", "eligibility"
        updates = {name: value for name, value in updates.items() if name not in met or name in asked}
    if frame.rules_year_missing:
        return "criteria", "criteria"  # answered "not in the knowledge base" from the versions it has
    if frame.version_overview and not updates:
        return "comparison", "criteria"
    money_not_reward = _any(question, words.not_reward_words) or asks_besides_reward(question)
    # "研发投入很大能不能直通？要多少钱？": money asked of a rule's indicator, with no reward word
    rule_money = frame.indicator is not None and not _any(question, load_phrases().reward_words)
    reward = looks_like_reward_question(question) and not money_not_reward and not rule_money
    if reward and not updates:
        return "rewards", "rewards"
    # "我们去年因为数据造假被取消了认定，按新规明年能再报吗": a breach said of the company itself, asked about,
    # is checked against the tier named or the tier in force (blind30: searched, no verdict)
    if (updates and set(updates) <= when_stated_fields() and first_person and not re.search(words.supposed, last)
            and not _any(question, words.condition_words) and re.search(words.question_marks, last)):
        return "eligibility", "eligibility"
    if updates and set(updates) <= when_stated_fields() and not first_person:
        # "失信企业能申报专精特新吗": a restriction named as a kind of company asks the rule
        if re.search(words.kind_of_company, last) and criteria_for(frame)[0].rows:
            return "criteria", "criteria"
        # "前年被税务查出偷漏税…今年想报小巨人": an event said of no kind of company is the asker's own,
        # unless supposed ("如果被查出…") or the rule itself is asked ("限制条件是怎么规定的")
        # ("数据造假被查出来，多久不能再报": how long asks the rule's period, trial 50, not a verdict on the asker)
        asks_period = any(t.name == "duration" for t in asked_types(last))
        if (frame.tier is not None and not re.search(words.supposed, last) and not _any(question, words.condition_words)
                and not asks_period):
            return "eligibility", "eligibility"
        updates = {}  # the rule named by its restriction, read as a rule question
    # "还能申报吗？限制条件是怎么规定的？": no company fact to check, a rule asked by name
    rule_by_name = (not updates and not re.search(r"\d", last) and frame.indicator is not None
                    and _any(question, words.condition_words) and bool(criteria_for(frame)[0].rows))
    # "小巨人需要满足哪些条件": no company and no figure, a tier's conditions asked by name
    rule_by_name = rule_by_name or (not updates and not frame.profile
                                    and frame.tier is not None and frame.whole_tier
                                    and bool(criteria_for(frame)[0].rows))
    if frame.compare_versions and not first_person:
        updates = {}  # "22版…细分市场只要2年以上，新办法改成几年了": the old rule's figure, no company's
    # "我们公司能不能评单项冠军": an honour above the tiers asked about as a check (its conditions as a report
    # states them, eligibility/champion.py)
    # ("复核不通过，可以申请复议吗": an action other than applying is asked, no check)
    other_action = frame.action is not None and frame.action not in words.apply_actions
    # "成都高新区2025年有多少家企业评上了国家级小巨人": how many were recognised, asked of no company (trial 47)
    counts_others = not first_person and not frame.profile and _any(question, words.statistic_words)
    # "又评上省级又评上小巨人，两个奖能一起拿吗": whether two rewards stack, no check of the company (trial 48)
    # (asked in the turn's own words: "这个通知是哪个部门发的" after "…区里还能拿吗" asks no stacking rule, tour 34)
    # ("两个能一起拿吗？" right after reward questions asks of their rewards, trial 52)
    stacking = (reward or "奖" in question or any(looks_like_reward_question(t) for t in earlier[-2:])) and _any(
        last, load_phrases().stacking_words)
    # (a company relayed or speaking for itself that states no figure asks the rule too: "有家企业今年同时评上…，
    # 余杭这边两个奖能一起拿吗", trial 52)
    if stacking and (not first_person or not updates or _flags_only(updates)):
        return "rewards", "rewards"
    # ("艾瑞说…资金不够、人手不足，对吗": a document's claim asked, of no company)
    claim = not first_person and not frame.profile and bool(re.search(words.document_claim, last))
    asks_eligibility = not other_action and not counts_others and not stacking and not claim and (
        looks_like_eligibility_question(last)
        or (bool(honours_named(last)) and bool(fact_phrases().eligibility_intent.search(normalize_numbers(last)))))
    # "总分够60就行了吗": a figure no company fact was read from, and no company spoken of, is the rule's
    company = bool(frame.profile) or first_person or not re.search(r"\d", last)
    if _flags_only(updates) and not first_person and not asks_eligibility:
        updates = {}  # "建了几个国家或省级研发机构" names an institution, it states none
    # "我们资产负债率65%，按老办法申请小巨人，…？": a company's own figure and a tier, asked about, ask a check
    states_own = first_person and bool(updates) and not _flags_only(updates) and frame.tier is not None \
        and bool(re.search(words.question_marks, last))
    # "新三板创新层的企业…可以申请上北交所": no tier, no company and no figure asks no check
    asks_check = (asks_eligibility or states_own) and not rule_by_name and bool(frame.tier or first_person or frame.profile)
    if asks_check and not company and frame.tier and frame.indicator and criteria_for(frame)[0].rows:
        return "criteria", "criteria"  # the rule's own figure asked about: its criteria rows
    # "营收要多少才能报专精特新": the value the rule requires, asked of no company (trial 51: an empty check)
    if (asks_check and _asks_rule_value(last, frame.profile, first_person) and frame.tier and frame.indicator
            and criteria_for(frame)[0].rows):
        return "criteria", "criteria"
    if asks_check or facts_stated(updates) >= _PROFILE_FIELDS_FOR_CHECK:
        return "eligibility", "eligibility"
    # "我们是做精密零部件的，去年营收大概一千八百万左右": the company's own figure, said with no question, opens a
    # check that says what is met and what is still needed (trial 47: it had been told 未找到相关依据)
    if first_person and updates and not _flags_only(updates) and not reward and not re.search(words.question_marks, last):
        return "eligibility", "eligibility"
    if reward:
        return "rewards", "rewards"
    # "营收这条过了吗？" after a check: one condition of it asked, not a follow-up in form
    asks_condition = frame.indicator is not None and bool(re.search(words.condition_met_asked, last))
    asks_missing = bool(re.search(words.missing_asked, last))
    # "按新办法能评吗" after a check: the same company under the version named (the check's own note says to ask
    # so; trial 50 was refused)
    asks_again = frame.rules_here is not None and bool(fact_phrases().eligibility_intent.search(normalize_numbers(last)))
    if earlier and (updates or is_followup(last) or asks_condition or asks_missing or asks_again) and _check_going_on(
            earlier, frame.today.year):
        return "eligibility", "eligibility"
    # "小巨人I类知识产权的数量要求，旧版和新版分别多少项": a tier's indicator asked as a rule or
    # across versions is answered from the criteria rows, even in a question with statistic words
    names_condition = frame.compare_versions or _any(question, words.condition_words)
    # "单项冠军的市场占有率要求": no criteria row covers the honour; its rules are searched (and no row
    # states a document's number: "申报条件参照的那个文件，文号是多少")
    rows_cover = (bool(frame.tiers) or not honours_named(question)) and not (
        {t.name for t in asked_types(question)} & set(words.not_rule_asks)) and not re.search(words.report_advice, question)
    if rows_cover and not updates and frame.tier and frame.indicator and names_condition and criteria_for(frame)[0].rows:
        return "criteria", "criteria"
    # "单项冠军的申请条件是什么", "单项冠军要求做这行多少年": the report's account of its conditions
    # (eligibility/champion.py), not a passage searched for it; "单项冠军平均参与几个团体标准" asks a
    # statistic of the honour's companies
    if honours_named(question) and not frame.tiers and not updates and not _any(question, words.group_measure_words) and (
            _any(question, words.condition_words) or frame.whole_tier):
        return "criteria", "criteria"
    if _any(question, words.statistic_words):
        return "statistic", "search"
    # "新规下小巨人的研发费用要投多少": a tier, an indicator and a named version ask the rule
    indicator = load_indicators().by_name(frame.indicator) if frame.indicator else None
    rule_only = bool(indicator and indicator.rule_only)
    # "梯度培育主要面向哪类产业的企业": a rule of every tier, asked with the rules named
    general = bool(indicator and indicator.general) and bool(
        frame.rules or frame.compare_versions or _any(question, words.rule_words))
    asks_rule = _any(question, words.criteria_words) or bool(
        frame.tier and frame.rules and frame.indicator and _any(question, words.asks_value_words)) or rule_only or general
    # "企业信息每年要在什么时候之前更新": only a rule states it, named or not
    names_rule = frame.tier or frame.rules or frame.compare_versions or _any(question, words.rule_words) or rule_only
    asks_indicator = frame.indicator is not None and asks_rule and names_rule
    if rows_cover and not updates and (asks_indicator or (frame.tier and frame.whole_tier)) and criteria_for(frame)[0].rows:
        return "criteria", "criteria"
    if frame.compare_versions:
        return "comparison", "search"
    return "fact", "search"

def read_turn(messages: list[ChatMessage], today: date | None = None) -> QuestionFrame:
    """The frame of the last user turn, with context carried from the earlier ones."""
    # (the user's English and Cantonese words said in Mandarin too: "R&D要求" → "研发要求", "冇融资" → "没有融资")
    simplified = [ChatMessage(role=m.role, content=to_simplified(m.content)) for m in messages]
    simplified = [m.model_copy(update={"content": dialect_in_mandarin(english_terms_in_chinese(m.content))})
                  if m.role == "user" else m for m in simplified]
    users = [m.content.strip() for m in simplified if m.role == "user" and m.content.strip()]
    question = resolve_question(simplified)
    frame = QuestionFrame(messages=simplified, text=users[-1] if users else "", question=question,
                          followup=len(users) > 1 and is_followup(users[-1]),
                          today=today or date.today(), rules_in_force=version_in_force(today or date.today()))
    if not question:
        frame.intent, frame.route = "empty", "refusal"
        return frame
    words = intent_words()
    declined = next((name for name, pattern in words.requests_declined.items() if re.search(pattern, frame.text)), None)
    if declined:  # "帮我写一份年终总结", "推荐几只股票": nothing to look up
        frame.intent, frame.route, frame.declined = "task", "refusal", declined
        return frame
    normalized = normalize_numbers(question)
    profile, tier, rules = extract_request_from_messages(users, frame.today.year, frame.rejected)
    updates = extract_profile_from_text(frame.text, frame.today.year)[0]
    if not updates and len(users) > 1:  # "那要是凑够4件呢？": the one fact of that unit said before
        updates = unnamed_figure(frame.text, extract_profile_from_text(users[-2], frame.today.year)[0])
    frame.tier = tier_named(normalized, words.not_tier_words) or tier
    frame.tiers = tiers_named(normalized, words.not_tier_words)
    # "…创新型中小企业打分时…满分几分？" then "那专精特新中小企业打分里同一项呢？": a follow-up naming a tier asks
    # of that tier alone, though the question completed from both turns names both
    own_tiers = tiers_named(normalize_numbers(frame.text), words.not_tier_words) if frame.followup else []
    if own_tiers:
        frame.tier, frame.tiers = own_tiers[0], own_tiers
    frame.rules = frame.rules_here = rules_named(normalized)
    year = re.search(words.rules_year, normalized)
    if frame.rules_here is None and year:  # "2025年的标准": the version in force that year
        if int(year["year"]) > frame.today.year:
            frame.rules_year_missing = int(year["year"])
        else:
            frame.rules = frame.rules_here = version_in_force(date(int(year["year"]), 12, 31))
    frame.rules = frame.rules or rules
    # "新办法在旧版10%的基础上加了什么": naming both versions compares them
    # ("按22版…多少？" then "那新规呢？": a follow-up naming one version asks that version's figure; the
    # question completed from both turns names two)
    named_versions = versions_named(normalize_numbers(frame.text) if frame.followup and frame.rules_here else normalized)
    frame.compare_versions = (_any(re.sub(words.named_comparison_table, "", question), words.version_compare_words)
                              or len(named_versions) > 1)
    frame.indicators = find_indicators(question)
    # (naming no tier, indicator, honour or place, and asking no figure: the changes as a whole, trial 48)
    frame.version_overview = (frame.compare_versions and not frame.indicators and not tiers_named(question)
                              and not honours_named(question) and not places_named(question)
                              and bool(re.search(words.overview_asks, question)) and not re.search(r"多少|几", question)
                              and not re.sub(words.overview_said, "", re.sub(words.overview_asks, "", question)))
    # "细分市场年限这一项最多能给几分": 几分 asks that item's points, not the score's rule (a change asked,
    # "新规把特色化砍掉了？原来占几分", or a version giving no points, is answered from its rules)
    frame.points = (asks_points(question) and not frame.compare_versions
                    and (frame.rules is None or states_points(frame.rules))
                    and any(i not in words.points_not_of for i in frame.indicators))
    if frame.points:
        frame.indicators = [i for i in frame.indicators if i not in words.points_not_of]
    frame.indicator = frame.indicators[0] if frame.indicators else None
    frame.whole_tier = _any(question, words.whole_tier_words)
    known = profile.model_dump(exclude_none=True)
    frame.profile = {name: value for name, value in known.items() if not report_only(name)}
    frame.report_figures = {name: value for name, value in known.items() if report_only(name)}
    updates = {name: value for name, value in updates.items() if not report_only(name)}
    said = " ".join(users)
    frame.approximate_range = states_loose_amount(said) and bool(frame.profile)
    frame.range_said = loose_amount_said(said) if frame.approximate_range else None
    frame.approximate = (_any(said, words.approximate_words) or frame.approximate_range) and bool(frame.profile)
    frame.stated_here = list(updates)
    # (a place names nothing of the domain: "北仑哪家海鲜排档好吃", "成都高新区附近哪家火锅好吃", trials 47 and 48)
    frame.on_topic = bool(re.search(words.on_topic, without_places(question)))
    # (applying again, 再报, is applying: the rules' period says when; trial 50)
    frame.action = asked["act"] if (asked := re.search(words.asked_action, question)) else None
    if frame.action in words.apply_actions:
        frame.action = None
    # "驾照快到期了，换证要带哪些材料", "清蒸鲈鱼蒸几分钟比较嫩": a first turn naming nothing of the domain, no tier,
    # version or company figure, names no indicator of the rules, though a word of it reads as one (到期, 几分);
    # search refuses it as off topic unless a passage states what it asks (blind35)
    if len(users) == 1 and not frame.on_topic and frame.tier is None and frame.rules_here is None and not frame.profile:
        frame.indicators, frame.indicator = [], None
    # "按报告那个研发占比标杆体系，我们过良好线了没": the company's figure against the report's row
    group_figure = bool(re.search(words.group_figure_asked, frame.text))
    frame.benchmarks = [] if group_figure else benchmarks_asked(frame.text, said, known, words.report_reference)
    frame.intent, frame.route = (("benchmark", "eligibility") if frame.benchmarks else ("statistic", "search")
                                 if group_figure else _route(frame, updates, users[:-1]))
    # "摘要里“1.25个”这个数说的是啥": the passages stating the figure answer, whatever else its words name
    if figure := re.search(words.figure_asked, frame.text):
        frame.figure = figure.group(1)
        frame.figures = [frame.figure]
        before = frame.text[: figure.start(1)]
        while joined := re.search(words.figure_joined, before):
            frame.figures.insert(0, joined.group(1))
            before = before[: joined.start(1)]
        frame.on_topic, frame.intent, frame.route = True, "fact", "search"
    return frame
