"""The golden eval set against its sources: every case cites a passage that says what it expects.

Fast and index-free: reads evals/golden/cases.yaml and the raw corpus files only. Evidence and
expected facts are compared with all whitespace removed, because the raw PDF extractions break
lines mid-sentence and sometimes put spaces between characters.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from assistant.eligibility.profile import CompanyProfile
from zjtx.settings import PROJECT_ROOT, Settings

CASES_PATH = PROJECT_ROOT / "evals" / "golden" / "cases.yaml"

MIN_PER_CATEGORY = {
    "facts_2022": 30,
    "changes_2026": 20,
    "version_diff": 10,
    "statistics": 20,
    "finance": 15,
    "rewards": 25,
    "eligibility": 15,
    "refusal": 20,
    "multiturn": 10,
}
MIN_TOTAL = 150

TIERS = {"创新型中小企业", "专精特新中小企业", "专精特新“小巨人”企业"}
RULE_VERSIONS = {"2022", "2026"}
VERDICTS = {"pass", "fail", "unknown"}
ROLES = {"user", "assistant"}

COMMON_KEYS = {"id", "category", "question", "expected"}
OPTIONAL_KEYS = {
    "history",
    "doc_id",
    "locator",
    "evidence",
    "forbidden",
    "refuse",
    "expect_missing",
}
ELIGIBILITY_KEYS = {"profile", "tier", "rules", "expected_verdict", "expected_gaps"}

EVIDENCE_CHARS = (8, 40)
LOCATOR = re.compile(r"^L(\d+)-L(\d+)$")

# Every row of the two reward tables must be asked about by at least one case whose located
# lines name the region (the table row starts with it).
SUZHOU_REGIONS = (
    "张家港市", "常熟市", "太仓市", "昆山市", "吴江区", "吴中区", "相城区", "工业园区", "高新区",
)  # fmt: skip
PROVINCIAL_REGIONS = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
    "上海市", "江苏省", "浙江省", "安徽省", "福建省", "河南省", "湖北省", "湖南省", "广东省",
    "广西壮族自治区", "重庆市", "四川省", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
)  # fmt: skip
REWARD_TABLES = {
    "measures-2022-training": SUZHOU_REGIONS,
    "iresearch-2022": PROVINCIAL_REGIONS,
}


def strip_ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def cases() -> list[dict[str, Any]]:
    data = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and isinstance(data.get("cases"), list), (
        f"{CASES_PATH}: 顶层应为含 cases 列表的映射"
    )
    assert all(isinstance(case, dict) for case in data["cases"]), "每个用例都应是映射"
    return data["cases"]


@pytest.fixture(scope="module")
def documents() -> dict[str, list[str]]:
    """Raw lines of every manifest document by doc id (line n is item n - 1)."""
    corpus_dir: Path = Settings().corpus_dir
    manifest = yaml.safe_load((corpus_dir / "manifest.yaml").read_text(encoding="utf-8"))
    return {
        doc["id"]: (corpus_dir / "documents" / doc["file"]).read_text(encoding="utf-8").split("\n")
        for doc in manifest["documents"]
    }


def is_refusal(case: dict[str, Any]) -> bool:
    return case.get("category") == "refusal" or case.get("refuse") is True


def located_lines(case: dict[str, Any], documents: dict[str, list[str]]) -> list[str] | None:
    """The raw lines a case's locator points at, or None when the locator is unusable."""
    match = LOCATOR.match(str(case.get("locator", "")))
    lines = documents.get(case.get("doc_id", ""))
    if match is None or lines is None:
        return None
    start, end = int(match[1]), int(match[2])
    if not 1 <= start <= end <= len(lines):
        return None
    return lines[start - 1 : end]


def report(problems: list[str]) -> str:
    return f"{len(problems)} 个用例有问题：\n" + "\n".join(problems)


def test_ids_are_unique(cases: list[dict[str, Any]]) -> None:
    counts = Counter(case.get("id") for case in cases)
    repeated = [f"{case_id}（{n} 次）" for case_id, n in counts.items() if n > 1]
    assert not repeated, "用例 id 重复：" + "、".join(map(str, repeated))


def test_questions_are_unique(cases: list[dict[str, Any]]) -> None:
    seen: dict[str, str] = {}
    problems = []
    for case in cases:
        key = strip_ws(str(case.get("question", "")))
        if key in seen:
            problems.append(f"{case.get('id')}: 问题与 {seen[key]} 相同")
        seen.setdefault(key, str(case.get("id")))
    assert not problems, report(problems)


