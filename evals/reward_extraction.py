"""How well notice extraction reproduces the hand-made reward table (issue 14, item 3).

The extractor reads the bundled Suzhou county/district reward table (the lines that
``corpus/rewards.csv`` cites for ``measures-2022-training``), each table row's region
taken from its own region cell, and its rows are compared with the curated ones as
(region, honour, amount_min, amount_max) triples. The rules were written while reading
this table, so the figures show coverage of its phrasings, not accuracy on unseen notices;
``tests/rewards/test_extract.py`` checks sentences written separately in notice style.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel

from assistant.rewards.extract import extract_region_table
from assistant.rewards.models import RewardRow
from assistant.rewards.table import REWARDS_FILE_NAME, load_reward_table
from indexer.corpus import load_manifest

SUZHOU_TABLE_DOC = "measures-2022-training"

Triple = tuple[str, str, float | None, float | None]


class ExtractionScore(BaseModel):
    precision: float
    recall: float
    expected: int
    extracted: int
    matched: int
    missed: list[Triple]  # in the table, not extracted
    extra: list[Triple]  # extracted, not in the table
    warnings: list[str]
    lines: str  # the line range read, “L654-L726”


def triple(row: RewardRow) -> Triple:
    return row.region, row.title, row.amount_min, row.amount_max


def cited_range(rows: Sequence[RewardRow], doc_id: str) -> tuple[int, int]:
    """First and last line the table's rows of ``doc_id`` cite."""
    ranges = [row.source.line_range for row in rows if row.source.doc_id == doc_id]
    if not ranges:
        raise ValueError(f"奖励表中没有引用 {doc_id} 的行")
    return min(start for start, _ in ranges), max(end for _, end in ranges)


def measure_suzhou_table(corpus_dir: Path, doc_id: str = SUZHOU_TABLE_DOC) -> ExtractionScore:
    """Extract the Suzhou table's rows from its text and score them against rewards.csv."""
    table = load_reward_table(corpus_dir / REWARDS_FILE_NAME)
    start, end = cited_range(table, doc_id)
    meta = next(m for m in load_manifest(corpus_dir / "manifest.yaml") if m.id == doc_id)
    text = (corpus_dir / "documents" / meta.file).read_text(encoding="utf-8")
    lines = text.split("\n")[start - 1 : end]
    result = extract_region_table("\n".join(lines), doc_id=doc_id, first_line=start)
    expected = {triple(row) for row in table if row.source.doc_id == doc_id}
    extracted = {triple(found.row) for found in result.rows}
    return ExtractionScore(
        precision=len(expected & extracted) / len(extracted) if extracted else 0.0,
        recall=len(expected & extracted) / len(expected) if expected else 0.0,
        expected=len(expected),
        extracted=len(extracted),
        matched=len(expected & extracted),
        missed=sorted(expected - extracted, key=str),
        extra=sorted(extracted - expected, key=str),
        warnings=result.warnings,
        lines=f"L{start}-L{end}",
    )


if __name__ == "__main__":
    from zjtx.settings import Settings

    print(measure_suzhou_table(Settings().corpus_dir).model_dump_json(indent=2))
