"""Every read of the study app, from Model.objects.visible_to(actor); no query per row."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from django.core import signing
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from accounts.scoping import Actor, subtree_ids
from lamtheo.lib.dates import today
from lamtheo.lib.periods import Period, quarter
from members.models import Member
from org.figures import members_by_unit
from org.models import GRASSROOTS_KINDS, Unit, UnitClosure

from .models import (
    Attendance,
    OutreachItem,
    ScheduleEntry,
    StudyEvent,
    StudyEventHost,
    StudySchedule,
    Topic,
    TopicItem,
    TrainingCourse,
)

CHECK_IN_SALT = "study.check_in"


# ---------------------------------------------------------------- topics and schedules


def topic_list(actor: Actor) -> QuerySet[Topic]:
    return (
        Topic.objects.visible_to(actor)
        .filter(deleted_at__isnull=True)
        .select_related("issuer_unit", "programme")
    )


def get_topic(actor: Actor, pk: int) -> Topic:
    topic = topic_list(actor).filter(pk=pk).prefetch_related("items").first()
    if topic is None:
        raise Http404
    return topic


def schedules_of(actor: Actor, topic: Topic) -> list[StudySchedule]:
    """The schedules of a topic the actor may read (their own unit's, those above and below it)."""
    qs = StudySchedule.objects.visible_to(actor).filter(topic=topic, deleted_at__isnull=True)
    entries = ScheduleEntry.objects.select_related("item").order_by("quarter", "item__number")
    return list(
        qs.select_related("unit")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .order_by("year", "unit__code")
    )


def schedule_quarters(schedule: StudySchedule) -> dict[int, list[ScheduleEntry]]:
    out: dict[int, list[ScheduleEntry]] = {1: [], 2: [], 3: [], 4: []}
    for entry in schedule.entries.all():
        out[entry.quarter].append(entry)
    return out


def applying_entries(unit_id: int, year: int, q: int, on: date | None = None) -> list[ScheduleEntry]:
    """The schedule entries that apply to the unit in the quarter: its own schedules' and those of every
    unit above it (a federation's schedule applies to its subtree; lower units only add)."""
    day = on or today()
    above = UnitClosure.objects.filter(descendant_id=unit_id, valid_from__lte=day, valid_to__gt=day).values(
        "ancestor_id"
    )
    return list(
        ScheduleEntry.objects.filter(
            schedule__unit__in=above, schedule__year=year, schedule__deleted_at__isnull=True, quarter=q
        )
        .select_related("item", "schedule__topic")
        .order_by("item__number")
    )


# ---------------------------------------------------------------- study events


def event_list(actor: Actor) -> QuerySet[StudyEvent]:
    return StudyEvent.objects.visible_to(actor).live().select_related("unit", "topic")


def get_event(actor: Actor, pk: int) -> StudyEvent:
    event = (
        event_list(actor)
        .filter(pk=pk)
        .prefetch_related("items", Prefetch("hosts", queryset=StudyEventHost.objects.select_related("unit")))
        .first()
    )
    if event is None:
        raise Http404
    return event


def attendance_sheet(actor: Actor, event: StudyEvent, q: str = "") -> QuerySet[Member]:
    """The host units' current members the actor may see, each with their status (or None), in name
    order; searchable, paginated by the page (a union of 3,000 members is one page at a time)."""
    host_ids = [h.unit_id for h in event.hosts.all()]
    status = Attendance.objects.filter(event=event, member=OuterRef("pk")).values("status")[:1]
    qs = Member.objects.visible_to(actor).current().filter(unit_id__in=host_ids)
    if q:
        qs = qs.search(q, personal=False)
    return qs.annotate(study_status=Subquery(status)).select_related("unit").order_by("sort_key", "id")


def attendance_summary(event: StudyEvent) -> dict[str, int]:
    rows = event.attendances.values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(rows)


def check_in_code(event: StudyEvent) -> str:
    """The signed code behind the event's QR: the event and its day (study.services.check_in checks both)."""
    # No timestamp: the day is in the payload, and a printed code must stay the same from one page view to the next.
    return _check_in_signer().sign_object({"e": event.pk, "d": event.held_on.isoformat()}, compress=True)


def _check_in_signer() -> signing.Signer:
    return signing.Signer(salt=CHECK_IN_SALT)


def read_check_in_code(code: str) -> tuple[int, date]:
    """The event id and day a code names; BadSignature, KeyError, TypeError or ValueError when it names none."""
    data = _check_in_signer().unsign_object(code)
    return int(data["e"]), date.fromisoformat(data["d"])


def check_in_event(code: str) -> StudyEvent | None:
    """The event a code names (for the check-in page's heading), or None."""
    try:
        event_id, _day = read_check_in_code(code)
        return StudyEvent.objects.filter(pk=event_id, deleted_at__isnull=True).select_related("unit").first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------- outreach, training


def outreach_list(actor: Actor) -> QuerySet[OutreachItem]:
    return OutreachItem.objects.visible_to(actor).live().select_related("unit")


def course_list(actor: Actor) -> QuerySet[TrainingCourse]:
    return TrainingCourse.objects.visible_to(actor).live().select_related("unit")


# ---------------------------------------------------------------- coverage


class UnitBrief(NamedTuple):
    """What a coverage row shows of its union."""

    pk: int
    code: str
    name: str
    kind: str


@dataclass
class CoverageRow:
    unit: UnitBrief
    scheduled: list[TopicItem]
    studied: set[int]
    events: int
    members: int
    reached: int

    @property
    def missing(self) -> list[TopicItem]:
        return [i for i in self.scheduled if i.pk not in self.studied]

    @property
    def nothing_recorded(self) -> bool:
        return self.events == 0 and self.reached == 0

    @property
    def share(self) -> float | None:
        return round(100 * self.reached / self.members, 1) if self.members else None


@dataclass
class Coverage:
    unit: Unit
    period: Period
    rows: list[CoverageRow]
    scheduled: list[TopicItem]  # what applies to the unit itself
    notes: list[str]
    members: int = 0
    reached: int = 0
    by_item: dict[int, int] = field(default_factory=dict)  # item id → units that studied it

    @property
    def share(self) -> float | None:
        return round(100 * self.reached / self.members, 1) if self.members else None

    @property
    def lagging(self) -> list[CoverageRow]:
        return [r for r in self.rows if r.nothing_recorded]

    def missing(self, item: TopicItem) -> list[CoverageRow]:
        """The units to which `item` applies this quarter and that have not studied it."""
        return [r for r in self.rows if item.pk in {i.pk for i in r.scheduled} and item.pk not in r.studied]


def coverage(actor: Actor, unit: Unit, year: int, q: int) -> Coverage:
    """For the unit's grassroots unions (as the tree stood at the quarter's end, or today): the items of
    the quarter's schedules, those studied at an event, the members reached (present at an event or
    self-studied and passed; each member once) out of the members; nothing recorded first.

    A fixed number of queries whatever the number of units (a province: about 5,000)."""
    period = quarter(year, q)
    on = min(period.end - timedelta(days=1), today())
    if not Unit.objects.visible_to(actor, on=on).filter(pk=unit.pk).exists():
        raise Http404
    in_tree = subtree_ids(unit.pk, on)
    tree_ids = sorted(in_tree.values_list("descendant_id", flat=True))
    # A province has ~4,000 unions: plain tuples, not model instances (a third of the time otherwise).
    units = {
        pk: UnitBrief(pk, code, name, kind)
        for pk, code, name, kind in Unit.objects.filter(
            pk__in=in_tree, kind__in=GRASSROOTS_KINDS
        ).values_list("id", "code", "name", "kind")
    }
    # Schedules that apply: those of the unit's subtree and of the units above it.
    ancestors = UnitClosure.objects.valid_on(on).filter(descendant_id=unit.pk).values("ancestor_id")
    entries = list(
        ScheduleEntry.objects.filter(schedule__year=year, schedule__deleted_at__isnull=True, quarter=q)
        .filter(Q(schedule__unit__in=ancestors) | Q(schedule__unit__in=in_tree))
        .select_related("item", "schedule")
    )
    by_setter: dict[int, list[TopicItem]] = {}
    notes: list[str] = []
    for e in entries:
        if e.item is not None:
            by_setter.setdefault(e.schedule.unit_id, []).append(e.item)
        elif e.note and e.note not in notes:
            notes.append(e.note)
    scheduled: dict[int, dict[int, TopicItem]] = {uid: {} for uid in units}
    if by_setter:
        pairs = (
            UnitClosure.objects.valid_on(on)
            .filter(ancestor_id__in=list(by_setter), descendant_id__in=in_tree)
            .values_list("ancestor_id", "descendant_id")
        )
        for setter, uid in pairs:
            if uid in scheduled:
                for item in by_setter[setter]:
                    scheduled[uid][item.pk] = item
    own: dict[int, TopicItem] = {}
    above = set(ancestors.values_list("ancestor_id", flat=True))
    for setter, items in by_setter.items():
        if setter in above:
            own.update({i.pk: i for i in items})
    # Items studied at events held by each unit in the quarter: one pass over the hosts and their items.
    studied: dict[int, set[int]] = {}
    held: dict[int, set[int]] = {}
    rows = (
        StudyEventHost.objects.filter(
            live=True, held_on__gte=period.start, held_on__lt=period.end, unit_id__in=in_tree
        )
        .order_by()
        .values_list("unit_id", "event_id", "event__items__id")
    )
    for uid, event_id, item_id in rows:
        held.setdefault(uid, set()).add(event_id)
        if item_id is not None:
            studied.setdefault(uid, set()).add(item_id)
    events = {uid: len(ids) for uid, ids in held.items()}
    # Members reached, each once: per union and in all from one pass over the partial index
    # study_att_reached (unit, day, member of the reaching rows), in unit order. The same figure as the
    # engine's study_members_reached for the quarter (study/tests/test_coverage_reached.py, bench/study.py);
    # the engine's distinct summary rows answer a quarter of a province 4-6 times slower than this pass
    # (docs/performance.md, "Study").
    members = members_by_unit(in_tree, on)
    reached, total_reached = _reached(tree_ids, period, in_tree)
    out = [
        CoverageRow(
            unit=u,
            scheduled=sorted(scheduled[uid].values(), key=lambda i: i.number),
            studied=studied.get(uid, set()),
            events=events.get(uid, 0),
            members=members.get(uid, 0),
            reached=reached.get(uid, 0),
        )
        for uid, u in units.items()
    ]
    out.sort(key=lambda r: (not r.nothing_recorded, -len(r.missing), r.share or 0, r.unit.name))
    by_item: dict[int, int] = {}
    for r in out:
        for item_id in r.studied:
            by_item[item_id] = by_item.get(item_id, 0) + 1
    return Coverage(
        unit=unit,
        period=period,
        rows=out,
        scheduled=sorted(own.values(), key=lambda i: i.number),
        notes=notes,
        members=sum(members.values()),
        reached=total_reached,
        by_item=by_item,
    )


def _reached(unit_ids: list[int], period: Period, in_tree: QuerySet) -> tuple[dict[int, int], int]:
    """Members reached in the period: per unit, and in all the units together (a member who moved between
    two of them counts once in the total), on PostgreSQL from one scan of the reaching rows (GROUPING SETS)."""
    if not unit_ids:
        return {}, 0
    qs = (
        Attendance.objects.reached()
        .filter(live=True, on__gte=period.start, on__lt=period.end)
        .order_by()
        .values("unit_id", "member_id")
    )
    if connection.vendor != "postgresql":  # no GROUPING SETS: two passes
        qs = qs.filter(unit_id__in=in_tree)  # the subquery: 4,000 ids as parameters cost more than the count
        by_unit = (
            qs.values("unit_id").annotate(n=Count("member_id", distinct=True)).values_list("unit_id", "n")
        )
        return dict(by_unit), qs.aggregate(n=Count("member_id", distinct=True))["n"] or 0
    sql, params = qs.query.sql_with_params()
    select, rest = sql[: sql.index(" FROM ")], sql[sql.index(" FROM ") :]
    unit_col, member_col = (c.strip().split(" AS ")[0] for c in select[len("SELECT ") :].split(","))
    # The units as one array parameter (Django would expand 4,000 ids into as many placeholders).
    grouped = (
        f"SELECT {unit_col}, COUNT(DISTINCT {member_col}){rest} AND {unit_col} = ANY(%s)"
        f" GROUP BY GROUPING SETS (({unit_col}), ())"
    )
    params = (*params, list(unit_ids))
    per_unit: dict[int, int] = {}
    total = 0
    with connection.cursor() as cur:
        cur.execute(grouped, params)
        for unit_id, n in cur.fetchall():
            if unit_id is None:
                total = n
            else:
                per_unit[unit_id] = n
    return per_unit, total
