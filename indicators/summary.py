"""Summary rows (indicators.models.SummaryRow): derived from the records, kept exact by the services.

The contract. An indicator opts in with `summary=Summary(source=...)` in its declaration. A domain service
that writes records of a model calls `lamtheo.lib.tallies.records_changed(Model, unit_ids)` after its
write, inside its transaction, with every unit whose records changed (old and new unit of a record that
moved). `refresh()` (registered in IndicatorsConfig.ready) then recomputes, in that transaction, the rows
of those units for every built indicator whose records are of that model (or that depends on it): the cost
is that of the units' own records, never of the subtree or of the tree. Reorganisations change no row:
the rows are per OWN unit and per day, the tree is joined at query time (see models.py).

`rebuild()` recomputes every row (manage.py rebuild_indicators) and marks the indicators built; `diff()`
compares the stored rows with a fresh derivation (manage.py check_indicators).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.request_memo import remembered

from .models import DistinctRow, SummaryRow, SummarySnapshot, SummaryState
from .registry import Indicator, Kind, all_indicators

Key = tuple[int, date, str]  # unit, day, part
Ids = list[int] | models.QuerySet  # unit ids, or a subquery of them (one column)
CHUNK = 900  # units per query: under SQLite's limit on parameters
SNAPSHOTS_FROM = date(2015, 1, 1)  # STATE snapshots: quarter ends from here (earlier days: SummaryRow)
MASK_BASE = date(2016, 1, 1)  # DistinctRow.mask: bit 0 is the first quarter of 2016
MASK_QUARTERS = 63  # bits 0..62 of a signed 64-bit integer: up to the third quarter of 2031
MASK_END = date(MASK_BASE.year + MASK_QUARTERS // 4, 3 * (MASK_QUARTERS % 4) + 1, 1)
CLOSURE_LABEL = "org.unitclosure"  # org.closure.rebuild tells which units' ancestry changed


def quarter_ends(start: date, until: date) -> list[date]:
    out = []
    y, q = start.year, (start.month - 1) // 3 + 1
    while True:
        end = date(y, 12, 31) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
        if end > until:
            return out
        if end >= start:
            out.append(end)
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)


def horizon() -> date:
    """Snapshots are written up to the end of next year (rebuild_indicators moves it on)."""
    return date(timezone.localdate().year + 1, 12, 31)


def summarised() -> list[Indicator]:
    return [i for i in all_indicators() if i.summary is not None]


def built_codes() -> set[str]:
    return set(SummaryState.objects.values_list("code", flat=True))


def _states() -> dict[str, date | None]:
    """code -> snapshots_until of every built indicator, read once per request (lamtheo.lib.request_memo)."""
    return remembered(
        "indicators.summary_states", lambda: dict(SummaryState.objects.values_list("code", "snapshots_until"))
    )


def is_built(ind: Indicator) -> bool:
    return ind.summary is not None and ind.code in _states()


def _chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = sorted(ids)
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _source(ind: Indicator, unit_ids: list[int] | None) -> models.QuerySet:
    assert ind.summary is not None
    qs = ind.summary.source().order_by()
    if unit_ids is not None:
        qs = qs.filter(**{f"{ind.unit_field}__in": unit_ids})
    return qs


def _part(ind: Indicator):
    from django.db.models import Value

    return F(ind.part_field) if ind.part_field else Value("")


def _day(ind: Indicator, qs: models.QuerySet, field: str):
    model_field = qs.model._meta.get_field(field.split("__")[0])
    return TruncDate(field) if isinstance(model_field, models.DateTimeField) else F(field)


def derive(ind: Indicator, unit_ids: list[int] | None = None) -> dict[Key, int]:
    """The rows the records give, for these units (all when None): {(unit, day, part): value}."""
    if ind.kind is Kind.COUNT:
        return _derive_count(ind, unit_ids)
    return _derive_state(ind, unit_ids)


def _derive_count(ind: Indicator, unit_ids: list[int] | None) -> dict[Key, int]:
    assert ind.date_field
    qs = _source(ind, unit_ids)
    qs = qs.annotate(_u=F(ind.unit_field), _d=_day(ind, qs, ind.date_field), _p=_part(ind))
    measure = Sum(ind.amount_field) if ind.amount_field else Count("pk")  # head counts: their sum per day
    rows = qs.filter(_d__isnull=False).values("_u", "_d", "_p").annotate(n=measure)
    return {(r["_u"], r["_d"], r["_p"] or ""): r["n"] for r in rows.iterator(chunk_size=10_000)}


def _derive_state(ind: Indicator, unit_ids: list[int] | None) -> dict[Key, int]:
    """Balances per unit at each day its state changes: +1 on valid_from, -1 on valid_to."""
    assert ind.summary and ind.summary.valid_from and ind.summary.valid_to
    events: dict[int, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for field, sign in ((ind.summary.valid_from, 1), (ind.summary.valid_to, -1)):
        qs = _source(ind, unit_ids)
        qs = qs.annotate(_u=F(ind.unit_field), _d=_day(ind, qs, field), _p=_part(ind))
        qs = qs.filter(_d__isnull=False, _d__lt=OPEN_END)
        for r in qs.values("_u", "_d", "_p").annotate(n=Count("pk")).iterator(chunk_size=10_000):
            events[r["_u"]][r["_d"]][r["_p"] or ""] += sign * r["n"]
    out: dict[Key, int] = {}
    for unit, days in events.items():
        balance: dict[str, int] = defaultdict(int)
        for day in sorted(days):
            changed = days[day]
            for part, delta in changed.items():
                balance[part] += delta
            for part, n in balance.items():
                if n or part in changed:
                    out[(unit, day, part)] = n
            for part in [p for p, n in balance.items() if not n]:
                del balance[part]
    return out


def snapshots(rows: dict[Key, int], until: date | None) -> dict[Key, int]:
    """The non-zero state of each unit on each quarter end in [SNAPSHOTS_FROM, until], from its rows."""
    if until is None:
        return {}
    ends = quarter_ends(SNAPSHOTS_FROM, until)
    per_unit: dict[int, dict[date, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for (unit, day, part), n in rows.items():
        per_unit[unit][day][part] = n
    out: dict[Key, int] = {}
    for unit, days in per_unit.items():
        changes = sorted(days)
        i, current = 0, {}
        for end in ends:
            while i < len(changes) and changes[i] <= end:
                current = days[changes[i]]
                i += 1
            for part, n in current.items():
                if n:
                    out[(unit, end, part)] = n
    return out


def stored_snapshots(ind: Indicator, unit_ids: list[int] | None = None) -> dict[Key, int]:
    qs = SummarySnapshot.objects.filter(code=ind.code)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {(u, d, p): v for u, d, p, v in qs.values_list("unit_id", "day", "part", "value").iterator(10_000)}


def stored(ind: Indicator, unit_ids: list[int] | None = None) -> dict[Key, int]:
    qs = SummaryRow.objects.filter(code=ind.code)
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    return {(u, d, p): v for u, d, p, v in qs.values_list("unit_id", "day", "part", "value").iterator(10_000)}


def _write(ind: Indicator, unit_ids: list[int] | None, until: date | None) -> int:
    if ind.distinct_field:
        return _write_distinct(ind, unit_ids)
    rows = derive(ind, unit_ids)
    n = _replace(SummaryRow, ind, unit_ids, rows)
    if ind.kind is Kind.STATE:
        _replace(SummarySnapshot, ind, unit_ids, snapshots(rows, until))
    return n


def _replace(model, ind: Indicator, unit_ids: list[int] | None, rows: dict[Key, int]) -> int:
    old = model.objects.filter(code=ind.code)
    if unit_ids is not None:
        old = old.filter(unit_id__in=unit_ids)
    old._raw_delete(old.db)  # derived rows, nothing refers to them: one DELETE, no collection
    q = connection.ops.quote_name
    sql = (
        f"INSERT INTO {q(model._meta.db_table)} (code, unit_id, day, part, value) VALUES (%s, %s, %s, %s, %s)"
    )
    items = [(ind.code, u, _d(d), p, v) for (u, d, p), v in rows.items()]
    with connection.cursor() as cursor:
        for i in range(0, len(items), 10_000):
            cursor.executemany(sql, items[i : i + 10_000])
    return len(items)


def _until(code: str) -> date | None:
    return _states().get(code)


def _watches(ind: Indicator, label: str) -> bool:
    assert ind.summary is not None
    if ind.distinct_field and label == CLOSURE_LABEL:  # the units' ancestry epochs changed
        return True
    return label == ind.summary.source().model._meta.label_lower or label in ind.summary.depends_on


def refresh(label: str, unit_ids: set[int]) -> None:
    """Listener of lamtheo.lib.tallies: recompute the rows of these units for every built indicator
    that counts records of `label` or depends on it, in the caller's transaction."""
    targets = [i for i in summarised() if _watches(i, label)]
    if not targets:
        return
    built = dict(SummaryState.objects.values_list("code", "snapshots_until"))
    with transaction.atomic():
        for ind in targets:
            if ind.code in built:
                for chunk in _chunks(unit_ids):
                    _write(ind, chunk, built[ind.code])


