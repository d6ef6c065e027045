"""Images (PNG, JPEG, TIFF, BMP, GIF, WebP): every frame read by OCR, one frame per page."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from indexer.parsers.document import ExtractedDocument, ExtractedLine
from indexer.parsers.errors import UnreadableDocument
from indexer.parsers.ocr import MAX_OCR_PIXELS, ocr_image

MAX_FRAMES = 50


def extract_image(path: Path) -> ExtractedDocument:
    lines: list[ExtractedLine] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                frames = 0
                for frame in ImageSequence.Iterator(image):
                    frames += 1
                    if frames > MAX_FRAMES:
                        raise UnreadableDocument(f"图片帧数超过 {MAX_FRAMES}，请拆分后上传")
                    if frame.width * frame.height > MAX_OCR_PIXELS:
                        raise UnreadableDocument("图片尺寸过大，请缩小到 2000 万像素以内后上传")
                    lines.extend(ocr_image(frame, page=frames))
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableDocument("图片文件已损坏或尺寸异常，无法读取") from exc
    except OSError as exc:
        raise UnreadableDocument(f"图片文件已损坏，无法读取（{type(exc).__name__}）") from exc
    document = ExtractedDocument(source_format="image", lines=lines, page_count=frames,
                                 ocr_pages=list(range(1, frames + 1)))
    if not document.has_text():
        raise UnreadableDocument("图片中未识别到文字")
    return document
