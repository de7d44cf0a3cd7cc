"""Low-level python-docx helpers for the Nghị định 30/2020 layout (DOMAIN.md §1.1).

Page setup, the Times New Roman defaults, borderless fixed-width tables, paragraphs with explicit
formatting, the short rules drawn as a paragraph bottom border, and the PAGE field. The document
content itself is assembled in writing.py.
"""

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
LANG = "vi-VN"

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
HEADER_DISTANCE_MM = 10  # the page number sits in the top margin
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 165

BODY_SIZE = 14
FIRST_LINE_INDENT = Cm(1.27)
BODY_SPACE_AFTER = Pt(6)

LEFT, CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
RIGHT = WD_ALIGN_PARAGRAPH.RIGHT

# Average advance of one character in Times New Roman, mm per point of size (measured on Liberation
# Serif, which has the same metrics): sentence case bold ≈ 0.162, capitals bold ≈ 0.210.
_CHAR_MM_PER_PT = {False: 0.162, True: 0.210}


def estimate_width_mm(text: str, size_pt: float) -> float:
    """Rough printed width of one line of bold text; good enough to size the short rules."""
    upper = text == text.upper()
    return len(text) * size_pt * _CHAR_MM_PER_PT[upper]


def balanced_lines(text: str, size_pt: float, width_mm: float) -> str:
    """Break a header line that does not fit into two lines of similar length ("\\n" between).

    "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU" -> "LIÊN ĐOÀN LAO ĐỘNG\\nTỈNH LAI CHÂU". Text that already
    has a line break, or fits, is left as it is.
    """
    if "\n" in text or estimate_width_mm(text, size_pt) <= width_mm:
        return text
    words = text.split()
    if len(words) < 2:
        return text
    # Shortest longest line; on a tie, the longer first line ("LIÊN ĐOÀN LAO ĐỘNG" / "TỈNH LAI CHÂU").
    best = min(
        range(1, len(words)),
        key=lambda i: (max(len(" ".join(words[:i])), len(" ".join(words[i:]))), -i),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


# --- document and page ------------------------------------------------------------------------


def setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE_MM)
    section.gutter = 0


def _set_rfonts(rpr, font: str) -> None:
    """Explicit fonts for every script; theme fonts would otherwise win over w:ascii."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):
            del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), font)


def setup_styles(doc: DocxDocument) -> None:
    """Normal = Times New Roman 14, black, Vietnamese, no spacing; the same in the document defaults."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr_default, FONT)
    lang = rpr_default.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), LANG)
    ppr_default = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr_default.find(qn("w:spacing"))
    if spacing is not None:
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_rfonts(normal.element.get_or_add_rPr(), FONT)
    rpr = normal.element.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), LANG)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0


# --- paragraphs --------------------------------------------------------------------------------