@transaction.atomic
def rebuild(codes: Iterable[str] | None = None, unit_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Recompute the rows and mark the indicators built: code → rows written. With unit_ids, only the
    rows of those units, of the indicators already built (the others are counted from the records)."""
    wanted = set(codes) if codes is not None else None
    built = dict(SummaryState.objects.values_list("code", "snapshots_until"))
    out = {}
    for ind in summarised():
        if wanted is not None and ind.code not in wanted:
            continue
        if unit_ids is None:
            until = horizon() if ind.kind is Kind.STATE else None
            out[ind.code] = _write(ind, None, until)
            SummaryState.objects.update_or_create(
                code=ind.code, defaults={"built_at": timezone.now(), "snapshots_until": until}
            )
        elif ind.code in built:
            out[ind.code] = sum(_write(ind, chunk, built[ind.code]) for chunk in _chunks(unit_ids))
    return out


def diff(ind: Indicator, unit_ids: list[int] | None = None) -> list[tuple[tuple, int | None, int | None]]:
    """Every row where the stored summary and the records differ: (key, stored, from the records).
    Distinct counts: key (unit, since, part, value), stored and derived masks."""
    if ind.distinct_field:
        have_d, want_d = stored_distinct(ind, unit_ids), derive_distinct(ind, unit_ids)
        keys_d = sorted(set(have_d) | set(want_d))
        out_d: list = [(k, have_d.get(k), want_d.get(k)) for k in keys_d if have_d.get(k) != want_d.get(k)]
        return out_d + (wrong_solo(ind) if unit_ids is None else [])
    have, want = stored(ind, unit_ids), derive(ind, unit_ids)
    keys = sorted(set(have) | set(want))
    out = [(k, have.get(k), want.get(k)) for k in keys if have.get(k) != want.get(k)]
    if ind.kind is Kind.STATE:
        have, want = stored_snapshots(ind, unit_ids), snapshots(want, _until(ind.code))
        keys = sorted(set(have) | set(want))
        out += [(k, have.get(k), want.get(k)) for k in keys if have.get(k) != want.get(k)]
    return out


# ---------------------------------------------------------------------------- distinct counts (writing)
DistinctKey = tuple[int, date, str, int]  # unit, since, part, value


def quarter_index(day: date) -> int:
    return (day.year - MASK_BASE.year) * 4 + (day.month - 1) // 3


def mask_of(start: date, end: date) -> int | None:
    """The mask of the window [start, end) if it is whole quarters inside the mask's range, else None
    (the engine then counts from the records)."""
    if start.day != 1 or end.day != 1 or start.month % 3 != 1 or end.month % 3 != 1:
        return None
    a, b = quarter_index(start), quarter_index(end)
    if a < 0 or b > MASK_QUARTERS or a >= b:
        return None
    return ((1 << b) - 1) ^ ((1 << a) - 1)


def _quarter_sql(column: str) -> str:
    base = MASK_BASE.year
    if connection.vendor == "postgresql":
        return (
            f"((CAST(EXTRACT(YEAR FROM {column}) AS INTEGER) - {base}) * 4"
            f" + (CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1) / 3)"
        )
    return (
        f"((CAST(strftime('%%Y', {column}) AS INTEGER) - {base}) * 4"
        f" + (CAST(strftime('%%m', {column}) AS INTEGER) - 1) / 3)"
    )


def _distinct_select(ind: Indicator, unit_ids: list[int] | None) -> tuple[str, list]:
    """One set-based statement: the DistinctRow rows of these units (all when None) as
    (unit, value, part, since, mask), grouped in the database by unit, ancestry epoch, value and part.

    The epochs of a unit: its closure rows' valid_from and valid_to days, each the start of an interval
    to the next (a window function); a record joins the epoch holding its day."""
    from org.models import UnitClosure

    assert ind.date_field and ind.distinct_field
    qs = _source(ind, unit_ids)
    qs = qs.annotate(
        _u=F(ind.unit_field), _d=_day(ind, qs, ind.date_field), _v=F(ind.distinct_field), _p=_part(ind)
    )
    qs = qs.filter(_d__gte=MASK_BASE, _d__lt=MASK_END, _v__isnull=False).values("_u", "_d", "_v", "_p")
    inner, params = qs.query.sql_with_params()
    cl = _t(UnitClosure)
    where, ids = (
        ("", []) if unit_ids is None else (f" WHERE {_in('descendant_id', unit_ids)}", list(unit_ids))
    )
    epochs = (
        "SELECT b.unit, b.day AS lo, LEAD(b.day) OVER (PARTITION BY b.unit ORDER BY b.day) AS hi FROM ("
        f"SELECT descendant_id AS unit, valid_from AS day FROM {cl}{where}"
        f" UNION SELECT descendant_id, valid_to FROM {cl}{where}) b"
    )
    bit = f"CAST(1 AS BIGINT) << {_quarter_sql('r._d')}"
    merged = f"BIT_OR({bit})" if connection.vendor == "postgresql" else f"SUM(DISTINCT {bit})"
    sql = (
        f"SELECT r._u, r._v, COALESCE(r._p, ''), MIN(r._d), {merged} FROM ({inner}) r"
        f" LEFT JOIN ({epochs}) e ON e.unit = r._u AND e.lo <= r._d AND (e.hi IS NULL OR e.hi > r._d)"
        " GROUP BY r._u, e.lo, r._v, r._p"
    )
    return sql, [*params, *ids, *ids]


def derive_distinct(ind: Indicator, unit_ids: list[int] | None = None) -> dict[DistinctKey, int]:
    """The DistinctRow rows the records give: {(unit, since, part, value): mask}."""
    out: dict[DistinctKey, int] = {}
    for chunk in [None] if unit_ids is None else _chunks(unit_ids, CHUNK // 3):
        sql, params = _distinct_select(ind, chunk)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for u, v, p, since, mask in cursor.fetchall():
                out[(u, _as_date(since), p or "", int(v))] = int(mask)
    return out


def stored_distinct(ind: Indicator, unit_ids: list[int] | None = None) -> dict[DistinctKey, int]:
    out: dict[DistinctKey, int] = {}
    for chunk in [None] if unit_ids is None else _chunks(unit_ids):
        qs = DistinctRow.objects.filter(code=ind.code)
        if chunk is not None:
            qs = qs.filter(unit_id__in=chunk)
        rows = qs.values_list("unit_id", "since", "part", "value", "mask").iterator(10_000)
        out.update({(u, d, p, v): m for u, d, p, v, m in rows})
    return out


def wrong_solo(ind: Indicator) -> list[tuple[DistinctKey, str, str]]:
    """Rows whose `solo` flag disagrees with the stored rows (the only row of its value and part)."""
    rows = list(
        DistinctRow.objects.filter(code=ind.code).values_list("unit_id", "since", "part", "value", "solo")
    )
    count: dict[tuple[int, str], int] = defaultdict(int)
    for _u, _d, p, v, _s in rows:
        count[(v, p)] += 1
    return [
        ((u, d, p, v), f"solo={s}", f"solo={count[(v, p)] == 1}")
        for u, d, p, v, s in rows
        if s != (count[(v, p)] == 1)
    ]


def _values_of(ind: Indicator, unit_ids: list[int]) -> set[int]:
    out: set[int] = set()
    for chunk in _chunks(unit_ids):
        out.update(
            DistinctRow.objects.filter(code=ind.code, unit_id__in=chunk)
            .values_list("value", flat=True)
            .distinct()
        )
    return out


def _mark_solo(ind: Indicator, values: set[int] | None) -> None:
    """Set `solo` on the rows of these values (all when None, every row then just inserted as not solo)
    from the rows stored now: two set-based UPDATEs per chunk of values."""
    t = _t(DistinctRow)
    with connection.cursor() as cursor:
        for chunk in [None] if values is None else _chunks(values):
            only, ids = ("", []) if chunk is None else (f" AND {_in('value', chunk)}", list(chunk))
            if chunk is not None:
                cursor.execute(f"UPDATE {t} SET solo = %s WHERE code = %s{only}", [False, ind.code, *ids])
            cursor.execute(
                f"UPDATE {t} AS d SET solo = %s FROM (SELECT value AS v, part AS p FROM {t} WHERE code = %s{only}"
                " GROUP BY value, part HAVING COUNT(*) = 1) s WHERE d.code = %s AND d.value = s.v AND d.part = s.p",
                [True, ind.code, *ids, ind.code],
            )


def _write_distinct(ind: Indicator, unit_ids: list[int] | None) -> int:
    """Replace the units' DistinctRow rows with one INSERT … SELECT (GROUP BY in the database), then the
    `solo` flags of every value those units had or have now (its rows in other units included)."""
    old = DistinctRow.objects.filter(code=ind.code)
    before: set[int] = set()
    if unit_ids is not None:
        before = _values_of(ind, unit_ids)
        old = old.filter(unit_id__in=unit_ids)
    old._raw_delete(old.db)
    n = 0
    for chunk in [None] if unit_ids is None else _chunks(unit_ids, CHUNK // 3):
        select, params = _distinct_select(ind, chunk)
        sql = f"INSERT INTO {_t(DistinctRow)} (code, unit_id, value, part, since, mask, solo) SELECT %s, g.*, %s FROM ({select}) g"
        with connection.cursor() as cursor:
            cursor.execute(sql, [ind.code, False, *params])
            n += max(cursor.rowcount, 0)
    _mark_solo(ind, None if unit_ids is None else before | _values_of(ind, unit_ids))
    return n


# --------------------------------------------------------------------------------------------- reading
def _t(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _d(value: date):
    return connection.ops.adapt_datefield_value(value)


def _scoped_sql(scope: list[int], day: str, unit: str = "c.descendant_id") -> str:
    """One EXISTS per scope ancestor (its id a parameter): the closure row placing the row's `unit`
    under it on `day` (SQL expressions)."""
    from org.models import UnitClosure

    cl = _t(UnitClosure)
    return "".join(
        f" AND EXISTS (SELECT 1 FROM {cl} a WHERE a.ancestor_id = %s AND a.descendant_id = {unit}"
        f" AND a.valid_from <= {day} AND a.valid_to > {day})"
        for _ in scope
    )


def state_rows(
    ind: Indicator, unit_id: int, on: date, *, scope: list[int], by_child: Ids | None = None
) -> list[tuple[int | None, str, int]]:
    """The state on `on` of the unit's subtree as it stood that day: [(child or None, part, value)].

    On a quarter's last day (the day of every year's and quarter's figure) within the snapshots: the
    closure rows of the subtree joined with the snapshots of that day, by equality (the closure rows
    already hold the subtree: the snapshots are not limited to it a second time). Any other day: each
    unit's last summary day <= on, found by one backward index probe per closure row. Either way the
    cost follows the number of units, not of records. `by_child`: the children to group by, ids or a
    subquery of them (a unit's own rows come with None)."""
    from org.models import UnitClosure

    cl = _t(UnitClosure)
    params: list = []
    if by_child is None:
        select, join, group = "NULL", "", ""
    else:
        select = "k.ancestor_id"
        kin, kin_params = _ids_in("k.ancestor_id", by_child)
        join = (
            f" LEFT JOIN {cl} k ON k.descendant_id = c.descendant_id AND k.depth = c.depth - 1"
            f" AND k.valid_from <= %s AND k.valid_to > %s AND {kin}"
        )
        params += [_d(on), _d(on), *kin_params]
        group = "k.ancestor_id, "
    where = f" WHERE c.ancestor_id = %s AND c.valid_from <= %s AND c.valid_to > %s{_scoped_sql(scope, '%s')}"
    where_params = [unit_id, _d(on), _d(on), *(x for a in scope for x in (a, _d(on), _d(on)))]
    if _last_quarter_end(ind, on) == on:
        source = (
            f" JOIN {_t(SummarySnapshot)} s ON s.code = %s AND s.day = %s AND s.unit_id = c.descendant_id"
        )
        source_params = [ind.code, _d(on)]
    else:
        subtree = (
            f"SELECT descendant_id FROM {cl} WHERE ancestor_id = %s AND valid_from <= %s AND valid_to > %s"
        )
        derived, source_params = _states_on(ind, on, subtree, [unit_id, _d(on), _d(on)])
        source = f" JOIN {derived} s ON s.unit_id = c.descendant_id"
    sql = f"SELECT {select}, s.part, SUM(s.value) FROM {cl} c{join}{source}{where} GROUP BY {group}s.part"
    params = [*params, *source_params, *where_params]  # in the order of the placeholders: join, source, where
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(k, p or "", int(v or 0)) for k, p, v in cursor.fetchall()]


def batch_snapshot_days() -> bool:
    """Whether states_on_days reads the snapshot days in one query. Measured on the province bench
    (4,009 units, six year ends): PostgreSQL 8.8 ms batched against 6 × 1.9 ms single; SQLite 25 ms
    batched against 6 × 2.9 ms single (it probes the snapshot key per closure row and day either way,
    and sorts the bigger group)."""
    return connection.vendor == "postgresql"


def states_on_days(
    ind: Indicator, unit_id: int, days: Iterable[date], *, scope: list[int], batched: bool | None = None
) -> dict[date, list[tuple[str, int]]]:
    """state_rows for several days (a figure's year or quarter ends): {day: [(part, value)]}.

    The days with snapshots are read in one query (`s.day IN …`, each closure row tested on the
    snapshot's own day) when `batched` (default: batch_snapshot_days()), else one state_rows each, as
    are the other days. Either way the same rows as state_rows day by day."""
    days = sorted(set(days))
    snap = [d for d in days if _last_quarter_end(ind, d) == d]
    if batched is None:
        batched = batch_snapshot_days()
    if not batched or len(snap) < 2:
        snap = []
    out: dict[date, list[tuple[str, int]]] = {d: [] for d in snap}
    if snap:
        from org.models import UnitClosure

        cl, sn = _t(UnitClosure), _t(SummarySnapshot)
        sql = (
            f"SELECT s.day, s.part, SUM(s.value) FROM {cl} c JOIN {sn} s ON s.code = %s"
            " AND s.unit_id = c.descendant_id AND c.valid_from <= s.day AND c.valid_to > s.day"
            f" WHERE c.ancestor_id = %s AND {_in('s.day', snap)}{_scoped_sql(scope, 's.day')}"
            " GROUP BY s.day, s.part"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [ind.code, unit_id, *(_d(d) for d in snap), *scope])
            for d, p, v in cursor.fetchall():
                out[_as_date(d)].append((p or "", int(v or 0)))
    for d in days:
        if d not in out:
            out[d] = [(p, v) for _k, p, v in state_rows(ind, unit_id, d, scope=scope)]
    return out


def _last_quarter_end(ind: Indicator, on: date) -> date | None:
    """The last quarter end on or before `on` that has snapshots, or None."""
    until = _until(ind.code)
    if until is None or on < SNAPSHOTS_FROM:
        return None
    end = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1) - timedelta(days=1)  # the previous quarter's end
    if on in quarter_ends(on.replace(day=1), on):
        end = on
    return end if SNAPSHOTS_FROM <= end <= until else None


