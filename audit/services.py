"""Audit writing: every service calls record() inside its own transaction."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from .models import AuditEvent


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj, JSON-ready (FKs as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the keys that changed."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(
    actor,
    *,
    action: str,
    obj: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    unit_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    summary: str = "",
) -> AuditEvent:
    """Append one audit event. `actor` is an accounts.scoping.Actor or None (system)."""
    return AuditEvent.objects.create(
        **_fields(actor, action, obj, model, object_id, unit_id, before, after, summary)
    )


def record_many(actor, events: list[dict[str, Any]]) -> None:
    """Bulk variant for bulk services: each dict takes the keyword arguments of record()."""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                **_fields(
                    actor,
                    e["action"],
                    e.get("obj"),
                    e.get("model", ""),
                    e.get("object_id", ""),
                    e.get("unit_id"),
                    e.get("before"),
                    e.get("after"),
                    e.get("summary", ""),
                )
            )
            for e in events
        ],
        batch_size=1000,
    )


def _fields(actor, action, obj, model, object_id, unit_id, before, after, summary) -> dict[str, Any]:
    if obj is not None:
        model = model or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if unit_id is None:
            unit_id = getattr(obj, "audit_unit_id", None)
    return {
        "actor": getattr(actor, "user", None)
        if actor and getattr(actor, "user", None) and actor.user.pk
        else None,
        "acting_unit_id": getattr(actor, "unit_id", None),
        "unit_id": unit_id,
        "action": action,
        "model": model,
        "object_id": object_id,
        "summary": summary[:300],
        "before": before,
        "after": after,
    }
