"""PDF: the text layer read with pdfplumber (ruled tables come out as rows of cells); pages without
text are rendered with pypdfium2 and read by OCR. pypdfium2 also opens the file first, so an
encrypted, corrupt or empty PDF is refused before any parsing."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from indexer.parsers.document import ExtractedDocument, ExtractedLine, table_row
from indexer.parsers.errors import UnreadableDocument
from indexer.parsers.ocr import ocr_image

log = logging.getLogger(__name__)
# pdfminer warns once per glyph of a font without a bounding box ("Could not get FontBBox…", ~90 lines for one
# printed notice, trial 49); the text is read all the same
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 500
MIN_TEXT_CHARS = 20  # a page with fewer characters in its text layer is treated as a scan
OCR_RENDER_WIDTH_PX = 1654  # A4 at 200 dpi: small print stays legible, a page OCRs in a few seconds


def extract_pdf(path: Path) -> ExtractedDocument:
    page_count = _check_openable(path)
    lines: list[ExtractedLine] = []
    scanned: list[int] = []
    try:
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                page_lines = _text_layer_lines(page, number)
                if sum(len(line.text.strip()) for line in page_lines) < MIN_TEXT_CHARS:
                    scanned.append(number)
                    page_lines = []
                lines.extend(page_lines)
    except PDFPasswordIncorrect as exc:
        raise UnreadableDocument("PDF 文件已加密，请解除密码保护后再上传") from exc
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableDocument(f"PDF 文件已损坏，无法读取文字层（{type(exc).__name__}）") from exc
    if scanned:
        lines = _merge_ocr_pages(path, lines, scanned)
    document = ExtractedDocument(source_format="pdf", lines=lines, page_count=page_count, ocr_pages=scanned)
    if not document.has_text():
        raise UnreadableDocument("PDF 中没有可识别的文字（文字层为空，OCR 也未识别出文字）")
    return document


def _check_openable(path: Path) -> int:
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise UnreadableDocument("PDF 文件已加密，请解除密码保护后再上传") from exc
        # PDFium refuses a document without pages as malformed: tell that case apart
        if _page_count_by_pdfminer(path) == 0:
            raise UnreadableDocument("PDF 文件没有任何页面") from exc
        raise UnreadableDocument("PDF 文件已损坏，无法打开") from exc
    try:
        count = len(pdf)
    finally:
        pdf.close()
    if count == 0:
        raise UnreadableDocument("PDF 文件没有任何页面")
    if count > MAX_PAGES:
        raise UnreadableDocument(f"PDF 页数（{count}）超过上限 {MAX_PAGES} 页，请拆分后上传")
    return count


def _page_count_by_pdfminer(path: Path) -> int | None:
    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect, ValueError, KeyError, TypeError):
        return None


def _text_layer_lines(page: Any, number: int) -> list[ExtractedLine]:
    """The page's text lines and table rows in reading order (top to bottom)."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items: list[tuple[float, float, ExtractedLine]] = []
    for table in tables:
        top = table.bbox[1]
        for index, row in enumerate(table.extract()):
            cells = [cell or "" for cell in row]
            if any(cell.strip() for cell in cells):
                items.append((top, index, table_row(cells, page=number)))

    def outside_tables(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    for line in text_page.extract_text_lines(return_chars=False):
        text = line["text"].rstrip()
        if text:
            items.append((line["top"], 0, ExtractedLine(text=text, page=number)))
    items.sort(key=lambda item: (item[0], item[1]))
    return _without_print_furniture([line for _top, _index, line in items])


# A page printed by a browser carries its print date and the page's title at the top ("11/28/26, 12:28 AM
# 常州市武进区关于…的通知") and its address and page number at the bottom ("file:///…/notice.html 1/1", trial 49)
_PRINT_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s|$)")
_PRINT_FOOTER = re.compile(r"^(?:file|https?)://\S*(?:\s+\d+\s*/\s*\d+)?$")


def _without_print_furniture(lines: list[ExtractedLine]) -> list[ExtractedLine]:
    """The page's lines without a browser's print header (its first line) and footer (its last)."""
    if lines and not lines[0].is_table_row and _PRINT_HEADER.match(lines[0].text):
        lines = lines[1:]
    if lines and not lines[-1].is_table_row and _PRINT_FOOTER.match(lines[-1].text.strip()):
        lines = lines[:-1]
    return lines


def _merge_ocr_pages(path: Path, lines: list[ExtractedLine], scanned: list[int]) -> list[ExtractedLine]:
    """OCR the scanned pages and put their lines back in page order."""
    by_page: dict[int, list[ExtractedLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    pdf = pdfium.PdfDocument(path)
    try:
        for number in scanned:
            page = pdf[number - 1]
            width_pt = page.get_width() or 595.0
            scale = max(1.0, min(4.0, OCR_RENDER_WIDTH_PX / width_pt))
            image = page.render(scale=scale).to_pil()
            by_page[number] = ocr_image(image, page=number)
            log.info("第 %d 页无文字层，已用 OCR 识别 %d 行", number, len(by_page[number]))
    finally:
        pdf.close()
    return [line for number in sorted(by_page) for line in by_page[number]]
