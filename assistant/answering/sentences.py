"""Scoring the sentences of retrieved passages against a question (the extractive composer's
first step): IDF-weighted coverage of the question's words in the sentence and its passage,
the kind of answer it holds, the asked tier, the rule version and the passage's kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import yaml

from assistant.answering.coverage import coverage
from assistant.eligibility.tiers import tiers_named
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from assistant.retrieval.text_processing import keywords, normalize_query, synonyms_of
from indexer.chunking import split_into_sentences

ASKS_FOR_NUMBER = re.compile(r"多少|几|何时|什么时候|哪一?年|哪天|日期|时间|比例|占比|门槛|金额|数量|多久|多大|多高|提高|比重|标准")
HAS_NUMBER = re.compile(r"\d")
# an item's number ("（1）", "1、", "a.") is no figure
_ITEM_NUMBER = re.compile(r"[（(]\d{1,2}[）)]|(?<![\d.])\d{1,2}[、．](?!\d)")
CLAUSE_SPLIT = re.compile(r"(?<=[，；：|。])")
MAX_SENTENCE_CHARS = 220
_RULE_HINTS = {"2026": re.compile(r"2026|新办法|新版|(?<!制)修订|新《办法》|新标准|新规"), "2022": re.compile(r"2022|暂行|旧版|旧规|老规")}


@dataclass
class ScoredSentence:
    text: str
    hit_rank: int
    hit: SearchHit
    coverage: float
    support: float
    score: float


# "哪个部门认定": the word after 哪个 names the kind of answer, which the answering sentence
# states by name (工业和信息化部), so it counts for little in a sentence's coverage
_ASKED_KIND = re.compile(r"(?:哪个|哪些|哪类|哪种|哪家|哪一类|哪一个|什么|何种)(?P<kind>[\u3400-\u9fff]{2,4})")
_ASKED_KIND_WEIGHT = 0.3


def _weights(bm25: BM25Index, words: list[str], question: str = "") -> dict[str, float]:
    kinds = [m["kind"] for m in _ASKED_KIND.finditer(question)]
    return {w: max(bm25.idf(w), 0.2) * (_ASKED_KIND_WEIGHT if any(k.startswith(w) for k in kinds) else 1.0)
            for w in words}


def detect_rule_version(question: str) -> str | None:
    for version, pattern in _RULE_HINTS.items():
        if pattern.search(question):
            return version
    return None


def _definition() -> dict[str, str]:
    path = resources.files("assistant") / "resources" / "answer_types.yaml"
    return dict(yaml.safe_load(path.read_text(encoding="utf-8"))["definition"])


DEFINITION_ASKS = re.compile(_definition()["asks"])  # "免申即享啥意思"
DEFINITION_STATES = re.compile(_definition()["states"])  # "“免申即享”指企业…"

# What kind of answer a question wants, and what a sentence holding that answer looks like.
_ANSWER_TYPES: list[tuple[re.Pattern[str], re.Pattern[str]]] = [
    (re.compile(r"什么时候|何时|哪天|哪一?年|日期|时间|啥时候"), re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月")),
    (re.compile(r"多少家|几家|数量|多少个|几个"), re.compile(r"\d[\d,.]*\s*(?:万|余|多)?(?:家|个)")),
    (re.compile(r"奖励|补助|资金|多少钱|金额|额度|奖补"), re.compile(r"\d+(?:\.\d+)?\s*(?:万|亿)元?")),
    (re.compile(r"占比|比例|比重|百分之|市占率|占有率"), re.compile(r"\d+(?:\.\d+)?%")),
    (re.compile(r"新旧|区别|变化|对比|不同|一样吗|提到|提高|放宽|收紧|和现在比|改了|变了"),
     re.compile(r"旧版|原来|从.{0,30}(?:提升|提高|调整|增加|扩展|下调|转向)|由.{0,30}(?:变为|调整为|迈向)|新增|取消|不再")),
    (re.compile(r"要求|条件|门槛|标准|需要|须|要多少|达到"),
     re.compile(r"不低于|不少于|以上|以下|不高于|不超过|达到|至少|须|应当|均超")),
    # what a term means ("免申即享啥意思"): the sentence defining it ("“免申即享”指企业…")
    (DEFINITION_ASKS, DEFINITION_STATES),
]
_ANSWER_TYPE_BONUS = 0.15
_ASKS_RULE = re.compile(r"要求|条件|门槛|标准|认定|申报|直通|指标")
_RULE_SOURCE_BONUS = 0.1
_RANK_PRIOR = 0.08  # retrieval order breaks ties between equally good sentences


@dataclass(frozen=True)
class AskedTiers:
    """The tiers a question asks about (from its frame), and the phrases that contain a tier's
    word without naming it ("专精特新发展质量")."""

    tiers: tuple[str, ...] = ()
    not_tier_words: tuple[str, ...] = ()
    honours: tuple[str, ...] = ()  # honours above the tiers asked (单项冠军), which no criteria row covers

    def _named(self, text: str) -> set[str]:
        return {*tiers_named(text, self.not_tier_words), *(h for h in self.honours if h in text)}

    def fit(self, sentence: str, passage: str = "") -> int:
        """+1 when ``sentence`` names an asked tier, -1 when it names only other tiers, else 0
        (a sentence naming no tier speaks for its passage). An honour asked (单项冠军) is
        rarely repeated in each sentence about it: a sentence naming none fits by its passage."""
        named = self._named(sentence) if self.tiers or self.honours else set()
        if not named and self.honours and passage:
            named = self._named(passage)
        if not named:
            return 0
        return 1 if named & {*self.tiers, *self.honours} else -1


ANY_TIER = AskedTiers()  # no tier asked: no sentence is preferred for the tier it names

# weights of AskedTiers.fit in a sentence's score: no dev case of the strict sets changed with
# either (0–0.3 tried), so they are kept mild; tests/assistant/test_extractive.py shows their effect
TIER_MATCH_BONUS = 0.05
TIER_MISMATCH_PENALTY = 0.15


def tier_term(asked: AskedTiers, sentence: str, passage: str = "") -> float:
    fit = asked.fit(sentence, passage)
    return TIER_MATCH_BONUS if fit > 0 else -TIER_MISMATCH_PENALTY if fit < 0 else 0.0


def _answer_type_bonus(question: str, sentence: str) -> float:
    """A bonus per kind of answer the question asks for that the sentence holds (a comparison
    of thresholds wants both the change and the threshold)."""
    return _ANSWER_TYPE_BONUS * sum(1 for q, a in _ANSWER_TYPES if q.search(question) and a.search(sentence))


_LABEL_CHARS = 24
_LABEL_FIRST_BONUS = 0.06


def _label_weight(text: str, weights: dict[str, float]) -> float:
    """How much of the question the word heading ``text`` carries, as a share of its heaviest word: a
    short unpunctuated cell ("取消资格", "直通条件") heads what follows it; so does a quoted term
    ("“两个关系”：一是…", asked with 北交所: the rarer word is the label asked for)."""
    text = text.lstrip("“\"「『")
    heading = [w for w in weights if any(text.startswith(s) for s in synonyms_of(w))]
    return max(weights[w] for w in heading) / max(weights.values()) if heading else 0.0


_SPAN_CHARS = 160
_CAPTION = re.compile(r"(?:图表|图|表)\s*\d+(?:[-.]\d+)?\s*[：:．.、]?[^。；;|\n]{0,60}")


def _join_span(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        sep = "" if text[-1] in "。！？；：:" else ("：" if text is parts[0] else "；")
        text += sep + part
    return text


def _candidate_spans(sentences: list[str]) -> list[str]:
    """Each sentence, plus label cells extended with the items that follow them."""
    spans: list[str] = []
    for i, sentence in enumerate(sentences):
        spans.append(sentence)
        if len(sentence) >= _LABEL_CHARS or HAS_NUMBER.search(sentence) and sentence[-1] in "。；":
            continue
        parts = [sentence]
        for following in sentences[i + 1 : i + 5]:
            if sum(map(len, parts)) + len(following) > _SPAN_CHARS:
                break
            parts.append(following)
        if len(parts) > 1:
            spans.append(_join_span(parts))
    return spans


# the question's character pairs a sentence says, a tie-break between sentences stating the same words
# ("私募股权融资在企业融资方式里是什么地位": the sentence saying "企业融资方式" over one saying "融资方式")
BIGRAM_BONUS = 0.05
_HAN_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")


def _pairs(text: str) -> set[str]:
    return set(_HAN_PAIR.findall(text))


# a turn completed from earlier ones ("为什么说它是省级企业的核心短板？"): the words it said itself name
# what it asks now, beside the earlier turn's words it was completed with
SAID_BONUS = 0.3


def said_weights(said: str | None, weights: dict[str, float]) -> dict[str, float]:
    """The question's words (and weights) that ``said``, the turn as the user said it, says itself."""
    said_text = normalize_query(said) if said else ""
    return {w: v for w, v in weights.items() if said_text and w in said_text}


