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
