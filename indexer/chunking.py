"""Chinese-aware chunking: sentences grouped under their section path, table rows kept whole."""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.cleaning import PARAGRAPH_FORMATS, SENTENCE_END, clean_pdf_text
from indexer.corpus import RawDocument
from indexer.layout import DocumentLayout
from indexer.models import Chunk, DocumentMeta, SourceLine

_LABEL_LINE = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,6}")  # a short unpunctuated line ("科创板", "北交所")
_TOPIC_CHARS = 60  # a sentence naming the measure the next one gives figures of is short
_FIGURE = re.compile(r"\d")
_FIGURE_SPAN = 12  # characters: "苏州（72件）" opens with its figure
_SENTENCE_SPLIT = re.compile(f"(?<=[{SENTENCE_END}])(?![”’）)】」])|(?<=[{SENTENCE_END}][”’」])|\n")


def split_into_sentences(text: str) -> list[str]:
    """Split at 。！？； (closing quotes/brackets stay with their sentence)."""
    return [s for s in (part.strip() for part in _SENTENCE_SPLIT.split(text)) if s]


def names_figures_after(topic: str, following: str) -> bool:
    """``topic`` names what the figures of ``following`` measure ("专利总量中位数是…关键指标。" before
    "苏州（72件）、常州（68件）…"): a short sentence without a figure, then one that opens with figures."""
    return (len(topic) <= _TOPIC_CHARS and not _FIGURE.search(topic)
            and bool(_FIGURE.search(following[:_FIGURE_SPAN])))


def _sentence_spans(block: SourceLine) -> Iterable[tuple[str, int, int]]:
    """Each sentence of a block with the raw lines it spans."""
    offset = 0
    for sentence in split_into_sentences(block.text):
        start = block.text.find(sentence, offset)
        start = offset if start < 0 else start
        end = start + len(sentence) - 1
        offset = end + 1
        yield sentence, block.line_at(start), block.line_at(end)


class _ChunkBuilder:
    def __init__(self, meta: DocumentMeta, max_chars: int) -> None:
        self.meta = meta
        self.max_chars = max_chars
        self.chunks: list[Chunk] = []
        self.section: list[str] = []
        self._levels: list[tuple[int, str]] = []
        self._text = ""
        self._start = 0
        self._end = 0
        self._end_before = 0  # the chunk's last line before its latest sentence
        # the latest sentence when it is a label line: (its offset in the text, its start line, the
        # chunk's end line before it)
        self._label: tuple[int, int, int] | None = None
        self._last: tuple[int, int, int] | None = None  # the latest sentence, as _label is kept

    def set_section(self, path: list[str]) -> None:
        """A section given from outside (a document layout): later chunks carry ``path``."""
        if path != self.section:
            self.flush()
            self.section = list(path)

    def set_heading(self, block: SourceLine) -> None:
        self.flush()
        level = max(block.heading_level, 1)
        self._levels = [(lvl, text) for lvl, text in self._levels if lvl < level] + [(level, block.text)]
        self.section = [text for _, text in self._levels]

    def add_sentence(self, sentence: str, start: int, end: int, new_block: bool = False) -> None:
        label = None
        if self._text and len(self._text) + len(sentence) + int(new_block) > self.max_chars:
            label = self._take_trailing_label() or (None if new_block else self._take_topic(sentence))
            self.flush()
        if label is not None:  # a label line ("科创板") heads the text below it, never ends a chunk
            self._text, self._start, self._end = label
            self._label = None
        if not self._text:
            self._start = start
        elif new_block:
            self._text += "\n"  # keeps unpunctuated slide cells apart as separate "sentences"
        self._text += sentence
        self._end = max(self._end, end)
        if new_block and _LABEL_LINE.fullmatch(sentence):
            self._label = (len(self._text) - len(sentence), start, self._end_before)
        else:
            self._label = None
        self._last = (len(self._text) - len(sentence), start, self._end_before)
        self._end_before = self._end

    def _take_topic(self, following: str) -> tuple[str, int, int] | None:
        """The paragraph's last sentence, cut off the chunk, when it names what the figures of the
        sentence that no longer fits measure (``names_figures_after``)."""
        if self._last is None or self._last[0] <= 0:
            return None
        offset, start, end_before = self._last
        topic = self._text[offset:]
        if not names_figures_after(topic, following):
            return None
        self._text = self._text[:offset].rstrip("\n")
        taken = (topic, start, self._end)
        self._end = end_before
        return taken

    def _take_trailing_label(self) -> tuple[str, int, int] | None:
        """The label line ending the chunk, cut off it, as (text, start line, end line)."""
        if self._label is None or self._label[0] <= 0:
            return None
        offset, start, end_before = self._label
        label = (self._text[offset:], start, self._end)
        self._text = self._text[:offset].rstrip("\n")
        self._end = end_before
        return label

    def add_table_row(self, block: SourceLine) -> None:
        self.flush()
        self._emit(block.text, block.start_line, block.end_line, is_table=True)

    def flush(self) -> None:
        if self._text:
            self._emit(self._text, self._start, self._end, is_table=False)
        self._text, self._start, self._end, self._end_before, self._label, self._last = "", 0, 0, 0, None, None

    def _emit(self, text: str, start: int, end: int, is_table: bool) -> None:
        self.chunks.append(
            Chunk(
                chunk_id=f"{self.meta.id}:{len(self.chunks):04d}",
                doc_id=self.meta.id,
                title=self.meta.title,
                kind=self.meta.kind,
                rule_version=self.meta.rule_version,
                section_path=list(self.section),
                text=text,
                start_line=start,
                end_line=end,
                is_table=is_table,
            )
        )


def split_into_chunks(
    meta: DocumentMeta, blocks: list[SourceLine], max_chars: int = 360, layout: DocumentLayout | None = None
) -> list[Chunk]:
    """Group cleaned blocks into citeable chunks of at most ``max_chars`` (a table row may exceed it).

    With a ``layout``, section paths come from it by line and detected headings are kept as
    text; a chunk never spans two of its sections."""
    builder = _ChunkBuilder(meta, max_chars)
    for block in blocks:
        if block.is_heading and layout is None:
            builder.set_heading(block)
        elif block.is_table_row:
            if layout is not None:
                builder.set_section(layout.path_at(block.start_line))
            builder.add_table_row(block)
        else:
            for i, (sentence, start, end) in enumerate(_sentence_spans(block)):
                if layout is not None:
                    builder.set_section(layout.path_at(start))
                builder.add_sentence(sentence, start, end, new_block=i == 0)
    builder.flush()
    return builder.chunks


def embedding_text(chunk: Chunk) -> str:
    """The text embedded and BM25-indexed: section context first, then the passage."""
    context = chunk.section or chunk.title
    return f"{context}\n{chunk.text}"


def chunk_document(doc: RawDocument, max_chars: int) -> list[Chunk]:
    """A read document cleaned and chunked, under its layout when it has one."""
    paragraphs = doc.meta.source_format in PARAGRAPH_FORMATS
    return split_into_chunks(doc.meta, clean_pdf_text(doc.text, paragraphs), max_chars, doc.layout)
