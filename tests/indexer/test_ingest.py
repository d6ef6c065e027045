"""Adding and removing documents: files side by side, manifest merged, index rebuilt, all or nothing."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from indexer import builder
from indexer.corpus import library_dir, load_corpus
from indexer.index_store import IndexStore
from indexer.ingest import (
    DocumentNotFound,
    DocumentOverrides,
    DocumentTooLarge,
    DuplicateDocument,
    IngestError,
    InvalidFileName,
    add_document,
    list_documents,
    remove_document,
)
from indexer.library import Library, page_locator
from indexer.metadata_guess import guess_metadata, normalize_date, region_of_issuer
from indexer.parsers import UnreadableDocument
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from tests.indexer.sample_files import BUNDLED_TEXT
from zjtx.settings import Settings


@pytest.fixture
def settings(tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    result = Settings(corpus_dir=tiny_corpus, data_dir=tmp_path / "data")
    # the builder reads the library once it passes library_dir to load_corpus; harmless after that
    monkeypatch.setattr(builder, "load_corpus", partial(load_corpus, library_dir=library_dir(result.data_dir)))
    builder.build_index(result, embeddings=HashingEmbeddings(), show_progress=False)
    return result


class BrokenEmbeddings(HashingEmbeddings):
    name = "hashing-test"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("嵌入模型不可用")


def _serving(settings: Settings) -> tuple[str | None, dict[str, list[str]]]:
    store = IndexStore(settings.index_dir)
    current = store.current_build_id()
    texts: dict[str, list[str]] = {}
    for chunk in store.read_chunks(current) if current else []:
        texts.setdefault(chunk.doc_id, []).append(chunk.text)
    return current, texts


def _library_files(settings: Settings) -> list[str]:
    root = library_dir(settings.data_dir)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != ".lock") \
        if root.is_dir() else []


def _add(settings: Settings, path: Path, embeddings: Embeddings | None = None, **overrides: str):  # type: ignore[no-untyped-def]
    return add_document(settings, path, overrides=DocumentOverrides(**overrides),  # type: ignore[arg-type]
                        embeddings=embeddings or HashingEmbeddings())


def test_added_pdf_is_stored_guessed_listed_and_indexed(settings: Settings, tmp_path: Path) -> None:
    added = _add(settings, sf.write_notice_pdf(tmp_path / "余杭通知.pdf"))
    entry = added.entry
    assert (entry.title, entry.issuer, entry.date, entry.region, entry.kind) == (
        sf.TITLE, sf.ISSUER, "2024-03-15", "余杭区", "notice")
    assert entry.doc_number == sf.DOC_NUMBER and entry.original_file == "余杭通知.pdf"
    assert set(added.guessed) >= {"title", "issuer", "date", "region"}
    assert any("已从正文推测" in w for w in added.warnings)

    folder = library_dir(settings.data_dir) / entry.id
    assert sorted(p.name for p in folder.iterdir()) == sorted(["original.pdf", f"{entry.id}.txt", "pages.json"])
    assert "50万元" in (folder / f"{entry.id}.txt").read_text(encoding="utf-8")

    build_id, texts = _serving(settings)
    assert build_id == added.build_id and added.chunks == len(texts[entry.id]) > 0
    assert "bundled" in texts, "内置语料不能因添加文档而丢失"
    joined = "".join(texts[entry.id])
    assert "50万元" in joined and "地区：余杭区" in joined, "表格行应带表头进入索引"
    assert [d.entry.id for d in list_documents(settings)] == [entry.id]
    assert list_documents(settings)[0].chunks == added.chunks
    # the table rows are on page 2 of the PDF
    lines = (folder / f"{entry.id}.txt").read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if line.startswith("1\t余杭区"))
    assert page_locator(settings.data_dir, entry.id, row, row) == f"第2页 L{row}-L{row}"
    assert page_locator(settings.data_dir, entry.id, 1, row) == f"第1-2页 L1-L{row}"


def test_every_format_can_be_added(settings: Settings, tmp_path: Path) -> None:
    writers = [sf.write_paragraph_docx, sf.write_table_docx, sf.write_notice_html, sf.write_notice_png]
    names = ["p.docx", "t.docx", "n.html", "n.png"]
    ids = []
    for writer, name in zip(writers, names, strict=True):
        added = _add(settings, writer(tmp_path / name))
        ids.append(added.entry.id)
        assert added.chunks > 0
    _, texts = _serving(settings)
    assert all(doc_id in texts for doc_id in ids) and "bundled" in texts
    formats = {d.entry.source_format for d in list_documents(settings)}
    assert formats == {"docx", "html", "image"}
    ocr = next(d.entry for d in list_documents(settings) if d.entry.source_format == "image")
    assert ocr.ocr_pages == [1]


def test_an_added_documents_format_reaches_its_chunking(settings: Settings, tmp_path: Path) -> None:
    """A Word document's lines are its paragraphs, chunked unjoined (trial 51); the corpus loader carries the format."""
    from indexer.chunking import chunk_document

    added = _add(settings, sf.write_paragraph_docx(tmp_path / "p.docx"))
    docs, _ = load_corpus(settings.manifest_path, settings.documents_dir, library_dir=library_dir(settings.data_dir))
    doc = next(d for d in docs if d.meta.id == added.entry.id)
    assert doc.meta.source_format == "docx"
    lines = [line for chunk in chunk_document(doc, settings.chunk_max_chars) for line in chunk.text.split("\n")]
    assert sf.DATE in lines and sf.ISSUER in lines


