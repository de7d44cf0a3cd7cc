"""Page benchmark: each main page's time and query count at province scale (issue 7, point 12).

    .venv/bin/python bench/pages.py                      # SQLite, 5,000 units, 1,500,000 members
    .venv/bin/python bench/pages.py --units 500 --members 50000 --runs 3   # a quick run
    bash scripts/with_postgres.sh .venv/bin/python bench/pages.py          # PostgreSQL
    .venv/bin/python bench/pages.py --keep var/bench/pages.sqlite3         # build once, keep the file
    .venv/bin/python bench/pages.py --reuse var/bench/pages.sqlite3        # measure a kept file again

It builds the province with bench/tree_members.py's generator (no reorganisation step), adds a
province officer and a grassroots chair, a directive addressed down the whole province, builds the
indicators engine's summary rows (rebuild_indicators, as in production; on a reused database only when
missing, or with --rebuild-summaries), then requests
each page through Django's test client (in process: no network, the template rendering included) as
both users. Budgets (issue 7): a province officer's page ≤ 300 ms on PostgreSQL, ≤ 1 s on SQLite.
The member export runs in the background: the page only starts it; the job itself is timed apart.
Results: a table on stdout and bench/results/pages-<db>[-size].json.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUDGET_MS = {"sqlite": 1000, "postgresql": 300}


def parse(argv: list[str] | None) -> argparse.Namespace:
    from bench.config import Config

    d = Config()
    p = argparse.ArgumentParser(description="Thử tải các trang chính ở quy mô một tỉnh.")
    p.add_argument("--units", type=int, default=d.units)
    p.add_argument("--members", type=int, default=d.members)
    p.add_argument("--runs", type=int, default=5, help="số lần đo mỗi trang (lấy trung vị)")
    p.add_argument("--seed", type=int, default=d.seed)
    p.add_argument("--keep", metavar="FILE", help="SQLite: dựng vào tệp này và giữ lại")
    p.add_argument("--reuse", metavar="FILE", help="SQLite: đo lại một tệp đã dựng bằng --keep")
    p.add_argument("--no-export", action="store_true", help="không chạy tác vụ xuất danh sách")
    p.add_argument(
        "--skip", action="append", default=[], metavar="PAGE", help="bỏ qua trang này (tên trong bảng JSON)"
    )
    p.add_argument("--out", help="đường dẫn tệp JSON kết quả")
    p.add_argument(
        "--rebuild-summaries",
        action="store_true",
        help="tính lại các dòng tổng hợp của chỉ tiêu dù đã có (như manage.py rebuild_indicators)",
    )
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    args = parse(argv)
    from bench.config import Config
    from bench.scratch import scratch_database

    cfg = Config(units=args.units, members=args.members, seed=args.seed)
    started = time.perf_counter()
    # A kept SQLite file (--keep, --reuse) or PostgreSQL may hold this benchmark's earlier build.
    reuse = bool(args.reuse) or bool(os.environ.get("DATABASE_URL"))
    with scratch_database("pages", keep=args.reuse or args.keep or False, reuse=reuse):
        from django.conf import settings
        from django.db import connection

        settings.ALLOWED_HOSTS = ["*"]
        built = _built()
        if built is None:
            if _has_units():
                print(
                    "Cơ sở dữ liệu đã có dữ liệu khác: thử tải chỉ chạy trên cơ sở dữ liệu trống.",
                    file=sys.stderr,
                )
                return 2
            print(f"Cơ sở dữ liệu: {connection.vendor} — dựng dữ liệu…", flush=True)
            build_seconds = build(cfg)
        else:
            print(f"Cơ sở dữ liệu: {connection.vendor} — dùng lại dữ liệu đã dựng", flush=True)
            build_seconds = None
        summaries_seconds = _summaries(rebuild=args.rebuild_summaries)
        _analyze()
        result = measure(cfg, runs=args.runs, export=not args.no_export, skip=set(args.skip))
        result["build_s"] = build_seconds
        result["summaries_s"] = summaries_seconds
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["finished_at"] = datetime.now().astimezone().isoformat(timespec="seconds")
    result["command"] = " ".join(["bench/pages.py", *(argv if argv is not None else sys.argv[1:])])
    print()
    print(table(result))
    db = result["db"]
    full = (cfg.units, cfg.members) == (Config().units, Config().members)
    name = f"pages-{db}.json" if full else f"pages-{db}-{cfg.units}u-{cfg.members}m.json"
    out = Path(args.out) if args.out else ROOT / "bench" / "results" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Kết quả: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


# --------------------------------------------------------------------------------------------- build
OFFICER, CHAIR = "bench-tinh", "bench-cdcs"
PASSWORD = "bench-matkhau-123"


def _has_units() -> bool:
    from org.models import Unit

    return Unit.objects.exists()


def _built() -> dict | None:
    """The users of an earlier build of this benchmark, or None."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=[OFFICER, CHAIR])
    return {u.username: u for u in users} if users.count() == 2 else None


