"""The 知识库 tab in headless Chromium: a notice uploaded with the admin token is indexed,
its reward row appears (marked) in 奖励查询, a reviewer accepts it; and while a fresh server
embeds in the background the tab shows the progress.

Each server runs on 127.0.0.1 over a small temp corpus with a hashing embedder (no model);
screenshots go to ``test-artifacts/`` like the other browser tests.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from evals.server_process import health_status, serve_app_in_thread
from indexer import builder
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from tests.ui.test_browser import OfflinePage, browser, wait_for_the_answer  # noqa: F401 - fixture
from ui.app import create_web_app
from zjtx.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow

TOKEN = "browser-admin-token-0123456789"


class SlowEmbeddings(HashingEmbeddings):
    """Hashing vectors at a pace a page can watch (a real embedder takes minutes on a corpus)."""

    def __init__(self, seconds_per_batch: float) -> None:
        super().__init__()
        self.seconds_per_batch = seconds_per_batch

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(self.seconds_per_batch)
        return super().embed_documents(texts)


def _serve(settings: Settings, embeddings: Any, build_if_missing: bool = False,
           healthy: tuple[str, ...] = ("ok",)) -> Iterator[tuple[str, Any]]:
    """``create_web_app`` served by uvicorn on 127.0.0.1 until /healthz reports one of ``healthy``."""
    app = create_web_app(settings)
    holder = app.state.holder
    holder.embeddings = embeddings
    holder.build_if_missing = build_if_missing
    with serve_app_in_thread(app, health_status(*healthy), timeout_s=60, poll_s=0.1) as url:
        yield url, holder


def _corpus_with_rewards(small_corpus: Path) -> Path:
    shutil.copyfile(PROJECT_ROOT / "corpus" / "rewards.csv", small_corpus / "rewards.csv")
    return small_corpus


@pytest.fixture
def admin_server(small_corpus: Path, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    settings = Settings(corpus_dir=_corpus_with_rewards(small_corpus), data_dir=tmp_path / "data",
                        admin_token=SecretStr(TOKEN), rate_limit_per_minute=0)
    fake = HashingEmbeddings()
    builder.build_index(settings, embeddings=fake, show_progress=False)
    yield from _serve(settings, fake)


@pytest.fixture
def warming_server(small_corpus: Path, tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A server started on a corpus with no index: it answers by keywords while embedding."""
    settings = Settings(corpus_dir=_corpus_with_rewards(small_corpus), data_dir=tmp_path / "data",
                        embed_batch_size=2, rate_limit_per_minute=0)
    yield from _serve(settings, SlowEmbeddings(0.5), build_if_missing=True, healthy=("warming",))


def _page(browser: Any, url: str) -> Iterator[OfflinePage]:  # noqa: F811
    page = OfflinePage(browser, url)
    yield page
    assert page.external == [], f"the page fetched from outside the server (must work offline): {page.external}"
    page.context.close()


