"""Computing indicators from the records, with the tree as it stood.

A record dated D counts for unit U when its own unit lay in U's subtree on D: the closure row
(U, record unit) valid on D (`valid_from <= D < valid_to`), one indexed range probe per record. A state
indicator counts the records holding on one day, in the subtree as it stood that day. Every breakdown is
one GROUP BY query (by year and part together; by child unit and part), so the number of queries does not
depend on the number of units. Scoping: the unit must be visible to the actor, and the records must
lie in the actor's subtree as it stood on their date (the role must have the model's view action).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import ExtractYear, TruncDate

from accounts.permissions import Action, Scope
from accounts.scoping import Actor, ScopedQuerySet, subtree_ids, unit_is_visible
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.request_memo import remembered
from org.models import Unit, UnitClosure, UnitLink

from . import summary
from .registry import Indicator, Kind, Window, get

DAY = "_indicator_day"
CHILD = "_indicator_child"
PART = "_indicator_part"
YEAR = "_indicator_year"
DEPTH = "_indicator_depth"
UNIT_SCAN = "_indicator_unit_scan"
UNASSIGNED = "unassigned"  # part of records whose part field is empty


class IndicatorError(ServiceError):
    """A request the engine cannot answer (unknown code, unit out of scope, bad period)."""


Value = int | float | dict[str, Any] | None


@dataclass
class Figure:
    indicator: Indicator
    value: Value
    by_year: dict[int, Value] = field(default_factory=dict)


MAX_YEARS = 10  # a period is at most ten years: one request must not read a century of records


def window_for(start: date, end: date, as_of: date | None = None) -> Window:
    """[start, end) with the state day: as_of, or the last day of the period."""
    if end <= start:
        raise IndicatorError("Ngày kết thúc kỳ phải sau ngày bắt đầu.", field="to")
    if (end - start).days > MAX_YEARS * 366:
        raise IndicatorError(f"Kỳ tính số liệu dài nhất {MAX_YEARS} năm: hãy chọn kỳ ngắn hơn.", field="to")
    return Window(start=start, end=end, on=as_of or end - timedelta(days=1))


def check_unit(actor: Actor, unit_id: int, on: date) -> None:
    def visible() -> bool:
        return unit_is_visible(actor, unit_id, on) or unit_is_visible(actor, unit_id)

    if not remembered(
        ("indicators.unit_visible", getattr(actor.user, "pk", None), actor.unit_id, actor.role, unit_id, on),
        visible,
    ):
        raise IndicatorError("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="unit")


def _scoped_ancestors(qs: QuerySet, actor: Actor, unit_id: int | None = None) -> list[int] | None:
    """The actor's own unit as one more ancestor every record must lie under (on the record's date, like
    dated records' visible_to), [] for SYSTEM, None when the role lacks the model's view action on its
    subtree. Counting for the actor's own unit (`unit_id`), the test is the count's own: [] as well."""
    if actor.is_system:
        return []
    action = qs.view_action if isinstance(qs, ScopedQuerySet) else Action.VIEW
    if actor.unit_id is None or not actor.may(action, Scope.SUBTREE):
        return None
    return [] if actor.unit_id == unit_id else [actor.unit_id]


def may_see(actor: Actor, ind: Indicator, window: Window) -> bool:
    """Whether the role may view the records the indicator counts (a plain member and the members of their
    union, or its attendance lists: no). A figure the actor may not see is not theirs to read as 0; a rate
    is seen when both its numerator and its denominator are."""
    if ind.kind is Kind.RATE:
        parts = [get(ind.numerator or ""), get(ind.denominator or "")]
        return all(p is not None and may_see(actor, p, window) for p in parts)
    source = ind.records(window) if ind.records else ind.summary.source() if ind.summary else None
    return source is None or _scoped_ancestors(source, actor) is not None


def unseen(ind: Indicator, window: Window) -> Figure:
    """The figure of an indicator the actor may not see (may_see): no value, none in any year."""
    return Figure(ind, None, {y: None for y in _years(window)})


def _with_day(ind: Indicator, qs: QuerySet) -> QuerySet:
    assert ind.date_field
    model_field = qs.model._meta.get_field(ind.date_field.split("__")[0])
    day = TruncDate(ind.date_field) if isinstance(model_field, models.DateTimeField) else F(ind.date_field)
    return qs.annotate(**{DAY: day})


def _held_by(ancestor_filter: dict, ind: Indicator) -> QuerySet:
    """Closure rows placing the record's unit under the ancestor(s) on the record's day."""
    return UnitClosure.objects.filter(
        **ancestor_filter,
        descendant_id=OuterRef(ind.unit_field),
        valid_from__lte=OuterRef(DAY),
        valid_to__gt=OuterRef(DAY),
    )


def records(
    actor: Actor,
    ind: Indicator,
    unit_id: int,
    window: Window,
    *,
    within: int | None = None,
    own: bool = False,
    broad: bool = False,
) -> QuerySet:
    """Exactly the records the indicator counts for the unit's subtree in the window (the drill-down).

    `within`: only those counted for that (upper) unit too, i.e. the cell of a child in its breakdown;
    `own`: only the records of the unit itself, not of its subtree (the "tại đơn vị" row);
    `broad`: the records are most of their table (a province's members): a state's unit test is then
    written as "unit + 0", which no index answers, so a page in id order walks the primary key and stops
    at the page instead of sorting every record of the subtree (MemberQuerySet.visible_to does the same).
    """
    if ind.records is None:
        raise IndicatorError(f"Chỉ tiêu {ind.label} không có danh sách bản ghi riêng.")
    qs = ind.records(window)
    scope = _scoped_ancestors(qs, actor)
    if scope is None:  # still annotated with the day: compute() groups the empty list by its year
        return (qs if ind.kind is Kind.STATE else _with_day(ind, qs)).none()
    # Each ancestor once: the actor's own unit as the scope is tested once when it is also the unit.
    ancestors = list(dict.fromkeys([unit_id] + ([within] if within is not None else []) + scope))
    if ind.kind is Kind.STATE:
        unit_test = ind.unit_field
        if broad:
            qs = qs.alias(
                **{UNIT_SCAN: ExpressionWrapper(F(ind.unit_field) + 0, output_field=IntegerField())}
            )
            unit_test = UNIT_SCAN
        for a in ancestors:
            qs = qs.filter(**{f"{unit_test}__in": subtree_ids(a, window.on)})
    else:
        qs = _with_day(ind, qs).filter(**{f"{DAY}__gte": window.start, f"{DAY}__lt": window.end})
        for a in ancestors:
            qs = qs.filter(Exists(_held_by({"ancestor_id": a}, ind)))
    if own:
        qs = qs.filter(**{ind.unit_field: unit_id})
    return qs


def records_for_part(qs: QuerySet, ind: Indicator, part: str | None, *, broad: bool = False) -> QuerySet:
    if not part or not ind.part_field:
        return qs
    value = "" if part == UNASSIGNED else part
    unit_part = f"{ind.unit_field}__"
    if broad and ind.kind is Kind.STATE and ind.part_field.startswith(unit_part):
        # A part of the unit (its sector) as one more set of units: a filter on the joined unit would
        # make the database start from the units and sort every record again (see records, `broad`).
        units = Unit.objects.filter(**{ind.part_field.removeprefix(unit_part): value}).values("pk")
        return qs.filter(**{f"{UNIT_SCAN}__in": units})
    return qs.filter(**{ind.part_field: value})


def _measure(ind: Indicator):
    if ind.amount_field:
        return Sum(ind.amount_field)
    return Count(ind.distinct_field, distinct=True) if ind.distinct_field else Count("pk")


def _grouped(ind: Indicator, qs: QuerySet, *keys: str) -> list[dict]:
    """One GROUP BY over `keys` (and the part, if any): rows of {key: …, PART: …, "n": …}."""
    if ind.part_field:
        qs = qs.annotate(**{PART: F(ind.part_field)})
        keys = (*keys, PART)
    if not keys:
        return [qs.aggregate(n=_measure(ind))]
    return list(qs.order_by().values(*keys).annotate(n=_measure(ind)))


def _shape(ind: Indicator, rows: list[dict]) -> Value:
    """A number, or {part: n, …, "total": n} for an indicator with parts."""
    if not ind.part_field:
        return sum(r["n"] or 0 for r in rows)
    parts: dict[str, Any] = {code: 0 for code, _ in ind.parts}
    for r in rows:
        key = r[PART] or UNASSIGNED
        parts[key] = parts.get(key, 0) + (r["n"] or 0)
    parts["total"] = sum(parts.values())
    return parts


def total_of(value: Value) -> float:
    if isinstance(value, dict):
        return value.get("total") or 0
    return value or 0


def _years(window: Window) -> list[int]:
    return list(range(window.start.year, (window.end - timedelta(days=1)).year + 1))


def _year_window(window: Window, y: int) -> Window:
    start, end = max(window.start, date(y, 1, 1)), min(window.end, date(y + 1, 1, 1))
    return Window(start=start, end=end, on=min(window.on, end - timedelta(days=1)))


def _quarters(window: Window) -> list[tuple[int, int]]:
    last = window.end - timedelta(days=1)
    return [
        (y, q)
        for y in range(window.start.year, last.year + 1)
        for q in range(1, 5)
        if (y, q) >= (window.start.year, _quarter(window.start)) and (y, q) <= (last.year, _quarter(last))
    ]


def _quarter(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _quarter_window(window: Window, y: int, q: int) -> Window:
    qs, qe = date(y, 3 * q - 2, 1), date(y, 3 * q + 1, 1) if q < 4 else date(y + 1, 1, 1)
    start, end = max(window.start, qs), min(window.end, qe)
    return Window(start=start, end=end, on=min(window.on, end - timedelta(days=1)))


def _summarised(ind: Indicator) -> bool:
    """Answer from the summary rows: the indicator opted in and its rows are built (rebuild_indicators)."""
    return ind.summary is not None and summary.is_built(ind)


def _from_rows(ind: Indicator, window: Window) -> bool:
    """The summary rows answer this window: always for a sum or a state; for a distinct count, when the
    window is whole quarters inside the mask's range (summary.mask_of), else the records are counted."""
    if not _summarised(ind):
        return False
    return not ind.distinct_field or summary.mask_of(window.start, window.end) is not None


def _part_rows(rows) -> list[dict]:
    return [{PART: part, "n": n} for part, n in rows]


def _from_summary(actor: Actor, ind: Indicator, unit_id: int, window: Window, buckets) -> Figure:
    """compute() from the summary rows: buckets is [(key, sub-window)] (years or quarters)."""
    scope = _scoped_ancestors(ind.records(window) if ind.records else ind.summary.source(), actor, unit_id)  # type: ignore[union-attr]
    if scope is None:
        empty = _shape(ind, [])
        return Figure(ind, empty, {k: empty for k, _w in buckets})
    if ind.kind is Kind.STATE:  # the state at the window's day and at each bucket's last day
        states = summary.states_on_days(ind, unit_id, [window.on, *(w.on for _k, w in buckets)], scope=scope)
        shaped = {d: _shape(ind, _part_rows(rows)) for d, rows in states.items()}
        return Figure(ind, shaped[window.on], {k: shaped[w.on] for k, w in buckets})
    if ind.distinct_field:  # each value once for the period, once in each bucket it has a record in
        masks = [summary.mask_of(w.start, w.end) for _k, w in buckets]
        assert all(m is not None for m in masks), "buckets of whole quarters"
        found = summary.distinct_rows(
            ind, unit_id, summary.mask_of(window.start, window.end) or 0, masks, scope=scope
        )  # type: ignore[arg-type]
        per = {
            k: _shape(ind, _part_rows((p, each[i]) for _c, p, _n, each in found))
            for i, (k, _w) in enumerate(buckets)
        }
        return Figure(ind, _shape(ind, _part_rows((p, n) for _c, p, n, _e in found)), per)
    rows = summary.count_rows(ind, unit_id, window.start, window.end, scope=scope)
    per = {
        k: _shape(ind, _part_rows((p, n) for _c, d, p, n in rows if w.start <= d < w.end)) for k, w in buckets
    }
    return Figure(ind, _shape(ind, _part_rows((p, n) for _c, _d, p, n in rows)), per)


def by_quarter(actor: Actor, ind: Indicator, unit_id: int, window: Window) -> dict[tuple[int, int], Value]:
    """(year, quarter) → value: a count of the records dated in the quarter, a state at its last day."""
    check_unit(actor, unit_id, window.on)
    buckets = [((y, q), _quarter_window(window, y, q)) for y, q in _quarters(window)]
    if ind.kind is Kind.RATE:
        num, den = get(ind.numerator or ""), get(ind.denominator or "")
        if num is None or den is None:
            raise IndicatorError(f"Chỉ tiêu {ind.label}: thiếu chỉ tiêu tử số hoặc mẫu số.")
        a, b = by_quarter(actor, num, unit_id, window), by_quarter(actor, den, unit_id, window)
        return {k: (round(100 * total_of(a[k]) / total_of(b[k]), 1) if total_of(b[k]) else None) for k in a}
    if _from_rows(ind, window):
        return _from_summary(actor, ind, unit_id, window, buckets).by_year  # type: ignore[return-value]
    return {k: compute(actor, ind, unit_id, w).value for k, w in buckets}


def compute(
    actor: Actor, ind: Indicator, unit_id: int, window: Window, *, known: dict[str, Figure] | None = None
) -> Figure:
    """The value for the unit's subtree over the window, and the value per calendar year.

    `known`: the figures already computed for this actor, unit and window, by code (a page computing
    every indicator passes one dict, so that a rate reuses its numerator's and denominator's figures)."""
    if known is not None and ind.code in known:
        return known[ind.code]
    figure = _compute(actor, ind, unit_id, window, known)
    if known is not None:
        known[ind.code] = figure
    return figure


def _compute(actor: Actor, ind: Indicator, unit_id: int, window: Window, known: dict | None) -> Figure:
    check_unit(actor, unit_id, window.on)
    if ind.kind is Kind.RATE:
        return _rate(actor, ind, unit_id, window, known)
    if _from_rows(ind, window):
        return _from_summary(
            actor, ind, unit_id, window, [(y, _year_window(window, y)) for y in _years(window)]
        )
    if ind.kind is Kind.STATE:
        value = _shape(ind, _grouped(ind, records(actor, ind, unit_id, window)))
        by_year = {}
        for y in _years(window):  # one query per year: the state at each year's end
            yw = _year_window(window, y)
            by_year[y] = (
                value if yw.on == window.on else _shape(ind, _grouped(ind, records(actor, ind, unit_id, yw)))
            )
        return Figure(ind, value, by_year)
    qs = records(actor, ind, unit_id, window).annotate(**{YEAR: ExtractYear(DAY)})
    rows = _grouped(ind, qs, YEAR)
    by_year = {y: _shape(ind, [r for r in rows if r[YEAR] == y]) for y in _years(window)}
    if ind.distinct_field:  # a member reached in two years counts once for the period
        return Figure(ind, _shape(ind, _grouped(ind, records(actor, ind, unit_id, window))), by_year)
    return Figure(ind, _shape(ind, rows), by_year)


def _rate(actor: Actor, ind: Indicator, unit_id: int, window: Window, known: dict | None) -> Figure:
    num, den = get(ind.numerator or ""), get(ind.denominator or "")
    if num is None or den is None:
        raise IndicatorError(f"Chỉ tiêu {ind.label}: thiếu chỉ tiêu tử số hoặc mẫu số.")
    a, b = (
        compute(actor, num, unit_id, window, known=known),
        compute(actor, den, unit_id, window, known=known),
    )

    def pct(x: Value, y: Value) -> float | None:
        d = total_of(y)
        return round(100 * total_of(x) / d, 1) if d else None

    return Figure(ind, pct(a.value, b.value), {y: pct(a.by_year[y], b.by_year[y]) for y in a.by_year})


def children_ids(unit_id: int, window: Window) -> QuerySet:
    """Children linked to the unit at some time in the period: those of its end and those that ended."""
    return UnitLink.objects.filter(
        parent_id=unit_id, valid_from__lt=window.end, valid_to__gt=window.start
    ).values("child_id")


def by_child(actor: Actor, ind: Indicator, unit_id: int, window: Window) -> dict[int | None, Value]:
    """child unit id → value (None: records of the unit itself), in one GROUP BY query. The keys: every
    child of children_ids (with or without records), and None when the unit has records of its own."""
    check_unit(actor, unit_id, window.on)
    if ind.kind is Kind.RATE:
        raise IndicatorError("Tỷ lệ chưa phân theo đơn vị trực thuộc.")
    kids = children_ids(unit_id, window)
    if _from_rows(ind, window):
        return _by_child_from_summary(actor, ind, unit_id, window, kids)
    qs = records(actor, ind, unit_id, window)
    # The child is the ancestor one level below the unit on the day: a unit that was a child earlier in
    # the period may sit deeper by then (moved under a sibling), and must not take its new siblings' records.
    under: QuerySet
    held: QuerySet
    if ind.kind is Kind.STATE:
        under = UnitClosure.objects.valid_on(window.on).filter(descendant_id=OuterRef(ind.unit_field))
        held = UnitClosure.objects.valid_on(window.on).filter(
            ancestor_id__in=kids, descendant_id=OuterRef(ind.unit_field), depth=OuterRef(DEPTH) - 1
        )
    else:
        under = _held_by({}, ind)
        held = _held_by({"ancestor_id__in": kids}, ind).filter(depth=OuterRef(DEPTH) - 1)
    qs = qs.annotate(**{DEPTH: Subquery(under.filter(ancestor_id=unit_id).values("depth")[:1])})
    qs = qs.annotate(**{CHILD: Subquery(held.values("ancestor_id")[:1])})
    rows = _grouped(ind, qs, CHILD)
    keys = {r[CHILD] for r in rows} | {k for k in kids.values_list("child_id", flat=True)}
    return {k: _shape(ind, [r for r in rows if r[CHILD] == k]) for k in keys}


def _by_child_from_summary(
    actor: Actor, ind: Indicator, unit_id: int, window: Window, kids: QuerySet
) -> dict[int | None, Value]:
    """by_child from the summary rows; `kids` (children_ids) is listed for the keys and passed to the
    rows' query as a subquery."""
    scope = _scoped_ancestors(ind.records(window) if ind.records else ind.summary.source(), actor, unit_id)  # type: ignore[union-attr]
    grouped: dict[int | None, list[dict]] = {k: [] for k in kids.values_list("child_id", flat=True)}
    if scope is not None:
        if ind.distinct_field:
            mask = summary.mask_of(window.start, window.end) or 0
            rows = [
                (k, p, n)
                for k, p, n, _e in summary.distinct_rows(ind, unit_id, mask, [], scope=scope, by_child=kids)
            ]
        elif ind.kind is Kind.STATE:
            rows = [
                (k, p, n)
                for k, p, n in summary.state_rows(ind, unit_id, window.on, scope=scope, by_child=kids)
            ]
        else:
            rows = [
                (k, p, n)
                for k, _d, p, n in summary.count_rows(
                    ind, unit_id, window.start, window.end, scope=scope, by_child=kids
                )
            ]
        for k, p, n in rows:
            if n:
                grouped.setdefault(k, []).append({PART: p, "n": n})
    return {k: _shape(ind, v) for k, v in grouped.items()}
