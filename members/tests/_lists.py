"""Member lists as unions keep them, written by the tests: title rows, merged two-row headers, column
numbers, totals and signatures, legacy fonts. Every name and number here is made up."""

import io
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

# A cell: a value, or (value, {"font": ".VnTimeH", "merge": (rows, cols)}).
Cell = Any


def workbook(rows: Sequence[Sequence[Cell]], *, font: str = "", sheet: str = "DS đoàn viên") -> bytes:
    """Text cells stay text, numbers numbers, dates date cells. A cell (value, options) may merge
    `merge=(rows, cols)` cells from itself and use its own font."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    formats: dict[tuple[str, bool], Any] = {}

    def fmt(font_name: str, is_date: bool = False) -> Any:
        key = (font_name, is_date)
        if key not in formats:
            options: dict[str, Any] = {"font_name": font_name} if font_name else {}
            if is_date:
                options["num_format"] = "dd/mm/yyyy"
            formats[key] = book.add_format(options) if options else None
        return formats[key]

    page = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            value, options = cell if isinstance(cell, tuple) else (cell, {})
            if value is None or value == "":
                continue
            style = fmt(options.get("font", font), isinstance(value, date))
            if "merge" in options:
                rows_n, cols_n = options["merge"]
                page.merge_range(r, c, r + rows_n - 1, c + cols_n - 1, value, style)
            elif isinstance(value, datetime | date):
                page.write_datetime(
                    r, c, value if isinstance(value, datetime) else datetime(*value.timetuple()[:3]), style
                )
            elif isinstance(value, int | float):
                page.write_number(r, c, value, style)
            else:
                page.write_string(r, c, str(value), style)
    book.close()
    return buffer.getvalue()


def csv_text(rows: Sequence[Sequence[Any]], delimiter: str = ",") -> str:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: the letter (with its shape mark) and then the tone as
    a combining byte when the code page has no precomposed letter."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)  # the dot below sorts before the circumflex
        tone = next(m for m in decomposed if m in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", decomposed.replace(tone, "", 1))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def latin(text: str) -> bytes:
    """Legacy 8-bit text (written here as the Windows-1252 characters of its bytes) as bytes."""
    return text.encode("cp1252")
