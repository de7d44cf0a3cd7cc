"""The .docx writer follows the Nghị định 30/2020 layout (DOMAIN.md §1), read back with python-docx.

No database: the writer works on plain DocumentFields.
"""

from dataclasses import replace
from functools import cache
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from documents.fields import DocumentFields, Recipient, Section
from documents.kinds import TITLES, DocumentKind
from documents.symbols import format_date_line
from documents.tests import samples
from documents.tests.samples import sample_fields
from documents.writing import heading_text, number_line, recipient_lines, render_docx, with_end_mark

FONT = "Times New Roman"
ALL_KINDS = [k.value for k in DocumentKind]
NAMED_KINDS = [k for k in ALL_KINDS if k != DocumentKind.CONG_VAN]


@cache
def _rendered(kind: str):
    fields = sample_fields(kind)
    return fields, Document(BytesIO(render_docx(fields)))


def _open(fields):
    return Document(BytesIO(render_docx(fields)))


def _fmt(p):
    """(size pt, bold, italic) shared by every run of a paragraph with text."""
    runs = [r for r in p.runs if r.text]
    assert runs, f"no text in {p.text!r}"
    sizes = {r.font.size.pt if r.font.size else None for r in runs}
    bolds = {bool(r.font.bold) for r in runs}
    italics = {bool(r.font.italic) for r in runs}
    assert len(sizes) == len(bolds) == len(italics) == 1, (p.text, sizes, bolds, italics)
    return sizes.pop(), bolds.pop(), italics.pop()


def _rule(p):
    """The bottom border of a paragraph, or None."""
    ppr = p._p.pPr
    pbdr = ppr.find(qn("w:pBdr")) if ppr is not None else None
    return pbdr.find(qn("w:bottom")) if pbdr is not None else None


def _rule_width_mm(p, cell_mm):
    pf = p.paragraph_format
    return cell_mm - pf.left_indent.mm - pf.right_indent.mm


def _flat(text):
    return " ".join(text.split())


def _all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for cell in table._cells:
            yield from cell.paragraphs
    for section in doc.sections:
        for part in (section.header, section.first_page_header):
            yield from part.paragraphs


def _assert_borderless(table):
    tblpr = table._tbl.tblPr
    borders = tblpr.find(qn("w:tblBorders"))
    assert borders is not None
    sides = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
    assert sides == dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "nil")
    assert table.style is None or table.style.name == "Normal Table"
    for cell in table._cells:
        tcpr = cell._tc.tcPr
        assert tcpr is None or tcpr.find(qn("w:tcBorders")) is None


def _body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.text.strip()]


# --- page and fonts ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_page_is_a4_portrait_with_official_margins(kind):
    _, doc = _rendered(kind)
    assert len(doc.sections) == 1
    s = doc.sections[0]
    expected = {"page_width": 210, "page_height": 297, "top_margin": 20, "bottom_margin": 20}
    expected |= {"left_margin": 30, "right_margin": 15}
    for attr, mm in expected.items():
        assert getattr(s, attr).mm == pytest.approx(mm, abs=0.5), attr
    assert s.header_distance.mm < 20  # the page number sits inside the top margin


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_times_new_roman_everywhere(kind):
    _, doc = _rendered(kind)
    normal = doc.styles["Normal"]
    assert normal.font.name == FONT
    assert normal.font.size.pt == 14
    assert str(normal.font.color.rgb) == "000000"
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert rfonts.get(qn(f"w:{attr}")) == FONT, attr
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_fonts = defaults.find(qn("w:rFonts"))
    assert not [a for a in default_fonts.attrib if "heme" in a]  # no theme font overrides
    assert default_fonts.get(qn("w:ascii")) == FONT
    runs = 0
    for p in _all_paragraphs(doc):
        style = p.style
        while style is not None:
            assert style.font.name in (None, FONT), style.name
            style = style.base_style
        for run in p.runs:
            runs += 1
            assert run.font.name in (None, FONT), run.text
            rpr = run._r.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            assert fonts is None or not [a for a in fonts.attrib if "heme" in a]
    assert runs > 30


