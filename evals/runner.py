"""Running the golden set: retrieval ablations and answer accuracy, measured in one run."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.chain import Turn, build_chat_chain
from assistant.frame import read_turn
from assistant.models import Answer, ChatMessage
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import SearchFilters, SearchHit, SearchMode, SearchOutcome, search
from assistant.retrieval.search_index import SearchIndex, load_search_index
from assistant.retrieval.text_processing import expand_query, normalize_query
from assistant.service import AssistantService
from evals.cases import EvalCase
from evals.scoring import (
    answer_and_score,
    citation_correct,
    eligibility_outcome,
    first_supporting_rank,
)
from indexer.builder import build_index
from indexer.chunking import chunk_document
from indexer.corpus import load_corpus
from zjtx.settings import Settings

Searcher = Callable[[list[ChatMessage]], list[SearchHit]]
K = 5
RANKED = 10  # hits ranked per case for MRR@10


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[pos]


def retrieval_metrics(cases: list[EvalCase], searcher: Searcher) -> dict[str, float]:
    """hit@1, hit@5 and MRR@10 over cases that name a supporting passage."""
    ranks: list[int | None] = []
    for case in cases:
        if case.doc_id is None:
            continue
        hits = searcher(case.messages)
        ranks.append(first_supporting_rank(case, hits))
    n = len(ranks)
    if not n:
        return {"n": 0, "hit@1": 0.0, "hit@5": 0.0, "mrr": 0.0}
    return {
        "n": n,
        "hit@1": round(sum(1 for r in ranks if r == 1) / n, 4),
        "hit@5": round(sum(1 for r in ranks if r is not None and r <= K) / n, 4),
        "mrr": round(sum(1 / r for r in ranks if r is not None) / n, 4),
    }


def retrieve_as_chat(index: SearchIndex, settings: Settings, k: int) -> Searcher:
    """The chat's own search route (``assistant.chain``): the turn read once (traditional
    characters simplified, follow-up resolved), then hybrid retrieval filtered to the rule
    version the conversation names; its first ``k`` hits."""
    outcomes: list[SearchOutcome | None] = []

    def keep_outcome(turn: Turn) -> Answer:
        outcomes.append(turn.outcome)
        return Answer(answer="")

    chain = build_chat_chain(index, settings.model_copy(update={"retrieval_k": k}), composer=keep_outcome)

    def run(messages: list[ChatMessage]) -> list[SearchHit]:
        outcomes.clear()
        chain.invoke(messages)
        return outcomes[0].hits if outcomes and outcomes[0] else []

    return run


def _mode_searcher(index: SearchIndex, mode: SearchMode, k: int) -> Searcher:
    """An ablation: the chat's question and rule-version filter, ranked by ``mode`` alone.

    Repeats the version filter of the chain's ``retrieve`` (a question comparing versions is
    not filtered; no hit in the named version falls back to all), which takes no mode.
    """

    def run(messages: list[ChatMessage]) -> list[SearchHit]:
        frame = read_turn(messages)
        if not frame.question:
            return []
        version = None if frame.compare_versions else frame.rules
        hits = search(index, frame.question, k=k, mode=mode, filters=SearchFilters(rule_version=version)).hits
        if version and not hits:
            hits = search(index, frame.question, k=k, mode=mode).hits
        return hits

    return run


def _bm25_chunk_variant(settings: Settings, max_chars: int, k: int) -> Searcher:
    """BM25 over the corpus chunked to ``max_chars``, asked the chat's question (no version filter)."""
    docs, _ = load_corpus(settings.manifest_path, settings.documents_dir)
    chunks = [c for d in docs for c in chunk_document(d, max_chars)]
    bm25 = BM25Index(chunks)

    def run(messages: list[ChatMessage]) -> list[SearchHit]:
        question = read_turn(messages).question
        hits = bm25.search(expand_query(normalize_query(question)), k) if question else []
        return [SearchHit(chunk=chunks[p], score=s) for p, s in hits]

    return run


def st_index(settings: Settings, work_dir: Path) -> SearchIndex:
    """An index of the same corpus embedded with the packaged MiniLM (sentence-transformers)."""
    st_settings = settings.model_copy(update={"data_dir": work_dir / "st-data", "embedder": "sentence-transformers",
                                              "chroma_url": None})
    build_index(st_settings, show_progress=False)
    return load_search_index(st_settings)


