"""A list the lead sentence starts but does not finish: a slide's bullet lines ("标准不统一",
"服务不精准", "发展不平衡" under one heading), or items counted off sentence by sentence ("一是…。二是…。").
The lead of a question asking for a list takes the whole run, not its first item."""

from __future__ import annotations

import re

from indexer.chunking import split_into_sentences

# a bullet is a short line with no sentence end ("标准不统一"); a run is at least this many of them
BULLET_CHARS = 24
MIN_BULLETS = 3
MAX_RUN_CHARS = 240
_SENTENCE_END = re.compile(r"[。！？；;!?]$")
_COUNTED = "一二三四五六七八九十"
_FIRST_COUNTED = re.compile(r"(?:^|[：:，,“])\s*一是")


def _bullet(line: str) -> bool:
    return 0 < len(line) <= BULLET_CHARS and not _SENTENCE_END.search(line)


def bullet_run(sentence: str, passage: str, heading: str = "") -> str | None:
    """The run of bullet lines of ``passage`` that ``sentence`` is one of, joined as one list (after its
    heading when the run opens with it); None when ``sentence`` is no such bullet."""
    lines = [line.strip() for line in passage.split("\n")]
    at = next((i for i, line in enumerate(lines) if line == sentence.strip()), None)
    if at is None or not _bullet(lines[at]):
        return None
    start, end = at, at
    while start > 0 and _bullet(lines[start - 1]):
        start -= 1
    while end + 1 < len(lines) and _bullet(lines[end + 1]):
        end += 1
    items = lines[start : end + 1]
    label = items.pop(0) if heading and items and items[0] == heading.strip() else ""
    if len(items) < MIN_BULLETS or sum(map(len, items)) > MAX_RUN_CHARS:
        return None
    return f"{label}：{'；'.join(items)}" if label else "；".join(items)


def counted_run(sentence: str, passage: str) -> str | None:
    """``sentence`` ("“两个关系”：一是…。") with the sentences of ``passage`` that go on counting its items
    ("二是…。", "三是…。"); None when it counts nothing or nothing follows."""
    if not _FIRST_COUNTED.search(sentence):
        return None
    sentences = split_into_sentences(passage.replace("\n", ""))
    at = next((i for i, s in enumerate(sentences) if s == sentence.replace("\n", "")), None)
    if at is None:
        return None
    run = [sentences[at]]
    for n, following in zip(_COUNTED[1:], sentences[at + 1 :], strict=False):
        if not following.startswith(f"{n}是") or sum(map(len, run)) + len(following) > MAX_RUN_CHARS:
            break
        run.append(following)
    return "".join(run) if len(run) > 1 else None
