"""What a preview says, as plain data: the wizard's page and the import commands print the same thing
(a test compares them). Rows use the model's field names (Importer.as_fields)."""

import io
from datetime import date, datetime
from typing import Any

import xlsxwriter

from lamtheo.lib import legacy_vietnamese as legacy
from lamtheo.lib.dates import format_vn
from lamtheo.lib.spreadsheet import REASONS_TITLE, ImportPreview, Issue, Sheet

from .registry import Importer

ACTION_LABELS = {"create": "thêm mới", "update": "cập nhật", "unchanged": "không đổi"}


def _issue(issue: Issue) -> dict[str, Any]:
    return {"row": issue.row, "column": issue.column, "message": issue.message}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def build(importer: Importer, result: ImportPreview, sheet: Sheet) -> dict[str, Any]:
    """The preview as JSON-ready data."""
    rows = []
    for r in result.rows:
        fields = importer.as_fields(r) if importer.as_fields else {}
        rows.append({"row": getattr(r, "row", None), "action": getattr(r, "action", ""),
                     **{k: _plain(v) for k, v in fields.items()}})  # fmt: skip
    return {
        "file": result.filename,
        "sheet": sheet.sheet_name,
        "encoding": sheet.encoding,
        "detected_encoding": sheet.detected_encoding,
        "can_save": result.can_save,
        "can_save_valid": result.can_save_valid,
        "counts": {
            "valid": result.valid_count,
            "create": result.create_count,
            "update": result.update_count,
            "unchanged": result.unchanged_count,
            "skipped": len(result.notes),
            "errors": len(result.errors),
            "error_rows": result.error_rows,
            "warnings": len(result.warnings),
        },
        "rows": rows,
        "errors": [_issue(e) for e in result.errors],
        "warnings": [_issue(w) for w in result.warnings],
        "skipped": [_issue(n) for n in result.notes],
    }


def as_text(report: dict[str, Any]) -> str:
    """The preview for a terminal, in Vietnamese."""
    c = report["counts"]
    lines = [
        f"Tệp “{report['file']}”" + (f", trang “{report['sheet']}”" if report["sheet"] else "")
        + f"; bảng mã: {legacy.LABELS.get(report['encoding'], report['encoding'])}"
        + ("" if report["encoding"] == report["detected_encoding"] else
           f" (tự nhận ra: {legacy.LABELS.get(report['detected_encoding'], '')})"),
        f"{c['valid']} dòng hợp lệ: {c['create']} thêm mới, {c['update']} cập nhật, {c['unchanged']} không đổi; "
        f"{c['skipped']} dòng bỏ qua; {c['errors']} lỗi ở {c['error_rows']} dòng; {c['warnings']} cảnh báo.",
    ]  # fmt: skip
    for title, key in (("Lỗi", "errors"), ("Cảnh báo", "warnings"), ("Bỏ qua", "skipped")):
        if report[key]:
            lines.append(f"{title}:")
            lines.extend(f"  {_where(i)}{i['message']}" for i in report[key])
    for action, label in ACTION_LABELS.items():
        rows = [r for r in report["rows"] if r["action"] == action]
        if rows:
            lines.append(f"Sẽ {label}:" if not report.get("saved") else f"Đã {label}:")
            lines.extend(f"  Dòng {r['row']}: {_row_text(r)}" for r in rows)
    if report.get("saved"):
        lines.append("Đã lưu.")
    elif report["can_save"]:
        lines.append("Tệp có thể lưu.")
    else:
        lines.append("Tệp còn lỗi: chưa lưu dòng nào.")
    return "\n".join(lines)


def _where(issue: dict[str, Any]) -> str:
    where = f"Dòng {issue['row']}" if issue["row"] else "Tệp"
    return f"{where}, cột “{issue['column']}”: " if issue["column"] else f"{where}: "


def _row_text(row: dict[str, Any]) -> str:
    parts = []
    for key, value in row.items():
        if key in ("row", "action") or value in (None, ""):
            continue
        if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
            value = format_vn(date.fromisoformat(value))
        parts.append(f"{key}={value}")
    return ", ".join(parts)


def error_rows_xlsx(result: ImportPreview, sheet: Sheet) -> bytes:
    """The rows in error, as they are in the file (after the header rows), with a column of reasons:
    fixed and uploaded again, the file reads like the original."""
    reasons: dict[int, list[str]] = {}
    for e in result.errors:
        if e.row:
            reasons.setdefault(e.row, []).append(f"{e.column}: {e.message}" if e.column else e.message)
    header_rows = [n for n in result.header_rows if n not in reasons]
    width = max(
        (len(sheet.rows[n - 1]) for n in [*header_rows, *reasons] if n - 1 < len(sheet.rows)), default=0
    )
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "dd/mm/yyyy"})
    bold = book.add_format({"bold": True})
    page = book.add_worksheet("Dòng lỗi")
    out = 0
    for number in [*header_rows, *sorted(reasons)]:
        if number - 1 >= len(sheet.rows):
            continue
        cells = sheet.rows[number - 1]
        for col, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date):
                page.write_datetime(
                    out,
                    col,
                    value if isinstance(value, datetime) else datetime(value.year, value.month, value.day),
                )
            elif isinstance(value, bool):
                page.write_boolean(out, col, value)
            elif isinstance(value, int | float):
                page.write_number(out, col, value)
            else:
                page.write_string(out, col, str(value), bold if number in header_rows else None)
        if number in header_rows:
            if number == header_rows[-1]:
                page.write_string(out, width, REASONS_TITLE, bold)
        else:
            page.write_string(out, width, "; ".join(reasons[number]))
        out += 1
    page.set_column(width, width, 60)
    book.close()
    return buffer.getvalue()
