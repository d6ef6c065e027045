"""The LangChain tool and the chat answer built from a report."""

from __future__ import annotations

from datetime import date

from langchain_core.tools import StructuredTool

from assistant.eligibility import (
    CompanyProfile,
    check_eligibility,
    format_report_markdown,
    make_check_eligibility_tool,
)


def test_tool_is_a_structured_tool_with_profile_args() -> None:
    tool = make_check_eligibility_tool()
    assert isinstance(tool, StructuredTool)
    assert tool.name == "check_eligibility"
    assert {"revenue_last_year", "rd_expense_last_year", "tier", "rules"} <= set(tool.args)


def test_tool_returns_the_report_dict() -> None:
    tool = make_check_eligibility_tool(today=date(2026, 5, 1))
    result = tool.invoke(
        {
            "revenue_last_year": 1200,
            "rd_expense_last_year": 80,
            "years_in_niche": 3,
            "tier": "专精特新",
            "rules": "2022",
        }
    )
    assert isinstance(result, dict)
    assert result["verdict"] == "fail" and result["rules"] == "2022"
    default = tool.invoke({"revenue_last_year": 1200})
    assert default["rules"] == "2026" and default["tier"] == "专精特新中小企业"


def test_tool_reports_invalid_arguments_in_chinese() -> None:
    tool = make_check_eligibility_tool()
    message = tool.invoke({"revenue_last_year": -5})
    assert isinstance(message, str) and "不能为负数" in message
    unknown_tier = tool.invoke({"tier": "单项冠军"})
    assert isinstance(unknown_tier, str) and "无法识别的层级" in unknown_tier


def test_markdown_answer_leads_with_verdict_and_cites_sources() -> None:
    report = check_eligibility(
        CompanyProfile(revenue_last_year=1200, rd_expense_last_year=80, years_in_niche=3),
        rules="2022",
    )
    text = format_report_markdown(report)
    assert text.startswith("**结论：不符合**")
    assert "还差20万元" in text
    assert "[1]" in text and "measures-2022-training L333-L334" in text
    assert "2022年《优质中小企业梯度培育管理暂行办法》" in text
    assert "需要补充的信息" in text
    assert format_report_markdown(report.model_dump()) == text, "accepts the dict form too"
    titled = format_report_markdown(report, titles={"measures-2022-training": "暂行办法解读培训"})
    assert "暂行办法解读培训 L333-L334" in titled


def test_markdown_for_unknown_lists_open_points_and_indicator_note() -> None:
    report = check_eligibility(
        CompanyProfile(revenue_last_year=3000, rd_expense_last_year=200, years_in_niche=5),
        rules="2022",
    )
    text = format_report_markdown(report)
    assert text.startswith("**结论：尚无法确定**")
    # the basic conditions hold; what is open is the choice between the score and a direct pass
    assert "以下路径满足其一即可（评价得分 / 直通条件）" in text
    assert "评价得分达到60分以上" in text
    assert "未满足的条件" not in text  # no direct-pass route is presented as required
    assert "未给出评分档次" in text


def test_an_open_condition_says_what_the_company_stated_of_it() -> None:
    """New-user trial 50: 研发大概五个点 was read, yet the open R&D conditions said only what was missing."""
    report = check_eligibility(CompanyProfile(revenue_last_year=6000, rd_ratio_last_year=5), "专精特新中小企业", "2026")
    text = format_report_markdown(report)
    line = next(line for line in text.splitlines() if line.startswith("- 近两年研发费用占营业收入比重"))
    assert "已知上年度研发费用占营业收入比重5%；缺少前年" in line, line
    niche = next(line for line in text.splitlines() if line.startswith("- 具备不少于3年细分市场经营经验"))
    assert "已知" not in niche  # nothing stated of it


def test_a_direct_pass_route_not_taken_is_not_an_unmet_condition() -> None:
    # 2022 专精特新中小企业: basic conditions met, score 70 ≥ 60; the four direct-pass routes fail,
    # which does not matter — they are alternatives to the score
    report = check_eligibility(
        CompanyProfile(revenue_last_year=3000, rd_expense_last_year=200, years_in_niche=5, evaluation_score=70,
                       equity_financing_2y=0),
        rules="2022",
    )
    text = format_report_markdown(report)
    assert text.startswith("**结论：符合**")
    assert "未满足的条件" not in text and "以下路径满足其一即可" not in text
    assert "评价得分达到60分以上" in text.split("已满足：")[1]