def test_given_metadata_wins_over_guesses(settings: Settings, tmp_path: Path) -> None:
    added = _add(settings, sf.write_notice_txt(tmp_path / "n.txt"), title="余杭区专精特新奖励措施",
                 issuer="余杭区人民政府", date="2024年4月1日", region="杭州市余杭区", kind="measures",
                 rule_version="2026")
    entry = added.entry
    assert (entry.title, entry.issuer, entry.date, entry.region, entry.kind, entry.rule_version) == (
        "余杭区专精特新奖励措施", "余杭区人民政府", "2024-04-01", "杭州市余杭区", "measures", "2026")
    assert not {"title", "issuer", "date", "region", "kind"} & set(added.guessed)
    with pytest.raises(IngestError, match="日期格式"):
        _add(settings, sf.write_notice_html(tmp_path / "n.html"), date="去年春天")


def test_same_file_twice_is_refused_as_existing(settings: Settings, tmp_path: Path) -> None:
    path = sf.write_notice_txt(tmp_path / "n.txt")
    first = _add(settings, path)
    before = (_serving(settings), _library_files(settings))
    with pytest.raises(DuplicateDocument, match="已存在"):
        _add(settings, path)
    copy = tmp_path / "另存为.txt"
    copy.write_bytes(path.read_bytes() + b"\n")  # same text, other bytes
    with pytest.raises(DuplicateDocument, match=f"已存在.*{first.entry.id}"):
        _add(settings, copy)
    bundled = tmp_path / "bundled-copy.txt"
    bundled.write_text(BUNDLED_TEXT, encoding="utf-8")
    with pytest.raises(DuplicateDocument, match="内置语料"):
        _add(settings, bundled)
    assert (_serving(settings), _library_files(settings)) == before


@pytest.mark.parametrize(
    ("writer", "error", "message"),
    [
        (sf.write_encrypted_pdf, UnreadableDocument, "已加密"),
        (sf.write_corrupt_pdf, UnreadableDocument, "已损坏"),
        (sf.write_zero_page_pdf, UnreadableDocument, "没有任何页面"),
        (sf.write_zip_bomb_docx, UnreadableDocument, "压缩炸弹"),
        (sf.write_scripts_html, UnreadableDocument, "没有正文"),
        (sf.write_blank_png, UnreadableDocument, "未识别到文字"),
    ],
)
def test_bad_files_leave_library_and_index_untouched(
    settings: Settings, tmp_path: Path, writer, error: type[Exception], message: str,  # type: ignore[no-untyped-def]
) -> None:
    kept = _add(settings, sf.write_notice_txt(tmp_path / "kept.txt"))
    before = (_serving(settings), _library_files(settings))
    with pytest.raises(error, match=message):
        _add(settings, writer(tmp_path / "bad.bin"))
    assert (_serving(settings), _library_files(settings)) == before
    assert [d.entry.id for d in list_documents(settings)] == [kept.entry.id]


