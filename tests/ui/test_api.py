"""The JSON API through the ASGI app, on the real corpus index."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ui.http.api import create_app
from zjtx.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(real_settings: Settings, real_service) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_app(real_settings, service=real_service), raise_server_exceptions=False)


def test_healthz_ok_once_loaded(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_is_503_while_there_is_no_index(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "none"))
    with TestClient(app) as fresh:
        body = fresh.get("/healthz")
    assert body.status_code == 503 and body.json()["status"] == "loading"


def test_chat_answers_with_citations_in_the_documented_shape(client: TestClient) -> None:
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": "北交所是哪天注册成立的？"}]})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"answer", "citations", "tool_calls"}
    assert "2021年9月3日" in body["answer"]
    assert set(body["citations"][0]) >= {"doc_id", "title", "locator", "snippet"}


def test_reward_question_is_answered_by_the_tool(client: TestClient) -> None:
    body = client.post("/api/chat", json={"messages": [{"role": "user", "content": "太仓对小巨人奖励多少？"}]}).json()
    assert body["tool_calls"][0]["name"] == "lookup_rewards"
    assert "50万元" in body["answer"]


def test_followup_uses_the_history(client: TestClient) -> None:
    messages = [
        {"role": "user", "content": "太仓对小巨人奖励多少？"},
        {"role": "assistant", "content": "太仓市对国家级专精特新“小巨人”的奖励：50万元"},
        {"role": "user", "content": "那昆山呢？"},
    ]
    body = client.post("/api/chat", json={"messages": messages}).json()
    assert body["tool_calls"][0]["arguments"]["region"] in ("昆山", "昆山市")
    assert "昆山市" in body["answer"]


def test_search_returns_ranked_hits_with_metadata(client: TestClient) -> None:
    body = client.post("/api/search", json={"query": "研发费用 不低于100万元", "k": 3}).json()
    assert len(body["hits"]) == 3
    assert [h["rank"] for h in body["hits"]] == [1, 2, 3]
    assert all({"doc_id", "locator", "score", "text"} <= set(h) for h in body["hits"])


def test_search_filters_by_rule_version(client: TestClient) -> None:
    body = client.post("/api/search", json={"query": "营收门槛", "k": 5, "rule_version": "2026"}).json()
    assert body["hits"] and all(h["doc_id"] == "cultivation-report-2026" for h in body["hits"])


def test_rewards_endpoint(client: TestClient) -> None:
    body = client.get("/api/rewards", params={"region": "昆山", "title": "小巨人"}).json()
    assert body["rows"][0]["region"] == "昆山市" and body["rows"][0]["amount_text"] == "50万元"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"messages": []},
        {"messages": [{"role": "system", "content": "hi"}]},
        {"messages": [{"role": "user", "content": 42}]},
        {"messages": [{"role": "user", "content": "   "}]},
        {"messages": [{"role": "user", "content": "问"}, {"role": "assistant", "content": "答"}]},
    ],
)
def test_bad_chat_requests_get_422_in_chinese(client: TestClient, payload: dict) -> None:  # type: ignore[type-arg]
    response = client.post("/api/chat", json=payload)
    assert response.status_code == 422
    assert "请求格式不正确" in response.json()["detail"]


def test_invalid_json_gets_422(client: TestClient) -> None:
    response = client.post("/api/chat", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422


def test_overlong_message_gets_413(client: TestClient, real_settings: Settings) -> None:
    text = "专" * (real_settings.max_message_chars + 1)
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": text}]})
    assert response.status_code == 413
    assert "消息过长" in response.json()["detail"]


def test_an_overlong_search_query_gets_the_same_413_as_the_chat(client: TestClient, real_settings: Settings) -> None:
    """The limit is the settings' one for both endpoints (the search had its own 2000 written in)."""
    text = "专" * (real_settings.max_message_chars + 1)
    response = client.post("/api/search", json={"query": text})
    assert response.status_code == 413
    assert "消息过长" in response.json()["detail"]
    assert client.post("/api/search", json={"query": "专" * real_settings.max_message_chars}).status_code == 200
