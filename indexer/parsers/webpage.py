"""Web pages saved from government sites: scripts, styles, navigation, headers and footers are
dropped, the rest is read block by block; table rows keep one line per row."""

from __future__ import annotations

import re
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from indexer.parsers.document import ExtractedDocument, ExtractedLine, table_row
from indexer.parsers.errors import UnreadableDocument
from indexer.parsers.text import decode_text

_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
              "nav", "header", "footer", "aside", "form", "button", "select", "menu", "head")
_DROP_ROLES = ("navigation", "banner", "contentinfo", "search", "menu", "menubar")
# class/id words government site templates use for page furniture around the article
_FURNITURE_WORDS = {"nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "footer", "sidebar",
                    "share", "toolbar", "topbar", "skip", "weizhi", "dqwz", "bottom", "foot"}
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
               "dl", "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "center", "body",
               "hr", "caption"}
_WORD_SPLIT = re.compile(r"[\s_\-]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def extract_html(path: Path) -> ExtractedDocument:
    tree = LexborHTMLParser(_decode_html(path.read_bytes()))
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node else None
    for node in tree.css(", ".join(_DROP_TAGS)):
        node.decompose()
    for node in tree.css("[role], [class], [id]"):
        if _is_furniture(node):
            node.decompose()
    bars = [node for node in tree.css("div, p, ul, ol, span, td") if _link_bar(node)]
    removed: set[int] = set()
    for node in bars:  # outermost first (document order): a bar inside one removed goes with it
        if not any(ancestor.mem_id in removed for ancestor in _ancestors(node)):
            removed.add(node.mem_id)
            node.decompose()
    body = tree.body
    lines: list[ExtractedLine] = []
    if body is not None:
        buffer: list[str] = []
        _walk(body, buffer, lines)
        _flush(buffer, lines)
    document = ExtractedDocument(source_format="html", lines=lines, title_hint=title or None)
    if not document.has_text():
        raise UnreadableDocument("网页中没有正文文字（去掉脚本、样式和导航后为空）")
    return document


def _decode_html(data: bytes) -> str:
    declared = _CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on old sites: fall back to detection below
    return decode_text(data)


def _is_furniture(node: LexborNode) -> bool:
    attributes = node.attributes
    if (attributes.get("role") or "").lower() in _DROP_ROLES:
        return True
    words: set[str] = set()
    for key in ("class", "id"):
        value = (attributes.get(key) or "").lower()
        words.update(w for w in _WORD_SPLIT.split(value) if w)
        # "top-bar", "foot_nav": the words run together as templates also write them
        words.update("".join(_WORD_SPLIT.split(name)) for name in value.split())
    return bool(words & _FURNITURE_WORDS)


# a bar of links ("首页 | 无障碍 | English | 用户登录 | 繁體版", trial 43): short, and nearly all its text is links
LINK_BAR_LINKS = 3
LINK_BAR_CHARS = 80
LINK_BAR_SHARE = 0.6


def _ancestors(node: LexborNode) -> list[LexborNode]:
    found, parent = [], node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _link_bar(node: LexborNode) -> bool:
    if node.css_first("table, h1, h2, h3, h4, h5, h6") is not None:
        return False
    text = "".join(node.text().split())
    links = node.css("a")
    if len(links) < LINK_BAR_LINKS or not text or len(text) > LINK_BAR_CHARS:
        return False
    linked = sum(len("".join(a.text().split())) for a in links)
    return linked / len(text) >= LINK_BAR_SHARE


def _walk(node: LexborNode, buffer: list[str], lines: list[ExtractedLine]) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            buffer.append(child.text(deep=False))
        elif tag == "br":
            _flush(buffer, lines)
        elif tag == "table":
            _flush(buffer, lines)
            _table(child, lines)
        elif tag in _BLOCK_TAGS:
            _flush(buffer, lines)
            _walk(child, buffer, lines)
            _flush(buffer, lines)
        elif tag is not None and not tag.startswith("-"):
            _walk(child, buffer, lines)


# a page's own controls written inline with its text ("发布日期：2026-03-18 字号：大 中 小", trial 46)
_PAGE_CONTROLS = re.compile(r"\s*(?:字号[:：]\s*大\s*中\s*小|【\s*(?:打印|关闭|收藏)\s*】|\[\s*(?:打印|关闭)\s*\])")


def _flush(buffer: list[str], lines: list[ExtractedLine]) -> None:
    text = _PAGE_CONTROLS.sub("", " ".join("".join(buffer).split())).strip()
    buffer.clear()
    if text:
        lines.append(ExtractedLine(text=text))


def _table(table: LexborNode, lines: list[ExtractedLine]) -> None:
    for row in table.css("tr"):
        cells = [" ".join(cell.text(separator=" ").split()) for cell in row.css("th, td")]
        if any(cells):
            lines.append(table_row(cells))
