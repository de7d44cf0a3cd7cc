"""Benchmark of the unit picker's search (org:unit_search) among 5,000 units, for a province officer.

    .venv/bin/python bench/unit_picker.py [--units 5000] [--runs 20]

SQLite by default, in a fresh file under var/bench/ (removed afterwards); with DATABASE_URL set (e.g.
`bash scripts/with_postgres.sh .venv/bin/python bench/unit_picker.py`) on that empty PostgreSQL database.
The tree comes from bench/tree_members.py's generator (no members: the search does not read them). Each
query is sent through Django's test client as the browser sends it, login and middleware included, and
the median time of `--runs` requests is printed with the query count. Budget: under 100 ms.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What an officer types: a few letters without accents, a code, a word matching thousands, no match.
QUERIES = [
    ("gõ 3 chữ số", {"q": "123"}),
    ("tên đầy đủ, không dấu", {"q": "NAME"}),
    ("mã đơn vị", {"q": "b-g004"}),
    ("một từ khớp hàng nghìn đơn vị", {"q": "cong doan"}),
    ("mở danh sách (chưa gõ)", {}),
    ("chỉ CĐCS, không khớp", {"q": "khong co", "kind": "grassroots"}),
    ("cấp trên, trừ một nhánh", {"q": "xa", "kind": "upper", "not_under": "7"}),
    ("đơn vị cùng hợp nhất", {"q": "thu tai", "peers_of": "PEER"}),
]


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from bench.scratch import scratch_database

    p = argparse.ArgumentParser(description="Thử tải: tìm đơn vị trong ô chọn đơn vị.")
    p.add_argument("--units", type=int, default=5_000)
    p.add_argument("--runs", type=int, default=20)
    args = p.parse_args(argv)
    with scratch_database("unit_picker"):
        from django.db import connection, reset_queries
        from django.test import Client
        from django.test.utils import override_settings
        from django.urls import reverse

        from accounts.models import Role
        from accounts.scoping import SYSTEM
        from accounts.services import create_user_with_assignment
        from bench.config import Config
        from bench.tree_members import analyze, build_tree, insert_tree, reset_sequences
        from lamtheo.lib.text import fold
        from org import closure
        from org.models import Unit

        tree = build_tree(Config(units=args.units), random.Random(20260331))
        from django.db import transaction

        with transaction.atomic():
            insert_tree(tree)
        closure.rebuild()
        reset_sequences()
        analyze()
        province = Unit.objects.get(pk=tree.large)
        user, _ = create_user_with_assignment(
            SYSTEM, username="bench-picker", password="x", unit=province, role=Role.FEDERATION_STAFF
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = reverse("org:unit_search")
        peer = str(tree.grassroots[tree.large][0])
        name = fold(Unit.objects.get(pk=tree.grassroots[tree.large][100]).name)
        print(f"Cơ sở dữ liệu: {connection.vendor}; {Unit.objects.count():,} đơn vị; cán bộ {province.name}")
        print(f"{'truy vấn':<34} {'tham số':<46} {'trung vị':>9} {'max':>8} {'SQL':>4} {'kết quả':>7}")
        worst = 0.0
        with override_settings(DEBUG=True):  # to count the SQL queries
            for label, params in QUERIES:
                params = {k: {"PEER": peer, "NAME": name}.get(v, v) for k, v in params.items()}
                client.get(url, params)  # warm the caches once
                times = []
                for _ in range(args.runs):
                    reset_queries()
                    started = time.perf_counter()
                    response = client.get(url, params)
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.status_code
                n_sql = len(connection.queries)
                found = len(response.json()["results"])
                median = statistics.median(times)
                worst = max(worst, median)
                shown = "&".join(f"{k}={v}" for k, v in params.items()) or "—"
                print(f"{label:<34} {shown:<46} {median:>7.1f}ms {max(times):>6.1f}ms {n_sql:>4} {found:>7}")
        print(
            f"\nChậm nhất (trung vị): {worst:.1f} ms — mục tiêu dưới 100 ms: {'ĐẠT' if worst < 100 else 'CHƯA ĐẠT'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
