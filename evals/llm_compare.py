"""LLM mode against extractive mode on the same golden cases, index and run.

Only search-route categories are asked: eligibility and rewards turns are answered by the
deterministic tools in both modes. Each case is answered twice, once per composer; the
report gives both accuracies, their ratio, how many LLM-mode answers the model actually
wrote (the rest fell back, with the notice saying why) and the latency of each mode.
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.llm.prompts import llm_templates
from assistant.models import Answer
from assistant.retrieval.search_index import SearchIndex, load_search_index
from assistant.service import create_service
from evals.cases import EvalCase
from evals.scoring import ScoredAnswer, answer_and_score
from zjtx.settings import Settings

TOOL_CATEGORIES = frozenset({"eligibility", "rewards"})


def pick_cases(cases: list[EvalCase], limit: int) -> list[EvalCase]:
    """Up to ``limit`` search-route cases, spread evenly over the golden file's order."""
    pool = [c for c in cases if c.category not in TOOL_CATEGORIES]
    if limit >= len(pool):
        return pool
    step = len(pool) / limit
    return [pool[int(i * step)] for i in range(limit)]


def fallback_reason(answer: Answer) -> str | None:
    """The notice template name of an LLM-mode answer that fell back to extractive, else None."""
    for name, text in llm_templates().items():
        if name.startswith("notice_") and answer.notice and text.split("{")[0] in answer.notice:
            return name
    return None


def _summary(results: list[ScoredAnswer]) -> dict[str, Any]:
    seconds = [r.seconds for r in results]
    return {
        "accuracy": round(sum(r.correct for r in results) / len(results), 4) if results else 0.0,
        "latency_s": {"p50": round(statistics.median(seconds), 2) if seconds else 0.0,
                      "max": round(max(seconds, default=0.0), 2)},
    }


def compare_composers(
    settings: Settings, cases: list[EvalCase], limit: int, index: SearchIndex | None = None
) -> dict[str, Any]:
    """Both modes over :func:`pick_cases` on one index (``index``, else the serving one);
    ``settings`` must configure the LLM."""
    index = index or load_search_index(settings)
    extractive = create_service(settings.model_copy(update={"llm_base_url": None, "llm_model": None}), index)
    llm = create_service(settings, index)
    chosen = pick_cases(cases, limit)
    ext_results = answer_and_score(extractive, chosen)
    llm_results = answer_and_score(llm, chosen)
    reasons = [fallback_reason(r.answer) for r in llm_results]
    fallbacks = Counter(r for r in reasons if r)
    by_model = [r.correct for r in llm_results if r.answer.composer == "llm"]
    ext_summary, llm_summary = _summary(ext_results), _summary(llm_results)
    return {
        "n": len(chosen),
        "model": settings.llm_model,
        "answer_style": settings.llm_answer_style,
        "extractive": ext_summary,
        "llm": {
            **llm_summary,
            "written_by_model": len(by_model),
            "accuracy_when_written_by_model": round(sum(by_model) / len(by_model), 4) if by_model else None,
            "fallbacks": dict(fallbacks),
        },
        "accuracy_ratio": round(llm_summary["accuracy"] / ext_summary["accuracy"], 3) if ext_summary["accuracy"] else None,
        "cases": [
            {"id": e.case.id, "category": e.case.category, "question": e.case.question, "extractive_ok": e.correct,
             "llm_ok": m.correct, "llm_composer": m.answer.composer, "llm_fallback": reason,
             "llm_answer": m.answer.answer[:300]}
            for e, m, reason in zip(ext_results, llm_results, reasons, strict=True)
        ],
    }


def summary_markdown(report: dict[str, Any]) -> str:
    e, m = report["extractive"], report["llm"]
    lines = [
        f"# LLM 模式对照（{report['model']}，{report['answer_style']} 方式，{report['n']} 个检索类用例）",
        "",
        "| 模式 | 准确率 | 延迟 p50 (s) | 最长 (s) |",
        "|---|---|---|---|",
        f"| 摘录 | {e['accuracy']:.3f} | {e['latency_s']['p50']} | {e['latency_s']['max']} |",
        f"| 大模型 | {m['accuracy']:.3f} | {m['latency_s']['p50']} | {m['latency_s']['max']} |",
        "",
        f"- 准确率之比（大模型/摘录）：{report['accuracy_ratio']}",
        f"- 由模型作答：{m['written_by_model']}/{report['n']}，其中正确率 {m['accuracy_when_written_by_model']}",
        f"- 回退到摘录：{m['fallbacks'] or '无'}",
    ]
    return "\n".join(lines) + "\n"


def write_comparison(report: dict[str, Any], out: Path) -> None:
    import json

    out.mkdir(parents=True, exist_ok=True)
    (out / "llm_compare.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "llm_compare.md").write_text(summary_markdown(report), encoding="utf-8")