def _states_on(ind: Indicator, on: date, units: str, units_params: list) -> tuple[str, list]:
    """A derived table (unit_id, part, value): the state on `on` of each unit of the subquery `units`.

    On a quarter end with snapshots: that day's snapshots. Another day after such an end Q: the snapshots
    of Q for the units with no summary row in (Q, on], and for the others their rows of their last day
    in (Q, on] (index indicator_summary_day: the rows of one quarter, not of every year). Before the
    snapshots: each unit's last row <= on, by one backward probe of the key per unit."""
    sr, sn = _t(SummaryRow), _t(SummarySnapshot)
    q = _last_quarter_end(ind, on)
    if q == on:
        return (
            f"(SELECT unit_id, part, value FROM {sn} WHERE code = %s AND day = %s AND unit_id IN ({units}))",
            [ind.code, _d(on), *units_params],
        )
    if q is not None:
        return (
            f"(SELECT p.unit_id, p.part, p.value FROM {sn} p WHERE p.code = %s AND p.day = %s"
            f" AND p.unit_id IN ({units}) AND NOT EXISTS (SELECT 1 FROM {sr} r WHERE r.code = %s"
            " AND r.unit_id = p.unit_id AND r.day > %s AND r.day <= %s)"
            f" UNION ALL SELECT x.unit_id, x.part, x.value FROM (SELECT unit_id, MAX(day) AS day FROM {sr}"
            f" WHERE code = %s AND day > %s AND day <= %s AND unit_id IN ({units}) GROUP BY unit_id) r"
            f" JOIN {sr} x ON x.code = %s AND x.unit_id = r.unit_id AND x.day = r.day)",
            [ind.code, _d(q), *units_params, ind.code, _d(q), _d(on),
             ind.code, _d(q), _d(on), *units_params, ind.code],
        )  # fmt: skip
    return (
        f"(SELECT x.unit_id, x.part, x.value FROM {sr} x WHERE x.code = %s AND x.unit_id IN ({units})"
        f" AND x.day = (SELECT s2.day FROM {sr} s2 WHERE s2.code = %s AND s2.unit_id = x.unit_id"
        " AND s2.day <= %s ORDER BY s2.day DESC LIMIT 1))",  # SQLite scans for a MAX here: ORDER BY … LIMIT 1
        [ind.code, *units_params, ind.code, _d(on)],
    )