def test_the_verdict_line_says_why() -> None:
    passing = check_eligibility(CompanyProfile(revenue_last_year=1500, rd_expense_last_year=150, years_in_niche=5,
                                               evaluation_score=65), rules="2022")
    assert format_report_markdown(passing).splitlines()[0].startswith(
        "**结论：符合**（专精特新中小企业，按2022年暂行办法）：评价得分达到60分以上")
    failing = check_eligibility(CompanyProfile(revenue_last_year=800, rd_expense_last_year=150, years_in_niche=5,
                                               evaluation_score=65, equity_financing_2y=0), rules="2022")
    first = format_report_markdown(failing).splitlines()[0]
    assert first.startswith("**结论：不符合**") and "未满足" in first and "1000万元" in first
    open_ = check_eligibility(CompanyProfile(revenue_last_year=3000), rules="2022")
    assert "尚无法判断" in format_report_markdown(open_).splitlines()[0]


def test_a_fail_names_every_unmet_condition_in_its_first_line() -> None:
    """研发50万 of 营收2000万 fails both R&D conditions: the verdict line names the second too (new-user
    trial 33 read "2项未满足" in the focus lead and one condition in the verdict line)."""
    failing = check_eligibility(CompanyProfile(revenue_last_year=2000, rd_expense_last_year=50, years_in_niche=4),
                                rules="2022")
    first = format_report_markdown(failing).splitlines()[0]
    assert "研发费用总额不低于100万元未满足" in first and "另有1项未满足：上年度研发费用占营业收入总额比重不低于3%" in first


def test_an_open_verdict_names_every_open_condition_in_its_first_line() -> None:
    """Several conditions open: the first line numbers each, with its threshold, so the user
    learns at once what the check still needs (2026: 评价得分50分以上 among them)."""
    report = check_eligibility(CompanyProfile(revenue_last_year=2000, rd_expense_last_year=150,
                                              rd_expense_year_before=120, years_in_niche=4), rules="2026")
    first = format_report_markdown(report).splitlines()[0]
    open_ = [c for c in report.criteria if c.status == "unknown"]
    assert len(open_) >= 2 and first.startswith("**结论：尚无法确定**")
    assert f"以下{len(open_)}项尚无法判断" in first and "50分以上" in first
    assert all(c.description in first for c in open_)


def test_a_fail_where_every_alternative_fails_says_so_in_its_first_line() -> None:
    report = check_eligibility(CompanyProfile(evaluation_score=68, innovation_score=18, growth_score=25,
                                              specialization_score=25, sci_award_3y=False, high_tech_enterprise=False,
                                              provincial_rd_institution=False, equity_financing_3y=0),
                               tier="创新型中小企业", rules="2022")
    first = format_report_markdown(report).splitlines()[0]
    assert first.startswith("**结论：不符合**") and "可选路径均未满足" in first and "20分" in first


def test_a_condition_met_by_its_second_way_is_named_in_the_first_line() -> None:
    """营收800万 is below 1000万, but 2500万 of financing meets the condition: the first line says so."""
    report = check_eligibility(CompanyProfile(revenue_last_year=800, equity_financing_2y=2500, years_in_niche=3,
                                              rd_expense_last_year=120, rd_ratio_last_year=15), rules="2022")
    first = format_report_markdown(report).splitlines()[0]
    assert "2000万元以上：已满足" in first and "2500万元" in first


def test_a_condition_met_by_its_first_way_is_not_repeated_in_the_first_line() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=2200, years_in_niche=3, rd_expense_last_year=120,
                                              rd_ratio_last_year=5), rules="2022")
    assert "已满足，" not in format_report_markdown(report).splitlines()[0]


