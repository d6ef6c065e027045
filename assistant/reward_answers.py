"""The rewards route: parse the question, call ``lookup_rewards``, cite the table's sources.

With the settings, the rows are ``current_reward_rows`` (the curated table and the rows read
from added notices, marked), and documents added at run time are cited from the library.
With the serving index too, a region × honour the table lacks is looked for in the
retrieved passages and quoted, cited, before the table's reference rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from assistant.chain import Turn
from assistant.citations import cite_sources
from assistant.conversation import is_followup, resolve_question
from assistant.models import Answer, ChatMessage, ToolCallRecord
from assistant.numbers import parse_amount
from assistant.retrieval.search import search
from assistant.retrieval.search_index import SearchIndex
from assistant.rewards import (
    format_rewards_markdown,
    lookup_rewards,
    make_lookup_rewards_tool,
    parse_reward_question,
    resolve_followup,
)
from assistant.rewards.honours import load_honours
from assistant.rewards.models import RewardLookup, RewardQuery, RewardRow
from assistant.rewards.notice_terms import own_notice_rule
from assistant.rewards.passages import RewardPassage, reward_passages
from assistant.rewards.phrases import load_phrases
from assistant.rewards.question import asked_in, level_of, named_pairs
from assistant.rewards.stacking import (
    asks_stacking,
    parent_regions,
    parents_said,
    stacking_passages,
    stated_terms,
    topped_up_note,
)
from assistant.rewards.table import REWARDS_FILE_NAME, load_reward_table
from assistant.source_numbers import SourceNumbers
from indexer.library import Library
from indexer.models import Chunk
from indexer.passages import (
    cited_locator,
    document_titles,
    narrow_locator,
    passage_text,
)
from zjtx.settings import Settings

_ASKS_GAP = re.compile(r"差|多多少|少多少|高多少|低多少|(?:哪个|哪边|谁)[^，,。？?]{0,12}(?:多|高)|(?:和|跟|与)[^，,。？?]{1,10}比")


def _side_by_side(question: str, query: RewardQuery, rows: Sequence[RewardRow]) -> tuple[RewardLookup | None, str]:
    """The named (region, honour) rows of a comparison, and a note naming a pair that is not listed:
    both rows, or the one listed with the other said to be missing ("昆山和常熟…差多少" when the
    table has 常熟's row only; not the rows of regions nobody asked about), or no rows and both said to
    be missing; (None, "") when the question names no pair."""
    pairs = named_pairs(question, query)
    if len(pairs) < 2:
        return None, ""
    found = [(region, title, lookup_rewards(region=region, title=title, rows=rows)) for region, title in pairs]
    listed = [lookup.rows[0] for _, _, lookup in found if lookup.matched]
    missing = "".join(load_phrases().message("missing", region=region, title=title)
                      for region, title, lookup in found if not lookup.matched)
    # none listed ("吴江区…省级专精特新中小企业", then "那和张家港比差多少"): each is said to be missing
    return (RewardLookup(rows=listed, matched=len(listed)) if listed else None), missing


def _honour_of_amount(question: str, query: RewardQuery, rows: Sequence[RewardRow]) -> RewardLookup | None:
    """"累计不超过20万元的那一档对应哪一级称号": the amount said, the honour asked: the asked place's rows of that
    amount; None when the question names no amount or asks no honour, or no row of the place has it."""
    amount = parse_amount(question)
    if amount is None or not query.region or not any(w in question for w in load_phrases().honour_asks):
        return None
    found = [r for r in rows if r.region == query.region and amount in (r.amount_min, r.amount_max)]
    return RewardLookup(rows=found, matched=len(found)) if found else None


def _asked_before(users: Sequence[str], rows: Sequence[RewardRow]) -> RewardQuery:
    """The reward the earlier turns asked, each follow-up read as a reward follow-up ("昆山国家级小巨人奖多少钱？" then
    "那苏州市示范呢？" asks 昆山's reward for 苏州市's honour, not 苏州市's, trial 52)."""
    # (from the last turn asked whole: each one before it is read anew by that turn)
    start = max(n for n in range(len(users)) if n == 0 or not is_followup(users[n]))
    query = parse_reward_question(
        resolve_question([ChatMessage(role="user", content=text) for text in users[: start + 1]]), rows)
    for text in users[start + 1 :]:
        query = resolve_followup(query, text, rows)
    return query


def _highest_only(rule: str, lookup: RewardLookup, sources: list[tuple[str, str]]) -> str:
    """What a company recognised for every honour asked gets under a rule that pays the highest one only
    ("按就高原则给予奖励，不重复享受" → 国家级专精特新“小巨人”60万元); "" for any other rule, or unless two or more
    rows of the place asked state one amount each in the same unit."""
    phrases = load_phrases()
    own = lookup.rows[: lookup.matched]
    if not any(term in rule for term in phrases.highest_only_terms) or len(own) < 2 or any(
            r.amount_min is None or r.amount_min != r.amount_max or r.unit != own[0].unit for r in own):
        return ""
    top = max(own, key=lambda r: r.amount_min or 0)
    return phrases.message("stacking_highest", title=top.title, amount=top.amount_text,
                           cite=f"[{sources.index((top.source.doc_id, top.source.locator)) + 1}]")


def _difference(first: RewardRow, second: RewardRow) -> str:
    """The computed gap between two single amounts in the same unit ("，相差20万元")."""
    phrases = load_phrases()
    a, b = first.amount_min, second.amount_min
    if a is None or b is None or a != first.amount_max or b != second.amount_max or first.unit != second.unit:
        return ""
    if a == b:
        return phrases.text("same")
    diff = abs(a - b)
    return phrases.text("difference", diff=str(int(diff)) if diff == int(diff) else f"{diff:g}", unit=first.unit)


class RewardAnswerer:
    """Answers reward questions through the ``lookup_rewards`` tool.

    ``RewardAnswerer(corpus_dir)`` reads the bundled table only; pass ``settings`` to read
    the rows of added notices and cite their documents, and ``index`` for the passage fallback.
    """

    def __init__(self, corpus_dir: Path, settings: Settings | None = None, index: SearchIndex | None = None) -> None:
        self.corpus_dir = corpus_dir
        self.settings = settings
        self.index = index
        self.data_dir = settings.data_dir if settings is not None else None
        self._bundled: list[RewardRow] | None = None
        self.tool = make_lookup_rewards_tool(rows=self.rows)

    def rows(self) -> list[RewardRow]:
        """The rows lookups search, re-read when the table or the reviewer's store changes."""
        if self.settings is not None:
            from assistant.library_intake import current_reward_rows

            return current_reward_rows(self.settings)
        if self._bundled is None:
            self._bundled = load_reward_table(self.corpus_dir / REWARDS_FILE_NAME)
        return self._bundled

    @staticmethod
    def _query(turn: Turn, rows: Sequence[RewardRow]) -> RewardQuery:
        """The region × honour asked, carrying the previous question into a follow-up."""
        users = [m.content for m in turn.messages if m.role == "user"]
        if len(users) > 1 and is_followup(users[-1]):
            return resolve_followup(_asked_before(users[:-1], rows), users[-1], rows)
        query = parse_reward_question(turn.question, rows)
        # ("两个奖能一起拿吗" after a reward question: whether the rewards of the place asked before stack;
        # "我们拿的其实是科技小巨人，也按这一档吗": another honour, of the place asked before, blind35)
        if len(users) > 1 and query.region is None and not query.compare:
            previous = _asked_before(users[:-1], rows)
            if previous.region is not None:
                query = asked_in(query, previous)
        return query

    @staticmethod
    def _pair_text(turn: Turn) -> str:
        """Where the compared pair is named: a follow-up that swaps the honour or the region
        ("那评上苏州市示范企业呢") asks for the new one alone, though its resolved question names
        both; one that asks a gap ("那和常熟差多少") compares it with the earlier one."""
        users = [m for m in turn.messages if m.role == "user"]
        last = users[-1].content if users else ""
        if len(users) > 1 and is_followup(last) and not _ASKS_GAP.search(last):
            return last
        return turn.question

    def _passages(self, turn: Turn, query: RewardQuery) -> list[RewardPassage]:
        """Retrieved sentences naming the asked region and honour (when the table has no row)."""
        region, title = query.region, query.title
        if not region or not title:
            return []
        return self._retrieved(turn, lambda chunks, regions: reward_passages(chunks, region, title, regions))

    def _retrieved(self, turn: Turn, find: Callable[[Iterable[Chunk], dict[str, str]], list[RewardPassage]],
                   place: str = "") -> list[RewardPassage]:
        """The passages ``find`` picks from the turn's retrieved chunks (given each added notice's region),
        each cited at its own lines; ``place``: the region asked, when the turn does not name it (carried from
        the question before)."""
        if self.index is None:
            return []
        k = self.settings.retrieval_k if self.settings is not None else 12
        asked = turn.question if not place or place in turn.question else f"{place}{turn.question}"
        hits = search(self.index, asked, k=k).hits
        regions = {e.id: e.region or "" for e in Library(self.data_dir).entries()} if self.data_dir else {}
        return [
            p.model_copy(update={"locator": narrow_locator(self.corpus_dir, p.doc_id, p.locator, p.quote, self.data_dir)})
            for p in find((h.chunk for h in hits), regions)
        ]

    def _topped_up(self, turn: Turn, query: RewardQuery, lookup: RewardLookup, text: str,
                   sources: list[tuple[str, str]], titles: dict[str, str]) -> tuple[str, list[tuple[str, str]], str] | None:
        """The higher levels' rows said not to stack when the region's own notice tops its reward up to theirs
        ("已获得上级奖励的企业，区级奖励按差额补足", trial 49: 江苏省's row had been listed as 可能同时适用)."""
        parents = parent_regions(lookup)
        if not (lookup.matched and query.region and parents):
            return None
        phrases = load_phrases()
        said = parents_said(phrases)
        if not said.search(text):
            return None
        topped = self._retrieved(turn, lambda chunks, regions: stacking_passages(
            chunks, query.region or "", phrases, regions, limit=1, terms=phrases.includes_parent_words), place=query.region)
        if not topped:
            return None
        passage = topped[0]
        key = (passage.doc_id, passage.locator)
        listed = key in sources
        sources = list(dict.fromkeys([*sources, key]))
        marker = f"[{sources.index(key) + 1}]"
        text = topped_up_note(text, phrases, query.region, passage, parents, cite=marker)
        lookup_note = topped_up_note(lookup.note, phrases, query.region, passage, parents)
        if not listed:  # its source line after the table's, numbered on
            text += "\n" + phrases.text("citation", marker=marker, title=titles.get(passage.doc_id, passage.title),
                                         locator=cited_locator(self.data_dir, passage.doc_id, passage.locator))
        return text, sources, lookup_note

    def _condition_lead(self, question: str, lookup: RewardLookup, sources: list[tuple[str, str]]) -> str:
        """A condition of the reward asked, not its amount ("还要自己再去申报吗", "按企业算还是按产品算"): the
        matched row's own clause, quoted, ahead of the amounts (blind29: the amount had led alone)."""
        phrases = load_phrases()
        if not lookup.matched or not any(w in question for w in phrases.condition_asks) or any(
                w in question for w in phrases.amount_asks):
            return ""
        row = lookup.rows[0]
        cited = passage_text(self.corpus_dir, row.source.doc_id, row.source.locator, max_chars=400,
                             data_dir=self.data_dir)
        clause = _clause_with(cited, row.amount_text)
        if not clause:
            return ""
        cite = f"[{sources.index((row.source.doc_id, row.source.locator)) + 1}]"
        return phrases.message("condition_quote", region=row.region, quote=clause, cite=cite)

    def _stacking(self, turn: Turn, query: RewardQuery, lookup: RewardLookup, text: str,
                  sources: list[tuple[str, str]], titles: dict[str, str]) -> tuple[str, list[RewardPassage]]:
        """"能叠加吗": the stacking rule the matched rows state, else the one the region's passages state
        (quoted), else that the documents do not say; the amounts follow."""
        phrases = load_phrases()
        region = lookup.region or query.region or ""
        terms = stated_terms(lookup.rows[: lookup.matched], phrases)
        if terms:
            stated = "、".join(phrases.text("stacking_term", term=term, cite=f"[{sources.index((row.source.doc_id, row.source.locator)) + 1}]")
                              for term, row in terms)
            highest = _highest_only("".join(term for term, _ in terms), lookup, sources)
            opening = (phrases.message("stacking_stated_highest", region=region, terms=stated, highest=highest) if highest
                       else phrases.message("stacking_stated", region=region, terms=stated))
            return opening + "\n\n" + text, []
        passages = self._retrieved(turn, lambda chunks, regions: stacking_passages(chunks, region, phrases, regions),
                                   place=region) or self._in_own_notice(lookup, phrases.stacking_terms)
        if passages:
            quoted = _with_passages(text, passages, sources, titles, query, self.data_dir,
                                    lead=phrases.message("stacking_passages", region=region))
            rule, _, rest = quoted.partition("\n\n")
            highest = _highest_only("".join(p.quote for p in passages), lookup, sources)
            return rule + highest + ("\n\n" + rest if rest else ""), passages
        return phrases.message("stacking_unstated", region=region) + "\n\n" + text, []

    def _in_own_notice(self, lookup: RewardLookup, terms: Sequence[str]) -> list[RewardPassage]:
        """The rule (one of ``terms``) the region's own added notice states, read from the notice when the
        question's words retrieved none of its passages (trial 51: "又是省级专精特新又是国家级小巨人，两个奖能一起拿吗，
        一共多少钱" was told the documents do not say, though the notice says 按最高标准奖励，不重复享受)."""
        if self.data_dir is None:
            return []
        found = own_notice_rule(self.corpus_dir, self.data_dir, lookup, terms)
        return [found] if found else []

    def __call__(self, turn: Turn) -> Answer:
        rows = self.rows()
        query = self._query(turn, rows)
        arguments = {"region": query.region, "title": query.title}
        # the tool's own function, called directly so the formatter sees which rows matched
        lookup = lookup_rewards(region=query.region, title=query.title, compare=query.compare, rows=rows)
        pair, unlisted = _side_by_side(self._pair_text(turn), query, rows)
        if pair is not None:
            lookup = pair
        elif by_amount := _honour_of_amount(turn.question, query, rows):
            lookup = by_amount
        titles = document_titles(self.corpus_dir, self.data_dir)
        text = format_rewards_markdown(lookup, titles, lambda doc_id, at: cited_locator(self.data_dir, doc_id, at))
        if pair is None and unlisted:
            no_gap = load_phrases().text("no_difference") if _ASKS_GAP.search(turn.question) else ""
            text = unlisted + no_gap + "\n\n" + _without_sentences(text, unlisted)
        if pair is not None:
            lead, _, rest = text.partition("\n\n")
            asks_gap = bool(_ASKS_GAP.search(turn.question))
            # (two honours asked to stack ask what is paid, not how far apart they are: trial 52 read "相差45万元")
            gap = (_difference(pair.rows[0], pair.rows[1])
                   if len(pair.rows) == 2 and (asks_gap or not asks_stacking(turn.question, load_phrases())) else "")
            no_gap = load_phrases().text("no_difference") if unlisted and asks_gap else ""
            text = lead.rstrip("。") + gap + "。" + unlisted + no_gap + "\n\n" + rest
        sources = list(dict.fromkeys((row.source.doc_id, row.source.locator) for row in lookup.rows))
        phrases = load_phrases()
        stacking = asks_stacking(turn.question, phrases) and bool(query.region)
        passages = self._passages(turn, query) if lookup.matched == 0 and not stacking else []
        if stacking:
            text, passages = self._stacking(turn, query, lookup, text, sources, titles)
        elif passages:
            text = _with_passages(text, passages, sources, titles, query, self.data_dir)
        if passages:
            sources = list(dict.fromkeys([*sources, *((p.doc_id, p.locator) for p in passages)]))
        if not stacking and (topped := self._topped_up(turn, query, lookup, text, sources, titles)):
            text, sources, note = topped
            lookup = lookup.model_copy(update={"note": note})  # the tool's result says it too (the 奖励 panel)
        if not stacking and (condition := self._condition_lead(turn.question, lookup, sources)):
            text = condition + "\n\n" + text  # "还要自己再去申报吗": the notice's own words on it first
        numbers = SourceNumbers(sources)
        policy = _policy_lead(turn.question, query, rows, numbers)
        if policy:  # "太仓那个奖励政策的文号是多少": the policy itself first
            text, sources = policy + "\n\n" + text, numbers.keys
        citations = cite_sources(self.corpus_dir, titles, sources, data_dir=self.data_dir)
        return Answer(
            answer=text,
            citations=citations,
            tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=lookup.model_dump())],
            route="rewards",
            resolved_question=turn.question,
            # nothing in the table or the passages for this region × honour: "not listed" (unless the policy
            # was asked, and named: "吴中区那几档奖励依据的是哪份申报指南", blind37)
            # (a place listing none whose parent lists the honour asked is answered by that parent's amount: "包头的企业评上
            # 自治区级专精特新…给多少" → 内蒙古自治区's 50万, blind41)
            refused=lookup.matched == 0 and not passages and not policy and not _parents_listed(lookup),
        )


