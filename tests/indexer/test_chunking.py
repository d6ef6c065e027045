"""Chunking: sentences, section paths, whole table rows, locators that point into the source."""

from __future__ import annotations

import re

from indexer.chunking import chunk_document, split_into_sentences
from indexer.corpus import load_corpus
from tests.conftest import CORPUS, raw_lines


def test_sentences_split_on_chinese_enders_and_keep_closing_quotes() -> None:
    text = "第一句。第二句！第三句？第四句；“引语。”后文"
    assert split_into_sentences(text) == ["第一句。", "第二句！", "第三句？", "第四句；", "“引语。”", "后文"]


def _all_chunks():  # type: ignore[no-untyped-def]
    docs, _ = load_corpus(CORPUS / "manifest.yaml", CORPUS / "documents")
    return {d.meta.id: (d, chunk_document(d, 360)) for d in docs}


def test_every_chunk_locator_points_at_lines_holding_its_text() -> None:
    squash = re.compile(r"\s+")
    for doc_id, (doc, chunks) in _all_chunks().items():
        lines = raw_lines(doc.meta.file)
        for chunk in chunks:
            assert 1 <= chunk.start_line <= chunk.end_line <= len(lines), chunk.chunk_id
            source = squash.sub("", "".join(lines[chunk.start_line - 1 : chunk.end_line]))
            # a 6-character probe from the chunk's first sentence must be found in its line range
            text = re.sub(r"^【[^】]*】", "", chunk.text)
            if chunk.is_table:  # "header：value | header：value" or "region：text"
                first_cell = text.split(" | ")[0]
                text = first_cell.split("：", 1)[-1] if " | " in text else first_cell.split("：", 1)[0]
            probe = squash.sub("", text)[:4]
            assert probe in source, f"{doc_id} {chunk.chunk_id} {chunk.locator}: {probe!r} not in source"


def test_chunks_respect_the_size_limit_except_whole_table_rows() -> None:
    for _, (_, chunks) in _all_chunks().items():
        for chunk in chunks:
            if not chunk.is_table:
                # a single over-long sentence may exceed the limit; nothing else may
                assert len(chunk.text) <= 360 or len(split_into_sentences(chunk.text)) == 1, chunk.chunk_id


def test_section_path_follows_numbered_headings() -> None:
    _, chunks = _all_chunks()["finance-support-2022"]
    paths = {tuple(c.section_path) for c in chunks}
    assert any(len(p) == 2 and p[0].startswith("3") and p[1].startswith("3.2") for p in paths), paths


def test_reward_rows_are_single_chunks() -> None:
    _, chunks = _all_chunks()["measures-2022-training"]
    kunshan = [c for c in chunks if "昆山市" in c.text and c.is_table]
    assert len(kunshan) == 1
    assert "就高不重复" in kunshan[0].text and "50万元" in kunshan[0].text


def test_chunk_ids_are_stable_and_unique() -> None:
    first = _all_chunks()
    second = _all_chunks()
    for doc_id in first:
        ids = [c.chunk_id for c in first[doc_id][1]]
        assert ids == [c.chunk_id for c in second[doc_id][1]]
        assert len(ids) == len(set(ids))


def test_a_label_line_moves_with_the_text_below_it_to_the_next_chunk() -> None:
    """A slide's "科创板" label above its rule: when the rule does not fit the chunk, the label
    goes with it, so the chunk holding "36个月" says whose rule it is."""
    from indexer.chunking import split_into_chunks
    from indexer.cleaning import clean_pdf_text
    from indexer.models import DocumentMeta

    meta = DocumentMeta(id="d", file="d.txt", original_file="d.pdf", title="t", issuer="i", date="2022",
                        kind="report")
    raw = "".join(f"第{i}句前文内容。" for i in range(10)) + "\n\n科\n创\n板\n\n" + "上市公司控股股东自上市之日起36个月内不得转让。"
    chunks = split_into_chunks(meta, clean_pdf_text(raw), max_chars=90)
    holding = next(c for c in chunks if "36个月" in c.text)
    assert holding.text.startswith("科创板\n"), [c.text for c in chunks]
    assert not any(c.text.endswith("科创板") for c in chunks)
    assert holding.start_line == 3  # the label's own line starts the chunk's locator


def test_a_sentence_naming_the_figures_that_follow_moves_with_them_to_the_next_chunk() -> None:
    """"专利总量中位数是衡量企业科创力的关键指标。苏州（72件）、常州（68件）…": when the figures do not fit
    the chunk, the short figure-less sentence naming what they measure goes with them, so the chunk
    holding 苏州's 72件 says it is the patent median (three new-user trials had asked it). A
    sentence with a figure of its own, or one before a sentence that does not open with figures,
    stays."""
    from indexer.chunking import split_into_chunks
    from indexer.cleaning import clean_pdf_text
    from indexer.models import DocumentMeta

    meta = DocumentMeta(id="d", file="d.txt", original_file="d.pdf", title="t", issuer="i", date="2022",
                        kind="report")
    lead = "城市层面呈现多级梯队格局，企业数量与创新能力并非简单线性关系，制造业强市在创新密度上表现突出。" * 2
    topic = "从创新质量看，专利总量中位数是衡量企业科创力的关键指标。"
    figures = "苏州（72件）、常州（68件）、无锡（61件）、宁波（58件）等城市创新密度显著高于一线城市。"
    chunks = split_into_chunks(meta, clean_pdf_text(lead + topic + figures), max_chars=130)
    holding = next(c for c in chunks if "72件" in c.text)
    assert holding.text.startswith(topic), [c.text for c in chunks]
    plain = split_into_chunks(meta, clean_pdf_text(lead + topic + "这一指标在各城市差异明显，东部城市普遍较高。" * 2),
                              max_chars=130)
    assert any(c.text.endswith(topic) for c in plain), [c.text for c in plain]
