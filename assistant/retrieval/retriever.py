"""The hybrid search exposed as a LangChain ``BaseRetriever`` (for chains and tools)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval.search import SearchFilters, SearchHit, SearchMode, search


def hit_to_document(hit: SearchHit) -> Document:
    chunk = hit.chunk
    return Document(
        page_content=chunk.text,
        id=chunk.chunk_id,
        metadata={
            "chunk_id": chunk.chunk_id,
            "doc_id": chunk.doc_id,
            "title": chunk.title,
            "section": chunk.section,
            "locator": chunk.locator,
            "kind": chunk.kind,
            "rule_version": chunk.rule_version,
            "score": hit.score,
            "bm25_rank": hit.bm25_rank,
            "dense_rank": hit.dense_rank,
            "dense_similarity": hit.dense_similarity,
        },
    )


class HybridRetriever(BaseRetriever):
    """BM25 + dense retrieval fused with RRF; ``mode`` selects one side for ablations."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # SearchIndex (a dataclass holding a lock; not validated by pydantic)
    k: int = 5
    mode: SearchMode = "hybrid"
    filters: SearchFilters = SearchFilters()

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        outcome = search(self.index, query, k=self.k, mode=self.mode, filters=self.filters)
        return [hit_to_document(h) for h in outcome.hits]