# --- header blocks -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_header_table_blocks(kind):
    fields, doc = _rendered(kind)
    table = doc.tables[0]
    _assert_borderless(table)
    assert len(table.columns) == 2
    left_mm, right_mm = (c.width.mm for c in table.rows[0].cells)
    assert left_mm + right_mm == pytest.approx(165, abs=0.5)
    assert left_mm / (left_mm + right_mm) == pytest.approx(0.4, abs=0.02)

    issuer_cell, state_cell = table.rows[0].cells
    parent, issuer, rule = issuer_cell.paragraphs
    assert parent.text == "TỔNG LĐLĐ VIỆT NAM"
    assert _fmt(parent) == (13, False, False)
    assert _flat(issuer.text) == "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
    assert issuer.text == "LIÊN ĐOÀN LAO ĐỘNG\nTỈNH LAI CHÂU"  # wrapped in two balanced lines
    assert _fmt(issuer) == (13, True, False)
    assert issuer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rule.text == "" and _rule(rule).get(qn("w:val")) == "single"
    assert 15 <= _rule_width_mm(rule, left_mm) <= left_mm / 2  # short rule, 1/3-1/2 of the name

    national, motto, motto_rule = state_cell.paragraphs
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fmt(national) == (12, True, False)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert _fmt(motto) == (13, True, False)
    assert _rule(motto_rule) is not None
    assert _rule_width_mm(motto_rule, right_mm) == pytest.approx(56, abs=3)  # as long as the motto

    number_cell, date_cell = table.rows[1].cells
    number = number_cell.paragraphs[0]
    assert number.text == "Số: " + fields.symbol
    assert _fmt(number) == (13, False, False)
    (date_p,) = date_cell.paragraphs
    assert date_p.text == format_date_line("Lai Châu", fields.date) == "Lai Châu, ngày 20 tháng 4 năm 2026"
    assert _fmt(date_p) == (14, False, True)


def test_cong_van_has_v_v_line_and_no_title():
    fields, doc = _rendered(DocumentKind.CONG_VAN)
    number_cell = doc.tables[0].rows[1].cells[0]
    number, vv = number_cell.paragraphs
    assert number.text == "Số: 18/LĐLĐ-CTCĐ"
    assert vv.text == "V/v đẩy mạnh thực hiện Kết luận số 01-KL/TW của Bộ Chính trị"
    assert _fmt(vv) == (12, False, False)
    assert vv.alignment == WD_ALIGN_PARAGRAPH.CENTER
    texts = [p.text for p in doc.paragraphs]
    assert not set(texts) & set(TITLES.values())
    assert fields.subject not in texts


@pytest.mark.parametrize("kind", NAMED_KINDS)
def test_named_kind_title_and_subject(kind):
    fields, doc = _rendered(kind)
    paragraphs = doc.paragraphs
    assert not any(p.text.startswith("V/v") for p in doc.tables[0]._cells[2].paragraphs)
    i = next(i for i, p in enumerate(paragraphs) if p.text == TITLES[kind])
    title, subject, rule = paragraphs[i : i + 3]
    assert _fmt(title) == (14, True, False)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert subject.text == fields.subject
    assert _fmt(subject) == (14, True, False)
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert rule.text == "" and _rule(rule) is not None
    assert 25 <= _rule_width_mm(rule, 165) <= 165 / 2


def test_number_line_of_a_draft_keeps_room_for_the_number():
    draft = replace(sample_fields("bao_cao"), number="", symbol="/BC-LĐLĐ")
    assert number_line(draft) == "Số:      /BC-LĐLĐ"
    doc = _open(draft)
    assert doc.tables[0].rows[1].cells[0].paragraphs[0].text == "Số:      /BC-LĐLĐ"
    assert number_line(replace(draft, symbol="")) == "Số:      /BC"


