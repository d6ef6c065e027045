"""The eligibility route: collect the profile over the conversation, run ``check_eligibility``."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from assistant.answering.templates import load_templates
from assistant.chain import Turn
from assistant.citations import cite_sources
from assistant.criteria.indicators import load_indicators
from assistant.criteria.lookup import DIRECT
from assistant.criteria.rows import criteria_rows
from assistant.eligibility import CompanyProfile, check_eligibility, make_check_eligibility_tool
from assistant.eligibility.benchmarks import (
    BenchmarkCheck,
    BenchmarkOutcome,
    check_benchmarks,
    figure_text,
    load_benchmarks,
)
from assistant.eligibility.champion import (
    ChampionCheck,
    ChampionCriterion,
    check_champion,
    load_champion_rules,
)
from assistant.eligibility.engine import VERDICT_WORDS, EligibilityReport
from assistant.eligibility.markdown import format_report_with_sources
from assistant.eligibility.profile import field_label
from assistant.eligibility.rules import available_versions, load_rules, said_met, version_in_force
from assistant.eligibility.tiers import TIERS
from assistant.eligibility_focus import FocusResult, asked_indicators, focus_on
from assistant.frame import QuestionFrame, honours_named, intent_words
from assistant.models import Answer, ToolCallRecord
from assistant.source_numbers import SourceNumbers, in_reading_order
from indexer.passages import document_titles

DEFAULT_TIER = "专精特新中小企业"
_LISTED_IN_LEAD = 2  # conditions worded in the focus lead; more ("基础条件"): counted there, listed below


def _focused(report: EligibilityReport, focus: FocusResult, full_text: str, sources: list[tuple[str, str]],
             approximate: str | None, titles: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The asked condition's verdict first, then the full check below it."""
    t = load_templates("eligibility")
    numbers = SourceNumbers(sources)

    slots = {"title": load_rules(report.rules).title, "tier": report.tier, "indicator": focus.indicator,
             "verdict": VERDICT_WORDS[focus.verdict],
             "condition_word": "" if focus.indicator.endswith(t["condition_word"]) else t["condition_word"]}
    # several conditions all required ("基础条件"): the verdict first, the conditions listed below;
    # alternatives (直通条件) are worded in the lead, one met being enough
    # several indicators asked together ("营收和研发"): each condition's outcome is said, not only the sum
    if (len(focus.criteria) > _LISTED_IN_LEAD or len(focus.indicators) > 1) and focus.indicator != DIRECT:
        statuses = [c.status for c in focus.criteria]
        tally = "，".join(t["focus_tally"][s].format(n=statuses.count(s))
                         for s in ("pass", "fail", "unknown") if s in statuses)
        deciding = next(s for s in ("fail", "unknown", "pass") if s in statuses)
        reasons = "；".join(t["focus_reason"][deciding].format(description=c.description, gap=c.shortfall or c.gap)
                           for c in focus.criteria if c.status == deciding)
        lines = [t["focus_lead_group"].format(**slots, count=len(statuses), tally=tally, reasons=reasons)]
    else:
        # "如果营收只有1400万呢": an undecided or failed condition says what is short in the same sentence
        short = "；".join(c.shortfall or c.short_unless_exempt or c.gap or "" for c in focus.criteria
                         if c.status != "pass" and (c.shortfall or c.short_unless_exempt or (c.status == "fail" and c.gap)))
        lines = [t["focus_lead"].format(**slots, conditions="；".join(c.description for c in focus.criteria),
                                        why=t["focus_why"].format(short=short) if short else "")]
    for c in focus.criteria:
        detail = t["focus_pass"].format(actual=c.actual) if c.status == "pass" else c.gap or ""
        lines.append(t["focus_item"].format(description=c.description, detail=detail,
                                            cite=numbers.cite(c)))
    if approximate:
        lines.append(approximate)
    extra = [f"[{n}] {titles.get(d, d)} {loc}" for n, (d, loc) in enumerate(numbers.keys, start=1)
             if n > len(sources)]
    # the focus lines cite first: their sources are [1], [2]… and the full check's markers follow suit
    return in_reading_order("\n".join([*lines, "", t["full_header"], full_text.strip(), *extra]), numbers.keys)


