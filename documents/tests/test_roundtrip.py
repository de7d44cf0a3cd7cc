"""Write then read: for every kind, sample_fields(kind) → render_docx → read_file gives the same
document back. No database."""

import pytest

from documents.fields import Section
from documents.kinds import DocumentKind
from documents.reading import read_file
from documents.tests.samples import sample_fields
from documents.writing import render_docx, with_end_mark


def _outline(sections: list[Section]) -> list[tuple[int, str, str]]:
    out: list[tuple[int, str, str]] = []
    for s in sections:
        out.append((s.level, s.number, s.title.casefold()))
        out.extend(_outline(s.children))
    return out


def _paragraphs(sections: list[Section]) -> list[str]:
    out: list[str] = []
    for s in sections:
        out.extend(s.paragraphs)
        out.extend(_paragraphs(s.children))
    return out


@pytest.fixture(scope="module", params=[k.value for k in DocumentKind])
def pair(request):
    written = sample_fields(request.param)
    return written, read_file(render_docx(written), "x.docx")


def test_it_reads_back_kind_number_and_symbol(pair):
    written, read = pair
    assert read.kind == written.kind
    assert read.symbol == written.symbol
    assert read.number == written.number


def test_it_reads_back_date_place_and_subject(pair):
    written, read = pair
    assert (read.date, read.place) == (written.date, written.place)
    assert read.subject == written.subject


def test_it_reads_back_the_issuer_lines(pair):
    written, read = pair
    assert read.issuer == written.issuer
    assert read.issuer_parent == written.issuer_parent


def test_it_reads_back_the_signer(pair):
    written, read = pair
    assert read.signer == written.signer


def test_it_reads_back_the_addressees_and_recipients(pair):
    written, read = pair
    assert read.addressees == written.addressees
    assert [r.name for r in read.recipients] == [r.name for r in written.recipients]
    assert [r.purpose for r in read.recipients if r.purpose != "lưu"] == [
        r.purpose for r in written.recipients if not r.name.startswith("Lưu")
    ]


def test_it_reads_back_the_citations(pair):
    written, read = pair
    expected = [c.symbol for c in read_file(_text_of(written).encode(), "x.txt").citations]
    assert [c.symbol for c in read.citations] == expected
    cited = "999/QĐ-TLĐ" if written.kind == DocumentKind.QUYET_DINH else "80/KH-TLĐ"
    assert cited in expected


def test_it_reads_back_the_section_numbering_and_titles(pair):
    written, read = pair
    assert _outline(read.sections) == _outline(written.sections)
    assert _paragraphs(read.sections) == _paragraphs(written.sections)


def test_it_reads_back_the_opening_and_closing(pair):
    written, read = pair
    assert read.opening == written.opening
    assert read.closing == with_end_mark(written.closing)  # the end mark is read as printed


def _text_of(fields) -> str:
    """The body text that holds the citations the writer printed: opening, sections, closing."""
    lines = [fields.subject, fields.opening]
    stack = list(fields.sections)
    while stack:
        s = stack.pop(0)
        lines.append(s.title)
        lines.extend(s.paragraphs)
        stack[0:0] = s.children
    lines.append(fields.closing)
    return "\n\n".join(lines)