def test_a_notice_uploaded_with_the_token_shows_its_reward_row_in_rewards(
    browser: Any, admin_server: tuple[str, Any], tmp_path: Path,  # noqa: F811
) -> None:
    url, holder = admin_server
    for ui_page in _page(browser, url):
        page = ui_page.open("知识库")
        page.fill("#zjtx-admin-token input", TOKEN)
        notice = sf.write_paragraph_docx(tmp_path / "余杭区专精特新措施.docx")
        page.set_input_files("#zjtx-upload input[type=file]", str(notice))
        # the metadata form is prefilled from the file's text, for confirmation
        page.wait_for_function(
            f"document.querySelector('#zjtx-meta-issuer textarea, #zjtx-meta-issuer input').value === '{sf.ISSUER}'")
        assert page.input_value("#zjtx-meta-region textarea, #zjtx-meta-region input") == "余杭区"
        assert "请核对" in page.inner_text("#zjtx-prefill-note")
        ui_page.screenshot("ui-knowledge-prefilled.png")

        page.click("#zjtx-add")
        page.wait_for_function("document.querySelector('#zjtx-add-result').innerText.includes('已添加')", timeout=120_000)
        result = page.inner_text("#zjtx-add-result")
        assert "自动提取、未经人工核对" in result and "50万元" in result, result
        page.wait_for_function("document.querySelector('#zjtx-review-table').innerText.includes('待核对')")
        page.wait_for_function("document.querySelector('#zjtx-library').innerText.includes('余杭区专精特新措施.docx')")
        ui_page.screenshot("ui-knowledge-added.png")
        assert holder.service is not None and any(c.doc_id.startswith("lib-") for c in holder.service.index.chunks), \
            "the running server should serve the build with the new notice"

        # asked in chat right after the upload: answered from the new notice, cited to it
        page.get_by_role("tab", name="问答").click()
        page.fill("#zjtx-question textarea", "余杭区对国家级小巨人奖励多少？")
        page.keyboard.press("Enter")
        page.wait_for_function("document.querySelector('#zjtx-sources').innerText.includes('余杭')", timeout=60_000)
        answer = wait_for_the_answer(page, 1)
        assert answer.startswith("余杭区") and "50万元" in answer.split("\n")[0], answer
        assert "自动提取" in answer, answer
        ui_page.screenshot("ui-chat-added-notice.png")

        # 奖励查询 was refreshed after the upload: its note now speaks of rows read automatically
        page.get_by_role("tab", name="奖励查询").click()
        page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.includes('自动提取')")
        box = page.locator("#zjtx-region input")  # the table scrolls virtually: filter to see the row
        box.click()
        box.fill("余杭区")
        box.press("Enter")
        page.wait_for_function("document.querySelector('#zjtx-rewards-table').innerText.includes('余杭区')")
        table = page.inner_text("#zjtx-rewards-table")
        assert "50万元" in table and "自动提取、未经人工核对" in table, table
        ui_page.screenshot("ui-rewards-with-added-notice.png")

        # a reviewer accepts the row: 奖励查询 now says it was checked
        page.get_by_role("tab", name="知识库").click()
        page.click("#zjtx-review-accept")
        page.wait_for_function("document.querySelector('#zjtx-review-result').innerText.includes('已接受')")
        page.get_by_role("tab", name="奖励查询").click()
        page.wait_for_function("document.querySelector('#zjtx-rewards-table').innerText.includes('已人工核对')")


def test_wrong_token_is_refused_in_the_page(browser: Any, admin_server: tuple[str, Any], tmp_path: Path) -> None:  # noqa: F811
    url, _holder = admin_server
    for ui_page in _page(browser, url):
        page = ui_page.open("知识库")
        page.fill("#zjtx-admin-token input", "not-the-token")
        # told at once, and no upload or add button to press (new-user trial 46)
        page.wait_for_function("document.querySelector('#zjtx-admin-token-note').innerText.includes('管理员令牌无效')")
        assert not page.locator("#zjtx-upload").is_visible() and not page.locator("#zjtx-add").is_visible()


def test_the_tab_shows_embedding_progress_while_the_server_warms(
    browser: Any, warming_server: tuple[str, Any],  # noqa: F811
) -> None:
    url, holder = warming_server
    for ui_page in _page(browser, url):
        page = ui_page.open("知识库")
        page.wait_for_function("document.querySelector('#zjtx-warming').innerText.includes('正在后台向量化')")
        assert "关键词检索" in page.inner_text("#zjtx-warming")
        assert page.query_selector("#zjtx-warming progress") is not None
        ui_page.screenshot("ui-knowledge-warming.png")
        # once every vector is stored the server switches to hybrid and the progress goes away
        page.wait_for_function("document.querySelector('#zjtx-warming').innerText.trim() === ''", timeout=120_000)
        assert httpx.get(f"{url}/healthz", timeout=5).json()["status"] == "ok"
        assert holder.service.index.warming is None
