"""Reading text from page images with RapidOCR (PP-OCRv4 models bundled in the wheel, no download).

Recognised boxes are grouped into lines by their vertical centre, left to right; boxes on one
line that stand far apart (a table's columns) are separated by tabs, like a table row."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

from indexer.parsers.document import ExtractedLine

MIN_CONFIDENCE = 0.5
MAX_OCR_PIXELS = 40_000_000  # a 20-megapixel scan is already generous; larger is refused
_COLUMN_GAP_HEIGHTS = 2.0  # a horizontal gap wider than two line heights separates table cells


@lru_cache(maxsize=1)
def _engine() -> Any:
    """One OCR engine per process: loading the three ONNX models takes about a second."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_image(image: Image.Image, page: int = 1) -> list[ExtractedLine]:
    """The text lines OCR finds in ``image`` (an empty list when there is none)."""
    rgb = image.convert("RGB")
    result, _elapsed = _engine()(np.asarray(rgb))
    boxes = [(box, text, float(score)) for box, text, score in (result or []) if float(score) >= MIN_CONFIDENCE]
    return _group_into_lines(boxes, page)


def _group_into_lines(boxes: list[tuple[Any, str, float]], page: int) -> list[ExtractedLine]:
    items = []
    for box, text, _score in boxes:
        ys = [point[1] for point in box]
        xs = [point[0] for point in box]
        items.append((min(ys), max(ys), min(xs), max(xs), text.strip()))
    items.sort(key=lambda item: (item[0] + item[1]) / 2)
    rows: list[list[tuple[float, float, float, float, str]]] = []
    for item in items:
        centre = (item[0] + item[1]) / 2
        if rows:
            last = rows[-1]
            top = min(i[0] for i in last)
            bottom = max(i[1] for i in last)
            if top <= centre <= bottom:
                last.append(item)
                continue
        rows.append([item])
    lines = []
    for row in rows:
        row.sort(key=lambda item: item[2])
        height = max(i[1] - i[0] for i in row) or 1.0
        cells = [row[0][4]]
        is_table = False
        for previous, current in zip(row, row[1:], strict=False):
            if current[2] - previous[3] > _COLUMN_GAP_HEIGHTS * height:
                cells.append(current[4])
                is_table = True
            else:
                cells[-1] += current[4]
        text = "\t".join(cells) if is_table else cells[0]
        if text.strip():
            lines.append(ExtractedLine(text=text, page=page, is_table_row=is_table))
    return lines
