"""Policy-like documents written on demand: a many-page notice as a text PDF and as a scan.

The benchmark of adding a document (``evals.bench_ingest``) and the parser tests
(``tests/indexer/sample_files.py``) both draw with the WenQuanYi Zen Hei font (Debian
``fonts-wqy-zenhei``); PDFs are written with reportlab (a dev dependency), images with Pillow.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """The WenQuanYi Zen Hei collection (Debian fonts-wqy-zenhei), found with fc-list."""
    out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        path = line.split(":")[0].strip()
        if "wqy-zenhei" in path:
            return path
    raise RuntimeError("需要中文字体 fonts-wqy-zenhei（apt-get install fonts-wqy-zenhei）")


def register_cjk_font() -> str:
    """The reportlab font name of the CJK font, registered once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", cjk_font_path(), subfontIndex=0))
    return "WQY"


def render_text_image(lines: list[str], width: int = 1240, height: int | None = None) -> Image.Image:
    """Black text on white at 30 px, 64 px a line; ``height`` pads to a page (A4 at 150 dpi is 1240 × 1754)."""
    font = ImageFont.truetype(cjk_font_path(), 30)
    image = Image.new("RGB", (width, max(height or 0, 80 + 64 * len(lines))), "white")
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((60, 40 + 64 * i), line, fill="black", font=font)
    return image


@dataclass(frozen=True)
class PolicyNotice:
    """A district notice on 专精特新 support: the facts a reader must find again after indexing."""

    region: str = "成都市武侯区"
    short_region: str = "武侯区"
    issuer: str = "成都市武侯区经济和信息化局"
    doc_number: str = "武经信〔2025〕8号"
    date: str = "2025年4月10日"
    honour: str = "国家级专精特新“小巨人”企业"
    amount: str = "50万元"
    reward_sentence: str = "对首次认定为国家级专精特新“小巨人”企业的，给予50万元奖励。"
    table: list[list[str]] = field(default_factory=lambda: [
        ["序号", "荣誉称号", "奖励金额", "兑现方式"],
        ["1", "国家级专精特新“小巨人”企业", "50万元", "一次性"],
        ["2", "省级专精特新中小企业", "20万元", "一次性"],
        ["3", "创新型中小企业", "5万元", "一次性"],
    ])

    @property
    def title(self) -> str:
        return f"关于印发《{self.short_region}促进专精特新中小企业高质量发展若干政策措施》的通知"

    @property
    def question(self) -> str:
        """The question a help desk asks right after adding the notice."""
        return f"{self.region}对国家级小巨人奖励多少？"


# Filler in the register of such notices; each paragraph is made distinct by its article
# number and topic, so that no two chunks are the same text.
_TOPICS = [
    ("数字化转型", "支持企业开展智能制造诊断和工业互联网应用，推动研发设计、生产制造、经营管理全流程数字化"),
    ("技术创新", "鼓励企业建设企业技术中心、工程研究中心和重点实验室，围绕产业链关键环节开展技术攻关"),
    ("人才引育", "支持企业引进高层次技术人才和经营管理人才，在住房保障、子女入学、医疗服务等方面给予便利"),
    ("融资服务", "引导金融机构开发专精特新专属信贷产品，扩大知识产权质押融资和供应链融资规模"),
    ("知识产权", "支持企业开展专利导航和高价值专利培育，健全知识产权保护和运营体系"),
    ("市场开拓", "组织企业参加国内外重点展会，推动首台套装备、首批次材料和首版次软件示范应用"),
    ("质量品牌", "支持企业对标国际先进标准，主导或参与制定国际标准、国家标准和行业标准"),
    ("绿色发展", "推动企业实施节能降碳技术改造，创建绿色工厂和绿色供应链管理企业"),
    ("协同配套", "推动大中小企业融通创新，支持专精特新企业进入龙头企业供应链体系"),
    ("上市培育", "建立专精特新企业上市后备资源库，支持企业在北京证券交易所等资本市场上市挂牌"),
    ("空间保障", "统筹产业园区和标准厂房资源，优先保障专精特新企业项目用地和生产经营空间"),
    ("公共服务", "依托中小企业公共服务平台，为企业提供政策解读、管理咨询、法律服务等专业服务"),
]
_CLAUSES = [
    "各街道、园区要结合实际制定工作方案，明确责任分工和时间节点，确保各项措施落地见效。",
    "区经济和信息化局会同区财政局负责政策的组织实施和资金的监督管理，定期开展绩效评价。",
    "申报企业应当在本区依法登记注册、依法纳税，具有独立法人资格，且近三年未发生重大安全、环保、质量事故。",
    "同一企业同一项目符合本区多项扶持政策的，按照从高不重复的原则予以支持，另有规定的除外。",
    "企业应当对申报材料的真实性负责，对弄虚作假骗取扶持资金的，依法追回资金并纳入信用记录。",
]


