"""Write a DocumentFields as a .docx in the layout of Nghị định 30/2020 (DOMAIN.md §1).

Blocks, top to bottom: the header table (issuer and number on the left; national name, motto and the
dated place line on the right; "V/v" under the number for a công văn), the title and subject of named
kinds, "Kính gửi", the body (opening, numbered sections, closing ending "./."), then the recipients
and signature table. Page numbers are centred in the top margin from page 2 on.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument

from lamtheo.lib.text import fold, nfc

from .fields import DocumentFields, Recipient, Section, Signer
from .kinds import TITLES, TYPE_CODES, DocumentKind
from .reading.body import is_heading_text
from .symbols import format_date_line
from .writing_layout import (
    CENTER,
    RIGHT,
    TEXT_WIDTH_MM,
    add_page_number,
    balanced_lines,
    body_para,
    borderless_table,
    box_paragraph,
    drop_first_empty,
    drop_first_empty_doc,
    estimate_width_mm,
    para,
    rule_under,
    setup_page,
    setup_styles,
)

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH_MM = 56  # "Độc lập - Tự do - Hạnh phúc" in Times New Roman 13 pt bold
END_MARK = "./."

# Columns of the header and signature tables: left ≈ 40 %, right ≈ 60 % of the 165 mm text width.
LEFT_MM = round(TEXT_WIDTH_MM * 0.4)
RIGHT_MM = TEXT_WIDTH_MM - LEFT_MM

KINH_GUI_LEFT_MM = 25  # "Kính gửi:" of a list of addressees
KINH_GUI_DASH_MM = KINH_GUI_LEFT_MM + 18.5  # dashes under the colon
SIGNATURE_SPACE_LINES = 4


DRAFT_MARK = "DỰ THẢO"


def render_docx(fields: DocumentFields, *, draft: bool = False) -> bytes:
    """The official .docx for fields; Times New Roman, A4, margins 20/20/30/15 mm.

    draft: the document is not issued yet; a boxed "DỰ THẢO" mark stands above the header."""
    doc = Document()
    setup_page(doc)
    setup_styles(doc)
    if draft:
        _draft_mark(doc)
    _header_blocks(doc, fields)
    if fields.kind != DocumentKind.CONG_VAN:
        _title_block(doc, fields)
    _kinh_gui(doc, fields.addressees)
    _body(doc, fields, before=6 if fields.addressees else 12)
    _signature_block(doc, fields.recipients, fields.signer)
    _page_numbers(doc)
    _properties(doc, fields)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


# --- header (ô 1-4, V/v) -----------------------------------------------------------------------


def _draft_mark(doc: DocxDocument) -> None:
    """'DỰ THẢO' in bold capitals, boxed, at the right of the first line (reused first paragraph)."""
    p = para(doc, DRAFT_MARK, size=13, bold=True, align=RIGHT, after=6)
    box_paragraph(p)
    drop_first_empty_doc(doc)


def number_line(fields: DocumentFields) -> str:
    """'Số: 18/BC-LĐLĐ'; a draft without a number keeps room for it: 'Số:      /BC-LĐLĐ'."""
    symbol = nfc(fields.symbol)
    if re.match(r"\d", symbol):
        return f"Số: {symbol}"
    tail = symbol.split("/", 1)[-1] if symbol else TYPE_CODES.get(fields.kind, "")
    return f"Số:      /{tail}"


def date_line(fields: DocumentFields) -> str:
    place = nfc(fields.place)
    if fields.date:
        return format_date_line(place, fields.date)
    return f"{place}, ngày      tháng      năm      "


def _header_blocks(doc: DocxDocument, fields: DocumentFields) -> None:
    table = borderless_table(doc, rows=2, widths_mm=[LEFT_MM, RIGHT_MM])
    issuer_cell, state_cell = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    parent = nfc(fields.issuer_parent).upper()
    if parent:
        para(issuer_cell, balanced_lines(parent, 13, LEFT_MM), size=13, align=CENTER)
    issuer = balanced_lines(nfc(fields.issuer).upper(), 13, LEFT_MM)
    para(issuer_cell, issuer, size=13, bold=True, align=CENTER, keep_with_next=True)
    longest = max((estimate_width_mm(line, 13) for line in issuer.split("\n")), default=0)
    rule_under(issuer_cell, min(max(longest * 0.45, 20), 40), LEFT_MM)

    para(state_cell, NATIONAL_NAME, size=12, bold=True, align=CENTER)
    para(state_cell, MOTTO, size=13, bold=True, align=CENTER, keep_with_next=True)
    rule_under(state_cell, MOTTO_WIDTH_MM, RIGHT_MM)

    para(number_cell, number_line(fields), size=13, align=CENTER, before=6)
    if fields.kind == DocumentKind.CONG_VAN and nfc(fields.subject):
        para(number_cell, f"V/v {_subject(fields)}", size=12, align=CENTER, before=6)
    para(date_cell, date_line(fields), size=14, italic=True, align=CENTER, before=6)

    for cell in (issuer_cell, state_cell, number_cell, date_cell):
        drop_first_empty(cell)


# --- title, subject, Kính gửi -----------------------------------------------------------------


def _subject(fields: DocumentFields) -> str:
    """The subject as typed, keeping deliberate line breaks."""
    return "\n".join(nfc(line) for line in fields.subject.splitlines() if nfc(line))


def _title_block(doc: DocxDocument, fields: DocumentFields) -> None:
    title = TITLES.get(fields.kind, "")
    subject = _subject(fields)
    if title:
        para(doc, title, bold=True, align=CENTER, before=18, keep_with_next=True)
    if subject:
        para(doc, subject, bold=True, align=CENTER, before=0 if title else 18, keep_with_next=True)
        longest = max(estimate_width_mm(line, 14) for line in subject.split("\n"))
        rule_under(doc, min(max(min(longest, TEXT_WIDTH_MM) / 3, 25), 55), TEXT_WIDTH_MM)


def _kinh_gui(doc: DocxDocument, addressees: list[str]) -> None:
    """One addressee: 'Kính gửi: X' centred; several: 'Kính gửi:' then '- X;' lines, the last ending '.'."""
    names = [nfc(a).rstrip(";.,") for a in addressees if nfc(a).rstrip(";.,")]
    if len(names) == 1:
        para(doc, f"Kính gửi: {names[0]}", align=CENTER, before=12, after=6)
    elif names:
        para(doc, "Kính gửi:", before=12, left_mm=KINH_GUI_LEFT_MM, keep_with_next=True)
        for i, name in enumerate(names):
            last = i == len(names) - 1
            para(doc, f"- {name}{'.' if last else ';'}", left_mm=KINH_GUI_DASH_MM, after=6 if last else 0)


# --- body --------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    bold: bool = False
    italic: bool = False
    heading: bool = False


_HEADING_STYLE = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, False)}


def heading_text(section: Section) -> str:
    """'I. ĐẶC ĐIỂM TÌNH HÌNH', '1. Mục đích', '1.1. Năm 2026', 'a) Tuyên truyền'."""
    level = min(max(section.level, 1), 4)
    title = nfc(section.title)
    if level == 1:
        title = title.upper()
    number = nfc(section.number).rstrip(".)")
    if not number:
        return title
    label = f"{number})" if level == 4 else f"{number}."
    return f"{label} {title}".strip()


def _paragraphs(text: str) -> list[str]:
    return [nfc(line) for line in (text or "").splitlines() if nfc(line)]


def _section_lines(section: Section, out: list[_Line]) -> None:
    bold, italic = _HEADING_STYLE[min(max(section.level, 1), 4)]
    text = heading_text(section)
    paragraphs = list(section.paragraphs)
    if not section.title.strip() and section.number.strip() and paragraphs:
        # A numbered point without a title ("1. Tuyên truyền …") is one plain paragraph, not a bare "1."
        first, *rest = _paragraphs(paragraphs.pop(0)) or [""]
        out.append(_Line(f"{text} {first}".strip()))
        paragraphs[:0] = rest
    elif (
        text
        and section.level > 1
        and not is_heading_text(nfc(section.title), has_content=bool(paragraphs or section.children))
    ):
        # "1. Rà soát danh sách đoàn viên … trước ngày 15/4/2026." is a numbered point, not a heading
        out.append(_Line(text))
    elif text:
        out.append(_Line(text, bold=bold, italic=italic, heading=True))
    for paragraph in paragraphs:
        out.extend(_Line(line) for line in _paragraphs(paragraph))
    for child in section.children:
        _section_lines(child, out)


def with_end_mark(text: str) -> str:
    """'... thực hiện.' -> '... thực hiện./.'"""
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    return text.rstrip(".;,: ") + END_MARK


def body_lines(fields: DocumentFields) -> list[_Line]:
    basis_kinds = (DocumentKind.QUYET_DINH, DocumentKind.NGHI_QUYET)  # "Căn cứ ...;" lines are italic
    lines = [
        _Line(line, italic=fields.kind in basis_kinds and fold(line).startswith("can cu "))
        for line in _paragraphs(fields.opening)
    ]
    for section in fields.sections:
        _section_lines(section, lines)
    lines.extend(_Line(line) for line in _paragraphs(fields.closing))
    last = next((line for line in reversed(lines) if not line.heading), None)
    if last is not None:
        last.text = with_end_mark(last.text)
    return lines


def _body(doc: DocxDocument, fields: DocumentFields, *, before: float) -> None:
    lines = body_lines(fields)
    for i, line in enumerate(lines):
        body_para(
            doc,
            line.text,
            bold=line.bold,
            italic=line.italic,
            before=before if i == 0 else 0,
            # headings stay with their text; the last paragraph goes with the signature
            keep_with_next=line.heading or i == len(lines) - 1,
        )


# --- recipients and signature (ô 7, 9b) -------------------------------------------------------


def recipient_lines(recipients: list[Recipient]) -> list[str]:
    """'- Tổng LĐLĐ Việt Nam (b/c);' ... '- Lưu: VT, Ban CTCĐ.' (a 'Lưu: VT' line is added when missing)."""
    items, archive = [], []
    for recipient in recipients:
        name = nfc(recipient.name).lstrip("-– ").rstrip(";.,")
        if not name:
            continue
        if re.match(r"luu\s*:", fold(name)):
            archive.append(name)
            continue
        purpose = nfc(recipient.purpose)
        if purpose and not purpose.startswith("("):
            purpose = f"({purpose})"
        items.append(f"{name} {purpose}".strip())
    archive_line = archive[-1] if archive else "Lưu: VT"
    return [f"- {item};" for item in items] + [f"- {archive_line}."]


def _signature_block(doc: DocxDocument, recipients: list[Recipient], signer: Signer) -> None:
    table = borderless_table(doc, rows=1, widths_mm=[LEFT_MM, RIGHT_MM])
    left, right = table.rows[0].cells
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, before=6)
    for line in recipient_lines(recipients):
        para(left, line, size=11, hanging_mm=2.5)

    first = True
    for text in (nfc(signer.authority).upper(), nfc(signer.title).upper()):
        if text:
            para(right, text, bold=True, align=CENTER, before=6 if first else 0)
            first = False
    for _ in range(SIGNATURE_SPACE_LINES):
        para(right, align=CENTER)
    if nfc(signer.name):
        para(right, nfc(signer.name), bold=True, align=CENTER)
    for cell in (left, right):
        drop_first_empty(cell)


# --- page numbers and properties ---------------------------------------------------------------


def _page_numbers(doc: DocxDocument) -> None:
    """Arabic page number centred in the top margin, none on page 1 (different first-page header)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    add_page_number(section.header)


