"""GET /api/criteria and ``zjtx criteria``: the same cited rows, bad values refused in Chinese."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ui.http.api import create_app
from zjtx.cli import app as cli
from zjtx.settings import Settings


def test_api_returns_rows_with_sources_and_refuses_unknown_values(tmp_path: Path) -> None:
    client = TestClient(create_app(Settings(data_dir=tmp_path / "none")))
    body = client.get("/api/criteria", params={"tier": "专精特新", "rules": "2022", "indicator": "营收"}).json()
    assert [r["id"] for r in body["rows"]] == ["zj-revenue"]
    assert body["rows"][0]["value"] == 1000 and body["rows"][0]["source"]["locator"] == "L335-L338"
    bad = client.get("/api/criteria", params={"indicator": "天气"})
    assert bad.status_code == 422 and "无法识别的指标" in bad.json()["detail"]


def test_cli_json_matches_the_lookup() -> None:
    result = CliRunner().invoke(cli, ["criteria", "--tier", "小巨人", "--indicator", "I类知识产权", "--json"])
    assert result.exit_code == 0 and '"4项' not in result.output and "4项以上" in result.output
