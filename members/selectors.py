"""Reads of members for the pages. Every query starts from the actor's scope (accounts.scoping)."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from accounts.scoping import Actor, can_see_personal_data
from lamtheo.lib.dates import today
from lamtheo.lib.lists import COUNT_CAP, page_of
from org.models import Unit, UnitClosure
from org.selectors import subtree_unit_ids

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
    import_event_id: int | None = None  # the members one import created (its audit event)


def _archived_visible_to(actor: Actor) -> MemberQuerySet:
    """Archived members have no current unit: they belong to the unit of their last membership, for
    lists, exports, search, detail and personal data alike (MemberQuerySet.without_unit_visible_to)."""
    return Member.objects.without_unit_visible_to(actor).filter(archived_at__isnull=False)


def member_list(actor: Actor, filters: MemberFilters, *, broad: bool = False) -> QuerySet[Member]:
    """Members of the actor's subtree, filtered, in Vietnamese name order (sort_key).

    `broad`: the list is long (see member_page); read it in index order rather than sorting it."""
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
        current = Member.objects.visible_to(actor, broad=broad).current()
        qs = (current.search(filters.q, personal=actor.is_officer) if filters.q else current).select_related(
            "unit"
        )
        if subtree is not None:
            qs = qs.filter(unit_id__in=subtree)
        if filters.sector:
            qs = qs.filter(unit__sector=filters.sector)
    if filters.gender:
        qs = qs.filter(gender=filters.gender)
    if filters.import_event_id:
        qs = qs.filter(import_event_id=filters.import_event_id)
    return qs.order_by("sort_key", "id")


def member_page(actor: Actor, filters: MemberFilters, number, per_page: int) -> Page:
    """One page of member_list with a capped count ("hơn 10.000"): a long list is read in index order."""
    cap = SEARCH_COUNT_CAP if filters.q else COUNT_CAP  # a search's count costs a scan of the rows
    members = member_list(actor, filters, broad=is_broad(actor))
    if not filters.q:
        return page_of(members, number, per_page, cap=cap)
    # A search pages its ids first: the walk of member_name_walk then tests the words in the index
    # alone (PostgreSQL reads a table row for every entry it filters when the row's columns are asked).
    page = page_of(members.values_list("pk", flat=True), number, per_page, cap=cap)
    ids = list(page.object_list)
    rows = {m.pk: m for m in members.filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


SEARCH_COUNT_CAP = 1_000


def is_broad(actor: Actor) -> bool:
    """The actor's scope holds more than COUNT_CAP current members (counted from the index, stopping
    there): lists are then read in name order from the sort_key index (MemberQuerySet.visible_to)."""
    return Member.objects.current().visible_to(actor).order_by()[: COUNT_CAP + 1].count() > COUNT_CAP


def iter_member_export(actor: Actor, filters: MemberFilters) -> Iterator[Member]:
    return member_list(actor, filters).iterator(chunk_size=2000)


def shows_personal_data_in_lists(actor: Actor) -> bool:
    """Every listed member is in the actor's subtree already (by their current unit, or the last one for
    archived members: the same rule as can_see_personal_data), so the rule reduces to the role."""
    return actor.is_officer


def get_member(actor: Actor, pk: int) -> Member | None:
    """One member of the actor's subtree (current, or archived from a unit of the subtree)."""
    roles: QuerySet = OfficerRole.objects.select_related("unit").order_by("-valid_from", "kind")
    memberships: QuerySet = Membership.objects.select_related("unit").order_by("-valid_from", "-id")
    qs = Member.objects.select_related("unit").prefetch_related(
        Prefetch("memberships", queryset=memberships), Prefetch("officer_roles", queryset=roles)
    )
    member = qs.visible_to(actor).filter(pk=pk).first()
    if member is None:
        # Archived, or released to another union and not yet accepted: the last membership's unit.
        member = qs.filter(
            pk__in=Member.objects.without_unit_visible_to(actor).filter(pk=pk).values("pk")
        ).first()
    return member