def count_rows(
    ind: Indicator,
    unit_id: int,
    start: date,
    end: date,
    *,
    scope: list[int],
    by_child: Ids | None = None,
) -> list[tuple[int | None, date, str, int]]:
    """The records dated in [start, end) counted for the unit's subtree as it stood on each record's day:
    [(child or None, day, part, value)], one row per day and part (the caller buckets by year, quarter)."""
    from org.models import UnitClosure

    cl, sr = _t(UnitClosure), _t(SummaryRow)
    params: list = []
    if by_child is None:
        select, join, group = "NULL", "", ""
    else:
        select = "k.ancestor_id"
        kin, kin_params = _ids_in("k.ancestor_id", by_child)
        join = (
            f" LEFT JOIN {cl} k ON k.descendant_id = s.unit_id AND k.depth = c.depth - 1"
            f" AND k.valid_from <= s.day AND k.valid_to > s.day"
            f" AND {kin}"
        )
        params += kin_params
        group = "k.ancestor_id, "
    scoped = _scoped_sql(scope, "s.day", unit="s.unit_id")
    sql = (
        f"SELECT {select}, s.day, s.part, SUM(s.value) FROM {cl} c"
        f" JOIN {sr} s ON s.code = %s AND s.unit_id = c.descendant_id AND s.day >= %s AND s.day < %s"
        f" AND c.valid_from <= s.day AND c.valid_to > s.day{join}"
        f" WHERE c.ancestor_id = %s{scoped}"
        f" GROUP BY {group}s.day, s.part"
    )
    params = [ind.code, _d(start), _d(end)] + params + [unit_id]
    for a in scope:
        params.append(a)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(k, _as_date(d), p or "", int(v or 0)) for k, d, p, v in rows]