def build(cfg) -> float:
    from django.db import transaction

    from bench import tree_members as tm
    from org import closure

    t0 = time.perf_counter()
    rng = random.Random(cfg.seed)
    tree = tm.build_tree(cfg, rng)
    with transaction.atomic():
        tm.insert_tree(tree)
    closure.rebuild()
    n_members, n_memberships = tm.insert_members(cfg, tree, rng)
    tm.reset_sequences()
    print(
        f"  {cfg.units:,} đơn vị, {n_members:,} đoàn viên, {n_memberships:,} quá trình sinh hoạt", flush=True
    )
    with transaction.atomic():
        _users(tree)
        _directive(tree)
    return round(time.perf_counter() - t0, 1)


def _summaries(*, rebuild: bool) -> float | None:
    """The indicators engine's summary rows, as `manage.py rebuild_indicators` leaves them in production
    (the pages' member totals and the home page's figures read them): built when missing."""
    from indicators import summary

    if not rebuild and set(i.code for i in summary.summarised()) <= summary.built_codes():
        return None
    print("  tính các dòng tổng hợp của chỉ tiêu (rebuild_indicators)…", flush=True)
    t0 = time.perf_counter()
    written = summary.rebuild()
    seconds = round(time.perf_counter() - t0, 1)
    print(f"  {sum(written.values()):,} dòng tổng hợp, {seconds} s", flush=True)
    return seconds


def _analyze() -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map that index-only scans need
    (what autovacuum keeps up to date in production)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")


