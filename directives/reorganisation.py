"""What a reorganisation of the tree does to tasks (registered in DirectivesConfig.ready()).

A merge passes every task of each ended unit to its successor, a split to the part chosen for it
(`placements["directives.taskassignment"]`, else the default successor): the open ones, which the
successor now carries out, and the done ones, which keep their report, so that the progress counts of
the units above do not change from one day to the next. A passed task remembers the unit it was
addressed to (`inherited_from`). A dissolution passes nothing: its tasks stay with the ended unit.
"""

from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from audit.models import AuditEvent
from audit.services import record_many
from org.models import Unit, UnitChange
from org.reorganisation import Reorganisation

from .models import AssignmentStatus, TaskAssignment

PLACEMENT = "directives.taskassignment"
PASSING = (UnitChange.Kind.MERGE, UnitChange.Kind.SPLIT)


def handle(event: Reorganisation) -> None:
    if event.kind not in PASSING:
        return
    placement = event.placements.get(PLACEMENT, {})
    events = []
    for source in event.sources:
        rows = list(TaskAssignment.objects.filter(unit=source).values_list("id", "status"))
        groups: dict[Unit, list[int]] = {}
        for pk, _status in rows:
            index = placement.get(pk)
            target = event.targets[index] if index is not None else event.successor.get(source.pk)
            if target is not None and target.pk != source.pk:
                groups.setdefault(target, []).append(pk)
        for target, ids in groups.items():
            for i in range(0, len(ids), 900):
                chunk = ids[i : i + 900]
                TaskAssignment.objects.filter(pk__in=chunk).update(
                    unit=target, inherited_from=Coalesce("inherited_from", source.pk)
                )
            events += [
                {"action": AuditEvent.Action.UPDATE, "model": "directives.taskassignment",
                 "object_id": str(pk), "unit_id": target.pk, "before": {"unit_id": source.pk},
                 "after": {"unit_id": target.pk},
                 "summary": f"Nhiệm vụ của “{source.name}” chuyển sang “{target.name}” ({event.change})"}
                for pk in ids
            ]  # fmt: skip
    if events:
        record_many(event.actor, events)


MAX_PLACED = 200  # open tasks offered one by one on the split form; past that they go to the first part


def open_tasks_to_place(unit: Unit, on: date) -> list[tuple[int, str]]:
    """The unit's open tasks, for the split form's "which new unit carries on each task" choice."""
    rows = (
        TaskAssignment.objects.filter(unit=unit)
        .exclude(status=AssignmentStatus.DONE)
        .select_related("task__directive")
        .order_by("due_date", "task__directive_id", "task__order", "id")[:MAX_PLACED]
    )
    return [
        (
            a.pk,
            f"{a.task.directive}: nhiệm vụ {a.task.order}"
            + (f", hạn {a.due_date:%d/%m/%Y}" if a.due_date else ""),
        )
        for a in rows
    ]


def preview_lines(sources: Sequence[Unit], successor: str, on: date) -> list[str]:
    """The tasks a merge or split will pass on, for its confirmation page."""
    counts = TaskAssignment.objects.filter(unit__in=sources).aggregate(
        open=Count("id", filter=~Q(status=AssignmentStatus.DONE)),
        done=Count("id", filter=Q(status=AssignmentStatus.DONE)),
    )
    if not counts["open"] and not counts["done"]:
        return []
    line = f"{counts['open']} nhiệm vụ đang thực hiện chuyển sang {successor}"
    if counts["done"]:
        line += f" (cùng {counts['done']} nhiệm vụ đã hoàn thành, giữ nguyên báo cáo)"
    return [line]
