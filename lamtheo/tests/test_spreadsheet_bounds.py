"""Hostile spreadsheets are refused before any cell range is built, with a Vietnamese message naming
the file; the active sheet is the one read; an upload is parsed once and its rows staged."""

import subprocess
import sys
import textwrap
from datetime import date, datetime

import pytest

from lamtheo.lib import sheet_bounds, spreadsheet
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import SpreadsheetError, read_spreadsheet

from ._hostile import ods, ods_row, rezip, xlsx_cells


def refusal(data: bytes, name: str) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data, name)
    assert caught.value.field == "file"
    return caught.value.message


# A child process with 1 GiB of address space: had the reader built the range (512 GB for XFD1048576,
# 2.5 GB for XFD3000), it would abort instead of printing the refusal. Its peak memory is printed too.
_CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    import django
    from django.conf import settings
    settings.configure()
    from lamtheo.lib.spreadsheet import SpreadsheetError, read_spreadsheet
    data = sys.stdin.buffer.read()
    try:
        read_spreadsheet(data, "xa.xlsx")
        print("READ")
    except SpreadsheetError as exc:
        print("REFUSED", exc.message)
    # VmHWM starts afresh at exec; ru_maxrss would keep the forking test process's own peak
    print("PEAK_KB", next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
    """
)


@pytest.mark.parametrize("row, col, cell", [(1048575, 16383, "XFD1048576"), (2999, 16383, "XFD3000")])
def test_a_tiny_file_with_one_far_cell_is_refused_without_building_the_range(row, col, cell):
    data = xlsx_cells([(0, 0, "Họ và tên"), (row, col, "x")])
    assert len(data) < 10_000
    child = subprocess.run([sys.executable, "-c", _CHILD], input=data, capture_output=True, timeout=120,
                           cwd=str(__import__("django").conf.settings.BASE_DIR))  # fmt: skip
    assert child.returncode == 0, child.stderr.decode()[-2000:]
    out = child.stdout.decode()
    assert f"REFUSED Tệp “xa.xlsx” vượt giới hạn nhập: dữ liệu trang “Dữ liệu” trải tới ô {cell}" in out
    peak_kb = int(out.split("PEAK_KB")[1])
    assert peak_kb < 300 * 1024  # the refusal itself costs no more than the interpreter


def test_a_file_as_wide_as_excel_allows_is_refused():
    title = "Tiêu đề rất dài " * 20
    data = xlsx_cells([(r, c, title) for r in range(3) for c in range(16384)])
    message = refusal(data, "rong.xlsx")
    assert message.startswith("Tệp “rong.xlsx” vượt giới hạn nhập: dữ liệu trang “Dữ liệu” trải tới ô ")
    assert "ngoài giới hạn 101.000 dòng và 200 cột" in message


@pytest.mark.parametrize(
    "cell",
    [
        '<c t="s" r="XFD1048576"><v>0</v></c>',  # r not first
        '<x:c r="XFD1048576" t="s"><x:v>0</x:v></x:c>',  # a namespace prefix
        '<c\n r="XFD1048576" t="s"><v>0</v></c>',  # a line break inside the tag
    ],
)
def test_far_cells_written_unusually_are_found_too(cell):
    data = xlsx_cells([(0, 0, "Họ và tên"), (1, 0, "An")])
    xml = _sheet_xml(data).replace(b"</sheetData>", b'<row r="3">' + cell.encode() + b"</row></sheetData>")
    if b"<x:" in xml:
        xml = xml.replace(
            b"<worksheet ",
            b'<worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ',
            1,
        )
    assert "trải tới ô XFD1048576" in refusal(
        rezip(data, replace={"xl/worksheets/sheet1.xml": xml}), "la.xlsx"
    )


def test_cells_without_a_reference_count_from_the_row_start():
    data = xlsx_cells([(0, 0, "Họ và tên")])
    implicit = b'<row r="2">' + b'<c t="inlineStr"><is><t>x</t></is></c>' * 300 + b"</row>"
    xml = _sheet_xml(data).replace(b"</sheetData>", implicit + b"</sheetData>")
    assert "trải tới ô KN2" in refusal(rezip(data, replace={"xl/worksheets/sheet1.xml": xml}), "ngam.xlsx")


def _sheet_xml(data: bytes) -> bytes:
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def test_too_many_cells_in_the_rectangle_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_CELLS", 100)
    message = refusal(xlsx_cells([(0, 0, "a"), (20, 10, "b")]), "o.xlsx")
    assert "21 dòng × 11 cột, quá 100 ô" in message


def test_too_many_rows_is_refused_before_reading(monkeypatch):
    message = refusal(xlsx_cells([(0, 0, "a"), (110_000, 0, "b")]), "dai.xlsx")
    assert "trải tới ô A110001" in message and "101.000 dòng" in message


def test_a_zip_that_inflates_past_the_budget_is_refused(monkeypatch):
    monkeypatch.setattr(sheet_bounds, "MAX_INFLATED_BYTES", 1 << 20)
    bomb = rezip(xlsx_cells([(0, 0, "a")]), add={"xl/padding.xml": b" " * (2 << 20)})
    assert len(bomb) < 20_000
    assert "dữ liệu giải nén vượt quá" in refusal(bomb, "bom.xlsx")


def test_a_zip_with_too_many_entries_is_refused():
    crowded = rezip(
        xlsx_cells([(0, 0, "a")]), add={f"x/{i}.xml": b"" for i in range(sheet_bounds.MAX_ZIP_ENTRIES)}
    )
    assert "quá nhiều thành phần" in refusal(crowded, "nhieu.xlsx")


@pytest.mark.parametrize("data", [b"not a zip at all", b"PK\x05\x06" + b"\x00" * 18, b"PK\x03\x04garbage"])
def test_a_damaged_file_gets_a_vietnamese_message(data):
    assert refusal(data, "hong.xlsx") == (
        "Không đọc được tệp “hong.xlsx”: tệp hỏng, có mật khẩu hoặc không đúng định dạng Excel."
    )


def test_a_bogus_dimension_does_not_matter():
    data = xlsx_cells([(0, 0, "Họ và tên"), (1, 0, "An")])
    bogus = rezip(data, replace={"xl/worksheets/sheet1.xml": _with_dimension(data, "A1:XFD1048576")})
    assert read_spreadsheet(bogus, "a.xlsx").rows == [["Họ và tên"], ["An"]]


def _with_dimension(data: bytes, ref: str) -> bytes:
    import io
    import re
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="%s"/>' % ref.encode(), xml)


def test_the_active_sheet_is_read_not_a_hidden_first_one():
    data = xlsx_cells([(0, 0, "Họ và tên"), (1, 0, "An")], sheets=("Cũ", "Dữ liệu"), active=1, hidden=[0])
    sheet = read_spreadsheet(data, "a.xlsx")
    assert (sheet.sheet_name, sheet.rows) == ("Dữ liệu", [["Họ và tên"], ["An"]])


def test_ods_files_are_bounded_and_their_active_table_is_read():
    data = ods({"Ẩn": ods_row("x"), "Dữ liệu": ods_row("Họ và tên") + ods_row("An")}, active="Dữ liệu")
    sheet = read_spreadsheet(data, "a.ods")
    assert (sheet.sheet_name, sheet.rows) == ("Dữ liệu", [["Họ và tên"], ["An"]])
    wide = ods({"S": ods_row("a", "b", repeat_last=16383)})
    assert "ô XFD1" in refusal(wide, "rong.ods")
    tall = ods({"S": ods_row("a") + ods_row("b", rows_repeated=1_048_000)})
    assert "ô A1048001" in refusal(tall, "dai.ods")
    empty_tail = ods({"S": ods_row("a") + '<table:table-row table:number-rows-repeated="1048570">'
                      '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'})  # fmt: skip
    assert read_spreadsheet(empty_tail, "a.ods").rows == [["a"]]


def test_old_xls_files_are_refused_with_the_way_out():
    assert "lưu lại dạng .xlsx" in refusal(b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "cu.xls")


def test_csv_files_are_bounded_in_columns_rows_and_cell_length(monkeypatch):
    assert "dòng 2 có 16.384 cột, quá giới hạn 200 cột" in refusal(
        ("a;b\n" + ";" * 16383 + "\n").encode(), "rong.csv"
    )
    assert "có ô dài quá 32.767 ký tự" in refusal(b'a;b\n"' + b"x" * 40_000 + b'";c\n', "dai.csv")
    assert "có hơn 3 dòng" in _refusal_rows(b"a\nb\nc\nd\ne\n" * 1000)


def _refusal_rows(data: bytes) -> str:
    with pytest.raises(SpreadsheetError) as caught:
        read_spreadsheet(data, "dai.csv", max_rows=3)
    return caught.value.message


def test_the_parsed_rows_are_staged_and_read_back_alike(settings, tmp_path):
    settings.UPLOAD_STAGING_DIR = str(tmp_path)
    sheet = spreadsheet.Sheet(
        "a.xlsx",
        [["Họ và tên", "Ngày"], ["An", date(1990, 1, 2)], [1.0, datetime(2024, 1, 1, 8, 30)], [True, ""]],
        sheet_name="Dữ liệu",
    )
    token = spreadsheet.stage_sheet(sheet)
    assert list((tmp_path / "imports").iterdir()) == [tmp_path / "imports" / f"{token}.json"]
    assert spreadsheet.load_staged_sheet(token) == sheet
    spreadsheet.discard_staged_sheet(token)
    with pytest.raises(ServiceError, match="hết hạn"):
        spreadsheet.load_staged_sheet(token)
    with pytest.raises(ServiceError, match="không hợp lệ"):
        spreadsheet.load_staged_sheet("../../etc/passwd")


def test_a_hidden_active_tab_falls_back_to_the_first_visible_sheet():
    data = xlsx_cells([(0, 0, "Họ và tên")], sheets=("Ẩn", "Hiện"), on_sheet=1)
    import io
    import zipfile

    workbook = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml")
    hidden = workbook.replace('<sheet name="Ẩn"'.encode(), '<sheet name="Ẩn" state="hidden"'.encode())
    sheet = read_spreadsheet(rezip(data, replace={"xl/workbook.xml": hidden}), "a.xlsx")
    assert (sheet.sheet_name, sheet.rows) == ("Hiện", [["Họ và tên"]])


@pytest.mark.parametrize(
    "xml, extent",
    [
        (
            b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><v>2</v></c></row>'
            b'<row r="7"><c r="B7" s="1"/><c r="AB7"><v>1</v></c><c r="XFD9" s="2"/></row>',
            (7, 28),
        ),
        (b'<row r="1"><c r="A1"><v>0</v></c></row><row r="2"><c r="D2" s="1"/></row>', (1, 1)),
        (b'<row r="3"><c r="B3"><v>1</v></c></row><row r="1"><c r="A900"><v>1</v></c></row>', (900, 2)),
        (
            b'<row r="1"><c r="H99"><v>1</v></c><c r="A100"><v>1</v></c><c r="C120"><v>1</v></c>'
            b'<c r="B12"><v>1</v></c><c r="D119"><v>1</v></c></row>',
            (120, 8),
        ),  # fmt: skip
        (b'<row r="1"><c r="A1"><v>0</v></c><c r="B0999"><v>1</v></c></row>', (999, 2)),
        (b'<row r="1"><c r="A1"><v>0</v></c><c t="s"><v>1</v></c></row>', (1, 2)),  # no r: general walk
        (b'<x:row r="1"><x:c r="E1"><x:v>0</x:v></x:c></x:row>', (1, 5)),
    ],
)
def test_the_fast_bounds_walk_agrees_with_the_tag_walk(xml, extent):
    """The common spelling is read by C-speed patterns; formatting-only cells never count, whatever the
    order of rows; any other spelling takes the general walk."""
    columns: dict[bytes, int] = {}
    fast = sheet_bounds._fast_extent(xml, columns)
    general_rows = general_cols = 0
    row = col = 0
    for kind, letters, digits, closed in sheet_bounds._tags(xml):
        if kind == b"row":
            row, col = (int(digits) if digits else row + 1), 0
            continue
        col = sheet_bounds._column_number(letters.decode()) if letters else col + 1
        row = int(digits) if digits else row
        if not closed:
            general_rows, general_cols = max(general_rows, row), max(general_cols, col)
    assert (general_rows, general_cols) == extent
    assert fast is None or fast == extent
    assert (fast is None) == (b"<c t=" in xml or b"x:c" in xml)


@pytest.mark.parametrize(
    "xml, extent",
    [
        (
            b'<row r="1"><c r="H99"><v>1</v></c><c r="A100"><v>1</v></c><c r="Z5"><v>1</v></c></row>',
            (100, 26),
        ),
        (
            b'<row r="9"><c r="B9"><v>1</v></c><c r="C1000001"><v>1</v></c><c r="A999999"><v>1</v></c></row>',
            (1000001, 3),
        ),  # fmt: skip
        (b'<row r="1"><c r="A1"><v>0</v></c><c r="AA1"><v>1</v></c></row>', None),  # past Z: the other walk
        (b'<row r="1"><c r="A1"><v>0</v></c><c r="B0999"><v>1</v></c></row>', None),  # a leading zero
    ],
)
def test_a_narrow_sheet_is_measured_from_its_references_alone(xml, extent):
    """Columns A to Z: the last column is the largest reference, the last row the largest number among
    the longest references, whatever their order."""
    assert sheet_bounds._narrow_extent(xml, xml.count(b"<c ")) == extent
