"""``zjtx rewards``: look up cited local rewards, and review the rows read from added notices.

``zjtx rewards --region 昆山 --title 小巨人`` looks up; ``zjtx rewards review`` lists the rows
awaiting review and ``zjtx rewards review accept|edit|reject ROW_ID`` acts on one. Thin edges
over ``assistant.library_intake.current_reward_rows`` and ``assistant.rewards.review``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated

import typer

from zjtx.settings import Settings, get_settings


def register(app: typer.Typer, settings: Callable[[], Settings] = get_settings) -> None:
    """Add the ``rewards`` group (lookup, and its ``review`` commands) to ``app``."""
    rewards_app = typer.Typer(help="查询各地专精特新相关奖励金额；审核从新通知中提取的奖励条目。",
                              invoke_without_command=True, no_args_is_help=False)
    review_app = typer.Typer(help="审核自动提取的奖励条目。", invoke_without_command=True)
    rewards_app.add_typer(review_app, name="review")
    app.add_typer(rewards_app, name="rewards")

    @rewards_app.callback()
    def rewards(
        ctx: typer.Context,
        region: Annotated[str | None, typer.Option("--region", help="地区，如 昆山、园区、江苏、成都市武侯区")] = None,
        title: Annotated[str | None, typer.Option("--title", help="称号，如 国家级小巨人、省级小巨人")] = None,
        compare: Annotated[bool, typer.Option("--compare", help="按金额从高到低对比")] = False,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ) -> None:
        """查询各地专精特新相关奖励金额（带出处；含新加入通知中自动提取的条目，已标注）。"""
        if ctx.invoked_subcommand is not None:
            return
        from assistant.library_intake import current_reward_rows
        from assistant.rewards import RewardTableError, format_rewards_markdown, lookup_rewards
        from assistant.rewards.review import ReviewError
        from indexer.passages import cited_locator, document_titles

        current = settings()
        try:
            rows = current_reward_rows(current)
        except (RewardTableError, ReviewError) as exc:
            _fail(str(exc))
            return
        lookup = lookup_rewards(region=region, title=title, compare=compare, rows=rows)
        if as_json:
            typer.echo(json.dumps(lookup.model_dump(), ensure_ascii=False, indent=2))
            return
        titles = document_titles(current.corpus_dir, current.data_dir)
        typer.echo(format_rewards_markdown(lookup, titles, lambda doc, at: cited_locator(current.data_dir, doc, at)))

    @review_app.callback()
    def review(
        ctx: typer.Context,
        as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
        show_all: Annotated[bool, typer.Option("--all", help="列出全部（含已核对、已驳回）")] = False,
    ) -> None:
        """列出待审核的自动提取奖励条目（自动提取、未经人工核对）。"""
        if ctx.invoked_subcommand is not None:
            return
        from assistant.rewards.review import ReviewError, ReviewStore, review_items

        try:
            items = review_items(ReviewStore.in_data_dir(settings().data_dir), None if show_all else "auto")
        except ReviewError as exc:
            _fail(str(exc))
            return
        if as_json:
            typer.echo(json.dumps([i.model_dump(mode="json") for i in items], ensure_ascii=False, indent=2))
            return
        if not items:
            typer.echo("没有待审核的奖励条目。" if not show_all else "还没有自动提取的奖励条目。")
            return
        for item in items:
            typer.echo(f"{item.id}  {item.region_path}  {item.title}  {item.amount_text}  "
                       f"[{item.status_label}]  {item.doc_id} {item.locator}")
            if item.sentence:
                typer.echo(f"    原文：{item.sentence}")

    @review_app.command("accept")
    def accept(row_id: Annotated[str, typer.Argument(help="条目编号（zjtx rewards review 可查）")]) -> None:
        """采纳一条自动提取的奖励条目。"""
        _act(settings, row_id, "accept", {})

    @review_app.command("reject")
    def reject(row_id: Annotated[str, typer.Argument(help="条目编号")]) -> None:
        """驳回一条自动提取的奖励条目（查询中不再显示）。"""
        _act(settings, row_id, "reject", {})

    @review_app.command("edit")
    def edit(
        row_id: Annotated[str, typer.Argument(help="条目编号")],
        amount: Annotated[str | None, typer.Option("--amount", help="金额原文，如 50万元、最高100万元")] = None,
        amount_min: Annotated[float | None, typer.Option("--min", help="金额下限（万元）")] = None,
        amount_max: Annotated[float | None, typer.Option("--max", help="金额上限（万元）")] = None,
        title: Annotated[str | None, typer.Option("--title", help="称号，如 国家级小巨人")] = None,
        region: Annotated[str | None, typer.Option("--region", help="地区，如 成都市武侯区")] = None,
        conditions: Annotated[str | None, typer.Option("--conditions", help="条件")] = None,
        policy: Annotated[str | None, typer.Option("--policy", help="参考政策")] = None,
    ) -> None:
        """修改一条自动提取的奖励条目（修改后视为已人工核对）。"""
        _act(settings, row_id, "edit", {
            "amount_text": amount, "amount_min": amount_min, "amount_max": amount_max, "title": title,
            "region": region, "conditions": conditions, "policy": policy,
        })


def _act(settings: Callable[[], Settings], row_id: str, action: str, changes: dict[str, object]) -> None:
    from assistant.rewards.review import ReviewError, ReviewItem, ReviewStore, apply_review

    try:
        record = apply_review(ReviewStore.in_data_dir(settings().data_dir), row_id, action, changes)
    except ReviewError as exc:
        _fail(str(exc))
        return
    item = ReviewItem.of(record)
    typer.echo(f"{item.id}：{item.region} {item.title} {item.amount_text} [{item.status_label}]")


def _fail(message: str) -> None:
    typer.secho(f"错误：{message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)
