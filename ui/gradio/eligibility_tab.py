"""资格自测: the deterministic eligibility engine over a form of the company's figures."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.eligibility import TIERS, CompanyProfile
from assistant.eligibility.checking import ProfileError, check_profile_data
from assistant.eligibility.profile import KINDS, field_kind, field_label, report_only
from assistant.eligibility.rules import when_stated_fields
from assistant.eligibility.tiers import SPECIALIZED
from indexer.passages import passage_text
from ui.gradio.formatting.eligibility_report import eligibility_report_html
from ui.gradio.formatting.escaping import escape
from ui.gradio.formatting.profile_form import NOT_STATED, profile_values
from ui.gradio.titles import all_document_titles
from zjtx.settings import Settings

RULE_CHOICES = {"2022年暂行办法": "2022", "2026年修订办法": "2026", "按今天生效的版本": None}
# Fields shown first in the self-check form; the rest sit in a folded section.
PRIMARY_FIELDS = (
    "revenue_last_year",
    "rd_expense_last_year",
    "years_in_niche",
    "revenue_year_before",
    "rd_expense_year_before",
    "equity_financing_2y",
)
# (a figure only a report's benchmark reads is asked in chat, not in this form)
PROFILE_FIELDS = tuple(name for name in CompanyProfile.model_fields if not report_only(name))


def _form_label(name: str) -> str:
    unit = KINDS[field_kind(name)].unit
    return f"{field_label(name)}（{unit}）" if unit else field_label(name)


class EligibilityTab:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def check(self, tier: str, rules_choice: str, *values: Any) -> str:
        """Run the deterministic eligibility engine on the form's profile."""
        try:
            report = check_profile_data(profile_values(dict(zip(PROFILE_FIELDS, values, strict=True))),
                                        tier=tier, rules=RULE_CHOICES.get(rules_choice))
        except ProfileError as exc:
            return f'<p class="zjtx-error">{escape(str(exc))}</p>'
        cited = {(c.source.doc_id, c.source.locator) for c in report.criteria}
        passages = {key: passage_text(self.settings.corpus_dir, *key, max_chars=400) for key in cited}
        return eligibility_report_html(report, all_document_titles(self.settings), passages)


def render_eligibility_tab(tab: EligibilityTab) -> None:
    """Tier and rule version, the primary figures, the rest folded, and the report."""
    gr.Markdown("填写已知的数据即可，未填的项目会列为“需要补充的信息”。金额单位万元，比例单位%。")
    with gr.Row():
        tier = gr.Radio(list(TIERS), value=SPECIALIZED, label="申报层级", elem_id="zjtx-tier")
        rules = gr.Radio(list(RULE_CHOICES), value="按今天生效的版本", label="规则版本", elem_id="zjtx-rules")
    inputs: dict[str, gr.components.Component] = {}

    def field_input(name: str) -> gr.components.Component:
        label = _form_label(name)
        if field_kind(name) == "flag":
            return gr.Radio([NOT_STATED, "是", "否"], value=NOT_STATED, label=label, elem_id=f"profile-{name}")
        # a text box, not gr.Number: an empty number box submits 0, and 0 is a stated fact
        return gr.Textbox(label=label, placeholder=NOT_STATED, elem_id=f"profile-{name}", min_width=180)

    with gr.Row(elem_classes="zjtx-profile-row"):
        for name in PRIMARY_FIELDS:
            inputs[name] = field_input(name)
    with gr.Accordion("更多指标（选填）", open=False):
        rest = [n for n in PROFILE_FIELDS if n not in PRIMARY_FIELDS and n not in when_stated_fields()]
        numbers = [n for n in rest if field_kind(n) != "flag"]
        flags = [n for n in rest if field_kind(n) == "flag"]
        for start in range(0, len(numbers), 4):
            with gr.Row(elem_classes="zjtx-profile-row"):
                for name in numbers[start : start + 4]:
                    inputs[name] = field_input(name)
        for start in range(0, len(flags), 3):
            with gr.Row(elem_classes="zjtx-profile-row"):
                for name in flags[start : start + 3]:
                    inputs[name] = field_input(name)
    # the restrictions: checked only when answered (never presumed breached, never asked for)
    with gr.Accordion("限制条件（选填：未填视为无此情形）", open=False):
        restrictions = [n for n in PROFILE_FIELDS if n in when_stated_fields()]
        for start in range(0, len(restrictions), 3):
            with gr.Row(elem_classes="zjtx-profile-row"):
                for name in restrictions[start : start + 3]:
                    inputs[name] = field_input(name)
    run = gr.Button("开始自测", variant="primary", elem_id="zjtx-check")
    result = gr.HTML('<div class="zjtx-empty">填写后点击“开始自测”。</div>', elem_id="zjtx-eligibility-result")
    run.click(tab.check, [tier, rules, *(inputs[n] for n in PROFILE_FIELDS)], result)
