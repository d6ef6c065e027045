"""``zjtx add / docs / remove``: the knowledge-base commands, registered on the main typer app.

Thin edges over ``assistant.library_intake`` (``indexer.ingest`` plus the reward rows read
from the notice): metadata not given is guessed from the text, printed, and the command goes
on without asking; extracted reward rows are printed, marked for review."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from zjtx.settings import Settings, get_settings

_GUESS_LABELS = {"title": "标题", "issuer": "发文单位", "date": "日期", "region": "地区", "doc_number": "发文字号",
                 "kind": "类型"}


def register(app: typer.Typer, settings: Callable[[], Settings] = get_settings) -> None:
    """Add the ``add``, ``docs`` and ``remove`` commands to ``app``."""

    @app.command("add")
    def add(
        files: Annotated[list[Path], typer.Argument(help="要加入知识库的文件：PDF、Word（.docx）、网页、图片、文本")],
        title: Annotated[str | None, typer.Option("--title", help="标题；不填则从正文推测")] = None,
        issuer: Annotated[str | None, typer.Option("--issuer", help="发文单位；不填则从落款推测")] = None,
        date: Annotated[str | None, typer.Option("--date", help="发文日期，如 2024-03-15 或 2024年3月15日")] = None,
        region: Annotated[str | None, typer.Option("--region", help="地区，如 余杭区；不填则从发文单位推测")] = None,
        kind: Annotated[str | None, typer.Option("--kind", help="notice / measures / report")] = None,
        rules: Annotated[str | None, typer.Option("--rules", help="适用的认定标准版本：2022 或 2026")] = None,
    ) -> None:
        """把文件加入知识库并增量更新索引（未提供的信息从正文推测）。"""
        from pydantic import ValidationError

        from assistant.library_intake import add_notice
        from indexer.corpus import CorpusError
        from indexer.ingest import DocumentOverrides, IngestError, UnreadableDocument
        from indexer.library import LibraryBusy

        try:
            overrides = DocumentOverrides(title=title, issuer=issuer, date=date, region=region,
                                          kind=kind, rule_version=rules)  # type: ignore[arg-type]
        except ValidationError:
            _fail("--kind 只能是 notice、measures 或 report；--rules 只能是 2022 或 2026")
            return
        failed = 0
        for path in files:
            try:
                added = add_notice(settings(), path, overrides=overrides)
            except (IngestError, UnreadableDocument, LibraryBusy, CorpusError) as exc:
                failed += 1
                typer.secho(f"未添加 {path.name}：{exc}", fg=typer.colors.RED, err=True)
                continue
            entry = added.entry
            typer.echo(f"已添加 {entry.id}：{entry.title}（{added.chunks} 段，索引 {added.build_id}）")
            if added.guessed:
                guesses = "；".join(f"{_GUESS_LABELS.get(k, k)}={v}" for k, v in added.guessed.items())
                typer.echo(f"  推测：{guesses}")
            for warning in added.warnings:
                if "已从正文推测" not in warning:
                    typer.secho(f"  注意：{warning}", fg=typer.colors.YELLOW)
            if added.reward_rows:
                typer.echo(f"  提取奖励条目 {len(added.reward_rows)} 条（自动提取、未经人工核对，"
                           "zjtx rewards review 审核）：")
            for record in added.reward_rows:
                row = record.row
                typer.echo(f"    {record.id}  {row.region_path}  {row.title}  {row.amount_text}  "
                           f"{row.source.locator}")
        if failed:
            raise typer.Exit(1)

    @app.command("docs")
    def docs(as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False) -> None:
        """列出运行时加入知识库的文档。"""
        from indexer.ingest import list_documents

        listed = list_documents(settings())
        if as_json:
            typer.echo(json.dumps([{**d.entry.model_dump(mode="json"), "chunks": d.chunks} for d in listed],
                                  ensure_ascii=False, indent=2))
            return
        if not listed:
            typer.echo("知识库中还没有添加的文档（内置语料见 corpus/manifest.yaml）。")
            return
        for item in listed:
            e = item.entry
            chunks = f"{item.chunks} 段" if item.chunks is not None else "未索引"
            typer.echo(f"{e.id}  {e.title}  {e.issuer or '发文单位未知'}  {e.date or '日期未知'}  "
                       f"{e.region or '地区未知'}  {chunks}")

    @app.command("remove")
    def remove(doc_id: Annotated[str, typer.Argument(help="文档编号（zjtx docs 可查）")]) -> None:
        """从知识库删除一篇添加的文档并更新索引。"""
        from assistant.library_intake import remove_notice
        from indexer.corpus import CorpusError
        from indexer.ingest import IngestError
        from indexer.library import LibraryBusy

        try:
            removed = remove_notice(settings(), doc_id)
        except (IngestError, LibraryBusy, CorpusError) as exc:
            _fail(str(exc))
            return
        dropped = f"，删除提取的奖励条目 {removed.reward_rows_removed} 条" if removed.reward_rows_removed else ""
        typer.echo(f"已删除 {removed.doc_id}：{removed.title}（索引 {removed.build_id}{dropped}）")
        for warning in removed.warnings:
            typer.secho(f"  注意：{warning}", fg=typer.colors.YELLOW)


def _fail(message: str) -> None:
    typer.secho(f"错误：{message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)
