"""Document layouts: section paths by line range, validated against the document's own words."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from indexer.chunking import split_into_chunks
from indexer.cleaning import clean_pdf_text
from indexer.corpus import load_corpus
from indexer.layout import DocumentLayout, LayoutError, load_layout, parse_layout
from indexer.models import DocumentMeta
from tests.conftest import CORPUS

TEXT = "\n".join([
    "一、申报条件",            # 1
    "企业须为独立法人。",       # 2
    "",                       # 3
    "直通条件",                # 4
    "近两年研发费用均值在1000万元以上。",  # 5
    "创新型中小企业",           # 6
])
META = DocumentMeta(id="demo", title="《演示》", issuer="x", date="2022-01-01", kind="slides", file="demo.txt", original_file="demo.pdf")


def layout(*sections: tuple[int, int, list[str]], document: str = "demo") -> DocumentLayout:
    return DocumentLayout.model_validate(
        {"document": document, "sections": [{"lines": [a, b], "path": p} for a, b, p in sections]})


def test_paths_are_looked_up_by_line() -> None:
    lay = layout((1, 3, ["申报条件"]), (4, 6, ["创新型中小企业", "直通条件"]))
    assert lay.path_at(1) == ["申报条件"] and lay.path_at(3) == ["申报条件"]
    assert lay.path_at(5) == ["创新型中小企业", "直通条件"] and lay.path_at(99) == ["创新型中小企业", "直通条件"]
    assert lay.problems_with(TEXT) == []


@pytest.mark.parametrize(("sections", "message"), [
    ([(2, 6, ["申报条件"])], "第 1 行起未连续标注"),
    ([(1, 3, ["申报条件"]), (5, 6, ["直通条件"])], "第 4 行起未连续标注"),
    ([(1, 4, ["申报条件"]), (4, 6, ["直通条件"])], "第 5 行起未连续标注"),
    ([(3, 1, ["申报条件"])], "行号范围无效"),
    ([(1, 6, [" "])], "空项"),
])
def test_bad_ranges_are_refused_with_a_chinese_reason(
    tmp_path: Path, sections: list[tuple[int, int, list[str]]], message: str
) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump({"document": "demo", "sections": [{"lines": [a, b], "path": p}
                                                                      for a, b, p in sections]}, allow_unicode=True))
    with pytest.raises(LayoutError, match=message):
        parse_layout(path)


def test_labels_must_be_the_documents_words_and_cover_every_line() -> None:
    invented = layout((1, 6, ["认定奖励"]))
    assert any("认定奖励" in p for p in invented.problems_with(TEXT))
    short = layout((1, 4, ["申报条件"]))
    assert any("文档共 6 行" in p for p in short.problems_with(TEXT))


def test_a_layout_that_does_not_fit_is_ignored_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "demo.yaml").write_text("sections: [", encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_layout(tmp_path, "demo", TEXT) is None
    assert "版面标注文件无法读取" in caplog.text or "格式错误" in caplog.text
    (tmp_path / "demo.yaml").write_text(yaml.safe_dump(
        {"document": "demo", "sections": [{"lines": [1, 5], "path": ["申报条件"]}]}, allow_unicode=True), "utf-8")
    with caplog.at_level(logging.WARNING):
        assert load_layout(tmp_path, "demo", TEXT) is None, "edited document: the layout no longer fits"
    assert "文档共 6 行" in caplog.text
    assert load_layout(tmp_path, "absent", TEXT) is None


def test_chunks_take_layout_paths_and_never_span_two_sections() -> None:
    lay = layout((1, 3, ["申报条件"]), (4, 6, ["创新型中小企业", "直通条件"]))
    chunks = split_into_chunks(META, clean_pdf_text(TEXT), 360, lay)
    for chunk in chunks:
        assert lay.path_at(chunk.start_line) == lay.path_at(chunk.end_line) == chunk.section_path, chunk
    rd = next(c for c in chunks if "1000万元" in c.text)
    assert rd.section_path == ["创新型中小企业", "直通条件"]


# --- the layouts shipped in corpus/layout --------------------------------------------------

SHIPPED = sorted((CORPUS / "layout").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_layouts_fit_their_documents(path: Path) -> None:
    docs, _ = load_corpus(CORPUS / "manifest.yaml", CORPUS / "documents")
    doc = next(d for d in docs if d.meta.id == path.stem)
    lay = parse_layout(path)
    assert lay.document == doc.meta.id
    assert lay.problems_with(doc.text) == [], "every line covered, every label in the document's own words"
    assert doc.layout is not None, "load_corpus attaches it"
