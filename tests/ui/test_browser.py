"""The real web page in headless Chromium, served by uvicorn on the real corpus index.

Drives each tab the way a user would and saves one screenshot per tab under
``test-artifacts/``. Also checks, without the browser, that a 20-turn conversation
through the UI's chat handler stays quick and sends the assistant a bounded history.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pydantic import SecretStr

from evals.server_process import answers_200, serve_app_in_thread
from ui.app import create_web_app
from ui.gradio import rewards_tab
from ui.gradio.app import WebUI
from ui.gradio.chat_tab import MAX_HISTORY_TURNS, ChatTab
from ui.state import ServiceHolder
from zjtx.settings import PROJECT_ROOT, Settings

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
TIMEOUT_MS = 30_000
ADMIN_TOKEN = "browser-admin-token-real-corpus"


@pytest.fixture(scope="module")
def server_url(real_settings: Settings, real_service: Any) -> Iterator[str]:
    """``create_web_app`` (API + Gradio at /) served by uvicorn in a background thread, with an
    admin token so that the 知识库 tab's writes can be tried both ways."""
    settings = real_settings.model_copy(update={"admin_token": SecretStr(ADMIN_TOKEN)})
    with serve_app_in_thread(create_web_app(settings, service=real_service), answers_200("/healthz"),
                             timeout_s=60) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's package (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: .venv/bin/pip install playwright (dev dependency)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


class OfflinePage:
    """A fresh page that may only talk to our server; anything else is aborted and recorded."""

    def __init__(self, browser: Any, url: str, locale: str = "zh-CN") -> None:
        self.url = url
        self.external: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        target = route.request.url
        if target.startswith((self.url, "data:", "blob:")):
            route.continue_()
        else:
            self.external.append(target)
            route.abort()

    def open(self, tab: str | None = None) -> Any:
        self.page.goto(self.url + "/")
        self.page.wait_for_selector("#zjtx-question textarea")
        if tab:
            self.page.get_by_role("tab", name=tab).click()
        return self.page

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.fixture
def ui_page(browser: Any, server_url: str) -> Iterator[OfflinePage]:
    page = OfflinePage(browser, server_url)
    yield page
    assert page.external == [], f"the page fetched from outside the server (must work offline): {page.external}"
    page.context.close()


def _input_tops_by_row(page: Any) -> list[list[int]]:
    """The top edge of every visible box of the 资格自测 form, row by row."""
    return page.evaluate("""() => [...document.querySelectorAll('.zjtx-profile-row')].filter(r => r.offsetParent)
        .map(r => [...r.querySelectorAll('[id^=profile-]')].map(b => b.querySelector('textarea, fieldset > .wrap'))
            .filter(e => e && e.offsetParent).map(e => Math.round(e.getBoundingClientRect().top)))""")


def wait_for_the_answer(page: Any, answers: int, timeout_ms: int = TIMEOUT_MS) -> str:
    """Wait until the chat holds ``answers`` answers and the newest has finished streaming; its text.

    The sources panel fills with an answer's first piece, so it cannot say the answer is complete:
    Gradio hides the chat's progress tracker once the turn's event has ended."""
    page.wait_for_function("""(answers) => {
        const bots = document.querySelectorAll('#zjtx-chatbot .bot');
        const tracker = document.querySelector('#zjtx-chatbot [data-testid=status-tracker]');
        const text = bots.length ? bots[bots.length - 1].innerText.trim() : '';
        return bots.length >= answers && text !== '' && text !== '……' && tracker && tracker.classList.contains('hide');
    }""", arg=answers, timeout=timeout_ms)
    return page.eval_on_selector_all("#zjtx-chatbot .bot", "els => els.map(e => e.innerText)")[-1]


def _no_injected_elements(page: Any, selector: str) -> None:
    tags = page.eval_on_selector_all(f"{selector} *", "els => [...new Set(els.map(e => e.tagName))]")
    assert set(tags) <= {"OL", "LI", "DIV", "SPAN", "P", "MARK", "H4", "UL", "TABLE", "THEAD", "TBODY", "TR", "TH", "TD"}, (
        f"corpus text produced unexpected elements in {selector}: {tags}"
    )


