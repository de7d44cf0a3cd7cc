"""Reads for the "Số liệu" page, the drill-down and the home panel: the acting unit's indicators × years
(and × parts), one indicator by child unit, and the records behind a figure as rows people can read.

Every number comes from the engine (`engine.compute`, `engine.by_child`, `engine.records`); this module
only picks the period, shapes the engine's answers into rows and describes the records it lists.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Min, Model, Q, QuerySet

from accounts.scoping import Actor
from lamtheo.lib import periods
from lamtheo.lib.dates import parse_date
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.lists import COUNT_CAP
from lamtheo.lib.text import fold, vietnamese_sort_key
from org.models import Unit
from org.selectors import name_on_subquery

from . import engine
from .registry import Indicator, Kind, Window, all_indicators, get

# --- The period picker ------------------------------------------------------------------------------

FIRST_YEAR = 2021  # the first year offered in the picker: the 2021–2026 term


@dataclass(frozen=True)
class Preset:
    code: str
    label: str
    start: date
    end: date  # exclusive


def presets(today: date) -> list[Preset]:
    """The presets of the picker, relative to `today` (lamtheo.lib.periods)."""
    chosen = [
        ("quy", "Quý này", periods.period_containing(periods.PeriodKind.QUARTER, today)),
        ("6-thang", "6 tháng", periods.period_containing(periods.PeriodKind.HALF_YEAR, today)),
        ("nam", "Năm nay", periods.year(today.year)),
        ("so-ket-5-nam", "Sơ kết 5 năm 2021–2026", periods.years(2021, 2026)),
    ]
    return [Preset(code, label, p.start, p.end) for code, label, p in chosen]


def period_options(today: date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The year and quarter choices of the picker: (group label, [(period code, label)]), newest first."""
    groups = []
    for y in range(today.year, FIRST_YEAR - 1, -1):
        year = periods.year(y)
        groups.append((f"Năm {y}", [(year.code, year.label)] + [(q.code, q.label) for q in year.quarters()]))
    return groups


@dataclass(frozen=True)
class PeriodChoice:
    start: date
    end: date  # exclusive
    code: str  # the preset or period code chosen ("" for a typed range)
    label: str
    error: str = ""  # a Vietnamese message when what was asked for could not be read

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)

    def query(self) -> dict[str, str]:
        """The query parameters that choose this period again."""
        if self.code:
            return {"ky": self.code}
        return {"from": self.start.isoformat(), "to": self.last.isoformat()}


def _range_label(start: date, end: date) -> str:
    return f"từ {start:%d/%m/%Y} đến {(end - timedelta(days=1)):%d/%m/%Y}"


def resolve_period(params, today: date) -> PeriodChoice:
    """The period asked for (see _asked_period), this year with a message when it is longer than the
    engine counts in one request (engine.MAX_YEARS)."""
    choice = _asked_period(params, today)
    if (choice.end - choice.start).days > engine.MAX_YEARS * 366:
        this_year = periods.year(today.year)
        return PeriodChoice(this_year.start, this_year.end, "nam", this_year.label,
                            f"Kỳ tính số liệu dài nhất {engine.MAX_YEARS} năm: hãy chọn kỳ ngắn hơn.")  # fmt: skip
    return choice


def _asked_period(params, today: date) -> PeriodChoice:
    """The period asked for: a preset (`ky=nam`), a period code (`ky=2024-Q2`, `ky=2021-2026`), or a
    typed range (`from`, `to`: dd/mm/yyyy or yyyy-mm-dd, `to` inclusive); this year otherwise.

    What cannot be read falls back to this year with a message, never a crash."""
    this_year = periods.year(today.year)
    fallback = PeriodChoice(this_year.start, this_year.end, "nam", this_year.label)
    code = (params.get("ky") or "").strip()[:20]
    if code:
        for p in presets(today):
            if p.code == code:
                return PeriodChoice(p.start, p.end, p.code, p.label)
        try:
            period = periods.parse_period(code)
        except periods.PeriodError as exc:
            return PeriodChoice(fallback.start, fallback.end, fallback.code, fallback.label, str(exc))
        return PeriodChoice(period.start, period.end, period.code, period.label)
    raw_from, raw_to = (params.get("from") or "").strip()[:40], (params.get("to") or "").strip()[:40]
    if not raw_from and not raw_to:
        return fallback
    try:
        start = parse_date(raw_from) or this_year.start
        last = parse_date(raw_to) or max(start, this_year.last_day)
    except ServiceError as exc:
        return PeriodChoice(fallback.start, fallback.end, fallback.code, fallback.label, exc.message)
    if last < start:
        return PeriodChoice(
            fallback.start, fallback.end, fallback.code, fallback.label, "Ngày cuối kỳ phải sau ngày đầu kỳ."
        )
    end = last + timedelta(days=1)
    return PeriodChoice(start, end, "", _range_label(start, end))


