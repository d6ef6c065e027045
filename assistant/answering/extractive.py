"""Extractive answers: quote the sentences that answer the question, lead with the asked fact.

Without an LLM the assistant never writes a number itself: every figure in the answer is
inside a quoted sentence from a retrieved chunk. A support score (IDF-weighted share of the
question's content words found in the chosen sentence and its chunk) decides between
answering and an explicit refusal. The sentences are scored in ``sentences.py``; a question
asking a value is led by ``typed_lead.py``.
"""

from __future__ import annotations

import re

from assistant.answering.coverage import coverage
from assistant.answering.list_runs import bullet_run, counted_run
from assistant.answering.sentences import (
    ANY_TIER,
    ASKS_FOR_NUMBER,
    CLAUSE_SPLIT,
    HAS_NUMBER,
    MAX_SENTENCE_CHARS,
    AskedTiers,
    ScoredSentence,
    choose_sentences,
    question_weights,
    score_sentences,
)
from assistant.answering.templates import load_templates
from assistant.answering.typed_lead import (
    AnswerType,
    TypedCandidate,
    answer_type,
    asked_types,
    asks_itself,
    names_only_places,
    place_unstated,
    places_named,
    row_read,
    second_part,
    states_signature,
    strip_connective,
    typed_candidates,
    with_change_start,
    with_pair_head,
)
from assistant.models import Answer, Citation, Composer
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from assistant.retrieval.text_processing import normalize_query
from indexer.models import Chunk

# a quoted sentence stating a threshold ("不低于", not "符合条件的企业"): its rule version is noted
_STATES_THRESHOLD = re.compile(r"门槛|不低于|不少于|不高于|不超过|以上")
# a date asked ("新办法从哪天开始施行") is no threshold, though its sentence may speak of 门槛 (trial 30)
_DATE_TYPES = {"date", "day"}
_NAMES_SOMETHING = re.compile(r"[\u4e00-\u9fff]{2}")


_PAGE_COUNTER = re.compile(r"[（(]\d+/\d+[）)]")
_ENUMERATOR = re.compile(r"^\s*(?:[（(]\d{1,2}[）)]|\d{1,2}\s*[、.．](?!\d))")


_HEADED_ROW = re.compile(r"^【[^】|]*\|[^】|]*】(?=[^：|]{1,10}：)")  # a two-column row under its header
WHOLE_ROW_CHARS = 60


def _lead_fact(question: str, sentence: str, weights: dict[str, float]) -> str | None:
    """The clause of ``sentence`` that carries the asked-for number, if the question asks one."""
    if not ASKS_FOR_NUMBER.search(question) or any(t.name == "list" for t in asked_types(question)):
        return None  # "分哪几种" asks which ones: the sentence naming them leads, not a figure in it
    # "【省市 | 发展目标】甘肃：到2025年发展国家级100+家，省市级400+家": a short row leads whole, by its label
    if (row := _HEADED_ROW.match(sentence)) and len(sentence) - row.end() <= WHOLE_ROW_CHARS:
        return sentence[row.end():].rstrip("。")
    # a clause whose only figures are a date ("截至2026年2月底") says when, not the value asked
    # nor is a slide's page counter ("阿里云（2/2）") a figure
    # nor is an item's number ("（1）数字化研发能力提升" heads a list, blind38)
    clauses = [c.strip("，；： ") for c in CLAUSE_SPLIT.split(sentence)
               if HAS_NUMBER.search(_ENUMERATOR.sub("", _PAGE_COUNTER.sub("", answer_type("date").value.sub("", c))))]
    if not clauses or len(clauses) == 1 and clauses[0] == sentence.strip("。"):
        return None
    best = max(clauses, key=lambda c: (coverage(normalize_query(c), weights), -len(c)))
    if not _NAMES_SOMETHING.search(best) or not coverage(normalize_query(best), weights):
        # a bare figure ("1.63") or a clause naming nothing asked ("要求达到50分以上" for 创新型…有变化吗)
        # says nothing of what it is about: the sentence leads
        return None
    return with_pair_head(with_change_start(_with_following(best, sentence, weights).rstrip("。"), sentence), sentence)


