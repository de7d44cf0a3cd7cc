"""Reads of the audit log. Every query starts from AuditEvent.objects.visible_to(actor)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Assignment
from accounts.scoping import Actor, visible_unit_ids
from org.models import UnitClosure

from .display import HIDDEN, Names, Shown, describe, model_label, show_value, want_names
from .models import AuditEvent


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
    label: str
    before: list[Shown]
    after: list[Shown]
    changed: bool


def _keys(event: AuditEvent) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    return before, after, [k for k in dict.fromkeys([*before, *after]) if k not in HIDDEN]


def diff_rows(event: AuditEvent, names: Names) -> list[DiffRow]:
    """One row per field present before or after, in the order they were recorded, in words."""
    before, after, keys = _keys(event)
    rows = [
        DiffRow(
            label=describe(event.model, key).label,
            before=show_value(event.model, key, before.get(key), names) if key in before else [],
            after=show_value(event.model, key, after.get(key), names) if key in after else [],
            changed=before.get(key) != after.get(key),
        )
        for key in keys
    ]
    if not isinstance(event.before, dict | None):
        rows.append(DiffRow("Giá trị", [Shown(str(event.before))], [], True))
    if not isinstance(event.after, dict | None):
        rows.append(DiffRow("Giá trị", [], [Shown(str(event.after))], True))
    return rows


@dataclass
class EventRow:
    event: AuditEvent
    record_label: str
    record: Shown | None
    diff: list[DiffRow]
    # The unit the event belongs to, unless the record is that unit itself.
    shows_unit: bool = True


def event_rows(page_events) -> list[EventRow]:
    """The page's events in words; the names of every record they mention come in one query per kind."""
    page_events = list(page_events)
    names = Names()
    for event in page_events:
        before, after, _ = _keys(event)
        want_names(event.model, [*before.items(), *after.items()], names)
        if event.model and event.object_id.isdigit():
            names.want(event.model, event.object_id)
    names.fetch()
    rows = []
    for event in page_events:
        has_record = bool(event.model and event.object_id.isdigit())
        rows.append(
            EventRow(
                event=event,
                record_label=model_label(event.model).capitalize() if event.model else "",
                record=names.show(event.model, event.object_id) if has_record else None,
                diff=diff_rows(event, names),
                shows_unit=event.unit_id is not None
                and not (event.model == "org.unit" and event.object_id == str(event.unit_id)),
            )
        )
    return rows
