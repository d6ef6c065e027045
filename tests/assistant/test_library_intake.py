"""``add_notice`` / ``remove_notice`` / ``current_reward_rows``: a notice's reward rows follow the document."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.library_intake import add_notice, current_reward_rows, remove_notice
from assistant.rewards import lookup_rewards
from assistant.rewards.extract import AUTO_MARK
from assistant.rewards.review import ReviewStore
from indexer.ingest import DocumentOverrides
from tests.fakes import HashingEmbeddings
from tests.indexer import sample_files as sf
from zjtx.settings import Settings


@pytest.fixture
def settings(library_settings: Settings) -> Settings:
    return library_settings


def test_added_notice_brings_its_reward_rows_and_removing_drops_them(settings: Settings, tmp_path: Path) -> None:
    bundled = len(current_reward_rows(settings))
    stages: list[str] = []
    added = add_notice(settings, sf.write_paragraph_docx(tmp_path / "余杭.docx"), embeddings=HashingEmbeddings(),
                       on_progress=lambda done, total, stage: stages.append(stage))
    assert stages[0] == "解析文档" and stages[-1] == "完成", f"进度应从解析到完成：{stages}"
    found = {(r.row.region, r.row.title, r.row.amount_text) for r in added.reward_rows}
    assert ("余杭区", "国家级专精特新“小巨人”", "50万元") in found, f"应从通知中提取余杭区小巨人 50 万元：{found}"
    assert all(r.status == "auto" and r.row.source.doc_id == added.entry.id for r in added.reward_rows)

    rows = current_reward_rows(settings)
    assert len(rows) == bundled + len(added.reward_rows)
    lookup = lookup_rewards(region="杭州市余杭区", title="国家级小巨人", rows=rows)
    assert lookup.matched == 1 and lookup.rows[0].amount_text == "50万元"
    assert AUTO_MARK in lookup.rows[0].conditions, "自动提取的行须标明未经人工核对"
    assert lookup.rows[0].region_path == "浙江省 > 杭州市 > 余杭区"

    removed = remove_notice(settings, added.entry.id, embeddings=HashingEmbeddings())
    assert removed.reward_rows_removed == len(added.reward_rows)
    assert len(current_reward_rows(settings)) == bundled
    assert ReviewStore.in_data_dir(settings.data_dir).load() == []


def test_notice_without_region_is_added_with_a_warning_and_no_rows(settings: Settings, tmp_path: Path) -> None:
    text = tmp_path / "通知.txt"
    text.write_text("关于专精特新企业的通知\n对首次获评国家级专精特新“小巨人”的企业，给予50万元奖励。\n", encoding="utf-8")
    added = add_notice(settings, text, overrides=DocumentOverrides(title="测试通知"), embeddings=HashingEmbeddings())
    assert added.reward_rows == []
    assert any("未提取奖励条目" in w for w in added.warnings)


def test_rejected_rows_leave_the_lookup_rows(settings: Settings, tmp_path: Path) -> None:
    added = add_notice(settings, sf.write_paragraph_docx(tmp_path / "余杭.docx"), embeddings=HashingEmbeddings())
    store = ReviewStore.in_data_dir(settings.data_dir)
    for record in added.reward_rows:
        store.reject(record.id)
    assert not any(r.source.doc_id == added.entry.id for r in current_reward_rows(settings))


def test_rows_of_a_document_no_longer_in_the_library_are_not_shown(settings: Settings) -> None:
    from assistant.rewards.extract import extract_notice_rows

    orphan = extract_notice_rows("对首次获评国家级专精特新“小巨人”的企业，给予50万元奖励。", doc_id="lib-gone",
                                 region="余杭区").rows
    ReviewStore.in_data_dir(settings.data_dir).add(orphan)
    assert not any(r.source.doc_id == "lib-gone" for r in current_reward_rows(settings))


def test_the_reward_tab_quotes_how_the_regions_notice_pays_several_rewards(settings: Settings, tmp_path: Path) -> None:
    """New-user trial 51: the 奖励查询 tab (and /api/rewards) said only 是否叠加以当地政策为准 of a notice stating
    按最高标准奖励，不重复享受; its note now quotes the rule first."""
    from assistant.rewards.notice_terms import lookup_with_notice_terms

    notice = tmp_path / "鄞州通知.txt"
    notice.write_text("\n".join([
        "鄞州区关于2026年度专精特新企业奖励政策的通知",
        "对新认定的国家级专精特新“小巨人”企业，给予80万元奖励；对新认定的浙江省专精特新中小企业，给予20万元奖励。",
        "同一企业同年度获得多项认定的，按最高标准奖励，不重复享受。",
        "宁波市鄞州区经济和信息化局", "2026年5月20日"]), encoding="utf-8")
    add_notice(settings, notice, overrides=DocumentOverrides(region="鄞州区"), embeddings=HashingEmbeddings())
    rows = current_reward_rows(settings)
    lookup = lookup_with_notice_terms(settings, lookup_rewards(region="鄞州区", rows=rows))
    assert lookup.matched and lookup.note.startswith(
        "鄞州区的文件写明了兑现规则：“同一企业同年度获得多项认定的，按最高标准奖励，不重复享受。”"), lookup.note
    # a region whose notices state no such rule keeps its note
    other = lookup_rewards(region="昆山", rows=rows)
    assert lookup_with_notice_terms(settings, other).note == other.note