def test_an_open_condition_whose_known_way_fails_leads_the_first_line() -> None:
    """营收1300万 with no financing stated: the revenue condition is still open, but its known way
    already falls 200万 short; the first line says so before the other open points."""
    report = check_eligibility(CompanyProfile(revenue_last_year=1300, rd_expense_last_year=120, years_in_niche=4),
                               rules="2026")
    assert report.verdict == "unknown"
    first = format_report_markdown(report).splitlines()[0]
    reason = first.split("）：", 1)[1]
    assert reason.startswith("上年度营业收入还差200万元（现为1300万元，需1500万元），须") and "2000万元以上才满足" in reason
    assert "另有" in reason and "项尚无法判断" in reason
    # the same condition met by its first way leads with nothing of the kind
    met = check_eligibility(CompanyProfile(revenue_last_year=1600, rd_expense_last_year=120, years_in_niche=4),
                            rules="2026")
    assert "还差" not in format_report_markdown(met).splitlines()[0]


def test_a_fail_also_names_an_open_condition_whose_known_way_fails() -> None:
    """营收1300万、研发50万 under the 2026 rules: the R&D gap decides the fail, and the revenue,
    200万 short unless financing makes it up, is said in the same line (new-user trial 26)."""
    report = check_eligibility(CompanyProfile(revenue_last_year=1300, rd_expense_last_year=50, years_in_niche=4),
                               rules="2026")
    assert report.verdict == "fail"
    first = format_report_markdown(report).splitlines()[0]
    assert "研发费用还差50万元" in first and "另：上年度营业收入还差200万元" in first, first


def test_the_shortfall_stays_out_of_the_agreed_json_shape() -> None:
    report = check_eligibility(CompanyProfile(revenue_last_year=1300), rules="2026")
    assert any(c.shortfall for c in report.criteria)
    assert all("shortfall" not in c for c in report.model_dump()["criteria"])


def test_open_alternatives_are_named_once_as_alternatives_in_the_first_line() -> None:
    """2022: basic conditions met, score and direct-pass routes unknown: the first line says one of
    them is needed, and numbers none of the four direct-pass routes as if each were required."""
    report = check_eligibility(CompanyProfile(revenue_last_year=3000, rd_expense_last_year=300, years_in_niche=5),
                               rules="2022")
    first = format_report_markdown(report).splitlines()[0]
    assert first.startswith("**结论：尚无法确定**") and "评价得分达到60分以上，或满足任一直通条件" in first
    assert "创客中国" not in first and "（1）" not in first


def test_the_first_line_names_the_conditions_already_met_by_their_thresholds() -> None:
    """"已满足4项" alone leaves the owner asking which: each is named by its threshold, a condition
    met by its first way without its "…，或…融资" second way."""
    report = check_eligibility(CompanyProfile(revenue_last_year=2000, rd_expense_last_year=100, years_in_niche=4,
                                              rd_ratio_last_year=5), rules="2022")
    first = format_report_markdown(report).splitlines()[0]
    assert first.startswith("**结论：尚无法确定**") and "已满足4项（" in first
    assert "2年以上" in first and "不低于100万元" in first and "1000万元以上" in first
    assert "2000万元以上" not in first.split("尚需")[0]
    passing = check_eligibility(CompanyProfile(revenue_last_year=2000, rd_expense_last_year=100, years_in_niche=2,
                                               evaluation_score=62), rules="2022")
    first = format_report_markdown(passing).splitlines()[0]
    assert first.startswith("**结论：符合**") and "另已满足4项" in first and "2年以上" in first


def test_a_condition_met_by_its_second_way_alone_is_named_by_that_way() -> None:
    """Trial 49: 营收900万 with 融资2500万 meets the revenue condition by the financing; the first line had
    named it "上年度营业收入不低于1500万元"."""
    report = check_eligibility(CompanyProfile(revenue_last_year=900, rd_expense_last_year=120, years_in_niche=3,
                                              equity_financing_2y=2500), rules="2026")
    first = format_report_markdown(report).splitlines()[0]
    met = first.split("已满足", 1)[1].split("）")[0]
    assert "融资2000万元以上" in met and "营业收入不低于1500万元" not in met, first


def test_a_condition_met_within_a_way_still_open_is_said_met() -> None:
    """Trial 38: 2022 小巨人 with I类 3项 — its 创新能力 一般条件 row is met though the way is still open
    (its other rows unknown); the verdict line had counted only the 3年 row, as if the count were lost."""
    report = check_eligibility(CompanyProfile(i_class_ip_count=3, years_in_niche=8), "专精特新“小巨人”企业", "2022")
    first = format_report_markdown(report).splitlines()[0]
    assert "已满足2项" in first and "Ⅰ类知识产权" in first and report.verdict == "unknown", first