def _in(column: str, ids: list) -> str:
    """column IN (%s, …); no unit at all matches nothing (PostgreSQL refuses an empty IN ())."""
    return f"{column} IN ({', '.join(['%s'] * len(ids))})" if ids else "1 = 0"


def _ids_in(column: str, ids: Ids) -> tuple[str, list]:
    """column IN (…) and its parameters, for a list of ids or a subquery of them (one column): a
    province's 340 children as a subquery spare PostgreSQL's client 340 parameters (7.2 -> 5.5 ms)."""
    if isinstance(ids, models.QuerySet):
        try:
            sql, params = ids.query.sql_with_params()
        except EmptyResultSet:  # .none(), or an empty IN ()
            return "1 = 0", []
        return f"{column} IN ({sql})", list(params)
    return _in(column, list(ids)), list(ids)


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def distinct_rows(
    ind: Indicator,
    unit_id: int,
    mask: int,
    buckets: list[int],
    *,
    scope: list[int],
    by_child: Ids | None = None,
) -> list[tuple[int | None, str, int, list[int]]]:
    """Distinct values of the unit's subtree (as it stood on each record's day) with a record in the
    quarters of `mask`: [(child or None, part, count, [count in each bucket mask])].

    Two statements over the rows under the unit on their `since`: the solo rows (the only row of their
    value) counted as they are, a flag per bucket summed; the others grouped by value (and child, part)
    first, so a value counts once per child and part, and once in each bucket it has a record in."""
    from org.models import UnitClosure

    cl, dr = _t(UnitClosure), _t(DistinctRow)
    n = len(buckets)
    if by_child is None:
        select, join, group, kids = "NULL", "", "", []
    else:
        select = "k.ancestor_id"
        kin, kids = _ids_in("k.ancestor_id", by_child)
        join = (
            f" LEFT JOIN {cl} k ON k.descendant_id = d.unit_id AND k.depth = c.depth - 1"
            f" AND k.valid_from <= d.since AND k.valid_to > d.since AND {kin}"
        )
        group = "k.ancestor_id, "
    scoped = _scoped_sql(scope, "d.since", unit="d.unit_id")
    body = (
        f" FROM {cl} c JOIN {dr} d ON d.code = %s AND d.unit_id = c.descendant_id AND d.solo = %s"
        f" AND c.valid_from <= d.since AND c.valid_to > d.since AND (d.mask & CAST(%s AS BIGINT)) <> 0{join}"
        f" WHERE c.ancestor_id = %s{scoped}"
    )
    flag = "CASE WHEN ({m} & CAST(%s AS BIGINT)) <> 0 THEN 1 ELSE 0 END"
    solo_sql = (
        f"SELECT {select}, d.part, COUNT(*){''.join(', SUM(' + flag.format(m='d.mask') + ')' for _ in range(n))}"
        f"{body} GROUP BY {group}d.part"
    )
    solo_params = [*buckets, ind.code, True, mask, *kids, unit_id, *scope]
    if connection.vendor == "postgresql":  # one BIT_OR per value, the buckets tested on the merged mask
        flags = ", BIT_OR(d.mask) AS m" if n else ""
        sums = "".join(f", SUM({flag.format(m='g.m')})" for _ in range(n))
        head, inner = list(buckets), []
    else:  # SQLite has no BIT_OR: one flag per bucket and value
        flags = "".join(f", MAX({flag.format(m='d.mask')}) AS b{i}" for i in range(n))
        sums = "".join(f", SUM(g.b{i})" for i in range(n))
        head, inner = [], list(buckets)
    grouped_sql = (
        f"SELECT g.k, g.part, COUNT(*){sums} FROM (SELECT {select} AS k, d.value, d.part{flags}{body}"
        f" GROUP BY {group}d.value, d.part) g GROUP BY g.k, g.part"
    )
    grouped_params = [*head, *inner, ind.code, False, mask, *kids, unit_id, *scope]
    found: dict[tuple[int | None, str], list[int]] = {}
    with connection.cursor() as cursor:
        for sql, params in ((solo_sql, solo_params), (grouped_sql, grouped_params)):
            cursor.execute(sql, params)
            for r in cursor.fetchall():
                key = (r[0], r[1] or "")
                have = found.setdefault(key, [0] * (n + 1))
                for j, x in enumerate(r[2:]):
                    have[j] += int(x or 0)
    return [(k, p, v[0], v[1:]) for (k, p), v in found.items()]


