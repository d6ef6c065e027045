"""Benchmark of adding a notice to a running help desk (issue 14): seconds, and ratios to a baseline.

A ``--pages``-page text PDF notice (written here, with a reward sentence for a district outside
Jiangsu) is added with ``add_notice`` to a temp copy of the serving data dir, so the index is
updated incrementally; then a freshly created service answers the reward question. Reported:
parse, embedding, index update, service load and first answer, the total until answerable
(target ≤ 30 s on two cores), and that total as a ratio to embedding the same chunks alone
with the configured embedder, measured in the same run. A ``--scan-pages``-page image-only PDF
then goes through OCR: seconds per page, and as a ratio to a text-layer page.

    python -m evals.bench_ingest [--pages 20] [--scan-pages 5] [--json]

The data dir is ``ZJTX_DATA_DIR`` (copied, never modified); without an index there, one is
built first in the copy and its time reported apart.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from assistant.models import Answer
from evals.sample_documents import PolicyNotice, write_scanned_notice_pdf, write_text_notice_pdf
from zjtx.settings import Settings

TARGET_TOTAL_S = 30.0
EmbedderFactory = Callable[[Settings], Embeddings]


class TimedEmbeddings(Embeddings):
    """The configured embedder, counting the passages it embeds and the seconds it takes."""

    def __init__(self, inner: Embeddings, name: str) -> None:
        self.inner = inner
        self.name = name  # the builder compares it with the serving build's: keep the index compatible
        self.passages = 0
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        started = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - started
        self.passages += len(texts)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


class AnswerCheck(BaseModel):
    question: str
    answer: str
    route: str
    states_amount: bool = Field(description="the answer states the notice's amount (50万)")
    cites_new_document: bool
    cited_doc_ids: list[str]

    @property
    def passed(self) -> bool:
        return self.states_amount and self.cites_new_document


class TextNoticeFigures(BaseModel):
    pages: int
    chunks: int
    embedded_passages: int = Field(description="passages the incremental build embedded (only the new notice's)")
    reward_rows: int
    parse_s: float
    embedder_load_s: float
    embed_s: float
    index_update_other_s: float = Field(description="chunking the corpus, storing chunks and vectors, switching")
    add_notice_s: float
    service_load_s: float
    first_answer_s: float
    total_to_answerable_s: float
    embedding_alone_load_s: float
    embedding_alone_s: float = Field(description="baseline: the same chunks embedded in the builder's batches")
    ratio_total_to_embedding_alone: float
    ratio_embed_in_add_to_embedding_alone: float
    total_cpu_s: float = Field(description="CPU seconds of this process until answerable: hardly moved by other load")
    embedding_alone_cpu_s: float
    ratio_total_to_embedding_alone_cpu: float
    target_total_s: float = TARGET_TOTAL_S
    target_met: bool
    answer: AnswerCheck


class ScanFigures(BaseModel):
    pages: int
    ocr_pages: int
    ocr_warmup_s: float = Field(description="loading the OCR models (one tiny image), before the timed run")
    seconds: float
    seconds_per_page: float
    ratio_scan_page_to_text_page: float
    holds_amount: bool


class IngestBenchReport(BaseModel):
    source_data_dir: str
    cpus: int
    load_average_1m: float = Field(description="the machine's load when the run began (others' work included)")
    index_chunks_before: int
    index_build_s: float | None = Field(default=None, description="only when no index existed to copy")
    text_notice: TextNoticeFigures
    scan: ScanFigures


def prepare_data_dir(source: Path, target: Path, settings: Settings,
                     make_embedder: EmbedderFactory) -> tuple[Settings, float | None]:
    """A data dir at ``target`` holding a copy of ``source``'s index (only the serving build),
    or a fresh index when ``source`` has none (its build time is returned)."""
    from indexer.builder import build_index
    from indexer.index_store import IndexStore

    bench = settings.model_copy(update={"data_dir": target, "chroma_url": None})
    current = IndexStore(source / "index").current_build_id()
    if current is None:
        started = time.perf_counter()
        build_index(bench, embeddings=make_embedder(bench), show_progress=False)
        return bench, time.perf_counter() - started
    (target / "index" / "builds").mkdir(parents=True)
    shutil.copy2(source / "index" / "CURRENT", target / "index" / "CURRENT")
    shutil.copytree(source / "index" / "builds" / current, target / "index" / "builds" / current)
    return bench, None


def check_answer(answer: Answer, notice: PolicyNotice, doc_id: str, question: str) -> AnswerCheck:
    """The answer states the notice's amount and cites the added document."""
    amount = notice.amount.removesuffix("元")
    cited = [c.doc_id for c in answer.citations]
    return AnswerCheck(question=question, answer=answer.answer, route=answer.route,
                       states_amount=amount in answer.answer, cites_new_document=doc_id in cited,
                       cited_doc_ids=cited)


