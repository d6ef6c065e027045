"""Document titles for source labels: the bundled corpus and the documents added at run time."""

from __future__ import annotations

import logging

from indexer.corpus import CorpusError
from indexer.library import Library
from indexer.passages import document_titles
from zjtx.settings import Settings

log = logging.getLogger(__name__)


def all_document_titles(settings: Settings) -> dict[str, str]:
    """doc_id → title; read per call, since a help desk adds notices while the server runs."""
    titles = dict(document_titles(settings.corpus_dir))
    try:
        titles.update({entry.id: entry.title for entry in Library(settings.data_dir).entries()})
    except CorpusError as exc:
        log.warning("读取知识库清单失败，来源只显示文档编号：%s", exc)
    return titles