def para(
    container,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align=LEFT,
    before: float = 0,
    after: float = 0,
    first_line=None,
    left_mm: float = 0,
    keep_with_next: bool = False,
    hanging_mm: float = 0,
) -> Paragraph:
    """Add a paragraph of one run with explicit formatting; "\\n" in text becomes a line break."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = align
    pf.space_before, pf.space_after, pf.line_spacing = Pt(before), Pt(after), 1.0
    if first_line is not None:
        pf.first_line_indent = first_line
    if left_mm or hanging_mm:
        pf.left_indent = Mm(left_mm + hanging_mm)
    if hanging_mm:
        pf.first_line_indent = -Mm(hanging_mm)
    if keep_with_next:
        pf.keep_with_next = True
    mark_size(p, size)
    if text:
        lines = text.split("\n")
        run = p.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
    return p


def body_para(container, text: str, *, bold=False, italic=False, before: float = 0, keep_with_next=False):
    """Body text: 14 pt, justified, first-line indent 1.27 cm, 6 pt after, single spacing."""
    return para(
        container,
        text,
        bold=bold,
        italic=italic,
        align=JUSTIFY,
        before=before,
        after=BODY_SPACE_AFTER.pt,
        first_line=FIRST_LINE_INDENT,
        keep_with_next=keep_with_next,
    )


def mark_size(p: Paragraph, size: float) -> None:
    """Size of the paragraph mark, which sets the height of an empty paragraph."""
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(round(size * 2)))


def rule_under(container, width_mm: float, avail_mm: float, *, after: float = 0) -> Paragraph:
    """A centred horizontal rule width_mm long: an empty, 1 pt high paragraph with a bottom border,
    indented on both sides so that the border spans only width_mm of the avail_mm column."""
    width_mm = min(width_mm, avail_mm)
    side = (avail_mm - width_mm) / 2
    p = para(container, size=1, align=CENTER, before=2, after=after, keep_with_next=True)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(side)
    p.paragraph_format.line_spacing = Pt(1)  # a Length gives lineRule="exact"
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    pbdr.append(bottom)
    ppr = p._p.get_or_add_pPr()
    # pBdr must come before spacing/ind/jc in CT_PPr's sequence.
    anchor = next(
        (ppr.find(qn(t)) for t in ("w:spacing", "w:ind", "w:jc") if ppr.find(qn(t)) is not None), None
    )
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)
    return p


def box_paragraph(p: Paragraph) -> None:
    """A single-line border on all four sides of a paragraph (the boxed "DỰ THẢO" mark)."""
    pbdr = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", "8"), ("w:space", "2"), ("w:color", "000000")):
            el.set(qn(key), value)
        pbdr.append(el)
    ppr = p._p.get_or_add_pPr()
    anchor = next(
        (ppr.find(qn(t)) for t in ("w:spacing", "w:ind", "w:jc") if ppr.find(qn(t)) is not None), None
    )
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)


def drop_first_empty_doc(doc: DocxDocument) -> None:
    """A new python-docx document may start with an empty paragraph; drop it once content follows."""
    paragraphs = doc.paragraphs
    if len(paragraphs) > 1 and not paragraphs[0].text and not paragraphs[0].runs:
        paragraphs[0]._p.getparent().remove(paragraphs[0]._p)


def add_page_number(header, size: float = BODY_SIZE) -> Paragraph:
    """Centred PAGE field (complex field: begin, instruction, separate, result, end)."""
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    p.paragraph_format.alignment = CENTER
    mark_size(p, size)

    def field_run(kind: str | None = None, instr: str | None = None, text: str | None = None):
        run = p.add_run(text or "")
        run.font.size = Pt(size)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        if instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)

    field_run("begin")
    field_run(instr=" PAGE ")
    field_run("separate")
    field_run(text="2")
    field_run("end")
    return p


# --- tables ------------------------------------------------------------------------------------


def borderless_table(doc: DocxDocument, rows: int, widths_mm: list[float]) -> Table:
    """Fixed-layout table spanning the text width, no borders, no cell side margins, rows kept whole."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    tblpr = table._tbl.tblPr
    for tag in ("w:tblBorders", "w:tblCellMar", "w:tblW", "w:tblInd"):
        old = tblpr.find(qn(tag))
        if old is not None:
            tblpr.remove(old)
    tblw = OxmlElement("w:tblW")
    tblw.set(qn("w:w"), str(round(sum(widths_mm) / 25.4 * 1440)))
    tblw.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # CT_TblPr sequence: ..., tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook;
    # jc and tblLayout exist because alignment and autofit were set above.
    tblpr.find(qn("w:jc")).addprevious(tblw)
    layout = tblpr.find(qn("w:tblLayout"))
    layout.addprevious(ind)
    layout.addprevious(borders)
    layout.addnext(margins)
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            set_cell_width(cell, width)
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))
    return table


def set_cell_width(cell: _Cell, width_mm: float) -> None:
    cell.width = Mm(width_mm)


def drop_first_empty(cell: _Cell) -> None:
    """A new cell starts with an empty paragraph; remove it once the cell has its own content."""
    first = cell.paragraphs[0]
    if len(cell.paragraphs) > 1 and not first.text and not first.runs:
        cell._tc.remove(first._p)
