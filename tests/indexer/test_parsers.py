"""Parsers on real files made here: every format keeps the amounts, regions and honours."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.cleaning import clean_pdf_text
from indexer.parsers import UnreadableDocument, extract_text
from indexer.parsers.sniff import sniff_format
from tests.indexer import sample_files as sf

FACTS = ["50万元", "余杭区", "小巨人", "杭州市余杭区经济和信息化局"]


def _cleaned_rows(text: str) -> list[str]:
    return [block.text for block in clean_pdf_text(text) if block.is_table_row]


def test_text_pdf_keeps_facts_pages_and_table_rows_with_their_header(tmp_path: Path) -> None:
    document = extract_text(sf.write_notice_pdf(tmp_path / "notice.pdf"))
    assert document.source_format == "pdf" and document.page_count == 2 and document.ocr_pages == []
    for fact in [*FACTS, sf.DOC_NUMBER, sf.DATE, "20万元", "临平区"]:
        assert fact in document.text, f"PDF 文字层应包含 {fact}"
    pages = dict(zip((line.text for line in document.lines), document.line_pages, strict=True))
    assert pages[sf.DOC_NUMBER] == 1 and pages[sf.ISSUER] == 2, "每行应记录所在页码"
    rows = [line.text.split("\t") for line in document.lines if line.is_table_row]
    assert rows == sf.TABLE, "有框线的表格应按行、按单元格读出"
    assert "地区：余杭区 | 荣誉称号：国家级专精特新“小巨人”企业 | 奖励金额：50万元" in " ".join(_cleaned_rows(document.text))


def test_a_browser_printed_pdf_loses_its_print_header_and_footer(tmp_path: Path) -> None:
    """Trial 49: a notice printed to PDF by Chromium had its print date and title, then its file address,
    read as its first and last lines; the title guessed began "11/28/26, 12:28 AM"."""
    lines = [line.text for line in extract_text(sf.write_browser_printed_pdf(tmp_path / "printed.pdf")).lines]
    assert lines[0] == sf.TITLE and lines[-1] == sf.DATE, lines


def test_look_alike_radicals_are_read_as_the_characters_they_stand_for(tmp_path: Path) -> None:
    """Trial 49: Chromium's print-to-PDF writes ⼯ ⽉ ⽇ (Kangxi radicals) and ⺠ ⻔ (radicals supplement) for
    工 月 日 民 门; the issuer and the date were not found. Every format goes through the same reading."""
    path = tmp_path / "notice.txt"
    path.write_text("各镇人⺠政府，区各有关部⻔：\n常州市武进区⼯业和信息化局\n2026年6⽉15⽇\n", encoding="utf-8")
    assert extract_text(path).text == "各镇人民政府，区各有关部门：\n常州市武进区工业和信息化局\n2026年6月15日\n"


def test_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    document = extract_text(sf.write_scanned_pdf(tmp_path / "scan.pdf"))
    assert document.ocr_pages == [1]
    text = document.text
    assert "50万元" in text and "小巨人" in text and "余杭区" in text


def test_png_is_read_by_ocr(tmp_path: Path) -> None:
    document = extract_text(sf.write_notice_png(tmp_path / "notice.png"))
    assert document.source_format == "image"
    assert "50万元" in document.text and "余杭区经济和信息化局" in document.text


def test_image_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="未识别到文字"):
        extract_text(sf.write_blank_png(tmp_path / "blank.png"))


def test_paragraph_docx(tmp_path: Path) -> None:
    document = extract_text(sf.write_paragraph_docx(tmp_path / "notice.docx"))
    assert document.source_format == "docx"
    assert [line.text for line in document.lines][:2] == [sf.TITLE, sf.DOC_NUMBER]
    assert sf.REWARD_SENTENCE in document.text


def test_table_docx_keeps_rows_with_their_header(tmp_path: Path) -> None:
    document = extract_text(sf.write_table_docx(tmp_path / "table.docx"))
    rows = [line.text.split("\t") for line in document.lines if line.is_table_row]
    assert rows == sf.TABLE
    cleaned = _cleaned_rows(document.text)
    assert "序号：3 | 地区：西湖区 | 荣誉称号：创新型中小企业 | 奖励金额：5万元" in cleaned


def test_html_drops_navigation_scripts_header_and_footer(tmp_path: Path) -> None:
    document = extract_text(sf.write_notice_html(tmp_path / "notice.html"))
    text = document.text
    for fact in [*FACTS, sf.DOC_NUMBER, sf.DATE, "临平区"]:
        assert fact in text
    for furniture in ("首页", "政务公开", "当前位置", "统计代码", "广告脚本", "版权所有", "门户网站"):
        assert furniture not in text, f"网页的导航/脚本/页眉页脚不应进入正文：{furniture}"
    assert document.title_hint and document.title_hint.startswith(sf.TITLE)
    assert [line.text.split("\t") for line in document.lines if line.is_table_row] == sf.TABLE
    assert text.splitlines()[-2:] == [sf.ISSUER, sf.DATE], "<br> 分开的落款应是两行"


def test_html_drops_a_bar_of_links_in_no_nav_element(tmp_path: Path) -> None:
    """Trial 43: a site's top bar in a plain div ("首页 | 无障碍 | English | 用户登录 | 繁體版") was indexed before the title."""
    page = tmp_path / "bar.html"
    page.write_text(
        '<html><body><div class="top-bar"><a href="/">首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a>'
        ' | <a href="/login">用户登录</a> | 繁體版</div>'
        '<div class="links"><a href="/a">政务公开</a><a href="/b">政务服务</a><a href="/c">互动交流</a></div>'
        '<div class="article"><h1>关于兑现专精特新奖励的通知</h1><p>对新认定的国家级专精特新“小巨人”企业，一次性奖励80万元。</p>'
        '<p>详见<a href="/f">申报指南</a>。</p></div></body></html>', encoding="utf-8")
    text = extract_text(page).text
    assert text.splitlines()[0] == "关于兑现专精特新奖励的通知"
    assert "无障碍" not in text and "政务服务" not in text
    assert "详见申报指南。" in text  # a link inside a sentence is text


