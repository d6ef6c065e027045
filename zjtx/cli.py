"""The ``zjtx`` command line: thin commands over the indexer, the assistant and the server."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from zjtx.cli_documents import register as register_document_commands
from zjtx.cli_rewards import register as register_reward_commands
from zjtx.settings import get_settings

app = typer.Typer(help="专精特新政策助手：建索引、检索、问答、启动服务。", no_args_is_help=True,
                  pretty_exceptions_enable=False, add_completion=False)
register_document_commands(app)
register_reward_commands(app)


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"错误：{message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="输出调试日志")] = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def index(rebuild: Annotated[bool, typer.Option("--rebuild", help="忽略已有向量，全部重建")] = False) -> None:
    """从 corpus/ 建立或增量更新索引。"""
    from indexer.builder import IndexBusy, build_index
    from indexer.corpus import CorpusError
    from indexer.embeddings import EmbedderUnavailable
    from indexer.vector_store import VectorStoreUnavailable

    try:
        result = build_index(get_settings(), rebuild=rebuild)
    except (CorpusError, IndexBusy, EmbedderUnavailable, VectorStoreUnavailable) as exc:
        _fail(str(exc))
        return
    info = result.info
    for item in info.skipped:
        typer.secho(f"已跳过 {item.file}：{item.reason}", fg=typer.colors.YELLOW, err=True)
    if result.unchanged:
        typer.echo(f"语料未变化，继续使用索引 {info.build_id}（{info.chunk_count} 段）。")
        return
    typer.echo(
        f"索引 {info.build_id} 已就绪：{len(info.documents)} 篇文档，{info.chunk_count} 段，"
        f"新向量化 {result.embedded_chunks} 段、复用 {result.reused_chunks} 段，用时 {info.duration_s} 秒。"
    )


def _service():  # type: ignore[no-untyped-def]
    from assistant.retrieval.search_index import IndexNotBuilt
    from assistant.service import create_service

    try:
        return create_service(get_settings())
    except IndexNotBuilt as exc:
        _fail(str(exc))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="检索语句")],
    k: Annotated[int, typer.Option("-k", help="返回条数")] = 5,
    mode: Annotated[str, typer.Option(help="hybrid / bm25 / dense")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """检索语料片段。"""
    if mode not in ("hybrid", "bm25", "dense"):
        _fail("mode 只能是 hybrid、bm25 或 dense")
    outcome = _service().search(query, k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        _print_json(outcome.model_dump())
        return
    if outcome.notice:
        typer.secho(outcome.notice, fg=typer.colors.YELLOW)
    for rank, hit in enumerate(outcome.hits, start=1):
        typer.echo(f"{rank}. [{hit.score:.4f}] {hit.chunk.title} {hit.chunk.section} ({hit.chunk.locator})")
        typer.echo(f"   {hit.chunk.text[:160]}")


def _read_history(path: Path | None) -> list:  # type: ignore[type-arg]
    from pydantic import TypeAdapter, ValidationError

    from assistant.models import ChatMessage

    if path is None:
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            data = data.get("messages", [])
        return TypeAdapter(list[ChatMessage]).validate_python(data)
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        _fail(f"无法读取对话历史文件 {path}：{type(exc).__name__}")
        return []


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="要咨询的问题")],
    history: Annotated[Path | None, typer.Option(help="JSON 对话历史文件（messages 列表）")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出与 /api/chat 相同的 JSON")] = False,
) -> None:
    """提问并得到带引用的回答。"""
    messages = _read_history(history)
    answer = _service().ask(question, history=messages)
    if as_json:
        _print_json(answer.public())
        return
    typer.echo(answer.answer)


@app.command()
def check(
    profile: Annotated[Path, typer.Option("--profile", help="企业画像 JSON 文件（字段见 docs/eligibility.md）")],
    tier: Annotated[str, typer.Option("--tier", help="创新型中小企业 / 专精特新中小企业 / 专精特新“小巨人”企业")] = "专精特新中小企业",
    rules: Annotated[str | None, typer.Option("--rules", help="2022 或 2026；默认按今天生效的版本")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """按 2022 / 2026 规则逐项核对企业是否满足认定条件。"""
    from assistant.eligibility import format_report_markdown
    from assistant.eligibility.checking import ProfileError, check_profile_data
    from indexer.passages import document_titles

    try:
        data = json.loads(profile.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        _fail(f"无法读取企业画像文件 {profile}：{type(exc).__name__}")
        return
    if not isinstance(data, dict):
        _fail(f"企业画像文件 {profile} 应是一个 JSON 对象")
        return
    try:
        report = check_profile_data(data, tier=tier, rules=rules)
    except ProfileError as exc:
        _fail(str(exc))
        return
    if as_json:
        _print_json(report.model_dump())
        return
    typer.echo(format_report_markdown(report, document_titles(get_settings().corpus_dir)))


@app.command()
def criteria(
    tier: Annotated[str | None, typer.Option("--tier", help="层级：创新型 / 专精特新 / 小巨人")] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="规则版本：2022 或 2026（默认：现行）")] = None,
    indicator: Annotated[str | None, typer.Option("--indicator", help="指标，如 营业收入、研发费用、直通条件")] = None,
    compare: Annotated[bool, typer.Option("--compare", help="新旧版本对照")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
) -> None:
    """查询认定条件（按层级、规则版本、指标），每条带出处。"""
    from assistant.criteria.format import format_criteria_answer
    from assistant.criteria.lookup import lookup_criteria_request
    from indexer.passages import document_titles

    try:
        lookup = lookup_criteria_request(tier, rules, indicator, compare)
    except ValueError as exc:
        _fail(str(exc))
        return
    if as_json:
        _print_json(lookup.public())
        return
    typer.echo(format_criteria_answer([lookup], document_titles(get_settings().corpus_dir))[0])


@app.command("eval")
def eval_command(
    out: Annotated[Path, typer.Option("--out", help="报告输出目录")] = Path("eval-out"),
    no_st: Annotated[bool, typer.Option("--no-st", help="跳过 sentence-transformers 对照实验")] = False,
    gate: Annotated[bool, typer.Option("--gate/--no-gate", help="低于 evals/thresholds.yaml 时返回非零")] = True,
) -> None:
    """运行评测集：检索消融、回答准确率、拒答与资格判断，输出 JSON/Markdown/PNG 报告。"""
    from evals.cases import load_cases
    from evals.gate import check_thresholds
    from evals.report import write_report
    from evals.runner import run_eval

    service = _service()
    report = run_eval(get_settings(), service, load_cases(), out / "work", with_st=not no_st)
    write_report(report, out)
    typer.echo((out / "summary.md").read_text(encoding="utf-8").split("## 失败用例")[0])
    typer.echo(f"报告：{out / 'report.json'}、{out / 'summary.md'}、{out / 'chart.png'}")
    failures = check_thresholds(report)
    if failures and gate:
        _fail("以下指标低于阈值：\n" + "\n".join(failures))


@app.command("eval-llm")
def eval_llm(
    out: Annotated[Path, typer.Option("--out", help="报告输出目录")] = Path("eval-out"),
    limit: Annotated[int, typer.Option("--limit", min=1, help="最多评测多少个检索类用例")] = 40,
) -> None:
    """大模型模式与摘录模式在同一批评测用例上的对照（需先配置 ZJTX_LLM_BASE_URL 与 ZJTX_LLM_MODEL）。"""
    from assistant.llm import llm_configured
    from evals.cases import load_cases
    from evals.llm_compare import compare_composers, summary_markdown, write_comparison

    settings = get_settings()
    if not llm_configured(settings):
        _fail("未配置大模型：请设置 ZJTX_LLM_BASE_URL 和 ZJTX_LLM_MODEL 后再运行。")
    service = _service()  # a clear message when no index has been built yet
    report = compare_composers(settings, load_cases(), limit, index=service.index)
    write_comparison(report, out)
    typer.echo(summary_markdown(report))
    typer.echo(f"报告：{out / 'llm_compare.json'}、{out / 'llm_compare.md'}")


@app.command()
def bench(out: Annotated[Path, typer.Option("--out", help="结果输出目录")] = Path("eval-out")) -> None:
    """性能基准：建索引耗时与内存、接口延迟、向量化吞吐、并发（仅 127.0.0.1）。"""
    from evals.bench import run_benchmarks

    run_benchmarks(get_settings(), out)
    typer.echo((out / "bench.md").read_text(encoding="utf-8"))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址（默认 ZJTX_HOST，127.0.0.1）")] = None,
    port: Annotated[int | None, typer.Option(help="端口（默认 ZJTX_PORT，7860）")] = None,
    workers: Annotated[int, typer.Option(min=1, max=16, help="接收请求的进程数；多核时用 2 及以上，问答与检索接口由各进程分担")] = 1,
    listen: Annotated[str | None, typer.Option(hidden=True, help="工作进程：与主进程共用的 host:port")] = None,
    main_socket: Annotated[Path | None, typer.Option(hidden=True, help="工作进程：主进程的 unix socket")] = None,
    build_id: Annotated[str, typer.Option(hidden=True, help="工作进程：应加载的索引")] = "",
    parent_pid: Annotated[int, typer.Option(hidden=True)] = 0,
) -> None:
    """启动 Web 服务（如尚无索引则在后台建立：分段完成即可按关键词回答，向量完成后切换为混合检索）。"""
    from indexer.index_store import IndexStore
    from ui.app import serve_api_worker, serve_web
    from zjtx.local_token import with_local_token

    settings = get_settings()
    if listen is not None and main_socket is not None:  # started by `zjtx serve --workers N`
        serve_api_worker(settings, listen, main_socket, build_id, parent_pid)
        return
    host, port = host or settings.host, port or settings.port
    settings, token_file = with_local_token(settings)
    if token_file is not None:
        typer.echo(f"管理员令牌：未设置 ZJTX_ADMIN_TOKEN，已使用本机令牌文件 {token_file}（仅本机用户可读，"
                   f"查看：cat {token_file}）；上传、删除、重建索引时在“知识库”页填写。")
    missing = IndexStore(settings.index_dir).current_build_id() is None
    if missing:
        typer.echo("尚无索引：后台建立索引，分段完成后先按关键词检索回答，向量化完成后自动切换为混合检索。")
    if workers > 1:
        typer.echo(f"{workers} 个进程接收请求：索引就绪后另起 {workers - 1} 个进程分担问答与检索接口。")
    typer.echo(f"服务地址：http://{host}:{port}")
    serve_web(settings, host, port, workers=workers, build_if_missing=missing)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
