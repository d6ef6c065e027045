"""Reading ``corpus/rewards.csv``: one cited row per region × honour.

The CSV is curated by hand from the corpus; ``tests/rewards`` check every amount
against the line range it cites and that no amount in the source tables is left out.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from assistant.rewards.models import RewardRow, RewardSource
from zjtx.settings import PROJECT_ROOT

REWARDS_FILE_NAME = "rewards.csv"


class RewardTableError(Exception):
    """The reward table is missing or a row is malformed."""


def default_table_path() -> Path:
    """The bundled table. Callers with settings pass their own rows (``current_reward_rows``),
    so a configured corpus directory is never read through a global here."""
    return PROJECT_ROOT / "corpus" / REWARDS_FILE_NAME


def _optional_float(value: str | None) -> float | None:
    value = (value or "").strip()
    return float(value) if value else None


def _parse_row(record: dict[str, str]) -> RewardRow:
    return RewardRow(
        region=record["region"].strip(),
        region_path=record["region_path"].strip(),
        title=record["title"].strip(),
        amount_text=record["amount_text"].strip(),
        amount_min=_optional_float(record.get("amount_min")),
        amount_max=_optional_float(record.get("amount_max")),
        unit=(record.get("unit") or "万元").strip(),
        conditions=(record.get("conditions") or "").strip(),
        policy=(record.get("policy") or "").strip(),
        source=RewardSource(doc_id=record["doc_id"].strip(), locator=record["locator"].strip()),
        issued=year_named(record.get("policy") or ""),
    )


_POLICY_YEAR = re.compile(r"[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]|((?:19|20)\d{2})\s*年(?!度)")


_ROUND_YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")


def year_named(policy: str) -> str:
    """The year a policy's number or title names ("张工信〔2020〕23号", "《2020年促进吴中区…指南》"); a
    year's round ("2022年度…申报指南") only when nothing else is named."""
    match = _POLICY_YEAR.search(policy) or _ROUND_YEAR.search(policy)
    return next((g for g in match.groups() if g), "") if match else ""


def load_reward_table(path: Path | str | None = None) -> list[RewardRow]:
    """All rows of the reward table (default: the bundled ``corpus/rewards.csv``)."""
    table_path = Path(path) if path is not None else default_table_path()
    if not table_path.is_file():
        raise RewardTableError(f"未找到奖励表：{table_path}")
    rows: list[RewardRow] = []
    with table_path.open(encoding="utf-8", newline="") as handle:
        for line_no, record in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(_parse_row(record))
            except (KeyError, ValueError, ValidationError) as exc:
                raise RewardTableError(
                    f"奖励表第 {line_no} 行格式错误：{type(exc).__name__}: {exc}"
                ) from exc
    return rows


@lru_cache(maxsize=1)
def default_reward_table() -> tuple[RewardRow, ...]:
    """The bundled reward table, read once per process (tests and lookups given no rows)."""
    return tuple(load_reward_table())
