"""Benchmark: members of a subtree "as of a date" over the dated closure table (ENGINEERING §B.2).

Builds a synthetic union tree (1 confederation -> provinces -> upper-grassroots -> grassroots, one
large province holding most of it) and members with dated memberships, straight into the tables with
portable multi-row INSERTs through Django's connection.cursor() (a benchmark, not a service: no audit,
no per-row validation). The closure comes from org.closure.rebuild(); the reorganisation step goes
through org.services.move_unit, as in the product. Then it times the queries a province's reports need.

Everything here works on the current database connection; bench/run.py sets up a fresh database.
"""

import math
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.scoping import SYSTEM
from bench.config import Config
from lamtheo.demo import names
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.text import fold, person_sort_key
from members.models import Member, Membership
from members.selectors import count_members_in_subtree
from org import closure
from org.models import Sector, Unit, UnitKind, UnitLink, UnitName, UnitSubkind
from org.services import move_unit

START = date(2015, 1, 1)  # the tree and the memberships start here
QUERY_DAY = date(2026, 3, 31)  # "as of" day of the counts
MOVE_DAY = date(2025, 7, 1)  # the reorganisation day
BEFORE_MOVE = MOVE_DAY - timedelta(days=1)
BIRTH_FIRST, BIRTH_LAST = date(1966, 1, 1).toordinal(), date(2005, 12, 31).toordinal()
PROVINCE_ID_CODES = ["012", "001", "031", "079", "048", "038", "026", "052", "092", "075"]


@dataclass
class Timing:
    name: str
    label: str
    runs_ms: list[float]
    result: Any = None
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.runs_ms)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "median_ms": round(self.median_ms, 2),
            "min_ms": round(min(self.runs_ms), 2),
            "max_ms": round(max(self.runs_ms), 2),
            "runs_ms": [round(r, 2) for r in self.runs_ms],
            "result": self.result,
            "note": self.note,
        }


@dataclass
class Tree:
    root: int
    provinces: list[int]
    large: int
    uppers: dict[int, list[int]] = field(default_factory=dict)  # province -> upper ids
    grassroots: dict[int, list[int]] = field(default_factory=dict)  # province -> grassroots ids
    children: dict[int, list[int]] = field(default_factory=dict)  # upper -> grassroots ids
    parent: dict[int, int] = field(default_factory=dict)