def score_sentences(
    question: str, hits: list[SearchHit], bm25: BM25Index, asked: AskedTiers = ANY_TIER, said: str | None = None
) -> list[ScoredSentence]:
    """Every sentence of the top chunks, scored by how well it answers the question (and
    names the tier it asks about, ``asked``; ``said``: the turn as the user said it, when the question
    was completed from earlier turns)."""
    words = keywords(question)
    weights = _weights(bm25, words, question)
    said_words = said_weights(said, weights)
    asked_pairs = _pairs(normalize_query(question))
    wants_number = bool(ASKS_FOR_NUMBER.search(question))
    version = detect_rule_version(question)
    asks_rule = bool(_ASKS_RULE.search(question))
    scored: list[ScoredSentence] = []
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        # a chunk under a rule version "mentions" its year (2026年新办法 → the 2026 report)
        version_tag = f"{chunk.rule_version}年" if chunk.rule_version else ""
        context = normalize_query(f"{chunk.title}{chunk.section}{version_tag}{chunk.text}")
        context_cov = coverage(context, weights)
        sentences = [chunk.text] if chunk.is_table and len(chunk.text) <= 2 * MAX_SENTENCE_CHARS else split_into_sentences(chunk.text)
        for sentence in _candidate_spans(sentences):
            if _CAPTION.fullmatch(sentence.strip()):
                continue  # a figure's caption ("图表2：…梳理表") names a table, it states nothing
            norm = normalize_query(sentence)
            cov = coverage(norm, weights)
            support = 0.75 * cov + 0.25 * context_cov
            score = support + _RANK_PRIOR / rank
            if said_words:
                score += SAID_BONUS * coverage(norm, said_words)
            if asked_pairs:
                score += BIGRAM_BONUS * len(asked_pairs & _pairs(norm)) / len(asked_pairs)
            if wants_number and HAS_NUMBER.search(_ITEM_NUMBER.sub("", sentence)):
                score += 0.12
            score += _answer_type_bonus(question, sentence) + tier_term(asked, sentence, chunk.text)
            if len(sentence) > _LABEL_CHARS:
                # "取消资格：…" — the label the question names, then its items
                score += _LABEL_FIRST_BONUS * _label_weight(norm, weights)
            if asks_rule and chunk.kind == "measures":
                score += _RULE_SOURCE_BONUS  # a rule question is best answered from the measures
            if version and chunk.rule_version == version:
                score += 0.1
            if len(sentence) > MAX_SENTENCE_CHARS:
                score -= 0.05
            scored.append(ScoredSentence(sentence, rank, hit, cov, support, score))
    scored.sort(key=lambda s: -s.score)
    _span_to_sentence(scored)
    return scored


