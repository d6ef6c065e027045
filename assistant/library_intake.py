"""A notice added at run time becomes searchable text and reward rows in one step.

``add_notice`` adds the document to the library (``indexer.ingest``), reads reward rows
from its text for the region in its metadata (``assistant.rewards.extract``) and keeps
them in the reviewer's store, marked 自动提取、未经人工核对. ``remove_notice`` drops the
document and its rows together. ``current_reward_rows`` is what every rewards lookup
(chat route, tool, API, CLI, UI) reads: the curated table at the settings' corpus path,
then the extracted rows that are not rejected, each marked.
"""

from __future__ import annotations

import threading
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import Field

from assistant.rewards.divisions import load_divisions
from assistant.rewards.extract import extract_notice_rows
from assistant.rewards.matching import compact
from assistant.rewards.models import RewardRow
from assistant.rewards.review import ReviewError, ReviewStore, StoredReward, rows_for_lookup
from assistant.rewards.table import REWARDS_FILE_NAME, load_reward_table
from indexer.ingest import (
    AddedDocument,
    DocumentOverrides,
    ProgressCallback,
    RemovedDocument,
    add_document,
    remove_document,
)
from indexer.library import Library, LibraryEntry
from zjtx.settings import Settings


class NoticeAdded(AddedDocument):
    """The added document, and the reward rows read from it (pending review)."""

    reward_rows: list[StoredReward] = Field(default_factory=list)


class NoticeRemoved(RemovedDocument):
    reward_rows_removed: int = 0
    warnings: list[str] = Field(default_factory=list)


def add_notice(
    settings: Settings,
    source_path: Path,
    original_name: str | None = None,
    overrides: DocumentOverrides | None = None,
    embeddings: Embeddings | None = None,
    on_progress: ProgressCallback | None = None,
) -> NoticeAdded:
    """Add a document and store the reward rows read from its text.

    Raises what ``add_document`` raises; once the document is in, a problem with the rows
    is reported as a warning (the document stays added and searchable).
    """
    added = add_document(
        settings, source_path, original_name=original_name, overrides=overrides,
        embeddings=embeddings, on_progress=on_progress,
    )
    rows, warnings = _store_reward_rows(settings, added.entry)
    return NoticeAdded(
        **added.model_dump(exclude={"warnings"}), warnings=[*added.warnings, *warnings], reward_rows=rows
    )


def remove_notice(
    settings: Settings, doc_id: str, embeddings: Embeddings | None = None
) -> NoticeRemoved:
    """Remove an added document and every reward row read from it."""
    removed = remove_document(settings, doc_id, embeddings=embeddings)
    try:
        dropped = ReviewStore.in_data_dir(settings.data_dir).remove_document(doc_id)
    except ReviewError as exc:  # the document is gone; lookups skip rows of missing documents
        return NoticeRemoved(**removed.model_dump(), warnings=[f"文档已删除，但其奖励条目未能清理：{exc}"])
    return NoticeRemoved(**removed.model_dump(), reward_rows_removed=dropped)


def document_reward_rows(settings: Settings, doc_id: str) -> list[StoredReward]:
    """The stored rows read from one document, in the order they were read."""
    store = ReviewStore.in_data_dir(settings.data_dir)
    return [r for r in store.load() if r.extracted.row.source.doc_id == doc_id]


def _store_reward_rows(settings: Settings, entry: LibraryEntry) -> tuple[list[StoredReward], list[str]]:
    if not entry.region:
        return [], ["未能确定文档所属地区，未提取奖励条目（可删除后用 --region / 地区 字段重新添加）"]
    text_path = Library(settings.data_dir).root / entry.file
    text = text_path.read_text(encoding="utf-8")
    region = notice_region(entry.region, entry.issuer)
    result = extract_notice_rows(text, doc_id=entry.id, region=region, policy=entry.title)
    try:
        ReviewStore.in_data_dir(settings.data_dir).add(result.rows)
        stored = document_reward_rows(settings, entry.id)
    except ReviewError as exc:
        return [], [*result.warnings, f"奖励条目未能保存：{exc}"]
    return stored, list(result.warnings)


def notice_region(region: str, issuer: str) -> str:
    """The region with the places the issuer names above it when the name alone is ambiguous.

    南山区 is a district of 深圳 and of 鹤岗; “深圳市南山区工业和信息化局” says which.
    """
    divisions = load_divisions()
    if divisions.resolve(region) is not None:
        return region
    body, name = compact(issuer), compact(region)
    at = body.find(name)
    for start in range(max(at, 0)):
        chain = body[start : at + len(name)]
        if divisions.resolve(chain) is not None:
            return chain
    return region


# -- the rows lookups read ---------------------------------------------------------------

_Stamp = tuple[tuple[str, int, int] | None, ...]
_cache: dict[tuple[Path, Path], tuple[_Stamp, list[RewardRow]]] = {}
_cache_lock = threading.Lock()


def _stamp(path: Path) -> tuple[str, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return str(path), stat.st_mtime_ns, stat.st_size


def current_reward_rows(settings: Settings) -> list[RewardRow]:
    """The curated reward table, then extracted rows not rejected (marked), re-read on change.

    Raises ``RewardTableError`` when the curated table is missing or malformed and
    ``ReviewError`` when the store of extracted rows is unreadable.
    """
    table_path = settings.corpus_dir / REWARDS_FILE_NAME
    store = ReviewStore.in_data_dir(settings.data_dir)
    library = Library(settings.data_dir)
    key = (table_path, store.path)
    stamp = (_stamp(table_path), _stamp(store.path), _stamp(library.manifest_path))
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    table = load_reward_table(table_path)
    issued = {entry.id: entry.date for entry in library.entries()}
    curated = len(table)
    rows = rows_for_lookup(table, store)
    # a row outlives its notice only if removing the rows failed: never show it; a notice's row was
    # issued on its date (a newer notice's amount for the same region and honour leads, rewards/lookup.py)
    rows = [*rows[:curated], *(r.model_copy(update={"issued": issued[r.source.doc_id] or r.issued})
                               for r in rows[curated:] if r.source.doc_id in issued)]
    with _cache_lock:
        if len(_cache) >= 8 and key not in _cache:
            _cache.pop(next(iter(_cache)))
        _cache[key] = (stamp, rows)
    return list(rows)


__all__ = [
    "NoticeAdded", "NoticeRemoved", "add_notice", "current_reward_rows", "document_reward_rows", "remove_notice",
]
