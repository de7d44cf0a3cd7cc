"""Entry point of `make bench`: .venv/bin/python bench/run.py [--units N] [--members N] ...

SQLite by default, in a fresh file under var/bench/ (removed afterwards unless --keep). With
DATABASE_URL set (e.g. `bash scripts/with_postgres.sh .venv/bin/python bench/run.py`) it runs on that
PostgreSQL database instead, which must be empty. Results: a table on stdout and
bench/results/tree_members-<db>.json (a suffix with the size when not at full scale).
"""

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    from bench.config import Config

    d = Config()
    p = argparse.ArgumentParser(description="Thử tải: đếm đoàn viên theo cây đơn vị có lịch sử.")
    p.add_argument("--units", type=int, default=d.units, help=f"số đơn vị (mặc định {d.units:,})")
    p.add_argument("--members", type=int, default=d.members, help=f"số đoàn viên (mặc định {d.members:,})")
    p.add_argument("--provinces", type=int, default=d.provinces)
    p.add_argument("--large-share", type=float, default=d.large_share)
    p.add_argument("--moves", type=int, default=d.moves, help="số CĐCS chuyển trong bước sắp xếp")
    p.add_argument("--runs", type=int, default=d.runs, help="số lần đo mỗi truy vấn (lấy trung vị)")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--keep", action="store_true", help="giữ lại tệp SQLite sau khi đo")
    p.add_argument("--out", help="đường dẫn tệp JSON kết quả")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    args = parse(argv)
    from bench.config import Config
    from bench.scratch import scratch_database

    cfg = Config(units=args.units, members=args.members, provinces=args.provinces, large_share=args.large_share,
                 moves=args.moves, runs=args.runs, seed=args.seed)  # fmt: skip
    started = time.perf_counter()
    with scratch_database("tree_members", keep=args.keep):
        from django.db import connection

        from bench.tree_members import run, table

        print(f"Cơ sở dữ liệu: {connection.vendor}", flush=True)
        result = run(cfg, log=lambda s: print("  " + s, flush=True))
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["finished_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    result["command"] = " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])])
    print()
    print(table(result))
    print(f"\nTổng thời gian: {result['wall_s']} s")
    db = "sqlite" if result["db"] == "sqlite" else "postgresql"
    full = (cfg.units, cfg.members) == (Config().units, Config().members)
    name = f"tree_members-{db}.json" if full else f"tree_members-{db}-{cfg.units}u-{cfg.members}m.json"
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Kết quả: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if all(result["checks"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
