"""Citations read the manifest and the documents once per file version, not per citation."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import indexer.passages as passages
from indexer.passages import document_titles, forget_corpus_cache, passage_text


@pytest.fixture
def manifest_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = passages.load_manifest

    def counting(path: Path):  # type: ignore[no-untyped-def]
        calls.append(path)
        return real(path)

    monkeypatch.setattr(passages, "load_manifest", counting)
    forget_corpus_cache()
    return calls


def test_many_citations_parse_the_manifest_once(corpus_copy: Path, manifest_reads: list[Path]) -> None:
    for _ in range(20):
        assert passage_text(corpus_copy, "report-2022-summary", "L1-L3")
        document_titles(corpus_copy)
    assert len(manifest_reads) == 1, "the manifest should be parsed once, not once per citation"


def test_an_edited_manifest_or_document_is_read_again(corpus_copy: Path, manifest_reads: list[Path]) -> None:
    titles = document_titles(corpus_copy)
    manifest = corpus_copy / "manifest.yaml"
    title = titles["report-2022-summary"]
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(title, "改过的标题"), encoding="utf-8")
    os.utime(manifest, ns=(1, 1))  # a different mtime even on coarse file systems
    assert document_titles(corpus_copy)["report-2022-summary"] == "改过的标题"

    doc = next(p for p in (corpus_copy / "documents").iterdir() if p.name.startswith("report-2022-summary"))
    doc.write_text("第一行新内容\n第二行\n", encoding="utf-8")
    os.utime(doc, ns=(2, 2))
    assert passage_text(corpus_copy, "report-2022-summary", "L1-L1") == "第一行新内容"
    assert len(manifest_reads) == 2


def test_forgetting_the_cache_rereads_the_manifest(corpus_copy: Path, manifest_reads: list[Path]) -> None:
    document_titles(corpus_copy)
    forget_corpus_cache()
    document_titles(corpus_copy)
    assert len(manifest_reads) == 2


def test_unknown_document_gives_an_empty_passage(corpus_copy: Path) -> None:
    assert passage_text(corpus_copy, "no-such-doc", "L1-L2") == ""


# --- snippets read whole sentences -------------------------------------------------------------------
# measures-2022-training's reward table wraps each local notice over several raw lines:
#   L663 常熟市 对通过认定的企业，分类分档进行服务劵奖补，常熟市级10万元，苏州市级
#   L664 15万元，省级20万元，国家级50万元。
@pytest.mark.parametrize(
    ("locator", "widened"),
    [
        ("L664-L664", "L663-L664"),  # starts mid-sentence: back to 常熟市
        ("L663-L663", "L663-L664"),  # ends mid-sentence: on to 国家级50万元。
        ("L689-L689", "L688-L690"),  # 吴江区: both ends
        ("L701-L701", "L700-L701"),  # 吴中区: never across the blank line L699
        ("L267-L274", "L267-L274"),  # a rule's lines that already hold whole sentences
        ("第2页 L664-L664", "第2页 L664-L664"),  # a page-cited locator is left alone
    ],
)
def test_a_locator_is_widened_to_the_sentences_it_cuts_into(corpus_copy: Path, locator: str, widened: str) -> None:
    assert passages.sentence_locator(corpus_copy, "measures-2022-training", locator) == widened


def test_a_reward_rows_snippet_starts_at_its_sentence_but_keeps_its_locator(corpus_copy: Path) -> None:
    from assistant.citations import cite_sources

    [citation] = cite_sources(corpus_copy, {}, [("measures-2022-training", "L664-L664")])
    assert citation.locator == "L664-L664", "answers number their sources by the cited locator"
    assert citation.snippet.startswith("常熟市") and citation.snippet.endswith("国家级50万元。")


def test_a_table_rows_cells_stay_apart_in_its_passage(corpus_copy: Path) -> None:
    """Trial 51: a Word table row read "2浙江省专精特新中小企业20万元" in the 来源 panel."""
    doc = next(p for p in (corpus_copy / "documents").iterdir() if p.name.startswith("report-2022-summary"))
    doc.write_text("序号\t认定称号\t奖励金额\n2\t浙江省专精特新中小企业\t20 万元\n正文 一行\n", encoding="utf-8")
    os.utime(doc, ns=(3, 3))
    assert passage_text(corpus_copy, "report-2022-summary", "L2-L2") == "2 | 浙江省专精特新中小企业 | 20万元"
    assert passage_text(corpus_copy, "report-2022-summary", "L3-L3") == "正文一行"


def test_a_table_rows_locator_is_not_widened_into_the_row_before(corpus_copy: Path) -> None:
    """Tour 37: a scanned notice's reward row L7 was cited with row L6 run into it ("…60万元浙江省专精特新…")."""
    doc = next(p for p in (corpus_copy / "documents").iterdir() if p.name.startswith("report-2022-summary"))
    doc.write_text("国家级专精特新“小巨人”企业（新认定）\\t一次性奖励60万元\\n"
                   "浙江省专精特新中小企业（新认定）\\t一次性奖励15万元\\n", encoding="utf-8")
    os.utime(doc, ns=(4, 4))
    assert passages.sentence_locator(corpus_copy, "report-2022-summary", "L2-L2") == "L2-L2"