def member_home(actor: Actor) -> dict:
    """A plain member's home: their own record, their union's officers today."""
    member = None
    if actor.member_id is not None:
        member = Member.objects.visible_to(actor).filter(pk=actor.member_id).select_related("unit").first()
    if actor.unit_id is None:
        return {"member": member, "officers": []}
    officers = (
        OfficerRole.objects.visible_to(actor)
        .filter(unit_id=actor.unit_id, valid_from__lte=today(), valid_to__gt=today())
        .select_related("member")
        .order_by("kind", "member__sort_key")
    )
    return {"member": member, "officers": list(officers)}


def can_see_personal(actor: Actor, member: Member) -> bool:
    return can_see_personal_data(actor, member)


def current_membership(member: Member) -> Membership | None:
    """The open membership (uses the prefetched memberships)."""
    on = today()
    return next((m for m in member.memberships.all() if m.valid_from <= on < m.valid_to), None)


def last_membership_end(member: Member) -> date | None:
    ends = [m.valid_to for m in member.memberships.all()]
    return max(ends) if ends else None


# --- Member counts per unit (org's pages read them through org.figures) ----------------------------


def members_by_unit(unit_ids: Iterable[int] | QuerySet, on: date) -> dict[int, int]:
    """Memberships valid on `on`, per unit, for the given units: one pass over the covering index
    (unit, valid_from, valid_to), grouped by unit."""
    rows = (
        Membership.objects.valid_on(on)
        .filter(unit_id__in=unit_ids)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("*"))
        .values_list("unit_id", "n")
    )
    return dict(rows)


def _direct_counts(unit_ids: QuerySet, on: date) -> dict[int, int]:
    """Memberships valid on `on` of each unit in the subquery `unit_ids`, counted unit by unit.

    One range of the covering index (unit, valid_from, valid_to) per unit, read index-only: for a
    province (1.2 M memberships, 80 % of the table) PostgreSQL would otherwise choose a parallel
    sequential scan of the whole table and a hash join (bench/pages.py: tree, unit page)."""
    per_unit = Subquery(
        Membership.objects.valid_on(on)
        .filter(unit_id=OuterRef("pk"))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("*"))
        .values("n"),
        output_field=IntegerField(),
    )
    rows = Unit.objects.filter(id__in=unit_ids).order_by().annotate(n=per_unit).values_list("id", "n")
    return {uid: n for uid, n in rows if n}


def member_counts(unit_ids: Iterable[int], on: date) -> dict[int, int]:
    """Members of each unit's subtree as it stood on `on`.

    Each membership is read once whatever the number of units asked (a province and its children
    on the tree page share one pass): direct counts per descendant, summed up the closure pairs.
    """
    ids = list(dict.fromkeys(unit_ids))
    counts: dict[int, int] = {}
    for i in range(0, len(ids), 900):  # stay under SQLite's variable limit
        chunk = ids[i : i + 900]
        paths = UnitClosure.objects.valid_on(on).filter(ancestor_id__in=chunk)
        direct = _direct_counts(paths.values("descendant_id"), on)
        for ancestor, descendant in paths.values_list("ancestor_id", "descendant_id"):
            counts[ancestor] = counts.get(ancestor, 0) + direct.get(descendant, 0)
    return {uid: n for uid, n in counts.items() if n}


def count_members_in_subtree(unit_id: int, on: date) -> int:
    """Members of the subtree of unit_id as it stood on `on` (memberships valid that day)."""
    return Membership.objects.valid_on(on).filter(unit_id__in=subtree_unit_ids(unit_id, on)).count()


def current_members_by_unit(unit_ids: Iterable[int]) -> dict[int, int]:
    """Current members whose unit is exactly one of unit_ids."""
    rows = (
        Member.objects.current()
        .filter(unit_id__in=list(unit_ids))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    return dict(rows)


def import_of(member: Member) -> dict[str, Any] | None:
    """The import that created `member` ({"file", "at"}), from its one audit event; None otherwise. The
    audit event itself is seen on the audit page by who may see it; the file name and day are shown here."""
    if member.import_event_id is None:
        return None
    from audit.models import AuditEvent

    event = AuditEvent.objects.filter(pk=member.import_event_id).only("at", "after").first()
    if event is None:
        return None
    return {"file": (event.after or {}).get("file", ""), "at": timezone.localtime(event.at)}