def _own_sql(ind: Indicator, on: date) -> tuple[str, list]:
    """The CTE `own(unit_id, v)`: the state total of each unit of the CTE `d(unit_id)` (defined before
    it) on `on` (_states_on)."""
    source, params = _states_on(ind, on, "SELECT unit_id FROM d", [])
    return f" own AS (SELECT s.unit_id, SUM(s.value) AS v FROM {source} s GROUP BY s.unit_id)", params


def _own_snapshot_totals(
    ind: Indicator, unit_ids: Iterable[int] | models.QuerySet, on: date
) -> dict[int, int]:
    """own_totals on a quarter end: the snapshots of that day, one equality range of their index."""
    batches = [unit_ids] if isinstance(unit_ids, models.QuerySet) else list(_chunks(set(unit_ids)))
    out: dict[int, int] = {}
    for ids in batches:
        rows = (
            SummarySnapshot.objects.filter(code=ind.code, day=on, unit_id__in=ids)
            .order_by()
            .values("unit_id")
            .annotate(n=Sum("value"))
            .values_list("unit_id", "n")
        )
        out.update({uid: int(n) for uid, n in rows if n})
    return out


def own_totals(ind: Indicator, unit_ids: Iterable[int] | models.QuerySet, on: date) -> dict[int, int] | None:
    """STATE: the total (all parts) of each unit's OWN records on `on` (not its subtree), for a list of
    units or a subquery of their ids (one column); None when the indicator's rows are not built. A
    quarter end reads that day's snapshots; any other day, the states of _states_on (study's coverage: a
    province's 4,000 unions without reading their memberships)."""
    assert ind.kind is Kind.STATE
    if not is_built(ind):
        return None
    if _last_quarter_end(ind, on) == on:  # a day with snapshots
        return _own_snapshot_totals(ind, unit_ids, on)
    if isinstance(unit_ids, models.QuerySet):
        try:
            sub, sub_params = unit_ids.query.sql_with_params()
        except EmptyResultSet:  # .none(), or an empty IN ()
            return {}
        batches = [(sub, list(sub_params))]
    else:
        batches = [(", ".join(["(%s)"] * len(c)), c) for c in _chunks(set(unit_ids))]
        batches = [(f"SELECT * FROM (VALUES {v}) x", c) for v, c in batches]
    out: dict[int, int] = {}
    for sub, sub_params in batches:
        own, own_params = _own_sql(ind, on)
        sql = f"WITH d(unit_id) AS ({sub}),{own} SELECT unit_id, v FROM own"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*sub_params, *own_params])
            out.update({u: int(v) for u, v in cursor.fetchall() if v})
    return out