def test_parent_line_omitted_when_empty():
    doc = _open(replace(sample_fields("ke_hoach"), issuer_parent="", issuer="CÔNG ĐOÀN CƠ SỞ"))
    first = doc.tables[0].rows[0].cells[0].paragraphs[0]
    assert first.text == "CÔNG ĐOÀN CƠ SỞ"
    assert _fmt(first) == (13, True, False)


# --- Kính gửi ----------------------------------------------------------------------------------


def test_kinh_gui_several_addressees_as_a_list():
    _, doc = _rendered(DocumentKind.CONG_VAN)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("Kính gửi:")
    assert texts[i + 1 : i + 3] == [
        "- Công đoàn các xã, phường trực thuộc;",
        "- Công đoàn cơ sở trực thuộc Liên đoàn Lao động tỉnh.",
    ]
    head, first = doc.paragraphs[i], doc.paragraphs[i + 1]
    assert first.paragraph_format.left_indent > head.paragraph_format.left_indent  # dashes under the colon
    assert _fmt(head) == (14, False, False)


def test_kinh_gui_one_addressee_on_one_line():
    _, doc = _rendered(DocumentKind.BAO_CAO)
    (p,) = [p for p in doc.paragraphs if p.text.startswith("Kính gửi")]
    assert p.text == "Kính gửi: Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"
    assert _fmt(p) == (14, False, False)


def test_no_kinh_gui_without_addressees():
    _, doc = _rendered(DocumentKind.KE_HOACH)
    assert not [p for p in doc.paragraphs if p.text.startswith("Kính gửi")]


# --- body --------------------------------------------------------------------------------------


def _assert_body_format(p):
    pf = p.paragraph_format
    assert p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY, p.text
    assert pf.first_line_indent == Cm(1.27), p.text
    assert pf.space_after.pt == 6
    assert pf.line_spacing == 1.0


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_body_paragraphs_and_headings(kind):
    fields, doc = _rendered(kind)
    body = _body_paragraphs(doc)
    by_text = {p.text: p for p in body}
    opening = by_text[fields.opening.splitlines()[0]]
    _assert_body_format(opening)
    assert _fmt(opening)[0] == 14
    assert not _fmt(opening)[1]

    headings = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "II. NỘI DUNG VÀ THỜI GIAN THỰC HIỆN",
        "1. Nội dung",
    ]
    order = [p.text for p in body if p.text in headings]
    assert order == headings
    for text in headings:
        _assert_body_format(by_text[text])
        assert _fmt(by_text[text]) == (14, True, False)
        assert by_text[text].paragraph_format.keep_with_next

    text = "+ Quý II: hoàn thành báo cáo sơ kết ở cơ sở và gửi về Liên đoàn Lao động tỉnh."
    _assert_body_format(by_text[text])
    assert _fmt(by_text[text]) == (14, False, False)

    last = body[-1]
    assert last.text == samples.CLOSING.rstrip(".") + "./."
    _assert_body_format(last)
    assert sum(p.text.endswith("./.") for p in body) == 1


def test_decision_basis_lines_are_italic():
    _, doc = _rendered(DocumentKind.QUYET_DINH)
    basis = [p for p in doc.paragraphs if p.text.startswith("Căn cứ")]
    assert len(basis) == 2
    assert all(_fmt(p) == (14, False, True) for p in basis)
    (xet,) = [p for p in doc.paragraphs if p.text.startswith("Xét đề nghị")]
    assert _fmt(xet) == (14, False, False)


def test_heading_levels_three_and_four():
    fields = sample_fields("huong_dan")
    fields.sections[0].children[0].children = [
        Section(
            3, "1.1", "Đối với công đoàn cơ sở", ["Tổ chức quán triệt."], [Section(4, "a", "Tuyên truyền")]
        )
    ]
    doc = _open(fields)
    by_text = {p.text: p for p in doc.paragraphs}
    assert _fmt(by_text["1.1. Đối với công đoàn cơ sở"]) == (14, True, True)
    assert _fmt(by_text["a) Tuyên truyền"]) == (14, False, False)
    _assert_body_format(by_text["a) Tuyên truyền"])