def _embedder_name(settings: Settings, embedder: Embeddings) -> str:
    from indexer.embeddings import embedder_name

    return getattr(embedder, "name", None) or embedder_name(settings)


def bench_text_notice(settings: Settings, work: Path, pages: int, make_embedder: EmbedderFactory,
                      notice: PolicyNotice) -> TextNoticeFigures:
    """Add the notice as a help desk does, then ask a new service; every stage timed."""
    from assistant.library_intake import add_notice
    from assistant.models import ChatMessage
    from assistant.retrieval.search_index import load_search_index
    from assistant.service import create_service
    from indexer.chunking import embedding_text
    from indexer.index_store import IndexStore
    from indexer.ingest import STAGE_PARSE

    pdf = write_text_notice_pdf(work / "武侯区专精特新政策措施.pdf", pages, notice)
    make_embedder(settings).embed_documents(["预热：载入模型文件"])  # imports and page cache, for both paths

    stamps: dict[str, float] = {}

    def on_progress(done: int, total: int, stage: str) -> None:
        if stage == STAGE_PARSE:
            stamps["parse_start" if done == 0 else "parse_end"] = time.perf_counter()

    cpu_started = time.process_time()
    started = time.perf_counter()
    inner = make_embedder(settings)
    timed = TimedEmbeddings(inner, _embedder_name(settings, inner))
    loaded = time.perf_counter()
    added = add_notice(settings, pdf, original_name=pdf.name, embeddings=timed, on_progress=on_progress)
    after_add = time.perf_counter()
    service = create_service(settings, index=load_search_index(settings, embeddings=make_embedder(settings)))
    after_service = time.perf_counter()
    question = notice.question
    answer = service.chat([ChatMessage(role="user", content=question)])
    answered = time.perf_counter()
    total_cpu = time.process_time() - cpu_started

    # baseline: the same chunks of the new notice, embedded alone in the builder's batches
    store = IndexStore(settings.index_dir)
    texts = [embedding_text(c) for c in store.read_chunks(added.build_id) if c.doc_id == added.entry.id]
    base_cpu = time.process_time()
    base_started = time.perf_counter()
    embedder = make_embedder(settings)
    base_loaded = time.perf_counter()
    batch = max(1, settings.embed_batch_size)
    for i in range(0, len(texts), batch):
        embedder.embed_documents(texts[i : i + batch])
    base_done = time.perf_counter()
    alone_cpu = time.process_time() - base_cpu

    parse_s = stamps["parse_end"] - stamps["parse_start"]
    load_s = loaded - started
    add_s = after_add - loaded
    alone_s = base_done - base_started
    total = answered - started
    return TextNoticeFigures(
        pages=pages, chunks=added.chunks, embedded_passages=timed.passages, reward_rows=len(added.reward_rows),
        parse_s=round(parse_s, 2), embedder_load_s=round(load_s, 2), embed_s=round(timed.seconds, 2),
        index_update_other_s=round(add_s - parse_s - timed.seconds, 2), add_notice_s=round(add_s, 2),
        service_load_s=round(after_service - after_add, 2), first_answer_s=round(answered - after_service, 2),
        total_to_answerable_s=round(total, 2),
        embedding_alone_load_s=round(base_loaded - base_started, 2), embedding_alone_s=round(alone_s, 2),
        ratio_total_to_embedding_alone=round(total / max(alone_s, 1e-6), 2),
        ratio_embed_in_add_to_embedding_alone=round((load_s + timed.seconds) / max(alone_s, 1e-6), 2),
        total_cpu_s=round(total_cpu, 2), embedding_alone_cpu_s=round(alone_cpu, 2),
        ratio_total_to_embedding_alone_cpu=round(total_cpu / max(alone_cpu, 1e-6), 2),
        target_met=total <= TARGET_TOTAL_S,
        answer=check_answer(answer, notice, added.entry.id, question),
    )


def bench_scan(work: Path, pages: int, notice: PolicyNotice, text_page_s: float) -> ScanFigures:
    """OCR of an image-only PDF, the models loaded beforehand (as in a server that has OCRed once)."""
    from PIL import Image

    from indexer.parsers import extract_text
    from indexer.parsers.ocr import ocr_image

    pdf = write_scanned_notice_pdf(work / "武侯区扶持政策扫描件.pdf", pages, notice)
    warm = time.perf_counter()
    ocr_image(Image.new("RGB", (64, 32), "white"))
    warmed = time.perf_counter()
    extracted = extract_text(pdf)
    seconds = time.perf_counter() - warmed
    per_page = seconds / max(pages, 1)
    return ScanFigures(pages=pages, ocr_pages=len(extracted.ocr_pages), ocr_warmup_s=round(warmed - warm, 2),
                       seconds=round(seconds, 2), seconds_per_page=round(per_page, 2),
                       ratio_scan_page_to_text_page=round(per_page / max(text_page_s, 1e-6), 1),
                       holds_amount=notice.amount in extracted.text.replace(" ", ""))


