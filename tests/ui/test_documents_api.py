"""``/api/documents`` through an ASGI app that includes only the documents router (tiny corpus, fake embedder)."""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from indexer import builder, ingest
from indexer.corpus import library_dir, load_corpus
from indexer.index_store import IndexStore
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from ui.http.documents import DocumentsApiConfig, create_documents_router, reload_service
from zjtx.settings import Settings

TOKEN = "s3cret-admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def settings(tiny_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    result = Settings(corpus_dir=tiny_corpus, data_dir=tmp_path / "data")
    monkeypatch.setattr(builder, "load_corpus", partial(load_corpus, library_dir=library_dir(result.data_dir)))
    fake = HashingEmbeddings()
    monkeypatch.setattr(ingest, "build_index", lambda s, **kw: builder.build_index(s, embeddings=fake, show_progress=False))
    builder.build_index(result, embeddings=fake, show_progress=False)
    return result


def _client(settings: Settings, token: str | None = TOKEN, max_upload_mb: float = 20,
            reloads: list[str] | None = None) -> TestClient:
    config = DocumentsApiConfig(admin_token=SecretStr(token) if token else None, max_upload_mb=max_upload_mb)
    app = FastAPI()
    on_change = (lambda: reloads.append("reloaded")) if reloads is not None else None
    app.include_router(create_documents_router(settings, on_change=on_change, config=config))
    return TestClient(app, raise_server_exceptions=False)


def _upload(client: TestClient, path: Path, name: str | None = None, headers: dict[str, str] | None = None,
            **fields: str):  # type: ignore[no-untyped-def]
    with path.open("rb") as fh:
        return client.post("/api/documents", files={"file": (name or path.name, fh)}, data=fields,
                           headers=AUTH if headers is None else headers)


def _state(settings: Settings) -> tuple[str | None, list[str]]:
    root = library_dir(settings.data_dir)
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != ".lock") \
        if root.is_dir() else []
    return IndexStore(settings.index_dir).current_build_id(), files


