"""Benchmark: importing 100,000 members from one .xlsx, against python-calamine parsing the same file alone,
in the same run (issue #11: within 3×).

.venv/bin/python bench/import_members.py [--rows 100000]
bash scripts/with_postgres.sh .venv/bin/python bench/import_members.py

The file is a hand-made union list (title rows, a two-row merged header, column numbers, a signature
block), no unit column: the rows go to the chosen union. Timed: calamine alone (open + every cell), then
the import as the wizard's background job runs it (read with the bounds guard, layout and encoding
detection; every row validated against the database again; new members and memberships inserted with
executemany in one transaction, recorded by the import's one audit event). The wizard's preview before the
confirm (run as a background job for a file this large) is timed apart. A second reference, measured in
the same run before the import: the database alone writing the same rows (database_alone_s), and the
floor under any import of them, the member rows into a bare copy of the table (bare_write_s). Writes
bench/results/import_members-<db>.json.
"""

import argparse
import io
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scratch import scratch_database  # noqa: E402

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Hữu", "Minh", "Thu", "Đức", "Ngọc", "Quang"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quế",
    "Sơn",
]


def members_xlsx(rows: int) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    page = book.add_worksheet("Danh sách")
    page.write_row(
        0, 0, ["LIÊN ĐOÀN LAO ĐỘNG TỈNH THỬ NGHIỆM", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    )
    page.write_row(1, 0, ["DANH SÁCH ĐOÀN VIÊN NĂM 2026"])
    page.write_row(
        2, 0, ["STT", "Họ và tên", "Năm sinh", "", "Căn cước công dân", "", "Số điện thoại", "Chức vụ"]
    )
    page.write_row(3, 0, ["", "", "Nam", "Nữ", "Số", "Ngày cấp", "", ""])
    page.write_row(4, 0, [f"({i})" for i in range(1, 9)])
    for i in range(1, rows + 1):
        name = f"{FAMILY[i % 12]} {MIDDLE[i % 8]} {GIVEN[i % 14]} {i}"
        born = f"{1 + i % 28}/{1 + i % 12}/{1960 + i % 40}"
        male = i % 2 == 0
        cccd = f"0{i % 90 + 1:02d}{0 if male else 1}{60 + i % 40:02d}{i:06d}"
        row = 4 + i
        page.write_number(row, 0, i)
        page.write_string(row, 1, name)
        page.write_string(row, 2 if male else 3, born)
        page.write_string(row, 4, cccd)
        page.write_string(row, 5, "01/07/2021")
        page.write_number(row, 6, 900000000 + i)  # a numeric cell: its 0 restored
        page.write_string(row, 7, "Công nhân")
    page.write_row(5 + rows, 0, [f"Tổng cộng: {rows} đoàn viên"])
    page.write_row(7 + rows, 5, ["TM. BAN CHẤP HÀNH"])
    page.write_row(8 + rows, 5, ["CHỦ TỊCH"])
    book.close()
    return buffer.getvalue()


def calamine_alone(data: bytes) -> tuple[float, int]:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    return time.perf_counter() - start, len(cells)


def database_alone(rows, runs: int = 2) -> float:
    """The database's own work on the same rows, timed alone: the member rows of the import inserted by
    its own statements into the same (empty) tables, with their first memberships and the commit; none
    of the reading, checking or building of rows. They are deleted afterwards (and the tables vacuumed),
    so that the import then writes into the same empty tables. The best of `runs`: the first one also
    grows SQLite's write-ahead log, which the import then reuses."""
    from django.db import connection, transaction

    from accounts.scoping import SYSTEM
    from audit.models import AuditEvent
    from audit.services import record
    from lamtheo.lib.dates import today
    from members.importing import member_values, write_member_rows

    best = float("inf")
    for _ in range(runs):
        event = record(SYSTEM, action=AuditEvent.Action.IMPORT, model="members.member", summary="Đối chứng")
        values = member_values(rows, event.pk)
        start = time.perf_counter()
        with transaction.atomic():
            write_member_rows(values, event.pk, today())
        best = min(best, time.perf_counter() - start)
        with connection.cursor() as cursor:
            with transaction.atomic():
                cursor.execute(
                    "DELETE FROM members_membership WHERE member_id IN "
                    "(SELECT id FROM members_member WHERE import_event_id = %s)",
                    [event.pk],
                )
                cursor.execute("DELETE FROM members_member WHERE import_event_id = %s", [event.pk])
            cursor.execute("VACUUM" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return best


def bare_write(rows) -> float:
    """The floor under any import of these rows: the same member rows (not their memberships) written by
    the import's own call (executemany; COPY on PostgreSQL) into a copy of the members table with no
    index, no key and no constraint, and committed."""
    from django.db import connection, transaction

    from members.importing import _MEMBER_COLUMNS, _insert_rows, member_insert, member_values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE TABLE bench_bare_member AS SELECT * FROM members_member WITH NO DATA")
        else:
            cursor.execute("CREATE TABLE bench_bare_member AS SELECT * FROM members_member WHERE 0")
        values = member_values(rows, 0)
        start = time.perf_counter()
        with transaction.atomic():
            _insert_rows(
                cursor, "bench_bare_member", _MEMBER_COLUMNS, member_insert("bench_bare_member"), values
            )
        took = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_bare_member")
    return took


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--profile", help="write a cProfile of the timed import (read + save) to this file")
    args = parser.parse_args()
    database = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    data = members_xlsx(args.rows)
    with scratch_database("import-members"):
        from accounts.scoping import SYSTEM
        from lamtheo.lib.spreadsheet import read_spreadsheet
        from members.importing import preview_members, save_members
        from members.models import Member
        from org.models import UnitKind
        from org.services import UnitSpec, create_unit

        root = create_unit(SYSTEM, spec=UnitSpec(code="TLD", name="Tổng Liên đoàn", kind=UnitKind.CONFEDERATION),
                           parent=None, on=date(2000, 1, 1))  # fmt: skip
        union = create_unit(SYSTEM, spec=UnitSpec(code="CDCS-1", name="Công đoàn cơ sở Thử", kind=UnitKind.GRASSROOTS),
                            parent=root, on=date(2000, 1, 1))  # fmt: skip

        parse_s, parsed_rows = calamine_alone(data)
        timings: dict[str, float] = {}
        # The wizard's preview (shown to the officer before the confirm; not part of the import).
        mark = time.perf_counter()
        preview = preview_members(SYSTEM, read_spreadsheet(data, "danh-sach.xlsx"), unit=union)
        timings["wizard_preview"] = time.perf_counter() - mark
        assert preview.errors == [], preview.errors[:3]
        timings["database_alone"] = database_alone(preview.rows)
        timings["bare_write"] = bare_write(preview.rows)
        # The import as the background job runs it: read the file, validate every row again, save. Its
        # worker need not be the one that ran the preview: the caches of folded words and sort keys
        # start empty.
        from lamtheo.lib import text

        text._fold_word.cache_clear()
        text.sort_key_part.cache_clear()
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        start = time.perf_counter()
        sheet = read_spreadsheet(data, "danh-sach.xlsx")
        timings["read"] = time.perf_counter() - start
        mark = time.perf_counter()
        checked: list[float] = []

        def progress(done: int, total: int) -> None:
            # The save's first half is the validation: its end is the first report at half the bar.
            if not checked and done * 2 >= total:
                checked.append(time.perf_counter())

        result = save_members(SYSTEM, sheet, unit=union, progress=progress)
        timings["validate_and_save"] = time.perf_counter() - mark
        timings["of_which_validate"] = checked[0] - mark
        timings["of_which_save"] = timings["validate_and_save"] - timings["of_which_validate"]
        total = time.perf_counter() - start
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(args.profile)
        assert result.create_count == args.rows and Member.objects.filter(unit=union).count() == args.rows
        again = time.perf_counter()
        second = preview_members(SYSTEM, read_spreadsheet(data, "danh-sach.xlsx"), unit=union)
        timings["same_file_again_preview"] = time.perf_counter() - again
        assert second.unchanged_count == args.rows

    out = {
        "database": database,
        "rows": args.rows,
        "file_kb": round(len(data) / 1024),
        "calamine_parse_s": round(parse_s, 2),
        "calamine_rows": parsed_rows,
        "import_s": round(total, 2),
        "ratio": round(total / parse_s, 2),
        "database_alone_ratio": round(timings["database_alone"] / parse_s, 2),
        "bare_write_ratio": round(timings["bare_write"] / parse_s, 2),
        "target_ratio": 3,
        **{f"{k}_s": round(v, 2) for k, v in timings.items()},
        "skipped_rows": len(preview.notes),
        "warnings": len(preview.warnings),
    }
    print(json.dumps(out, ensure_ascii=False))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    suffix = "" if args.rows == 100_000 else f"-{args.rows}"
    (results / f"import_members-{database}{suffix}.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