def run_ingest_bench(settings: Settings, pages: int = 20, scan_pages: int = 5,
                     make_embedder: EmbedderFactory | None = None, work: Path | None = None) -> IngestBenchReport:
    """The whole benchmark in a temp folder; ``settings.data_dir`` is only read."""
    from indexer.embeddings import make_embeddings
    from indexer.index_store import IndexStore

    factory = make_embedder or make_embeddings
    notice = PolicyNotice()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="zjtx-bench-ingest-", dir=work) as tmp:
        root = Path(tmp)
        bench, build_s = prepare_data_dir(settings.data_dir, root / "data", settings, factory)
        store = IndexStore(bench.index_dir)
        before = store.read_build_info(store.current_build_id() or "").chunk_count
        text = bench_text_notice(bench, root, pages, factory, notice)
        scan = bench_scan(root, scan_pages, notice, text.parse_s / max(pages, 1))
    return IngestBenchReport(source_data_dir=str(settings.data_dir), cpus=os.cpu_count() or 1,
                             load_average_1m=round(load, 2), index_chunks_before=before,
                             index_build_s=None if build_s is None else round(build_s, 2),
                             text_notice=text, scan=scan)


def ingest_markdown(r: IngestBenchReport) -> str:
    t, s = r.text_notice, r.scan
    met = "达到" if t.target_met else "未达到"
    lines = [
        "| 指标 | 数值 | 比值（同次运行基线） |", "|---|---|---|",
        f"| 添加 {t.pages} 页文字 PDF → 可回答（目标 ≤ {t.target_total_s:g} s） | {t.total_to_answerable_s} s，{met} | "
        f"单独向量化同样 {t.chunks} 段（{t.embedding_alone_s} s，含载入 {t.embedding_alone_load_s} s）的 "
        f"{t.ratio_total_to_embedding_alone} 倍；CPU {t.total_cpu_s} s，单独向量化 CPU {t.embedding_alone_cpu_s} s 的 "
        f"{t.ratio_total_to_embedding_alone_cpu} 倍 |",
        f"| 其中：解析 | {t.parse_s} s | — |",
        f"| 其中：载入向量模型 + 向量化 | {t.embedder_load_s} s + {t.embed_s} s（{t.embedded_passages} 段） | "
        f"单独向量化的 {t.ratio_embed_in_add_to_embedding_alone} 倍 |",
        f"| 其中：分段、写入向量库、切换索引、提取奖励条目（{t.reward_rows} 条） | {t.index_update_other_s} s | — |",
        f"| 其中：新建服务（载入索引 {r.index_chunks_before}+{t.chunks} 段） | {t.service_load_s} s | — |",
        f"| 其中：首个回答 | {t.first_answer_s} s | — |",
        f"| {s.pages} 页扫描件 OCR | 每页 {s.seconds_per_page} s（共 {s.seconds} s；另载入 OCR 模型 {s.ocr_warmup_s} s） | "
        f"文字层每页解析的 {s.ratio_scan_page_to_text_page} 倍 |",
    ]
    if r.index_build_s is not None:
        lines.append(f"| 先建索引（数据目录中没有索引） | {r.index_build_s} s | — |")
    lines.append(f"\n{r.cpus} 核，开始时 1 分钟负载 {r.load_average_1m}（机器上其他任务也计在内，耗时随之波动）。")
    check = t.answer
    verdict = "通过" if check.passed else "未通过"
    amount = PolicyNotice().amount
    lines.append(f"回答检查（{verdict}）：「{check.question}」→ 路由 {check.route}，"
                 f"{'含' if check.states_amount else '不含'} {amount.removesuffix('元')}，"
                 f"{'引用' if check.cites_new_document else '未引用'}新文档；"
                 f"OCR 文本{'含' if s.holds_amount else '不含'} {amount}。")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from zjtx.settings import get_settings

    parser = argparse.ArgumentParser(description="添加文档的基准：解析、向量化、可回答所需时间")
    parser.add_argument("--pages", type=int, default=20, help="文字 PDF 的页数")
    parser.add_argument("--scan-pages", type=int, default=5, help="扫描件的页数")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    args = parser.parse_args(argv)
    report = run_ingest_bench(get_settings(), pages=args.pages, scan_pages=args.scan_pages)
    if args.json:
        print(json.dumps(report.model_dump(), ensure_ascii=False, indent=2))
    else:
        print(ingest_markdown(report), end="")
    return 0 if report.text_notice.answer.passed and report.scan.holds_amount else 1


if __name__ == "__main__":
    raise SystemExit(main())
