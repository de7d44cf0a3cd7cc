"""Reads of directives and tasks. Every query starts from visible_to(actor)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from accounts.scoping import Actor
from documents.kinds import DIRECTIVE_KINDS
from documents.symbols import normalize_symbol
from lamtheo.lib.dates import today
from org.models import UnitKind

from .models import OPEN_STATUSES, AssignmentStatus, Directive, DirectiveTask, TaskAssignment, late_q

STATUS_ORDER = [s.value for s in AssignmentStatus]


@dataclass
class Counts:
    total: int = 0
    assigned: int = 0
    acknowledged: int = 0
    relayed: int = 0
    done: int = 0
    late: int = 0

    def add(self, status: str, late: bool, n: int = 1) -> None:
        self.total += n
        setattr(self, status, getattr(self, status) + n)
        self.late += n if late else 0

    def merge(self, other: "Counts") -> None:
        for name in ("total", "assigned", "acknowledged", "relayed", "done", "late"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ProgressRow:
    """One addressed unit's assignment, with the assignments relayed from it (sub-levels)."""

    assignment: TaskAssignment
    depth: int
    late: bool
    root_id: int
    children: list["ProgressRow"] = field(default_factory=list)
    below: Counts = field(default_factory=Counts)  # the whole subtree of relayed assignments

    @property
    def unit(self):
        return self.assignment.unit


@dataclass
class Occurrence:
    due_date: date | None
    roots: list[ProgressRow]
    rows: list[ProgressRow]  # roots and their sub-levels, depth first, for a flat table
    direct: Counts  # the addressed units only
    counts: Counts  # every level


@dataclass
class TaskProgress:
    task: DirectiveTask
    occurrences: list[Occurrence]
    direct: Counts
    counts: Counts


def is_late(a: TaskAssignment, on: date) -> bool:
    return a.is_late(on)


def visible_directives(actor: Actor) -> QuerySet[Directive]:
    return Directive.objects.visible_to(actor).select_related("document", "issuer_unit")


def get_directive(actor: Actor, pk: int) -> Directive:
    return get_object_or_404(visible_directives(actor), pk=pk)


def _build_rows(items: list[TaskAssignment], on: date) -> list[ProgressRow]:
    """Roots (assignments whose upper assignment the actor cannot see) with their sub-levels."""
    by_parent: dict[int | None, list[TaskAssignment]] = {}
    ids = {a.pk for a in items}
    for a in items:
        parent = a.parent_assignment_id if a.parent_assignment_id in ids else None
        by_parent.setdefault(parent, []).append(a)

    def build(a: TaskAssignment, depth: int, root_id: int) -> ProgressRow:
        row = ProgressRow(assignment=a, depth=depth, late=is_late(a, on), root_id=root_id)
        for child in by_parent.get(a.pk, []):
            sub = build(child, depth + 1, root_id)
            row.children.append(sub)
            row.below.add(child.status, sub.late)
            row.below.merge(sub.below)
        return row

    return [build(a, 0, a.pk) for a in by_parent.get(None, [])]


def _flatten(rows: list[ProgressRow]) -> list[ProgressRow]:
    out: list[ProgressRow] = []
    for r in rows:
        out.append(r)
        out += _flatten(r.children)
    return out


def progress(actor: Actor, directive: Directive, on: date | None = None) -> list[TaskProgress]:
    """Per task and occurrence (due date): the addressed units' assignments with their relayed
    sub-levels, late flags and counts. Two queries whatever the size of the tree."""
    on = on or today()
    tasks = list(DirectiveTask.objects.filter(directive=directive).order_by("order"))
    assignments = (
        TaskAssignment.objects.visible_to(actor)
        .filter(task__directive=directive)
        .select_related("unit", "relay_document")
        .order_by("task_id", F("due_date").asc(nulls_last=True), "unit__name", "id")
    )
    by_task: dict[int, dict[date | None, list[TaskAssignment]]] = {}
    for a in assignments:
        by_task.setdefault(a.task_id, {}).setdefault(a.due_date, []).append(a)
    out = []
    for task in tasks:
        occurrences = []
        task_direct, task_counts = Counts(), Counts()
        for due, items in by_task.get(task.pk, {}).items():
            roots = _build_rows(items, on)
            direct, counts = Counts(), Counts()
            for r in roots:
                direct.add(r.assignment.status, r.late)
                counts.add(r.assignment.status, r.late)
                counts.merge(r.below)
            occurrences.append(Occurrence(due, roots, _flatten(roots), direct, counts))
            task_direct.merge(direct)
            task_counts.merge(counts)
        out.append(TaskProgress(task, occurrences, task_direct, task_counts))
    return out


