"""Writing (issue 10 point 6): only the layout's headings are bold, a draft carries "DỰ THẢO", and a
download is named for what it is. No database."""

from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document

from documents.fields import Section
from documents.reading import read_file
from documents.tests.samples import sample_fields
from documents.writing import DRAFT_MARK, ascii_slug, download_name, render_docx


def _paragraph(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def _bold(p) -> bool:
    return all(bool(r.font.bold) for r in p.runs if r.text)


LETTER_POINTS = [
    Section(level=2, number="1", title="Rà soát danh sách đoàn viên đến ngày 31/3/2026."),
    Section(level=2, number="2", title="Cập nhật phần mềm. Gửi danh sách trước ngày 15/4/2026"),
    Section(level=2, number="3", title="Tổ chức thực hiện", paragraphs=["Các CĐCS báo cáo trước ngày 20/4."]),
]


def test_numbered_points_written_as_sentences_are_not_bold_but_headings_are():
    fields = replace(sample_fields("cong_van"), sections=LETTER_POINTS)
    doc = Document(BytesIO(render_docx(fields)))
    assert not _bold(_paragraph(doc, "1. Rà soát danh sách"))
    assert not _bold(_paragraph(doc, "2. Cập nhật phần mềm"))
    assert _bold(_paragraph(doc, "3. Tổ chức thực hiện"))
    assert not _bold(_paragraph(doc, "Các CĐCS báo cáo"))


def test_the_layout_headings_of_a_plan_stay_bold():
    doc = Document(BytesIO(render_docx(sample_fields("ke_hoach"))))
    roman = next(p for p in doc.paragraphs if p.text.startswith("I. "))
    assert _bold(roman)


def test_a_draft_carries_the_draft_mark_and_an_issued_document_does_not():
    fields = sample_fields("huong_dan")
    draft = Document(BytesIO(render_docx(fields, draft=True)))
    issued = Document(BytesIO(render_docx(fields)))
    mark = draft.paragraphs[0]
    assert (mark.text, _bold(mark)) == (DRAFT_MARK, True)
    assert mark._p.pPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None
    assert DRAFT_MARK not in [p.text for p in issued.paragraphs]


def test_the_reader_recognises_a_draft_and_keeps_its_header():
    fields = sample_fields("huong_dan")
    back = read_file(render_docx(fields, draft=True), "x.docx")
    assert (back.issuer_parent, back.issuer) == (fields.issuer_parent, fields.issuer)
    assert any("DỰ THẢO" in w for w in back.warnings)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"kind": "huong_dan", "symbol": "01/HD-LĐLĐ", "year": 2026, "extension": ".docx"}, "01-HD-LDLD-2026.docx"),
        ({"kind": "cong_van", "symbol": "299/CĐCT-TGNC", "year": 2023, "extension": "pdf"}, "299-CDCT-TGNC-2023.pdf"),
        ({"kind": "quyet_dinh", "symbol": "25/2019/QĐ-CĐN", "year": 2019, "extension": ".pdf"}, "25-2019-QD-CDN.pdf"),
        (
            {"kind": "huong_dan", "symbol": "/HD-LĐLĐ", "year": 2026, "extension": ".docx", "draft": True,
             "subject": "Tổ chức học tập, quán triệt Chuyên đề năm 2026"},
            "du-thao-hd-to-chuc-hoc-tap-quan-triet.docx",
        ),
    ],
)  # fmt: skip
def test_downloads_are_named_for_what_they_are(kwargs, expected):
    name = download_name(**kwargs)
    assert name == expected
    assert name.isascii() and "tai-ve" not in name


def test_ascii_slug_drops_diacritics_and_keeps_case():
    assert ascii_slug("12a/QĐ-LĐLĐ") == "12a-QD-LDLD"
    assert ascii_slug("Kế hoạch Đoàn") == "Ke-hoach-Doan"