def _missing_lead(report: EligibilityReport) -> str:
    """"差哪条？" after a check: the unmet conditions with their gaps, else the facts still to supply, else none."""
    templates = load_templates("eligibility")
    leads = templates["missing_lead"]
    failed = [c for c in report.criteria if c.status == "fail"]
    if failed:
        items = "；".join(templates["missing_item_fail"].format(description=c.description, gap=c.gap) for c in failed)
        return leads["fail"].format(count=len(failed), items=items)
    if report.verdict == "unknown" and report.missing_fields:
        return leads["unknown"].format(count=len(report.missing_fields),
                                       items="、".join(field_label(f) for f in report.missing_fields))
    return leads["pass"] if report.verdict == "pass" else ""


def _changed(report: EligibilityReport, fields: list[str]) -> str | None:
    """The conditions that read the figures a follow-up changed, with their new outcome."""
    t = load_templates("eligibility")
    ids = {r.id for r in criteria_rows() if r.rules == report.rules and r.tier == report.tier
           and set(fields) & set(r.fields)}
    items = []
    for c in report.criteria:
        if c.id not in ids:
            continue
        known = [x for x in (c.actual or "").split("；") if x and t["not_given"] not in x]
        detail = (t["focus_pass"].format(actual=c.actual) if c.status == "pass"
                  else "；".join([*(known if c.status == "unknown" else []), *([c.gap] if c.gap else [])]))
        items.append(t["changed_item"].format(description=c.description, detail=detail))
    if not items:
        return None
    return t["changed"].format(fields="、".join(field_label(f) for f in fields), items="；".join(items))


def _after_lead(text: str, note: str) -> str:
    """``note`` on its own line right after the verdict line."""
    first, _, rest = text.partition("\n")
    return "\n".join([first, note, rest])


def _asked_indicators(frame: QuestionFrame) -> list[str]:
    """The conditions the turn asks about: named in its asking clause, asked the turn before a
    follow-up that edits a figure, or the one condition it says the company meets."""
    indicators = asked_indicators(frame.text) or asked_indicators(frame.question)
    earlier = [m.content for m in frame.messages if m.role == "user"][:-1]
    if not indicators and frame.followup and earlier:
        # "那如果研发投入提到120万呢": a figure edited, the condition asked the turn before is asked again
        indicators = asked_indicators(earlier[-1])
    met = said_met({f: frame.profile.get(f) for f in frame.stated_here})
    if not indicators and met and met == set(frame.stated_here):
        # "我们公司有外资参股，能申报专精特新吗": a condition said met is all the turn states (an ownership):
        # it is what the question turns on, so it leads and the full check follows (a breach said
        # leads the whole verdict already)
        indicators = [i.name for i in load_indicators().indicators if met & set(i.fields)][:1]
    return indicators


def _asked_focus(frame: QuestionFrame, report: EligibilityReport, profile: CompanyProfile, tier: str,
                 rules: str | None) -> tuple[EligibilityReport, FocusResult | None, str | None]:
    """The report the answer shows, the verdict on the asked conditions (if any), and a note when
    an earlier version had to be checked for them."""
    indicators = _asked_indicators(frame)
    if not indicators:
        return report, None, None
    focus = focus_on(report, indicators)
    if focus is not None or rules is not None:
        return report, focus, None
    # "小巨人自主品牌那一条能过吗" with no version named: the version in force states no such
    # condition (the 2026 account names no 自主品牌), the latest earlier one that does is checked
    for version in sorted((v for v in available_versions() if v < report.rules), reverse=True):
        older = check_eligibility(profile, tier=tier, rules=version, today=date.today())
        if (found := focus_on(older, indicators)) is not None:
            note = load_templates("eligibility")["focus_earlier_version"].format(
                current=load_rules(report.rules).short_title, earlier=load_rules(version).short_title)
            return older, found, note
    return report, None, None