def subtree_totals(ind: Indicator, unit_ids: list[int], on: date) -> dict[int, int] | None:
    """STATE: the total (all parts) of each unit's subtree as it stood on `on`, for many units at once
    (the tree's pages: a province and its children); None when the indicator's rows are not built.

    Each unit of the subtrees is read once however many of the asked units hold it: its last summary day
    <= on by one backward index probe, then its rows of that day, summed up the closure pairs. The cost
    follows the number of units in the subtrees, not the number of records."""
    assert ind.kind is Kind.STATE
    if not is_built(ind):
        return None
    from org.models import UnitClosure

    cl = _t(UnitClosure)
    out: dict[int, int] = {}
    for chunk in _chunks(set(unit_ids), CHUNK // 2):
        day = _d(on)
        own, own_params = _own_sql(ind, on)
        sql = (
            f"WITH d(unit_id) AS (SELECT descendant_id FROM {cl}"
            f" WHERE {_in('ancestor_id', chunk)} AND valid_from <= %s AND valid_to > %s),{own}"
            f" SELECT c.ancestor_id, SUM(own.v) FROM {cl} c JOIN own ON own.unit_id = c.descendant_id"
            f" WHERE {_in('c.ancestor_id', chunk)} AND c.valid_from <= %s AND c.valid_to > %s"
            " GROUP BY c.ancestor_id"
        )
        params = [*chunk, day, day, *own_params, *chunk, day, day]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            out.update({a: int(v) for a, v in cursor.fetchall() if v})
    return out
