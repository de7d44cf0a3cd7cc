"""Export any list to .xlsx with xlsxwriter: a bold header row of Vietnamese column titles, dates shown
as dd/mm/yyyy, and ID / phone columns written as text so their leading zeros survive.

`write_list` is the list kit's export (title block, more sheets past Excel's row limit, a total row,
print setup); `xlsx_bytes` / `template_response` serve import templates and small tables.

Strings are always written as strings (never as formulas, URLs or numbers), so a cell that starts
with "=" in the data cannot become a formula in the user's Excel.
"""

import io
from collections.abc import Callable, Iterable, Sequence
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
        code = sheet.write_string(row, col, str(value))
    elif isinstance(value, datetime):
        code = sheet.write_datetime(row, col, value.replace(tzinfo=None), dates)
    elif isinstance(value, date):
        code = sheet.write_datetime(row, col, value, dates)
    elif isinstance(value, bool):
        code = sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float | Decimal):
        code = sheet.write_number(row, col, float(value) if isinstance(value, Decimal) else value)
    else:
        code = sheet.write_string(row, col, str(value))
    # -1: row or column out of range; -2: string too long (it is cut by xlsxwriter, still written).
    if code == -1:
        raise ExportRefused(f"xlsxwriter refused row {row}, column {col}")


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


EXCEL_MAX_ROWS = 1_048_576  # rows in one Excel sheet, header and title included


class ExportRefused(Exception):
    """xlsxwriter refused a cell (it answers -1 instead of raising): never drop it silently."""


@dataclass(frozen=True)
class TitleBlock:
    """The lines above the header row of every sheet: who, what, when, and the filters used."""

    unit: str
    title: str
    on: date
    filters: Sequence[str] = ()
    total_label: str = "dòng"  # "Tổng cộng: 4.101 đoàn viên"

    def lines(self) -> list[str]:
        used = "; ".join(self.filters) if self.filters else "không lọc (toàn bộ danh sách)"
        return [
            self.unit.upper(),
            self.title.upper(),
            f"Ngày xuất: {self.on:%d/%m/%Y}",
            f"Điều kiện lọc: {used}",
        ]


@dataclass
class ListFacts:
    rows: int = 0
    sheets: int = 0


def thousands(n: int) -> str:
    """4101 -> "4.101" (Vietnamese grouping)."""
    return f"{n:,}".replace(",", ".")


