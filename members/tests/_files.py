"""Spreadsheets built in tests: .xlsx with xlsxwriter (text cells stay text), .csv with the csv module."""

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import xlsxwriter

MEMBER_HEADER = ["Họ và tên", "Mã đơn vị", "Giới tính", "Ngày sinh", "Dân tộc", "Số CCCD", "Số điện thoại",
                 "Ngày vào công đoàn", "Chức vụ"]  # fmt: skip


def xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    """Strings are written as text cells (like a column formatted as text), numbers as numbers,
    dates as date cells."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "default_date_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("Dữ liệu")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Any]], *, delimiter: str = ",", encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding)


def member_row(name: str, unit: str, *, gender: str = "Nam", born: Any = "01/02/1990", ethnicity: str = "Kinh",
               id_number: Any = "", phone: Any = "", joined: Any = "", position: str = "") -> list[Any]:  # fmt: skip
    return [name, unit, gender, born, ethnicity, id_number, phone, joined, position]


def many_members(n: int, unit: str, *, start: int = 0) -> list[list[Any]]:
    """n distinct valid members with 12-digit CCCD starting with 0 and phones starting with 0."""
    given = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Oanh"]
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
    rows = []
    for i in range(start, start + n):
        rows.append(
            member_row(
                f"{family[i % len(family)]} Văn {given[i % len(given)]} {i}",
                unit,
                gender="Nam" if i % 2 else "Nữ",
                born=f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
                id_number=f"0{i:011d}",
                phone=f"09{i:08d}",
                joined="01/03/2015",
                position="Công nhân",
            )
        )
    return rows
