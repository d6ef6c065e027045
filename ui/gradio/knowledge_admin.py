"""The 知识库 tab's writes: rebuild the index, add a notice (metadata guessed for confirmation),
delete it, and review the reward rows read from it. Every write needs the admin token.

The token is compared in constant time with ``ZJTX_ADMIN_TOKEN``; with none configured,
writes are refused and reading stays open (as on ``/api/documents``). Problems come back
as Chinese messages in the page, never as a stack trace.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from pydantic import ValidationError

from assistant.library_intake import add_notice, remove_notice
from assistant.rewards.amounts import parse_amount
from assistant.rewards.review import ReviewError, ReviewStore, apply_review
from indexer.builder import IndexBusy, build_index
from indexer.corpus import CorpusError
from indexer.embeddings import EmbedderUnavailable
from indexer.ingest import (
    DocumentOverrides,
    IngestError,
    UnreadableDocument,
    check_file_name,
    max_upload_bytes,
)
from indexer.library import LibraryBusy
from indexer.metadata_guess import guess_metadata
from indexer.parsers import extract_text
from indexer.vector_store import VectorStoreUnavailable
from ui.gradio.formatting.knowledge_views import added_notice_html, message_html
from ui.gradio.formatting.reward_tables import (
    REVIEW_HEADERS,
    review_choice,
    review_order,
    review_table_rows,
)
from ui.gradio.titles import all_document_titles
from ui.state import ServiceHolder

log = logging.getLogger(__name__)

NO_TOKEN_CONFIGURED = "未配置管理员令牌（ZJTX_ADMIN_TOKEN），重建索引、上传、删除和审核已禁用；查询不受影响。"
WRONG_TOKEN = "管理员令牌无效，请检查后重新输入。"
KIND_CHOICES = [("通知", "notice"), ("办法及解读", "measures"), ("研究报告", "report")]
RULE_CHOICES = [("不适用", ""), ("2022年暂行办法", "2022"), ("2026年修订办法", "2026")]

# (title, issuer, date, region, kind, note) for the metadata form
Prefill = tuple[str, str, str, str, str, str]


class KnowledgeAdmin:
    """Writes to the document library and the review store, then the running service reloads."""

    def __init__(self, holder: ServiceHolder, reload_service: Callable[[], None]) -> None:
        self.holder = holder
        self.settings = holder.settings
        self.reload_service = reload_service

    def token_problem(self, given: str | None) -> str | None:
        """Why a write is refused, or ``None`` when ``given`` is the configured admin token."""
        configured = self.settings.admin_token
        expected = configured.get_secret_value() if configured is not None else ""
        if not expected:
            return NO_TOKEN_CONFIGURED
        if not hmac.compare_digest((given or "").strip().encode("utf-8"), expected.encode("utf-8")):
            return WRONG_TOKEN
        return None

    # --- rebuilding ---------------------------------------------------------------------

    def rebuild(
        self, full: bool, token: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress injection
    ) -> str:
        """Build the index (incrementally unless ``full``), then load it into the running service."""
        if (problem := self.token_problem(token)) is not None:
            return message_html(problem, error=True)
        progress(0, desc="读取语料")

        def on_progress(done: int, total: int) -> None:
            progress((done, total), desc="向量化", unit="段")

        try:
            result = build_index(self.settings, rebuild=full, embeddings=self.holder.embeddings,
                                 show_progress=False, on_progress=on_progress)
        except (CorpusError, IndexBusy, EmbedderUnavailable, VectorStoreUnavailable) as exc:
            log.warning("重建索引失败：%s", exc)
            return message_html(f"未重建：{_reason(exc)}", error=True)
        info = result.info
        if result.unchanged and self.holder.service is not None:
            return message_html(f"语料未变化，继续使用索引 {info.build_id}（{info.chunk_count} 段）。")
        progress(1.0, desc="加载新索引")
        warnings = self._reload_warnings()
        return message_html(
            f"索引 {info.build_id} 已就绪：{len(info.documents)} 篇文档，{info.chunk_count} 段，"
            f"新向量化 {result.embedded_chunks} 段、复用 {result.reused_chunks} 段，用时 {info.duration_s} 秒。"
            + "".join(warnings))

    # --- adding -------------------------------------------------------------------------

    def prefill(self, path: str | None, token: str | None) -> Prefill:
        """The metadata the text suggests, for the operator to confirm before adding."""
        blank = ("", "", "", "", "notice")
        if not path:
            return (*blank, "")
        if (problem := self.token_problem(token)) is not None:
            return (*blank, message_html(f"{problem}（输入令牌后点击“从文件推测”）", error=True))
        source = Path(path)
        try:
            check_file_name(source.name)
            size, limit = source.stat().st_size, max_upload_bytes(self.settings)
            if size > limit:
                raise IngestError(f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {limit / 1024 / 1024:.0f} MB")
            extracted = extract_text(source)
        except (IngestError, UnreadableDocument, OSError) as exc:
            return (*blank, message_html(f"无法读取该文件：{_reason(exc)}", error=True))
        guess = guess_metadata([line.text for line in extracted.lines], extracted.title_hint)
        missing = [label for label, value in (("标题", guess.title), ("发文单位", guess.issuer),
                                              ("日期", guess.date), ("地区", guess.region)) if not value]
        note = "已从正文推测以下信息，请核对后点击“添加到知识库”。"
        if missing:
            note += f"未能识别：{'、'.join(missing)}，请补充。"
        if extracted.ocr_pages:
            note += "部分页面没有文字层，已用 OCR 识别，数字和名称请对照原件核对。"
        return (guess.title or source.stem, guess.issuer or "", guess.date or "", guess.region or "",
                guess.kind, message_html(note))

    def add(
        self, path: str | None, token: str | None, title: str, issuer: str, date: str, region: str,
        kind: str | None, rules: str | None,
        progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress injection
    ) -> str:
        """Add the chosen file with the confirmed metadata; the running service switches to the new build."""
        if (problem := self.token_problem(token)) is not None:
            return message_html(problem, error=True)
        if not path:
            return message_html("请先选择要上传的文件。", error=True)
        source = Path(path)
        try:
            overrides = DocumentOverrides(
                title=_given(title), issuer=_given(issuer), date=_given(date), region=_given(region),
                kind=_given(kind), rule_version=_given(rules),  # type: ignore[arg-type]
            )
        except ValidationError:
            return message_html("类型只能是 通知、办法及解读 或 研究报告；规则版本只能是 2022 或 2026。", error=True)

        def on_progress(done: int, total: int, stage: str) -> None:
            progress((done, total), desc=stage, unit="段" if total > 1 else "步")

        try:
            added = add_notice(self.settings, source, original_name=source.name, overrides=overrides,
                               embeddings=self.holder.embeddings, on_progress=on_progress)
        except (IngestError, UnreadableDocument, LibraryBusy, CorpusError) as exc:
            log.warning("上传文档 %s 未添加：%s", source.name, exc)
            return message_html(f"未添加：{_reason(exc)}", error=True)
        progress(1.0, desc="加载新索引")
        return added_notice_html(added, self._reload_warnings(), all_document_titles(self.settings))

    def _reload_warnings(self) -> list[str]:
        try:
            self.reload_service()
        except Exception:  # noqa: BLE001 - the new build is on disk; reported to the operator, not hidden
            log.exception("索引已更新，但服务重新加载失败")
            return ["索引已更新，但服务重新加载失败，重启服务后生效。"]
        return []

    # --- removing -----------------------------------------------------------------------

    def delete(self, doc_id: str | None, token: str | None) -> str:
        """Remove an added document and the reward rows read from it."""
        if (problem := self.token_problem(token)) is not None:
            return message_html(problem, error=True)
        if not doc_id:
            return message_html("请先选择要删除的文档。", error=True)
        try:
            removed = remove_notice(self.settings, doc_id, embeddings=self.holder.embeddings)
        except (IngestError, LibraryBusy, CorpusError) as exc:
            return message_html(f"未删除：{_reason(exc)}", error=True)
        warnings = self._reload_warnings()
        text = f"已删除《{removed.title.strip('《》')}》（{removed.doc_id}）"
        if removed.reward_rows_removed:
            text += f"，并移除从中提取的 {removed.reward_rows_removed} 条奖励条目"
        return message_html(text + "。" + "".join(warnings))

    # --- reviewing extracted reward rows ------------------------------------------------

    def review_overview(self) -> tuple[pd.DataFrame, Any, str]:
        """The extracted rows, pending first, and the row picker's choices."""
        try:
            records = ReviewStore.in_data_dir(self.settings.data_dir).load()
        except ReviewError as exc:
            return pd.DataFrame(columns=REVIEW_HEADERS), gr.update(choices=[]), message_html(str(exc), error=True)
        table = pd.DataFrame(review_table_rows(records, all_document_titles(self.settings)), columns=REVIEW_HEADERS)
        choices = [review_choice(record) for record in review_order(records)]
        pending = sum(record.status == "auto" for record in records)
        summary = f"共 {len(records)} 条自动提取的奖励条目，其中 {pending} 条待核对。" if records else \
            "尚无自动提取的奖励条目：添加含奖励标准的通知后会出现在这里。"
        return table, gr.update(choices=choices, value=choices[0][1] if choices else None), message_html(summary)

    def accept(self, row_id: str | None, token: str | None) -> str:
        return self._review(row_id, token, "accept")

    def reject(self, row_id: str | None, token: str | None) -> str:
        return self._review(row_id, token, "reject")

    def edit_amount(self, row_id: str | None, amount_text: str | None, token: str | None) -> str:
        """Correct the amount as written (e.g. “最高100万元”); the row counts as reviewed."""
        amount_text = (amount_text or "").strip()
        if not amount_text:
            return message_html("请填写修改后的金额，如“50万元”“最高100万元”“20-60万元”。", error=True)
        low, high = parse_amount(amount_text)
        if low is None and high is None:
            return message_html(f"无法从“{amount_text}”读出金额，请写成如“50万元”“最高100万元”“20-60万元”。",
                                error=True)
        return self._review(row_id, token, "edit", amount_text=amount_text, amount_min=low, amount_max=high)

    def edit_title(self, row_id: str | None, title_text: str | None, token: str | None) -> str:
        """Correct the honour (e.g. “市级专精特新中小企业”, or as the notice writes it); the row counts as reviewed."""
        title_text = (title_text or "").strip()
        if not title_text:
            return message_html("请填写修改后的称号，如“国家级专精特新小巨人”“无锡市专精特新中小企业”。", error=True)
        return self._review(row_id, token, "edit", title=title_text)

    def _review(self, row_id: str | None, token: str | None, action: str, **changes: Any) -> str:
        if (problem := self.token_problem(token)) is not None:
            return message_html(problem, error=True)
        if not row_id:
            return message_html("请先选择一条奖励条目。", error=True)
        try:
            record = apply_review(ReviewStore.in_data_dir(self.settings.data_dir), row_id, action, changes)
        except ReviewError as exc:
            return message_html(str(exc), error=True)
        edited = "已修改称号并标为已核对" if "title" in changes else "已修改金额并标为已核对"
        done = {"accept": "已接受", "reject": "已拒绝（不再出现在奖励查询中）", "edit": edited}[action]
        return message_html(f"{done}：{record.row.region} {record.row.title} {record.row.amount_text}（{record.id}）。")


def _given(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _reason(exc: Exception) -> str:
    return str(exc).strip("'\"") or "原因未知"
