"""Reads of the union tree. Every query starts from the actor's scope."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from accounts.scoping import Actor, visible_unit_ids
from lamtheo.lib.dates import today
from lamtheo.lib.text import fold, vietnamese_sort_key

from . import figures
from .models import (
    GRASSROOTS_KINDS,
    Unit,
    UnitChange,
    UnitClosure,
    UnitKind,
    UnitLink,
    UnitName,
    UnitSuccession,
)

# Upper levels first, then grassroots unions and guilds.
KIND_ORDER = [
    UnitKind.CONFEDERATION,
    UnitKind.PROVINCIAL_FEDERATION,
    UnitKind.NATIONAL_SECTOR_UNION,
    UnitKind.UPPER_GRASSROOTS,
    UnitKind.GRASSROOTS,
    UnitKind.GUILD,
]
# `level=grassroots` in a unit filter: CĐCS and nghiệp đoàn together.
LEVEL_GRASSROOTS = "grassroots"


def subtree_unit_ids(unit_id: int, on: date):
    return UnitClosure.objects.valid_on(on).filter(ancestor_id=unit_id).values("descendant_id")


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


# --- The tree browser -------------------------------------------------------------------------------


@dataclass
class TreeNode:
    """A unit as it stood on a day: its name then, its children count and its members in the subtree."""

    unit: Unit
    name: str
    n_children: int
    members: int
    # Filled by the views for the templates (a province lists 340 children: no {% url %} per row).
    key: str = ""
    url: str = ""
    children_url: str = ""
    kind_label: str = ""
    sector_label: str = ""
    visible: bool = False  # the unit page links only the children the actor may open
    members_url: str = ""  # the engine's drill-down of `members` (figures.member_counts_link)


def _kind_rank() -> Case:
    return Case(
        *(When(kind=k, then=Value(i)) for i, k in enumerate(KIND_ORDER)),
        default=Value(len(KIND_ORDER)),
        output_field=IntegerField(),
    )


def name_on_subquery(on: date) -> Subquery:
    return Subquery(
        UnitName.objects.filter(unit_id=OuterRef("pk"), valid_from__lte=on, valid_to__gt=on)
        .order_by("-valid_from")
        .values("name")[:1]
    )


def _children_count_subquery(on: date) -> Subquery:
    return Subquery(
        UnitLink.objects.valid_on(on)
        .filter(parent_id=OuterRef("pk"))
        .order_by()
        .values("parent_id")
        .annotate(n=Count("id"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def _nodes(
    units: QuerySet[Unit], on: date, also: Iterable[int] = (), counts: dict[int, int] | None = None
) -> tuple[list[TreeNode], dict[int, int]]:
    """Nodes for `units` and the member counts fetched for them (and for `also`, in the same pass)."""
    rows = list(
        units.annotate(name_on=name_on_subquery(on), n_kids=_children_count_subquery(on), rank=_kind_rank())
    )
    if counts is None:
        counts = figures.member_counts([*(u.pk for u in rows), *also], on)
    link = figures.member_counts_link(on)
    nodes = [
        TreeNode(unit=u, name=u.name_on or u.name, n_children=u.n_kids or 0, members=counts.get(u.pk, 0),
                 members_url=link(u.pk))
        for u in rows
    ]  # fmt: skip
    nodes.sort(key=lambda n: (getattr(n.unit, "rank", 0), vietnamese_sort_key(n.name)))
    return nodes, counts


def tree_root(actor: Actor, on: date) -> TreeNode | None:
    """The actor's acting unit as it stood on `on`, or None when it did not exist that day."""
    if actor.unit_id is None:
        return None
    nodes, _ = _nodes(Unit.objects.visible_to(actor, on=on).filter(pk=actor.unit_id), on)
    return nodes[0] if nodes else None


def tree_top(actor: Actor, on: date) -> tuple[TreeNode | None, list[TreeNode]]:
    """The acting unit and its children on `on`, their member counts in one pass."""
    if actor.unit_id is None:
        return None, []
    visible = Unit.objects.visible_to(actor, on=on)
    ids = UnitLink.objects.valid_on(on).filter(parent_id=actor.unit_id).values("child_id")
    children, counts = _nodes(visible.filter(id__in=ids), on, also=[actor.unit_id])
    roots, _ = _nodes(visible.filter(pk=actor.unit_id), on, counts=counts)
    return (roots[0] if roots else None), children


