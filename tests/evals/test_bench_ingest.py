"""The add-a-notice benchmark's machinery on a small notice, with the hashing embedder (no timing asserts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.bench_ingest import IngestBenchReport, ingest_markdown, run_ingest_bench
from tests.conftest import CORPUS
from tests.fakes import HashingEmbeddings
from zjtx.settings import Settings


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> IngestBenchReport:
    """A 2-page notice and a 1-page scan added to a data dir that has no index yet (one is built)."""
    source = tmp_path_factory.mktemp("no-index")
    settings = Settings(corpus_dir=CORPUS, data_dir=source, rate_limit_per_minute=0)
    return run_ingest_bench(settings, pages=2, scan_pages=1, make_embedder=lambda s: HashingEmbeddings(),
                            work=tmp_path_factory.mktemp("work"))


def test_the_added_notice_answers_the_reward_question_with_its_amount_and_a_citation(
    report: IngestBenchReport,
) -> None:
    check = report.text_notice.answer
    assert check.states_amount, f"expected the answer to state 50万, got: {check.answer}"
    assert check.cites_new_document, f"expected a citation of the added notice, cited {check.cited_doc_ids}"
    assert check.passed


def test_the_report_has_every_stage_and_ratio(report: IngestBenchReport) -> None:
    text = report.text_notice
    assert report.index_build_s is not None, "no index to copy: the bench builds one and reports it apart"
    assert report.index_chunks_before > 0
    assert text.pages == 2 and text.chunks > 0
    assert text.embedded_passages == text.chunks, "an incremental add embeds only the new notice's chunks"
    assert text.reward_rows >= 1, "the reward sentence becomes a (pending) reward row"
    for name in ("parse_s", "embed_s", "add_notice_s", "service_load_s", "first_answer_s",
                 "total_to_answerable_s", "embedding_alone_s", "ratio_total_to_embedding_alone"):
        assert getattr(text, name) >= 0, name
    assert text.total_to_answerable_s >= text.add_notice_s


def test_the_scan_is_read_by_ocr_and_holds_the_amount(report: IngestBenchReport) -> None:
    assert report.scan.pages == 1 and report.scan.ocr_pages == 1
    assert report.scan.holds_amount, "expected OCR to find 50万元 on the scanned page"
    assert report.scan.seconds_per_page >= 0


def test_the_markdown_names_the_target_and_the_baseline(report: IngestBenchReport) -> None:
    text = ingest_markdown(report)
    assert "目标 ≤ 30 s" in text and "单独向量化" in text and "每页" in text
    assert "回答检查（通过）" in text


def test_the_source_data_dir_is_left_untouched(report: IngestBenchReport) -> None:
    assert not any(Path(report.source_data_dir).iterdir()), "the bench works in a copy, never in the source"
