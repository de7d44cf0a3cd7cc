"""Benchmark: study coverage of a province for one quarter, and the study indicators over five years.

Builds the generator's province (bench/tree_members.py: 5,000 units, 1.5 M members by default; on
PostgreSQL the members set-based, see insert_members_sql), then
five years of study: one study event per grassroots union and quarter (a tenth of the unions lag and
hold none), its host row, the items it covered, and the members present at it, written straight into
the tables with INSERT … SELECT (a benchmark, not the services: no audit, no per-row checks). About 20
million attendance rows at full scale.

It times, for the largest province, as a province officer would ask:
- `study.selectors.coverage` for one quarter (the coverage page and the home panel);
- each study indicator through the engine, over 2021–2025 with the value per year, and by child unit;
- the same figures counted straight from the raw rows in one SQL statement (the tree joined on each
  record's date), and by DuckDB over the same rows exported to Parquet (the machine's limit for a scan).
All three must agree. Figures are printed and written to bench/results/study-<database>.json.

    .venv/bin/python bench/study.py [--units 5000 --members 1500000]           # SQLite
    bash scripts/with_postgres.sh .venv/bin/python bench/study.py             # PostgreSQL
    DATABASE_URL=… .venv/bin/python bench/study.py --reuse --no-rebuild       # measure a kept build again

The engine's summary rows are rebuilt (indicators.summary.rebuild, timed) before anything is timed.
"""

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.config import Config  # noqa: E402
from bench.scratch import ROOT, scratch_database  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2021, 2025
COVERAGE_QUARTER = (2025, 2)
# Share of a union's members present at its quarter's event (about 20 M rows at full scale).
PRESENT_PERCENT = 78
LAGGING_PERCENT = 10  # unions that hold nothing in a quarter


def ms(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), result


def build(cfg: Config, log) -> dict:
    from django.db import connection, transaction

    from accounts.scoping import SYSTEM
    from bench import tree_members as tm
    from org import closure
    from org.models import Unit
    from study import services
    from study.models import TopicScope

    rng = random.Random(cfg.seed)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    tree = tm.build_tree(cfg, rng)
    with transaction.atomic():
        tm.insert_tree(tree)
    closure.rebuild()
    with bulk_load("members_member", "members_membership"):
        if connection.vendor == "postgresql":
            n_members = insert_members_sql(cfg, tree, rng)
        else:
            n_members, _ = tm.insert_members(cfg, tree, rng)
    tm.reset_sequences()
    seconds["tree_and_members"] = round(time.perf_counter() - t0, 1)
    log(f"cây: {cfg.units:,} đơn vị; đoàn viên: {n_members:,} ({seconds['tree_and_members']:.0f} s)")
    t0 = time.perf_counter()

    province = Unit.objects.get(pk=tree.large)
    items_of_quarter: dict[tuple[int, int], list[int]] = {}
    for y in range(FIRST_YEAR, LAST_YEAR + 1):
        topic = services.create_topic(
            SYSTEM, issuer_unit=province, scope=TopicScope.YEAR, year=y, title=f"Chuyên đề năm {y}",
            items=[f"Nội dung {n} năm {y}" for n in range(1, 5)], valid_from=date(y, 1, 1),
            valid_to=date(y + 1, 1, 1), term="XIII",
        )  # fmt: skip
        services.set_schedule(
            SYSTEM, unit=province, topic=topic, year=y, quarters={1: [1, 4], 2: [2, 4], 3: [3, 4]}
        )
        ids = dict(topic.items.values_list("number", "id"))
        for q, numbers in {1: [1, 4], 2: [2, 4], 3: [3, 4], 4: [4]}.items():
            items_of_quarter[(y, q)] = [ids[n] for n in numbers]

    grassroots = [g for gs in tree.grassroots.values() for g in gs]
    stamp = connection.ops.adapt_datetimefield_value(
        __import__("django.utils.timezone", fromlist=["now"]).now()
    )
    events, hosts, links = [], [], []
    event_id = 0
    for g in grassroots:
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            for q in range(1, 5):
                if rng.randrange(100) < LAGGING_PERCENT:
                    continue
                event_id += 1
                day = date(y, 3 * q - 2, rng.randint(1, 28))
                kind = "periodic" if q % 2 else "thematic"
                events.append((event_id, kind, f"Sinh hoạt quý {q}/{y}", g, tm._d(day), "", None, "list",
                               False, None, "", "", None, stamp, None))  # fmt: skip
                hosts.append((event_id, event_id, g, tm._d(day), kind, 0, 0, 0, True))
                links.extend((event_id, item) for item in items_of_quarter[(y, q)])
    with transaction.atomic():
        tm.insert_rows("study_studyevent", ["id", "kind", "title", "unit_id", "held_on", "place", "topic_id",
                       "mode", "online", "entries", "note", "search_text", "created_by_id", "created_at",
                       "deleted_at"], events)  # fmt: skip
        tm.insert_rows("study_studyeventhost", ["id", "event_id", "unit_id", "held_on", "kind", "member_count",
                       "worker_count", "participants", "live"], hosts)  # fmt: skip
        tm.insert_rows("study_studyevent_items", ["studyevent_id", "topicitem_id"], links)
    seconds["topics_and_events"] = round(time.perf_counter() - t0, 1)
    log(f"hoạt động học tập: {len(events):,} ({seconds['topics_and_events']:.0f} s)")
    t = time.perf_counter()
    n_attendance = insert_attendance(stamp)
    seconds["attendance"] = round(time.perf_counter() - t, 1)
    log(f"điểm danh: {n_attendance:,} dòng, chỉ mục dựng lại sau khi nạp ({seconds['attendance']:.0f} s)")
    from django.core.management.color import no_style

    from study.models import Attendance, StudyEvent, StudyEventHost

    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), [StudyEvent, StudyEventHost, Attendance]):
            cur.execute(sql)
    t = time.perf_counter()
    vacuum_analyze()
    seconds["vacuum_analyze"] = round(time.perf_counter() - t, 1)
    log(f"VACUUM ANALYZE: {seconds['vacuum_analyze']:.0f} s")
    return {"province": tree.large, "members": n_members, "events": len(events), "attendance": n_attendance,
            "build_s": seconds}  # fmt: skip


