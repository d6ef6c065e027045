"""Writing the eval report: JSON, a Markdown summary and a PNG chart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json(report: dict[str, Any], path: Path) -> None:
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def summary_markdown(report: dict[str, Any], failures_shown: int = 30) -> str:
    lines = [f"# zjtx 评测报告（{report['n_cases']} 条用例，索引 {report['build_id']}）", "",
             "## 检索（hit@1 / hit@5 / MRR）", "", "| 方案 | n | hit@1 | hit@5 | MRR |", "|---|---|---|---|---|"]
    for mode, m in report["retrieval"].items():
        lines.append(f"| {mode} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['mrr']:.3f} |")
    ans = report["answer"]
    lines += ["", f"## 回答准确率：{ans['accuracy']:.3f}（{ans['n']} 条）", "", "| 类别 | n | 准确率 |", "|---|---|---|"]
    for cat, m in ans["by_category"].items():
        lines.append(f"| {cat} | {m['n']} | {m['accuracy']:.3f} |")
    ref, cit, eli, lat = report["refusal"], report["citation"], report["eligibility"], report["latency_ms"]
    lines += [
        "",
        f"- 引用正确率：{cit['accuracy']:.3f}（{cit['n']} 条正确回答）",
        f"- 拒答精确率 {ref['precision']:.3f}，召回率 {ref['recall']:.3f}，误拒 {ref['false_refusals']} 条",
        f"- 资格结论准确率 {eli['verdict_accuracy']:.3f}，差距说明准确率 {eli['gap_accuracy']:.3f}（{eli['n']} 条）",
        f"- 延迟：p50 {lat['p50']} ms，p95 {lat['p95']} ms",
        "", f"## 失败用例（前 {failures_shown} 条，共 {len(report['failures'])} 条）", "",
    ]
    for f in report["failures"][:failures_shown]:
        got = f["got"].splitlines()[0] if f["got"] else ""
        lines.append(f"- **{f['id']}**（{f['category']}）{f['question']} — {f['reason']}；回答首行：{got[:80]}")
    return "\n".join(lines) + "\n"


def write_chart(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    modes = list(report["retrieval"])
    left.bar(modes, [report["retrieval"][m]["hit@5"] for m in modes], color="#4c72b0", label="hit@5")
    left.plot(modes, [report["retrieval"][m]["mrr"] for m in modes], "o-", color="#dd8452", label="MRR")
    left.set_ylim(0, 1)
    left.set_title("Retrieval ablations")
    left.tick_params(axis="x", rotation=30)
    left.legend()
    cats = list(report["answer"]["by_category"])
    right.bar(cats, [report["answer"]["by_category"][c]["accuracy"] for c in cats], color="#55a868")
    right.set_ylim(0, 1)
    right.set_title(f"Answer accuracy by category (all: {report['answer']['accuracy']:.2f})")
    right.tick_params(axis="x", rotation=30)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_report(report: dict[str, Any], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(report, out_dir / "report.json")
    (out_dir / "summary.md").write_text(summary_markdown(report), encoding="utf-8")
    write_chart(report, out_dir / "chart.png")