def test_a_failed_build_leaves_nothing_half_added(settings: Settings, tmp_path: Path) -> None:
    before = (_serving(settings), _library_files(settings))
    with pytest.raises(IngestError, match="当前索引保持不变"):
        _add(settings, sf.write_notice_txt(tmp_path / "n.txt"), embeddings=BrokenEmbeddings())
    assert (_serving(settings), _library_files(settings)) == before
    assert list_documents(settings) == []
    assert not any((library_dir(settings.data_dir) / ".staging").glob("*"))


def test_file_names_with_paths_or_nul_are_refused(settings: Settings, tmp_path: Path) -> None:
    path = sf.write_notice_txt(tmp_path / "n.txt")
    for name, message in [("../../etc/passwd", "不能包含路径"), ("..\\evil.txt", "不能包含路径"),
                          ("通知\x00.pdf", "NUL"), ("..", "不能包含路径"), ("  ", "文件名为空")]:
        with pytest.raises(InvalidFileName, match=message):
            add_document(settings, path, original_name=name, embeddings=HashingEmbeddings())
    assert _library_files(settings) == []


def test_too_large_file_is_refused(tiny_corpus: Path, tmp_path: Path) -> None:
    class SmallLimit(Settings):
        max_upload_mb: float = 0.001

    small = SmallLimit(corpus_dir=tiny_corpus, data_dir=tmp_path / "data")
    big = tmp_path / "big.txt"
    big.write_text("对首次获评国家级小巨人的企业给予50万元奖励。" * 200, encoding="utf-8")
    with pytest.raises(DocumentTooLarge, match="文件过大.*上限"):
        add_document(small, big, embeddings=HashingEmbeddings())


def test_remove_deletes_files_entry_and_chunks_and_keeps_the_rest(settings: Settings, tmp_path: Path) -> None:
    keep = _add(settings, sf.write_notice_txt(tmp_path / "n.txt"))
    gone = _add(settings, sf.write_table_docx(tmp_path / "t.docx"))
    removed = remove_document(settings, gone.entry.id, embeddings=HashingEmbeddings())
    assert removed.doc_id == gone.entry.id
    build_id, texts = _serving(settings)
    assert build_id == removed.build_id and gone.entry.id not in texts
    assert keep.entry.id in texts and "bundled" in texts
    assert not (library_dir(settings.data_dir) / gone.entry.id).exists()
    assert [d.entry.id for d in list_documents(settings)] == [keep.entry.id]
    with pytest.raises(DocumentNotFound, match="未找到文档"):
        remove_document(settings, gone.entry.id, embeddings=HashingEmbeddings())
    with pytest.raises(IngestError, match="内置语料"):
        remove_document(settings, "bundled", embeddings=HashingEmbeddings())