def test_html_drops_the_pages_own_controls_written_beside_its_date(tmp_path: Path) -> None:
    """Trial 46: "发布日期：2026-03-18 字号：大 中 小" — the font-size switcher is no text of the notice."""
    page = tmp_path / "controls.html"
    page.write_text(
        '<html><body><div class="article"><h1>关于兑现专精特新奖励的通知</h1>'
        '<div>发布单位：杭州市余杭区经济和信息化局 发布日期：2026-03-18 字号：<a>大</a> <a>中</a> <a>小</a></div>'
        '<p>对新认定的国家级专精特新“小巨人”企业，一次性奖励80万元。</p><p>【打印】【关闭】</p></div></body></html>',
        encoding="utf-8")
    lines = extract_text(page).text.splitlines()
    assert "发布单位：杭州市余杭区经济和信息化局 发布日期：2026-03-18" in lines
    assert not any("字号" in line or "打印" in line for line in lines)


def test_html_of_only_scripts_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="没有正文文字"):
        extract_text(sf.write_scripts_html(tmp_path / "scripts.html"))


def test_text_and_markdown_tables(tmp_path: Path) -> None:
    assert sf.REWARD_SENTENCE in extract_text(sf.write_notice_txt(tmp_path / "n.txt")).text
    md = tmp_path / "n.md"
    md.write_text("# 奖励标准\n\n| 地区 | 奖励金额 |\n|---|---|\n| 余杭区 | 50万元 |\n", encoding="utf-8")
    rows = [line.text for line in extract_text(md).lines if line.is_table_row]
    assert rows == ["地区\t奖励金额", "余杭区\t50万元"]
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("对首次获评国家级小巨人的企业给予50万元奖励。".encode("gb18030"))
    assert "50万元" in extract_text(gbk).text


