"""Cleaning on real snippets of the seed documents."""

from __future__ import annotations

from indexer.cleaning import (
    clean_pdf_text,
    collapse_repeats,
    heading_level,
    is_page_furniture,
    normalize_text,
)
from tests.conftest import raw_lines


def _snippet(doc_file: str, start: int, end: int) -> str:
    return "\n".join(raw_lines(doc_file)[start - 1 : end])


def test_sentence_broken_across_lines_is_joined_with_its_line_range() -> None:
    # iresearch-2022: the BSE founding sentence is split over two PDF lines ("北交" / "所于…").
    text = _snippet("iresearch-2022.txt", 1184, 1194)
    blocks = clean_pdf_text(text)
    joined = [b for b in blocks if "北交所于2021年9月3日注册成立" in b.text]
    assert joined, [b.text[:60] for b in blocks]
    block = joined[0]
    assert block.end_line > block.start_line  # spans several raw lines
    # the sentence's characters map back to the raw lines that hold them
    offset = block.text.index("2021年9月3日")
    assert "2021年9月3日" in raw_lines("iresearch-2022.txt")[1184 - 1 + block.line_at(offset) - 1]


def test_double_spaced_report_lines_join_into_sentences() -> None:
    # finance-support-2022 puts a blank line after every wrapped line.
    blocks = clean_pdf_text(_snippet("finance-support-2022.txt", 1, 8))
    assert blocks[0].text.startswith("【摘要】“专精特新”是指中小企业具备专业化、精细化、特色化、新颖化的特征。")


def test_spaced_out_digits_and_cjk_are_collapsed() -> None:
    assert normalize_text("超 五 成 研 发 投 入") == "超五成研发投入"
    assert normalize_text("1 0 0 0 万 元 以 上") == "1000万元以上"
    assert normalize_text("全国 16.7 万家企业") == "全国16.7万家企业"
    assert normalize_text("ISO 9000 certified") == "ISO 9000 certified"


def test_latex_and_fullwidth_digits_become_plain_text() -> None:
    assert normalize_text(r"建议占参保人数比例 $\geq 10\%$ ）") == "建议占参保人数比例≥10%）"
    assert normalize_text("营收１５００万元") == "营收1500万元"


def test_repeated_fragments_are_collapsed() -> None:
    assert collapse_repeats("主营业务占比与增长率主营业务占比与增长率") == "主营业务占比与增长率"
    assert collapse_repeats("资产负债率资产负债率 资产负债率") == "资产负债率 资产负债率"
    assert collapse_repeats("研究研究") == "研究研究"  # too short to be an extraction artefact
    # two honours with the same amount: the repeated figure is data (trial 37: 昆山's 30万元 lost)
    listed = "分别奖励10万元、20万元、30万元、30万元、50万元"
    assert collapse_repeats(listed) == listed
    # a long duplicated sentence holding figures is still an artefact
    assert collapse_repeats("平均每家企业1.25个研发机构。平均每家企业1.25个研发机构。") == "平均每家企业1.25个研发机构。"


def test_page_furniture_is_recognised() -> None:
    assert is_page_furniture("12")
    assert is_page_furniture("来源：公开政策文件，艾瑞咨询研究院自主研究及绘制。")
    assert is_page_furniture("资料来源：项目组整理")
    assert is_page_furniture("©2022.9 iResearch Inc.")
    assert not is_page_furniture("2021年9月3日注册成立")


def test_furniture_lines_are_dropped_from_blocks() -> None:
    text = "北交所于2021年9月3日注册成立。\n\n来源：艾瑞咨询研究院自主研究及绘制。\n\n12\n"
    assert [b.text for b in clean_pdf_text(text)] == ["北交所于2021年9月3日注册成立。"]


def test_headings_and_levels() -> None:
    assert heading_level("第一章 战略意义：专精特新企业的国家使命与培育价值") == 1
    assert heading_level("1.1 专精特新企业的提出") == 2
    assert heading_level("2.1.5研发投入标杆：18%—20%的强度区间与分层达标建议") == 3
    assert heading_level("1 什么是中国专精特新企业及其意义") == 1
    assert heading_level("10年以上") == 0
    assert heading_level("2.5亿元以上的企业占比") == 0
    assert heading_level("（1）近三年获得国家级科技奖励，并在获奖单位中排名前三。") == 0