def year_window(window: Window, y: int) -> tuple[date, date]:
    """The part of the period that lies in year y: [start, end)."""
    return max(window.start, date(y, 1, 1)), min(window.end, date(y + 1, 1, 1))


# --- The table: indicators (and their parts) × years ------------------------------------------------


@dataclass
class Row:
    indicator: Indicator
    part: str | None  # None: the indicator's total row; a part code otherwise
    label: str
    years: list[tuple[int, Any]]  # (year, value)
    total: Any
    hidden: bool = False  # the actor may not see the records it counts: no figure, "—" (engine.may_see)


def part_label(ind: Indicator, code: str) -> str:
    return "Chưa xác định" if code in ("", engine.UNASSIGNED) else ind.part_label(code)


def _part_value(value: Any, part: str | None) -> Any:
    if part is None:
        return engine.total_of(value) if isinstance(value, dict) else value
    return value.get(part, 0) if isinstance(value, dict) else None


def table(actor: Actor, unit_id: int, window: Window) -> list[Row]:
    """One row per indicator (its total), followed by one row per part that has something in the period;
    a few queries per indicator, none per unit."""
    rows = []
    known: dict[str, engine.Figure] = {}
    for ind in all_indicators():
        if not engine.may_see(actor, ind, window):
            unseen = engine.unseen(ind, window)
            rows.append(Row(ind, None, ind.label, list(unseen.by_year.items()), None, hidden=True))
            continue
        f = engine.compute(actor, ind, unit_id, window, known=known)
        codes: list[str | None] = [None]
        if isinstance(f.value, dict):
            codes += [c for c, _ in ind.parts]
            codes += [c for c in f.value if c != "total" and c not in dict(ind.parts) and f.value[c]]
        for c in codes:
            if c is not None and not any(_part_value(v, c) for v in [f.value, *f.by_year.values()]):
                continue  # a part with nothing in the whole period: left out, the total row still adds up
            rows.append(
                Row(
                    ind,
                    c,
                    ind.label if c is None else part_label(ind, c),
                    [(y, _part_value(v, c)) for y, v in f.by_year.items()],
                    _part_value(f.value, c),
                )
            )
    return rows


def years_of(window: Window) -> list[int]:
    return list(range(window.start.year, (window.end - timedelta(days=1)).year + 1))


# --- One indicator by child unit ---------------------------------------------------------------------


@dataclass
class ChildRow:
    unit: Unit | None  # None: the records of the acting unit itself
    name: str
    total: float
    ended: bool
    parts: list[tuple[str, Any]] = field(default_factory=list)  # (part code, value), in the parts' order


def children(actor: Actor, ind: Indicator, unit_id: int, window: Window) -> list[ChildRow]:
    """The breakdown by child unit, lagging (smallest) first; units that ended in the period included, last.
    Two queries whatever the number of children (the engine's GROUP BY, then the units' names)."""
    if ind.kind is Kind.RATE:
        return []
    values = engine.by_child(actor, ind, unit_id, window)
    units: dict[int, Unit] = {}
    if any(k is not None for k in values):  # none for a unit without children (a grassroots union)
        # by_child's keys but None are the children of children_ids: read as a subquery, not 340 ids.
        kids = Unit.objects.filter(pk__in=engine.children_ids(unit_id, window))
        units = {u.pk: u for u in kids.annotate(name_on=name_on_subquery(window.on))}
    last = window.end - timedelta(days=1)
    rows = []
    for k, v in values.items():
        if k is None and not engine.total_of(v):
            continue
        unit = units.get(k) if k is not None else None
        parts = [(c, v.get(c, 0)) for c, _ in ind.parts] if isinstance(v, dict) else []
        rows.append(
            ChildRow(
                unit,
                (getattr(unit, "name_on", None) or unit.name)
                if unit
                else "Tại đơn vị (không thuộc đơn vị trực thuộc)",
                engine.total_of(v),
                unit is not None and unit.valid_to <= last,
                parts,
            )
        )
    return sorted(rows, key=lagging_first)


