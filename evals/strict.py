"""Strict scoring, judged like a user: the asked fact must be in the answer's lead.

The lead is the first sentence of the answer, or its first 120 characters when that sentence
is shorter; the quoted sources under their heading (依据：, 来源：…) never count. A fact of another tier or version in
the lead fails the case; a refusal is right only where the corpus lacks the fact.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from assistant.answering.templates import load_templates
from assistant.eligibility.engine import VERDICT_WORDS
from assistant.models import Answer, ChatMessage
from evals.cases import EvalCase, load_cases
from evals.scoring import squash

Verdict = Literal["pass", "fail", "unknown"]
LEAD_CHARS = 120
_SENTENCE_END = re.compile(r"[。！？!?\n]")
# wording that says the knowledge base lacks the asked fact
_MISSING = re.compile(r"未找到|未列出|未给出|未提供|未涉及|没有(?:相关|提供|列出)|不包含|未覆盖|无法(?:确认|回答)")
_VERDICTS: dict[str, Verdict] = {"符合": "pass", "不符合": "fail", "尚无法确定": "unknown"}


@lru_cache(maxsize=1)
def _sources_headers() -> tuple[str, ...]:
    """The headings an answer puts over its quoted sources (依据：, 来源：, 最接近的相关内容…)."""
    extractive, criteria = load_templates("extractive"), load_templates("criteria")
    return (extractive["evidence_header"], extractive["nearest_header"], criteria["sources_header"])


def lead_of(text: str) -> str:
    """The first sentence, or the first ``LEAD_CHARS`` characters if the sentence is shorter;
    the quoted sources under their heading are never part of the lead."""
    text = text.strip().lstrip("*#> ")
    for number, line in enumerate(lines := text.splitlines()):
        if number and line.strip().startswith(_sources_headers()):
            text = "\n".join(lines[:number])
            break
    match = _SENTENCE_END.search(text)
    first = text[: match.end()] if match else text
    return text[: max(len(first), LEAD_CHARS)]


def strict_correct(case: EvalCase, answer: Answer) -> tuple[bool, str]:
    lead = squash(lead_of(answer.answer))
    if case.refuse:
        return (True, "") if answer.refused else (False, "应拒答却给出了答案")
    if case.expect_missing:
        said = answer.refused or _MISSING.search(lead_of(answer.answer))
        return (True, "") if said else (False, "应说明知识库没有该信息")
    if answer.refused:
        return False, "不应拒答"
    if case.expected_verdict:
        calls = [c for c in answer.tool_calls if c.name == "check_eligibility"]
        result = calls[0].result if calls and isinstance(calls[0].result, dict) else {}
        # a narrow question ("营收这条满足吗") is answered by the asked condition's verdict
        verdict = (result.get("focus") or {}).get("verdict") or result.get("verdict")
        if verdict != case.expected_verdict:
            return False, f"资格结论不符（{verdict}）"
        if squash(VERDICT_WORDS[case.expected_verdict]) not in lead:
            return False, "结论不在首句"
    missing = [f for f in case.expected if squash(f) not in lead]
    if missing:
        return False, "首句缺少：" + "、".join(missing)
    bad = [f for f in case.forbidden if squash(f) in lead]
    if bad:
        return False, "首句出现其他层级/版本的内容：" + "、".join(bad)
    return True, ""


def split_half(case_id: str) -> str:
    """A stable dev/test split by case id (for choosing thresholds on dev only)."""
    return "dev" if int(hashlib.md5(case_id.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_blind_cases(path: Path) -> list[EvalCase]:
    """Cases written blind from the documents (``turns``; the last one is judged)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for raw in data["cases"]:
        turns = [str(t) for t in raw["turns"]]
        verdict = raw.get("expected_verdict")
        cases.append(EvalCase(
            id=raw["id"], category=raw["category"], question=turns[-1],
            history=[ChatMessage(role="user", content=t) for t in turns[:-1]],
            doc_id=raw.get("doc_id"), locator=raw.get("locator"), evidence=raw.get("evidence"),
            expected=[str(x) for x in raw.get("expected") or []],
            forbidden=[str(x) for x in raw.get("forbidden") or []],
            refuse=bool(raw.get("refuse")), expect_missing=bool(raw.get("expect_missing")),
            tier=raw.get("tier"), rules=raw.get("rules"),
            expected_verdict=_VERDICTS.get(verdict) if verdict else None,
        ))
    return cases


def run_strict(chat: Any, cases: list[EvalCase]) -> dict[str, Any]:
    """Answer every case through ``chat`` (messages → Answer) and score it strictly."""
    by_category: dict[str, list[bool]] = defaultdict(list)
    by_half: dict[str, list[bool]] = defaultdict(list)
    failures = []
    started = time.perf_counter()
    for case in cases:
        answer = chat(case.messages)
        ok, reason = strict_correct(case, answer)
        by_category[case.category].append(ok)
        by_half[split_half(case.id)].append(ok)
        if not ok:
            failures.append({"id": case.id, "category": case.category, "question": case.question,
                             "history": [m.content for m in case.history], "expected": case.expected,
                             "reason": reason, "route": answer.route, "lead": lead_of(answer.answer)})

    def ratio(values: list[bool]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    every = [ok for oks in by_category.values() for ok in oks]
    return {
        "n": len(every), "accuracy": ratio(every),
        "by_half": {h: {"n": len(v), "accuracy": ratio(v)} for h, v in sorted(by_half.items())},
        "by_category": {c: {"n": len(v), "accuracy": ratio(v)} for c, v in sorted(by_category.items())},
        "seconds": round(time.perf_counter() - started, 1),
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="严格评分：答案首句须给出所问事实")
    parser.add_argument("--cases", type=Path, default=None, help="盲测用例 YAML（默认：golden 集）")
    parser.add_argument("--out", type=Path, default=Path("eval-out/strict.json"))
    args = parser.parse_args()
    from assistant.service import create_service
    from zjtx.settings import Settings

    service = create_service(Settings())
    cases = load_blind_cases(args.cases) if args.cases else load_cases()
    report = run_strict(service.chat, cases)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    summary = {k: v for k, v in report.items() if k != "failures"}
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
