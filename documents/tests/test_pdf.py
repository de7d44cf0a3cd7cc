"""PDF through LibreOffice headless (skipped where soffice is not installed). No database."""

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from io import BytesIO

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from pypdf import PdfReader

from documents.pdf import convert_to_pdf, soffice_available
from documents.tests.samples import sample_fields
from documents.writing import render_docx


@pytest.fixture(autouse=True)
def _one_shot_only(settings):
    """These tests are about the one-shot soffice: a warm converter running on this machine is not used
    (test_pdf_warm.py tests that one)."""
    settings.PDF_SERVER = ""


needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not installed")
needs_pdftotext = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is absent"
)


def _short_docx() -> bytes:
    """A one-page report: the full header, a two-paragraph body, recipients and signature."""
    fields = replace(
        sample_fields("bao_cao"),
        subject="Kết quả tháng hành động vì an toàn, vệ sinh lao động năm 2026",
        opening="Ban Thường vụ Liên đoàn Lao động tỉnh báo cáo kết quả như sau:",
        sections=[],
        closing="Các cấp công đoàn đã tổ chức tuyên truyền sâu rộng đến đoàn viên, người lao động.",
    )
    return render_docx(fields)


def _two_page_docx() -> bytes:
    """The short document with a page break forced inside its body: exactly two pages."""
    doc = Document(BytesIO(_short_docx()))
    opening = next(p for p in doc.paragraphs if p.text.startswith("Ban Thường vụ"))
    opening.add_run().add_break(WD_BREAK.PAGE)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _pages(pdf: bytes) -> int:
    return len(PdfReader(BytesIO(pdf)).pages)


def _pdftotext(pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, check=True, timeout=60)
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def short_pdf() -> bytes:
    if not soffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = convert_to_pdf(_short_docx())
    assert pdf is not None
    return pdf


@needs_soffice
def test_short_document_is_one_page_pdf(short_pdf):
    assert short_pdf.startswith(b"%PDF-")
    assert _pages(short_pdf) == 1


@needs_soffice
@needs_pdftotext
def test_pdf_text_keeps_vietnamese_diacritics(short_pdf, tmp_path):
    text = _pdftotext(short_pdf, tmp_path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 18/BC-LĐLĐ",
        "Lai Châu, ngày 20 tháng 4 năm 2026",
        "BÁO CÁO",
        "Nơi nhận:",
        "Lò Thị Hằng",
    ):
        assert expected in text, expected


@needs_soffice
@pytest.mark.skipif(not shutil.which("pdffonts"), reason="pdffonts (poppler-utils) is absent")
def test_pdf_embeds_a_times_compatible_serif_font(short_pdf, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(short_pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    serif = [r for r in rows if any(n in r[0] for n in ("LiberationSerif", "Tinos", "TimesNewRoman"))]
    assert serif, listing
    # columns: name type encoding emb sub uni object ID (type may be two words, "Type 1")
    assert all(r[-5] == "yes" for r in serif), listing
    assert any("Bold" in r[0] for r in serif) and any("Italic" in r[0] for r in serif)


@needs_soffice
@needs_pdftotext
def test_page_break_gives_two_pages_numbered_from_page_two(tmp_path):
    pdf = convert_to_pdf(_two_page_docx())
    assert _pages(pdf) == 2
    first = _pdftotext(pdf, tmp_path, "-f", "1", "-l", "1").split()
    second = _pdftotext(pdf, tmp_path, "-f", "2", "-l", "2").split()
    assert first[:2] == ["TỔNG", "LĐLĐ"]  # page 1 starts with the header block, no number
    assert second[0] == "2"  # page number at the top of page 2


@needs_soffice
def test_concurrent_conversions_each_use_their_own_profile():
    documents = [_short_docx(), _two_page_docx()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(convert_to_pdf, documents))
    assert all(pdf is not None and pdf.startswith(b"%PDF-") for pdf in pdfs)
    assert [_pages(pdf) for pdf in pdfs] == [1, 2]


def _fake_soffice(tmp_path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return str(script)


def test_no_soffice_returns_none(settings):
    settings.SOFFICE_PATH = "/nonexistent/bin/soffice"
    assert soffice_available() is False
    assert convert_to_pdf(b"irrelevant") is None


def test_non_docx_input_is_refused(settings, tmp_path):
    settings.SOFFICE_PATH = _fake_soffice(tmp_path, "exit 0")
    with pytest.raises(RuntimeError, match="không phải tệp Word"):
        convert_to_pdf(b"this is not a word document")


def test_soffice_failure_raises_in_vietnamese(settings, tmp_path):
    settings.SOFFICE_PATH = _fake_soffice(
        tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 1'
    )
    with pytest.raises(RuntimeError, match=r"không chuyển được văn bản sang PDF \(mã lỗi 1\): Error: source"):
        convert_to_pdf(_short_docx())


def test_soffice_without_output_file_raises(settings, tmp_path):
    settings.SOFFICE_PATH = _fake_soffice(tmp_path, "exit 0")
    with pytest.raises(RuntimeError, match="mã lỗi 0"):
        convert_to_pdf(_short_docx())


def test_soffice_timeout_is_killed(settings, tmp_path, monkeypatch):
    settings.SOFFICE_PATH = _fake_soffice(tmp_path, "exec sleep 30")
    monkeypatch.setattr("documents.pdf.TIMEOUT_S", 1)
    with pytest.raises(RuntimeError, match="quá 1 giây"):
        convert_to_pdf(_short_docx())