def test_api_and_openapi_stay_under_their_paths(server_url: str) -> None:
    assert httpx.get(f"{server_url}/openapi.json").json()["paths"].keys() >= {"/api/chat", "/api/rewards"}
    home = httpx.get(f"{server_url}/")
    assert home.status_code == 200 and "gradio" in home.text.lower(), "the Gradio UI is served at /"
    assert '<html' in home.text and 'lang="zh-CN"' in home.text.split(">", 2)[1], "the page declares Chinese"


def test_chat_streams_a_cited_answer_and_shows_its_sources(ui_page: OfflinePage) -> None:
    page = ui_page.open()
    # record every length the answer bubble takes while it streams
    page.evaluate("""() => {
        window.zjtxLengths = [];
        new MutationObserver(() => {
            const bots = document.querySelectorAll('#zjtx-chatbot .bot');
            if (bots.length) window.zjtxLengths.push(bots[bots.length - 1].innerText.length);
        }).observe(document.querySelector('#zjtx-chatbot'), {subtree: true, childList: true, characterData: true});
    }""")
    page.get_by_role("button", name="北交所是哪天注册成立的？").click()  # an example question
    page.wait_for_function("document.querySelector('#zjtx-sources').innerText.includes('[1]')")
    wait_for_the_answer(page, 1)

    answer = page.inner_text("#zjtx-chatbot")
    assert "2021年9月3日" in answer, f"expected the founding date of 北交所 in the answer, got: {answer}"
    assert "[1]" in answer
    sources = page.inner_text("#zjtx-sources")
    assert "L" in sources and "2021年9月3日" in sources, f"the sources panel should quote the cited passage: {sources}"
    locators = page.eval_on_selector_all("#zjtx-sources .zjtx-locator", """els => els.map(e =>
        [e.innerText, getComputedStyle(e).whiteSpace, e.getClientRects().length])""")
    assert locators and all(style == "nowrap" and lines == 1 for _, style, lines in locators), (
        f"each locator (L153-L160) stays on one line, not broken after its hyphen: {locators}")
    marked = page.eval_on_selector_all("#zjtx-sources mark", "els => els.map(e => e.innerText)")
    assert any("2021年9月3日" in m for m in marked), f"the quoted sentence should be highlighted, marks: {marked}"
    lengths = sorted(set(page.evaluate("window.zjtxLengths")))
    assert len(lengths) >= 3, f"the answer should stream in several steps, saw lengths {lengths}"
    ui_page.screenshot("ui-chat.png")

    page.click("#zjtx-new-chat")
    page.wait_for_function("!document.querySelector('#zjtx-sources').innerText.includes('[1]')")
    assert "2021年9月3日" not in page.inner_text("#zjtx-chatbot"), "新对话 should clear the conversation"


def test_reward_question_in_chat_shows_the_amounts_once_and_cites_the_passages(ui_page: OfflinePage) -> None:
    """The answer holds the reward table; the sources panel its cited passages; no third copy."""
    page = ui_page.open()
    page.set_viewport_size({"width": 1280, "height": 800})  # the window of the new-user trial
    page.fill("#zjtx-question textarea", "昆山对国家级小巨人奖励多少？")
    page.click("#zjtx-send")
    answer = wait_for_the_answer(page, 1)
    table = page.inner_text("#zjtx-chatbot .bot table")
    assert re.search(r"昆山市\s+国家级专精特新“小巨人”\s+50万元", table), f"the answer's table: {table}"
    sources = page.inner_text("#zjtx-sources")
    assert "[1]" in sources and "昆山市对新认定为" in sources, f"the sources quote the cited passage: {sources}"
    assert page.locator("#zjtx-sources table").count() == 0, "the sources are passages, not a table of amounts"
    tools = page.inner_text("#zjtx-tools")
    assert "奖励查询结果" not in tools and page.locator("#zjtx-tools table").count() == 0, (
        f"the amounts the answer shows are not repeated under the sources: {tools}")
    assert "amount_text" not in answer and "{" not in answer, f"the answer is words and a table: {answer}"

    # the chat grows with the answer and leaves the question box and its buttons in view
    chat, send, new_chat = (page.locator(s).bounding_box() for s in ("#zjtx-chatbot", "#zjtx-send", "#zjtx-new-chat"))
    assert chat and send and new_chat
    assert new_chat["y"] + new_chat["height"] <= 800 and page.evaluate("window.scrollY") == 0, (
        f"at 1280×800 the question box and 新对话 stay in the window: {send}, {new_chat}")
    ui_page.screenshot("ui-chat-reward.png")


