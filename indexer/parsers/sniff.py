"""Which parser a file needs, decided from its first bytes (the extension is only a tie-breaker)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from indexer.parsers.document import SourceFormat
from indexer.parsers.errors import UnreadableDocument

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP
    b"GIF87a",
    b"GIF89a",
)
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p>", b"<table")
# what a file named so should be, for saying that it is not ("文件扩展名是 .docx，但内容不是有效的 Word 文件")
_NAMED_AS = {".docx": " Word（.docx）", ".pdf": " PDF ", ".png": "图片", ".jpg": "图片", ".jpeg": "图片", ".tif": "图片",
             ".tiff": "图片", ".bmp": "图片", ".gif": "图片", ".webp": "图片"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .ppt


def sniff_format(head: bytes, path: Path) -> SourceFormat:
    """The document's format from its magic bytes; ``head`` is the file's first few KB.

    Raises ``UnreadableDocument`` for types no parser reads (legacy Office, other archives, binary)."""
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(path)
    if head.startswith(_OLE_MAGIC):
        raise UnreadableDocument("不支持旧版 Office 格式（.doc/.xls/.ppt），请另存为 .docx 后再上传")
    if any(head.startswith(magic) for magic in _IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return "image"
    if not head.strip():
        raise UnreadableDocument("文件为空")
    if b"\x00" in head:
        if named := _NAMED_AS.get(path.suffix.lower()):  # (trial 42: a damaged .docx had been told that .docx is supported)
            raise UnreadableDocument(f"文件扩展名是 {path.suffix}，但内容不是有效的{named}文件，可能已损坏；请重新导出或下载后再上传")
        raise UnreadableDocument("无法识别的文件类型（二进制文件），支持 PDF、Word（.docx）、网页、图片和纯文本")
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"<?xml") and b"<html" in lowered[:2048]:
        return "html"
    if any(lowered.startswith(marker) for marker in _HTML_MARKERS):
        return "html"
    if path.suffix.lower() in (".html", ".htm", ".shtml") and b"<" in lowered[:2048]:
        return "html"
    if named := _NAMED_AS.get(path.suffix.lower()):  # (trial 45: a text file named .pdf had been added as text unsaid)
        raise UnreadableDocument(f"文件扩展名是 {path.suffix}，但内容是纯文本，不是有效的{named}文件；"
                                 "如确为文本，请改用 .txt 扩展名后上传，或上传原始文件")
    return "text"


def _sniff_zip(path: Path) -> SourceFormat:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        named = _NAMED_AS.get(path.suffix.lower(), "压缩").strip()
        raise UnreadableDocument(f"{named}文件已损坏，无法读取；请重新导出或下载后再上传") from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
        raise UnreadableDocument("暂不支持 Excel/PowerPoint 文件，请导出为 PDF 或 Word 后再上传")
    raise UnreadableDocument("不支持压缩包，请上传 PDF、Word（.docx）、网页、图片或纯文本文件")


def read_head(path: Path, size: int = 8192) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)
