"""Tell the figures that records were written: one call at the end of a write service.

The indicators engine sits above every domain app (docs/architecture.md, "Layers"), so a domain service
cannot import it. Instead, after its write and inside its transaction, a service calls

    records_changed(Membership, [old_unit_id, new_unit_id])

naming the model it wrote and every unit whose records changed (the old unit as well as the new one of a
record that moved). The engine registers itself here (IndicatorsConfig.ready) and brings its summaries
of those units up to date in the same transaction, so a figure read after the commit is exact.
"""

from collections.abc import Callable, Iterable

from django.db import models

Listener = Callable[[str, set[int]], None]
_listeners: list[Listener] = []


def on_records_changed(listener: Listener) -> Listener:
    """Register `listener(model_label, unit_ids)` (idempotent)."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def records_changed(model: type[models.Model] | str, unit_ids: Iterable[int | None]) -> None:
    """Records of `model` (a class or a label such as "members.membership") of these units changed."""
    label = model if isinstance(model, str) else model._meta.label_lower
    ids = {int(u) for u in unit_ids if u is not None}
    if not ids:
        return
    for listener in tuple(_listeners):
        listener(label.lower(), ids)
