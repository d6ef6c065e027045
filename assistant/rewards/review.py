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
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

from assistant.rewards.amounts import parse_amount
from assistant.rewards.divisions import load_divisions
from assistant.rewards.extract import AUTO_MARK, ExtractedReward, Status
from assistant.rewards.honours import load_honours
from assistant.rewards.matching import compact
from assistant.rewards.models import RewardRow
from assistant.rewards.question import parse_reward_question
from indexer.locks import exclusive_lock

STORE_DIR = "rewards"
STORE_FILE = "extracted.json"
LOCK_TIMEOUT_S = 30.0
REVIEWED_MARK = "自动提取、已人工核对"
ReviewAction = Literal["accept", "edit", "reject"]
REVIEW_ACTIONS: tuple[str, ...] = ("accept", "edit", "reject")


class ReviewError(Exception):
    """An unknown row id or an edit that makes an invalid row (message in Chinese)."""


class ReviewRowNotFound(ReviewError):
    pass


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

    def _writing(self) -> AbstractContextManager[None]:
        """One read-modify-write at a time (an upload and a reviewer may act together)."""
        return exclusive_lock(self.path.with_name(".extracted.lock"), LOCK_TIMEOUT_S, 0.05,
                              lambda: ReviewError("另一项审核或上传正在写入奖励条目，请稍后再试"))

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
        with self._writing():
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
        raise ReviewRowNotFound(f"没有编号为 {row_id} 的抽取奖励行")

    def pending(self) -> list[StoredReward]:
        """Rows nobody has reviewed yet (自动提取、未经人工核对)."""
        return [record for record in self.load() if record.status == "auto"]

    def _update(
        self, row_id: str, status: Status, changes: dict[str, Any] | None = None
    ) -> StoredReward:
        with self._writing():
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
        raise ReviewRowNotFound(f"没有编号为 {row_id} 的抽取奖励行")

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
        with self._writing():
            records = self.load()
            kept = [r for r in records if r.extracted.row.source.doc_id != doc_id]
            if len(kept) != len(records):
                self._save(kept)
        return len(records) - len(kept)


STATUS_LABELS: dict[str, str] = {"auto": AUTO_MARK, "reviewed": REVIEWED_MARK, "rejected": "已驳回"}


class ReviewItem(BaseModel):
    """One stored row flattened for the reviewer (API, CLI, UI): what lookups show and its source."""

    id: str
    status: Status
    status_label: str
    region: str
    region_path: str
    title: str
    amount_text: str
    amount_min: float | None
    amount_max: float | None
    unit: str
    conditions: str
    policy: str
    doc_id: str
    locator: str
    sentence: str
    edited: bool

    @classmethod
    def of(cls, record: StoredReward) -> ReviewItem:
        row = record.row
        return cls(
            id=record.id, status=record.status, status_label=STATUS_LABELS[record.status],
            region=row.region, region_path=row.region_path, title=row.title, amount_text=row.amount_text,
            amount_min=row.amount_min, amount_max=row.amount_max, unit=row.unit, conditions=row.conditions,
            policy=row.policy, doc_id=row.source.doc_id, locator=row.source.locator,
            sentence=record.extracted.sentence, edited=record.edited,
        )


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


def apply_review(
    store: ReviewStore, row_id: str, action: str, changes: dict[str, Any] | None = None
) -> StoredReward:
    """Accept, edit or reject one row: the one function behind ``zjtx rewards review`` and the API.

    An edit names the fields to change; an amount given as text alone (“最高50万元”) sets
    its bounds too, a title is read with the honour vocabulary and a region with the
    divisions of China (so its path follows).
    """
    if action not in REVIEW_ACTIONS:
        raise ReviewError(f"操作只能是 accept（采纳）、edit（修改）或 reject（驳回），而不是“{action}”")
    given = {key: value for key, value in (changes or {}).items() if value is not None}
    if action == "accept" and not given:
        return store.accept(row_id)
    if action == "reject":
        return store.reject(row_id)
    if not given:
        raise ReviewError("修改奖励行时至少给出一个字段，如金额、称号或地区")
    shown = next((r.row for r in store.load() if r.id == row_id), None)
    return store.edit(row_id, **_checked_changes(given, shown.region_path if shown else ""))


def read_title(text: str, region_path: str = "") -> str | None:
    """A reviewer's honour (an alias, or words naming one: "无锡市专精特新中小企业"), as conferred in the
    place at ``region_path`` (one city's own honour elsewhere is that place's city's)."""
    honours = load_honours()
    title = honours.aliases.get(compact(text)) or parse_reward_question(text).title
    return honours.of_place(title, region_path, text) if title else None


def _checked_changes(changes: dict[str, Any], region_path: str = "") -> dict[str, Any]:
    changes = dict(changes)
    if isinstance(changes.get("amount_text"), str):
        changes["amount_text"] = changes["amount_text"].strip()
        if not changes["amount_text"]:
            raise ReviewError("金额不能为空")
        if "amount_min" not in changes and "amount_max" not in changes:
            low, high = parse_amount(changes["amount_text"])
            changes.update(amount_min=low, amount_max=high)
    if isinstance(changes.get("title"), str):
        title = read_title(changes["title"], str(changes.get("region_path") or region_path))
        if title is None:
            raise ReviewError(f"未能识别称号“{changes['title']}”")
        changes["title"] = title
    if isinstance(changes.get("region"), str) and "region_path" not in changes:
        place = load_divisions().display(changes["region"])
        if place is None:
            raise ReviewError(f"未能识别地区“{changes['region']}”（请写明所属的市，如 成都市武侯区）")
        changes["region"], changes["region_path"] = place
    return changes


def review_items(store: ReviewStore, status: Status | None = "auto") -> list[ReviewItem]:
    """Stored rows with ``status`` (default: those awaiting review; None: all), for listing."""
    return [ReviewItem.of(r) for r in store.load() if status is None or r.status == status]
