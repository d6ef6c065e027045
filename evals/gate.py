"""The regression gate: compare a report with ``evals/thresholds.yaml``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

THRESHOLDS_PATH = Path(__file__).resolve().parent / "thresholds.yaml"


def lookup_metric(report: dict[str, Any], dotted: str) -> float:
    node: Any = report
    head, _, tail = dotted.partition(".")
    parts = [head]
    # metric names such as "hit@5" contain no dots; split the rest on dots
    parts += tail.split(".") if tail else []
    for part in parts:
        node = node[part]
    return float(node)


def check_thresholds(report: dict[str, Any], path: Path = THRESHOLDS_PATH) -> list[str]:
    """Human-readable failures, empty when every metric is at or above its floor."""
    floors: dict[str, float] = yaml.safe_load(path.read_text(encoding="utf-8"))
    failures = []
    for metric, floor in floors.items():
        try:
            value = lookup_metric(report, metric)
        except (KeyError, TypeError):
            failures.append(f"{metric}：报告中没有该指标")
            continue
        if value < floor:
            failures.append(f"{metric} = {value:.3f}，低于阈值 {floor:.3f}")
    return failures
