from __future__ import annotations

from pathlib import Path

import pytest

from assistant.rewards.extract import AUTO_MARK, extract_reward_rows
from assistant.rewards.lookup import lookup_rewards
from assistant.rewards.models import RewardRow
from assistant.rewards.review import REVIEWED_MARK, ReviewError, ReviewStore, rows_for_lookup

NOTICE = (
    "对首次获评国家级专精特新“小巨人”企业、省级专精特新中小企业的，"
    "分别给予50万元、20万元一次性奖励。"
)


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    store = ReviewStore.in_data_dir(tmp_path)
    store.add(extract_reward_rows(NOTICE, doc_id="yuhang-2024", region="杭州市余杭区").rows)
    return store


def test_extracted_rows_are_stored_under_the_data_dir_as_pending(
    store: ReviewStore, tmp_path: Path
) -> None:
    assert store.path.is_relative_to(tmp_path)
    assert [(r.row.title, r.status) for r in store.pending()] == [
        ("国家级专精特新“小巨人”", "auto"),
        ("省级专精特新中小企业", "auto"),
    ]


def test_adding_the_same_rows_again_keeps_the_review(store: ReviewStore) -> None:
    first = store.pending()[0]
    store.accept(first.id)
    again = store.add(extract_reward_rows(NOTICE, doc_id="yuhang-2024", region="余杭区").rows)
    assert again == [], "同一通知再次抽取不应重复入库"
    assert store.get(first.id).status == "reviewed"


def test_accept_edit_and_reject_by_id(store: ReviewStore) -> None:
    national, provincial = store.pending()
    assert store.accept(national.id).status == "reviewed"
    edited = store.edit(provincial.id, amount_text="最高20万元", amount_min=None)
    assert (edited.status, edited.row.amount_text, edited.row.amount_min) == (
        "reviewed",
        "最高20万元",
        None,
    )
    assert edited.edited and edited.extracted.row.amount_min == 20, "原抽取结果保留"
    assert store.reject(national.id).status == "rejected"
    assert store.pending() == []


def test_bad_ids_and_bad_edits_are_refused(store: ReviewStore) -> None:
    with pytest.raises(ReviewError, match="没有编号"):
        store.accept("nope")
    row_id = store.pending()[0].id
    with pytest.raises(ReviewError, match="没有这些字段"):
        store.edit(row_id, colour="red")
    with pytest.raises(ReviewError, match="无效"):
        store.edit(row_id, amount_min=100, amount_max=1)
    assert store.get(row_id).status == "auto", "失败的修改不改变状态"


def test_lookup_rows_show_extracted_rows_marked(store: ReviewStore, table: list[RewardRow]) -> None:
    national, provincial = store.pending()
    store.accept(provincial.id)
    rows = rows_for_lookup(table, store)
    assert rows[: len(table)] == table, "人工整理的奖励表在前，原样保留"
    added = {r.title: r.conditions for r in rows[len(table) :]}
    assert added["国家级专精特新“小巨人”"].startswith(AUTO_MARK)
    assert added["省级专精特新中小企业"].startswith(REVIEWED_MARK)
    store.reject(national.id)
    assert len(rows_for_lookup(table, store)) == len(table) + 1, "已驳回的行不参与查询"
    lookup = lookup_rewards("余杭区", "小巨人", table=rows_for_lookup(table, store))
    assert lookup.note, "已驳回后余杭区没有小巨人的行"


def test_a_new_districts_rows_answer_lookups(store: ReviewStore, table: list[RewardRow]) -> None:
    rows = rows_for_lookup(table, store)
    # lookups place the rows' divisions in their region index themselves (region_index_for)
    lookup = lookup_rewards("余杭", "小巨人", table=rows)
    matched = lookup.rows[: lookup.matched]
    assert [(r.region, r.amount_text) for r in matched] == [("余杭区", "50万元")]
    assert AUTO_MARK in matched[0].conditions
    assert lookup.parent_regions == ["杭州市", "浙江省"], "新区县挂在其市、省之下"
    assert [r.region for r in lookup.rows[1:]] == ["浙江省"], "上级省份的小巨人奖励作为参考列出"


def test_removing_a_notice_drops_its_rows(store: ReviewStore) -> None:
    assert store.remove_document("yuhang-2024") == 2
    assert store.load() == []
