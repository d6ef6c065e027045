"""A report's benchmarks (rules/benchmarks.yaml) against their source lines, and the check a question asks."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.eligibility import extract_profile_from_text
from assistant.eligibility.benchmarks import benchmarks_asked, check_benchmarks, load_benchmarks
from assistant.eligibility.parse import facts_stated
from assistant.eligibility.profile import CompanyProfile, report_only
from assistant.eligibility.rules import Citation
from assistant.eligibility_answers import benchmark_answer
from assistant.frame import intent_words, read_turn
from assistant.models import ChatMessage
from tests.eligibility.test_rules_data import passage

BENCHMARKS = load_benchmarks()
ROWS = [row for bench in BENCHMARKS.sets for row in bench.rows]
TITLES = {BENCHMARKS.doc_id: "《培育发展报告》"}


@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_each_row_is_quoted_from_its_source_line(row) -> None:  # type: ignore[no-untyped-def]
    cited = passage(Citation(doc_id=BENCHMARKS.doc_id, locator=row.locator))
    assert re.sub(r"\s+", "", row.quote) in cited, (row.id, cited)
    assert f"{row.threshold:g}" in re.findall(r"\d+(?:\.\d+)?", row.quote), row.id


def test_every_row_reads_a_known_figure_and_names_known_groups() -> None:
    groups = {g.id for g in BENCHMARKS.groups}
    for row in ROWS:
        assert row.measure in BENCHMARKS.measures, row.id
        assert row.measure == "rd_ratio" or row.measure in CompanyProfile.model_fields, row.id
        assert set(row.groups) <= groups, row.id
    assert len({r.id for r in ROWS}) == len(ROWS)


def _asked(*turns: str) -> list[str]:
    profile, _, _ = _profile(turns)
    return benchmarks_asked(turns[-1], " ".join(turns), profile, intent_words().report_reference)


def _profile(turns: tuple[str, ...]) -> tuple[dict, None, None]:  # type: ignore[type-arg]
    merged: dict = {}  # type: ignore[type-arg]
    for turn in turns:
        merged.update(extract_profile_from_text(turn)[0])
    return merged, None, None


CASES = [
    # (turns, the rows compared, verdict)
    (("我们营收5000万，研发1000万，按报告的研发占比标杆，到优秀线了吗？",), ["rd-tier-p90"], "fail"),
    (("研发占比24%左右，报告那个标杆体系里算过了良好线没有？",), ["rd-tier-p75"], "pass"),
    (("我们做芯片设计的，研发占比25%，按报告图表34的研发占比基准达标吗？",), ["fit-hard-tech"], "pass"),
    (("我们是做SaaS的，软著15个，发明专利3件，报告里给软件信息类的目标够吗？",),
     ["strategy-software-copyrights", "strategy-software-invention"], "fail"),
    (("我们研发人员12个人，够报告里说的市级平台要求吗",), ["platform-city"], "pass"),
    (("我们PCT申请了3件，按报告攻坚层的要求够了吗",), ["attack-pct"], "pass"),
    # the kind said in an earlier turn; the measure asked in the last clause
    (("我们是做检测服务的，一年收入4000万，研发1000万。", "按报告行业适配的评价标准，研发占比基准我们到了没？"),
     ["fit-rd-services"], "fail"),
    # no kind said: the manufacturing row the report marks as its default
    (("研发强度大概21%，按报告的分层培育建议，够冲国家级吗？",), ["advice-national-manufacturing"], "fail"),
    (("我们做工业软件，研发强度30%，按报告的分层培育建议，够冲国家级吗？",), ["advice-national-software"], "fail"),
]


@pytest.mark.parametrize(("turns", "rows", "verdict"), CASES)
def test_the_question_chooses_the_rows_and_the_figures_decide(turns, rows, verdict) -> None:  # type: ignore[no-untyped-def]
    assert _asked(*turns) == rows
    assert check_benchmarks(rows, _profile(turns)[0]).verdict == verdict


@pytest.mark.parametrize("question", [
    "报告里软件信息类的研发占比基准是多少？",  # no figure of the company's
    "我们营收1200万、研发80万，够专精特新吗？",  # no report named: a tier's check
    "我们专利60件、参保80人，按报告那个规模-创新四象限，算不算头部企业？",  # no row reads these for an unsaid kind
])
def test_a_question_without_a_figure_or_a_report_row_compares_nothing(question: str) -> None:
    assert _asked(question) == []


def test_the_chat_routes_a_benchmark_question_to_the_check_and_leads_with_the_verdict() -> None:
    messages = [ChatMessage(role="user", content="我們營收八千萬，研發費用兩千萬，按報告那個研發佔比標杆體系，夠得上優秀線嗎？")]
    frame = read_turn(messages, today=date(2026, 11, 27))
    assert frame.route == "eligibility" and frame.intent == "benchmark" and frame.benchmarks == ["rd-tier-p90"]
    text, sources = benchmark_answer(check_benchmarks(frame.benchmarks, frame.profile | frame.report_figures), TITLES)
    lead = text.splitlines()[0]
    assert lead.startswith("**结论：不符合**") and "优秀线：研发占比≥27%" in lead and "25%（2000万÷8000万）" in lead
    assert "未达到（还差2个百分点）" in lead  # "还差几个点" (trial 45 had no gap said)
    assert sources == [(BENCHMARKS.doc_id, "L332-L332")]


@pytest.mark.parametrize(("text", "field", "value"), [
    ("专利总数六十件，其中发明专利九件", "patent_total", 60),
    ("专利总数六十件，其中发明专利九件", "invention_patent_count", 9),
    ("软件著作权有22项", "software_copyright_count", 22),
    ("PCT国际专利申请了3件", "pct_application_count", 3),
    ("专职研发人员15个人", "rd_staff_count", 15),
    ("研发人员占比18%", "rd_staff_ratio", 18),
])
def test_the_figures_a_benchmark_reads_are_read_from_chat(text: str, field: str, value: float) -> None:
    assert extract_profile_from_text(text)[0].get(field) == value


def test_a_figure_only_a_report_reads_states_no_profile_for_a_rule() -> None:
    updates = extract_profile_from_text("专利总数六十件，软件著作权有22项")[0]
    assert updates and all(report_only(name) for name in updates)
    assert facts_stated(updates) == 0
