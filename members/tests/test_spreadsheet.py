"""lamtheo.lib.spreadsheet (reading) and lamtheo.lib.xlsx_export (writing)."""

import io
import unicodedata
from datetime import date, datetime

import pytest
from python_calamine import CalamineWorkbook

from lamtheo.lib.spreadsheet import (
    Field,
    SpreadsheetError,
    cell_text,
    match_header,
    read_spreadsheet,
    sniff_delimiter,
)
from lamtheo.lib.xlsx_export import Column, xlsx_bytes

from ._files import csv_bytes, xlsx


def read_back(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_it_reads_utf8_csv_with_any_usual_delimiter(delimiter):
    rows = [["Họ và tên", "Ghi chú"], ["Nguyễn Văn Đức", "a, b; c"], ["Lê Thị Ánh", ""]]
    sheet = read_spreadsheet(csv_bytes(rows, delimiter=delimiter), "a.csv")
    assert sheet.rows == rows


def cp1258(text: str) -> bytes:
    """Windows-1258 has precomposed â ă ê ô ơ ư đ but spells the five tones with combining marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        nfd = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones)))
        out.extend(c for c in nfd if c in tones)
    return "".join(out).encode("cp1258")


def test_it_falls_back_to_windows_1258_for_legacy_csv():
    data = cp1258("Họ và tên;Dân tộc\r\nTrần Văn Mười;Kinh\r\n")
    assert data.decode("cp1258") != "Họ và tên;Dân tộc\r\nTrần Văn Mười;Kinh\r\n"  # really decomposed
    sheet = read_spreadsheet(data, "cu.csv")
    # cp1258 spells tones with combining marks: the importers NFC-normalise every cell.
    assert [cell_text(v) for v in sheet.rows[1]] == ["Trần Văn Mười", "Kinh"]


def test_it_sniffs_the_delimiter_from_the_header_line():
    assert sniff_delimiter('"Họ, tên";Ngày sinh;CCCD\n1,2;3;4') == ";"
    assert sniff_delimiter("Họ và tên,Ngày sinh\n") == ","
    assert sniff_delimiter("Họ và tên\nA\n") == ","


def test_it_numbers_rows_from_a1_even_after_empty_rows():
    sheet = read_spreadsheet(xlsx([[], [], ["", "Họ và tên"], ["", "A"], [], []]), "a.xlsx")
    assert sheet.rows[2] == ["", "Họ và tên"] and len(sheet.rows) == 4
    header = match_header(sheet, [Field("full_name", "Họ và tên"), Field("unit_code", "Mã đơn vị")])
    assert (sheet.row_number(header.row_index), header.columns) == (3, {"full_name": 1})


def test_it_reports_duplicate_columns():
    sheet = read_spreadsheet(xlsx([["Họ và tên", "HO VA TEN", "Mã đơn vị"]]), "a.xlsx")
    header = match_header(sheet, [Field("full_name", "Họ và tên"), Field("unit_code", "Mã đơn vị")])
    assert [str(i) for i in header.issues] == ["Dòng 1, cột “Họ và tên”: Cột “Họ và tên” xuất hiện hai lần."]


def test_it_refuses_too_many_rows():
    with pytest.raises(SpreadsheetError, match="hơn 3 dòng"):
        read_spreadsheet(xlsx([["a"], ["b"], ["c"], ["d"]]), "a.xlsx", max_rows=3)


def test_it_turns_cells_into_text():
    assert [cell_text(v) for v in (1234567890.0, 1.5, date(2024, 1, 2), datetime(2024, 1, 2), "  a  b ", "")] == [
        "1234567890", "1.5", "02/01/2024", "02/01/2024", "a b", "",
    ]  # fmt: skip


def test_it_exports_strings_dates_and_numbers_as_such():
    columns = [Column("Họ và tên"), Column("Số CCCD", kind="string"), Column("Ngày sinh", kind="date"),
               Column("Số", kind="number")]  # fmt: skip
    rows = [['=HYPERLINK("x")', "001090000001", date(1990, 5, 1), 3], ["Lê Thị Ánh", 12345, None, None]]
    assert read_back(xlsx_bytes(columns, rows)) == [
        ["Họ và tên", "Số CCCD", "Ngày sinh", "Số"],
        ['=HYPERLINK("x")', "001090000001", date(1990, 5, 1), 3.0],
        ["Lê Thị Ánh", "12345", "", ""],
    ]


def test_it_formats_the_header_bold_and_dates_dd_mm_yyyy():
    import zipfile

    data = xlsx_bytes([Column("Ngày", kind="date")], [[date(2024, 3, 9)]])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert 'formatCode="dd/mm/yyyy"' in styles and "<b/>" in styles


def test_it_refuses_oversized_uploads(settings, tmp_path):
    from lamtheo.lib.spreadsheet import MAX_BYTES, check_size

    with pytest.raises(SpreadsheetError, match="quá lớn"):
        check_size(MAX_BYTES + 1, "a.xlsx")
    with pytest.raises(SpreadsheetError, match="quá lớn"):
        read_spreadsheet(b"x" * (MAX_BYTES + 1), "a.csv")
