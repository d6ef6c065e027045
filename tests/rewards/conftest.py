from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.rewards import RewardRow, load_reward_table
from zjtx.settings import Settings


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return Settings().corpus_dir


@pytest.fixture(scope="session")
def table() -> list[RewardRow]:
    return load_reward_table()


@pytest.fixture(scope="session")
def document_lines(corpus_dir: Path) -> dict[str, list[str]]:
    """Raw lines of every corpus document by doc id (line n is item n - 1)."""
    manifest = yaml.safe_load((corpus_dir / "manifest.yaml").read_text(encoding="utf-8"))
    return {
        doc["id"]: (corpus_dir / "documents" / doc["file"]).read_text(encoding="utf-8").split("\n")
        for doc in manifest["documents"]
    }
