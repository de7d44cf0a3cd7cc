"""Writes to the union tree. Each function is one transaction, rebuilds the closure rows it
affects, and leaves audit events. Reorganisations are dated and carry their decision reference."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from accounts.scoping import Actor, NotPermitted, unit_is_visible
from audit.models import AuditEvent
from audit.services import diff, record, snapshot
from lamtheo.lib.dates import OPEN_END, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import fold, nfc

from . import closure, dating
from .models import GRASSROOTS_KINDS, Unit, UnitChange, UnitClosure, UnitLink, UnitName, UnitSuccession
from .reorganisation import Reorganisation, notify

EDITABLE_FIELDS = ("short_name", "subkind", "sector", "header_parent", "header_name", "issuer_code", "place")


@dataclass
class UnitSpec:
    """What a new unit is, for create, merge and split."""

    code: str
    name: str
    kind: str
    subkind: str = ""
    sector: str = ""
    short_name: str = ""
    header_parent: str = ""
    header_name: str = ""
    issuer_code: str = ""
    place: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _require_scope(actor: Actor, *units: Unit | None) -> None:
    """Defence in depth: views only offer units in scope, but the service checks again."""
    if actor.is_system:  # commands, demo data: only the explicit SYSTEM actor
        return
    if not actor.can_write:
        raise NotPermitted("Vai trò của bạn không được thay đổi cơ cấu tổ chức.")
    if not units or all(unit is None for unit in units):  # a new root: only the system creates one
        raise NotPermitted("Chỉ quản trị hệ thống mới tạo được đơn vị không có cấp trên.", field="parent")
    for unit in units:
        if unit is not None and not unit_is_visible(actor, unit.pk):
            raise NotPermitted(f"“{unit.name}” nằm ngoài phạm vi quản lý của bạn.", field="unit")


def _search_text(unit: Unit) -> str:
    return fold(f"{unit.code} {unit.name} {unit.short_name}")[:400]


def _parent_on(unit: Unit, on: date) -> UnitLink | None:
    return UnitLink.objects.filter(child=unit).valid_on(on).first()


def _change(kind: str, on: date, decision_ref: str, note: str, units: list[Unit]) -> UnitChange:
    change = UnitChange.objects.create(kind=kind, date=on, decision_ref=nfc(decision_ref), note=nfc(note))
    change.units.set(units)
    return change


def _check_parent(parent: Unit | None, on: date, until: date = OPEN_END) -> None:
    """`parent` may hold a child from `on` to `until`: its whole lifetime is checked, not one day."""
    if parent is None:
        return
    if not parent.is_active_on(on):
        raise ServiceError(
            f"Đơn vị cấp trên “{parent.name}” không hoạt động vào ngày {on:%d/%m/%Y}.", field="parent"
        )
    if parent.valid_to < until:
        raise ServiceError(
            f"Đơn vị cấp trên “{parent.name}” kết thúc ngày {parent.valid_to:%d/%m/%Y}: "
            "đơn vị trực thuộc sẽ không còn đơn vị cấp trên từ ngày đó.",
            field="parent",
        )
    if parent.kind in GRASSROOTS_KINDS:
        raise ServiceError("Công đoàn cơ sở không thể có đơn vị trực thuộc trong hệ thống.", field="parent")


def _check_no_loop(unit: Unit, new_parent: Unit, on: date) -> None:
    """new_parent must not be unit or below it on any day from `on` (later moves included)."""
    below = UnitClosure.objects.filter(ancestor=unit, descendant=new_parent, valid_to__gt=on).exists()
    if new_parent.pk == unit.pk or below:
        raise ServiceError(
            f"Không thể đặt “{unit.name}” dưới chính nó hoặc đơn vị trực thuộc nó (“{new_parent.name}”).",
            field="parent",
        )


def _new_unit(spec: UnitSpec, parent: Unit | None, on: date) -> Unit:
    code = nfc(spec.code).upper()
    if not code:
        raise ServiceError("Thiếu mã đơn vị.", field="code")
    if Unit.objects.filter(code=code).exists():
        raise ServiceError(f"Mã đơn vị “{code}” đã tồn tại.", field="code")
    name = nfc(spec.name)
    if not name:
        raise ServiceError("Thiếu tên đơn vị.", field="name")
    _check_parent(parent, on)
    unit = Unit(
        code=code,
        name=name,
        kind=spec.kind,
        subkind=spec.subkind,
        sector=spec.sector,
        short_name=nfc(spec.short_name),
        header_parent=nfc(spec.header_parent),
        header_name=nfc(spec.header_name) or name.upper(),
        issuer_code=nfc(spec.issuer_code),
        place=nfc(spec.place),
        valid_from=on,
    )
    unit.search_text = _search_text(unit)
    unit.save()
    records_changed(Unit, [unit.pk])
    UnitName.objects.create(unit=unit, name=name, valid_from=on)
    if parent is not None:
        UnitLink.objects.create(child=unit, parent=parent, valid_from=on)
    return unit


@transaction.atomic
def create_unit(
    actor: Actor, *, spec: UnitSpec, parent: Unit | None, on: date, decision_ref: str = ""
) -> Unit:
    _require_scope(actor, parent)
    unit = _new_unit(spec, parent, on)
    change = _change(UnitChange.Kind.CREATE, on, decision_ref, "", [unit])
    closure.add_leaf(unit)
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=(), targets=(unit,)))
    record(
        actor,
        action=AuditEvent.Action.CREATE,
        obj=unit,
        after=snapshot(unit),
        summary=f"Thành lập {unit.name}",
    )
    return unit


@transaction.atomic
def update_unit(actor: Actor, *, unit: Unit, data: dict[str, str]) -> Unit:
    """Edit the undated attributes (header lines, codes, sector). Name and parent have their own services."""
    _require_scope(actor, unit)
    before = snapshot(unit, EDITABLE_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(unit, name, nfc(data[name]))
    unit.search_text = _search_text(unit)
    unit.save()
    records_changed(Unit, [unit.pk])
    old, new = diff(before, snapshot(unit, EDITABLE_FIELDS))
    if new:
        record(
            actor,
            action=AuditEvent.Action.UPDATE,
            obj=unit,
            before=old,
            after=new,
            summary=f"Sửa {unit.name}",
        )
    return unit


@transaction.atomic
def move_unit(actor: Actor, *, unit: Unit, new_parent: Unit, on: date, decision_ref: str = "") -> UnitChange:
    """The new link runs from `on` to the unit's end (a dissolution already scheduled stays)."""
    _require_scope(actor, unit, new_parent)
    if not unit.is_active_on(on):
        raise ServiceError(f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y}.", field="on")
    dating.refuse_changes_from(unit, on, dating.link_dates(unit))
    _check_parent(new_parent, on, unit.valid_to)
    _check_no_loop(unit, new_parent, on)
    current = _parent_on(unit, on)
    if current and current.parent_id == new_parent.pk:
        raise ServiceError(f"“{unit.name}” đã trực thuộc “{new_parent.name}”.", field="parent")
    if current:  # it started before `on`: dating refused any link change from `on`
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    UnitLink.objects.create(child=unit, parent=new_parent, valid_from=on, valid_to=unit.valid_to)
    change = _change(UnitChange.Kind.MOVE, on, decision_ref, "", [unit, new_parent])
    closure.rebuild([unit.pk])
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=(unit,),
                          targets=(new_parent,)))  # fmt: skip
    record(
        actor,
        action=AuditEvent.Action.REORGANISE,
        obj=unit,
        before={"parent": current.parent_id if current else None},
        after={"parent": new_parent.pk, "on": on.isoformat(), "decision": decision_ref},
        summary=f"Chuyển {unit.name} về {new_parent.name}",
    )
    return change