def _with_following(best: str, sentence: str, weights: dict[str, float]) -> str:
    """The clause with the one after it when that one names asked words the clause lacks ("安排100亿元以上
    奖补资金" + "支持千余家国家级专精特新“小巨人”企业" for "中央财政安排多少奖补资金支持小巨人")."""
    all_clauses = [c.strip("，；： ") for c in CLAUSE_SPLIT.split(sentence)]
    at = next((i for i, c in enumerate(all_clauses) if c == best), None)
    if at is None or at + 1 >= len(all_clauses) or not all_clauses[at + 1]:
        return best
    following = all_clauses[at + 1]
    lacking = {w: v for w, v in weights.items() if w not in normalize_query(best)}
    if not lacking or not coverage(normalize_query(following), lacking) or sentence.find(best) < 0:
        return best
    end = sentence.find(following, sentence.find(best)) + len(following)
    return sentence[sentence.find(best):end]


def _trim(sentence: str, weights: dict[str, float] | None = None) -> str:
    """At most ``MAX_SENTENCE_CHARS``, keeping the clauses around the best-matching one."""
    sentence = sentence.strip()
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return sentence
    clauses = [c for c in CLAUSE_SPLIT.split(sentence) if c]
    if not weights or len(clauses) < 2:
        return sentence[: MAX_SENTENCE_CHARS - 1] + "…"
    best = max(range(len(clauses)), key=lambda i: coverage(normalize_query(clauses[i]), weights))
    lo = hi = best
    length = len(clauses[best])
    while True:
        grew = False
        if hi + 1 < len(clauses) and length + len(clauses[hi + 1]) <= MAX_SENTENCE_CHARS:
            hi += 1
            length += len(clauses[hi])
            grew = True
        if lo > 0 and length + len(clauses[lo - 1]) <= MAX_SENTENCE_CHARS:
            lo -= 1
            length += len(clauses[lo])
            grew = True
        if not grew:
            break
    text = "".join(clauses[lo : hi + 1])[:MAX_SENTENCE_CHARS]
    return ("…" if lo > 0 else "") + text + ("…" if hi < len(clauses) - 1 else "")


# A question asking for a value (count, share, amount…) is answered "not in the knowledge base"
# when no sentence with such a value states this share of its key terms (IDF-weighted). Chosen on
# the dev halves of the golden and blind sets (evals/strict.py), checked on the test halves.
TYPED_MIN_COVERAGE = 0.25


def compose_extractive_answer(
    question: str,
    hits: list[SearchHit],
    bm25: BM25Index,
    min_support: float,
    max_sentences: int = 2,
    notice: str | None = None,
    typed: bool = True,
    asked: AskedTiers = ANY_TIER,
    said: str | None = None,
    answered: str = "",
    refusal: str = "refusal",
    first_turn: bool = True,
) -> Answer:
    """Quote the best sentences with [n] citations, or refuse when support is too weak (``refusal``:
    the template saying so; "off_topic" for a question naming nothing of the domain; ``first_turn``: no
    earlier question, so a figure the question shares with a sentence is not one a conversation gave).

    ``said``: the turn as the user said it, when the question was completed from earlier turns
    ("用钉钉的又有多少？"): its words are what this turn asks about; ``answered``: the first line of
    the last answer, whose value such a turn does not ask again.

    ``typed``: a question asking for a value leads with the sentence stating it (or says the
    knowledge base lacks it); off for version comparisons, which want the change, not a value."""
    scored = score_sentences(question, hits, bm25, asked, said)
    if not scored or scored[0].support < min_support:
        return refusal_answer(question, notice, refusal)
    # "常州明天天气怎么样": naming nothing of the domain, and answered by a sentence sharing only its place
    if refusal == "off_topic" and names_only_places(question, scored[0].text, figures=first_turn):
        return refusal_answer(question, notice, refusal)
    # a turn asking something of its own and no figure, though completed from a turn that asked one
    figure_asked = not (said and asks_itself(said))
    # (what such a turn asks is typed by its own words: "已经跟哪些省市…合作落地了" asks a list)
    types = (asked_types(question) if figure_asked else asked_types(said or "")) if typed else []
    if types:
        candidates = typed_candidates(question, hits, types, question_weights(question, bm25), asked, said,
                                      answered, following=lambda chunk: following_chunk(bm25.chunks, chunk))
        # (成都's 专利总量中位数 asked: a table of other groups' medians is no answer for 成都)
        if not candidates or not _states_enough(candidates[0], types) or place_unstated(question, candidates):
            if all(t.refuse_when_missing for t in types):
                return missing_value_answer(question, "、".join(t.label for t in types), scored[0], bm25, notice)
            chosen = choose_sentences(question, scored, min_support, max_sentences)
            return render_quoted_answer(question, chosen, bm25, notice, lead=_list_lead(question, chosen[0], hits))
        lead = candidates[0]
        # "有多少家…，国家级占比多少": a lead per clause; a follow-up asking a value itself ("…有多少家？"
        # then "江苏省的全国占比呢？") asks that value alone
        second = second_part(said if said and asked_types(said) else question, candidates)
        first = [_as_scored(lead), *([_as_scored(second)] if second else [])]
        chosen = choose_sentences(question, [*first, *scored], min_support, max_sentences)
        text = f"{lead.lead.rstrip('。；;')}；{second.lead}" if second else lead.lead
        return render_quoted_answer(question, chosen, bm25, notice, lead=text)
    chosen = choose_sentences(question, scored, min_support, max_sentences)
    return render_quoted_answer(question, chosen, bm25, notice,
                                lead=enumerated_span(question, _with_next(scored[0].hit, hits))
                                or _list_lead(question, chosen[0], hits)
                                or item_asked(chosen[0].text, question_weights(question, bm25)),
                                number_asked=figure_asked)