def test_a_criteria_answer_lists_its_rows_and_a_long_answer_keeps_its_question_in_view(ui_page: OfflinePage) -> None:
    page = ui_page.open()
    page.fill("#zjtx-question textarea", "我们厂想报专精特新中小企业，按2022年那个暂行办法，营收得到多少才行？")
    page.click("#zjtx-send")
    page.wait_for_function("document.querySelector('#zjtx-tools').innerText.includes('认定条件查询')")
    tools = page.inner_text("#zjtx-tools")
    assert "专精特新中小企业 · 2022版 · 营业收入" in tools and "上年度营业收入总额在1000万元以上" in tools
    assert "{" not in tools and "lookup_criteria" not in tools, f"tool results must be readable: {tools}"
    wait_for_the_answer(page, 1)  # the panel fills with the answer's first piece: let it finish

    # a long answer (an eligibility check with its open points) that scrolls the chat
    page.fill("#zjtx-question textarea", "我们干这行5年了，去年营收1300万，研发投了120万，按新办法能评专精特新中小企业吗？")
    page.click("#zjtx-send")
    wait_for_the_answer(page, 2)
    page.wait_for_timeout(500)  # the scroll runs after the last update is drawn
    top, bottom, question_top, question_bottom, label_bottom = page.evaluate("""() => {
        const wrap = document.querySelector('#zjtx-chatbot .bubble-wrap').getBoundingClientRect();
        const questions = document.querySelectorAll('#zjtx-chatbot .message.user');
        const question = questions[questions.length - 1].getBoundingClientRect();
        const label = document.querySelector('#zjtx-chatbot label[data-testid="block-label"]');
        return [wrap.top, wrap.bottom, question.top, question.bottom, label ? label.getBoundingClientRect().bottom : wrap.top];
    }""")
    assert top - 1 <= question_top and question_bottom <= bottom + 1, (
        f"the newest question must stay in view after its answer: chat {top}-{bottom}, question {question_top}-{question_bottom}")
    assert question_top >= label_bottom, f"the chat's 对话 label must not cover the question: {label_bottom} > {question_top}"


