"""The reward lookup as a LangChain tool for the chat assistant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field

from assistant.rewards.lookup import lookup_rewards
from assistant.rewards.models import RewardRow

TOOL_DESCRIPTION = (
    "查询语料中各地对专精特新相关称号的认定奖励金额（带出处）。"
    "region：地区，如 昆山、苏州工业园区、江苏省、内蒙古；title：称号，如 国家级小巨人、"
    "省级小巨人、省级专精特新中小企业、单项冠军、省专精特新产品。两者都可省略其一。"
    "Looks up cited local reward amounts by region and honour."
)


class LookupRewardsArgs(BaseModel):
    region: str | None = Field(default=None, description="地区（可用简称，如 太仓、园区、内蒙古）")
    title: str | None = Field(
        default=None, description="称号（如 国家级小巨人、省级小巨人、单项冠军）"
    )


def make_lookup_rewards_tool(
    table: Sequence[RewardRow] | None = None,
    *,
    rows: Callable[[], Sequence[RewardRow]] | None = None,
) -> StructuredTool:
    """A ``lookup_rewards`` tool returning ``{"rows": [...], "note": ...}``.

    ``rows`` is called on every use (rows of notices added since are included), e.g.
    ``lambda: current_reward_rows(settings)``; else ``table``, else the bundled table.
    """

    def run(region: str | None = None, title: str | None = None) -> dict[str, Any]:
        searched = rows() if rows is not None else table
        return lookup_rewards(region=region, title=title, rows=searched).model_dump()

    return StructuredTool.from_function(
        func=run,
        name="lookup_rewards",
        description=TOOL_DESCRIPTION,
        args_schema=LookupRewardsArgs,
    )
