"""Benchmark: the first indicators of a province per year over five years, from the engine and raw.

    .venv/bin/python bench/indicators.py --units 500 --members 50000      # a quick run (SQLite)
    bash scripts/with_postgres.sh .venv/bin/python bench/indicators.py     # PostgreSQL, full size

Builds the synthetic tree of bench/tree_members.py in an empty database (a fresh SQLite file unless
DATABASE_URL is set), then times, for the large province, `indicators.engine.compute` (value and by_year)
and `by_child` for units_grassroots_by_sector and members_by_sector over 2021–2025, against the same
member counts made straight from the rows (bench.tree_members.count_subtree, one per year). The totals
must agree or the run fails. Prints a table; medians of --runs runs.
"""

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import scratch_database

    p = argparse.ArgumentParser(description="Thử tải: chỉ tiêu của một tỉnh theo năm.")
    p.add_argument("--units", type=int, default=5_000)
    p.add_argument("--members", type=int, default=1_500_000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args(argv)
    with scratch_database("indicators"):
        from django.db import connection, transaction

        from accounts.scoping import SYSTEM
        from bench import tree_members as tm
        from bench.config import Config
        from indicators import engine, registry
        from org import closure

        cfg = Config(units=args.units, members=args.members)
        rng = random.Random(cfg.seed)
        tree = tm.build_tree(cfg, rng)
        with transaction.atomic():
            tm.insert_tree(tree)
        closure.rebuild()
        tm.insert_members(cfg, tree, rng)
        tm.reset_sequences()
        tm.analyze()
        province = tree.large
        window = engine.window_for(date(2021, 1, 1), date(2026, 1, 1))

        def timed(fn):
            runs, result = [], None
            for _ in range(args.runs):
                t0 = time.perf_counter()
                result = fn()
                runs.append((time.perf_counter() - t0) * 1000)
            return statistics.median(runs), result

        rows, failed = [], False
        members = registry.get("members_by_sector")
        for code in ("units_grassroots_by_sector", "members_by_sector"):
            ind = registry.get(code)
            ms, fig = timed(lambda ind=ind: engine.compute(SYSTEM, ind, province, window))
            rows.append((f"{code}: tổng và theo năm 2021–2025", ms))
            ms, _ = timed(lambda ind=ind: engine.by_child(SYSTEM, ind, province, window))
            rows.append((f"{code}: theo đơn vị trực thuộc", ms))
            if ind is members:
                engine_years = {y: engine.total_of(v) for y, v in fig.by_year.items()}
        ms, raw = timed(lambda: {y: tm.count_subtree(province, date(y, 12, 31)) for y in range(2021, 2026)})
        rows.append(("đếm thô đoàn viên (JOIN bao đóng), 5 năm", ms))
        failed = raw != engine_years
        print(f"Cơ sở dữ liệu: {connection.vendor}; {args.units:,} đơn vị, {args.members:,} đoàn viên")
        for label, ms in rows:
            print(f"  {label:<60} {ms:>9.1f} ms")
        print(f"  đoàn viên theo năm: engine {engine_years} / thô {raw} — {'KHÁC' if failed else 'khớp'}")
        return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
