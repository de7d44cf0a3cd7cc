"""Reads of the audit log. Every query starts from AuditEvent.objects.visible_to(actor)."""

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Assignment
from accounts.scoping import Actor, visible_unit_ids
from org.models import UnitClosure

from .models import AuditEvent

# Where a record of a given kind can be opened (no query per row: the id is enough).
RECORD_URLS = {
    "org.unit": "org:unit_detail",
    "members.member": "members:member_detail",
}


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events(
    actor: Actor,
    *,
    unit_id: int | None = None,
    user_id: int | None = None,
    model: str = "",
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of the actor's subtree, filtered. `unit_id` keeps the events of every unit that has ever
    been in that unit's subtree (closure rows of any date); `date_to` is inclusive."""
    qs = AuditEvent.objects.visible_to(actor)
    if unit_id is not None:
        qs = qs.filter(unit_id__in=UnitClosure.objects.filter(ancestor_id=unit_id).values("descendant_id"))
    if user_id is not None:
        qs = qs.filter(actor_id=user_id)
    if model:
        qs = qs.filter(model=model)
    if action:
        qs = qs.filter(action=action)
    if date_from:
        qs = qs.filter(at__gte=_start_of(date_from))
    if date_to:
        qs = qs.filter(at__lt=_start_of(date_to + timedelta(days=1)))
    return qs.select_related("actor", "acting_unit", "unit").order_by("-at", "-id")


def model_label(model: str) -> str:
    """Vietnamese name of a record kind: "members.member" -> "đoàn viên"."""
    try:
        return str(apps.get_model(model)._meta.verbose_name)
    except (LookupError, ValueError):
        return model


def model_choices(actor: Actor) -> list[tuple[str, str]]:
    """The kinds of record that appear in the actor's events, with their Vietnamese names."""
    models = AuditEvent.objects.visible_to(actor).order_by("model").values_list("model", flat=True).distinct()
    return sorted(((m, model_label(m).capitalize()) for m in models if m), key=lambda pair: pair[1])


def user_choices(actor: Actor) -> QuerySet:
    """Users who act for a unit of the actor's subtree (now or before)."""
    user_ids = Assignment.objects.filter(unit_id__in=visible_unit_ids(actor)).values("user_id")
    return get_user_model().objects.filter(pk__in=user_ids).order_by("username")


@dataclass
class DiffRow:
    field: str
    before: str
    after: str
    changed: bool


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value or "“”"
    return json.dumps(value, ensure_ascii=False)


def diff_rows(event: AuditEvent) -> list[DiffRow]:
    """One row per field present before or after, in the order they were recorded."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(dict.fromkeys([*before, *after]))
    rows = [
        DiffRow(
            field=key,
            before=_show(before.get(key)) if key in before else "",
            after=_show(after.get(key)) if key in after else "",
            changed=before.get(key) != after.get(key),
        )
        for key in keys
    ]
    if not isinstance(event.before, dict | None):
        rows.append(DiffRow("(giá trị)", _show(event.before), "", True))
    if not isinstance(event.after, dict | None):
        rows.append(DiffRow("(giá trị)", "", _show(event.after), True))
    return rows


def record_url(event: AuditEvent) -> str:
    name = RECORD_URLS.get(event.model)
    if not name or not event.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(event.object_id)])
    except NoReverseMatch:
        return ""


@dataclass
class EventRow:
    event: AuditEvent
    record_label: str
    record_url: str
    diff: list[DiffRow]


def event_rows(page_events) -> list[EventRow]:
    labels: dict[str, str] = {}
    rows = []
    for event in page_events:
        if event.model not in labels:
            labels[event.model] = model_label(event.model)
        rows.append(
            EventRow(
                event=event,
                record_label=labels[event.model].capitalize(),
                record_url=record_url(event),
                diff=diff_rows(event),
            )
        )
    return rows