# A heading's span ("（1）私募基金对…的支持：…。成长性是PE投资的核心标准。") wins on the words of
# every sentence it takes in; when one of them states nearly as much of the question on its own
# (coverage within SPAN_PICK), that sentence is the answer (dev halves: +2, none lost).
SPAN_PICK = 0.05


def _span_to_sentence(scored: list[ScoredSentence]) -> None:
    if not scored:
        return
    top = scored[0]
    inside = [s for s in scored[1:] if s.hit is top.hit and s.text != top.text and s.text in top.text]
    heads = [s for s in inside if top.text.startswith(s.text)]
    if not heads or heads[0].text[-1] in "。！？；;":
        return  # not a heading's span
    parts = [s for s in inside if s not in heads]
    if not parts:
        return
    best = max(parts, key=lambda s: (s.coverage, -len(s.text)))  # the shortest of equals
    if best.coverage >= top.coverage - SPAN_PICK:
        scored.remove(best)
        scored.insert(0, best)


def choose_sentences(
    question: str, scored: list[ScoredSentence], min_support: float, max_sentences: int = 2
) -> list[ScoredSentence]:
    """The best sentence, then up to ``max_sentences - 1`` more that add a question word it lacks."""
    question_words = keywords(question)  # jieba once per turn, not once per candidate
    chosen: list[ScoredSentence] = [scored[0]]
    covered = normalize_query(scored[0].text)
    for cand in scored[1:]:
        if len(chosen) >= max_sentences:
            break
        if cand.text in covered or cand.support < min_support:
            continue
        words = [w for w in question_words if w not in covered and w in normalize_query(cand.text)]
        if words:
            chosen.append(cand)
            covered += normalize_query(cand.text)
    return chosen


def question_weights(question: str, bm25: BM25Index) -> dict[str, float]:
    """IDF weight of each content word of ``question``: compute once per turn (jieba is slow)."""
    return _weights(bm25, keywords(question), question)
