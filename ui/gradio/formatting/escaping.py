"""Escaping and the plain HTML table every view builds on: nothing from a document becomes markup."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence


def escape(text: object) -> str:
    """HTML-escape any value (``None`` becomes the empty string)."""
    return html.escape("" if text is None else str(text), quote=True)


def escape_markdown(text: str) -> str:
    """Answer text for the Markdown chat view: tags become text, Markdown syntax stays."""
    return html.escape(text, quote=False)


def table_html(headers: Sequence[str], rows: Sequence[Sequence[object]], css_class: str = "zjtx-table") -> str:
    """An HTML table with every header and cell escaped."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('—' if cell is None or cell == '' else cell)}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f'<table class="{escape(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def plain_number(value: float | None) -> float | None:
    """50.0 shown as 50 (a table column of amounts stays numeric for sorting)."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def source_label(doc_id: str, locator: str, titles: Mapping[str, str]) -> str:
    return f"{titles.get(doc_id, doc_id)} {locator}"