def unit_assignments(
    actor: Actor, *, unit_id: int | None, status: str = "", on: date | None = None
) -> QuerySet[TaskAssignment]:
    """Assignments of one unit: open ones first, then by due date. status: a status, "open" or "late"."""
    on = on or today()
    if unit_id is None:
        return TaskAssignment.objects.none()
    qs = (
        TaskAssignment.objects.visible_to(actor)
        .filter(unit_id=unit_id)
        .with_late(on)
        .select_related("task__directive__document", "task__directive__issuer_unit", "relay_document")
    )
    if status in STATUS_ORDER:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "late":
        qs = qs.filter(late_q(on))
    is_done = Case(
        When(status=AssignmentStatus.DONE, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return qs.order_by(is_done, F("due_date").asc(nulls_last=True), "task__directive_id", "task__order", "id")


LEVEL_ORDER = [k.value for k in UnitKind]
LEVEL_LABELS: dict[str, str] = {
    UnitKind.CONFEDERATION: "Tổng Liên đoàn",
    UnitKind.PROVINCIAL_FEDERATION: "Liên đoàn Lao động tỉnh, thành phố",
    UnitKind.NATIONAL_SECTOR_UNION: "Công đoàn ngành Trung ương",
    UnitKind.UPPER_GRASSROOTS: "Công đoàn cấp trên trực tiếp cơ sở",
    UnitKind.GRASSROOTS: "Công đoàn cơ sở",
    UnitKind.GUILD: "Nghiệp đoàn cơ sở",
}


@dataclass
class LevelCounts:
    kind: str
    label: str
    counts: Counts


@dataclass
class OccurrenceSummary:
    due_date: date | None
    counts: Counts
    levels: list[LevelCounts]


@dataclass
class TaskSummary:
    task: DirectiveTask
    counts: Counts
    occurrences: list[OccurrenceSummary]


def progress_summary(actor: Actor, directive: Directive, on: date | None = None) -> list[TaskSummary]:
    """Per task, occurrence (due date) and level (unit kind): how many assignments are in each status and
    how many are late. Two grouped queries whatever the number of units."""
    on = on or today()
    tasks = list(DirectiveTask.objects.filter(directive=directive).order_by("order"))
    groups = (
        TaskAssignment.objects.visible_to(actor)
        .filter(task__directive=directive)
        .with_late(on)
        .values("task_id", "due_date", "unit__kind", "status", "late")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[int, dict[date | None, dict[str, Counts]]] = {}
    for g in groups:
        per_level = table.setdefault(g["task_id"], {}).setdefault(g["due_date"], {})
        per_level.setdefault(g["unit__kind"], Counts()).add(g["status"], bool(g["late"]), g["n"])
    out = []
    for task in tasks:
        task_counts, occurrences = Counts(), []
        by_due = table.get(task.pk, {})
        for due in sorted(by_due, key=lambda d: (d is None, d or date.min)):
            levels = [
                LevelCounts(kind, LEVEL_LABELS.get(kind, kind), by_due[due][kind])
                for kind in sorted(
                    by_due[due], key=lambda k: LEVEL_ORDER.index(k) if k in LEVEL_ORDER else 99
                )
            ]
            counts = Counts()
            for level in levels:
                counts.merge(level.counts)
            task_counts.merge(counts)
            occurrences.append(OccurrenceSummary(due, counts, levels))
        out.append(TaskSummary(task, task_counts, occurrences))
    return out


def progress_rows(
    actor: Actor,
    directive: Directive,
    *,
    on: date | None = None,
    task_order: int | None = None,
    status: str = "",
    level: str = "",
) -> QuerySet[TaskAssignment]:
    """The assignments behind progress_summary, for a paginated table. status: a status, "open" or
    "late"; level: a unit kind."""
    on = on or today()
    qs = (
        TaskAssignment.objects.visible_to(actor)
        .filter(task__directive=directive)
        .with_late(on)
        .select_related("unit", "task", "relay_document")
    )
    if task_order is not None:
        qs = qs.filter(task__order=task_order)
    if status in STATUS_ORDER:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "late":
        qs = qs.filter(late_q(on))
    if level in LEVEL_ORDER:
        qs = qs.filter(unit__kind=level)
    return qs.order_by("task__order", F("due_date").asc(nulls_last=True), "unit__name", "id")


@dataclass
class UnitTasks:
    items: list[TaskAssignment]
    open_count: int
    late_count: int


def tasks_for_unit(
    actor: Actor, unit_id: int | None = None, *, on: date | None = None, limit: int = 8
) -> UnitTasks:
    """Open assignments of the acting unit (default) with their deadlines, for its home page and unit page.
    late_count is what the "Trễ hạn" filter of the task list shows (late_q: done late included)."""
    on = on or today()
    unit_id = unit_id if unit_id is not None else actor.unit_id
    qs = unit_assignments(actor, unit_id=unit_id, status="open", on=on)
    totals = unit_assignments(actor, unit_id=unit_id, on=on).aggregate(
        n=Count("id", filter=~Q(status=AssignmentStatus.DONE)), late_n=Count("id", filter=late_q(on))
    )
    return UnitTasks(items=list(qs[:limit]), open_count=totals["n"], late_count=totals["late_n"])


def get_assignment(actor: Actor, pk: int) -> TaskAssignment:
    qs = TaskAssignment.objects.visible_to(actor).select_related(
        "unit", "task__directive__document", "task__directive__issuer_unit", "relay_document"
    )
    return get_object_or_404(qs, pk=pk)


def sibling_open_assignments(actor: Actor, assignment: TaskAssignment) -> QuerySet[TaskAssignment]:
    """The unit's other assignments from the same directive that can still be relayed."""
    return (
        TaskAssignment.objects.visible_to(actor)
        .filter(
            unit_id=assignment.unit_id,
            task__directive_id=assignment.task.directive_id,
            status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.ACKNOWLEDGED),
        )
        .select_related("task")
        .order_by("task__order", F("due_date").asc(nulls_last=True), "id")
    )


def relayable_from_document(actor: Actor, document_id: int) -> QuerySet[TaskAssignment]:
    """The acting unit's tasks still to relay that came with `document` (the directive's document, or the
    upper unit's relay letter)."""
    if actor.unit_id is None:
        return TaskAssignment.objects.none()
    return (
        TaskAssignment.objects.visible_to(actor)
        .filter(unit_id=actor.unit_id, status__in=(AssignmentStatus.ASSIGNED, AssignmentStatus.ACKNOWLEDGED))
        .filter(
            Q(task__directive__document_id=document_id) | Q(parent_assignment__relay_document_id=document_id)
        )
        .select_related("unit", "task__directive__document")
        .order_by("task__order", F("due_date").asc(nulls_last=True), "id")
    )


def upper_documents(assignment: TaskAssignment) -> list:
    """The documents a relaying letter may cite: the directive's and every letter that relayed it down to
    this assignment (nearest last). One query per level above."""
    docs = [assignment.task.directive.document]
    chain = []
    parent_id = assignment.parent_assignment_id
    while parent_id is not None:
        parent = TaskAssignment.objects.select_related("relay_document").get(pk=parent_id)
        if parent.relay_document is not None:
            chain.append(parent.relay_document)
        parent_id = parent.parent_assignment_id
    return docs + chain[::-1]


def relay_candidates(actor: Actor, assignment: TaskAssignment):
    """Issued documents of the assignment's unit that cite the upper document (or one above it)."""
    from documents.models import Document

    upper = upper_documents(assignment)
    symbols = {normalize_symbol(d.symbol) for d in upper if d.symbol} | {d.symbol for d in upper if d.symbol}
    cites = Q(citations__cited_id__in=[d.pk for d in upper]) | Q(citations__cited_symbol__in=symbols)
    return (
        Document.objects.visible_to(actor)
        .filter(issuer_unit_id=assignment.unit_id, status="issued", archived_at__isnull=True)
        .filter(cites)
        .distinct()
        .order_by("-date", "-id")
    )


def issued_directives(actor: Actor, unit_id: int | None, on: date | None = None) -> QuerySet[Directive]:
    """Directives the unit issued, with counts over all their assignments."""
    on = on or today()
    return (
        visible_directives(actor)
        .filter(issuer_unit_id=unit_id)
        .annotate(
            n_assignments=Count("tasks__assignments"),
            n_done=Count("tasks__assignments", filter=Q(tasks__assignments__status=AssignmentStatus.DONE)),
            n_late=Count("tasks__assignments", filter=late_q(on, prefix="tasks__assignments__")),
        )
        .order_by("-document__date", "-id")
    )


def documents_to_assign(actor: Actor, unit_id: int | None):
    """Issued directive documents of the unit that have no tasks yet."""
    from documents.models import Document

    return (
        Document.objects.visible_to(actor)
        .filter(
            issuer_unit_id=unit_id,
            status="issued",
            kind__in=DIRECTIVE_KINDS,
            archived_at__isnull=True,
            directive__isnull=True,
            relayed_assignments__isnull=True,
            relay_plan__isnull=True,
        )
        .order_by("-date", "-id")
    )


def assignable_document(actor: Actor, pk: int):
    """An issued directive document of the actor's subtree (404 otherwise), for the assign page."""
    from accounts.scoping import visible_unit_ids
    from documents.models import Document

    qs = Document.objects.visible_to(actor).filter(
        issuer_unit_id__in=visible_unit_ids(actor), archived_at__isnull=True
    )
    return get_object_or_404(qs.select_related("issuer_unit"), pk=pk)
