"""Text out of .txt, .docx and .pdf files.

.docx: paragraphs and table cells in document order (headers are two-column borderless tables: the
left cell holds the issuer lines and "Số: …", the right cell the motto and the dated place line).
.pdf: the text layer (a scan without one gives a warning and empty fields).
"""

import codecs
import os
import zipfile
from io import BytesIO
from pathlib import Path
from typing import IO

from ..fields import DocumentFields
from .document import read_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Bounds that keep one upload from holding a worker: an official document is a few pages.
MAX_TEXT_CHARS = 1_000_000
MAX_DOCX_EXPANDED = 40 * 1024 * 1024  # the zip's entries, uncompressed (a zip bomb declares far more)
MAX_PDF_PAGES = 200


class DocumentReadError(ValueError):
    """The file cannot be opened as the format it claims (the message is Vietnamese)."""


Source = str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes]


def _load(source: Source, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename or ""
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        return path.read_bytes(), filename or path.name
    data = source.read()
    return bytes(data), filename or str(getattr(source, "name", "") or "")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1258, else latin-1 (with a warning)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1258", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, [
            f"Tệp không phải UTF-8; đã đọc theo bảng mã {encoding}, cần kiểm tra lại dấu tiếng Việt"
        ]
    return data.decode("utf-8", "replace"), ["Tệp không phải UTF-8; một số ký tự không đọc được"]


def docx_text(data: bytes) -> str:
    """Paragraphs and table cells in document order, one paragraph per block, blank lines between."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_docx_size(data)
    try:
        document = Document(BytesIO(data))
        body = document.element.body
    except Exception as exc:  # noqa: BLE001 - zip, XML or package errors
        raise DocumentReadError("tệp .docx bị hỏng hoặc không đúng định dạng Word, không mở được") from exc
    if body is None:
        raise DocumentReadError("tệp .docx không có phần nội dung văn bản")
    blocks: list[str] = []

    def walk(element, parent) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == qn("w:p"):
                blocks.append(Paragraph(child, parent).text)
            elif tag == qn("w:tbl"):
                table = Table(child, parent)
                seen = set()
                for row in table.rows:
                    for cell in row.cells:
                        if cell._tc in seen:  # merged cells come back once per grid column
                            continue
                        seen.add(cell._tc)
                        walk(cell._tc, cell)
            elif tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    walk(content, parent)

    walk(body, document)
    return "\n\n".join(blocks)


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # 4.101, as the pages write numbers


def _check_docx_size(data: bytes) -> None:
    """Refuse by the sizes the zip declares, before anything is decompressed."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise DocumentReadError("tệp .docx bị hỏng (không giải nén được)") from exc
    if expanded > MAX_DOCX_EXPANDED:
        raise DocumentReadError(
            f"tệp .docx giải nén ra {_n(expanded // (1024 * 1024))} MB, quá giới hạn "
            f"{_n(MAX_DOCX_EXPANDED // (1024 * 1024))} MB"
        )


def _check_text_size(text: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentReadError(f"văn bản dài {_n(len(text))} ký tự, quá giới hạn {_n(MAX_TEXT_CHARS)} ký tự")


def pdf_text(data: bytes) -> tuple[str, list[str]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        count = len(reader.pages)
    except Exception as exc:  # noqa: BLE001 - damaged or encrypted PDF
        raise DocumentReadError("tệp PDF bị hỏng hoặc có mật khẩu, không mở được") from exc
    if count > MAX_PDF_PAGES:
        raise DocumentReadError(f"tệp PDF có {_n(count)} trang, quá giới hạn {_n(MAX_PDF_PAGES)} trang")
    pages = list(reader.pages)
    texts, warnings = [], []
    for n, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001
            warnings.append(f"Không đọc được chữ ở trang {n} của tệp PDF")
            continue
        lines = text.split("\n")
        if n > 1 and lines and lines[0].strip().isdigit():  # page number in the top margin
            lines = lines[1:]
        texts.append("\n".join(lines))
    return "\n".join(texts), warnings


def read_file(source: Source, filename: str | None = None) -> DocumentFields:
    """Read a .txt, .docx or .pdf given as a path, bytes or a binary file object.

    The format is told by the file's first bytes, then by the extension of filename (or of the path).
    Raises OSError when a path cannot be read and DocumentReadError when the content is not the format.
    """
    data, name = _load(source, filename)
    ext = Path(name).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        text = docx_text(data)
        _check_text_size(text)
        fields = read_text(text, paragraph_mode=True)
        if ext not in ("", ".docx", ".docm", ".dotx"):
            fields.warnings.insert(0, f"Tệp có đuôi {ext} nhưng nội dung là .docx")
        return fields
    if data.lstrip()[:5] == b"%PDF-":
        text, warnings = pdf_text(data)
        if not text.strip():
            warnings.append(
                "Tệp PDF không có lớp văn bản (có thể là bản quét); cần nhận dạng chữ (OCR) trước"
            )
            return DocumentFields(warnings=warnings)
        _check_text_size(text)
        fields = read_text(text)
        fields.warnings[:0] = warnings
        return fields
    if ext in (".docx", ".pdf"):
        raise DocumentReadError(f"nội dung không phải tệp {ext} hợp lệ")
    if data.startswith(_OLE_MAGIC):
        raise DocumentReadError("tệp Word 97-2003 (.doc) chưa được hỗ trợ; hãy lưu lại thành .docx")
    text, warnings = decode_text(data)
    _check_text_size(text)
    fields = read_text(text)
    fields.warnings[:0] = warnings
    return fields
