"""Reminding the late units of a directive in one step (from its progress page).

A unit above the addressees dates a reminder on each of their tasks that is still open past its due date
(reminded_at, which the late unit sees on its home page and task list), and the audit trail keeps one
event per task reminded, with the note. The actor's own unit is never reminded by itself.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.permissions import Action
from accounts.scoping import Actor, NotPermitted, require
from audit.models import AuditEvent
from audit.services import record_many, snapshot
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError

from .models import Directive, TaskAssignment
from .progress import late_targets

MAX_NOTE = 500


@transaction.atomic
def remind_late(
    actor: Actor,
    *,
    directive: Directive,
    note: str = "",
    level: str = "",
    on: date | None = None,
    at: datetime | None = None,
) -> int:
    """Remind every unit of the actor's subtree whose task of `directive` is open past its due date
    (optionally the units of one level). Returns the number of tasks reminded."""
    require(actor, Action.CHANGE)
    if not actor.is_system and not Directive.objects.visible_to(actor).filter(pk=directive.pk).exists():
        raise NotPermitted("Văn bản chỉ đạo này nằm ngoài phạm vi quản lý của bạn.")
    on = on or today()
    at = at or timezone.now()
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ServiceError(f"Lời nhắc dài quá {MAX_NOTE} ký tự.", field="note")
    rows = list(
        late_targets(actor, directive, on, level)
        .select_for_update(of=("self",))
        .select_related("unit", "task")
    )
    if not rows:
        raise ServiceError("Không có đơn vị nào trễ hạn cần nhắc.", field="directive")
    events = []
    for a in rows:
        before = snapshot(a, ["reminded_at"])
        a.reminded_at = at
        summary = f"Nhắc {a.unit.name} thực hiện nhiệm vụ {a.task.order} ({directive}) đã quá hạn"
        events.append(
            {
                "action": AuditEvent.Action.UPDATE,
                "obj": a,
                "before": before,
                "after": snapshot(a, ["reminded_at"]),
                "summary": summary + (f": {note}" if note else ""),
            }
        )
    TaskAssignment.objects.bulk_update(rows, ["reminded_at"], batch_size=500)
    record_many(actor, events)
    return len(rows)
