"""Benchmark: what reading an upload costs, hostile or legitimate (peak memory and time, each case in
a fresh process so that peaks do not mix).

.venv/bin/python bench/spreadsheets.py
"""

import io
import json
import subprocess
import sys
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent

# One case: read the bytes on stdin the way the given mode does; print seconds and peak RSS.
_CASE = """
import json, sys, time
sys.path.insert(0, {root!r})
from django.conf import settings
settings.configure(UPLOAD_STAGING_DIR={staging!r})
data = sys.stdin.buffer.read()
def peak_mb():  # VmHWM starts afresh at exec, unlike ru_maxrss, which keeps the forking parent's peak
    line = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
    return round(int(line.split()[1]) / 1024, 1)
base = peak_mb()
start = time.perf_counter()
outcome = ""
if {mode!r} == "calamine":  # what the importer did before: build the whole range
    from python_calamine import CalamineWorkbook
    sheet = CalamineWorkbook.from_filelike(__import__("io").BytesIO(data)).get_sheet_by_index(0)
    outcome = f"{{sheet.height}} x {{sheet.width}} cells built"
else:
    from lamtheo.lib import spreadsheet
    try:
        sheet = spreadsheet.read_spreadsheet(data, "bench.xlsx")
        outcome = f"read {{len(sheet.rows)}} rows"
        if {mode!r} == "stage":
            token = spreadsheet.stage_sheet(sheet)
            staged = time.perf_counter()
            spreadsheet.load_staged_sheet(token)
            outcome += f"; staged rows read back in {{time.perf_counter() - staged:.2f}} s"
    except spreadsheet.SpreadsheetError as exc:
        outcome = "refused: " + exc.message[:90]
print(json.dumps({{"seconds": round(time.perf_counter() - start, 2),
                  "peak_mb": peak_mb(), "before_reading_mb": base, "outcome": outcome}}))
"""


def far_cell(row: int, col: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Dữ liệu")
    sheet.write(0, 0, "Họ và tên")
    sheet.write(row, col, "x")
    book.close()
    return buffer.getvalue()


def members_file(rows: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Dữ liệu")
    header = ["Họ và tên", "Mã đơn vị", "Giới tính", "Ngày sinh", "Dân tộc", "Số CCCD", "Số điện thoại",
              "Ngày vào công đoàn", "Chức vụ", "Ghi chú", "Địa chỉ", "Email"]  # fmt: skip
    sheet.write_row(0, 0, header)
    for i in range(1, rows + 1):
        sheet.write_row(i, 0, [f"Nguyễn Văn Người {i}", "CDCS-0001", "Nam", "01/02/1990", "Kinh",
                               f"0010900{i:05d}", f"09{i:08d}", "01/03/2015", "Công nhân", "", "Bình Dương", ""])  # fmt: skip
    book.close()
    return buffer.getvalue()


def run(mode: str, data: bytes, staging: str) -> dict:
    code = _CASE.format(root=str(ROOT), staging=staging, mode=mode)
    child = subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, timeout=600)
    if child.returncode:
        return {"outcome": f"process died (exit {child.returncode})", "stderr": child.stderr.decode()[-200:]}
    return json.loads(child.stdout)


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as staging:
        cases = [
            ("XFD1048576 only, guarded", "read", far_cell(1048575, 16383)),
            ("XFD3000 only, guarded", "read", far_cell(2999, 16383)),
            ("XFD300 only, calamine alone (before)", "calamine", far_cell(299, 16383)),
            ("XFD3000 only, calamine alone (before)", "calamine", far_cell(2999, 16383)),
            ("49.999 rows x 12 columns, calamine alone", "calamine", members_file(49_999)),
            ("49.999 rows x 12 columns, read (bounds + calamine)", "read", members_file(49_999)),
            ("49.999 rows x 12 columns, read + staged + read back", "stage", members_file(49_999)),
        ]
        for label, mode, data in cases:
            result = run(mode, data, staging)
            print(f"{label:<52} {len(data) / 1024:>8.1f} KB  {json.dumps(result, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
