"""The one place where "what may this actor see" is decided.

Every selector starts from Model.objects.visible_to(actor), which calls visible_unit_ids() here: the
subtree of the actor's acting unit as it stands on the given day (default: today).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet

from lamtheo.lib.dates import today


@dataclass(frozen=True)
class Actor:
    """Who is acting (a user, or None for the system), for which unit, in which role."""

    user: Any
    unit_id: int | None
    role: str

    @property
    def is_officer(self) -> bool:
        from .models import OFFICER_ROLES

        return self.role in OFFICER_ROLES

    @property
    def can_write(self) -> bool:
        from .models import WRITER_ROLES

        return self.role in WRITER_ROLES


SYSTEM = Actor(user=None, unit_id=None, role="operator")


def visible_unit_ids(actor: Actor, on: date | None = None) -> QuerySet:
    """Subquery of unit ids in the actor's subtree on `on`. The system actor sees everything."""
    from org.models import Unit, UnitClosure

    if actor is SYSTEM or (actor.user is None and actor.unit_id is None):
        return Unit.objects.values("id")
    if actor.unit_id is None:
        return Unit.objects.none().values("id")
    return (
        UnitClosure.objects.valid_on(on or today()).filter(ancestor_id=actor.unit_id).values("descendant_id")
    )


def unit_is_visible(actor: Actor, unit_id: int | None, on: date | None = None) -> bool:
    if unit_id is None:
        return False
    return visible_unit_ids(actor, on).filter(**_id_filter(actor, unit_id)).exists()


def _id_filter(actor: Actor, unit_id: int) -> dict[str, int]:
    if actor is SYSTEM or (actor.user is None and actor.unit_id is None):
        return {"id": unit_id}
    return {"descendant_id": unit_id}


def can_see_personal_data(actor: Actor, member) -> bool:
    """Birth date, ID number and phone: officers of the member's unit or of a unit above it.

    For a member who has left (no current unit), the unit of their last membership counts.
    """
    if not actor.is_officer:
        return False
    unit_id = member.unit_id
    if unit_id is None:
        last = member.memberships.order_by("-valid_to").values_list("unit_id", flat=True).first()
        unit_id = last
    return unit_is_visible(actor, unit_id)