def test_cases_have_known_fields_and_types(cases: list[dict[str, Any]]) -> None:
    problems = []
    for case in cases:
        cid = case.get("id", "<无 id>")
        allowed = COMMON_KEYS | OPTIONAL_KEYS
        if case.get("category") == "eligibility":
            allowed |= ELIGIBILITY_KEYS
        if missing := COMMON_KEYS - case.keys():
            problems.append(f"{cid}: 缺少字段 {sorted(missing)}")
        if unknown := case.keys() - allowed:
            problems.append(f"{cid}: 未知字段 {sorted(unknown)}")
        if case.get("category") not in MIN_PER_CATEGORY:
            problems.append(
                f"{cid}: 类别 {case.get('category')!r} 不在 {sorted(MIN_PER_CATEGORY)} 中"
            )
        if not isinstance(case.get("question"), str) or not case["question"].strip():
            problems.append(f"{cid}: question 应为非空字符串")
        for key in ("expected", "forbidden"):
            values = case.get(key, [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                problems.append(f"{cid}: {key} 应为非空字符串列表，实为 {values!r}")
        clash = set(case.get("expected") or []) & set(case.get("forbidden") or [])
        if clash:
            problems.append(f"{cid}: {sorted(clash)} 同时出现在 expected 与 forbidden 中")
        for key in ("refuse", "expect_missing"):
            if key in case and not isinstance(case[key], bool):
                problems.append(f"{cid}: {key} 应为 true/false，实为 {case[key]!r}")
    assert not problems, report(problems)


def test_each_category_meets_its_minimum(cases: list[dict[str, Any]]) -> None:
    counts = Counter(case.get("category") for case in cases)
    short = [
        f"{category}: {counts[category]} 条，至少需要 {minimum} 条"
        for category, minimum in MIN_PER_CATEGORY.items()
        if counts[category] < minimum
    ]
    assert not short, "类别用例不足：\n" + "\n".join(short)
    assert len(cases) >= MIN_TOTAL, f"共 {len(cases)} 条用例，至少需要 {MIN_TOTAL} 条"


def test_refusal_cases_cite_nothing_and_expect_nothing(cases: list[dict[str, Any]]) -> None:
    problems = []
    for case in cases:
        cid = case.get("id")
        if case.get("category") == "refusal" and case.get("refuse") is not True:
            problems.append(f"{cid}: refusal 类用例应标注 refuse: true")
        if case.get("refuse") is True and case.get("category") != "refusal":
            problems.append(
                f"{cid}: refuse: true 只用于 refusal 类（语料中缺失的事实用 expect_missing）"
            )
        if not is_refusal(case):
            continue
        if cited := {"doc_id", "locator", "evidence"} & case.keys():
            problems.append(f"{cid}: 拒答用例不应引用语料，却有 {sorted(cited)}")
        if case.get("expected"):
            problems.append(f"{cid}: 拒答用例的 expected 应为空列表，实为 {case['expected']!r}")
    assert not problems, report(problems)


def test_evidence_is_written_at_the_locator(
    cases: list[dict[str, Any]], documents: dict[str, list[str]]
) -> None:
    problems = []
    for case in cases:
        if is_refusal(case):
            continue
        cid = case.get("id")
        doc_id = case.get("doc_id")
        if doc_id not in documents:
            problems.append(f"{cid}: doc_id {doc_id!r} 不在 manifest 中（{sorted(documents)}）")
            continue
        match = LOCATOR.match(str(case.get("locator", "")))
        if match is None:
            problems.append(f"{cid}: locator {case.get('locator')!r} 不是 L<起>-L<止> 格式")
            continue
        lines = located_lines(case, documents)
        if lines is None:
            problems.append(
                f"{cid}: locator {case['locator']} 超出 {doc_id} 的范围（共 {len(documents[doc_id])} 行）"
            )
            continue
        evidence = strip_ws(str(case.get("evidence", "")))
        low, high = EVIDENCE_CHARS
        if not low <= len(evidence) <= high:
            problems.append(f"{cid}: evidence 去空白后 {len(evidence)} 字，应为 {low}–{high} 字")
        if evidence not in strip_ws("".join(lines)):
            problems.append(
                f"{cid}: evidence「{case.get('evidence')}」不在 {doc_id} {case['locator']} 中"
            )
    assert not problems, report(problems)


def test_expected_facts_are_written_in_the_document(
    cases: list[dict[str, Any]], documents: dict[str, list[str]]
) -> None:
    problems = []
    texts = {doc_id: strip_ws("\n".join(lines)) for doc_id, lines in documents.items()}
    for case in cases:
        if is_refusal(case) or case.get("category") == "eligibility":
            continue
        text = texts.get(case.get("doc_id", ""))
        if text is None:
            continue  # reported by test_evidence_is_written_at_the_locator
        for fact in case.get("expected") or []:
            if strip_ws(fact) not in text:
                problems.append(
                    f"{case.get('id')}: 期望事实「{fact}」在 {case['doc_id']} 中找不到（疑为编造）"
                )
    assert not problems, report(problems)


def test_answerable_cases_expect_something(cases: list[dict[str, Any]]) -> None:
    problems = []
    for case in cases:
        if is_refusal(case) or case.get("category") == "eligibility":
            continue
        cid = case.get("id")
        if case.get("expect_missing") is True:
            if case.get("expected"):
                problems.append(f"{cid}: expect_missing 用例的 expected 应为空（语料未列出该项）")
        elif not case.get("expected"):
            problems.append(f"{cid}: 可回答的用例至少要有一条 expected 事实")
    assert not problems, report(problems)


def test_multiturn_cases_carry_a_history(cases: list[dict[str, Any]]) -> None:
    problems = []
    for case in cases:
        cid = case.get("id")
        history = case.get("history")
        if history is None:
            if case.get("category") == "multiturn":
                problems.append(f"{cid}: multiturn 用例缺少 history")
            continue
        if not isinstance(history, list) or not history:
            problems.append(f"{cid}: history 应为非空列表")
            continue
        for turn in history:
            if not isinstance(turn, dict) or set(turn) != {"role", "content"}:
                problems.append(f"{cid}: history 每轮应只有 role 与 content，实为 {turn!r}")
            elif turn["role"] not in ROLES or not str(turn["content"]).strip():
                problems.append(
                    f"{cid}: history 轮次 {turn!r} 的 role 应为 user/assistant 且内容非空"
                )
        if isinstance(history[0], dict) and history[0].get("role") != "user":
            problems.append(f"{cid}: history 应以用户提问开始")
    assert not problems, report(problems)


def test_eligibility_cases_are_well_formed(cases: list[dict[str, Any]]) -> None:
    problems = []
    for case in cases:
        if case.get("category") != "eligibility":
            continue
        cid = case.get("id")
        if missing := ELIGIBILITY_KEYS - {"expected_gaps"} - case.keys():
            problems.append(f"{cid}: 资格用例缺少字段 {sorted(missing)}")
            continue
        try:
            CompanyProfile.model_validate(case["profile"])
        except ValidationError as error:
            problems.append(f"{cid}: profile 不是有效的企业画像：{error.errors()[0]['msg']}")
        if case["tier"] not in TIERS:
            problems.append(f"{cid}: tier {case['tier']!r} 不在 {sorted(TIERS)} 中")
        if case["rules"] not in RULE_VERSIONS:
            problems.append(f'{cid}: rules 应为字符串 "2022" 或 "2026"，实为 {case["rules"]!r}')
        verdict = case["expected_verdict"]
        gaps = case.get("expected_gaps", [])
        if verdict not in VERDICTS:
            problems.append(f"{cid}: expected_verdict {verdict!r} 不在 {sorted(VERDICTS)} 中")
        if not isinstance(gaps, list) or not all(isinstance(g, str) and g for g in gaps):
            problems.append(f"{cid}: expected_gaps 应为字符串列表")
        elif verdict == "fail" and not gaps:
            problems.append(
                f"{cid}: 判定为 fail 的用例应给出 expected_gaps（差距说明中应出现的字样）"
            )
        elif verdict != "fail" and gaps:
            problems.append(f"{cid}: 只有 fail 用例才有差距，{verdict} 用例的 expected_gaps 应为空")
    assert not problems, report(problems)


def test_rewards_cover_every_region_in_both_tables(
    cases: list[dict[str, Any]], documents: dict[str, list[str]]
) -> None:
    asked: dict[str, set[str]] = {doc_id: set() for doc_id in REWARD_TABLES}
    for case in cases:
        if case.get("category") != "rewards" or case.get("doc_id") not in REWARD_TABLES:
            continue
        lines = strip_ws("".join(located_lines(case, documents) or []))
        asked[case["doc_id"]].update(r for r in REWARD_TABLES[case["doc_id"]] if r in lines)
    missing = [
        f"{doc_id}: {region}"
        for doc_id, regions in REWARD_TABLES.items()
        for region in regions
        if region not in asked[doc_id]
    ]
    assert not missing, "以下地区的奖励没有任何 rewards 用例覆盖：\n" + "\n".join(missing)
