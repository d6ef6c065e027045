"""Documents a question names as its source ("《金融支持专精特新》报告里讲的知识产权保险分哪两类",
"艾瑞那份报告里说…": by its title, or by a name users call it, the manifest's ``aliases``).

A question that names its source is answered from that source: the search keeps to it, and
the title's words (金融, 支持, 报告) are not counted as what the answer must state. A title
that is the subject of the question ("《优质中小企业梯度培育管理暂行办法》是啥时候印发的") names
no source: other documents say when it was issued.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_QUOTED = re.compile(r"《([^》]{2,60})》")
_INNER = re.compile(r"《([^》]+)》")
_MIN_PREFIX = 6  # characters: a shorter quoted name ("《办法》") names no one document


def _squash(text: str) -> str:
    return re.sub(r"[\s“”\"'「」]", "", text)


def _inner_title(title: str) -> str:
    match = _INNER.search(title)
    return _squash(match.group(1) if match else title)


_ALIAS_GAP = 12  # characters between a name and the pointer ("促进中心那个2022年发展报告里")


# a last clause asking a value or a list is the question itself; one asking how the source puts it
# ("艾瑞是怎么解释的") points at the source of the question before it
_ASKING = re.compile(r"哪|多少|几|是否|有没有")


def documents_named(
    question: str, titles: Iterable[tuple[str, str]], pointer: re.Pattern[str],
    aliases: Iterable[tuple[str, Iterable[str]]] = (),
) -> tuple[tuple[str, ...], str]:
    """The ids of the documents whose title a 《…》 of ``question`` is (or begins), or whose alias
    the question says, and that ``pointer`` (what follows a source pointed at: 里, 中, 提到…) marks
    as the source, and the question without those names; ``((), question)`` when it names none."""
    inner = {doc_id: _inner_title(title) for doc_id, title in titles}
    named: list[str] = []
    rest = question
    for match in _QUOTED.finditer(question):
        if not pointer.match(question, match.end()):
            continue
        name = _squash(match.group(1))
        found = [doc_id for doc_id, title in inner.items()
                 if title == name or (len(name) >= _MIN_PREFIX and title.startswith(name))]
        if found:
            named += [d for d in found if d not in named]
            rest = rest.replace(match.group(0), "", 1)
    spans: list[tuple[int, int, str]] = []
    for doc_id, names in aliases:
        for name in sorted(names, key=len, reverse=True):
            # the name and its pointer go ("艾瑞统计的…": 统计 is not what is asked)
            said = re.search(rf"{re.escape(name)}[^，,。；;？?]{{0,{_ALIAS_GAP}}}?(?:{pointer.pattern})+", rest)
            # "…跟什么基本一致？促进中心那份摘要": the source said as the message's last clause
            # (not one asking: "…，金融报告归纳主要在哪些方面给支持？" is the question itself)
            last = re.search(rf"(?<=[，,。；;？?])\s*{re.escape(name)}([^，,。；;？?！!]{{0,{_ALIAS_GAP}}})[。？?！!]?\s*$", rest)
            said = said or (last if last and not _ASKING.search(last.group(1)) else None)
            if said:
                spans.append((said.start(), said.end(), doc_id))
                break
    # a name inside another document's name and pointer ("艾瑞摘要里说": 艾瑞's summary, not the 摘要 of
    # the 促进中心) names nothing of its own
    kept = [(start, end, doc_id) for start, end, doc_id in spans
            if not any(s < start < e for s, e, _ in spans)]
    named += [doc_id for _, _, doc_id in kept if doc_id not in named]
    cut = {i for start, end, _ in kept for i in range(start, end)}
    rest = "".join(ch for i, ch in enumerate(rest) if i not in cut)
    return tuple(named), rest if named else question
