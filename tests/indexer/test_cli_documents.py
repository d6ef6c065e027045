"""``zjtx add / docs / remove`` through typer's runner on a tiny corpus with a fake embedder."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from indexer import builder, ingest
from indexer.corpus import library_dir, load_corpus
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from zjtx.cli_documents import register
from zjtx.settings import Settings


@pytest.fixture
def cli(tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    settings = Settings(corpus_dir=tiny_corpus, data_dir=tmp_path / "data")
    monkeypatch.setattr(builder, "load_corpus", partial(load_corpus, library_dir=library_dir(settings.data_dir)))
    fake = HashingEmbeddings()
    monkeypatch.setattr(ingest, "build_index", lambda s, **kw: builder.build_index(s, embeddings=fake, show_progress=False))
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """zjtx"""

    register(app, lambda: settings)
    return app


def test_add_prints_guesses_then_docs_and_remove(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    pdf = sf.write_notice_pdf(tmp_path / "notice.pdf")
    html = sf.write_notice_html(tmp_path / "notice.html")
    result = runner.invoke(cli, ["add", str(pdf), str(html), "--kind", "notice"])
    assert result.exit_code == 0, result.output
    assert "已添加 lib-2024-" in result.output and f"发文单位={sf.ISSUER}" in result.output
    assert "地区=余杭区" in result.output and "日期=2024-03-15" in result.output
    listed = json.loads(runner.invoke(cli, ["docs", "--json"]).output)
    assert [d["source_format"] for d in listed] == ["pdf", "html"] and all(d["chunks"] > 0 for d in listed)
    assert sf.TITLE in runner.invoke(cli, ["docs"]).output

    again = runner.invoke(cli, ["add", str(pdf)])
    assert again.exit_code == 1 and "已存在" in again.output

    removed = runner.invoke(cli, ["remove", listed[0]["id"]])
    assert removed.exit_code == 0 and "已删除" in removed.output
    assert len(json.loads(runner.invoke(cli, ["docs", "--json"]).output)) == 1
    missing = runner.invoke(cli, ["remove", "lib-2024-nothing"])
    assert missing.exit_code == 1 and "未找到文档" in missing.output


def test_bad_options_and_files_are_reported_in_chinese(cli: typer.Typer, tmp_path: Path) -> None:
    runner = CliRunner()
    txt = sf.write_notice_txt(tmp_path / "n.txt")
    assert "--kind 只能是" in runner.invoke(cli, ["add", str(txt), "--kind", "slides"]).output
    bad = runner.invoke(cli, ["add", str(sf.write_encrypted_pdf(tmp_path / "e.pdf")), str(txt)])
    assert bad.exit_code == 1 and "未添加 e.pdf：PDF 文件已加密" in bad.output
    assert "已添加" in bad.output, "一个文件失败不影响其余文件"