@transaction.atomic
def rename_unit(actor: Actor, *, unit: Unit, new_name: str, on: date, decision_ref: str = "") -> UnitChange:
    """Renames take effect today or earlier: Unit.name and the document header are the name of
    today, and nothing would change them on the day a future rename comes into force."""
    _require_scope(actor, unit)
    new_name = nfc(new_name)
    if not new_name:
        raise ServiceError("Thiếu tên mới.", field="name")
    if on > today():
        raise ServiceError(
            f"Ngày đổi tên {on:%d/%m/%Y} chưa đến: hãy ghi nhận việc đổi tên khi quyết định có hiệu lực.",
            field="on",
        )
    dating.refuse_changes_from(unit, on, dating.name_dates(unit))
    current = unit.names.filter(valid_from__lte=on, valid_to__gt=on).first()
    if current is None:
        raise ServiceError(f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y}.", field="on")
    if current.name == new_name:
        raise ServiceError("Tên mới trùng tên hiện tại.", field="name")
    UnitName.objects.create(unit=unit, name=new_name, valid_from=on, valid_to=current.valid_to)
    current.valid_to = on
    current.save(update_fields=["valid_to"])
    old_name = unit.name
    unit.name = new_name
    unit.header_name = new_name.upper()
    unit.search_text = _search_text(unit)
    unit.save()
    change = _change(UnitChange.Kind.RENAME, on, decision_ref, "", [unit])
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=(unit,)))
    record(
        actor, action=AuditEvent.Action.REORGANISE, obj=unit, before={"name": old_name},
        after={"name": new_name, "on": on.isoformat()}, summary=f"Đổi tên {old_name} thành {new_name}",
    )  # fmt: skip
    return change