# ------------------------------------------------------------------------------------------- inserts
def _max_rows(ncols: int) -> int:
    limit = connection.features.max_query_params or 999
    return max(1, min(1000, limit // ncols))


def insert_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Multi-row INSERT ... VALUES (...),(...) in statements of up to 1,000 rows: portable SQL."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = _max_rows(len(columns))
    full_sql = head + ", ".join([one] * size)
    count = 0
    batch: list[Any] = []
    n = 0
    with connection.cursor() as cursor:
        for row in rows:
            batch.extend(row)
            n += 1
            if n == size:
                cursor.execute(full_sql, batch)
                count += n
                batch, n = [], 0
        if n:
            cursor.execute(head + ", ".join([one] * n), batch)
            count += n
    return count


@lru_cache(maxsize=100_000)
def _d(value: date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def reset_sequences() -> None:
    """Explicit ids were inserted: move PostgreSQL's sequences past them (no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Unit, UnitName, UnitLink, Member, Membership])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# ---------------------------------------------------------------------------------------------- tree
def build_tree(cfg: Config, rng: random.Random) -> Tree:
    n_prov = cfg.provinces
    rest = cfg.units - 1 - n_prov
    n_upper = max(n_prov, round(rest / (cfg.per_upper + 1)))
    n_grass = rest - n_upper
    if n_grass < n_upper:
        raise ValueError("too few units for the tree shape")
    ids = iter(range(1, cfg.units + 1))
    root = next(ids)
    provinces = [next(ids) for _ in range(n_prov)]
    tree = Tree(root=root, provinces=provinces, large=provinces[0])
    # Upper-grassroots unions: the large province gets large_share, the others share the rest.
    large_uppers = max(1, round(n_upper * cfg.large_share)) if n_prov > 1 else n_upper
    counts = [large_uppers] + _split(n_upper - large_uppers, n_prov - 1, rng)
    for prov, k in zip(provinces, counts, strict=True):
        tree.uppers[prov] = [next(ids) for _ in range(k)]
        tree.grassroots[prov] = []
        for up in tree.uppers[prov]:
            tree.parent[up] = prov
            tree.children[up] = []
    # Grassroots: most under an upper union (uneven sizes), some directly under the province.
    all_uppers = [u for p in provinces for u in tree.uppers[p]]
    weights = [rng.uniform(0.4, 1.6) for _ in all_uppers]
    for _ in range(n_grass):
        gid = next(ids)
        up = rng.choices(all_uppers, weights)[0]
        prov = tree.parent[up]
        if rng.random() < cfg.direct_share:
            tree.parent[gid] = prov
        else:
            tree.parent[gid] = up
            tree.children[up].append(gid)
        tree.grassroots[prov].append(gid)
    return tree


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    if parts <= 0:
        return []
    base = [total // parts] * parts
    for i in rng.sample(range(parts), total % parts):
        base[i] += 1
    return base


def insert_tree(tree: Tree) -> int:
    cols = ["id", "code", "name", "short_name", "kind", "subkind", "sector", "header_parent", "header_name",
            "issuer_code", "place", "valid_from", "valid_to", "search_text"]  # fmt: skip
    start, end = _d(START), _d(OPEN_END)
    rows = []

    def unit(uid: int, code: str, name: str, kind: str, subkind: str = "", sector: str = "") -> None:
        rows.append((uid, code, name, "", kind, subkind, sector, "", name.upper(), "", "", start, end,
                     fold(f"{code} {name}")))  # fmt: skip

    unit(tree.root, "B-TLD", "Tổng Liên đoàn Lao động Việt Nam (thử tải)", UnitKind.CONFEDERATION)
    sectors = [Sector.PUBLIC_SERVICE_UNIT, Sector.NON_STATE_ENTERPRISE, Sector.STATE_ENTERPRISE,
               Sector.FDI_ENTERPRISE, Sector.ADMINISTRATIVE_AGENCY]  # fmt: skip
    for n, prov in enumerate(tree.provinces, start=1):
        unit(prov, f"B-P{n:02d}", f"Liên đoàn Lao động tỉnh Thử tải {n}", UnitKind.PROVINCIAL_FEDERATION)
        for up in tree.uppers[prov]:
            unit(
                up,
                f"B-U{up:06d}",
                f"Công đoàn xã Thử tải {up}",
                UnitKind.UPPER_GRASSROOTS,
                UnitSubkind.COMMUNE,
            )
        for g in tree.grassroots[prov]:
            unit(g, f"B-G{g:06d}", f"Công đoàn cơ sở Thử tải {g}", UnitKind.GRASSROOTS, "", sectors[g % 5])
    insert_rows(Unit._meta.db_table, cols, rows)
    insert_rows(UnitName._meta.db_table, ["id", "unit_id", "name", "valid_from", "valid_to"],
                ((r[0], r[0], r[2], start, end) for r in rows))  # fmt: skip
    links = [(child, child, parent, start, end) for child, parent in sorted(tree.parent.items())]
    links += [(prov, prov, tree.root, start, end) for prov in tree.provinces]
    insert_rows(UnitLink._meta.db_table, ["id", "child_id", "parent_id", "valid_from", "valid_to"], links)
    return len(rows)


# ------------------------------------------------------------------------------------------- members
@lru_cache(maxsize=200_000)
def _derived(family: str, middle: str, given: str) -> tuple[str, str, str]:
    full = " ".join(p for p in (family, middle, given) if p)
    return full, fold(full), person_sort_key(family, middle, given)[:400]


MEMBER_COLS = ["id", "unit_id", "family_name", "middle_name", "given_name", "full_name", "original_full_name",
               "gender", "birth_date", "ethnicity", "id_number", "phone", "joined_on", "position", "search_text",
               "sort_key", "archived_at", "created_at"]  # fmt: skip
MEMBERSHIP_COLS = ["id", "member_id", "unit_id", "valid_from", "valid_to"]
POSITIONS = names.weighted(
    "Công_nhân:12 Nhân_viên:6 Giáo_viên:5 Kỹ_sư:2 Điều_dưỡng:2 Kế_toán:1 Lái_xe:1 Chuyên_viên:2"
)


def insert_members(cfg: Config, tree: Tree, rng: random.Random) -> tuple[int, int]:
    """Members in random unit order (as a real database fills up), with dated memberships."""
    grass = [g for p in tree.provinces for g in tree.grassroots[p]]
    province_of = {g: p for p in tree.provinces for g in tree.grassroots[p]}
    id_code = {p: PROVINCE_ID_CODES[i % len(PROVINCE_ID_CODES)] for i, p in enumerate(tree.provinces)}
    weights = [math.exp(rng.gauss(0, 1.0)) for _ in grass]  # log-normal unit sizes
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    picker = names.Picker(rng)
    seq: dict[str, int] = {}
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    day0, span = START.toordinal(), (QUERY_DAY - START).days
    open_end = _d(OPEN_END)
    members = memberships = 0
    next_membership = 1
    for first in range(1, cfg.members + 1, cfg.chunk):
        last = min(cfg.members, first + cfg.chunk - 1)
        units = rng.choices(grass, cum_weights=cum, k=last - first + 1)
        m_rows, s_rows = [], []
        for member_id, unit_id in zip(range(first, last + 1), units, strict=True):
            female = rng.random() < 0.5
            ethnicity = picker.ethnicity(names.MIX_ENTERPRISE)
            family, middle, given = picker.name(ethnicity, female)
            full, folded, key = _derived(family, middle, given)
            birth = date.fromordinal(rng.randint(BIRTH_FIRST, BIRTH_LAST))
            prefix = f"{id_code[province_of[unit_id]]}{(2 if birth.year >= 2000 else 0) + female}{birth.year % 100:02d}"
            n = seq[prefix] = seq.get(prefix, 0) + 1
            id_number = f"{prefix}{n:06d}"
            phone = f"09{rng.randrange(10**8):08d}"
            joined = date.fromordinal(day0 + rng.randrange(span))
            r = rng.random()
            current_unit: int | None = unit_id
            archived = None
            days_left = (QUERY_DAY - joined).days
            if r < cfg.left_share and days_left > 60:  # left: one closed membership
                left = joined + timedelta(days=rng.randint(30, days_left - 1))
                s_rows.append((next_membership, member_id, unit_id, _d(joined), _d(left)))
                next_membership += 1
                current_unit, archived = None, now
            elif r < cfg.left_share + cfg.transfer_share and days_left > 60:
                moved = joined + timedelta(days=rng.randint(30, days_left - 1))
                before = grass[rng.randrange(len(grass))]
                if before == unit_id:
                    before = grass[(grass.index(unit_id) + 1) % len(grass)]
                s_rows.append((next_membership, member_id, before, _d(joined), _d(moved)))
                s_rows.append((next_membership + 1, member_id, unit_id, _d(moved), open_end))
                next_membership += 2
            else:
                s_rows.append((next_membership, member_id, unit_id, _d(joined), open_end))
                next_membership += 1
            m_rows.append((
                member_id, current_unit, family, middle, given, full, full, "female" if female else "male",
                _d(birth), ethnicity, id_number, phone, _d(joined), picker.pick(POSITIONS),
                f"{folded} {id_number} {phone}", key, archived, now,
            ))  # fmt: skip
        with transaction.atomic():
            members += insert_rows(Member._meta.db_table, MEMBER_COLS, m_rows)
            memberships += insert_rows(Membership._meta.db_table, MEMBERSHIP_COLS, s_rows)
        if os.environ.get("BENCH_PROGRESS"):
            print(f"  … {last:,} đoàn viên", file=sys.stderr, flush=True)
    return members, memberships


# ------------------------------------------------------------------------------------------- queries
SQL_SUBTREE = (
    "SELECT COUNT(*) FROM org_unitclosure c "
    "JOIN members_membership m ON m.unit_id = c.descendant_id "
    "WHERE c.ancestor_id = %s AND c.valid_from <= %s AND c.valid_to > %s "
    "AND m.valid_from <= %s AND m.valid_to > %s"
)
SQL_BY_CHILD = (
    "SELECT top.descendant_id, COUNT(*) FROM org_unitclosure top "
    "JOIN org_unitclosure c ON c.ancestor_id = top.descendant_id "
    "JOIN members_membership m ON m.unit_id = c.descendant_id "
    "WHERE top.ancestor_id = %s AND top.depth = 1 AND top.valid_from <= %s AND top.valid_to > %s "
    "AND c.valid_from <= %s AND c.valid_to > %s AND m.valid_from <= %s AND m.valid_to > %s "
    "GROUP BY top.descendant_id"
)


def count_subtree(unit_id: int, on: date) -> int:
    d = _d(on)
    with connection.cursor() as cursor:
        cursor.execute(SQL_SUBTREE, [unit_id, d, d, d, d])
        return cursor.fetchone()[0]


def count_by_child(unit_id: int, on: date) -> dict[int, int]:
    d = _d(on)
    with connection.cursor() as cursor:
        cursor.execute(SQL_BY_CHILD, [unit_id, d, d, d, d, d, d])
        return dict(cursor.fetchall())


def explain(sql: str, params: list[Any]) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        return [" ".join(str(c) for c in row) for row in cursor.fetchall()]


def timed(name: str, label: str, fn: Callable[[], Any], runs: int, note: str = "") -> Timing:
    results, times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        results.append(fn())
        times.append((time.perf_counter() - t0) * 1000)
    if any(r != results[0] for r in results):
        raise AssertionError(f"{name}: results differ between runs")
    result = results[0]
    if isinstance(result, dict):
        result = {"groups": len(result), "total": sum(result.values())}
    return Timing(name, label, times, result, note)


def once(name: str, label: str, fn: Callable[[], Any], note: str = "") -> tuple[Timing, Any]:
    t0 = time.perf_counter()
    value = fn()
    return Timing(name, label, [(time.perf_counter() - t0) * 1000], None, note), value


# ------------------------------------------------------------------------------------------ the run
def run(cfg: Config, log: Callable[[str], None] = lambda s: None) -> dict[str, Any]:
    """Build the data on the current (empty) database, time the queries, return the results."""
    if Unit.objects.exists():
        raise RuntimeError("The benchmark needs an empty database (it found units).")
    rng = random.Random(cfg.seed)
    timings: list[Timing] = []
    checks: dict[str, Any] = {}

    tree = build_tree(cfg, rng)
    t, n_units = once("units_insert", "(a) chèn đơn vị, tên, liên kết", lambda: _atomic(insert_tree, tree))
    timings.append(t)
    t, n_closure = once("closure_rebuild", "(a) dựng bảng bao đóng (closure.rebuild)", closure.rebuild)
    timings.append(t)
    log(f"cây: {n_units:,} đơn vị, {n_closure:,} dòng bao đóng")
    t, (n_members, n_memberships) = once(
        "members_insert", "(b) chèn đoàn viên và quá trình sinh hoạt", lambda: insert_members(cfg, tree, rng)
    )
    timings.append(t)
    log(f"đoàn viên: {n_members:,}; quá trình sinh hoạt: {n_memberships:,}")
    reset_sequences()
    t, _ = once("analyze", "ANALYZE sau khi nạp", analyze)
    timings.append(t)

    large = tree.large
    small = _small_upper(tree)
    runs = cfg.runs
    timings.append(timed("province_count", "(c) đếm đoàn viên một tỉnh theo ngày (JOIN bao đóng)",
                         lambda: count_subtree(large, QUERY_DAY), runs))  # fmt: skip
    timings.append(timed("province_count_earlier_day", "(c) cùng phép đếm, ngày 30/6/2025",
                         lambda: count_subtree(large, BEFORE_MOVE), runs))  # fmt: skip
    timings.append(timed("province_count_orm", "(c) cùng phép đếm qua org.selectors (ORM, IN)",
                         lambda: count_members_in_subtree(large, QUERY_DAY), runs))  # fmt: skip
    timings.append(timed("upper_count", "(d) đếm đoàn viên một công đoàn cấp trên cơ sở nhỏ",
                         lambda: count_subtree(small, QUERY_DAY), runs))  # fmt: skip
    timings.append(timed("province_by_child", "(e) đoàn viên theo đơn vị trực thuộc tỉnh (GROUP BY)",
                         lambda: count_by_child(large, QUERY_DAY), runs))  # fmt: skip
    timings.append(timed("national_by_province", "(thêm) đoàn viên theo tỉnh, toàn quốc (GROUP BY)",
                         lambda: count_by_child(tree.root, QUERY_DAY), runs))  # fmt: skip
    by = {t.name: t for t in timings}
    province_now = by["province_count"].result
    checks["orm_equals_join"] = by["province_count_orm"].result == province_now
    checks["by_child_sums_to_province"] = by["province_by_child"].result["total"] == province_now
    checks["by_province_sums_to_all"] = by["national_by_province"].result["total"] == count_subtree(
        tree.root, QUERY_DAY
    )
    province_before_day = by["province_count_earlier_day"].result

    # (f) reorganisation: move grassroots unions out of the large province on MOVE_DAY.
    moved = rng.sample([g for g in tree.grassroots[large] if tree.parent[g] != large], cfg.moves)
    targets = [u for p in tree.provinces[1:] for u in tree.uppers[p]] or [tree.provinces[-1]]
    moved_members = _members_of(moved, QUERY_DAY)

    def reorganise() -> None:
        by_id = Unit.objects.in_bulk([*moved, *targets])
        for i, g in enumerate(moved):
            move_unit(SYSTEM, unit=by_id[g], new_parent=by_id[targets[i % len(targets)]], on=MOVE_DAY,
                      decision_ref="Quyết định số 99/QĐ-LĐLĐ ngày 25/6/2025 (thử tải)")  # fmt: skip

    t, _ = once("reorganise", f"(f) chuyển {cfg.moves} CĐCS sang tỉnh khác (move_unit)", reorganise)
    timings.append(t)
    after = timed("province_count_after_move", "(f) đếm tỉnh sau sắp xếp, ngày sau sắp xếp",
                  lambda: count_subtree(large, QUERY_DAY), runs)  # fmt: skip
    before = timed("province_count_before_move_day", "(f) đếm tỉnh sau sắp xếp, ngày trước sắp xếp",
                   lambda: count_subtree(large, BEFORE_MOVE), runs)  # fmt: skip
    timings += [after, before]
    checks["after_move_lost_moved_members"] = after.result == province_now - moved_members
    checks["before_move_day_unchanged"] = before.result == province_before_day
    if cfg.units <= 20_000:
        t, problems = once("closure_check", "kiểm tra bảng bao đóng (closure.check)", closure.check)
        timings.append(t)
        checks["closure_check"] = problems == []

    data = {
        "units": n_units,
        "provinces": len(tree.provinces),
        "upper_grassroots": sum(len(v) for v in tree.uppers.values()),
        "grassroots": sum(len(v) for v in tree.grassroots.values()),
        "large_province_units": 1 + len(tree.uppers[large]) + len(tree.grassroots[large]),
        "small_upper_grassroots": len(tree.children[small]),
        "closure_rows": n_closure,
        "members": n_members,
        "memberships": n_memberships,
        "large_province_members_on_query_day": province_now,
        "small_upper_members_on_query_day": by["upper_count"].result,
        "moved_grassroots": len(moved),
        "moved_members_on_query_day": moved_members,
        "query_day": QUERY_DAY.isoformat(),
        "move_day": MOVE_DAY.isoformat(),
    }
    return {
        "benchmark": "tree_members",
        "db": connection.vendor,
        "config": asdict(cfg),
        "data": data,
        "timings": {t.name: t.as_dict() for t in timings},
        "checks": checks,
        "plans": {
            "province_count": explain(SQL_SUBTREE, [large, *[_d(QUERY_DAY)] * 4]),
            "province_by_child": explain(SQL_BY_CHILD, [large, *[_d(QUERY_DAY)] * 6]),
        },
        "machine": machine_facts(),
    }


def _atomic(fn: Callable[..., Any], *args: Any) -> Any:
    with transaction.atomic():
        return fn(*args)


def _small_upper(tree: Tree) -> int:
    """An upper-grassroots union of the large province with a median number of grassroots unions."""
    uppers = sorted(tree.uppers[tree.large], key=lambda u: (len(tree.children[u]), u))
    return uppers[len(uppers) // 2]


def _members_of(unit_ids: list[int], on: date) -> int:
    return Membership.objects.valid_on(on).filter(unit_id__in=unit_ids).count()


# ------------------------------------------------------------------------------------------ machine
def machine_facts() -> dict[str, Any]:
    facts: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "django_db_vendor": connection.vendor,
    }
    try:
        meminfo = dict(
            line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines() if ":" in line
        )
        facts["ram_gib"] = round(int(meminfo["MemTotal"].split()[0]) / 1024 / 1024, 1)
    except (OSError, KeyError, ValueError):
        facts["ram_gib"] = None
    try:
        facts["debian"] = Path("/etc/debian_version").read_text().strip()
    except OSError:
        facts["debian"] = None
    try:
        models = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        facts["cpu"] = models[0] if models else platform.processor()
    except OSError:
        facts["cpu"] = platform.processor()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            facts["db_version"] = f"SQLite {cursor.fetchone()[0]}"
            path = connection.settings_dict["NAME"]
            facts["db_size_mib"] = round(sum(os.path.getsize(p) for p in (path, f"{path}-wal") if os.path.exists(p)) / 2**20, 1)  # fmt: skip
        else:
            cursor.execute("SELECT version()")
            facts["db_version"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            facts["db_size_mib"] = round(cursor.fetchone()[0] / 2**20, 1)
            cursor.execute("SHOW shared_buffers")
            facts["shared_buffers"] = cursor.fetchone()[0]
            cursor.execute("SHOW max_parallel_workers_per_gather")
            facts["max_parallel_workers_per_gather"] = cursor.fetchone()[0]
    return facts


def table(result: dict[str, Any]) -> str:
    """A plain-text table of the results."""
    lines = []
    d, m = result["data"], result["machine"]
    lines.append(
        f"Thử tải cây đơn vị × đoàn viên — {m['db_version']} — {m['nproc']} nhân, {m['ram_gib']} GiB, "
        f"Python {m['python']}"
    )
    lines.append(
        f"{d['units']:,} đơn vị ({d['provinces']} tỉnh, {d['upper_grassroots']:,} CĐ cấp trên cơ sở, "
        f"{d['grassroots']:,} CĐCS; tỉnh lớn {d['large_province_units']:,} đơn vị), {d['closure_rows']:,} dòng "
        f"bao đóng, {d['members']:,} đoàn viên, {d['memberships']:,} quá trình sinh hoạt"
    )
    lines.append(
        f"Tỉnh lớn ngày {d['query_day']}: {d['large_province_members_on_query_day']:,} đoàn viên; "
        f"CĐ cấp trên nhỏ: {d['small_upper_members_on_query_day']:,} đoàn viên ({d['small_upper_grassroots']} CĐCS)"
    )
    lines.append("")
    lines.append(f"{'phép đo':<58} {'trung vị':>11} {'nhỏ nhất':>11} {'lớn nhất':>11}  kết quả")
    lines.append("-" * 110)
    for t in result["timings"].values():
        res = t["result"]
        res_text = (
            ""
            if res is None
            else (f"{res['groups']} nhóm, tổng {res['total']:,}" if isinstance(res, dict) else f"{res:,}")
        )
        lines.append(
            f"{t['label']:<58} {_ms(t['median_ms']):>11} {_ms(t['min_ms']):>11} {_ms(t['max_ms']):>11}  {res_text}"
        )
    lines.append("")
    ok = all(result["checks"].values())
    lines.append(
        "Kiểm tra: "
        + ("đạt" if ok else "KHÔNG ĐẠT")
        + " — "
        + ", ".join(f"{k}={v}" for k, v in result["checks"].items())
    )
    return "\n".join(lines)


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.1f} ms"
