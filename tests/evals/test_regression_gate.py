"""The eval suite as a regression gate: answer accuracy and retrieval on the golden set."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.cases import load_cases
from evals.gate import check_thresholds, lookup_metric
from evals.report import write_report
from evals.runner import run_eval

pytestmark = pytest.mark.slow


def test_golden_set_metrics_stay_above_their_floors(real_settings, real_service, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = run_eval(real_settings, real_service, load_cases(), tmp_path, with_st=False, with_chunk_variants=False)
    artifacts = Path(__file__).resolve().parents[2] / "test-artifacts" / "eval"
    write_report(report, artifacts)
    failures = check_thresholds(report)
    assert not failures, "指标低于阈值（见 test-artifacts/eval/summary.md）：\n" + "\n".join(failures)


def test_gate_reports_a_metric_below_its_floor(tmp_path: Path) -> None:
    floors = tmp_path / "floors.yaml"
    floors.write_text("answer.accuracy: 0.9\nretrieval.hybrid.hit@5: 0.5\nmissing.metric: 0.1\n", encoding="utf-8")
    report = {"answer": {"accuracy": 0.8}, "retrieval": {"hybrid": {"hit@5": 0.6}}}
    failures = check_thresholds(report, floors)
    assert any("answer.accuracy" in f for f in failures)
    assert any("missing.metric" in f for f in failures)
    assert not any("hit@5" in f for f in failures)
    assert lookup_metric(report, "retrieval.hybrid.hit@5") == 0.6