def tree_children(actor: Actor, parent_id: int, on: date) -> list[TreeNode] | None:
    """Children of parent_id on `on`; None when parent_id is outside the actor's subtree that day."""
    visible = Unit.objects.visible_to(actor, on=on)
    if not visible.filter(pk=parent_id).exists():
        return None
    ids = UnitLink.objects.valid_on(on).filter(parent_id=parent_id).values("child_id")
    return _nodes(visible.filter(id__in=ids), on)[0]


# --- Unit lists and search ----------------------------------------------------------------------------


def search_units(
    actor: Actor, *, on: date, q: str = "", kind: str = "", sector: str = "", level: str = ""
) -> QuerySet[Unit]:
    """Units of the actor's subtree on `on`, filtered; accent-insensitive search on code and name."""
    units = Unit.objects.visible_to(actor, on=on)
    for word in fold(q).split():
        units = units.filter(search_text__contains=word)
    if kind:
        units = units.filter(kind=kind)
    if level == LEVEL_GRASSROOTS:
        units = units.filter(kind__in=GRASSROOTS_KINDS)
    if sector:
        units = units.filter(sector=sector)
    return units.annotate(name_on=name_on_subquery(on), rank=_kind_rank()).order_by("rank", "name", "id")


@dataclass
class UnitRow:
    unit: Unit
    name: str
    parent: Unit | None
    parent_name: str
    members: int
    members_url: str = ""


def unit_rows(units: Iterable[Unit], on: date) -> list[UnitRow]:
    """Rows for a page of units: parent and members on `on`, in a fixed number of queries."""
    units = list(units)
    ids = [u.pk for u in units]
    parents: dict[int, Unit] = {}
    for i in range(0, len(ids), 900):
        links = (
            UnitLink.objects.valid_on(on)
            .filter(child_id__in=ids[i : i + 900])
            .select_related("parent")
            .annotate(parent_name_on=name_on_subquery_for("parent_id", on))
        )
        for link in links:
            setattr(link.parent, "name_on", link.parent_name_on)  # noqa: B010 - an annotation-like attribute
            parents[link.child_id] = link.parent
    counts = figures.member_counts(ids, on)
    counts_link = figures.member_counts_link(on)
    rows = []
    for u in units:
        parent = parents.get(u.pk)
        rows.append(
            UnitRow(
                unit=u,
                name=getattr(u, "name_on", None) or u.name,
                parent=parent,
                parent_name=(getattr(parent, "name_on", None) or parent.name) if parent else "",
                members=counts.get(u.pk, 0),
                members_url=counts_link(u.pk),
            )
        )
    return rows


def name_on_subquery_for(ref: str, on: date) -> Subquery:
    return Subquery(
        UnitName.objects.filter(unit_id=OuterRef(ref), valid_from__lte=on, valid_to__gt=on)
        .order_by("-valid_from")
        .values("name")[:1]
    )


# --- One unit ---------------------------------------------------------------------------------------


def get_unit(actor: Actor, pk: int, on: date | None = None) -> Unit | None:
    """The unit when it lies in the actor's subtree today or on `on` (so past trees stay browsable)."""
    days = {today(), on or today()}
    condition = Q()
    for day in days:
        condition |= Q(id__in=visible_unit_ids(actor, day))
    return Unit.objects.filter(condition).filter(pk=pk).first()


def is_writable(actor: Actor, unit: Unit) -> bool:
    """Officers may change the units of their subtree as it stands today."""
    return actor.can_write and Unit.objects.visible_to(actor).filter(pk=unit.pk).exists()


def is_reorganisable(actor: Actor, unit: Unit) -> bool:
    """Moves, renames, merges, splits and dissolutions are decided by a level above the unit."""
    return is_writable(actor, unit) and unit.pk != actor.unit_id