def _children_to_end(unit: Unit, on: date) -> list[Unit]:
    """Check that `unit` can end on `on`; return its children active that day (still to be placed)."""
    if not unit.is_active_on(on) or unit.valid_from >= on:
        raise ServiceError(f"“{unit.name}” không hoạt động vào ngày {on:%d/%m/%Y}.", field="on")
    dating.refuse_changes_from(unit, on, dating.ending_dates(unit, on))
    links = UnitLink.objects.filter(parent=unit).valid_on(on).select_related("child").order_by("child__code")
    return [link.child for link in links]


def _close(unit: Unit, on: date) -> None:
    """End the unit, its name and its parent link on `on`."""
    UnitLink.objects.filter(child=unit, valid_to__gt=on).update(valid_to=on)
    unit.names.filter(valid_to__gt=on).update(valid_to=on)
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])
    records_changed(Unit, [unit.pk])


def _check_reparent(children: list[Unit], new_parent: Unit | UnitSpec, on: date) -> None:
    """Children of an ending unit continue under new_parent from `on`, each until its own end."""
    if not children:
        return
    if new_parent.kind in GRASSROOTS_KINDS:
        raise ServiceError("Công đoàn cơ sở không thể có đơn vị trực thuộc trong hệ thống.", field="target")
    for child in children:
        dating.refuse_changes_from(child, on, dating.link_dates(child))
        if isinstance(new_parent, Unit):
            _check_parent(new_parent, on, child.valid_to)
            _check_no_loop(child, new_parent, on)


def _reparent(children: list[Unit], new_parent: Unit, on: date) -> None:
    for child in children:
        UnitLink.objects.filter(child=child, valid_to__gt=on).update(valid_to=on)
        UnitLink.objects.create(child=child, parent=new_parent, valid_from=on, valid_to=child.valid_to)


def _check_target(target: Unit, sources: list[Unit], on: date) -> None:
    if not target.is_active_on(on):
        raise ServiceError(
            f"Đơn vị tiếp nhận “{target.name}” không hoạt động vào ngày {on:%d/%m/%Y}.", field="target"
        )
    if target.valid_to != OPEN_END:
        raise ServiceError(
            f"Đơn vị tiếp nhận “{target.name}” kết thúc ngày {target.valid_to:%d/%m/%Y}: "
            "không thể tiếp nhận đơn vị khác.",
            field="target",
        )
    if target in sources:
        raise ServiceError(
            "Đơn vị tiếp nhận không được nằm trong danh sách đơn vị bị sáp nhập.", field="target"
        )
    for source in sources:
        if UnitClosure.objects.filter(ancestor=source, descendant=target, valid_to__gt=on).exists():
            raise ServiceError(
                f"Không thể sáp nhập “{source.name}” vào “{target.name}”, đơn vị trực thuộc nó.",
                field="target",
            )


def _check_not_nested(sources: list[Unit], on: date) -> None:
    ids = [s.pk for s in sources]
    nested = (
        UnitClosure.objects.valid_on(on)
        .filter(ancestor_id__in=ids, descendant_id__in=ids, depth__gt=0)
        .select_related("ancestor", "descendant")
        .first()
    )
    if nested:
        raise ServiceError(
            f"“{nested.descendant.name}” trực thuộc “{nested.ancestor.name}”: "
            "không thể hợp nhất một đơn vị với đơn vị trực thuộc nó.",
            field="sources",
        )


@transaction.atomic
def merge_units(
    actor: Actor,
    *,
    sources: list[Unit],
    target: UnitSpec | Unit,
    parent: Unit | None,
    on: date,
    decision_ref: str = "",
) -> Unit:
    """n → 1. Sources end on `on`; their children continue in the target, and the apps above move
    their records there (reorganisation handlers).

    `target` is either a new unit (UnitSpec, created under `parent`) or an existing unit that absorbs the sources.
    """
    _require_scope(actor, *sources, parent, target if isinstance(target, Unit) else None)
    if len(sources) < 1 or (isinstance(target, UnitSpec) and len(sources) < 2):
        raise ServiceError("Cần ít nhất hai đơn vị để hợp nhất.", field="sources")
    if len({s.pk for s in sources}) < len(sources):
        raise ServiceError("Một đơn vị có mặt hai lần trong danh sách hợp nhất.", field="sources")
    if isinstance(target, Unit):
        _check_target(target, sources, on)
    _check_not_nested(sources, on)
    moved_children: list[Unit] = []
    for source in sources:
        moved_children += _children_to_end(source, on)
    _check_reparent(moved_children, target, on)
    for source in sources:
        _close(source, on)
    new = _new_unit(target, parent, on) if isinstance(target, UnitSpec) else target
    _reparent(moved_children, new, on)
    change = _change(UnitChange.Kind.MERGE, on, decision_ref, "", [*sources, new])
    UnitSuccession.objects.bulk_create(
        UnitSuccession(predecessor=s, successor=new, date=on, change=change) for s in sources
    )
    # The closure first: the handlers check that the new unit is in the actor's scope.
    closure.rebuild([new.pk, *(s.pk for s in sources)])
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=tuple(sources),
                          targets=(new,), successor={s.pk: new for s in sources}))  # fmt: skip
    record(
        actor, action=AuditEvent.Action.REORGANISE, obj=new,
        after={"merged": [s.pk for s in sources], "on": on.isoformat(), "decision": decision_ref},
        summary=f"Hợp nhất {', '.join(s.name for s in sources)} thành {new.name}",
    )  # fmt: skip
    return new