def run_ablations(settings: Settings, service: AssistantService, cases: list[EvalCase], work_dir: Path,
                  with_st: bool = True, with_chunk_variants: bool = True) -> dict[str, dict[str, float]]:
    """Retrieval metrics per search mode; ``hybrid`` is the chat's own retrieval call."""
    index = service.index
    results = {mode: retrieval_metrics(cases, _mode_searcher(index, mode, RANKED)) for mode in ("bm25", "dense")}
    results["hybrid"] = retrieval_metrics(cases, retrieve_as_chat(index, settings, RANKED))
    if with_st:
        st = st_index(settings, work_dir)
        results["dense_st_minilm"] = retrieval_metrics(cases, _mode_searcher(st, "dense", RANKED))
    if with_chunk_variants:
        for size in (200, 600):
            results[f"bm25_chunks{size}"] = retrieval_metrics(cases, _bm25_chunk_variant(settings, size, RANKED))
    return results


def run_answers(service: AssistantService, cases: list[EvalCase]) -> dict[str, Any]:
    """Answer every case through the full chat chain and score it."""
    per_category: dict[str, list[bool]] = defaultdict(list)
    latencies: list[float] = []
    failures: list[dict[str, Any]] = []
    citations_ok: list[bool] = []
    refusal_tp = refusal_fp = refusal_fn = 0
    verdicts: list[bool] = []
    gaps: list[bool] = []
    retrieve = retrieve_as_chat(service.index, service.settings, K)
    for scored in answer_and_score(service, cases):
        case, answer, correct = scored.case, scored.answer, scored.correct
        latencies.append(scored.seconds * 1000)
        per_category[case.category].append(correct)
        if case.refuse:
            refusal_tp += answer.refused
            refusal_fn += not answer.refused
        elif answer.refused and not case.expect_missing:
            refusal_fp += 1
        if correct and not case.refuse and case.doc_id and case.category not in ("eligibility",):
            citations_ok.append(citation_correct(case, answer))
        if case.category == "eligibility" and case.expected_verdict:
            v, g = eligibility_outcome(case, answer)
            verdicts.append(v)
            gaps.append(g)
        if not correct:
            retrieved = retrieve(case.messages)
            failures.append({
                "id": case.id, "category": case.category, "question": case.question,
                "history": [m.content for m in case.history], "expected": case.expected,
                "expected_verdict": case.expected_verdict, "reason": scored.reason, "got": answer.answer[:600],
                "route": answer.route,
                "retrieved": [{"chunk_id": h.chunk.chunk_id, "locator": h.chunk.locator, "text": h.chunk.text[:160]}
                              for h in retrieved],
                "support": {"doc_id": case.doc_id, "locator": case.locator, "evidence": case.evidence},
            })
    all_results = [ok for oks in per_category.values() for ok in oks]

    def ratio(values: list[bool]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    return {
        "answer": {
            "accuracy": ratio(all_results),
            "n": len(all_results),
            "by_category": {cat: {"n": len(v), "accuracy": ratio(v)} for cat, v in sorted(per_category.items())},
        },
        "citation": {"accuracy": ratio(citations_ok), "n": len(citations_ok)},
        "refusal": {
            "precision": round(refusal_tp / (refusal_tp + refusal_fp), 4) if refusal_tp + refusal_fp else 0.0,
            "recall": round(refusal_tp / (refusal_tp + refusal_fn), 4) if refusal_tp + refusal_fn else 0.0,
            "false_refusals": refusal_fp,
        },
        "eligibility": {"verdict_accuracy": ratio(verdicts), "gap_accuracy": ratio(gaps), "n": len(verdicts)},
        "latency_ms": {"p50": round(statistics.median(latencies), 1) if latencies else 0.0,
                       "p95": round(percentile(latencies, 0.95), 1)},
        "failures": failures,
    }


def run_eval(settings: Settings, service: AssistantService, cases: list[EvalCase], work_dir: Path,
             with_st: bool = True, with_chunk_variants: bool = True) -> dict[str, Any]:
    work_dir.mkdir(parents=True, exist_ok=True)
    retrieval = run_ablations(settings, service, cases, work_dir, with_st, with_chunk_variants)
    answers = run_answers(service, cases)
    return {"n_cases": len(cases), "build_id": service.index.build.build_id, "retrieval": retrieval, **answers}