def test_a_failed_remove_restores_the_document(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    added = _add(settings, sf.write_notice_txt(tmp_path / "n.txt"))
    before = (_serving(settings), _library_files(settings))

    def failing_build(*args: object, **kwargs: object) -> None:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr("indexer.ingest.build_index", failing_build)
    with pytest.raises(IngestError, match="删除未生效.*磁盘已满"):
        remove_document(settings, added.entry.id)
    assert (_serving(settings), _library_files(settings)) == before
    assert [d.entry.id for d in list_documents(settings)] == [added.entry.id]


def test_corpus_loader_merges_the_library(settings: Settings, tmp_path: Path) -> None:
    added = _add(settings, sf.write_notice_txt(tmp_path / "n.txt"))
    docs, skipped = load_corpus(settings.manifest_path, settings.documents_dir, library_dir(settings.data_dir))
    assert [d.meta.id for d in docs] == ["bundled", added.entry.id] and skipped == []
    docs, _ = load_corpus(settings.manifest_path, settings.documents_dir)
    assert [d.meta.id for d in docs] == ["bundled"], "without library_dir the bundled corpus alone"
    library = Library(settings.data_dir)
    clash = added.entry.model_copy(update={"id": "bundled"})
    library.write_entries([*library.entries(), clash])
    _, skipped = load_corpus(settings.manifest_path, settings.documents_dir, library.root)
    assert any("与语料清单重复" in s.reason for s in skipped)


def test_metadata_guesses() -> None:
    guess = guess_metadata([sf.TITLE, sf.DOC_NUMBER, *sf.BODY, sf.ISSUER, sf.DATE])
    assert (guess.title, guess.doc_number, guess.issuer, guess.date, guess.region) == (
        sf.TITLE, sf.DOC_NUMBER, sf.ISSUER, "2024-03-15", "余杭区")
    scan = guess_metadata(["苏州工业园区管理委员会关于印发专精特新扶持办法的通知", "苏园管[2023]5号", "正文。",
                           "二〇二三年十二月二十一日"])
    assert (scan.issuer, scan.doc_number, scan.date, scan.region) == (
        "苏州工业园区管理委员会", "苏园管〔2023〕5号", "2023-12-21", "苏州工业园区")
    assert guess_metadata(["正文没有标题。"], title_hint="某某政策_某市人民政府").title == "某某政策"
    # a scan's title wrapped over two lines is one title, and its place is the region (trial 48: only the second line)
    wrapped = guess_metadata(["宁波市北仑区关于兑现2026年度", "专精特新企业奖励的通知", "各有关企业：", "正文。"])
    assert (wrapped.title, wrapped.region) == ("宁波市北仑区关于兑现2026年度专精特新企业奖励的通知", "北仑区")
    assert guess_metadata(["这是《某区专精特新奖励办法》的解读，请对照执行。"]).title == "《某区专精特新奖励办法》"
    assert region_of_issuer("江苏省工业和信息化厅") == "江苏省"
    assert region_of_issuer("工业和信息化部") == "全国"
    assert region_of_issuer("杭州市市场监督管理局") == "杭州市"
    # a town is named with the unit above it, under which the divisions place it (new-user trial 40: 东莞市 alone)
    assert region_of_issuer("广东省东莞市长安镇经济发展局") == "东莞市长安镇"
    assert [normalize_date(d) for d in ("2024", "2024-3", "2024年3月", "2024/03/15")] == [
        "2024", "2024-03", "2024-03", "2024-03-15"]


def test_a_labelled_issuer_and_a_title_opening_with_its_place_are_read() -> None:
    """Trial 45: a Word notice with "发文单位：广州市黄埔区工业和信息化局　　发文日期：…" under a title "广州市黄埔区关于…的通知"
    had no issuer and no region guessed, so no reward rows were extracted unless the region was typed."""
    from indexer.metadata_guess import guess_metadata

    lines = ["广州市黄埔区关于2026年度专精特新企业认定奖励的通知",
             "发文单位：广州市黄埔区工业和信息化局\u3000\u3000发文日期：2026年5月18日\u3000\u3000文号：穗埔工信〔2026〕12号",
             "为加快培育专精特新企业，现将有关事项通知如下。"]
    guess = guess_metadata(lines)
    assert (guess.issuer, guess.region, guess.date) == ("广州市黄埔区工业和信息化局", "黄埔区", "2026-05-18")
    # no issuer anywhere: the place the title opens with
    assert guess_metadata(["广州市黄埔区关于2026年度专精特新企业认定奖励的通知", "正文。"]).region == "黄埔区"
