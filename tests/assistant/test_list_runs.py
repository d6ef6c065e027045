"""A list the lead starts is led whole: a slide's bullet lines, or items counted off sentence by sentence."""

from assistant.answering.list_runs import bullet_run, counted_run

SLIDE = "培育专精特新企业的需要\n培育工作取得一定成效\n标准不统一\n服务不精准\n发展不平衡"


def test_a_bullet_is_led_with_its_run_under_its_heading() -> None:
    assert bullet_run("标准不统一", SLIDE, heading="培育专精特新企业的需要") == (
        "培育专精特新企业的需要：培育工作取得一定成效；标准不统一；服务不精准；发展不平衡")


def test_a_run_without_its_heading_is_joined_alone() -> None:
    assert bullet_run("标准不统一", SLIDE) == (
        "培育专精特新企业的需要；培育工作取得一定成效；标准不统一；服务不精准；发展不平衡")


def test_a_sentence_or_a_short_run_is_no_bullet_list() -> None:
    prose = "标准不统一。\n这是一个完整的句子，它有句号，也不是列表中的一项内容。"
    assert bullet_run("标准不统一。", prose) is None
    assert bullet_run("标准不统一", "一段说明文字，说得很长很长，超过了一个列表项能有的长度。\n标准不统一\n服务不精准") is None
    assert bullet_run("不在文中", SLIDE) is None


PASSAGE = ("北交所的定位可以用一个定位、两个关系来概括。“两个关系”：一是与沪深交易所坚持错位发展与互联互通。"
           "二是与新三板坚持统筹协调与制度联动。“三个目标”：一是构建一套制度。")


def test_counted_items_go_on_to_the_last_one() -> None:
    assert counted_run("“两个关系”：一是与沪深交易所坚持错位发展与互联互通。", PASSAGE) == (
        "“两个关系”：一是与沪深交易所坚持错位发展与互联互通。二是与新三板坚持统筹协调与制度联动。")


def test_a_sentence_counting_nothing_or_followed_by_nothing_is_left() -> None:
    assert counted_run("北交所的定位可以用一个定位、两个关系来概括。", PASSAGE) is None
    assert counted_run("“三个目标”：一是构建一套制度。", PASSAGE) is None
