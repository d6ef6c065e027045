"""The chat's side panel: each cited passage with the sentences the answer quotes
highlighted, and who composed the answer (tool results: ``tool_results``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.models import Citation
from ui.gradio.formatting.escaping import escape

_QUOTE = re.compile(r"「([^「」]+)」")
_MARKER_LINE = re.compile(r"^\s*\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_MIN_QUOTE_CHARS = 6
# A snippet is the text of the cited lines, cut where the indexer stops (marked …) or where a line of
# the source ends: in a PDF's text that is often mid-word (…；对当年度评定的苏, new-user trial 26).
CUT_MARK = "…"
_CLAUSE_END = re.compile(r"[。！？；，!?;]")
_WHOLE_END = "。！？；，!?;：:、）)」』”’》】%"  # a snippet ending in one of these ends where it should
_MAX_DANGLING_CHARS = 12  # a longer last clause is kept: a heading, a table cell, a list item


def quoted_passages(answer: str, number: int) -> list[str]:
    """What the answer quotes from source ``[number]``: 「…」 on its evidence line and the
    sentence the marker closes."""
    quotes: list[str] = []
    marker = f"[{number}]"
    for line in answer.splitlines():
        found = _MARKER_LINE.match(line)
        if found and int(found.group(1)) == number:
            quotes += _QUOTE.findall(line)
        elif marker in line:
            # "…在北交所上市。[1]": the sentence the marker closes ends before its full stop
            before = line.split(marker)[0].rstrip(" 。！？；")
            sentence = re.split(r"[。！？；]|\[\d+\]", before)[-1].strip(" *：:")
            if len(sentence) >= _MIN_QUOTE_CHARS:
                quotes.append(sentence)
    return [q.strip() for q in quotes if len(q.strip()) >= _MIN_QUOTE_CHARS]


def _quoted_spans(snippet: str, quotes: Sequence[str]) -> list[tuple[int, int]]:
    """Non-overlapping character spans of ``snippet`` that the answer quotes."""
    spans: list[tuple[int, int]] = []
    for quote in sorted(set(quotes), key=len, reverse=True):
        start = snippet.find(quote)
        if start >= 0:
            spans.append((start, start + len(quote)))
            continue
        # a quote trimmed or cut differently: mark the snippet's sentences it contains
        offset = 0
        for sentence in _SENTENCE_END.split(snippet):
            core = sentence.strip().rstrip("。！？；!?;")
            if len(core) >= _MIN_QUOTE_CHARS and core in quote:
                spans.append((offset, offset + len(sentence)))
            offset += len(sentence)
    kept: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def trim_snippet(snippet: str, quotes: Sequence[str] = ()) -> str:
    """``snippet`` ending at a sentence or clause end (。！？；，) with … where it was cut.

    A snippet that stops mid-clause, at its lines' end or at the indexer's … , loses that last clause
    when it is short (up to 12 characters: the words cut off, not a heading or a table cell) and the
    answer does not quote it. Anything else is left as it is, table rows (“指标：… | …”) among it."""
    text = snippet.rstrip()
    body = text.removesuffix(CUT_MARK)
    if not body or body[-1] in _WHOLE_END or body[-1] == CUT_MARK or " | " in body:
        return snippet
    ends = [m.end() for m in _CLAUSE_END.finditer(body)]
    if not ends or len(body) - ends[-1] > _MAX_DANGLING_CHARS:
        return snippet
    if any(end > ends[-1] for _, end in _quoted_spans(body, quotes)):
        return snippet
    return body[: ends[-1]] + CUT_MARK


def highlight_snippet(snippet: str, quotes: Sequence[str]) -> str:
    """The snippet as escaped HTML with the quoted sentences in ``<mark>``.

    Matching runs on the raw text and each piece is escaped on its own, so a quote can
    never split an entity or let markup through.
    """
    pieces: list[str] = []
    position = 0
    for start, end in _quoted_spans(snippet, quotes):
        pieces.append(escape(snippet[position:start]))
        pieces.append(f"<mark>{escape(snippet[start:end])}</mark>")
        position = end
    pieces.append(escape(snippet[position:]))
    return "".join(pieces)


def composer_note(composer: str, model: str | None, style: str) -> str:
    """Who wrote the answer, for the sources panel: empty for extractive answers."""
    if composer != "llm":
        return ""
    how = "从检索到的原文中选句" if style == "quote" else "依据引用的原文组织语言"
    return f'<p class="zjtx-note">本轮由大模型 {escape(model or "")} 作答（{how}），其中的数字均已与原文或工具结果核对。</p>'


def sources_html(citations: Sequence[Citation], answer: str, note: str = "") -> str:
    """The sources panel: title, section, locator and snippet of each [n] citation,
    after ``note`` (see :func:`composer_note`)."""
    if not citations:
        return note + '<div class="zjtx-empty">本轮回答没有引用来源。</div>'
    items = []
    for number, citation in enumerate(citations, start=1):
        section = f'<div class="zjtx-section">{escape(citation.section)}</div>' if citation.section else ""
        quotes = quoted_passages(answer, number)
        snippet = highlight_snippet(trim_snippet(citation.snippet, quotes), quotes)
        items.append(
            f'<li class="zjtx-source" id="zjtx-source-{number}">'
            f'<div class="zjtx-source-head"><span class="zjtx-num">[{number}]</span> '
            f'<span class="zjtx-title">{escape(citation.title)}</span> '
            f'<span class="zjtx-locator">{escape(citation.locator)}</span></div>'
            f'{section}<div class="zjtx-snippet">{snippet}</div></li>'
        )
    return f'{note}<ol class="zjtx-sources">{"".join(items)}</ol>'
