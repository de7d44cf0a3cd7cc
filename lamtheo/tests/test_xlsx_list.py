"""lamtheo.lib.xlsx_export.write_list: the list kit's export (title block, sheets, total row, print setup)."""

import io
import zipfile
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from lamtheo.lib import xlsx_export
from lamtheo.lib.xlsx_export import Column, ExportRefused, TitleBlock, write_list

COLUMNS = [Column("STT", kind="number"), Column("Họ và tên"), Column("Số CCCD", kind="string")]
TITLE = TitleBlock(unit="Liên đoàn Lao động tỉnh An Hòa", title="Danh sách đoàn viên", on=date(2026, 3, 31),
                   filters=["tìm “nguyen”", "đang sinh hoạt"], total_label="đoàn viên")  # fmt: skip
HEADER = ["STT", "Họ và tên", "Số CCCD"]


def people(n: int):
    return ([i, f"Người {i}", f"{i:012d}"] for i in range(1, n + 1))


def sheets(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def write(n: int, **kwargs) -> tuple[bytes, xlsx_export.ListFacts]:
    buffer = io.BytesIO()
    facts = write_list(buffer, COLUMNS, people(n), title=TITLE, sheet_name="Đoàn viên", **kwargs)
    return buffer.getvalue(), facts


def test_it_writes_the_title_block_the_rows_and_a_total_row():
    data, facts = write(2)
    assert (facts.rows, facts.sheets) == (2, 1)
    assert sheets(data)["Đoàn viên"] == [
        ["LIÊN ĐOÀN LAO ĐỘNG TỈNH AN HÒA", "", ""],
        ["DANH SÁCH ĐOÀN VIÊN", "", ""],
        ["Ngày xuất: 31/03/2026", "", ""],
        ["Điều kiện lọc: tìm “nguyen”; đang sinh hoạt", "", ""],
        ["", "", ""],
        HEADER,
        [1.0, "Người 1", "000000000001"],
        [2.0, "Người 2", "000000000002"],
        ["Tổng cộng: 2 đoàn viên", "", ""],
    ]


def test_an_export_longer_than_a_sheet_goes_on_to_more_sheets_and_keeps_every_row(monkeypatch):
    # A sheet of 12 rows: 4 title lines, a blank, the header, 5 data rows and room for the total row.
    monkeypatch.setattr(xlsx_export, "EXCEL_MAX_ROWS", 12)
    data, facts = write(23)
    assert (facts.rows, facts.sheets) == (23, 5)
    book = sheets(data)
    assert list(book) == ["Đoàn viên", "Đoàn viên (2)", "Đoàn viên (3)", "Đoàn viên (4)", "Đoàn viên (5)"]
    assert all(len(rows) <= 12 for rows in book.values())
    data_rows = [row for rows in book.values() for row in rows[6:] if isinstance(row[0], float)]
    assert [int(row[0]) for row in data_rows] == list(range(1, 24))  # every row, once, in order
    assert book["Đoàn viên (2)"][1][0] == "DANH SÁCH ĐOÀN VIÊN (tiếp theo, trang tính 2)"
    assert book["Đoàn viên (2)"][5] == HEADER
    assert book["Đoàn viên (5)"][-1][0] == "Tổng cộng: 23 đoàn viên (trên 5 trang tính)"


def test_a_full_last_sheet_still_has_room_for_the_total_row(monkeypatch):
    monkeypatch.setattr(xlsx_export, "EXCEL_MAX_ROWS", 12)
    data, facts = write(10)
    assert (facts.rows, facts.sheets) == (10, 2)
    assert sheets(data)["Đoàn viên (2)"][-1][0] == "Tổng cộng: 10 đoàn viên (trên 2 trang tính)"


def test_it_reports_progress_and_the_final_count():
    seen: list[int] = []
    write(7, progress=seen.append, progress_every=3)
    assert seen == [3, 6, 7]


def test_each_sheet_prints_on_a4_landscape_one_page_wide_with_the_header_repeated():
    data, _ = write(3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet and 'fitToHeight="0"' in sheet
    assert "<oddFooter>&amp;CTrang &amp;P/&amp;N</oddFooter>" in sheet
    assert "_xlnm.Print_Titles" in workbook and "$6:$6" in workbook


def test_a_cell_xlsxwriter_refuses_stops_the_export_instead_of_vanishing():
    class Refusing:
        def write_string(self, *args):
            return -1

    with pytest.raises(ExportRefused):
        xlsx_export._write_cell(Refusing(), 1_048_576, 0, Column("Họ và tên"), "Người", None)