def rebuild_summary(log) -> dict:
    """The engine's summary rows (indicators.summary.rebuild, as rebuild_indicators and the demo do after a
    load: the rows the study figures and the coverage read), then VACUUM ANALYZE for the new rows."""
    from indicators import summary

    t = time.perf_counter()
    rows = summary.rebuild()
    built = time.perf_counter() - t
    t = time.perf_counter()
    vacuum_analyze()
    vacuumed = time.perf_counter() - t
    log(f"indicators.summary.rebuild: {built:.0f} s ({rows}); VACUUM ANALYZE {vacuumed:.0f} s")
    return {"rebuild_s": round(built, 1), "vacuum_analyze_s": round(vacuumed, 1), "rows": rows}


def existing(log) -> dict:
    """The figures of the data a previous run built (--reuse)."""
    from members.models import Member
    from org.models import Unit
    from study.models import Attendance, StudyEvent

    data = {"province": Unit.objects.get(code="B-P01").pk, "members": Member.objects.count(),
            "events": StudyEvent.objects.count(), "attendance": Attendance.objects.count(), "reused": True}  # fmt: skip
    log(f"dữ liệu có sẵn: {data}")
    return data


ATTENDANCE_SQL = (
    'INSERT INTO study_attendance (event_id, item_id, member_id, unit_id, "on", status, source, recorded_at,'
    " live) SELECT e.id, NULL, m.id, m.unit_id, e.held_on, 'present', 'list', %s, %s"
    " FROM study_studyevent e JOIN members_member m ON m.unit_id = e.unit_id"
    " WHERE m.archived_at IS NULL AND (m.id * 7 + e.id * 13) %% 100 < %s"
)
# Head counts per host: one pass over the attendance, grouped (not a subquery per host).
HOST_COUNTS_SQL = (
    "UPDATE study_studyeventhost SET member_count = a.n, participants = a.n FROM (SELECT event_id, COUNT(*) AS n"
    " FROM study_attendance GROUP BY event_id) a WHERE a.event_id = study_studyeventhost.event_id"
)


FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lò", "Vàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Thị Thu", "Minh", "Ngọc", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hương", "Khánh", "Lan", "Linh", "Mai", "Nam",
         "Phong", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Xuân", "Yến"]  # fmt: skip


def insert_members_sql(cfg: Config, tree, rng: random.Random) -> int:
    """PostgreSQL: the generator's members (bench/tree_members.py: log-normal union sizes, 5 % left with one
    closed membership, 10 % transferred from another union) written set-based, two INSERT … SELECT over
    generate_series, names drawn from short lists by the id: the Python generator takes ~40 min on the
    shared machine for 1.5 M members, this a few minutes."""
    import math

    from django.db import connection, transaction

    from bench import tree_members as tm
    from lamtheo.lib.dates import OPEN_END
    from lamtheo.lib.text import fold

    grass = [g for p in tree.provinces for g in tree.grassroots[p]]
    weights = [math.exp(rng.gauss(0, 1.0)) for _ in grass]
    total = sum(weights)
    counts = [int(cfg.members * w / total) for w in weights]
    for i in rng.sample(range(len(grass)), cfg.members - sum(counts)):
        counts[i] += 1
    rows, first = [], 1
    for i, (g, n) in enumerate(zip(grass, counts, strict=True)):
        rows.append((g, grass[(i + 1) % len(grass)], first, n))
        first += n
    span = (tm.QUERY_DAY - tm.START).days - 61
    left, moved = round(100 * cfg.left_share), round(100 * (cfg.left_share + cfg.transfer_share))

    def arr(values):
        return "ARRAY[" + ", ".join(f"'{v}'" for v in values) + "]"

    fam, mid, giv = (f"({arr(v)})[1 + g.id % {len(v)}]" for v in (FAMILY, MIDDLE, GIVEN))
    ffam, fmid, fgiv = (
        f"({arr([fold(x) for x in v])})[1 + g.id % {len(v)}]" for v in (FAMILY, MIDDLE, GIVEN)
    )
    base = (
        f"SELECT g.id, u.unit_id AS home, u.other, {fam} AS family, {mid} AS middle, {giv} AS given,"
        f" {ffam} AS ffamily, {fmid} AS fmiddle, {fgiv} AS fgiven, (g.id * 37) % 100 AS r,"
        f" DATE '{tm.START}' + ((g.id * 7919) % {span})::int AS joined"
        " FROM bench_units u CROSS JOIN LATERAL generate_series(u.first_id, u.first_id + u.n - 1) AS g(id)"
    )
    change = f"(b.joined + 30 + ((b.id * 31) % (DATE '{tm.QUERY_DAY}' - b.joined - 30))::int)"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "CREATE TEMPORARY TABLE bench_units (unit_id bigint, other bigint, first_id bigint, n int)"
        )
        tm.insert_rows("bench_units", ["unit_id", "other", "first_id", "n"], rows)
        cur.execute(
            "INSERT INTO members_member (id, unit_id, family_name, middle_name, given_name, full_name,"
            " original_full_name, gender, birth_date, birth_year, ethnicity, id_number, phone, joined_on, position,"
            " search_text, sort_key, archived_at, created_at)"
            f" SELECT b.id, CASE WHEN b.r < {left} THEN NULL ELSE b.home END, b.family, b.middle, b.given,"
            " b.family || ' ' || b.middle || ' ' || b.given, b.family || ' ' || b.middle || ' ' || b.given,"
            " CASE WHEN b.middle LIKE 'Thị%' THEN 'female' ELSE 'male' END,"
            " DATE '1966-01-01' + ((b.id * 4409) % 14600)::int, 1966 + ((b.id * 4409) % 14600) / 365, 'Kinh',"
            " lpad(b.id::text, 12, '0'), '09' || lpad((b.id * 7) % 100000000 || '', 8, '0'), b.joined, 'Công nhân',"
            " b.ffamily || ' ' || b.fmiddle || ' ' || b.fgiven || ' ' || lpad(b.id::text, 12, '0'),"
            f" b.fgiven || ' ' || b.fmiddle || ' ' || b.ffamily, CASE WHEN b.r < {left} THEN now() END, now()"
            f" FROM ({base}) b"
        )
        n = cur.rowcount
        cur.execute(
            "INSERT INTO members_membership (member_id, unit_id, valid_from, valid_to)"
            f" SELECT b.id, b.home, b.joined, CASE WHEN b.r < {left} THEN {change} ELSE DATE '{OPEN_END}' END"
            f" FROM ({base}) b WHERE b.r >= {moved} OR b.r < {left}"
            f" UNION ALL SELECT b.id, b.other, b.joined, {change} FROM ({base}) b WHERE b.r >= {left} AND b.r < {moved}"
            f" UNION ALL SELECT b.id, b.home, {change}, DATE '{OPEN_END}' FROM ({base}) b"
            f" WHERE b.r >= {left} AND b.r < {moved}"
        )
        cur.execute("DROP TABLE bench_units")
    return n