def test_a_reward_table_in_the_chat_fits_its_bubble_and_the_sources_keep_pace_with_the_answer(
    ui_page: OfflinePage,
) -> None:
    page = ui_page.open()
    page.fill("#zjtx-question textarea", "昆山和太仓对国家级小巨人奖励分别多少？")
    page.click("#zjtx-send")
    wait_for_the_answer(page, 1)
    previous_sources = page.inner_text("#zjtx-sources")
    # every state the page shows while the next answer streams: its text so far beside the sources panel
    page.evaluate("""() => {
        window.zjtxStates = [];
        new MutationObserver(() => {
            const bots = document.querySelectorAll('#zjtx-chatbot .bot');
            window.zjtxStates.push([bots.length, bots.length ? bots[bots.length - 1].innerText.trim() : '',
                                    document.querySelector('#zjtx-sources').innerText]);
        }).observe(document.body, {subtree: true, childList: true, characterData: true});
    }""")
    page.fill("#zjtx-question textarea", "苏州各区对小巨人的奖励")
    page.click("#zjtx-send")
    answer = wait_for_the_answer(page, 2)
    sources = page.inner_text("#zjtx-sources")
    assert sources != previous_sources and "[1]" in sources, f"the new answer has its own sources: {sources[:200]}"
    # the states showing part of the new answer (not its "……" placeholder, nor Gradio's "Loading content")
    streamed = [(text, shown) for answers, text, shown in page.evaluate("window.zjtxStates")
                if answers == 2 and text[:8] == answer.strip()[:8]]
    assert len({text for text, _ in streamed}) >= 3, "the answer streams in several pieces"
    behind = [text[:30] for text, shown in streamed if shown != sources]
    assert not behind, (f"the sources panel lagged behind the answer ({len(behind)} of {len(streamed)} states "
                        f"showed other sources beside the new answer's text, e.g. {behind[:2]})")

    layout = page.evaluate("""() => {
        const bots = document.querySelectorAll('#zjtx-chatbot .bot');
        const table = bots[bots.length - 1].querySelector('table');
        const content = table.closest('.message-content');
        const lines = cell => { const range = document.createRange(); range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; };
        const column = n => [...table.querySelectorAll(`tbody td:nth-child(${n})`)];
        const box = e => e.getBoundingClientRect();
        return {header: [...table.querySelectorAll('th')].map(th => th.innerText.trim()),
                table: [box(table).left, box(table).right], content: [box(content).left, box(content).right],
                overflow: getComputedStyle(table).overflowX,
                regions: column(1).map(lines), honours: column(2).map(lines), amounts: column(3).map(lines),
                amountTexts: column(3).map(c => c.innerText),
                textSize: parseFloat(getComputedStyle(content).fontSize),
                longSizes: [...column(4), ...column(5)].map(c => parseFloat(getComputedStyle(c).fontSize))};
    }""")
    assert layout["header"] == ["地区", "称号", "奖励", "条件", "参考政策", "出处"], layout["header"]
    assert len(layout["amounts"]) >= 5, f"苏州's districts fill several rows: {answer[:200]}"
    assert all(n == 1 for n in layout["amounts"]), (
        f"each reward amount should stay on one line, lines per cell: {list(zip(layout['amountTexts'], layout['amounts'], strict=True))}")
    assert max(layout["regions"]) <= 2 and max(layout["honours"]) <= 2, (
        f"a region or honour should take two lines at most: {layout['regions']}, {layout['honours']}")
    (left, right), (content_left, content_right) = layout["table"], layout["content"]
    assert left <= content_left + 1 and right >= content_right - 1, f"the table spans the bubble: {layout}"
    assert right <= content_right + 1 and layout["overflow"] in ("auto", "scroll"), (
        f"a wider table scrolls inside the bubble instead of spilling out: {layout}")
    assert all(size < layout["textSize"] for size in layout["longSizes"]), (
        f"the long 条件 and 参考政策 texts are set smaller than the answer: {layout['longSizes']} vs {layout['textSize']}")
    ui_page.screenshot("ui-chat-reward-table.png")


def test_eligibility_form_shows_the_failed_criterion_and_its_gap(ui_page: OfflinePage) -> None:
    page = ui_page.open("资格自测")
    for field, value in (("revenue_last_year", "1200"), ("rd_expense_last_year", "80"), ("years_in_niche", "3")):
        page.locator(f"#profile-{field}").get_by_role("textbox").fill(value)
    page.locator("#zjtx-rules").get_by_text("2022年暂行办法", exact=True).click()
    page.locator("#zjtx-tier").get_by_text("专精特新中小企业", exact=True).click()
    page.click("#zjtx-check")
    page.wait_for_selector("#zjtx-eligibility-result table")

    result = page.inner_text("#zjtx-eligibility-result")
    assert "结论：不符合" in result
    failed = page.eval_on_selector_all("#zjtx-eligibility-result tr.zjtx-fail", "rows => rows.map(r => r.innerText)")
    assert any("✗" in row and "20万" in row for row in failed), f"expected the R&D criterion failed by 20万元: {failed}"
    assert "差距" in result and "规则依据" in result and "需要补充的信息" in result
    assert "✓" in result and "?" in result
    ui_page.screenshot("ui-eligibility.png")

    page.get_by_text("更多指标（选填）").click()
    page.wait_for_selector("#profile-i_class_ip_count textarea")
    rows = _input_tops_by_row(page)
    assert len(rows) >= 3 and all(len(set(tops)) == 1 for tops in rows), (
        f"the boxes of each form row should line up whatever their labels' length, tops: {rows}")


