"""End to end through the whole API: a district notice uploaded with the token is answered from.

A Word notice from 成都市武侯区 (a district the bundled reward table and regions.yaml do not
list) is uploaded; /api/rewards and /api/chat then answer 50万 from it, marked as read
automatically and cited to the uploaded document, with the district under 成都市 and 四川省.
Rejecting the row leaves chat quoting the passage; removing the notice takes its rows away.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from indexer import builder
from tests.fakes import HashingEmbeddings
from ui.http.api import create_app
from zjtx.settings import PROJECT_ROOT, Settings

TOKEN = "e2e-admin-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ISSUER = "成都市武侯区经济和信息化局"
TITLE = "关于印发《武侯区促进专精特新企业高质量发展若干措施》的通知"
REWARD = "对首次认定为国家级专精特新“小巨人”企业的，给予50万元奖励。"
QUESTION = "成都市武侯区对国家级小巨人奖励多少？"


def write_district_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph("武经信〔2025〕8号")
    document.add_paragraph("各街道办事处，区级有关部门：")
    document.add_paragraph("为加快培育专精特新企业，现将有关措施印发给你们，请认真贯彻执行。")
    document.add_paragraph(REWARD)
    document.add_paragraph(ISSUER)
    document.add_paragraph("2025年4月1日")
    document.save(str(path))
    return path


FILLERS = [
    "中小企业发展专项资金管理办法。资金用于支持中小企业公共服务体系建设。",
    "关于开展知识产权质押融资工作的通知。各银行应当创新金融产品。",
    "北京证券交易所上市规则摘要。发行人应当符合市值和财务指标。",
    "制造业单项冠军企业培育提升专项行动实施方案。聚焦细分领域。",
]


def _with_fillers(corpus: Path) -> None:
    """A few more bundled documents: keyword scores (BM25) need more than two to weigh a term."""
    manifest = yaml.safe_load((corpus / "manifest.yaml").read_text(encoding="utf-8"))
    for i, text in enumerate(FILLERS):
        (corpus / "documents" / f"filler-{i}.txt").write_text(text + "\n", encoding="utf-8")
        manifest["documents"].append({"id": f"filler-{i}", "file": f"filler-{i}.txt", "original_file": f"filler-{i}.txt",
                                      "title": f"填充文档{i}", "issuer": "测试", "date": "2022", "kind": "measures"})
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def client(tiny_corpus: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    shutil.copyfile(PROJECT_ROOT / "corpus" / "rewards.csv", tiny_corpus / "rewards.csv")
    _with_fillers(tiny_corpus)
    settings = Settings(corpus_dir=tiny_corpus, data_dir=tmp_path / "data", admin_token=TOKEN,
                        rate_limit_per_minute=0)
    fake = HashingEmbeddings()
    builder.build_index(settings, embeddings=fake, show_progress=False)
    app = create_app(settings)
    app.state.holder.embeddings = fake
    with TestClient(app, raise_server_exceptions=False) as test_client:
        deadline = time.monotonic() + 60
        while test_client.get("/healthz").status_code != 200:
            assert time.monotonic() < deadline, "服务应在一分钟内加载索引"
            time.sleep(0.1)
        yield test_client


def _chat(client: TestClient, text: str) -> dict:  # type: ignore[type-arg]
    response = client.post("/api/chat", json={"messages": [{"role": "user", "content": text}]})
    assert response.status_code == 200, response.text
    return response.json()


def test_uploaded_district_notice_is_answered_marked_and_cited_then_removed(
    client: TestClient, tmp_path: Path
) -> None:
    before = client.get("/api/rewards", params={"region": "成都市武侯区", "title": "国家级小巨人"}).json()
    assert before["rows"] == [] or all(r["region"] != "武侯区" for r in before["rows"])

    with write_district_docx(tmp_path / "武侯区通知.docx").open("rb") as fh:
        uploaded = client.post("/api/documents", files={"file": ("武侯区通知.docx", fh)}, headers=AUTH)
    assert uploaded.status_code == 201, uploaded.text
    doc = uploaded.json()
    assert doc["region"] == "武侯区" and doc["issuer"] == ISSUER
    rows = [(r["region_path"], r["title"], r["amount_text"], r["status_label"]) for r in doc["reward_rows"]]
    assert rows == [("四川省 > 成都市 > 武侯区", "国家级专精特新“小巨人”", "50万元", "自动提取、未经人工核对")]

    rewards = client.get("/api/rewards", params={"region": "成都市武侯区", "title": "国家级小巨人"}).json()
    first = rewards["rows"][0]
    assert (first["region"], first["amount_text"]) == ("武侯区", "50万元"), rewards
    assert first["region_path"] == "四川省 > 成都市 > 武侯区", "区县应挂在所属市、省之下"
    assert "自动提取、未经人工核对" in first["conditions"] and "未经人工核对" in rewards["note"]
    assert first["source"]["doc_id"] == doc["doc_id"]
    # the province's own row follows as a parent (上级), after the district's extracted row
    assert [r["region"] for r in rewards["rows"][1:]] == ["四川省"] and "上级地区四川省" in rewards["note"]
    assert "四川省（上级参考）" in _chat(client, QUESTION)["answer"]

    body = _chat(client, QUESTION)
    assert body["route"] == "rewards" and body["tool_calls"][0]["name"] == "lookup_rewards"
    lead = body["answer"].split("\n\n")[0]
    assert "50万" in lead and "武侯区" in lead, body["answer"]
    assert "自动提取、未经人工核对" in body["answer"]
    cited = [c for c in body["citations"] if c["doc_id"] == doc["doc_id"]]
    assert cited and cited[0]["title"] == TITLE, "应引用上传的通知（标题取自知识库）"
    assert "50万元" in cited[0]["snippet"] and cited[0]["locator"].startswith("第1页 L")

    # rejected by the reviewer: the table has no row, the retrieved passage is quoted instead
    row_id = doc["reward_rows"][0]["id"]
    assert client.post(f"/api/rewards/review/{row_id}", json={"action": "reject"}).status_code in (401, 403)
    rejected = client.post(f"/api/rewards/review/{row_id}", json={"action": "reject"}, headers=AUTH)
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert client.get("/api/rewards/review").json()["rows"] == []
    fallback = _chat(client, QUESTION)
    assert fallback["answer"].startswith("奖励表中没有"), fallback["answer"]
    assert "50万元" in fallback["answer"].split("\n\n")[0]
    quoted = [c for c in fallback["citations"] if c["doc_id"] == doc["doc_id"]]
    assert quoted and quoted[0]["snippet"] == REWARD and quoted[0]["locator"] == cited[0]["locator"], quoted
    accepted = client.post(f"/api/rewards/review/{row_id}", json={"action": "edit", "amount_text": "最高60万元"},
                           headers=AUTH)
    assert accepted.status_code == 200 and accepted.json()["status_label"] == "自动提取、已人工核对"
    assert client.post("/api/rewards/review/nope", json={"action": "accept"}, headers=AUTH).status_code == 404
    assert client.post(f"/api/rewards/review/{row_id}", json={"action": "eat"}, headers=AUTH).status_code == 422

    deleted = client.delete(f"/api/documents/{doc['doc_id']}", headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["reward_rows_removed"] == 1
    after = client.get("/api/rewards", params={"region": "成都市武侯区", "title": "国家级小巨人"}).json()
    assert all(r["source"]["doc_id"] != doc["doc_id"] for r in after["rows"])
    assert after["note"].startswith("现有资料中未列出成都市武侯区的奖励标准"), after["note"]
    assert client.get("/api/rewards/review", params={"status": "all"}).json()["rows"] == []