def _chair_unit(tree) -> int:
    """A grassroots union of the large province with members (the median one by id)."""
    from members.models import Member

    ids = sorted(tree.grassroots[tree.large])
    for uid in ids[len(ids) // 2 :]:
        if Member.objects.filter(unit_id=uid).exists():
            return uid
    return ids[0]


def _users(tree) -> None:
    from accounts.models import Role
    from accounts.scoping import SYSTEM
    from accounts.services import create_user_with_assignment
    from org.models import Unit

    create_user_with_assignment(SYSTEM, username=OFFICER, password=PASSWORD,
                                unit=Unit.objects.get(pk=tree.large), role=Role.FEDERATION_STAFF)  # fmt: skip
    create_user_with_assignment(SYSTEM, username=CHAIR, password=PASSWORD,
                                unit=Unit.objects.get(pk=_chair_unit(tree)), role=Role.GRASSROOTS_CHAIR)  # fmt: skip


def _directive(tree) -> None:
    """A directive of the province to its upper unions, relayed to every grassroots union below."""
    from directives.models import AssignmentStatus, Directive, DirectiveTask, TaskAssignment
    from documents.models import Document, Status

    province = tree.large
    doc = Document.objects.create(
        kind="ke_hoach" if "ke_hoach" in _kinds() else next(iter(_kinds())),
        issuer_unit_id=province,
        owner_unit_id=province,
        symbol="99/KH-LĐLĐ",
        number=99,
        date=date(2026, 1, 5),
        subject="Triển khai thử tải",
        issuer_name="Liên đoàn Lao động tỉnh Thử tải 1",
        status=Status.ISSUED,
        number_year=2026,
    )
    directive = Directive.objects.create(document=doc, issuer_unit_id=province)
    task = DirectiveTask.objects.create(
        directive=directive, order=1, text="Báo cáo tình hình đoàn viên", deadline=date(2026, 3, 31)
    )
    parents = {}
    rows = []
    for up in tree.uppers[province]:
        a = TaskAssignment(task=task, unit_id=up, status=AssignmentStatus.values[0], due_date=task.deadline)
        rows.append(a)
        parents[up] = a
    TaskAssignment.objects.bulk_create(rows, batch_size=500)
    below = [
        TaskAssignment(
            task=task,
            unit_id=g,
            parent_assignment=parents[tree.parent[g]],
            status=AssignmentStatus.values[0],
            due_date=task.deadline,
        )  # fmt: skip
        for g in tree.grassroots[province]
        if tree.parent[g] in parents
    ]
    TaskAssignment.objects.bulk_create(below, batch_size=500)


def _kinds() -> list[str]:
    from documents.models import DocumentKind

    return list(DocumentKind.values)


# ------------------------------------------------------------------------------------------- measure
def _pages(officer_unit: int, chair_unit: int, member_of: dict[str, int], directive: int) -> list[tuple]:
    """(name, label, path per user, api?)."""
    return [
        ("member_list", "danh sách đoàn viên", {"officer": "/doan-vien/", "chair": "/doan-vien/"}, False),
        (
            "member_search",
            "tìm đoàn viên (“nguyen van”)",
            {u: "/doan-vien/?q=nguyen+van" for u in ("officer", "chair")},
            False,
        ),  # fmt: skip
        ("api_members", "/api/v1/members", {u: "/api/v1/members" for u in ("officer", "chair")}, True),
        ("home", "trang chủ", {u: "/" for u in ("officer", "chair")}, False),
        ("tree", "cây đơn vị", {u: "/to-chuc/" for u in ("officer", "chair")}, False),
        ("unit_list", "danh sách đơn vị", {u: "/to-chuc/don-vi/" for u in ("officer", "chair")}, False),
        (
            "unit_page",
            "trang đơn vị của mình",
            {"officer": f"/to-chuc/don-vi/{officer_unit}/", "chair": f"/to-chuc/don-vi/{chair_unit}/"},
            False,
        ),  # fmt: skip
        ("member_page", "trang một đoàn viên", {u: f"/doan-vien/{member_of[u]}/" for u in member_of}, False),
        (
            "directive_progress",
            "tiến độ văn bản chỉ đạo",
            {u: f"/nhiem-vu/chi-dao/{directive}/" for u in ("officer", "chair")},
            False,
        ),  # fmt: skip
        (
            "figures",
            "Số liệu, sơ kết 5 năm",
            {u: "/so-lieu/?ky=so-ket-5-nam" for u in ("officer", "chair")},
            False,
        ),
        (
            "figures_drill_down",
            "Số liệu: đoàn viên một khu vực (5 năm)",
            {
                "officer": f"/so-lieu/don-vi/{officer_unit}/members_by_sector/?ky=so-ket-5-nam&part=public_service_unit",
                "chair": f"/so-lieu/don-vi/{chair_unit}/members_by_sector/?ky=so-ket-5-nam",
            },
            False,
        ),  # fmt: skip
        (
            "api_indicators",
            "/api/v1/units/{id}/indicators (5 năm)",
            {
                "officer": f"/api/v1/units/{officer_unit}/indicators?from=2021-01-01&to=2026-12-31",
                "chair": f"/api/v1/units/{chair_unit}/indicators?from=2021-01-01&to=2026-12-31",
            },
            True,
        ),  # fmt: skip
        (
            "member_export",
            "xuất danh sách đoàn viên (khởi động)",
            {u: "/doan-vien/xuat-excel/" for u in ("officer", "chair")},
            False,
        ),  # fmt: skip
    ]


def measure(cfg, *, runs: int, export: bool, skip: set[str] = frozenset()) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import ApiToken, Assignment
    from bench.tree_members import machine_facts
    from directives.models import Directive
    from members.models import Member

    users = {"officer": get_user_model().objects.get(username=OFFICER),
             "chair": get_user_model().objects.get(username=CHAIR)}  # fmt: skip
    assignment = {k: Assignment.objects.get(user=u) for k, u in users.items()}
    units = {k: a.unit_id for k, a in assignment.items()}
    clients, tokens = {}, {}
    for k, user in users.items():
        clients[k] = Client()
        clients[k].force_login(user)
        _, tokens[k] = ApiToken.issue(assignment[k], name="thử tải")
    chair_member = (
        Member.objects.filter(unit_id=units["chair"]).order_by("id").values_list("id", flat=True).first()
    )
    member_of = {"officer": chair_member, "chair": chair_member}
    directive = Directive.objects.order_by("id").values_list("id", flat=True).first()
    results: dict[str, Any] = {}
    vendor = "sqlite" if connection.vendor == "sqlite" else "postgresql"
    for name, label, paths, api in _pages(units["officer"], units["chair"], member_of, directive):
        if name in skip:
            continue
        results[name] = {"label": label}
        for who, path in paths.items():
            headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"} if api else {}
            times, queries, size, status = [], 0, 0, 0
            for _ in range(runs):
                with CaptureQueriesContext(connection) as ctx:
                    t0 = time.perf_counter()
                    response = clients[who].get(path, **headers)
                    body = b"".join(response) if getattr(response, "streaming", False) else response.content
                    times.append((time.perf_counter() - t0) * 1000)
                queries, size, status = len(ctx.captured_queries), len(body), response.status_code
            results[name][who] = {
                "path": path,
                "status": status,
                "median_ms": round(statistics.median(times), 1),
                "runs_ms": [round(t, 1) for t in times],
                "queries": queries,
                "bytes": size,
            }
            print(f"  {label:<40} {who:<8} {statistics.median(times):9.1f} ms {queries:4d} truy vấn  "
                  f"{size / 1024:8.1f} KiB  HTTP {status}", flush=True)  # fmt: skip
    out: dict[str, Any] = {
        "benchmark": "pages",
        "db": vendor,
        "config": {"units": cfg.units, "members": cfg.members, "runs": runs, "seed": cfg.seed},
        "budget_ms": BUDGET_MS[vendor],
        "pages": results,
        "machine": machine_facts(),
    }
    out["member_totals"] = _member_totals(units["officer"])
    if export:
        out["export_job"] = _export_job(users["officer"], assignment["officer"])
    return out


def _member_totals(unit_id: int) -> dict[str, Any]:
    """The pages' subtree member totals (the engine's summary rows) against a count of the memberships,
    for the province and its children: they must be equal."""
    from lamtheo.lib.dates import today
    from members.selectors import member_counts as from_memberships
    from org import figures
    from org.models import UnitLink

    on = today()
    ids = [
        unit_id,
        *UnitLink.objects.valid_on(on).filter(parent_id=unit_id).values_list("child_id", flat=True),
    ]
    t0 = time.perf_counter()
    pages = figures.member_counts(ids, on)
    t1 = time.perf_counter()
    direct = from_memberships(ids, on)
    t2 = time.perf_counter()
    facts = {"units": len(ids), "province": pages.get(unit_id, 0), "equal": pages == direct,
             "pages_ms": round((t1 - t0) * 1000, 1), "memberships_ms": round((t2 - t1) * 1000, 1)}  # fmt: skip
    print(f"  số đoàn viên của tỉnh và {len(ids) - 1} đơn vị trực thuộc: {facts}", flush=True)
    if not facts["equal"]:
        print("  KHÁC NHAU: dòng tổng hợp không khớp với quá trình sinh hoạt", file=sys.stderr, flush=True)
    return facts


def _export_job(user, assignment) -> dict[str, Any]:
    """Run the officer's whole member export once, in this process, and time it."""
    from accounts.scoping import Actor
    from members.exporting import run_export_now

    actor = Actor(user=user, unit_id=assignment.unit_id, role=assignment.role)
    t0 = time.perf_counter()
    job = run_export_now(actor, {})
    seconds = time.perf_counter() - t0
    facts = {"seconds": round(seconds, 1), "rows": job.total, "rows_written": job.done,
             "sheets": job.params.get("sheets"), "bytes": job.file.size if job.file else 0, "status": job.status}  # fmt: skip
    print(f"  tác vụ xuất danh sách: {facts}", flush=True)
    return facts


def table(result: dict[str, Any]) -> str:
    m = result["machine"]
    budget = result["budget_ms"]
    lines = [
        f"Thử tải các trang — {m['db_version'][:40]} — {m['nproc']} nhân, {m['ram_gib']} GiB — "
        f"{result['config']['units']:,} đơn vị, {result['config']['members']:,} đoàn viên; "
        f"ngân sách cán bộ tỉnh {budget} ms",
        "",
        f"{'trang':<40} {'cán bộ tỉnh':>14} {'truy vấn':>9} {'chủ tịch CĐCS':>14} {'truy vấn':>9}",
        "-" * 92,
    ]
    for page in result["pages"].values():
        o, c = page["officer"], page["chair"]
        mark = "" if o["median_ms"] <= budget else "  ← vượt"
        lines.append(f"{page['label']:<40} {o['median_ms']:>11.1f} ms {o['queries']:>9} "
                     f"{c['median_ms']:>11.1f} ms {c['queries']:>9}{mark}")  # fmt: skip
    if "export_job" in result:
        e = result["export_job"]
        lines.append("")
        lines.append(f"Tác vụ xuất danh sách (cán bộ tỉnh): {e['rows_written']:,}/{e['rows']:,} dòng, "
                     f"{e['sheets']} trang tính, {e['bytes'] / 2**20:.1f} MiB, {e['seconds']} s")  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