def champion_answer(check: ChampionCheck, titles: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The answer on 制造业单项冠军 and its sources: a condition the stated facts break leads (不符合),
    else the condition asked about, else what was met; then every condition, cited, with its state."""
    rules, t = load_champion_rules(), load_templates("eligibility")
    sources = SourceNumbers()
    cite = {c.id: sources.mark(c.source.doc_id, c.source.locator) for c in rules.criteria}
    failed, met = dict((c.id, gap) for c, gap in check.failed), dict((c.id, shown) for c, shown in check.met)
    short = {c.id: f"{gap}，{c.when_short}" if c.when_short else gap for c, gap in check.short}
    asked_failed = [c for c, _ in check.failed if c in check.asked]
    if check.failed:
        first = (asked_failed or [c for c, _ in check.failed])[0]
        lead = t["champion_fail"].format(honour=rules.honour, account=rules.account, description=first.description,
                                        gap=failed[first.id], cite=cite[first.id])
    elif check.asked:
        first = check.asked[0]
        said = (t["champion_state_met"].format(shown=met[first.id]) if first.id in met
                else t["champion_state_asked_open"].format(note=first.note or t["champion_state_open"]))
        lead = t["champion_asked"].format(honour=rules.honour, account=rules.account, description=first.description,
                                         cite=cite[first.id], state=said)
    else:
        said = t["champion_met"].format(descriptions="”“".join(c.description for c, _ in check.met)) if check.met else ""
        lead = t["champion_open"].format(honour=rules.honour, account=rules.account, met=said)

    def state(criterion: ChampionCriterion) -> str:
        if criterion.id in failed:
            return str(t["champion_state_failed"].format(gap=failed[criterion.id]))
        if criterion.id in met:
            return str(t["champion_state_met"].format(shown=met[criterion.id]))
        if criterion.id in short:
            return str(t["champion_state_short"].format(gap=short[criterion.id]))
        return str(t["champion_state_open"])

    items = [t["champion_item"].format(description=c.description, cite=cite[c.id], state=state(c)) for c in rules.criteria]
    text = "\n".join([lead, "", t["champion_list"], *items, "", t["champion_tiers"].format(tiers="、".join(TIERS)),
                      "", "来源：", *_source_lines(sources, titles)])
    return text, list(sources.keys)


def benchmark_answer(check: BenchmarkCheck, titles: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    """The verdict against a report's benchmark first: the rows quoted, the company's figure beside each."""
    t, benchmarks, sources = load_templates("eligibility"), load_benchmarks(), SourceNumbers()
    by_label: dict[str, list[BenchmarkOutcome]] = {}
    for outcome in check.outcomes:
        by_label.setdefault(outcome.row.label, []).append(outcome)
    rows = []
    for label, outcomes in by_label.items():
        quotes = "".join(f"“{o.row.quote}”" for o in outcomes)
        cite = "".join(dict.fromkeys(sources.mark(benchmarks.doc_id, o.row.locator) for o in outcomes))
        named = all(o.row.names_itself for o in outcomes)
        rows.append(t["benchmark_row_named" if named else "benchmark_row"].format(label=label, quotes=quotes, cite=cite))
    states = []
    for measure in dict.fromkeys(o.row.measure for o in check.outcomes):
        of_measure = [o for o in check.outcomes if o.row.measure == measure]
        status = "fail" if any(o.status == "fail" for o in of_measure) else "pass"
        derived = ""
        if measure == "rd_ratio" and check.derived_ratio:
            expense, revenue = check.derived_ratio
            derived = t["benchmark_derived"].format(expense=figure_text(expense, "万"), revenue=figure_text(revenue, "万"))
        met = t["benchmark_met"][status]
        if status == "fail":  # "还差几个点": how far the figure is from the row it misses
            short = next(o for o in of_measure if o.status == "fail")
            unit = t["benchmark_points"] if short.row.unit == "%" else short.row.unit
            met += t["benchmark_gap"].format(gap=figure_text(short.row.threshold - short.figure, unit))
        states.append(t["benchmark_state"].format(
            measure=benchmarks.measures[measure].label, figure=figure_text(of_measure[0].figure, of_measure[0].row.unit),
            derived=derived, met=met))
    title = titles.get(benchmarks.doc_id, benchmarks.doc_id)
    lead = t["benchmark_lead"].format(verdict=VERDICT_WORDS[check.verdict], title=title, bench=check.bench.name,
                                      rows="；".join(rows), states="；".join(states))
    text = "\n".join([lead, "", t["benchmark_note"], "", "来源：", *_source_lines(sources, titles)])
    return text, list(sources.keys)


def _source_lines(sources: SourceNumbers, titles: dict[str, str]) -> list[str]:
    """"[n] 《title》 L12-L15" for each source in the order its marker was given."""
    return [f"[{n}] {titles.get(doc_id, doc_id)} {locator}" for n, (doc_id, locator) in enumerate(sources.keys, start=1)]


class EligibilityAnswerer:
    """Answers "够不够专精特新" questions with the deterministic engine, never with retrieval."""

    def __init__(self, corpus_dir: Path) -> None:
        self.corpus_dir = corpus_dir
        self.tool = make_check_eligibility_tool()
        self.titles = document_titles(corpus_dir)

    def _champion(self, turn: Turn) -> Answer:
        profile = CompanyProfile.model_validate(turn.frame.profile)
        check = check_champion(profile, turn.frame.question)
        text, sources = champion_answer(check, self.titles)
        arguments = {**profile.model_dump(exclude_none=True), "tier": load_champion_rules().honour}
        return Answer(answer=text, citations=cite_sources(self.corpus_dir, self.titles, sources),
                      tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=check.result())],
                      route="eligibility", resolved_question=turn.question)

    def _benchmark(self, turn: Turn) -> Answer:
        figures = {**turn.frame.profile, **turn.frame.report_figures}
        check = check_benchmarks(turn.frame.benchmarks, figures)
        text, sources = benchmark_answer(check, self.titles)
        doc_id = load_benchmarks().doc_id
        result = {"tier": check.bench.name, "rules": self.titles.get(doc_id, doc_id), "verdict": check.verdict,
                  "criteria": [{"id": o.row.id, "status": o.status, "description": o.row.description,
                                "source": {"doc_id": doc_id, "locator": o.row.locator}} for o in check.outcomes]}
        return Answer(answer=text, citations=cite_sources(self.corpus_dir, self.titles, sources),
                      tool_calls=[ToolCallRecord(name=self.tool.name, arguments=figures, result=result)],
                      route="eligibility", resolved_question=turn.question)

    def __call__(self, turn: Turn) -> Answer:
        frame = turn.frame
        if frame.benchmarks:  # "按报告那个研发占比标杆体系，我们过良好线了没": the report's row, not a tier's check
            return self._benchmark(turn)
        honours = honours_named(frame.question)
        if honours and not frame.tiers:  # "能申报单项冠军吗": its conditions as one report states them, no tier's verdict
            return self._champion(turn)
        profile, tier, rules = CompanyProfile.model_validate(frame.profile), frame.tier, frame.rules
        tier = tier or DEFAULT_TIER
        report = check_eligibility(profile, tier=tier, rules=rules, today=date.today())
        report, focus, earlier_note = _asked_focus(frame, report, profile, tier, rules)
        result = report.model_dump()
        # under the asked condition's answer, the full check in brief (trial 31: 50 lines)
        text, sources = format_report_with_sources(report, self.titles, brief=focus is not None)
        templates = load_templates("eligibility")
        # "如“一千二三百万”": the range the user said; "四百多万": its lower bound, said so
        approximate = ((templates["approximate_range"].format(said=frame.range_said) if frame.range_said
                        else templates["approximate_lower"])
                       if frame.approximate_range else templates["approximate"] if frame.approximate else None)
        if focus is not None:
            text, sources = _focused(report, focus, text, sources, approximate, self.titles)
            if earlier_note is not None:
                text = _after_lead(text, earlier_note)
            result["focus"] = {"indicator": focus.indicator, "verdict": focus.verdict,
                               "criteria": [c.id for c in focus.criteria]}
        elif re.search(intent_words().missing_asked, frame.text) and (missing := _missing_lead(report)):
            text = f"{missing}\n\n{text}"
        elif frame.followup and frame.stated_here and (changed := _changed(report, frame.stated_here)):
            text = _after_lead(text, changed)  # "那研发要是做到120万呢": what the new figure changes
            if approximate:
                text = _after_lead(text, approximate)
        elif approximate:  # "150万左右": the verdict rests on a figure the user gave loosely
            text = _after_lead(text, approximate)
        if earlier_note is None and report.rules != (current := version_in_force(date.today())):
            # "按老办法呢" then "那创新型中小企业呢": a verdict under a version no longer in force says so (trial 48)
            superseded, in_force = load_rules(report.rules), load_rules(current)
            note = templates["superseded"].format(
                old=superseded.short_title, new=in_force.short_title,
                since=f"{in_force.effective_from.year}年{in_force.effective_from.month}月{in_force.effective_from.day}日"
                if in_force.effective_from else "")
            # (an asked condition's lines stay under its verdict: the note goes before the full check)
            full = templates["full_header"]
            text = text.replace(full, f"{note}\n\n{full}", 1) if focus is not None and full in text \
                else _after_lead(text, note)
        if frame.rejected:  # "研发占比150%": said, not used, and why
            text = _after_lead(text, load_templates("eligibility")["rejected"].format(text="；".join(frame.rejected)))
        citations = cite_sources(self.corpus_dir, self.titles, sources)
        arguments = {**profile.model_dump(exclude_none=True), "tier": tier, "rules": rules}
        return Answer(
            answer=text.strip(),
            citations=citations,
            tool_calls=[ToolCallRecord(name=self.tool.name, arguments=arguments, result=result)],
            route="eligibility",
            resolved_question=turn.question,
        )