_ITEM_MARK = re.compile(r"(?:^|(?<=[。；;]))\s*(?=[a-hA-H][.．、)）]|[①②③④⑤⑥⑦⑧⑨⑩])")


def item_asked(sentence: str, weights: dict[str, float]) -> str | None:
    """One item of a headed list ("（1）数字化研发能力提升：a.推广…。b.建设行业级工业互联网平台…。c.…") with its
    heading, when that item alone states the asked words its heading does not (blind38: the heading had led);
    None when no single item does."""
    head, colon, body = sentence.partition("：")
    items = [i.strip() for i in _ITEM_MARK.split(body) if i.strip()] if colon else []
    if len(items) < 2:
        return None
    lacking = {w: v for w, v in weights.items() if w not in normalize_query(head)}
    said = sorted(((coverage(normalize_query(i), lacking), i) for i in items), reverse=True)
    if not said[0][0] or said[0][0] == said[1][0]:
        return None
    return f"{head}：{said[0][1].rstrip('。')}"


def following_chunk(chunks: list[Chunk], chunk: Chunk) -> Chunk | None:
    """The chunk of the same document that goes on where ``chunk`` ends, if any."""
    return min((c for c in chunks if c.doc_id == chunk.doc_id and c.start_line >= chunk.end_line
                and c.chunk_id != chunk.chunk_id), key=lambda c: c.start_line, default=None)


def _list_lead(question: str, top: ScoredSentence, hits: list[SearchHit]) -> str | None:
    """The list ``top`` starts, whole: its items counted off sentence by sentence ("一是…。二是…。"), or,
    for a question asking for a list, the slide's bullet lines it is one of."""
    chunk = top.hit.chunk
    counted = counted_run(top.text, _with_next(top.hit, hits))
    if counted or not (_ASKED_EACH.search(question) or any(t.name == "list" for t in asked_types(question))):
        return counted
    return bullet_run(top.text, chunk.text, chunk.section)


def _with_next(hit: SearchHit, hits: list[SearchHit]) -> str:
    """The hit's text, and the retrieved chunk that goes on from its last line (a sentence cut by a
    chunk boundary reads whole)."""
    chunk = hit.chunk
    after = next((h.chunk for h in hits if h.chunk.doc_id == chunk.doc_id and h.chunk is not chunk
                  and h.chunk.start_line == chunk.end_line), None)
    if after is None:
        return chunk.text
    # only the rest of the shared line, which the hit's own locator cites
    return chunk.text + after.text.split("\n", 1)[0]


# "初创期、成长期、成熟期分别靠哪类资本": items listed with 、 and asked each; the passage's run of clauses
# naming them all ("初创期以天使投资…；成长期以创投基金…；成熟期以产业资本…。") is the answer
_ASKED_EACH = re.compile(r"分别|各自|各是|各靠|各有|各为")
_ENUMERATED = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、){1,4}[\u4e00-\u9fff]{2,6})")
_CLAUSE_END = "；;。！？!?\n"
MAX_SPAN_CHARS = 240


