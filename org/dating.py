"""The rule that keeps the dated tree whole: a reorganisation may not be dated on or before a later
change of the same units.

Re-cutting the later intervals instead would silently rewrite decisions already recorded (a later
move, rename or dissolution); refusing, and naming the change in the way, leaves the user to record
the changes in their order. Each aspect of a unit has its own dates, so that a rename and a move of
the same unit on the same day are both possible.
"""

from datetime import date

from django.db.models import Q

from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError

from .models import Unit, UnitChange, UnitLink, UnitName


def link_dates(unit: Unit) -> list[date]:
    """When the unit's parent changed (a link starts, or ends before the unit does)."""
    dates: list[date] = []
    for valid_from, valid_to in UnitLink.objects.filter(child=unit).values_list("valid_from", "valid_to"):
        dates.append(valid_from)
        if valid_to not in (OPEN_END, unit.valid_to):
            dates.append(valid_to)
    return dates


def name_dates(unit: Unit) -> list[date]:
    return list(UnitName.objects.filter(unit=unit).values_list("valid_from", flat=True))


def ending_dates(unit: Unit, on: date) -> list[date]:
    """Dates that forbid ending the unit on `on`: its own changes, a scheduled end, and children
    that arrive on or after `on` or leave it after `on` (they would be cut off)."""
    dates = [unit.valid_from, *link_dates(unit), *name_dates(unit)]
    if unit.valid_to != OPEN_END:
        dates.append(unit.valid_to)
    children = UnitLink.objects.filter(parent=unit).filter(
        Q(valid_from__gte=on) | Q(valid_to__gt=on, valid_to__lt=OPEN_END)
    )
    for valid_from, valid_to in children.values_list("valid_from", "valid_to"):
        dates.append(valid_from if valid_from >= on else valid_to)
    return dates


def refuse_changes_from(unit: Unit, on: date, dates: list[date]) -> None:
    """ServiceError naming the latest change of `unit` dated on or after `on`, if there is one."""
    later = [d for d in dates if d >= on]
    if not later:
        return
    when = max(later)
    raise ServiceError(
        f"“{unit.name}” đã có thay đổi ngày {when:%d/%m/%Y}{_kinds(unit, when)}: "
        f"không thể ghi thay đổi vào hoặc trước ngày đó.",
        field="on",
    )


def _kinds(unit: Unit, when: date) -> str:
    kinds = UnitChange.objects.filter(units=unit, date=when).order_by("id").values_list("kind", flat=True)
    labels = list(dict.fromkeys(_lower_first(UnitChange.Kind(kind).label) for kind in kinds))
    return f" ({', '.join(labels)})" if labels else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
