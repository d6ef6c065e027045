"""What a figure read in a document means ("摘要里“1.25个”这个数说的是啥"): the sentences stating it.

The figure is looked up in every passage of the build, whitespace aside ("1155 个行业小类" states
"1155个"), not only in the retrieved ones: its words may share nothing with the question. The passages
the question's words point at (its named document, its retrieval rank, its key terms) come first.
"""

from __future__ import annotations

import re

from assistant.answering.coverage import coverage
from assistant.answering.extractive import render_quoted_answer
from assistant.answering.sentences import CLAUSE_SPLIT, ScoredSentence, question_weights
from assistant.answering.templates import load_templates
from assistant.models import Answer
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchHit
from assistant.retrieval.text_processing import normalize_query
from indexer.chunking import split_into_sentences

MAX_QUOTED = 3  # sentences stating the figure that are quoted
MAX_LEAD_CHARS = 120  # a longer sentence leads with the figure's clause and the one before it
_SPACE = re.compile(r"\s+")


def _squashed(text: str) -> str:
    return _SPACE.sub("", text).replace("％", "%")


def _states(sentence: str, figure: str) -> bool:
    """``sentence`` states ``figure`` as a whole number ("1.25个", not "11.25个" or "1.255个")."""
    return re.search(rf"(?<![\d.]){re.escape(figure)}(?![\d])", sentence) is not None


def _lead(sentence: str, figure: str) -> str:
    """The sentence, or, when long, the clause stating the figure and the one before it (what it counts)."""
    sentence = sentence.rstrip("。；;，,")
    if len(sentence) <= MAX_LEAD_CHARS:
        return sentence
    clauses = [c for c in CLAUSE_SPLIT.split(sentence) if c.strip()]
    at = next((i for i, c in enumerate(clauses) if _states(c, figure)), None)
    if at is None:
        return sentence
    start = sentence.find(clauses[max(0, at - 1)])
    end = sentence.find(clauses[at], start) + len(clauses[at])
    return sentence[start:end]


def figure_answer(question: str, figure: str, hits: list[SearchHit], bm25: BM25Index,
                  documents: tuple[str, ...] = (), notice: str | None = None) -> Answer:
    """The sentences of the build stating ``figure``, the likeliest first, each cited; a refusal
    naming the figure when no passage states it. ``documents``: the ones the question names."""
    figure = _squashed(figure)
    weights = question_weights(question, bm25)
    retrieved = {h.chunk.chunk_id: (rank, h) for rank, h in enumerate(hits, start=1)}
    found: list[tuple[tuple[bool, bool, int, float], ScoredSentence]] = []
    for chunk in bm25.chunks:
        text = _squashed(chunk.text)
        if figure not in text or (documents and chunk.doc_id not in documents):
            continue
        rank, hit = retrieved.get(chunk.chunk_id, (len(hits) + 1, SearchHit(chunk=chunk, score=0.0)))
        for sentence in split_into_sentences(text):
            if _states(sentence, figure):
                said = coverage(normalize_query(f"{chunk.title}{chunk.section}{sentence}"), weights)
                # (a sentence says what the figure is; a table row's cells only label it)
                found.append((("|" in sentence, rank > len(hits), rank, -said),
                              ScoredSentence(sentence, rank, hit, said, said, said)))
    if not found:
        t = load_templates()
        return Answer(answer=t["figure_missing"].format(figure=figure), refused=True, route="search")
    found.sort(key=lambda pair: pair[0])
    chosen: list[ScoredSentence] = []
    for _, scored in found:
        if all(scored.text != c.text for c in chosen):
            chosen.append(scored)
    chosen = chosen[:MAX_QUOTED]
    return render_quoted_answer(question, chosen, bm25, notice, lead=_lead(chosen[0].text, figure))
