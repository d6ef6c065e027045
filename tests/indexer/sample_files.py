"""Real files written by the tests: a notice as PDF, scan, image, Word and web page, and bad inputs."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PIL import Image

from evals.sample_documents import register_cjk_font, render_text_image

# the one bundled document of the tiny corpus (tests/conftest.py: tiny_corpus)
BUNDLED_TEXT = "专精特新中小企业认定标准\n上年度研发费用总额不低于100万元。\n昆山市对国家级小巨人给予奖励。\n"
ISSUER = "杭州市余杭区经济和信息化局"
DOC_NUMBER = "余经信〔2024〕15号"
TITLE = "关于印发《余杭区促进专精特新企业高质量发展若干措施》的通知"
DATE = "2024年3月15日"
REWARD_SENTENCE = "对首次获评国家级专精特新“小巨人”的企业，给予50万元一次性奖励；对新认定为省级专精特新中小企业的，给予20万元奖励。"
TABLE = [
    ["序号", "地区", "荣誉称号", "奖励金额"],
    ["1", "余杭区", "国家级专精特新“小巨人”企业", "50万元"],
    ["2", "临平区", "省级专精特新中小企业", "20万元"],
    ["3", "西湖区", "创新型中小企业", "5万元"],
]
BODY = [
    "各镇人民政府、街道办事处，区级有关部门：",
    "为加快培育专精特新企业，现将有关措施印发给你们，请认真贯彻执行。",
    REWARD_SENTENCE,
]


def write_notice_pdf(path: Path) -> Path:
    """A two-page notice with a text layer: heading, 发文字号, body, a ruled reward table, signature."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    font = register_cjk_font()
    style = ParagraphStyle("cn", fontName=font, fontSize=11, leading=16, wordWrap="CJK")
    table = Table(TABLE)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [Paragraph(TITLE, style), Paragraph(DOC_NUMBER, style)]
    story += [Paragraph(text, style) for text in BODY]
    story += [PageBreak(), Paragraph("附表：奖励标准", style), table, Paragraph(ISSUER, style), Paragraph(DATE, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


PRINT_HEADER = f"11/28/26, 12:28 AM {TITLE}"
PRINT_FOOTER = "file:///work/notice/notice.html 1/1"


def write_browser_printed_pdf(path: Path) -> Path:
    """A notice as a browser prints it: the print date and the page's title above, its address and page below."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    font = register_cjk_font()
    canvas = Canvas(str(path), pagesize=A4)
    width, height = A4
    canvas.setFont(font, 8)
    canvas.drawString(30, height - 20, PRINT_HEADER)
    canvas.drawString(30, 20, PRINT_FOOTER)
    canvas.setFont(font, 12)
    for n, text in enumerate([TITLE, REWARD_SENTENCE[:30], ISSUER, DATE]):
        canvas.drawString(60, height - 100 - 24 * n, text)
    canvas.save()
    return path


SCAN_LINES = [
    "余杭区专精特新企业奖励通知",
    "对首次获评国家级专精特新“小巨人”的企业，",
    "给予50万元一次性奖励。",
    "杭州市余杭区经济和信息化局",
]


def write_notice_png(path: Path) -> Path:
    render_text_image(SCAN_LINES).save(path, "PNG")
    return path


def write_scanned_pdf(path: Path) -> Path:
    """An image-only PDF (no text layer), as a scanner makes it."""
    render_text_image(SCAN_LINES).save(path, "PDF", resolution=150)
    return path


def write_blank_png(path: Path) -> Path:
    Image.new("RGB", (800, 600), "white").save(path, "PNG")
    return path


def write_paragraph_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph(DOC_NUMBER)
    for text in BODY:
        document.add_paragraph(text)
    document.add_paragraph(ISSUER)
    document.add_paragraph(DATE)
    document.save(str(path))
    return path


def write_table_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("余杭区专精特新企业奖励标准")
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(ISSUER)
    document.save(str(path))
    return path


def write_zip_bomb_docx(path: Path, unpacked_mb: int = 60) -> Path:
    """A .docx whose document.xml unpacks to tens of MB from a few KB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked_mb):
                fh.write(chunk)
    return path


NOTICE_HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{TITLE}_余杭区人民政府</title>
<style>.nav {{ color: red }}</style><script>var tracker = "统计代码";</script></head>
<body>
<header><div class="logo">余杭区人民政府门户网站</div></header>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul></div>
<div class="breadcrumb">当前位置：首页 &gt; 政策文件</div>
<div class="article">
  <h1>{TITLE}</h1>
  <p class="wh">{DOC_NUMBER}</p>
  {''.join(f'<p>{text}</p>' for text in BODY)}
  <table border="1">
    {''.join('<tr>' + ''.join(f'<td>{c}</td>' for c in row) + '</tr>' for row in TABLE)}
  </table>
  <p style="text-align:right">{ISSUER}<br>{DATE}</p>
</div>
<script>document.write("广告脚本内容");</script>
<footer>版权所有：余杭区人民政府 网站标识码 3301100001</footer>
</body></html>
"""


def write_notice_html(path: Path) -> Path:
    path.write_text(NOTICE_HTML, encoding="utf-8")
    return path


def write_scripts_html(path: Path) -> Path:
    scripts = "".join(f"<script>var s{i} = '脚本{i}';</script>" for i in range(200))
    path.write_text(f"<html><head><title>空页面</title>{scripts}</head><body>{scripts}<nav>首页 政务公开</nav></body></html>",
                    encoding="utf-8")
    return path


def write_encrypted_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.setFont(register_cjk_font(), 12)
    pdf.drawString(72, 720, "加密的通知")
    pdf.save()
    return path


def write_corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog garbage \x00\x01\x02 trailer\n%%EOF")
    return path


def write_zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def write_notice_txt(path: Path) -> Path:
    lines = [TITLE, DOC_NUMBER, *BODY, ISSUER, DATE]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
