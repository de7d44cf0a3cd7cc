"""Reads of members for the pages. Every query starts from the actor's scope (accounts.scoping)."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery

from accounts.scoping import Actor, can_see_personal_data, visible_unit_ids
from lamtheo.lib.dates import today
from org.models import Unit

from .models import Member, MemberQuerySet, Membership, OfficerRole

STATUS_CURRENT = "current"
STATUS_ARCHIVED = "archived"


@dataclass(frozen=True)
class MemberFilters:
    q: str = ""
    unit_id: int | None = None
    sector: str = ""
    gender: str = ""
    status: str = STATUS_CURRENT


def _archived_visible_to(actor: Actor) -> MemberQuerySet:
    """Archived members have no current unit: they are seen through the units they belonged to."""
    belonged = Membership.objects.filter(member=OuterRef("pk"), unit_id__in=visible_unit_ids(actor))
    return Member.objects.filter(archived_at__isnull=False).filter(Exists(belonged))


def member_list(actor: Actor, filters: MemberFilters) -> QuerySet[Member]:
    """Members of the actor's subtree, filtered, in Vietnamese name order (sort_key)."""
    subtree = Unit.objects.subtree_of(filters.unit_id).values("id") if filters.unit_id else None
    qs: QuerySet[Member]
    if filters.status == STATUS_ARCHIVED:
        archived = _archived_visible_to(actor)
        qs = archived.search(filters.q, personal=actor.is_officer) if filters.q else archived
        if subtree is not None:
            qs = qs.filter(Exists(Membership.objects.filter(member=OuterRef("pk"), unit_id__in=subtree)))
        last = Membership.objects.filter(member=OuterRef("pk")).order_by("-valid_to", "-id")
        qs = qs.annotate(
            last_unit_name=Subquery(last.values("unit__name")[:1]),
            last_unit_code=Subquery(last.values("unit__code")[:1]),
            last_unit_sector=Subquery(last.values("unit__sector")[:1]),
        )
        if filters.sector:
            qs = qs.filter(last_unit_sector=filters.sector)
    else:
        current = Member.objects.visible_to(actor).current()
        qs = (current.search(filters.q, personal=actor.is_officer) if filters.q else current).select_related(
            "unit"
        )
        if subtree is not None:
            qs = qs.filter(unit_id__in=subtree)
        if filters.sector:
            qs = qs.filter(unit__sector=filters.sector)
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    return qs.order_by("sort_key", "id")


def iter_member_export(actor: Actor, filters: MemberFilters) -> Iterator[Member]:
    return member_list(actor, filters).iterator(chunk_size=2000)


def shows_personal_data_in_lists(actor: Actor) -> bool:
    """Every listed member is in the actor's subtree already, so the rule reduces to the role."""
    return actor.is_officer


def get_member(actor: Actor, pk: int) -> Member | None:
    """One member of the actor's subtree (current, or archived from a unit of the subtree)."""
    roles = OfficerRole.objects.select_related("unit").order_by("-valid_from", "kind")
    memberships = Membership.objects.select_related("unit").order_by("-valid_from", "-id")
    qs = Member.objects.select_related("unit").prefetch_related(
        Prefetch("memberships", queryset=memberships), Prefetch("officer_roles", queryset=roles)
    )
    member = qs.visible_to(actor).filter(pk=pk).first()
    if member is None:
        member = qs.filter(pk__in=_archived_visible_to(actor).filter(pk=pk).values("pk")).first()
    return member


def can_see_personal(actor: Actor, member: Member) -> bool:
    return can_see_personal_data(actor, member)


def current_membership(member: Member) -> Membership | None:
    """The open membership (uses the prefetched memberships)."""
    on = today()
    return next((m for m in member.memberships.all() if m.valid_from <= on < m.valid_to), None)


def last_membership_end(member: Member) -> date | None:
    ends = [m.valid_to for m in member.memberships.all()]
    return max(ends) if ends else None
