"""How well company facts are read from chat messages ("去年营收2350万，研发140万，前年…").

Each case of ``evals/facts_blind/cases.yaml`` states facts a reader can take one way only
(``expected``); a case is right when the facts the rules then see (the profile read from the
message as the chat reads it, traditional characters simplified and English words said in Chinese first, plus what follows from
it: an award rank is an award) hold each expected value. Reported on the dev and test halves
of the case ids; a fact read that no case expects is not judged.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from assistant.eligibility.facts import Facts
from assistant.eligibility.parse import extract_profile_from_text
from assistant.eligibility.profile import CompanyProfile
from assistant.retrieval.text_processing import english_terms_in_chinese, to_simplified
from evals.strict import split_half

FACTS_CASES = Path(__file__).parent / "facts_blind" / "cases.yaml"
THIS_YEAR = 2026  # the cases' 去年 is 2025


def load_fact_cases(path: Path = FACTS_CASES) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def _same(read: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(read, bool):
        return read is expected
    return read is not None and abs(float(read) - float(expected)) < 1e-6


def score_case(case: dict[str, Any]) -> tuple[bool, list[str]]:
    """(right, what went wrong) for one case."""
    read, _, _ = extract_profile_from_text(english_terms_in_chinese(to_simplified(case["text"])), this_year=THIS_YEAR)
    profile, _ = CompanyProfile().updated_leniently(read)
    facts = Facts(profile)
    problems = []
    for name, value in (case.get("expected") or {}).items():
        seen = [observation.value for observation in facts.get(name)]
        if not any(_same(v, value) for v in seen):
            problems.append(f"{name}: 应为 {value}，读成 {seen or '（未读出）'}")
    return not problems, problems


def run_facts(cases: list[dict[str, Any]]) -> dict[str, Any]:
    halves: dict[str, list[bool]] = defaultdict(list)
    failures = []
    for case in cases:
        right, problems = score_case(case)
        halves[split_half(case["id"])].append(right)
        if not right:
            failures.append({"id": case["id"], "text": case["text"], "problems": problems})
    every = [ok for oks in halves.values() for ok in oks]
    return {"n": len(every), "accuracy": round(sum(every) / len(every), 4),
            "by_half": {h: {"n": len(v), "right": sum(v)} for h, v in sorted(halves.items())},
            "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description="公司情况读取：逐条核对从对话中读出的数字与是否")
    parser.add_argument("--cases", type=Path, default=FACTS_CASES,
                        help="cases.yaml（默认 evals/facts_blind；另有 evals/facts_blind2、facts_blind3）")
    parser.add_argument("--out", type=Path, default=Path("eval-out/facts.json"))
    args = parser.parse_args()
    report = run_facts(load_fact_cases(args.cases))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "failures"}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
