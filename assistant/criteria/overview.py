"""What the 2026 measures changed as a whole: the report's table of changes, each row cited."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel

OVERVIEW_FILE = Path(__file__).resolve().parent / "overview.yaml"


class Change(BaseModel):
    feature: str
    locator: str


class VersionOverview(BaseModel):
    doc_id: str
    caption_locator: str
    caption: str
    changes: list[Change]


@lru_cache(maxsize=1)
def load_overview(path: Path = OVERVIEW_FILE) -> VersionOverview:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    caption = data["caption"]
    return VersionOverview(doc_id=caption["doc_id"], caption_locator=caption["locator"], caption=caption["text"],
                           changes=[Change(**c) for c in data["changes"]])