def enumerated_span(question: str, passage: str) -> str | None:
    """The clauses of ``passage`` from the first item the question lists to the last, when each item
    is named there, in one run no longer than MAX_SPAN_CHARS; else None."""
    if not _ASKED_EACH.search(question):
        return None
    for match in _ENUMERATED.finditer(normalize_query(question)):
        items = [i for i in match.group(1).split("、") if i]
        # the last item runs into the words after it ("成熟期分别靠"): cut it at the asking word
        items[-1] = _ASKED_EACH.split(items[-1])[0]
        found = [passage.find(item) for item in items]
        if len(items) < 2 or min(len(i) for i in items) < 2 or -1 in found or found != sorted(found):
            continue
        start = max(passage.rfind(c, 0, found[0]) for c in _CLAUSE_END) + 1
        ends = [e for c in _CLAUSE_END if (e := passage.find(c, found[-1])) != -1]
        end = min(ends) + 1 if ends else len(passage)
        span = passage[start:end].strip()
        if len(span) <= MAX_SPAN_CHARS:
            return span
    return None


# A list asked ("分了哪几种服务包") is often stated in the sentence after the one naming its subject:
# a list sentence stating less than TYPED_MIN_COVERAGE still leads when its passage states nearly
# all of the question's words (dev halves: 0.7 and 0.85 both +1, none lost).
LIST_MIN_CONTEXT = 0.85
LIST_MIN_COVERAGE = 0.15


# A signature stating the body and the date asked ("哪个部门什么时候发的", trial 50) answers when its passage states
# this much of the question's words, though the sentence itself states none of them
EVERY_KIND_MIN_CONTEXT = 0.5


def _states_enough(candidate: TypedCandidate, types: list[AnswerType]) -> bool:
    if candidate.coverage >= TYPED_MIN_COVERAGE:
        return True
    if states_signature(candidate.kinds, types) and candidate.context >= EVERY_KIND_MIN_CONTEXT:
        return True
    if any(t.refuse_when_missing for t in types):
        return False  # a value the knowledge base may lack: "not found" rather than a neighbour
    return candidate.context >= LIST_MIN_CONTEXT and candidate.coverage >= LIST_MIN_COVERAGE


def _as_scored(candidate: TypedCandidate) -> ScoredSentence:
    return ScoredSentence(candidate.sentence, candidate.rank, candidate.hit, candidate.coverage,
                          candidate.coverage, candidate.score)


def missing_value_answer(
    question: str, kind: str, nearest: ScoredSentence, bm25: BM25Index, notice: str | None = None
) -> Answer:
    """The knowledge base has no sentence stating the asked value; the nearest passage is
    shown as such (cited), never as the answer."""
    t = load_templates()
    quoted = render_quoted_answer(question, [nearest], bm25, notice)
    chunk = nearest.hit.chunk
    section = _section(chunk)
    parts = [t["missing_value"].format(kind=kind), "", t["nearest_header"],
             t["evidence_line"].format(n=1, sentence=quoted.citations[0].snippet, title=chunk.title,
                                       section=section, locator=chunk.locator)]
    if notice:
        parts.append(notice)
    return quoted.model_copy(update={"answer": "\n".join(parts), "refused": True})


def refusal_answer(question: str, notice: str | None = None, template: str = "refusal") -> Answer:
    return Answer(answer=load_templates()[template], refused=True, route="refusal",
                  resolved_question=question, notice=notice)


def quotable_text(sentence: str, weights: dict[str, float]) -> str:
    """``sentence`` as it is quoted (long ones trimmed around the words of ``weights``)."""
    return _trim(sentence, weights)


def _section(chunk: Chunk) -> str:
    """The innermost section of ``chunk`` as an evidence line names it ("·1.3…"), or nothing."""
    return f"·{chunk.section_path[-1]}" if chunk.section_path else ""


def _same_text(lead: str, quote: str) -> bool:
    """The lead says the quote itself (up to its end punctuation)."""
    return lead.strip().rstrip("。；;") == quote.strip().rstrip("。；;")