def test_reward_table_rows_are_kept_whole() -> None:
    # measures-2022-training: the Suzhou reward table, one row per county over several lines.
    lines = raw_lines("measures-2022-training.txt")
    start = next(i for i, line in enumerate(lines, 1) if line.startswith("地区 奖励 参考政策"))
    blocks = clean_pdf_text("\n".join(lines[start - 1 : start + 40]))
    rows = [b for b in blocks if b.is_table_row]
    taicang = next(b for b in rows if "太仓市" in b.text)
    assert "100万元、50万元奖励" in taicang.text
    assert "太政办〔2021〕188号" in taicang.text  # the policy cell stays with its row
    assert taicang.end_line - taicang.start_line >= 4


def test_a_table_cell_wrapped_inside_a_word_is_not_a_new_row() -> None:
    """finance-support-2022's 表1: "…直接给予现金奖励，奖" / "励额度 20 万元-200 万元不等。" is one cell
    (励额度 looked like the next row's label); 服务补贴, after a short line, is a new row."""
    lines = raw_lines("finance-support-2022.txt")
    start = next(i for i, line in enumerate(lines, 1) if line.startswith("政策类型 主要内容 代表性省份"))
    rows = [b for b in clean_pdf_text("\n".join(lines[start - 1 : start + 16])) if b.is_table_row]
    award = rows[0].text
    assert award.startswith("政策类型：认定奖励 | 主要内容：根据企业认定情况直接给予现金奖励，奖励额度20万元-200万元不等"), award
    assert award.endswith(" | 代表性省份：北京、重庆、福建、广东、上海"), award
    assert rows[1].text.startswith("政策类型：服务补贴 | "), rows[1].text


def test_tab_separated_rows_carry_their_header() -> None:
    text = "企业层级\t占比\t认定标准\n国家级\t10%\t门槛A\n省级\t90%\t门槛B\n"
    rows = [b.text for b in clean_pdf_text(text)]
    assert rows[1] == "企业层级：国家级 | 占比：10% | 认定标准：门槛A"


def test_a_cell_merged_down_the_rows_is_carried_into_each_row() -> None:
    # the report's 图表40: "创新规模" spans two rows; the second row's line opens with an empty cell
    text = ("维度\t核心指标\t单位\t小巨人\t单项冠军\n创新规模\t参保人数\t人\t249\t1470\n"
            "\t高校科研院所合作专利量\t件\t4.98\t12.81\n")
    blocks = clean_pdf_text(text)
    assert blocks[2].text == "维度：创新规模 | 核心指标：高校科研院所合作专利量 | 单位：件 | 小巨人：4.98 | 单项冠军：12.81"
    # its locator spans the line the merged cell was read on
    assert (blocks[2].start_line, blocks[2].end_line) == (2, 3)


def test_a_two_column_header_under_a_table_caption_starts_a_table() -> None:
    # finance-support-2022's 表 2: each "省市 发展目标" row is its own block, not one run of all of them
    text = ("表 2 部分省市专精特新发展目标 \n\n省市 发展目标 \n\n天津 到 2025 年发展省市级 1000 家 \n\n"
            "甘肃 到 2025 年发展国家级 100+家，省市级 400+家 \n")
    rows = [b.text for b in clean_pdf_text(text) if b.is_table_row]
    assert rows == ["【省市 | 发展目标】天津：到2025年发展省市级1000家",
                    "【省市 | 发展目标】甘肃：到2025年发展国家级100+家，省市级400+家"]
    # the same two words anywhere else are prose
    assert not any(b.is_table_row for b in clean_pdf_text("省市 发展目标 \n\n天津 到 2025 年发展省市级 1000 家 \n"))


def test_table_of_contents_entries_are_dropped() -> None:
    assert clean_pdf_text("1.1 专精特新企业的提出\t2\n") == []