def test_upload_list_delete_round_trip(settings: Settings, tmp_path: Path) -> None:
    reloads: list[str] = []
    client = _client(settings, reloads=reloads)
    response = _upload(client, sf.write_notice_pdf(tmp_path / "余杭通知.pdf"), kind="notice")
    assert response.status_code == 201, response.text
    body = response.json()
    assert {"doc_id", "title", "issuer", "date", "region", "kind", "chunks", "reward_rows", "warnings"} <= set(body)
    assert (body["title"], body["issuer"], body["date"], body["region"], body["kind"]) == (
        sf.TITLE, sf.ISSUER, "2024-03-15", "余杭区", "notice")
    assert body["chunks"] > 0 and body["original_file"] == "余杭通知.pdf"
    rows = {(r["region"], r["title"], r["amount_text"], r["status_label"]) for r in body["reward_rows"]}
    assert ("余杭区", "国家级专精特新“小巨人”", "50万元", "自动提取、未经人工核对") in rows, rows
    assert ("临平区", "省级专精特新中小企业", "20万元", "自动提取、未经人工核对") in rows, "表格行按其地区单元格归属"
    assert body["guessed"]["issuer"] == sf.ISSUER and reloads == ["reloaded"]

    listed = client.get("/api/documents").json()["documents"]
    assert [d["doc_id"] for d in listed] == [body["doc_id"]] and listed[0]["chunks"] == body["chunks"]

    deleted = client.delete(f"/api/documents/{body['doc_id']}", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["doc_id"] == body["doc_id"]
    assert deleted.json()["reward_rows_removed"] == len(body["reward_rows"])
    assert client.get("/api/documents").json()["documents"] == [] and reloads == ["reloaded"] * 2
    assert client.delete(f"/api/documents/{body['doc_id']}", headers=AUTH).status_code == 404


def test_metadata_fields_are_used(settings: Settings, tmp_path: Path) -> None:
    client = _client(settings)
    body = _upload(client, sf.write_notice_html(tmp_path / "n.html"), title="余杭区专精特新措施",
                   issuer="余杭区人民政府", date="2024-04-01", region="余杭区", kind="measures", rules="2026").json()
    assert (body["title"], body["issuer"], body["date"], body["kind"], body["rule_version"]) == (
        "余杭区专精特新措施", "余杭区人民政府", "2024-04-01", "measures", "2026")
    bad = _upload(client, sf.write_notice_txt(tmp_path / "n.txt"), kind="slides")
    assert bad.status_code == 422 and "kind 只能是" in bad.json()["detail"]


def test_writes_need_the_admin_token_and_reading_stays_open(settings: Settings, tmp_path: Path) -> None:
    path = sf.write_notice_txt(tmp_path / "n.txt")
    closed = _client(settings, token=None)
    refused = _upload(closed, path)
    assert refused.status_code == 403 and "未配置管理员令牌" in refused.json()["detail"]
    assert closed.delete("/api/documents/x", headers=AUTH).status_code == 403
    assert closed.get("/api/documents").status_code == 200

    client = _client(settings)
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
        response = _upload(client, path, headers=headers)
        assert response.status_code == 401 and "管理员令牌无效" in response.json()["detail"]
        assert TOKEN not in response.text
    assert client.delete("/api/documents/x").status_code == 401
    assert _state(settings)[1] == []


def test_token_never_appears_in_logs(settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = _client(settings)
    _upload(client, sf.write_notice_txt(tmp_path / "n.txt"))
    _upload(client, sf.write_notice_txt(tmp_path / "n.txt"))  # duplicate: logged as a warning
    _upload(client, sf.write_notice_txt(tmp_path / "n.txt"), headers={"Authorization": f"Bearer {TOKEN}x"})
    assert caplog.records and all(TOKEN not in record.getMessage() for record in caplog.records)


def test_too_large_upload_is_413_before_parsing(settings: Settings, tmp_path: Path) -> None:
    client = _client(settings, max_upload_mb=0.05)
    big = tmp_path / "big.txt"
    big.write_bytes(("对首次获评国家级小巨人的企业给予50万元奖励。\n" * 5000).encode("utf-8"))
    response = _upload(client, big)
    assert response.status_code == 413 and "上传上限为 0.05 MB" in response.json()["detail"]
    assert _state(settings)[1] == []


def test_upload_of_50_mb_is_refused_with_the_default_limit(settings: Settings, tmp_path: Path) -> None:
    client = _client(settings)
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    response = _upload(client, big)
    assert response.status_code == 413 and "20 MB" in response.json()["detail"]


@pytest.mark.parametrize(
    ("writer", "status", "message"),
    [
        (sf.write_encrypted_pdf, 422, "已加密"),
        (sf.write_corrupt_pdf, 422, "已损坏"),
        (sf.write_zero_page_pdf, 422, "没有任何页面"),
        (sf.write_zip_bomb_docx, 422, "压缩炸弹"),
        (sf.write_scripts_html, 422, "没有正文"),
        (sf.write_blank_png, 422, "未识别到文字"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_lost(
    settings: Settings, tmp_path: Path, writer, status: int, message: str,  # type: ignore[no-untyped-def]
) -> None:
    client = _client(settings)
    kept = _upload(client, sf.write_notice_txt(tmp_path / "kept.txt")).json()["doc_id"]
    before = _state(settings)
    response = _upload(client, writer(tmp_path / "bad.bin"), name="bad.pdf")
    assert response.status_code == status and message in response.json()["detail"]
    assert _state(settings) == before
    assert [d["doc_id"] for d in client.get("/api/documents").json()["documents"]] == [kept]


def test_same_file_twice_is_409_already_exists(settings: Settings, tmp_path: Path) -> None:
    client = _client(settings)
    path = sf.write_notice_txt(tmp_path / "n.txt")
    assert _upload(client, path).status_code == 201
    before = _state(settings)
    again = _upload(client, path, name="renamed.txt")
    assert again.status_code == 409 and "已存在" in again.json()["detail"]
    assert _state(settings) == before


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "a/../b.txt", "通知\x00.pdf"])
def test_file_names_with_paths_or_nul_are_400(settings: Settings, tmp_path: Path, name: str) -> None:
    client = _client(settings)
    response = _upload(client, sf.write_notice_txt(tmp_path / "n.txt"), name=name)
    assert response.status_code == 400, response.text
    assert "文件名" in response.json()["detail"]
    assert _state(settings)[1] == []


def test_raw_nul_byte_in_a_multipart_file_name_is_400(settings: Settings) -> None:
    boundary = "zjtxboundary"
    body = (f"--{boundary}\r\n".encode() + "Content-Disposition: form-data; name=\"file\"; filename=\"通知".encode()
            + b"\x00.pdf\"\r\nContent-Type: text/plain\r\n\r\n" + sf.REWARD_SENTENCE.encode() + f"\r\n--{boundary}--\r\n".encode())
    response = _client(settings).post("/api/documents", content=body,
                                      headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert response.status_code == 400 and "NUL" in response.json()["detail"], response.text
    assert _state(settings)[1] == []


def test_reload_service_swaps_the_holders_service(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    class Holder:
        def __init__(self) -> None:
            self.settings = settings
            self.service: object = "old"

        embeddings = "the holder's embedder"

    monkeypatch.setattr("assistant.retrieval.search_index.load_search_index", lambda s, embeddings: ("index", embeddings))
    monkeypatch.setattr("assistant.service.create_service", lambda s, index: ("new", s, index))
    holder = Holder()
    reload_service(holder)
    assert holder.service == ("new", settings, ("index", "the holder's embedder"))