@pytest.mark.parametrize(
    ("writer", "message"),
    [
        (sf.write_encrypted_pdf, "已加密"),
        (sf.write_corrupt_pdf, "已损坏"),
        (sf.write_zero_page_pdf, "没有任何页面"),
        (sf.write_zip_bomb_docx, "压缩炸弹"),
    ],
)
def test_bad_files_are_refused_in_chinese(tmp_path: Path, writer: Callable[[Path], Path], message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message):
        extract_text(writer(tmp_path / "bad.bin"))


def test_type_comes_from_the_bytes_not_the_extension(tmp_path: Path) -> None:
    pdf_named_txt = tmp_path / "notice.txt"
    shutil.copy(sf.write_notice_pdf(tmp_path / "n.pdf"), pdf_named_txt)
    assert extract_text(pdf_named_txt).source_format == "pdf"
    html_named_txt = tmp_path / "page.txt"
    html_named_txt.write_text(sf.NOTICE_HTML, encoding="utf-8")
    assert extract_text(html_named_txt).source_format == "html"
    docx_named_pdf = tmp_path / "notice.pdf"
    shutil.copy(sf.write_paragraph_docx(tmp_path / "n.docx"), docx_named_pdf)
    assert extract_text(docx_named_pdf).source_format == "docx"
    assert sniff_format(b"\x89PNG\r\n\x1a\n....", tmp_path / "x.txt") == "image"


def test_legacy_office_and_binary_files_are_refused(tmp_path: Path) -> None:
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    with pytest.raises(UnreadableDocument, match="另存为 .docx"):
        extract_text(doc)
    blob = tmp_path / "blob.dat"
    blob.write_bytes(b"\x01\x02\x00\x03" * 100)
    with pytest.raises(UnreadableDocument, match="无法识别的文件类型"):
        extract_text(blob)
    # a damaged file named as a supported type says so, not that the type is supported
    broken = tmp_path / "notice.docx"
    broken.write_bytes(b"\x01\x02\x00\x03" * 100)
    with pytest.raises(UnreadableDocument, match="不是有效的 Word"):
        extract_text(broken)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(b"PK\x03\x04" + b"\x01" * 200)
    with pytest.raises(UnreadableDocument, match="Word（.docx）文件已损坏"):
        extract_text(cut)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableDocument, match="文件为空"):
        extract_text(empty)


_LINE = st.text(alphabet=st.sampled_from("专精特新企业奖励万元年月日，。0123456789《》〔〕"), min_size=1, max_size=40)


@given(st.lists(_LINE, min_size=1, max_size=20))
@settings(max_examples=40, deadline=None)
def test_plain_text_round_trips_line_by_line(lines: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notice.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        document = extract_text(path)
    assert [line.text for line in document.lines] == lines
    assert document.line_pages == [1] * len(lines)


def test_plain_text_named_as_a_pdf_is_refused_with_the_reason(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Trial 45: a text file renamed .pdf was added as a one-chunk text document without a word."""
    import pytest

    from indexer.parsers.errors import UnreadableDocument

    with pytest.raises(UnreadableDocument, match="扩展名是 .pdf，但内容是纯文本"):
        sniff_format("关于专精特新企业奖励的通知\n正文。".encode(), tmp_path / "notice.pdf")
    assert sniff_format("关于专精特新企业奖励的通知\n正文。".encode(), tmp_path / "notice.txt") == "text"


def test_pdfminer_font_warnings_stay_out_of_the_log() -> None:
    """Trial 49: a printed notice filled the server log with ~90 "Could not get FontBBox" warnings."""
    import logging

    import indexer.parsers.pdf  # noqa: F401  (sets the level on import)

    assert not logging.getLogger("pdfminer.pdffont").isEnabledFor(logging.WARNING)
