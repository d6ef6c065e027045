"""A lookup made without a question (the 奖励查询 tab, ``GET /api/rewards``) says what the region's own added
notice says of the higher levels' rewards, as the chat does: "已获得上级奖励的企业，区级奖励按差额补足" means their
rows do not stack (new-user trial 50: the tab called them 可能同时适用 while the chat quoted the notice)."""

from __future__ import annotations

from assistant.rewards.models import RewardLookup
from assistant.rewards.phrases import load_phrases
from assistant.rewards.stacking import (
    parent_regions,
    parents_said,
    topped_up_in_notices,
    topped_up_note,
)
from indexer.library import Library
from indexer.passages import corpus_passages
from zjtx.settings import Settings


def lookup_with_notice_terms(settings: Settings, lookup: RewardLookup) -> RewardLookup:
    """``lookup`` with its note on the parents' rows quoting the region's notice when it tops its reward up."""
    parents = parent_regions(lookup)
    phrases = load_phrases()
    if not (lookup.matched and lookup.region and parents and parents_said(phrases).search(lookup.note)):
        return lookup
    passages = corpus_passages(settings.corpus_dir, settings.data_dir)
    notices = {entry.id for entry in Library(settings.data_dir).entries()}
    passage = topped_up_in_notices(passages.lines, passages.titles, notices, lookup.rows[: lookup.matched],
                                   lookup.region, phrases)
    if passage is None:
        return lookup
    return lookup.model_copy(update={"note": topped_up_note(lookup.note, phrases, lookup.region, passage, parents)})