def notice_paragraphs(notice: PolicyNotice, page: int, per_page: int = 6) -> list[str]:
    """The body paragraphs of one page: numbered articles over rotating topics and clauses."""
    paragraphs = []
    for i in range(per_page):
        article = (page - 1) * per_page + i + 1
        topic, body = _TOPICS[(article - 1) % len(_TOPICS)]
        clause = _CLAUSES[(article - 1) % len(_CLAUSES)]
        paragraphs.append(f"第{article}条（{topic}）{body}。{notice.short_region}在第{page}页所列事项中，"
                          f"按照年度计划分批推进，当年完成的事项于次年一季度开展核查。{clause}")
    return paragraphs


def write_text_notice_pdf(path: Path, pages: int = 20, notice: PolicyNotice | None = None) -> Path:
    """A ``pages``-page notice with a text layer: heading, 发文字号, the reward sentence on page 1,
    numbered articles on every page, and a ruled reward table with the signature on the last."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    notice = notice or PolicyNotice()
    font = register_cjk_font()
    style = ParagraphStyle("cn", fontName=font, fontSize=11, leading=17, wordWrap="CJK", spaceAfter=6)
    table = Table(notice.table)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story: list[object] = [Paragraph(notice.title, style), Paragraph(notice.doc_number, style),
                           Paragraph("各街道办事处，区级有关部门，各有关企业：", style),
                           Paragraph(notice.reward_sentence, style)]
    for page in range(1, pages + 1):
        story += [Paragraph(text, style) for text in notice_paragraphs(notice, page)]
        if page < pages:
            story.append(PageBreak())
    story += [Paragraph("附表：专精特新企业奖励标准", style), table,
              Paragraph(notice.issuer, style), Paragraph(notice.date, style)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)  # type: ignore[arg-type]
    return path


def scan_page_lines(notice: PolicyNotice, page: int, pages: int) -> list[str]:
    """One scanned page's lines (short, as a scanner sees a printed page); the reward on the middle page."""
    lines = [f"{notice.short_region}专精特新企业扶持政策（第{page}页）"]
    for paragraph in notice_paragraphs(notice, page, per_page=3):
        lines += [paragraph[i : i + 36] for i in range(0, min(len(paragraph), 144), 36)]
    if page == (pages + 1) // 2:
        lines += ["对首次认定为国家级专精特新“小巨人”企业的，", f"给予{notice.amount.removesuffix('元')}元奖励。"]
    if page == pages:
        lines += [notice.issuer, notice.date]
    return lines


def write_scanned_notice_pdf(path: Path, pages: int = 5, notice: PolicyNotice | None = None) -> Path:
    """An image-only PDF of A4 pages at 150 dpi (no text layer), as a scanner makes it."""
    notice = notice or PolicyNotice()
    images = [render_text_image(scan_page_lines(notice, p, pages), height=1754) for p in range(1, pages + 1)]
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path


__all__ = [
    "PolicyNotice", "cjk_font_path", "notice_paragraphs", "register_cjk_font", "render_text_image",
    "scan_page_lines", "write_scanned_notice_pdf", "write_text_notice_pdf",
]
