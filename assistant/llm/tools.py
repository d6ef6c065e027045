"""The tools the model may call: ``search_policies`` over the index, plus the domain tools."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.messages import ToolCall, ToolMessage
from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, Field, ValidationError

from assistant.llm.passages import PassageLedger
from assistant.llm.prompts import llm_templates
from assistant.models import ToolCallRecord
from assistant.retrieval.search import SearchFilters, search
from assistant.retrieval.search_index import SearchIndex

SEARCH_TOOL_DESCRIPTION = (
    "检索专精特新政策文件（认定办法、解读、研究报告、地方措施），返回带编号的原文段落；"
    "回答时用 [编号] 引用。query：检索词，如“小巨人 研发费用 门槛”；"
    "rule_version：只看 2022 或 2026 版规则的段落（可省略）。"
)


class SearchPoliciesArgs(BaseModel):
    query: str = Field(description="检索词")
    rule_version: Literal["2022", "2026"] | None = Field(
        default=None, description="规则版本 2022 或 2026；不限则留空"
    )


def make_search_policies_tool(index: SearchIndex, ledger: PassageLedger, k: int) -> StructuredTool:
    """``search_policies`` for one turn: hits join the turn's numbered passages in ``ledger``."""

    def run(query: str, rule_version: str | None = None) -> tuple[str, list[dict[str, object]]]:
        outcome = search(index, query, k=k, filters=SearchFilters(rule_version=rule_version))
        passages = [ledger.add(hit.chunk) for hit in outcome.hits]
        found = [{"n": p.n, "doc_id": p.chunk.doc_id, "locator": p.chunk.locator} for p in passages]
        return ledger.render(passages), found

    return StructuredTool.from_function(
        func=run,
        name="search_policies",
        description=SEARCH_TOOL_DESCRIPTION,
        args_schema=SearchPoliciesArgs,
        response_format="content_and_artifact",
    )


def run_tool_call(tools: Sequence[BaseTool], call: ToolCall, ledger: PassageLedger) -> tuple[ToolMessage, ToolCallRecord]:
    """Run one tool call of the model; a bad call becomes an error message the model can read.

    Results of the domain tools join the guard's evidence; passages of ``search_policies``
    are already in the ledger.
    """
    t = llm_templates()
    by_name = {tool.name: tool for tool in tools}
    call_id = call.get("id") or call["name"]
    tool = by_name.get(call["name"])
    if tool is None:
        content = t["unknown_tool"].format(name=call["name"], names="、".join(by_name))
        message = ToolMessage(content=content, tool_call_id=call_id, name=call["name"], status="error")
        return message, ToolCallRecord(name=call["name"], arguments=call["args"], result=content)
    try:
        message = tool.invoke({**call, "id": call_id, "type": "tool_call"})
    except (ValidationError, ToolException) as error:
        content = t["tool_error"].format(error=error)
        message = ToolMessage(content=content, tool_call_id=call_id, name=tool.name, status="error")
    result: Any = message.artifact if message.artifact is not None else _parsed(message.content)
    if tool.name != "search_policies" and message.status != "error":
        ledger.tool_results.append(str(message.content))
    return message, ToolCallRecord(name=tool.name, arguments=call["args"], result=result)


def _parsed(content: Any) -> Any:
    if not isinstance(content, str):
        return content
    try:
        return json.loads(content)
    except ValueError:
        return content
