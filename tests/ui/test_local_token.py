"""The local admin token ``zjtx serve`` makes when ``ZJTX_ADMIN_TOKEN`` is unset (new-user trial 39: a fresh
``make run`` refused every upload until the server was restarted with the variable set)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import SecretStr

from zjtx.local_token import TOKEN_FILE, with_local_token
from zjtx.settings import Settings


@pytest.fixture(autouse=True)
def _no_token_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # set, then removed: the variable with_local_token sets is undone after each test
    monkeypatch.setenv("ZJTX_ADMIN_TOKEN", "")
    monkeypatch.delenv("ZJTX_ADMIN_TOKEN")


def test_an_unset_token_is_made_once_in_a_file_only_the_user_reads(tmp_path: Path) -> None:
    settings, path = with_local_token(Settings(data_dir=tmp_path, admin_token=None))
    assert path == tmp_path / TOKEN_FILE
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    assert len(token) >= 20 and path.read_text(encoding="utf-8").strip() == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, _ = with_local_token(Settings(data_dir=tmp_path, admin_token=None))
    assert again.admin_token is not None and again.admin_token.get_secret_value() == token, "重启后沿用同一令牌"


def test_the_token_reaches_worker_processes_through_the_environment(tmp_path: Path) -> None:
    settings, _ = with_local_token(Settings(data_dir=tmp_path, admin_token=None))
    worker = Settings(data_dir=tmp_path)  # a --workers process reads its own settings
    assert worker.admin_token is not None and settings.admin_token is not None
    assert worker.admin_token.get_secret_value() == settings.admin_token.get_secret_value()


def test_a_configured_token_wins_and_the_local_one_can_be_turned_off(tmp_path: Path) -> None:
    given = Settings(data_dir=tmp_path, admin_token=SecretStr("my-own-token"))
    assert with_local_token(given) == (given, None)
    off = Settings(data_dir=tmp_path, admin_token=None, local_admin_token=False)
    assert with_local_token(off) == (off, None) and not (tmp_path / TOKEN_FILE).exists()