def write_list(
    target: str | IO[bytes],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    title: TitleBlock,
    sheet_name: str = "Danh sách",
    progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
    max_rows: int | None = None,
) -> ListFacts:
    """A list for people to read and print: title block, header row, every row, a total row.

    Constant memory (row by row to a file). Past one sheet's capacity the rows go on into
    "<sheet_name> (2)", "(3)"…: no row is ever dropped. Each sheet prints on A4 landscape, one page
    wide, with the header row repeated and page numbers.
    """
    workbook = xlsxwriter.Workbook(target, _workbook_options(in_memory=not isinstance(target, str)))
    formats = {
        "head": workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True}),
        "title": workbook.add_format({"bold": True, "font_size": 13}),
        "unit": workbook.add_format({"bold": True}),
        "total": workbook.add_format({"bold": True, "top": 1}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "text": workbook.add_format({"num_format": "@"}),
    }
    lines = title.lines()
    header_row = len(lines) + 1  # a blank line between the title block and the header
    capacity = (max_rows or EXCEL_MAX_ROWS) - header_row - 2  # the header row and the total row
    if capacity < 1:
        raise ValueError("max_rows too small for the title block")
    facts = ListFacts()
    sheet = None
    on_sheet = 0

    def new_sheet():
        facts.sheets += 1
        name = sheet_name if facts.sheets == 1 else f"{sheet_name[:25]} ({facts.sheets})"
        ws = workbook.add_worksheet(name)
        for col, column in enumerate(columns):
            cell_format = (
                formats["text"]
                if column.kind == "string"
                else formats["date"]
                if column.kind == "date"
                else None
            )
            ws.set_column(col, col, column.width, cell_format)
        for r, line in enumerate(lines):
            if facts.sheets > 1 and r == 1:
                line = f"{line} (tiếp theo, trang tính {facts.sheets})"
            style = formats["title"] if r == 1 else formats["unit"] if r == 0 else None
            _checked(ws.write_string(r, 0, line, style))
        for col, column in enumerate(columns):
            _checked(ws.write_string(header_row, col, column.title, formats["head"]))
        ws.freeze_panes(header_row + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_row)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.set_footer("&CTrang &P/&N")
        return ws

    def close_sheet(ws, count: int) -> None:
        if columns:
            ws.autofilter(header_row, 0, header_row + max(count, 1), len(columns) - 1)

    sheet = new_sheet()
    for row in rows:
        if on_sheet == capacity:
            close_sheet(sheet, on_sheet)
            sheet, on_sheet = new_sheet(), 0
        on_sheet += 1
        r = header_row + on_sheet
        for col, (column, value) in enumerate(zip(columns, row, strict=False)):
            _write_cell(sheet, r, col, column, value, formats["date"])
        facts.rows += 1
        if progress is not None and facts.rows % progress_every == 0:
            progress(facts.rows)
    close_sheet(sheet, on_sheet)
    total = f"Tổng cộng: {thousands(facts.rows)} {title.total_label}"
    if facts.sheets > 1:
        total += f" (trên {facts.sheets} trang tính)"
    _checked(sheet.write_string(header_row + on_sheet + 1, 0, total, formats["total"]))
    workbook.close()
    if progress is not None:
        progress(facts.rows)
    return facts


def _checked(code: int | None) -> None:
    if code is not None and code < 0:
        raise ExportRefused(f"xlsxwriter refused a cell (code {code})")


def template_response(
    filename: str, columns: Sequence[Column], *, instructions: Sequence[str] = (), rows: int = 1000
) -> FileResponse:
    """An empty import template: header row, text-formatted ID/phone columns, drop-down lists."""
    data = xlsx_bytes(columns, [], sheet_name="Dữ liệu", instructions=instructions, template_rows=rows)
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
    )


@dataclass(frozen=True)
class Table:
    """One sheet of a workbook of small tables (a page's figures, one breakdown a sheet)."""

    sheet_name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    caption: str = ""  # one line under the title block: what the sheet breaks down


def tables_bytes(tables: Sequence[Table], *, title: TitleBlock) -> bytes:
    """A workbook in memory with one sheet per table, each under the same title block.

    Sheet names are cut to Excel's 31 characters and made unique ("… (2)")."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, _workbook_options(in_memory=True))
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    bold = workbook.add_format({"bold": True})
    big = workbook.add_format({"bold": True, "font_size": 13})
    dates = workbook.add_format({"num_format": DATE_FORMAT})
    used: set[str] = set()
    for table in tables:
        name = _sheet_name(table.sheet_name, used)
        sheet = workbook.add_worksheet(name)
        lines = title.lines() + ([table.caption] if table.caption else [])
        for r, line in enumerate(lines):
            _checked(sheet.write_string(r, 0, line, big if r == 1 else bold if r == 0 else None))
        header_row = len(lines) + 1
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, column.width)
            _checked(sheet.write_string(header_row, col, column.title, head))
        for r, row in enumerate(table.rows, start=header_row + 1):
            for col, (column, value) in enumerate(zip(table.columns, row, strict=False)):
                _write_cell(sheet, r, col, column, value, dates)
        sheet.freeze_panes(header_row + 1, 1)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
    workbook.close()
    return buffer.getvalue()


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(_SHEET_FORBIDDEN).strip() or "Bảng")[:31]
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{base[: 31 - len(f' ({n})')]} ({n})"
    used.add(candidate.lower())
    return candidate