_PROPERTY_MAX = 255  # python-docx refuses longer core-property strings


def download_name(
    *, kind: str, symbol: str, year: int | None, extension: str, draft: bool = False, subject: str = ""
) -> str:
    """The name a download is saved under, ASCII only: '01-HD-LDLD-2026.docx' for an issued document
    (number-symbol-year), 'du-thao-hd-to-chuc-hoc-tap-chuyen-de.docx' for a draft (issue 10 point 6)."""
    extension = extension if extension.startswith(".") else f".{extension}"
    code = TYPE_CODES.get(kind, "") or "cv"
    if draft or not re.match(r"\d", symbol or ""):
        words = ascii_slug(subject).lower().split("-")[:6]
        return "-".join(p for p in ["du-thao" if draft else "van-ban", code.lower(), *words] if p) + extension
    parts = [ascii_slug(symbol)]
    if year and not re.search(r"/(?:19|20)\d\d/", symbol):
        parts.append(str(year))
    return "-".join(parts) + extension


def ascii_slug(text: str) -> str:
    """'01/HD-LĐLĐ' -> '01-HD-LDLD'; 'Tổ chức học tập' -> 'To-chuc-hoc-tap' (case kept)."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def _properties(doc: DocxDocument, fields: DocumentFields) -> None:
    """Core properties: title = subject (cut to 255 characters), author = issuer."""
    props = doc.core_properties
    props.title = " ".join(_subject(fields).split("\n"))[:_PROPERTY_MAX]
    props.subject = TITLES.get(fields.kind, "CÔNG VĂN")
    props.keywords = nfc(fields.symbol)[:_PROPERTY_MAX]
    props.author = props.last_modified_by = " ".join(nfc(fields.issuer).split())[:_PROPERTY_MAX]
    props.language = "vi-VN"
    props.comments = ""
    props.revision = 1
    props.created = props.modified = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