def _check_parts(parts: list[UnitSpec], placements: dict[str, dict[int, int]]) -> None:
    if len(parts) < 2:
        raise ServiceError("Cần ít nhất hai đơn vị mới khi chia tách.", field="parts")
    for placement in placements.values():
        for index in placement.values():
            if not 0 <= index < len(parts):
                raise ServiceError(
                    f"Chia tách thành {len(parts)} đơn vị: không có phần số {index + 1}.", field="parts"
                )


@transaction.atomic
def split_unit(
    actor: Actor,
    *,
    source: Unit,
    parts: list[UnitSpec],
    on: date,
    decision_ref: str = "",
    child_part: dict[int, int] | None = None,
    member_part: dict[int, int] | None = None,
    task_part: dict[int, int] | None = None,
) -> list[Unit]:
    """1 → n. child_part / member_part / task_part map child unit ids / member ids / task assignment ids
    to the index of their new unit (default: the first part). The members and the tasks are moved by the
    members and directives apps' reorganisation handlers."""
    _require_scope(actor, source)
    child_part = child_part or {}
    placements = {
        "org.unit": child_part,
        "members.member": member_part or {},
        "directives.taskassignment": task_part or {},
    }
    _check_parts(parts, placements)
    link = _parent_on(source, on)
    parent = link.parent if link else None
    children = _children_to_end(source, on)
    for child in children:
        _check_reparent([child], parts[child_part.get(child.pk, 0)], on)
    _close(source, on)
    new_units = [_new_unit(spec, parent, on) for spec in parts]
    for child in children:
        _reparent([child], new_units[child_part.get(child.pk, 0)], on)
    change = _change(UnitChange.Kind.SPLIT, on, decision_ref, "", [source, *new_units])
    UnitSuccession.objects.bulk_create(
        UnitSuccession(predecessor=source, successor=u, date=on, change=change) for u in new_units
    )
    closure.rebuild([source.pk, *(u.pk for u in new_units)])
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=(source,),
                          targets=tuple(new_units), successor={source.pk: new_units[0]},
                          placements=placements))  # fmt: skip
    record(
        actor, action=AuditEvent.Action.REORGANISE, obj=source,
        after={"split_into": [u.pk for u in new_units], "on": on.isoformat(), "decision": decision_ref},
        summary=f"Chia tách {source.name} thành {', '.join(u.name for u in new_units)}",
    )  # fmt: skip
    return new_units


@transaction.atomic
def dissolve_unit(actor: Actor, *, unit: Unit, on: date, decision_ref: str = "") -> UnitChange:
    """End a unit. Its children must have been moved first; the apps above deal with its records
    (members are archived as waiting for a transfer)."""
    _require_scope(actor, unit)
    if _children_to_end(unit, on):
        raise ServiceError(
            f"“{unit.name}” còn đơn vị trực thuộc: hãy chuyển hoặc sáp nhập chúng trước.", field="unit"
        )
    _close(unit, on)
    change = _change(UnitChange.Kind.DISSOLVE, on, decision_ref, "", [unit])
    closure.rebuild([unit.pk])
    notify(Reorganisation(kind=change.kind, on=on, actor=actor, change=change, sources=(unit,)))
    record(
        actor, action=AuditEvent.Action.REORGANISE, obj=unit,
        after={"dissolved_on": on.isoformat(), "decision": decision_ref}, summary=f"Giải thể {unit.name}",
    )  # fmt: skip
    return change


def unit_name_on(unit: Unit, on: date) -> str:
    """The unit's name as it was on `on` (falls back to the current name)."""
    name = unit.names.filter(valid_from__lte=on, valid_to__gt=on).values_list("name", flat=True).first()
    return name or unit.name


__all__ = [
    "OPEN_END",
    "UnitSpec",
    "create_unit",
    "dissolve_unit",
    "merge_units",
    "move_unit",
    "rename_unit",
    "split_unit",
    "unit_name_on",
    "update_unit",
]
