"""The company facts an eligibility check reads, typed and validated once.

Every field is optional: a missing fact makes the criteria that need it *unknown*, never
*failed*. Amounts are in 万元, ratios in %, so a value reads the same way as the rule text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

FieldKind = Literal[
    "amount", "percent", "growth", "years", "count", "people", "rank", "award_rank", "top_n", "score", "flag"
]


@dataclass(frozen=True)
class KindSpec:
    """How values of one kind are stored, bounded and printed."""

    unit: str
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None


KINDS: dict[FieldKind, KindSpec] = {
    "amount": KindSpec("万元", minimum=0),
    "percent": KindSpec("%", minimum=0, maximum=100),
    "growth": KindSpec("%", minimum=-100),
    "years": KindSpec("年", minimum=0, maximum=200),
    "count": KindSpec("项", integer=True, minimum=0),
    "people": KindSpec("人", integer=True, minimum=0),
    "rank": KindSpec("名", integer=True, minimum=1),
    # 0 means "no such award in the period", so a stated absence can fail a criterion
    "award_rank": KindSpec("名", integer=True, minimum=0),
    "top_n": KindSpec("强", integer=True, minimum=0),
    "score": KindSpec("分", minimum=0, maximum=100),
    "flag": KindSpec(""),
}


def _fact(label: str, kind: FieldKind, hint: str = "", report_only: bool = False) -> Any:
    """``report_only``: a figure no rule reads, only a report's benchmark (eligibility/benchmarks.py)."""
    unit = KINDS[kind].unit
    description = label + (f"（单位：{unit}）" if unit and kind != "flag" else "") + hint
    extra: dict[str, Any] = {"kind": kind, "report_only": True} if report_only else {"kind": kind}
    return Field(default=None, title=label, description=description, json_schema_extra=extra)