def test_a_numbered_title_before_a_blank_line_is_not_glued_to_the_paragraph_below() -> None:
    raw = "（8）知识产权质押对专精特新企业发展支持\n\n随着我国经济技术和创新水平的不断提升，知识产权融资在\n经济发展中越来越发挥着重要的作用。\n"
    blocks = clean_pdf_text(raw)
    assert [b.text for b in blocks][:2] == ["（8）知识产权质押对专精特新企业发展支持",
                                            "随着我国经济技术和创新水平的不断提升，知识产权融资在经济发展中越来越发挥着重要的作用。"]
    # a numbered item that is a sentence still runs on over its wrapped line
    item = clean_pdf_text("（1）专精特新企业可以申请知识产权质押融资，银行按评估价值\n\n发放贷款。\n")
    assert len(item) == 1


def test_a_numbered_item_wrapped_by_the_pdf_is_text_not_a_heading() -> None:
    """Trial 44: a district's notice printed to PDF broke "一、…给予一次性奖励60万 / 元。" and "…不重复 / 享受。";
    read as headings, the items' lines were in no chunk's text (its 不重复享受 rule could not be quoted)."""
    raw = ("现将有关事项通知如下：\n"
           "一、对新认定为国家级专精特新“小巨人”企业的，给予一次性奖励60万\n"
           "元。\n"
           "二、同一企业同一年度获得多项认定的，按就高原则给予奖励，不重复\n"
           "享受。\n"
           "三、其他事项\n"
           "本通知自发布之日起施行。\n")
    blocks = [(b.text, b.start_line, b.end_line, b.is_heading) for b in clean_pdf_text(raw)]
    assert blocks[1:3] == [
        ("一、对新认定为国家级专精特新“小巨人”企业的，给予一次性奖励60万元。", 2, 3, False),
        ("二、同一企业同一年度获得多项认定的，按就高原则给予奖励，不重复享受。", 4, 5, False),
    ]
    assert blocks[3] == ("三、其他事项", 6, 6, True)  # a heading with no clause stays one


def test_a_notices_signature_is_its_issuer_with_the_date() -> None:
    """Trial 44: "梁溪区那份通知是哪天发的" found the date line "2026年6月15日" in no sentence naming the issuer;
    trial 47: issuer and date read run together, so they are told apart by a comma."""
    raw = "五、申报截止时间为2026年7月31日，逾期不予受理。\n无锡市梁溪区工业和信息化局\n2026年6月15日\n"
    assert [b.text for b in clean_pdf_text(raw)] == ["五、申报截止时间为2026年7月31日，逾期不予受理。",
                                                      "无锡市梁溪区工业和信息化局，2026年6月15日"]


def test_a_list_of_names_after_a_rows_content_is_the_third_columns_cell() -> None:
    """金融报告 表1: "综合服务 …跟踪服务。" then "北京、福建、广东、" / "江苏、山东" under 政策类型 主要内容 代表性省份:
    the provinces are their own cell, not more of the content (three blind cases asked for them)."""
    raw = ("政策类型 主要内容 代表性省份\n\n综合服务 将“专精特新”作为培育重点方\n\n向，在上市辅导等方面给予倾斜。\n\n"
           "北京、福建、广东、\n\n江苏、山东\n\n科技金融 通过专精特新贷等手段提供金融支持\n\n重庆\n")
    rows = [b for b in clean_pdf_text(raw) if b.is_table_row]
    assert rows[0].text == ("政策类型：综合服务 | 主要内容：将“专精特新”作为培育重点方向，在上市辅导等方面给予倾斜"
                            " | 代表性省份：北京、福建、广东、江苏、山东")
    assert (rows[0].start_line, rows[0].end_line) == (3, 9)
    # a content cell still running (no full stop) keeps what follows, as before
    assert rows[1].text.startswith("【政策类型 | 主要内容 | 代表性省份】科技金融：")


def test_a_word_documents_paragraphs_are_never_joined() -> None:
    """New-user trial 51: a Word notice's "申报截止时间：2026年9月30日" and "联系人：…" were joined as one wrapped line
    (the contact question led with the deadline); a PDF's short lines are still joined."""
    raw = "申报截止时间：2026年9月30日\n联系人：陈老师，联系电话：0574-88880000\n宁波市鄞州区经济和信息化局\n2026年5月20日"
    assert [b.text for b in clean_pdf_text(raw, paragraphs=True)] == raw.split("\n")
    assert len(clean_pdf_text(raw)) < 4
