"""``zjtx rewards`` (lookup) and ``zjtx rewards review`` through typer's runner, on a tiny corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from assistant.library_intake import add_notice
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from zjtx.cli_rewards import register
from zjtx.settings import Settings


@pytest.fixture
def settings(library_settings: Settings) -> Settings:
    return library_settings


@pytest.fixture
def cli(settings: Settings) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """zjtx"""

    register(app, lambda: settings)
    return app


def test_lookup_still_answers_from_the_bundled_table(cli: typer.Typer) -> None:
    result = CliRunner().invoke(cli, ["rewards", "--region", "昆山", "--title", "国家级小巨人", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    assert rows and rows[0]["region"] == "昆山市"


def test_review_lists_accepts_edits_and_rejects(cli: typer.Typer, settings: Settings, tmp_path: Path) -> None:
    runner = CliRunner()
    assert "没有待审核" in runner.invoke(cli, ["rewards", "review"]).output
    added = add_notice(settings, sf.write_paragraph_docx(tmp_path / "余杭.docx"), embeddings=HashingEmbeddings())
    pending = json.loads(runner.invoke(cli, ["rewards", "review", "--json"]).output)
    assert {p["id"] for p in pending} == {r.id for r in added.reward_rows}
    assert all(p["status_label"] == "自动提取、未经人工核对" for p in pending)

    looked = json.loads(runner.invoke(cli, ["rewards", "--region", "余杭", "--title", "国家级小巨人", "--json"]).output)
    assert looked["rows"][0]["amount_text"] == "50万元" and "未经人工核对" in looked["rows"][0]["conditions"]

    national = next(p for p in pending if "小巨人" in p["title"])
    other = next(p for p in pending if p["id"] != national["id"])
    edited = runner.invoke(cli, ["rewards", "review", "edit", national["id"], "--amount", "最高60万元"])
    assert edited.exit_code == 0 and "已人工核对" in edited.output, edited.output
    looked = json.loads(runner.invoke(cli, ["rewards", "--region", "余杭区", "--title", "国家级小巨人", "--json"]).output)
    assert looked["rows"][0]["amount_text"] == "最高60万元" and looked["rows"][0]["amount_max"] == 60
    assert "已人工核对" in looked["rows"][0]["conditions"]

    assert runner.invoke(cli, ["rewards", "review", "reject", other["id"]]).exit_code == 0
    assert runner.invoke(cli, ["rewards", "review", "--json"]).output.strip() == "[]"
    assert len(json.loads(runner.invoke(cli, ["rewards", "review", "--all", "--json"]).output)) == len(pending)

    missing = runner.invoke(cli, ["rewards", "review", "accept", "nope"])
    assert missing.exit_code == 1 and "没有编号为 nope" in missing.output
    bad = runner.invoke(cli, ["rewards", "review", "edit", national["id"], "--title", "火星奖"])
    assert bad.exit_code == 1 and "未能识别称号" in bad.output
