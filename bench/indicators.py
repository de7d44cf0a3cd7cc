"""Benchmark: the first indicators of a province per year over five years, with the breakdown by child.

    .venv/bin/python bench/indicators.py --units 500 --members 50000      # a quick run (SQLite)
    .venv/bin/python bench/indicators.py                                   # SQLite, full size
    bash scripts/with_postgres.sh .venv/bin/python bench/indicators.py     # PostgreSQL, full size

Builds the synthetic tree of bench/tree_members.py (5,000 units, 1,500,000 members, one large province)
in an empty database (bench/scratch.py), builds the summary rows (rebuild_indicators, timed), then times
for the large province, over 2021–2025, units_grassroots_by_sector and members_by_sector: the total, each
year and the breakdown by child unit (engine.compute + engine.by_child), three ways:

- the engine from its summary rows (what users get);
- the engine counting the records directly (its own fallback path);
- DuckDB over the same rows exported to Parquet (units, memberships, closure): the machine's limit for a
  raw scan of the records.

All three must agree (exit 1 if not). Prints a table; writes bench/results/indicators-<db>[-size].json.
"""

import argparse
import csv
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2021, 2026)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import scratch_database

    p = argparse.ArgumentParser(description="Thử tải: chỉ tiêu của một tỉnh theo năm.")
    p.add_argument("--units", type=int, default=5_000)
    p.add_argument("--members", type=int, default=1_500_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--raw-runs", type=int, default=1, help="lần đo đường đếm trực tiếp (chậm)")
    args = p.parse_args(argv)
    with scratch_database("indicators"):
        return run(args)


def timed(fn, runs: int):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def run(args) -> int:
    from django.db import connection, transaction

    from accounts.scoping import SYSTEM
    from bench import tree_members as tm
    from bench.config import Config
    from indicators import engine, registry, summary
    from org import closure

    cfg = Config(units=args.units, members=args.members)
    rng = random.Random(cfg.seed)
    t0 = time.perf_counter()
    tree = tm.build_tree(cfg, rng)
    with transaction.atomic():
        tm.insert_tree(tree)
    closure.rebuild()
    tm.insert_members(cfg, tree, rng)
    tm.reset_sequences()
    generate_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows_written = summary.rebuild(["units_grassroots_by_sector", "members_by_sector"])
    with connection.cursor() as cursor:  # VACUUM builds the visibility map PostgreSQL's index-only scans need
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    rebuild_s = time.perf_counter() - t0
    province = tree.large
    window = engine.window_for(date(YEARS[0], 1, 1), date(YEARS[-1] + 1, 1, 1))
    codes = ("units_grassroots_by_sector", "members_by_sector")

    def figures():
        out = {}
        for code in codes:
            ind = registry.get(code)
            fig = engine.compute(SYSTEM, ind, province, window)
            kids = engine.by_child(SYSTEM, ind, province, window)
            out[code] = {
                "total": engine.total_of(fig.value),
                "by_year": {y: engine.total_of(v) for y, v in fig.by_year.items()},
                "by_child": {k: engine.total_of(v) for k, v in kids.items() if engine.total_of(v)},
            }
        return out

    rows: list[tuple[str, float]] = []
    ms_summary, fast = timed(figures, args.runs)
    rows.append(("engine, dòng tổng hợp", ms_summary))
    with mock.patch.object(engine, "_summarised", lambda ind: False):
        ms_raw, slow = timed(figures, args.raw_runs)
    rows.append(("engine, đếm trực tiếp bản ghi (JOIN bao đóng)", ms_raw))
    export_s, ms_duck, duck = duckdb_figures(province, args.runs)
    rows.append(("DuckDB trên Parquet (quét bản ghi)", ms_duck))
    agree = _norm(fast) == _norm(slow) == _norm(duck)

    vendor = connection.vendor
    print(f"Cơ sở dữ liệu: {vendor}; {args.units:,} đơn vị, {args.members:,} đoàn viên; máy: "
          f"{os.cpu_count()} lõi ({platform.machine()}), dùng chung")  # fmt: skip
    print(f"  sinh dữ liệu {generate_s:.1f} s; dựng dòng tổng hợp {rebuild_s:.1f} s ({rows_written}); "
          f"xuất Parquet {export_s:.1f} s")  # fmt: skip
    print("  2 chỉ tiêu × (tổng + 5 năm + theo đơn vị trực thuộc), tỉnh lớn, trung vị:")
    for label, ms in rows:
        print(f"    {label:<50} {ms:>9.1f} ms")
    print(
        f"  DuckDB / engine: {ms_duck / ms_summary:.1f}×; trần 1 s: {'đạt' if ms_summary < 1000 else 'VƯỢT'}"
    )
    print(f"  đoàn viên theo năm: {fast['members_by_sector']['by_year']} — {'khớp' if agree else 'KHÁC'}")
    size = "" if (args.units, args.members) == (5_000, 1_500_000) else f"-{args.units}u-{args.members}m"
    out = ROOT / "bench" / "results" / f"indicators-{vendor}{size}.json"
    out.write_text(
        json.dumps(
            {
                "database": vendor,
                "units": args.units,
                "members": args.members,
                "cpus": os.cpu_count(),
                "machine": "shared with other work",
                "generate_s": round(generate_s, 1),
                "rebuild_s": round(rebuild_s, 1),
                "summary_rows": rows_written,
                "parquet_export_s": round(export_s, 1),
                "median_ms": {label: round(ms, 1) for label, ms in rows},
                "duckdb_over_engine": round(ms_duck / ms_summary, 1),
                "agree": agree,
                "figures": _norm(fast),
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    print(f"  → {out.relative_to(ROOT)}")
    return 0 if agree else 1


def _norm(figs: dict) -> dict:
    return {
        code: {
            "total": int(f["total"]),
            "by_year": {str(y): int(v) for y, v in sorted(f["by_year"].items())},
            "by_child": {str(k): int(v) for k, v in sorted(f["by_child"].items(), key=lambda kv: str(kv[0]))},
        }
        for code, f in figs.items()
    }


def duckdb_figures(province: int, runs: int):
    """Export units, memberships and closure to Parquet (through CSV files written from the database's
    cursor), then count the same figures with DuckDB scanning those rows."""
    import duckdb
    from django.db import connection

    from members.models import Membership
    from org.models import GRASSROOTS_KINDS, Unit, UnitClosure, UnitLink

    tmp = Path(tempfile.mkdtemp(prefix="lamtheo-duck-"))
    t0 = time.perf_counter()
    tables = {
        "m": (Membership, ["unit_id", "valid_from", "valid_to"]),
        "u": (Unit, ["id", "kind", "sector", "valid_from", "valid_to"]),
        "c": (UnitClosure, ["ancestor_id", "descendant_id", "depth", "valid_from", "valid_to"]),
        "l": (UnitLink, ["child_id", "parent_id", "valid_from", "valid_to"]),
    }
    con = duckdb.connect()
    for name, (model, cols) in tables.items():
        path = tmp / f"{name}.csv"
        with connection.cursor() as cursor, path.open("w", newline="") as fh:
            cursor.execute(f"SELECT {', '.join(cols)} FROM {connection.ops.quote_name(model._meta.db_table)}")
            writer = csv.writer(fh)
            writer.writerow(cols)
            while batch := cursor.fetchmany(50_000):
                writer.writerows(batch)
        con.execute(
            f"COPY (SELECT * FROM read_csv_auto('{path}')) TO '{tmp / name}.parquet' (FORMAT parquet)"
        )
        path.unlink()
    export_s = time.perf_counter() - t0
    for name in tables:
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{tmp / name}.parquet')")
    end = date(YEARS[-1] + 1, 1, 1)
    last = end - timedelta(days=1)
    kinds = ", ".join(f"'{k}'" for k in GRASSROOTS_KINDS)
    days = {y: date(y, 12, 31) for y in YEARS}

    def state(records: str, on: date) -> int:
        return con.execute(
            f"SELECT count(*) FROM ({records}) r JOIN c ON c.descendant_id = r.unit_id "
            "WHERE c.ancestor_id = ? AND c.valid_from <= ? AND c.valid_to > ? AND r.valid_from <= ? AND r.valid_to > ?",
            [province, on, on, on, on],
        ).fetchone()[0]

    def by_child(records: str, on: date) -> dict:
        rows = con.execute(
            f"SELECT k.ancestor_id, count(*) FROM ({records}) r JOIN c ON c.descendant_id = r.unit_id "
            "JOIN c k ON k.descendant_id = r.unit_id AND k.depth = c.depth - 1 AND k.valid_from <= ? AND k.valid_to > ? "
            "WHERE c.ancestor_id = ? AND c.valid_from <= ? AND c.valid_to > ? AND r.valid_from <= ? AND r.valid_to > ? "
            "GROUP BY 1",
            [on, on, province, on, on, on, on],
        ).fetchall()
        return dict(rows)

    sources = {
        "units_grassroots_by_sector": f"SELECT id AS unit_id, sector, valid_from, valid_to FROM u WHERE kind IN ({kinds})",
        "members_by_sector": "SELECT m.unit_id, u.sector, m.valid_from, m.valid_to FROM m JOIN u ON u.id = m.unit_id",
    }

    def figures():
        out = {}
        for code, records in sources.items():
            out[code] = {
                "total": state(records, last),
                "by_year": {y: state(records, d) for y, d in days.items()},
                "by_child": by_child(records, last),
            }
        return out

    ms, result = timed(figures, runs)
    for f in tmp.iterdir():
        f.unlink()
    tmp.rmdir()
    return export_s, ms, result


if __name__ == "__main__":
    raise SystemExit(main())