def test_heading_text_and_end_mark_helpers():
    assert heading_text(Section(1, "III", "Nhiệm vụ, giải pháp")) == "III. NHIỆM VỤ, GIẢI PHÁP"
    assert heading_text(Section(2, "1.", "Ưu điểm")) == "1. Ưu điểm"
    assert heading_text(Section(3, "2.1", "Năm 2021")) == "2.1. Năm 2021"
    assert heading_text(Section(4, "đ)", "Khen thưởng")) == "đ) Khen thưởng"
    assert with_end_mark("thực hiện.") == "thực hiện./."
    assert with_end_mark("thực hiện./.") == "thực hiện./."
    assert with_end_mark("thực hiện") == "thực hiện./."


def test_end_mark_goes_on_last_paragraph_without_closing():
    doc = _open(replace(sample_fields("bao_cao"), closing=""))
    assert _body_paragraphs(doc)[-1].text.endswith("gửi về Liên đoàn Lao động tỉnh./.")


# --- recipients and signature ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_recipients_and_signature_table(kind):
    _, doc = _rendered(kind)
    table = doc.tables[-1]
    assert len(doc.tables) == 2
    _assert_borderless(table)
    left, right = table.rows[0].cells
    heading, *items = left.paragraphs
    assert heading.text == "Nơi nhận:"
    assert _fmt(heading) == (12, True, True)
    assert all(_fmt(p)[0] == 11 and not _fmt(p)[1] for p in items)
    texts = [p.text for p in items]
    assert all(t.startswith("- ") for t in texts)
    assert all(t.endswith(";") for t in texts[:-1])
    assert texts[-1] == "- Lưu: VT, Ban CTCĐ."
    assert "- Tổng LĐLĐ Việt Nam (b/c);" in texts
    assert (texts[0] == "- Như trên;") == (kind in samples.ADDRESSEES)

    authority, title, *blank, name = right.paragraphs
    assert authority.text == "TM. BAN THƯỜNG VỤ" and title.text == "PHÓ CHỦ TỊCH"
    assert name.text == "Lò Thị Hằng"
    for p in (authority, title, name):
        assert _fmt(p) == (14, True, False)
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert len(blank) >= 3 and not any(p.text for p in blank)


def test_archive_line_added_last_when_missing():
    lines = recipient_lines(
        [Recipient("Lưu: VT"), Recipient("Ban Tuyên giáo Tỉnh ủy", "b/c"), Recipient("CĐCS")]
    )
    assert lines == ["- Ban Tuyên giáo Tỉnh ủy (b/c);", "- CĐCS;", "- Lưu: VT."]
    assert recipient_lines([Recipient("Như trên;")]) == ["- Như trên;", "- Lưu: VT."]


# --- page numbers, properties ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_page_number_in_header_except_first_page(kind):
    fields, doc = _rendered(kind)
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    header = section.header
    assert not header.is_linked_to_previous
    instr = [el.text for el in header._element.iter(qn("w:instrText"))]
    assert [t.strip() for t in instr] == ["PAGE"]
    types = [el.get(qn("w:fldCharType")) for el in header._element.iter(qn("w:fldChar"))]
    assert types == ["begin", "separate", "end"]
    (p,) = header.paragraphs
    assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {r.font.size.pt for r in p.runs} == {14}

    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText")))
    assert not list(first._element.iter(qn("w:fldSimple")))
    assert not "".join(p.text for p in first.paragraphs).strip()

    assert doc.core_properties.title == fields.subject


def test_long_subject_and_empty_fields_render():
    long_subject = "Sơ kết " + "thực hiện Kết luận số 01-KL/TW của Bộ Chính trị, " * 8
    doc = _open(replace(sample_fields("bao_cao"), subject=long_subject))
    assert doc.core_properties.title == long_subject.strip()[:255]
    assert any(p.text == long_subject.strip() for p in doc.paragraphs)

    empty = _open(DocumentFields())
    assert empty.tables[0].rows[1].cells[0].paragraphs[0].text == "Số:      /"
    assert empty.tables[-1].rows[0].cells[0].paragraphs[-1].text == "- Lưu: VT."
