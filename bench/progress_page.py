"""Benchmark: the directive progress page of a province officer at province scale.

.venv/bin/python bench/progress_page.py [--units N]   (SQLite, a fresh file under var/bench/)
With DATABASE_URL set (scripts/with_postgres.sh) it runs on that empty PostgreSQL database.

Builds the synthetic tree of bench/tree_members.py (no members), issues one federation letter with five
tasks to the large province's upper-grassroots unions, relays each to their grassroots unions (bulk
inserts: a benchmark, not a service), with a mix of statuses, then fetches the progress page as the
province's officer: the unit × task matrix (unfiltered, late units only, a later page), the list of
assignments (late, a later page), the matrix's .xlsx export (every unit) and the province's home page.
Prints time, query count and response size.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ["assigned", "acknowledged", "relayed", "done"]


def build(units: int):
    from django.utils import timezone

    from accounts.models import Role
    from accounts.scoping import SYSTEM, Actor
    from accounts.services import create_user_with_assignment
    from bench.config import Config
    from bench.tree_members import build_tree, insert_tree, reset_sequences
    from directives.models import Directive, DirectiveTask, TaskAssignment
    from documents.fields import DocumentFields, Section
    from documents.services import issue_document, save_draft
    from org import closure
    from org.models import Unit

    rng = random.Random(20260331)
    tree = build_tree(Config(units=units, members=0), rng)
    insert_tree(tree)
    closure.rebuild()
    reset_sequences()
    province = Unit.objects.get(pk=tree.large)
    Unit.objects.filter(pk=province.pk).update(issuer_code="LĐLĐ")
    province.refresh_from_db()
    user, _ = create_user_with_assignment(
        SYSTEM, username="bench-tinh", password="bench-matkhau-1", unit=province, role=Role.FEDERATION_STAFF
    )
    actor = Actor(user=user, unit_id=province.pk, role=Role.FEDERATION_STAFF)
    fields = DocumentFields(
        kind="cong_van", subject="thử tải tiến độ nhiệm vụ", date=date(2026, 1, 5),
        sections=[Section(level=2, number=str(i), title="", paragraphs=[f"Nhiệm vụ thử tải {i}"]) for i in range(1, 6)],
    )  # fmt: skip
    doc = issue_document(
        actor,
        document=save_draft(actor, fields=fields, issuer_unit=province, drafting_code="VP"),
        make_pdf=False,
    )
    directive = Directive.objects.create(document=doc, issuer_unit=province)
    tasks = [DirectiveTask.objects.create(directive=directive, order=i, text=f"Nhiệm vụ thử tải {i}",
                                          deadline=date(2026, 3, 31)) for i in range(1, 6)]  # fmt: skip
    at = timezone.make_aware(datetime(2026, 3, 20, 9))
    late_at = timezone.make_aware(datetime(2026, 4, 10, 9))
    uppers = tree.uppers[tree.large]
    rows = [TaskAssignment(task=t, unit_id=u, due_date=t.deadline, status="relayed", relayed_at=at)
            for t in tasks for u in uppers]  # fmt: skip
    TaskAssignment.objects.bulk_create(rows, batch_size=1000)
    parents = {(a.task_id, a.unit_id): a.pk for a in TaskAssignment.objects.filter(task__directive=directive)}
    below = []
    for t in tasks:
        for u in uppers:
            for g in tree.children[u]:
                status = rng.choice(STATUSES)
                done_at = (at if rng.random() < 0.7 else late_at) if status == "done" else None
                below.append(TaskAssignment(task=t, unit_id=g, due_date=t.deadline, status=status, done_at=done_at,
                                            parent_assignment_id=parents[(t.pk, u)], report_note="Đã thực hiện."
                                            if done_at else ""))  # fmt: skip
    TaskAssignment.objects.bulk_create(below, batch_size=1000)
    return user, directive, TaskAssignment.objects.filter(task__directive=directive).count()


def measure(user, directive, runs: int) -> list[tuple[str, float, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("directives:progress", args=[directive.pk])
    export = reverse("directives:progress_export", args=[directive.pk])
    out = []
    for label, address, params in (
        ("bảng đơn vị", url, {}),
        ("bảng trễ hạn", url, {"late": "1"}),
        ("bảng trang 40", url, {"page": "40"}),
        ("lượt giao trễ", url, {"xem": "luot-giao", "status": "late"}),
        ("lượt giao tr.40", url, {"xem": "luot-giao", "page": "40"}),
        ("xuất Excel", export, {}),
        ("trang chủ", "/", {}),
    ):
        times = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(address, params)
                body = b"".join(response.streaming_content) if response.streaming else response.content
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        out.append((label, statistics.median(times), len(ctx.captured_queries), len(body)))
    return out


def main() -> int:
    sys.path.insert(0, str(ROOT))
    p = argparse.ArgumentParser(description="Thử tải trang tiến độ nhiệm vụ của cán bộ tỉnh.")
    p.add_argument("--units", type=int, default=5_000)
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    from bench.scratch import scratch_database

    with scratch_database("progress"):
        from django.conf import settings
        from django.db import connection

        settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="lamtheo-bench-")
        settings.ALLOWED_HOSTS = ["testserver"]
        user, directive, n = build(args.units)
        print(f"Cơ sở dữ liệu: {connection.vendor}; {args.units:,} đơn vị; {n:,} lượt giao của một văn bản")
        print(f"{'trang':<16}{'trung vị ms':>12}{'truy vấn':>10}{'byte':>14}")
        for label, ms, queries, size in measure(user, directive, args.runs):
            print(f"{label:<16}{ms:>12.1f}{queries:>10}{size:>14,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