@contextmanager
def bulk_load(*tables: str) -> Iterator[None]:
    """On PostgreSQL, load the way a bulk load is done: the tables' secondary indexes dropped first and built
    afterwards, the foreign-key triggers off for the load (session_replication_role; the rows reference
    existing rows by construction). Elsewhere nothing changes."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))",
            [list(tables)],
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cur:
            cur.execute("SET session_replication_role = DEFAULT")
            cur.execute("SET maintenance_work_mem = '1GB'")
            for _, definition in indexes:
                cur.execute(definition)
            cur.execute("RESET maintenance_work_mem")


def insert_attendance(stamp) -> int:
    """The members present at each event: a fixed share of the union's members, picked by a hash of the two
    ids, in one INSERT … SELECT, and the hosts' head counts from one grouped pass."""
    from django.db import connection, transaction

    with bulk_load("study_attendance"), transaction.atomic(), connection.cursor() as cur:
        cur.execute(ATTENDANCE_SQL, [stamp, True, PRESENT_PERCENT])
        n = cur.rowcount
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(HOST_COUNTS_SQL)
    return n


def vacuum_analyze() -> None:
    """Statistics and, on PostgreSQL, the visibility map (autovacuum's work on a live database: index-only
    scans need it)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# The raw counts, written once for both the database and DuckDB (standard SQL): a record counts for
# the province when the province was above its unit on the record's day.
RAW = {
    "study_events": (
        "SELECT CAST(strftime_year AS INTEGER) AS y, COUNT(DISTINCT h.event_id) FROM ("
        " SELECT h.event_id, {year_of_held} AS strftime_year FROM study_studyeventhost h"
        " JOIN org_unitclosure c ON c.descendant_id = h.unit_id AND c.valid_from <= h.held_on"
        " AND c.valid_to > h.held_on WHERE c.ancestor_id = {province} AND h.live"
        " AND h.held_on >= '{start}' AND h.held_on < '{end}' AND h.kind <> 'contest') h GROUP BY 1 ORDER BY 1"
    ),
    "study_members_reached": (
        "SELECT CAST(strftime_year AS INTEGER) AS y, COUNT(DISTINCT a.member_id) FROM ("
        " SELECT a.member_id, {year_of_on} AS strftime_year FROM study_attendance a"
        ' JOIN org_unitclosure c ON c.descendant_id = a.unit_id AND c.valid_from <= a."on"'
        " AND c.valid_to > a.\"on\" WHERE c.ancestor_id = {province} AND a.live AND a.status = 'present'"
        " AND a.\"on\" >= '{start}' AND a.\"on\" < '{end}') a GROUP BY 1 ORDER BY 1"
    ),
}


def raw_sql(name: str, province: int, dialect: str) -> str:
    year = {"sqlite": "strftime('%Y', {col})", "postgresql": "EXTRACT(YEAR FROM {col})",
            "duckdb": "EXTRACT(YEAR FROM {col})"}[dialect]  # fmt: skip
    return RAW[name].format(
        province=province, start=f"{FIRST_YEAR}-01-01", end=f"{LAST_YEAR + 1}-01-01",
        year_of_held=year.format(col="h.held_on"), year_of_on=year.format(col='a."on"'),
    )  # fmt: skip


def export_tables(folder: Path, log) -> dict[str, Path]:
    """The three tables the counts read, as Parquet files. PostgreSQL writes each table to a CSV file itself
    (server-side COPY … TO, no rows through Python), DuckDB turns it into Parquet."""
    import duckdb
    from django.db import connection

    tables = {
        "study_studyeventhost": "id, event_id, unit_id, held_on, kind, live",
        "study_attendance": 'id, member_id, unit_id, "on", status, live',
        "org_unitclosure": "ancestor_id, descendant_id, valid_from, valid_to",
    }
    types = {"held_on": "DATE", "on": "DATE", "valid_from": "DATE", "valid_to": "DATE", "live": "BOOLEAN",
             "kind": "VARCHAR", "status": "VARCHAR"}  # fmt: skip
    out = {}
    if connection.vendor == "postgresql":
        os.chmod(folder, 0o777)  # the server (user postgres) writes the CSV files
    for table, columns in tables.items():
        t = time.perf_counter()
        names = [c.strip().strip('"') for c in columns.split(",")]
        parquet = folder / f"{table}.parquet"
        if connection.vendor == "postgresql":
            path = folder / f"{table}.csv"
            with connection.cursor() as cur:
                cur.execute(f"COPY (SELECT {columns} FROM {table}) TO '{path}' WITH (FORMAT csv, HEADER)")
            spec = ", ".join(f"'{n}': '{types.get(n, 'BIGINT')}'" for n in names)
            duckdb.sql(
                f"COPY (SELECT * FROM read_csv('{path}', header=true, columns={{{spec}}})) TO '{parquet}'"
                " (FORMAT parquet)"
            )
            path.unlink()
        else:  # SQLite (the small runs): through a CSV file written from the cursor
            path = folder / f"{table}.csv"
            with connection.cursor() as cur, open(path, "w", newline="") as fh:
                cur.execute(f"SELECT {columns} FROM {table}")
                writer = csv.writer(fh)
                writer.writerow(names)
                while rows := cur.fetchmany(100_000):
                    writer.writerows(rows)
            duckdb.sql(
                f"COPY (SELECT * FROM read_csv('{path}', header=true)) TO '{parquet}' (FORMAT parquet)"
            )
            path.unlink()
        out[table] = parquet
        log(f"xuất {table} sang Parquet: {time.perf_counter() - t:.1f} s")
    return out


def duck_counts(parquet: dict[str, Path], province: int, runs: int) -> dict[str, tuple[float, dict]]:
    import duckdb

    con = duckdb.connect()
    for table, path in parquet.items():
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{path}')")
    con.execute("CREATE VIEW study_attendance_v AS SELECT * FROM study_attendance")
    out = {}
    for name in RAW:
        sql = (
            raw_sql(name, province, "duckdb")
            .replace("h.live", "h.live = true")
            .replace("a.live", "a.live = true")
        )
        out[name] = ms(lambda sql=sql: dict(con.execute(sql).fetchall()), runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5_000)
    parser.add_argument("--members", type=int, default=1_500_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--engine-runs", type=int, default=None, help="runs of each engine figure (default --runs)"
    )
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument(
        "--no-rebuild", action="store_true", help="--reuse: keep the summary rows already built"
    )
    parser.add_argument("--coverage-only", action="store_true", help="time the coverage only")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the data a previous run left in DATABASE_URL"
    )
    args = parser.parse_args()
    engine_runs = args.engine_runs or args.runs
    cfg = Config(units=args.units, members=args.members, runs=args.runs)

    def log(line: str) -> None:
        print(line, flush=True)

    with scratch_database("study", reuse=args.reuse):
        from django.db import connection

        from accounts.scoping import SYSTEM
        from indicators import engine, registry
        from org.models import Unit
        from study.selectors import coverage

        data = existing(log) if args.reuse else build(cfg, log)
        if not args.no_rebuild:
            data["summary"] = rebuild_summary(log)
        province = data["province"]
        unit = Unit.objects.get(pk=province)
        vendor = connection.vendor
        results: dict = {"database": vendor, "data": data, "timings_ms": {}, "checks": {}}
        timings = results["timings_ms"]

        t, cov = ms(lambda: coverage(SYSTEM, unit, *COVERAGE_QUARTER), args.runs)
        timings["coverage_quarter"] = round(t, 1)
        lagging = sum(1 for r in cov.rows if r.nothing_recorded)
        log(f"độ bao phủ quý {COVERAGE_QUARTER[1]}/{COVERAGE_QUARTER[0]}: {t:.0f} ms "
            f"({len(cov.rows):,} CĐCS, {lagging:,} chưa ghi nhận, {cov.reached:,} đoàn viên được học)")  # fmt: skip

        # The same figure as the engine's study_members_reached for the province and the quarter.
        quarter = (date(COVERAGE_QUARTER[0], 3 * COVERAGE_QUARTER[1] - 2, 1),
                   date(COVERAGE_QUARTER[0], 3 * COVERAGE_QUARTER[1] + 1, 1))  # fmt: skip
        reached_ind = registry.get("study_members_reached")
        t, fig = ms(lambda: engine.compute(SYSTEM, reached_ind, province, engine.window_for(*quarter)), 1)
        timings["engine_study_members_reached_quarter"] = round(t, 1)
        results["checks"]["coverage_equals_engine_reached"] = engine.total_of(fig.value) == cov.reached
        log(f"bộ máy chỉ tiêu study_members_reached quý {COVERAGE_QUARTER[1]}/{COVERAGE_QUARTER[0]}: {t:.0f} ms"
            f" → {engine.total_of(fig.value):,.0f}")  # fmt: skip
        results["coverage"] = {"units": len(cov.rows), "nothing_recorded": lagging, "reached": cov.reached,
                               "members": cov.members}  # fmt: skip
        if args.coverage_only:
            print(json.dumps(results, default=str))
            return
        window = engine.window_for(date(FIRST_YEAR, 1, 1), date(LAST_YEAR + 1, 1, 1))
        engine_years: dict[str, dict] = {}
        for ind in registry.all_indicators():
            if not ind.code.startswith(("study_", "coverage", "contests", "outreach", "training")):
                continue
            t, fig = ms(lambda ind=ind: engine.compute(SYSTEM, ind, province, window), engine_runs)
            timings[f"engine_{ind.code}"] = round(t, 1)
            tc = 0.0
            if ind.kind is not registry.Kind.RATE:  # a rate has no breakdown by child in the engine yet
                tc, _ = ms(lambda ind=ind: engine.by_child(SYSTEM, ind, province, window), engine_runs)
                timings[f"engine_{ind.code}_by_child"] = round(tc, 1)
            engine_years[ind.code] = {int(y): engine.total_of(v) for y, v in fig.by_year.items()}
            log(f"bộ máy chỉ tiêu {ind.code}: {t:.0f} ms theo năm, {tc:.0f} ms theo đơn vị trực thuộc")

        with connection.cursor() as cur:
            for name in RAW:
                sql = raw_sql(name, province, vendor)

                def run_raw(sql=sql):
                    cur.execute(sql)
                    return {int(y): n for y, n in cur.fetchall()}

                t, raw = ms(run_raw, args.runs)
                timings[f"raw_{name}"] = round(t, 1)
                results["checks"][f"engine_equals_raw_{name}"] = (
                    engine_years.get(name) == {y: float(n) for y, n in raw.items()}
                    or engine_years.get(name) == raw
                )
                log(f"đếm thẳng {name}: {t:.0f} ms → {raw}")
                results.setdefault("raw", {})[name] = raw

        if not args.no_duckdb:
            (ROOT / "var").mkdir(exist_ok=True)
            with tempfile.TemporaryDirectory(dir=ROOT / "var") as folder:
                parquet = export_tables(Path(folder), log)
                for name, (t, counts) in duck_counts(parquet, province, args.runs).items():
                    timings[f"duckdb_{name}"] = round(t, 1)
                    results["checks"][f"duckdb_equals_raw_{name}"] = counts == results["raw"][name]
                    log(f"DuckDB {name}: {t:.0f} ms → {counts}")

        results["machine"] = {"cpus": os.cpu_count(), "load": os.getloadavg()}
        out = ROOT / "bench" / "results" / f"study-{vendor}.json"
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str))
        log(f"kiểm tra: {results['checks']}")
        log(f"đã ghi {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