class CompanyProfile(BaseModel):
    """What we know about the company; ``None`` means "not stated"."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    revenue_last_year: float | None = _fact("上年度营业收入", "amount")
    revenue_year_before: float | None = _fact("前年（上上年度）营业收入", "amount")
    rd_expense_last_year: float | None = _fact("上年度研发费用", "amount")
    rd_expense_year_before: float | None = _fact("前年（上上年度）研发费用", "amount")
    rd_expense_2y_total: float | None = _fact(
        "近两年研发费用合计", "amount", "；缺省时由两年研发费用相加"
    )
    rd_ratio_last_year: float | None = _fact(
        "上年度研发费用占营业收入比重", "percent", "；缺省时由研发费用÷营业收入推算"
    )
    rd_ratio_year_before: float | None = _fact(
        "前年研发费用占营业收入比重", "percent", "；缺省时由研发费用÷营业收入推算"
    )
    equity_financing_2y: float | None = _fact(
        "近2年新增股权融资总额（合格机构投资者实缴）", "amount"
    )
    equity_financing_3y: float | None = _fact("近3年机构投资者新增股权融资实缴额", "amount")
    years_in_niche: float | None = _fact("从事特定细分市场年限", "years")
    main_business_ratio: float | None = _fact("主营业务收入占营业收入比重", "percent")
    main_business_growth_2y_avg: float | None = _fact("近2年主营业务收入平均增长率", "growth")
    debt_ratio: float | None = _fact("资产负债率（上年末）", "percent")
    market_share_pct: float | None = _fact("主导产品细分市场占有率", "percent")
    domestic_rank: int | None = _fact("主导产品国内细分市场排名", "rank")
    # (制造业单项冠军's 市场占有率位居全球前三: eligibility/rules/champion.yaml)
    global_rank: int | None = _fact("申请产品全球市场占有率排名", "rank")
    market_position_leading: bool | None = _fact("主导产品细分市场占有率靠前且有一定知名度", "flag")
    i_class_ip_count: int | None = _fact("与主导产品相关的Ⅰ类知识产权数量", "count")
    # (2026 图表2: the Ⅰ类知识产权 must be 企业自主持有且权利人排名前三: "跟大学合作的，权利人我们排第四")
    ip_holder_rank: int | None = _fact("企业在其Ⅰ类知识产权权利人中的排名", "rank")
    national_award_rank_3y: int | None = _fact(
        "近三年国家级科技奖励获奖单位中的排名", "award_rank", "；0表示未获得"
    )
    provincial_award_rank_3y: int | None = _fact(
        "近三年省级科技奖励获奖单位中的排名", "award_rank", "；0表示未获得"
    )
    sci_award_3y: bool | None = _fact("近三年获得国家级或省级科技奖励", "flag")
    # "也没有直通条件": the company says whether any direct-pass route applies (GroupSpec.stated_by)
    direct_route: bool | None = _fact("满足某项直通条件", "flag")
    high_tech_enterprise: bool | None = _fact("有效期内的高新技术企业（或同类荣誉）", "flag")
    provincial_rd_institution: bool | None = _fact("拥有经认定的省部级以上研发机构", "flag")
    has_rd_institution: bool | None = _fact("自建或联合建立研发机构", "flag")
    maker_china_top_n_3y: int | None = _fact(
        "近三年“创客中国”大赛全国名次档（N强）", "top_n", "；如进入全国50强填50，0表示未入围"
    )
    core_business_it_system: bool | None = _fact("至少1项核心业务采用信息系统支撑", "flag")
    management_certification: bool | None = _fact(
        "取得管理体系认证或发达国家和地区产品认证", "flag"
    )
    own_brand: bool | None = _fact("拥有自主品牌", "flag")
    # the 2022 小巨人's 三选一指标: the corpus names it without its brackets, so only the company's own word
    # that it meets them can be checked
    three_choice_met: bool | None = _fact("三选一指标（含营收、研发强度等）达标", "flag")
    key_industry_chain_position: bool | None = _fact("位于产业链关键环节", "flag")
    key_field_product: bool | None = _fact("主导产品属于重点领域", "flag")
    # the 2022 restrictions (限制条件), said the way they are breached: a company is never presumed
    # to breach one, so they are checked only when stated (Criterion.when_stated)
    # the 2022 basic requirement (基本要求); any ownership meets it (不区分所有制)
    domestic_sme: bool | None = _fact("境内注册、具有独立法人资格的中小企业", "flag")
    listed_dishonest: bool | None = _fact("被列入经营异常名录或严重失信主体名单", "flag")
    restricted_product: bool | None = _fact("产品（服务）属于国家禁止、限制或淘汰类", "flag")
    major_violation_3y: bool | None = _fact(
        "近三年发生过重大安全、质量、环境污染等事故或偷漏税等违法违规行为", "flag"
    )
    major_safety_accident_3y: bool | None = _fact("近三年发生过重大安全事故", "flag")
    data_fraud: bool | None = _fact("申报数据造假（弄虚作假）", "flag")
    missed_info_updates: bool | None = _fact("未按要求更新企业信息（数据）", "flag")
    evaluation_score: float | None = _fact("评价得分（2022年梯度培育评价指标）", "score")
    innovation_score: float | None = _fact("创新能力指标得分（2022年创新型中小企业）", "score")
    growth_score: float | None = _fact("成长性指标得分（2022年创新型中小企业）", "score")
    specialization_score: float | None = _fact("专业化指标得分（2022年创新型中小企业）", "score")
    quality_score: float | None = _fact("专精特新发展质量评价得分（2026年）", "score")
    # figures a report's benchmarks read ("按报告软件信息类的目标，软著18个够不够"), no rule
    invention_patent_count: int | None = _fact("发明专利数量", "count", report_only=True)
    patent_total: int | None = _fact("专利总量", "count", report_only=True)
    software_copyright_count: int | None = _fact("软件著作权数量", "count", report_only=True)
    pct_application_count: int | None = _fact("PCT国际专利申请数量", "count", report_only=True)
    rd_staff_count: int | None = _fact("研发人员数量", "people", report_only=True)
    rd_staff_ratio: float | None = _fact("研发人员占比", "percent", report_only=True)

    @field_validator("*", mode="before")
    @classmethod
    def _check_value(cls, value: Any, info: ValidationInfo) -> Any:
        """Reject wrong types and impossible values with a message an SME owner can read."""
        if value is None or info.field_name is None or not is_known_fact(info.field_name):
            return value  # e.g. the tool's tier/rules arguments in a subclass
        return coerce_fact(info.field_name, value)

    def known(self) -> dict[str, Any]:
        """The stated facts only."""
        return self.model_dump(exclude_none=True)

    def updated(self, updates: dict[str, Any]) -> CompanyProfile:
        """A copy with ``updates`` applied (later statements win)."""
        return CompanyProfile.model_validate({**self.known(), **updates})

    def updated_leniently(self, updates: dict[str, Any]) -> tuple[CompanyProfile, list[dict[str, Any]]]:
        """``updated`` keeping every valid update; the invalid ones ("研发占比150%") are left out and
        returned as pydantic errors, so chat can say which figure it did not take."""
        try:
            return self.updated(updates), []
        except ValidationError as error:
            errors: list[dict[str, Any]] = [dict(e) for e in error.errors()]
            bad = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
            kept = {k: v for k, v in updates.items() if k not in bad}
            return self.updated(kept), errors


# Facts the rules read that are always computed, never stated (see facts.py).
DERIVED_ONLY: dict[str, tuple[str, FieldKind]] = {
    "rd_expense_2y_avg": ("近两年研发费用总额均值", "amount"),
}


def field_kind(name: str) -> FieldKind:
    if name in DERIVED_ONLY:
        return DERIVED_ONLY[name][1]
    extra = CompanyProfile.model_fields[name].json_schema_extra
    assert isinstance(extra, dict)
    return extra["kind"]  # type: ignore[return-value]


def report_only(name: str) -> bool:
    """A figure only a report's benchmark reads: it states no profile for a rule's check."""
    extra = CompanyProfile.model_fields[name].json_schema_extra if name in CompanyProfile.model_fields else None
    return isinstance(extra, dict) and bool(extra.get("report_only"))


def field_label(name: str) -> str:
    if name in DERIVED_ONLY:
        return DERIVED_ONLY[name][0]
    title = CompanyProfile.model_fields[name].title
    return title or name


def field_unit(name: str) -> str:
    return KINDS[field_kind(name)].unit


def is_known_fact(name: str) -> bool:
    if name in DERIVED_ONLY:
        return True
    info = CompanyProfile.model_fields.get(name)
    return info is not None and isinstance(info.json_schema_extra, dict)


_TRUE_WORDS = {"true", "yes", "是", "有", "1"}
_FALSE_WORDS = {"false", "no", "否", "无", "没有", "0"}


def _error(kind: str, message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, message, context)


def coerce_fact(name: str, value: Any) -> Any:
    """Check one raw value against its field's kind; returns the value to store."""
    label = field_label(name)
    kind = field_kind(name)
    if kind == "flag":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
            return value.strip().lower() in _TRUE_WORDS
        raise _error(
            "zjtx_not_flag",
            "{label}应为是/否（true/false），收到：{value}",
            label=label,
            value=repr(value),
        )
    spec = KINDS[kind]
    number = _as_number(label, spec, value)
    if spec.integer:
        if number != int(number):
            raise _error(
                "zjtx_not_integer", "{label}应为整数，收到：{value}", label=label, value=repr(value)
            )
        number = int(number)
    if spec.minimum is not None and number < spec.minimum:
        if spec.minimum == 0:
            message = "{label}不能为负数，收到：{value}"
        else:
            message = "{label}不能小于{minimum}，收到：{value}"
        raise _error(
            "zjtx_too_small", message, label=label, value=repr(value), minimum=spec.minimum
        )
    if spec.maximum is not None and number > spec.maximum:
        if kind == "percent":
            message = "{label}是百分比，应在0到100之间，收到：{value}"
        else:
            message = "{label}不能超过{maximum}{unit}，收到：{value}"
        raise _error(
            "zjtx_too_large",
            message,
            label=label,
            value=repr(value),
            maximum=spec.maximum,
            unit=spec.unit,
        )
    return number


def _as_number(label: str, spec: KindSpec, value: Any) -> float:
    not_number = _error(
        "zjtx_not_number",
        "{label}应为数字（单位：{unit}），收到：{value}",
        label=label,
        unit=spec.unit,
        value=repr(value),
    )
    if isinstance(value, bool):
        raise not_number
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            raise not_number from None
    else:
        raise not_number
    if not math.isfinite(number):
        raise not_number
    return number