def lagging_first(row: ChildRow) -> tuple:
    """The breakdown's order: the live child units from the lowest figure up, ties in Vietnamese
    alphabetical order (Đ after D, not after Z); units that ended during the period after them (they are
    not lagging), the unit's own records last."""
    return (row.unit is None, row.ended, row.total, vietnamese_sort_key(row.name))


def chosen_indicator(code: str) -> Indicator | None:
    """The indicator the breakdown shows: the one asked for, else the first that has a breakdown."""
    ind = get(code or "")
    if ind is not None and ind.kind is not Kind.RATE:
        return ind
    return next((i for i in all_indicators() if i.kind is not Kind.RATE), None)


# --- The drill-down: the records behind a figure, as rows ---------------------------------------------

# Where a record's words are, folded (lamtheo.lib.text.fold), per kind of record: the first paths that
# exist on the model are searched (any of them may hold every word of the query).
SEARCH_PATHS = (
    "search_text",
    "member__search_text",
    "task__directive__document__search_text",
)
PERSONAL_PATHS = {"member__search_text"}  # holds ID numbers and phones: only officers search by digits


def _has_path(model: type[Model], path: str) -> bool:
    for name in path.split("__"):
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        model = f.related_model or model
    return True


def search_records(actor: Actor, ind: Indicator, qs: QuerySet, query: str) -> QuerySet:
    """Accent-insensitive search in the listed records (their own words, their member's, their unit's)."""
    needle = fold(query or "")
    if not needle:
        return qs
    paths = [p for p in SEARCH_PATHS if _has_path(qs.model, p)]
    unit_path = "search_text" if ind.unit_field in ("id", "pk") else f"{ind.unit_field}__search_text"
    if _has_path(qs.model, unit_path) and unit_path not in paths:
        paths.append(unit_path)
    if any(ch.isdigit() for ch in needle) and not actor.is_officer:
        paths = [p for p in paths if p not in PERSONAL_PATHS]
    if not paths:
        return qs.none()
    for word in needle.split():
        any_path = Q()
        for p in paths:
            any_path |= Q(**{f"{p}__contains": word})
        qs = qs.filter(any_path)
    return qs


def _related(qs: QuerySet, ind: Indicator, skip: str = "") -> QuerySet:
    """select_related what a row shows (its unit, its member, its task), so a page costs one query."""
    wanted = [ind.unit_field, "member", "task__directive"]
    if ind.part_field and "__" in ind.part_field:
        wanted.append(ind.part_field.rsplit("__", 1)[0])
    wanted = [p for p in wanted if p != skip]
    names = []
    for path in wanted:
        if path in ("id", "pk") or not _has_path(qs.model, path):
            continue
        fields: list[str] = []
        model = qs.model
        for name in path.split("__"):
            f = model._meta.get_field(name)
            if not f.is_relation or f.many_to_many or f.one_to_many:
                fields = []
                break
            fields.append(name)
            model = f.related_model
        if fields:
            names.append("__".join(fields))
    return qs.select_related(*names) if names else qs


@dataclass
class RecordRow:
    label: str
    url: str
    unit: str  # the record's own unit
    day: date | None  # the record's date (COUNT, MONEY), None for a state
    part: str  # the part's label, "" without parts


def _attr(obj: Any, path: str) -> Any:
    for name in path.split("__"):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def describe(ind: Indicator, obj: Model) -> RecordRow:
    """A record as a row: a membership is shown as its member, a task assignment as its task and unit."""
    target: Any = getattr(obj, "member", None) or obj
    label = str(target)
    task = getattr(obj, "task", None)
    if task is not None:
        target = task.directive
        label = f"{task.text[:120]}"
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    unit = obj if ind.unit_field in ("id", "pk") else _attr(obj, ind.unit_field)
    day = _attr(obj, ind.date_field) if ind.date_field else None
    if hasattr(day, "date"):
        day = day.date()  # type: ignore[union-attr]
    part = part_label(ind, _attr(obj, ind.part_field) or "") if ind.part_field else ""
    return RecordRow(label, url, str(unit) if unit is not None else "", day, part)


class Listed(NamedTuple):
    """The records behind a cell: `rows` in a stable order for pages and exports; `counted`, the same
    records written for counting them (they differ when the list is read in the broad form)."""

    rows: QuerySet
    counted: QuerySet


def drill_down(
    actor: Actor,
    ind: Indicator,
    unit_id: int,
    window: Window,
    *,
    within: int | None = None,
    own: bool = False,
    part: str = "",
    query: str = "",
) -> Listed:
    """Exactly the records behind one cell (engine.records), narrowed by a search, in a stable order.
    When the subtree holds more than COUNT_CAP of them, they are read in the broad form (engine.records)."""

    def narrowed(broad: bool) -> QuerySet:
        qs = engine.records(actor, ind, unit_id, window, within=within, own=own, broad=broad)
        return search_records(actor, ind, engine.records_for_part(qs, ind, part, broad=broad), query)

    qs = counted = narrowed(False)
    broad = ind.kind is Kind.STATE and qs.order_by()[: COUNT_CAP + 1].count() > COUNT_CAP  # from the index
    if broad:
        qs = narrowed(True)
    if ind.list_distinct and ind.distinct_field:
        firsts = qs.order_by().values(ind.distinct_field).annotate(first=Min("pk")).values("first")
        qs = qs.filter(pk__in=firsts)
        counted = counted.filter(pk__in=firsts)
    if broad and ind.unit_field not in ("id", "pk"):
        # The units in a second query: a join would again let the database start from the units.
        rows = _related(qs, ind, skip=ind.unit_field).prefetch_related(ind.unit_field).order_by("pk")
    else:
        rows = _related(qs, ind).order_by("pk")
    return Listed(rows, counted.order_by())


def describe_rows(ind: Indicator, objs: Iterable[Model]) -> list[RecordRow]:
    """The rows of a page of records (describe); for an indicator listing distinct records, each row names
    the units of all the records that share its value (an event's hosts, lead unit first): one query."""
    objs = list(objs)
    if not (ind.list_distinct and ind.distinct_field and objs) or ind.unit_field in ("id", "pk"):
        return [describe(ind, obj) for obj in objs]
    values = {_attr(obj, ind.distinct_field) for obj in objs}
    names: dict[Any, list[str]] = {}
    rows = (
        type(objs[0])
        ._default_manager.filter(**{f"{ind.distinct_field}__in": values})
        .order_by("pk")
        .values_list(ind.distinct_field, f"{ind.unit_field}__name")
    )
    for value, name in rows:
        if name not in names.setdefault(value, []):
            names[value].append(name)
    out = []
    for obj in objs:
        row = describe(ind, obj)
        row.unit = ", ".join(names.get(_attr(obj, ind.distinct_field)) or [row.unit])
        out.append(row)
    return out


# --- The home page: the key figures of the current year -----------------------------------------------


@dataclass
class KeyFigure:
    indicator: Indicator
    value: Any  # the total
    parts: list[tuple[str, str, Any]]  # (code, label, value)


def key_figures(actor: Actor, unit_id: int, window: Window, codes: tuple[str, ...]) -> list[KeyFigure]:
    figures = []
    for code in codes:
        ind = get(code)
        if ind is None:
            continue
        value = engine.compute(actor, ind, unit_id, window).value
        parts = (
            [(c, label, value.get(c, 0)) for c, label in ind.parts if value.get(c)]
            if isinstance(value, dict)
            else []
        )
        if isinstance(value, dict) and value.get(engine.UNASSIGNED):
            parts.append((engine.UNASSIGNED, part_label(ind, ""), value[engine.UNASSIGNED]))
        figures.append(KeyFigure(ind, _part_value(value, None), parts))
    return figures
