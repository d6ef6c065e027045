"""Turning uploaded files (PDF, scans, images, Word, web pages, text) into text lines with pages.

``extract_text(path)`` sniffs the type from the file's first bytes and returns an
``ExtractedDocument``; every failure is an ``UnreadableDocument`` with a Chinese message.

Which PDF library reads the text layer — measured on a Chinese notice written by reportlab
with the WenQuanYi Zen Hei font (3 pages, each a title, a 发文字号, a reward sentence and a ruled
4-column reward table), then on a ruled table whose third cell wraps over two lines and whose
first cell holds a space ("苏州 工业园区"):

- pypdfium2 5.15 ``get_text_range``: 0.7 ms per page, every character right, but a table is
  only words separated by spaces: the wrapped cell comes out as three lines and "苏州 工业园区"
  cannot be told from two cells.
- pdfplumber 0.11 ``extract_text``: 14 ms per page, the same characters, and it interleaves
  the wrapped cell with the row; ``find_tables``/``extract`` (+17 ms per page) returns the
  exact 3 × 3 cells, the wrapped cell whole.

pdfplumber is used for the text layer (its tables become rows of cells, which the cleaner keeps
whole with their header); 20 pages cost about 0.6 s, far inside the 30 s budget. pypdfium2 opens
the file first (encryption, corruption, page count) and renders pages without text for OCR.
"""

from indexer.parsers.document import ExtractedDocument, ExtractedLine
from indexer.parsers.errors import UnreadableDocument
from indexer.parsers.extract import extract_text

__all__ = ["ExtractedDocument", "ExtractedLine", "UnreadableDocument", "extract_text"]
