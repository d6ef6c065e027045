"""The Gradio app's assembly: CSS from its static file, uploads to the 知识库 tab sized by
ZJTX_MAX_UPLOAD_MB while the JSON API keeps its small body limit, and the old module name."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from ui.app import create_web_app
from ui.gradio.app import CSS_PATH
from zjtx.settings import Settings


def _client(tmp_path: Path, max_upload_mb: float = 1) -> TestClient:
    # no lifespan: the index is never loaded, only the routes and middleware are exercised
    return TestClient(create_web_app(Settings(data_dir=tmp_path / "data", max_upload_mb=max_upload_mb)))


def test_the_css_comes_from_the_static_file(tmp_path: Path) -> None:
    css = CSS_PATH.read_text(encoding="utf-8")
    assert ".zjtx-warming" in css and ".zjtx-sources" in css
    page = _client(tmp_path).get("/config")
    assert page.status_code == 200 and ".zjtx-warming" in page.text, "the page should carry the static CSS"


def test_uploads_are_limited_by_the_upload_setting_not_the_api_body_limit(tmp_path: Path) -> None:
    client = _client(tmp_path, max_upload_mb=1)
    notice = client.post("/gradio_api/upload", files={"files": ("notice.txt", "通知".encode() * 100_000)})
    assert notice.status_code == 200, f"a 600 KB notice is over the API's 256 KB body limit but must reach Gradio: {notice.text}"
    too_big = client.post("/gradio_api/upload", files={"files": ("big.txt", b"a" * 2_000_000)})
    assert too_big.status_code == 413, "a file over ZJTX_MAX_UPLOAD_MB is refused"
    chat = client.post("/api/chat", content=b"x" * 400_000, headers={"content-type": "application/json"})
    assert chat.status_code == 413 and "请求体过大" in chat.json()["detail"], "the JSON API keeps its body limit"
