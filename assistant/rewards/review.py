"""The reviewer's store of extracted reward rows: accept, edit or reject each by id.

Rows read from an added notice (``extract.py``) are kept in ``<data_dir>/rewards/
extracted.json`` with ``status="auto"`` until a reviewer accepts, edits (then “reviewed”)
or rejects them. Lookups use ``rows_for_lookup``: the curated table first, then the
extracted rows that are not rejected, each marked in its ``conditions`` so the chat tool,
the API and the 奖励查询 tab show that it was read automatically (and whether anyone checked).
The file is rewritten atomically; nothing outside the data dir is touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter

from assistant.rewards.extract import AUTO_MARK, ExtractedReward, Status
from assistant.rewards.models import RewardRow

STORE_DIR = "rewards"
STORE_FILE = "extracted.json"
REVIEWED_MARK = "自动提取、已人工核对"


class ReviewError(Exception):
    """An unknown row id or an edit that makes an invalid row (message in Chinese)."""


class StoredReward(BaseModel):
    """One extracted row as the reviewer sees it: ``row`` is what lookups show."""

    id: str
    status: Status
    row: RewardRow
    extracted: ExtractedReward  # as read from the notice, never changed by edits

    @property
    def edited(self) -> bool:
        return self.row != self.extracted.row


_RECORDS = TypeAdapter(list[StoredReward])


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_DIR / STORE_FILE


class ReviewStore:
    """Extracted rows of every added notice, by row id, in one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> ReviewStore:
        return cls(store_path(data_dir))

    def load(self) -> list[StoredReward]:
        if not self.path.is_file():
            return []
        try:
            return _RECORDS.validate_json(self.path.read_bytes())
        except ValueError as exc:
            raise ReviewError(f"抽取奖励行文件损坏：{self.path.name}（{exc}）") from exc

    def _save(self, records: Sequence[StoredReward]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(
            _RECORDS.dump_python(list(records), mode="json"), ensure_ascii=False, indent=1
        )
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".extracted-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def add(self, rows: Iterable[ExtractedReward]) -> list[StoredReward]:
        """Store newly extracted rows; a row already stored keeps its review. Returns the new ones."""
        records = self.load()
        known = {record.id for record in records}
        added: list[StoredReward] = []
        for found in rows:
            if found.row_id in known:
                continue
            known.add(found.row_id)
            added.append(
                StoredReward(id=found.row_id, status="auto", row=found.row, extracted=found)
            )
        if added:
            self._save([*records, *added])
        return added

    def get(self, row_id: str) -> StoredReward:
        for record in self.load():
            if record.id == row_id:
                return record
        raise ReviewError(f"没有编号为 {row_id} 的抽取奖励行")

    def pending(self) -> list[StoredReward]:
        """Rows nobody has reviewed yet (自动提取、未经人工核对)."""
        return [record for record in self.load() if record.status == "auto"]

    def _update(
        self, row_id: str, status: Status, changes: dict[str, Any] | None = None
    ) -> StoredReward:
        records = self.load()
        for i, record in enumerate(records):
            if record.id != row_id:
                continue
            row = record.row
            if changes:
                try:
                    row = RewardRow.model_validate({**row.model_dump(), **changes})
                except ValueError as exc:
                    raise ReviewError(f"修改后的奖励行无效：{exc}") from exc
            records[i] = record.model_copy(update={"status": status, "row": row})
            self._save(records)
            return records[i]
        raise ReviewError(f"没有编号为 {row_id} 的抽取奖励行")

    def accept(self, row_id: str) -> StoredReward:
        return self._update(row_id, "reviewed")

    def edit(self, row_id: str, **changes: Any) -> StoredReward:
        """Change fields of the shown row (title, amount_text, amount_min, …); marks it reviewed."""
        unknown = set(changes) - set(RewardRow.model_fields)
        if unknown:
            raise ReviewError(f"奖励行没有这些字段：{sorted(unknown)}")
        return self._update(row_id, "reviewed", changes)

    def reject(self, row_id: str) -> StoredReward:
        return self._update(row_id, "rejected")

    def remove_document(self, doc_id: str) -> int:
        """Drop every row read from ``doc_id`` (when the notice is removed); returns how many."""
        records = self.load()
        kept = [r for r in records if r.extracted.row.source.doc_id != doc_id]
        if len(kept) != len(records):
            self._save(kept)
        return len(records) - len(kept)


def marked(record: StoredReward) -> RewardRow:
    """The row as lookups show it, its conditions led by how it was obtained."""
    mark = AUTO_MARK if record.status == "auto" else REVIEWED_MARK
    conditions = "；".join(part for part in (mark, record.row.conditions) if part)
    return record.row.model_copy(update={"conditions": conditions})


def rows_for_lookup(table: Sequence[RewardRow], store: ReviewStore) -> list[RewardRow]:
    """The curated table, then extracted rows not rejected and not already in the table."""
    curated = {(r.region, r.title, r.amount_min, r.amount_max) for r in table}
    extra = [
        marked(record)
        for record in store.load()
        if record.status != "rejected"
        and (record.row.region, record.row.title, record.row.amount_min, record.row.amount_max)
        not in curated
    ]
    return [*table, *extra]