def _parents_listed(lookup: RewardLookup) -> bool:
    """The lookup lists, for a place that has none of its own, a parent region's row for that parent's own honour
    ("包头…自治区级专精特新": 内蒙古自治区's own 50万; not 广东省's row for a national honour asked of 南山区, which
    only may apply)."""
    honours = load_honours()
    return any(lookup.role(i) == "parent" and level_of(row.region) == honours.tier_of(row.title)
               for i, row in enumerate(lookup.rows))


def _without_sentences(text: str, said: str) -> str:
    """``text`` without the sentences ``said`` already says (a pair's "未列出…" note, which the lookup's note repeats:
    my tour of session 34)."""
    for sentence in re.findall(r"[^。]+。", said):
        text = text.replace(sentence, "", 1)
    return text


def _clause_with(text: str, amount: str) -> str:
    """The clause of a row's cited text that states its amount ("对新获得省专精特新产品认定的，每个给予20万元奖励")."""
    pieces = [p.strip() for p in re.split(r"(?<=[；;。])", text) if p.strip()]
    return next((p.rstrip("；;。") for p in pieces if amount and amount in p), "")


def _policy_lead(question: str, query: RewardQuery, rows: Sequence[RewardRow], numbers: SourceNumbers) -> str:
    """The policies the asked region's reward rows cite, when the question asks for the policy
    (its 文号 or name), each cited through ``numbers``."""
    phrases = load_phrases()
    if not query.region or not any(w in question for w in phrases.policy_words):
        return ""
    first_row: dict[str, RewardRow] = {}  # each policy cited at the first row naming it
    for row in rows:
        if row.region == query.region and row.policy:
            first_row.setdefault(row.policy, row)
    cited = [f"{policy}{numbers.cite(row)}" for policy, row in first_row.items()]
    return phrases.text("policy_lead", region=query.region, policies="；".join(cited)) if cited else ""


def _with_passages(
    text: str,
    passages: Sequence[RewardPassage],
    sources: list[tuple[str, str]],
    titles: dict[str, str],
    query: RewardQuery,
    data_dir: Path | None = None,
    lead: str | None = None,
) -> str:
    """The quoted passages lead (after ``lead``, by default that the table lacks the row); the table's
    reference rows and citations follow, numbered on."""
    phrases = load_phrases()
    numbered = list(sources)
    quotes: list[str] = []
    new_lines: list[str] = []
    for passage in passages:
        key = (passage.doc_id, passage.locator)
        if key not in numbered:
            numbered.append(key)
            new_lines.append(phrases.text("citation", marker=f"[{len(numbered)}]",
                                          title=titles.get(passage.doc_id, passage.title),
                                          locator=cited_locator(data_dir, passage.doc_id, passage.locator)))
        quotes.append(phrases.text("passage_quote", quote=passage.quote, cite=f"[{numbered.index(key) + 1}]"))
    opening = lead if lead is not None else phrases.message("table_lacks", region=query.region or "",
                                                            title=query.title or "")
    lead = opening + "；".join(quotes)
    body = text if sources else ""
    parts = [lead, body, "\n".join(new_lines)]
    return "\n\n".join(part for part in parts if part)
