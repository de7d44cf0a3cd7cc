"""Hostile or broken files are refused with a Vietnamese message, before they cost time or memory."""

import zipfile
from io import BytesIO

import pytest
from pypdf import PdfWriter

from documents.fields import DocumentFields
from documents.reading import DocumentReadError, read_file
from documents.reading import files as reading_files
from documents.samples import SAMPLES

ENGLISH = ("BadZipFile", "XMLSyntaxError", "KeyError", "Error:", "Exception")


def _message(data: bytes, name: str) -> str:
    with pytest.raises(DocumentReadError) as caught:
        read_file(data, name)
    message = str(caught.value)
    assert not any(word in message for word in ENGLISH)
    return message


def test_a_docx_that_expands_past_the_limit_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(reading_files, "MAX_DOCX_EXPANDED", 1024 * 1024)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (2 * 1024 * 1024))
    assert "giải nén ra 2 MB" in _message(out.getvalue(), "bom.docx")


def test_a_docx_without_a_body_gives_a_vietnamese_message():
    out = BytesIO()
    with (
        zipfile.ZipFile(out, "w") as source,
        zipfile.ZipFile(BytesIO(SAMPLES["table-header"].content())) as doc,
    ):
        for info in doc.infolist():
            data = doc.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:nobody>").replace(b"</w:body>", b"</w:nobody>")
            source.writestr(info, data)
    assert "không có phần nội dung" in _message(out.getvalue(), "x.docx")


def test_a_broken_docx_names_no_internals():
    assert "bị hỏng" in _message(b"PK\x03\x04" + b"x" * 100, "x.docx")


def test_a_pdf_past_the_page_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading_files, "MAX_PDF_PAGES", 3)
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(595, 842)
    out = BytesIO()
    writer.write(out)
    assert "4 trang, quá giới hạn 3 trang" in _message(out.getvalue(), "x.pdf")


def test_a_text_past_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setattr(reading_files, "MAX_TEXT_CHARS", 1000)
    assert "quá giới hạn 1.000 ký tự" in _message(("Số: 1/CV-LĐLĐ\n" * 200).encode(), "x.txt")


def test_a_sub_parser_failure_is_reported_without_internals(monkeypatch):
    from documents.reading import document

    def broken(*args, **kwargs):
        raise ValueError("internal detail")

    monkeypatch.setattr(document, "parse_recipients", broken)
    fields = document.read_text("Nơi nhận:\n- Như trên;\n")
    assert isinstance(fields, DocumentFields)
    (warning,) = [w for w in fields.warnings if w.startswith("Lỗi khi đọc")]
    assert "ValueError" not in warning and "internal detail" not in warning