@dataclass
class UnitPage:
    unit: Unit
    on: date
    name: str
    active: bool
    parent: Unit | None
    parent_name: str
    children: list[TreeNode]
    members: int
    direct_members: int
    names: list[UnitName]
    links: list[UnitLink]
    changes: list[UnitChange]
    successors: list[UnitSuccession]
    predecessors: list[UnitSuccession]
    visible_ids: set[int] = field(default_factory=set)
    members_url: str = ""


def unit_page(actor: Actor, unit: Unit, on: date) -> UnitPage:
    """Everything the unit page shows, as of `on` for the dated parts."""
    name = UnitName.objects.filter(unit=unit, valid_from__lte=on, valid_to__gt=on).values_list(
        "name", flat=True
    )
    link = (
        UnitLink.objects.valid_on(on)
        .filter(child=unit)
        .select_related("parent")
        .annotate(parent_name_on=name_on_subquery_for("parent_id", on))
        .first()
    )
    child_ids = UnitLink.objects.valid_on(on).filter(parent=unit).values("child_id")
    children, counts = _nodes(Unit.objects.filter(id__in=child_ids), on, also=[unit.pk])
    successions = list(
        UnitSuccession.objects.filter(Q(predecessor=unit) | Q(successor=unit)).select_related(
            "predecessor", "successor", "change"
        )
    )
    days = {today(), on}
    for succession in successions:
        day_before = succession.date - timedelta(days=1)
        setattr(succession, "day_before", day_before)  # noqa: B010 - read by the template
        days.add(day_before)
    related = {s.predecessor_id for s in successions} | {s.successor_id for s in successions}
    related |= {c.unit.pk for c in children}
    if link:
        related.add(link.parent_id)
    visible_ids: set[int] = set()
    if related:
        condition = Q()
        for day in days:
            condition |= Q(id__in=visible_unit_ids(actor, day))
        visible_ids = set(Unit.objects.filter(pk__in=related).filter(condition).values_list("pk", flat=True))
    return UnitPage(
        unit=unit,
        on=on,
        name=name.first() or unit.name,
        active=unit.is_active_on(on),
        parent=link.parent if link else None,
        parent_name=(link.parent_name_on or link.parent.name) if link else "",
        children=children,
        members=counts.get(unit.pk, 0),
        members_url=figures.member_counts_link(on)(unit.pk),
        direct_members=figures.current_members([unit.pk]).get(unit.pk, 0),
        names=list(unit.names.order_by("valid_from")),
        links=list(
            UnitLink.objects.filter(child=unit)
            .select_related("parent")
            .annotate(
                parent_name_then=Subquery(
                    UnitName.objects.filter(
                        unit_id=OuterRef("parent_id"),
                        valid_from__lte=OuterRef("valid_from"),
                        valid_to__gt=OuterRef("valid_from"),
                    ).values("name")[:1]
                )
            )
            .order_by("valid_from")
        ),
        changes=list(unit.changes.prefetch_related("units").order_by("-date", "-id")),
        successors=[s for s in successions if s.predecessor_id == unit.pk],
        predecessors=[s for s in successions if s.successor_id == unit.pk],
        visible_ids=visible_ids,
    )


# --- Choices for the reorganisation forms -----------------------------------------------------------


def parent_choices(
    actor: Actor, on: date | None = None, exclude_subtree_of: int | None = None
) -> QuerySet[Unit]:
    """Units of the actor's subtree that can take children on `on` (not grassroots)."""
    on = on or today()
    units = Unit.objects.visible_to(actor, on=on).exclude(kind__in=GRASSROOTS_KINDS)
    if exclude_subtree_of is not None:
        units = units.exclude(id__in=subtree_unit_ids(exclude_subtree_of, on))
    return units.order_by(_kind_rank(), "name")