def _choose(page: Any, dropdown: str, value: str) -> None:
    box = page.locator(f"{dropdown} input")
    box.click()
    box.fill(value)
    box.press("Enter")


def test_rewards_filter_by_region_shows_every_honour_of_it_and_a_chart(ui_page: OfflinePage) -> None:
    page = ui_page.open("奖励查询")
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.trim() !== ''")  # first load
    assert page.input_value("#zjtx-title input") == "国家级专精特新“小巨人”", "the page opens on one honour"
    _choose(page, "#zjtx-region", "昆山")  # only a region: the opening honour must not hide 昆山's other rows
    page.wait_for_function(
        "(() => { const t = document.querySelector('#zjtx-rewards-table').innerText;"
        " return t.includes('昆山市') && t.includes('省级专精特新') && !t.includes('太仓市'); })()"
    )
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.includes('共 5 条')")
    table = page.inner_text("#zjtx-rewards-table")
    assert re.search(r"昆山市\s+国家级专精特新“小巨人”\s+50万元", table), f"expected the 昆山市 小巨人 row: {table}"
    assert page.input_value("#zjtx-title input") == "全部称号", "the honour filter says it shows every honour"
    assert re.search(r"L\d+-L\d+", table), "every reward row cites its source lines"
    page.wait_for_selector("#zjtx-rewards-chart svg, #zjtx-rewards-chart canvas")
    ui_page.screenshot("ui-rewards.png")

    # an honour the user picks is kept when the region changes: 太仓's 小巨人 row only
    _choose(page, "#zjtx-title", "国家级专精特新“小巨人”")
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.includes('共 1 条')")
    _choose(page, "#zjtx-region", "太仓")
    page.wait_for_function("document.querySelector('#zjtx-rewards-table').innerText.includes('太仓市')")
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.includes('共 1 条')")
    assert page.input_value("#zjtx-title input") == "国家级专精特新“小巨人”", "the picked honour is kept"
    assert "省级专精特新" not in page.inner_text("#zjtx-rewards-table")


REWARDS_SETTLED = """() => [...document.querySelectorAll('#zjtx-rewards-note, #zjtx-rewards-table, #zjtx-title')]
    .every(e => [...e.querySelectorAll('[data-testid=status-tracker]')].every(t => t.classList.contains('hide')))"""
SLOW_QUERY_S = 0.6


def _rewards_shown(page: Any) -> tuple[str, str, str]:
    """奖励查询 once its queries are done and no slow one is still to land: the honour shown, the note,
    the table."""
    page.wait_for_function(REWARDS_SETTLED)
    page.wait_for_timeout(int(SLOW_QUERY_S * 1000) + 900)
    page.wait_for_function(REWARDS_SETTLED)
    return (page.input_value("#zjtx-title input"), page.inner_text("#zjtx-rewards-note"),
            page.inner_text("#zjtx-rewards-table"))


