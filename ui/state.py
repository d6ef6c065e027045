"""The running app's state, shared by the JSON API and the Gradio app: the assistant service,
loaded in the background so ``/healthz`` can say "loading" meanwhile."""

from __future__ import annotations

import logging
import threading
from typing import Any

from assistant.service import AssistantService, create_service
from zjtx.settings import Settings

log = logging.getLogger(__name__)


class ServiceHolder:
    """Loads the assistant in the background so ``/healthz`` can say "loading" meanwhile."""

    def __init__(self, settings: Settings, service: AssistantService | None = None) -> None:
        self.settings = settings
        self.service = service
        self.error: str | None = None
        self._thread: threading.Thread | None = None
        # ``zjtx serve`` sets build_if_missing: with no index yet, build it in the background and
        # answer by keywords as soon as its chunks exist (``warm_start``), then switch to hybrid
        self.build_if_missing = False
        self.embeddings: Any = None  # an Embeddings instead of the configured backend (tests)

    def start_loading(self) -> None:
        if self.service is not None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._load, name="zjtx-load", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        from assistant.retrieval.search_index import load_search_index, warm_start
        from indexer.index_store import IndexStore

        try:
            if self.build_if_missing and IndexStore(self.settings.index_dir).current_build_id() is None:
                warm_start(self.settings, self._publish, embeddings=self.embeddings, show_progress=True)
            else:
                self._publish(load_search_index(self.settings, embeddings=self.embeddings))
        except Exception as exc:  # noqa: BLE001 - reported through /healthz, not raised
            log.exception("加载索引失败")
            self.error = f"加载索引失败：{exc}"

    def _publish(self, index: Any) -> None:
        """Serve ``index`` from now on (one reference swap; requests in flight keep the old one)."""
        self.service = create_service(self.settings, index=index)
