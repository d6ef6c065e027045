"""check_eligibility as a LangChain tool, so a chat model can call the same deterministic engine."""

from __future__ import annotations

from datetime import date
from typing import Any

from langchain_core.tools import StructuredTool, ToolException
from pydantic import Field, ValidationError

from assistant.eligibility.engine import check_eligibility
from assistant.eligibility.profile import CompanyProfile
from assistant.eligibility.tiers import DEFAULT_TIER

TOOL_DESCRIPTION = (
    "按《优质中小企业梯度培育管理办法》（2022暂行版或2026修订版）逐条核查企业能否评为"
    "创新型中小企业、专精特新中小企业或专精特新“小巨人”企业。金额单位万元，比例单位%；"
    "只填用户明确说过的数据，未知的留空（留空的条件判为“未知”而非“不满足”）。"
    "返回结论、逐条结果（差距与出处）和缺少的字段。"
)


class CheckEligibilityArgs(CompanyProfile):
    """Tool arguments: the profile fields plus which tier and which rules."""

    tier: str | None = Field(
        default=DEFAULT_TIER,
        description="层级：创新型中小企业 / 专精特新中小企业 / 专精特新“小巨人”企业（可简写 创新型/专精特新/小巨人）",
    )
    rules: str | None = Field(
        default=None, description="规则版本 2022 或 2026；留空则按当天施行的版本"
    )


def _validation_message(error: ValidationError) -> str:
    return "参数有误：" + "；".join(e["msg"] for e in error.errors())


def make_check_eligibility_tool(today: date | None = None) -> StructuredTool:
    """A StructuredTool named "check_eligibility" returning the report as a dict.

    ``today`` fixes the date used to pick the rule version (tests); by default the call date.
    """

    def run(**arguments: Any) -> dict[str, Any]:
        tier = arguments.pop("tier", None) or DEFAULT_TIER
        rules = arguments.pop("rules", None)
        profile = CompanyProfile.model_validate(
            {k: v for k, v in arguments.items() if v is not None}
        )
        try:
            return check_eligibility(profile, tier=tier, rules=rules, today=today).model_dump()
        except ValueError as error:  # unknown tier or rule version: tell the model, don't crash
            raise ToolException(str(error)) from error

    return StructuredTool.from_function(
        func=run,
        name="check_eligibility",
        description=TOOL_DESCRIPTION,
        args_schema=CheckEligibilityArgs,
        handle_validation_error=_validation_message,
        handle_tool_error=True,
    )