def test_a_region_typed_and_searched_at_once_lists_the_rows_of_the_honour_shown(
    ui_page: OfflinePage, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """New-user trial 25 typed 常熟 and pressed 查询: the click also commits the typed region, and the
    two queries ran side by side, 查询's with the opening honour, the region's resetting it to 全部称号:
    when 查询's came back last, 全部称号 stood above 共 1 条 (the 小巨人 row of 常熟's four). Here a
    query for a named honour takes a little longer, as on a busy server, so that it does."""
    lookup = rewards_tab.lookup_rewards

    def slow_for_a_named_honour(**query: Any) -> Any:
        if query.get("title"):
            time.sleep(SLOW_QUERY_S)
        return lookup(**query)

    monkeypatch.setattr(rewards_tab, "lookup_rewards", slow_for_a_named_honour)  # the server runs in this process
    page = ui_page.open("奖励查询")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("document.querySelector('#zjtx-rewards-note').innerText.trim() !== ''")  # first load
    box = page.locator("#zjtx-region input")
    box.click()
    box.fill("常熟")
    page.click("#zjtx-rewards-search")
    title, note, table = _rewards_shown(page)
    assert title == "全部称号" and "共 4 条" in note and "省级专精特新中小企业" in table, (
        f"常熟 asked without a picked honour lists its four rows under 全部称号: 称号 shows {title!r}, "
        f"the result says {note.strip()!r}")
    ui_page.screenshot("ui-rewards-region-and-search.png")

    # an honour picked and a region chosen straight after: the region keeps the picked honour
    _choose(page, "#zjtx-title", "国家级专精特新“小巨人”")
    _choose(page, "#zjtx-region", "太仓")
    title, note, table = _rewards_shown(page)
    assert title == "国家级专精特新“小巨人”" and "共 1 条" in note and "太仓市" in table, (
        f"the honour picked just before is kept for 太仓: 称号 shows {title!r}, the result says {note.strip()!r}")


def test_rewards_table_fits_the_page_and_the_chart_leaves_out_summaries(ui_page: OfflinePage) -> None:
    page = ui_page.open("奖励查询")  # first load: 全部地区 × 国家级小巨人, 30 rows
    page.wait_for_function("document.querySelector('#zjtx-rewards-chart-note').innerText.includes('全国')")
    sideways = page.evaluate("""() => [...document.querySelectorAll('#zjtx-rewards-table *')]
        .filter(e => e.scrollWidth > e.clientWidth + 2 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
        .length""")
    assert sideways == 0, "every column fits the page: no sideways scrolling inside the table"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "nor on the page"
    headers = page.inner_text("#zjtx-rewards-table thead")
    assert all(h in headers for h in ("条件与说明", "政策文件", "出处", "性质")), headers
    note = page.inner_text("#zjtx-rewards-chart-note")
    assert "苏州工业园区" in note and "累计不超过100万元" in note, note
    page.wait_for_selector("#zjtx-rewards-chart svg, #zjtx-rewards-chart canvas")
    legend = page.evaluate("""() => { const c = document.querySelector('#zjtx-rewards-chart');
        const box = c.getBoundingClientRect();
        return [...c.querySelectorAll('svg .role-legend-label text')]
            .filter(t => t.getBoundingClientRect().bottom <= box.bottom).map(t => t.textContent); }""")
    assert "上限（最高/不超过）" in legend, f"the colour legend must be visible, not cut off: {legend}"


def test_corpus_tab_shows_provenance_status_and_escaped_passages(ui_page: OfflinePage, real_service: Any) -> None:
    page = ui_page.open("知识库")
    build = real_service.index.build
    page.wait_for_function(f"document.querySelector('#zjtx-index-status').innerText.includes('{build.build_id}')")
    status = page.inner_text("#zjtx-index-status")
    assert f"{build.chunk_count} 段" in status and "用时" in status
    documents = page.inner_text("#zjtx-documents")
    assert "金融安全研究中心" in documents and "000_0a839f9ef2ef7104.txt" in documents
    block_right, cells_right = page.evaluate("""() => { const block = document.querySelector('#zjtx-documents');
        const cells = [...block.querySelectorAll('thead th, tbody td')].filter(c => c.offsetParent);
        return [block.getBoundingClientRect().right, Math.max(...cells.map(c => c.getBoundingClientRect().right))]; }""")
    assert cells_right <= block_right + 1, (
        f"every column of the documents table (文件（原始文件） last) fits the page: cells end at {cells_right}, "
        f"the table at {block_right}")

    # a passage whose text contains "<" must show it as text, not as markup
    page.fill("#zjtx-search-query textarea", "规模型企业 专利<20件 参保>100人")
    page.click("#zjtx-search")
    page.wait_for_selector("#zjtx-search-hits li")
    hits = page.inner_text("#zjtx-search-hits")
    assert "专利<20件" in hits, f"expected the passage with 专利<20件 shown verbatim: {hits[:400]}"
    _no_injected_elements(page, "#zjtx-search-hits")

    # the admin panels show only once a token is typed: a visitor sees none of the buttons
    assert not page.locator("#zjtx-rebuild").is_visible() and not page.locator("#zjtx-add").is_visible()
    # rebuilding is a write: the token field comes first, and a wrong token is told so and opens nothing
    page.fill("#zjtx-admin-token input", "not-the-token")
    page.wait_for_function("document.querySelector('#zjtx-admin-token-note').innerText.includes('管理员令牌无效')")
    assert not page.locator("#zjtx-rebuild").is_visible()
    page.fill("#zjtx-admin-token input", ADMIN_TOKEN)
    page.wait_for_selector("#zjtx-rebuild", state="visible")
    token_box, rebuild_box = (page.locator(s).bounding_box() for s in ("#zjtx-admin-token", "#zjtx-rebuild"))
    assert token_box and rebuild_box and token_box["y"] + token_box["height"] <= rebuild_box["y"], (
        f"the admin token field should come before 重建索引: {token_box}, {rebuild_box}")
    assert not page.inner_text("#zjtx-admin-token-note").strip()
    page.click("#zjtx-rebuild")  # incremental: the corpus is unchanged, so this is quick
    page.wait_for_function("document.querySelector('#zjtx-rebuild-result').innerText.includes('语料未变化')")
    page.wait_for_function("""[...document.querySelectorAll('[data-testid=status-tracker]')]
        .every(t => t.classList.contains('hide'))""")  # the overview refreshed after the rebuild
    ui_page.screenshot("ui-corpus.png")


def test_gradio_chrome_is_chinese_in_an_english_browser_and_has_no_api_link(browser: Any, server_url: str) -> None:
    ui_page = OfflinePage(browser, server_url, locale="en-US")
    page = ui_page.open()
    page.evaluate("""() => { window.zjtxSaid = []; new MutationObserver(() => {
        for (const e of document.querySelectorAll('[role=status][aria-live]'))
            if (e.textContent.trim()) window.zjtxSaid.push(e.textContent.trim()); })
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    # no footer: no API link, and no settings panel with Gradio's untranslated English
    assert page.locator("footer a, footer button").count() == 0, page.inner_text("body")[-300:]

    page.get_by_role("tab", name="资格自测").click()
    page.locator("#profile-revenue_last_year").get_by_role("textbox").fill("1200")
    page.click("#zjtx-check")
    page.wait_for_selector("#zjtx-eligibility-result table")
    # Gradio announces an event's end to screen readers up to 5 s after its start
    page.wait_for_function("window.zjtxSaid.includes('完成')", timeout=10_000)
    said = page.evaluate("window.zjtxSaid")
    assert not any("common." in text for text in said), f"screen readers were told an untranslated key: {said}"

    page.get_by_role("tab", name="知识库").click()
    page.fill("#zjtx-admin-token input", ADMIN_TOKEN)  # the upload box shows once the token is typed
    page.wait_for_selector("#zjtx-upload", state="visible")
    upload = page.inner_text("#zjtx-upload")
    assert "将文件拖放到此处" in upload and "点击上传" in upload and "Drop" not in upload, upload
    # ...and what a screen reader says of the box (Gradio writes it in English, no i18n key reaches it)
    page.wait_for_function("""document.querySelector('#zjtx-upload [aria-dropeffect]')
        .getAttribute('aria-label') === '点击上传或拖放文件'""")
    # ...and of the file input inside it (trial 48: "File upload")
    page.wait_for_function("""[...document.querySelectorAll('#zjtx-upload input[type=file]')]
        .every(e => e.getAttribute('aria-label') !== 'File upload')""")
    # labels Gradio writes into its components in English (tables, the chart, the chat log)
    page.get_by_role("tab", name="奖励查询").click()
    page.wait_for_selector("[role=toolbar]")
    labels = page.evaluate("""() => [...document.querySelectorAll('[aria-label],[title]')]
        .flatMap(e => [e.getAttribute('aria-label'), e.getAttribute('title')]).filter(Boolean)""")
    english = [label for label in labels if label in {"Copy table data", "Fullscreen", "Table actions",
                                                     "chatbot conversation", "Vega visualization",
                                                     "Click to upload or drop files"}]
    assert not english, english
    assert "表格操作" in labels and "对话记录" in labels, labels
    assert ui_page.external == [], f"the page fetched from outside the server: {ui_page.external}"
    ui_page.context.close()


class RecordingService:
    """The real assistant, recording how many messages each turn sends it."""

    def __init__(self, service: Any) -> None:
        self.service = service
        self.sizes: list[int] = []

    def chat(self, messages: list[Any]) -> Any:
        self.sizes.append(len(messages))
        return self.service.chat(messages)


def test_twenty_turn_conversation_stays_responsive_and_bounded(real_settings: Settings, real_service: Any) -> None:
    spy = RecordingService(real_service)
    ui = ChatTab(ServiceHolder(real_settings, spy), stream_seconds=0)  # type: ignore[arg-type]
    questions = ["北交所是哪天注册成立的？", "太仓对小巨人奖励多少？", "那昆山呢？",
                 "我们营收1200万、研发80万，能评专精特新吗？", "专精特新中小企业的研发费用要求是什么？"]
    display: list[dict[str, Any]] = []
    conversation: list[dict[str, str]] = []
    for turn in range(20):
        started = time.perf_counter()
        for outputs in ui.chat(questions[turn % len(questions)], display, conversation):
            display, conversation = outputs[0], outputs[1]
        elapsed = time.perf_counter() - started
        assert elapsed < 10, f"turn {turn + 1} took {elapsed:.1f} s"
        assert outputs[4], f"turn {turn + 1} got no answer"
    assert len(spy.sizes) == 20
    assert max(spy.sizes) <= 2 * MAX_HISTORY_TURNS - 1, f"history sent to the assistant grew: {spy.sizes}"
    assert spy.sizes[-1] == spy.sizes[-2], "the history sent should plateau at the bound"
    assert len(conversation) <= 2 * MAX_HISTORY_TURNS
    assert len(display) == 40, "the page still shows every turn"


def test_rebuild_reports_progress_and_reloads_the_service(small_corpus: Path, tmp_path: Path) -> None:
    manifest = small_corpus / "manifest.yaml"  # keep the 7-chunk summary only: a quick build
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["id"] == "report-2022-summary"]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings = Settings(corpus_dir=small_corpus, data_dir=tmp_path / "data", embed_batch_size=2,
                        admin_token=SecretStr(ADMIN_TOKEN))
    holder = ServiceHolder(settings)
    ui = WebUI.over(holder)
    calls: list[tuple[Any, ...]] = []

    def progress(value: Any, desc: str | None = None, unit: str = "steps") -> None:
        calls.append((value, desc))

    message = ui.admin.rebuild(True, ADMIN_TOKEN, progress=progress)  # type: ignore[arg-type]
    status, documents = ui.knowledge.corpus_overview()  # what the page refreshes after the rebuild
    steps = [value for value, desc in calls if desc == "向量化"]
    assert len(steps) >= 2 and steps == sorted(steps), f"progress should rise batch by batch: {steps}"
    assert steps[-1][0] == steps[-1][1], f"progress should end at the total: {steps}"
    assert holder.service is not None, "the rebuilt index is loaded into the running service"
    assert holder.service.index.build.build_id in message and "已就绪" in message
    assert f"{holder.service.index.build.chunk_count} 段" in status and len(documents) == 1
