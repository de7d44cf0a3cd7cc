"""Reads of the union tree. Every query starts from the actor's scope."""

from datetime import date

from django.db.models import Count, Q

from accounts.scoping import Actor, visible_unit_ids
from lamtheo.lib.dates import today
from members.models import Member, Membership

from .models import GRASSROOTS_KINDS, Sector, Unit, UnitClosure, UnitKind, UnitLink


def subtree_unit_ids(unit_id: int, on: date):
    return UnitClosure.objects.valid_on(on).filter(ancestor_id=unit_id).values("descendant_id")


def count_members_in_subtree(unit_id: int, on: date) -> int:
    """Members of the subtree of unit_id as it stood on `on` (memberships valid that day)."""
    return Membership.objects.valid_on(on).filter(unit_id__in=subtree_unit_ids(unit_id, on)).count()


def home_summary(actor: Actor, on: date | None = None) -> dict:
    """Units by kind and sector, members by sector, for the actor's subtree."""
    on = on or today()
    units = Unit.objects.active_on(on).filter(id__in=visible_unit_ids(actor, on))
    by_kind = dict(units.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    grassroots = units.filter(kind__in=GRASSROOTS_KINDS)
    by_sector = dict(grassroots.values_list("sector").annotate(n=Count("id")).values_list("sector", "n"))
    members = (
        Membership.objects.valid_on(on)
        .filter(unit_id__in=visible_unit_ids(actor, on))
        .values("unit__sector")
        .annotate(n=Count("id"))
    )
    members_by_sector = {row["unit__sector"]: row["n"] for row in members}
    acting = Unit.objects.filter(pk=actor.unit_id).first()
    return {
        "on": on,
        "unit": acting,
        "units_by_kind": [(UnitKind(k).label, by_kind[k]) for k in UnitKind.values if by_kind.get(k)],
        "grassroots_total": sum(by_sector.values()),
        "sectors": [
            {"label": Sector(s).label, "units": by_sector.get(s, 0), "members": members_by_sector.get(s, 0)}
            for s in Sector.values
            if s and (by_sector.get(s) or members_by_sector.get(s))
        ],
        "members_total": sum(members_by_sector.values()),
        "members_current": Member.objects.current().visible_to(actor).count(),
    }


def children_on(unit_id: int, on: date) -> list[Unit]:
    ids = UnitLink.objects.valid_on(on).filter(parent_id=unit_id).values("child_id")
    return list(
        Unit.objects.filter(id__in=ids)
        .annotate(
            n_children=Count(
                "child_links", filter=Q(child_links__valid_from__lte=on, child_links__valid_to__gt=on)
            )
        )
        .order_by("kind", "name")
    )


def parent_on(unit_id: int, on: date) -> Unit | None:
    link = UnitLink.objects.valid_on(on).filter(child_id=unit_id).select_related("parent").first()
    return link.parent if link else None
