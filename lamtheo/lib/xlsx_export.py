"""Export any list to .xlsx with xlsxwriter: a bold header row of Vietnamese column titles, dates shown
as dd/mm/yyyy, and ID / phone columns written as text so their leading zeros survive.

Strings are always written as strings (never as formulas, URLs or numbers), so a cell that starts
with "=" in the data cannot become a formula in the user's Excel.
"""

import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any, Literal

import xlsxwriter
from django.http import FileResponse

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd/mm/yyyy"

ColumnKind = Literal["text", "string", "date", "number"]


@dataclass(frozen=True)
class Column:
    """One column: its Vietnamese title, and how to write its cells.

    kind: "text" (anything; numbers stay numbers), "string" (always text, e.g. CCCD, phone),
    "date" (dd/mm/yyyy), "number". `choices` adds a drop-down list (for import templates);
    `note` becomes a comment on the header cell.
    """

    title: str
    kind: ColumnKind = "text"
    width: float = 18
    choices: tuple[str, ...] = ()
    note: str = ""


def _workbook_options(in_memory: bool) -> dict[str, Any]:
    return {
        "in_memory": in_memory,
        "constant_memory": not in_memory,
        "default_date_format": DATE_FORMAT,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "remove_timezone": True,
    }


def _write(
    workbook: xlsxwriter.Workbook,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str,
    instructions: Sequence[str] = (),
    template_rows: int = 0,
) -> int:
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    text = workbook.add_format({"num_format": "@"})
    dates = workbook.add_format({"num_format": DATE_FORMAT})
    sheet = workbook.add_worksheet(sheet_name[:31])
    for col, column in enumerate(columns):
        cell_format = text if column.kind == "string" else dates if column.kind == "date" else None
        sheet.set_column(col, col, column.width, cell_format)
        sheet.write_string(0, col, column.title, bold)
        if column.note:
            sheet.write_comment(0, col, column.note)
        if column.choices and template_rows:
            sheet.data_validation(
                1, col, template_rows, col,
                {"validate": "list", "source": list(column.choices), "ignore_blank": True},
            )  # fmt: skip
    sheet.freeze_panes(1, 0)
    count = 0
    for r, row in enumerate(rows, start=1):
        for col, (column, value) in enumerate(zip(columns, row, strict=False)):
            _write_cell(sheet, r, col, column, value, dates)
        count = r
    if columns:
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    if instructions:
        notes = workbook.add_worksheet("Hướng dẫn")
        notes.set_column(0, 0, 110)
        for r, line in enumerate(instructions):
            notes.write_string(r, 0, line, bold if r == 0 else None)
    return count


def _write_cell(sheet, row: int, col: int, column: Column, value: Any, dates) -> None:
    if value is None or value == "":
        return
    if column.kind == "string":
        sheet.write_string(row, col, str(value))
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value.replace(tzinfo=None), dates)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, dates)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value) if isinstance(value, Decimal) else value)
    else:
        sheet.write_string(row, col, str(value))


def xlsx_bytes(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Danh sách",
    instructions: Sequence[str] = (),
    template_rows: int = 0,
) -> bytes:
    """The whole workbook in memory (small lists, import templates, tests)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _workbook_options(in_memory=True))
    _write(
        workbook, columns, rows, sheet_name=sheet_name, instructions=instructions, template_rows=template_rows
    )
    workbook.close()
    return buffer.getvalue()


def xlsx_file(
    columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, sheet_name: str = "Danh sách"
) -> IO[bytes]:
    """Write row by row to a temporary file (constant memory, for long lists); return it opened at 0.

    The file is unlinked at once: it disappears when the returned handle is closed.
    """
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="lamtheo-export-")
    os.close(fd)
    try:
        workbook = xlsxwriter.Workbook(path, _workbook_options(in_memory=False))
        _write(workbook, columns, rows, sheet_name=sheet_name)
        workbook.close()
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    return handle


def xlsx_response(
    filename: str, columns: Sequence[Column], rows: Iterable[Sequence[Any]], *, sheet_name: str = "Danh sách"
) -> FileResponse:
    return FileResponse(
        xlsx_file(columns, rows, sheet_name=sheet_name),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )


def template_response(
    filename: str, columns: Sequence[Column], *, instructions: Sequence[str] = (), rows: int = 1000
) -> FileResponse:
    """An empty import template: header row, text-formatted ID/phone columns, drop-down lists."""
    data = xlsx_bytes(columns, [], sheet_name="Dữ liệu", instructions=instructions, template_rows=rows)
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )
