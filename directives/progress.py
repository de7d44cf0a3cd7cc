"""Reads for following a directive from above: the unit × task matrix (late units first), its export
rows, and the issuer's overview on its home page.

Every figure counts TaskAssignment.objects.visible_to(actor) with late_q, the one definition of "late"
that the progress summary and the tasks_late indicator use, so the home page, the progress page and its
export agree. Query counts do not depend on the number of units: one grouped query orders and pages the
units, one query fetches the cells of the units of one page.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from accounts.permissions import Action
from accounts.scoping import Actor
from lamtheo.lib.dates import today

from .models import AssignmentStatus, Directive, TaskAssignment, TaskAssignmentQuerySet, late_q
from .schedule import task_occurrence_label
from .selectors import LEVEL_LABELS, LEVEL_ORDER, TaskSummary, visible_directives

EXPORT_ALL = 10_000  # up to so many units, the export reads every cell in one query
EXPORT_CHUNK = 2_000  # past that, units per query
STATUS_SHORT = {
    AssignmentStatus.ASSIGNED: "Đã giao",
    AssignmentStatus.ACKNOWLEDGED: "Đã tiếp nhận",
    AssignmentStatus.RELAYED: "Đã triển khai",
    AssignmentStatus.DONE: "Đã hoàn thành",
}


@dataclass(frozen=True)
class MatrixColumn:
    """One occurrence of one task: a column of the matrix."""

    task_id: int
    order: int
    text: str
    due_date: date | None
    label: str  # "Báo cáo 6 tháng năm 2026" for a recurring task's occurrence, "" for a one-off task

    @property
    def key(self) -> tuple[int, date | None]:
        return (self.task_id, self.due_date)

    @property
    def title(self) -> str:
        """The column's heading in the export: "NV 4 · Báo cáo năm 2026 (31/12/2026)"."""
        parts = [f"NV {self.order}"]
        if self.label:
            parts.append(self.label)
        head = " · ".join(parts)
        return f"{head} (hạn {self.due_date:%d/%m/%Y})" if self.due_date else head


def occurrence_columns(summary: list[TaskSummary]) -> list[MatrixColumn]:
    """The matrix's columns from progress_summary: every task, each occurrence in due order."""
    return [
        MatrixColumn(
            t.task.pk, t.task.order, t.task.text, occ.due_date, task_occurrence_label(t.task, occ.due_date)
        )
        for t in summary
        for occ in t.occurrences
    ]


CELL_FIELDS = ("unit_id", "task_id", "due_date", "status", "reminded_at", "report_note", "late")


@dataclass
class Cell:
    # The assignment's CELL_FIELDS as a dict (status, reminded_at, report_note…), None where the unit
    # has no such occurrence: plain values, so that an export of 5,000 units builds no model instances.
    assignment: dict | None
    late: bool = False

    @property
    def text(self) -> str:
        """The cell in words, as the export writes it ("" where the unit has no such task)."""
        a = self.assignment
        if a is None:
            return ""
        words = STATUS_SHORT.get(a["status"], a["status"])
        return f"{words} · Trễ hạn" if self.late else words


@dataclass
class MatrixRow:
    unit_id: int
    name: str
    kind: str
    total: int
    done: int
    late: int
    cells: list[Cell] = field(default_factory=list)

    @property
    def level(self) -> str:
        return LEVEL_LABELS.get(self.kind, self.kind)


def _assignments(actor: Actor, directive: Directive) -> TaskAssignmentQuerySet:
    return TaskAssignment.objects.visible_to(actor).filter(task__directive=directive)


def matrix_units(
    actor: Actor,
    directive: Directive,
    *,
    on: date | None = None,
    late_only: bool = False,
    level: str = "",
    unit_id: int | None = None,
) -> QuerySet:
    """One row per addressed unit (at every level the actor sees), with its counts: the units with the
    most late tasks first, then by name. late_only keeps the units with at least one late task."""
    on = on or today()
    qs = _assignments(actor, directive)
    if level in LEVEL_ORDER:
        qs = qs.filter(unit__kind=level)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    rows = qs.values("unit_id", "unit__name", "unit__kind").annotate(
        total=Count("id"),
        done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
        late=Count("id", filter=late_q(on)),
    )
    if late_only:
        rows = rows.filter(late__gt=0)
    return rows.order_by("-late", "unit__name", "unit_id")


def _cells(actor: Actor, directive: Directive, on: date, ids: list[int] | None) -> dict:
    qs = _assignments(actor, directive).with_late(on)
    if ids is not None:
        qs = qs.filter(unit_id__in=ids)
    return {(a["unit_id"], a["task_id"], a["due_date"]): a for a in qs.values(*CELL_FIELDS).order_by()}


def fill_rows(
    actor: Actor,
    directive: Directive,
    units: list[dict],
    columns: list[MatrixColumn],
    *,
    on: date,
    by_cell: dict | None = None,
) -> list[MatrixRow]:
    """The cells of the given units (matrix_units rows): one query for all of them (none when the
    caller read the cells already)."""
    if by_cell is None:
        by_cell = _cells(actor, directive, on, [u["unit_id"] for u in units])
    out = []
    for u in units:
        row = MatrixRow(u["unit_id"], u["unit__name"], u["unit__kind"], u["total"], u["done"], u["late"])
        for col in columns:
            a = by_cell.get((u["unit_id"], *col.key))
            row.cells.append(Cell(a, bool(a is not None and a["late"])))
        out.append(row)
    return out


def all_rows(
    actor: Actor, directive: Directive, units: Iterable[dict], columns: list[MatrixColumn], *, on: date
) -> Iterator[MatrixRow]:
    """Every row of matrix_units in the page's order (for the export): a province's cells in one query
    (EXPORT_ALL units: a few tens of thousands of small rows), larger sets EXPORT_CHUNK units per query."""
    units = list(units)
    if len(units) <= EXPORT_ALL:
        yield from fill_rows(
            actor, directive, units, columns, on=on, by_cell=_cells(actor, directive, on, None)
        )
        return
    for i in range(0, len(units), EXPORT_CHUNK):
        yield from fill_rows(actor, directive, units[i : i + EXPORT_CHUNK], columns, on=on)


def export_values(row: MatrixRow) -> list:
    return [row.name, row.level, row.total, row.done, row.late, *[c.text for c in row.cells]]


# --- the issuer's home page ---------------------------------------------------------------------------


@dataclass
class LateUnit:
    unit_id: int
    name: str
    late: int


@dataclass
class IssuedProgress:
    directive: Directive
    total: int
    done: int
    late: int
    late_units: int  # units with at least one late task
    worst: list[LateUnit]  # the units with the most late tasks, most first

    @property
    def open(self) -> int:
        return self.total - self.done


@dataclass
class IssuedOverview:
    items: list[IssuedProgress]
    count: int  # directives the unit issued (items holds the latest few)


def issues_directives(actor: Actor, unit_id: int) -> bool:
    """Whether the unit has issued a directive the actor sees (its home page shows their progress)."""
    return Directive.objects.visible_to(actor).filter(issuer_unit_id=unit_id).exists()


def issued_overview(
    actor: Actor, unit_id: int | None, *, on: date | None = None, limit: int = 5, worst: int = 5
) -> IssuedOverview | None:
    """The directives the unit issued (latest first) with their progress, counted like the progress page,
    and the units with the most late tasks. None when the unit issued none. Four queries."""
    on = on or today()
    if unit_id is None:
        return None
    directives = visible_directives(actor).filter(issuer_unit_id=unit_id).order_by("-document__date", "-id")
    count = directives.count()
    if not count:
        return None
    shown = list(directives[:limit])
    figures: dict[int, Any] = {
        g["task__directive_id"]: g
        for g in TaskAssignment.objects.visible_to(actor)
        .filter(task__directive__in=shown)
        .values("task__directive_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
            late=Count("id", filter=late_q(on)),
            late_units=Count("unit_id", filter=late_q(on), distinct=True),
        )
        .order_by()
    }
    worst_of: dict[int, list[LateUnit]] = {}
    for u in _worst_units(actor, shown, on, worst):
        worst_of.setdefault(u["task__directive_id"], []).append(
            LateUnit(u["unit_id"], u["unit__name"], u["late"])
        )
    items = []
    for d in shown:
        g = figures.get(d.pk, {})
        items.append(
            IssuedProgress(
                d, g.get("total", 0), g.get("done", 0), g.get("late", 0), g.get("late_units", 0),
                worst_of.get(d.pk, []),
            )
        )  # fmt: skip
    return IssuedOverview(items, count)


def _worst_units(actor: Actor, directives: list[Directive], on: date, n: int) -> QuerySet:
    """Per directive, the n units with the most late tasks (matrix_units' order): one query for all."""
    per_unit = (
        TaskAssignment.objects.visible_to(actor)
        .filter(task__directive__in=directives)
        .values("task__directive_id", "unit_id", "unit__name")
        .annotate(late=Count("id", filter=late_q(on)))
        .filter(late__gt=0)
    )
    ranked = per_unit.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("task__directive_id")],
            order_by=[F("late").desc(), F("unit__name").asc(), F("unit_id").asc()],
        )
    )
    return ranked.filter(rank__lte=n).order_by("task__directive_id", "rank")


def late_open(actor_qs: TaskAssignmentQuerySet, on: date) -> TaskAssignmentQuerySet:
    """Assignments still open past their due date (late_q without the ones done late): what a reminder
    is for."""
    return actor_qs.late(on).open().order_by(F("due_date").asc(nulls_last=True), "unit_id", "id")


def late_targets(actor: Actor, directive: Directive, on: date, level: str = ""):
    """The late open tasks the actor may remind (remind_late's targets): those of the units below, never
    the actor's own."""
    targets = TaskAssignment.objects.restrict(actor, Action.CHANGE).filter(task__directive=directive)
    if actor.unit_id is not None:
        targets = targets.exclude(unit_id=actor.unit_id)
    if level in LEVEL_ORDER:
        targets = targets.filter(unit__kind=level)
    return late_open(targets, on)


def late_units_to_remind(actor: Actor, directive: Directive, on: date, level: str = "") -> int:
    """How many units the "remind the late units" button would remind (the button shows only when some)."""
    return late_targets(actor, directive, on, level).values("unit_id").distinct().count()
