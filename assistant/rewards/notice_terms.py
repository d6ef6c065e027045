"""The rules a region's own added notice states of its rewards, read from the notice itself.

A lookup made without a question (the 奖励查询 tab, ``GET /api/rewards``) says what the notice says of the higher
levels' rewards, as the chat does: "已获得上级奖励的企业，区级奖励按差额补足" means their rows do not stack (new-user
trial 50: the tab called them 可能同时适用 while the chat quoted the notice); and how several of its rewards are paid
("按最高标准奖励，不重复享受", trial 51), which the chat also reads here when a question's words retrieve none of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from assistant.rewards.models import RewardLookup
from assistant.rewards.passages import RewardPassage
from assistant.rewards.phrases import load_phrases
from assistant.rewards.stacking import (
    parent_regions,
    parents_said,
    rule_in_notices,
    topped_up_note,
)
from indexer.library import Library
from indexer.passages import corpus_passages
from zjtx.settings import Settings


def own_notice_rule(corpus_dir: Path, data_dir: Path, lookup: RewardLookup,
                    terms: Sequence[str] | None = None) -> RewardPassage | None:
    """The rule (``terms``, by default the top-up's) that the added notices of the lookup's region state, read from
    the notices; the region as its matched rows name it ("鄞州" is asked, 鄞州区 is listed)."""
    notices = {entry.id for entry in Library(data_dir).entries()}
    if not (lookup.matched and notices):
        return None
    passages = corpus_passages(corpus_dir, data_dir)
    return rule_in_notices(passages.lines, passages.titles, notices, lookup.rows[: lookup.matched],
                           lookup.rows[0].region, load_phrases(), terms)


def lookup_with_notice_terms(settings: Settings, lookup: RewardLookup) -> RewardLookup:
    """``lookup`` with its note on the parents' rows quoting the region's notice when it tops its reward up, or,
    when the notice states how several of its rewards are paid ("按最高标准奖励，不重复享受"), that rule first
    (new-user trial 51: the tab said only 是否叠加以当地政策为准)."""
    if not (lookup.matched and lookup.region):
        return lookup
    phrases = load_phrases()
    parents = parent_regions(lookup)
    if parents and parents_said(phrases).search(lookup.note) and (
            topped := own_notice_rule(settings.corpus_dir, settings.data_dir, lookup)):
        return lookup.model_copy(update={"note": topped_up_note(lookup.note, phrases, lookup.region, topped, parents)})
    rule = own_notice_rule(settings.corpus_dir, settings.data_dir, lookup, phrases.stacking_terms)
    if rule is None:
        return lookup
    said = phrases.message("stacking_passages", region=lookup.rows[0].region) + f"“{rule.quote}”"
    return lookup.model_copy(update={"note": f"{said}{lookup.note}"})