def peer_choices(actor: Actor, unit: Unit, on: date | None = None) -> QuerySet[Unit]:
    """Units a unit may merge with: same level (grassroots with grassroots), in the actor's subtree,
    neither the actor's own unit nor above or below `unit`."""
    on = on or today()
    kinds = GRASSROOTS_KINDS if unit.is_grassroots else (unit.kind,)
    above = UnitClosure.objects.valid_on(on).filter(descendant_id=unit.pk).values("ancestor_id")
    return (
        Unit.objects.visible_to(actor, on=on)
        .filter(kind__in=kinds)
        .exclude(id__in=above)  # the unit itself and every unit above it, the actor's own included
        .exclude(id__in=subtree_unit_ids(unit.pk, on))
        .order_by("name")
    )


# --- What a destructive change will do (shown before it is confirmed) --------------------------------


@dataclass
class Preview:
    ending: list[Unit]
    creating: list[str]
    children: list[tuple[Unit, str]]  # (child, where it goes)
    members: list[tuple[str, int]]  # (where they go, how many)
    problems: list[str]
    moves: list[str] = field(default_factory=list)  # what the apps' records do (org.reorganisation)


def _active_children(unit_ids: list[int], on: date) -> list[UnitLink]:
    return list(
        UnitLink.objects.valid_on(on)
        .filter(parent_id__in=unit_ids)
        .select_related("child")
        .order_by("parent_id", "child__name")
    )


def _current_members(unit_ids: list[int]) -> dict[int, int]:
    return figures.current_members(unit_ids)


def merge_preview(*, sources: list[Unit], target_name: str, target_is_grassroots: bool, on: date) -> Preview:
    ids = [s.pk for s in sources]
    members = _current_members(ids)
    moving = sum(members.get(s.pk, 0) for s in sources if s.is_grassroots)
    problems = [
        f"“{s.name}” không hoạt động vào ngày {on:%d/%m/%Y}." for s in sources if not s.is_active_on(on)
    ]
    if moving and not target_is_grassroots:
        problems.append("Đoàn viên chỉ chuyển được về một công đoàn cơ sở: đơn vị tiếp nhận phải là CĐCS.")
    return Preview(
        ending=sources,
        creating=[],
        children=[(link.child, target_name) for link in _active_children(ids, on)],
        members=[(target_name, moving)] if moving else [],
        problems=problems,
    )


def split_preview(*, source: Unit, part_names: list[str], child_part: dict[int, int], on: date) -> Preview:
    members = _current_members([source.pk]).get(source.pk, 0)
    problems = []
    if not source.is_active_on(on):
        problems.append(f"“{source.name}” không hoạt động vào ngày {on:%d/%m/%Y}.")
    return Preview(
        ending=[source],
        creating=part_names,
        children=[
            (link.child, part_names[child_part.get(link.child_id, 0)])
            for link in _active_children([source.pk], on)
        ],
        members=[(part_names[0], members)] if members else [],
        problems=problems,
    )


def dissolve_preview(*, unit: Unit, on: date) -> Preview:
    children = _active_children([unit.pk], on)
    members = _current_members([unit.pk]).get(unit.pk, 0)
    problems = []
    if children:
        problems.append(
            f"“{unit.name}” còn {len(children)} đơn vị trực thuộc: hãy chuyển hoặc sáp nhập chúng trước."
        )
    if not unit.is_active_on(on):
        problems.append(f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y}.")
    return Preview(
        ending=[unit],
        creating=[],
        children=[(link.child, "") for link in children],
        members=[("", members)] if members else [],
        problems=problems,
    )


def last_day(unit: Unit) -> date:
    """The last day a unit was active (for links to an ended unit as it last stood)."""
    return unit.valid_to - timedelta(days=1)


def reorganisation_moves(*, sources: list[Unit], successor: str, on: date) -> list[str]:
    """The confirmation page's lines about records above the tree (open tasks, officers…) and the user
    accounts assigned to the ending units."""
    from accounts.models import Assignment

    from .reorganisation import preview_lines

    lines = preview_lines(sources=sources, successor=successor, on=on)
    accounts = Assignment.objects.valid_on(on).filter(unit__in=sources).values("user_id").distinct().count()
    if accounts:
        lines.append(
            f"{accounts} tài khoản người dùng đang được phân công tại các đơn vị kết thúc: "
            f"cần phân công lại cho {successor}"
        )
    return lines