def _asked_place_clauses(question: str, sentence: str) -> str | None:
    """A sentence going place by place ("东部地区以…为重点方向，中部地区以…，东北地区以…") asked of one of them: its
    opening clauses and the asked place's own (blind35: "那东部地区呢？" after 东北地区 led with every region's)."""
    asked = places_named(question)
    if not asked:
        return None
    clauses = [c for c in CLAUSE_SPLIT.split(sentence.strip()) if c]
    # each clause naming a place, with the place it names first ("西部地区以有序承接东部地区…" is 西部's)
    firsts = {i: _first_named(c, named) for i, c in enumerate(clauses) if (named := places_named(c))}
    if len(firsts) < 2:
        return None
    # going place by place: every clause naming a place opens with it ("东部地区以…，中部地区以…")
    if any(_at(clauses[i], place) > 0 for i, place in firsts.items()):
        return None
    own = [i for i, place in firsts.items() if place in asked]
    if not own or len(own) == len(firsts):
        return None
    return "".join(clauses[: min(firsts)] + [clauses[i] for i in own]).rstrip("，,；;：:。")


def _at(clause: str, name: str) -> int:
    """Where ``clause`` names the place ``name`` (as written or without its 省/市/地区), else its length."""
    spots = [i for form in (name, name.rstrip("省市区"), name.removesuffix("地区")) if (i := clause.find(form)) >= 0]
    return min(spots, default=len(clause))


def _first_named(clause: str, names: set[str]) -> str:
    """Of the places ``clause`` names, the one it names first."""
    return min(sorted(names), key=lambda name: _at(clause, name))


def render_quoted_answer(
    question: str,
    chosen: list[ScoredSentence],
    bm25: BM25Index,
    notice: str | None = None,
    composer: Composer = "extractive",
    lead: str | None = None,
    number_asked: bool = True,
) -> Answer:
    """The answer that quotes ``chosen`` in order: the asked fact first (``lead`` when the
    caller cut it already), then the evidence lines. ``number_asked`` false: the turn asks no figure
    of its own, though the question completed from earlier turns does, and the sentence leads whole."""
    t = load_templates()
    weights = question_weights(question, bm25)
    citations: list[Citation] = []
    evidence: list[str] = []
    for n, item in enumerate(chosen, start=1):
        chunk = item.hit.chunk
        snippet = _trim(item.text, weights)
        citations.append(Citation(doc_id=chunk.doc_id, title=chunk.title, locator=chunk.locator,
                                  snippet=snippet, section=chunk.section))
        section = _section(chunk)
        evidence.append(t["evidence_line"].format(n=n, sentence=snippet, title=chunk.title,
                                                   section=section, locator=chunk.locator))

    # a table row leads as a row is read ("企业参标情况（团标）…：国家专精特新“小巨人”企业2.63个，…"), not as cells
    fact = (lead or (_lead_fact(question, chosen[0].text, weights) if number_asked else None) or row_read(chosen[0].text)
            or _asked_place_clauses(question, chosen[0].text))
    lead = (t["lead_fact"].format(fact=fact, n=1) if fact
            # ("但相较于沪深两市，…": the sentence without the word tying it to one the answer does not quote)
            else t["lead_sentence"].format(sentence=strip_connective(citations[0].snippet), n=1))
    if _same_text(fact or citations[0].snippet, citations[0].snippet):
        chunk = chosen[0].hit.chunk
        section = _section(chunk)
        evidence[0] = t["evidence_source"].format(n=1, title=chunk.title, section=section, locator=chunk.locator)
    parts = [lead, "", t["evidence_header"], *evidence]
    versions = {c.hit.chunk.rule_version for c in chosen if c.hit.chunk.rule_version}
    # the lead's own passage is of that version: a province's goals in a report are no 2022 threshold
    if (len(versions) == 1 and chosen[0].hit.chunk.rule_version and ASKS_FOR_NUMBER.search(question)
            and _STATES_THRESHOLD.search(chosen[0].text)
            and not _DATE_TYPES & {t.name for t in asked_types(question)}):
        parts.append(t["rule_version_note"].format(version=t["rule_versions"].get(versions.pop(), "")))
    if notice:
        parts.append(notice)
    return Answer(answer="\n".join(parts), citations=citations, route="search",
                  resolved_question=question, notice=notice, composer=composer)
