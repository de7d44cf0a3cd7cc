"""What a reorganisation of the tree does to members (registered in MembersConfig.ready()).

Merges move the members of each grassroots source to its successor; splits move them to the part
chosen for each (the first by default); a dissolved union's members leave it on the day it ends and
are archived as waiting for a transfer: the upper unit finds them on its "chờ chuyển sinh hoạt" list
(members.waiting) and restores each into a new union.
"""

from datetime import date

from django.utils import timezone

from accounts.models import Assignment, Role
from audit.models import AuditEvent
from audit.services import record_many
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from org.models import Unit, UnitChange
from org.reorganisation import Reorganisation

from .models import Member, Membership, OfficerRole
from .services import _check_after_current_start, transfer_members

WAITING_REASON = "Công đoàn cơ sở giải thể: chờ chuyển sinh hoạt"
PLACEMENT = "members.member"


def handle(event: Reorganisation) -> None:
    if not event.ends_units():
        return
    _move_members(event)
    _end_officer_roles(event)
    _carry_accounts(event)


def _move_members(event: Reorganisation) -> None:
    for source in event.sources:
        if not source.is_grassroots:
            continue
        _refuse_later_history(source, event.on)
        ids = list(Member.objects.filter(unit=source).values_list("id", flat=True))
        if not ids:
            continue
        if event.kind == UnitChange.Kind.DISSOLVE:
            archive_as_waiting(event, source, ids)
            continue
        for target, group in _groups(event, source, ids).items():
            transfer_members(event.actor, member_ids=group, target=target, on=event.on)


def _groups(event: Reorganisation, source: Unit, ids: list[int]) -> dict[Unit, list[int]]:
    placement = event.placements.get(PLACEMENT, {})
    groups: dict[Unit, list[int]] = {}
    for member_id in ids:
        index = placement.get(member_id)
        target = event.targets[index] if index is not None else event.successor[source.pk]
        groups.setdefault(target, []).append(member_id)
    return groups


def _refuse_later_history(unit: Unit, on: date) -> None:
    """A membership of the unit that ends after `on` (someone left later) would outlive the unit."""
    later = (
        Membership.objects.filter(unit=unit, valid_to__gt=on, valid_to__lt=OPEN_END)
        .select_related("member")
        .order_by("-valid_to")
        .first()
    )
    if later:
        raise ServiceError(
            f"Đoàn viên {later.member.full_name} sinh hoạt ở “{unit.name}” đến ngày {later.valid_to:%d/%m/%Y}: "
            "không thể ghi thay đổi của đơn vị vào hoặc trước ngày đó.",
            field="on",
        )


def archive_as_waiting(event: Reorganisation, unit: Unit, ids: list[int]) -> int:
    """End the memberships on the day the union ends; the members wait for a transfer (archived, so
    that no list counts them in a union, with the reason in the audit trail)."""
    _check_after_current_start(ids, event.on)
    now = timezone.now()
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        Membership.objects.filter(member_id__in=chunk, valid_to__gt=event.on).update(valid_to=event.on)
        Member.objects.filter(pk__in=chunk).update(unit=None, archived_at=now)
    records_changed(Membership, [unit.pk])
    record_many(
        event.actor,
        [
            {"action": AuditEvent.Action.ARCHIVE, "model": "members.member", "object_id": str(i),
             "unit_id": unit.pk, "before": {"unit_id": unit.pk},
             "after": {"left_on": event.on.isoformat(), "reason": WAITING_REASON},
             "summary": f"{WAITING_REASON} ({unit.name})"}
            for i in ids
        ],
    )  # fmt: skip
    return len(ids)


def _end_officer_roles(event: Reorganisation) -> None:
    """Titles are held in one union: those of an ending unit end with it, under the change's decision
    (the successor elects or appoints its own, on its unit page)."""
    roles = list(
        OfficerRole.objects.filter(unit__in=event.sources, valid_to__gt=event.on).select_related(
            "member", "unit"
        )
    )
    if not roles:
        return
    if later := next((r for r in roles if r.valid_from >= event.on), None):
        raise ServiceError(
            f"{later.get_kind_display()} {later.member.full_name} của “{later.unit.name}” nhận chức danh từ ngày "
            f"{later.valid_from:%d/%m/%Y}: không thể ghi thay đổi của đơn vị vào trước ngày đó.",
            field="on",
        )
    decision = event.change.decision_ref
    for r in roles:
        r.valid_to, r.end_decision_ref = event.on, decision or r.end_decision_ref
    OfficerRole.objects.bulk_update(roles, ["valid_to", "end_decision_ref"])
    record_many(
        event.actor,
        [
            {"action": AuditEvent.Action.UPDATE, "obj": r, "before": {"valid_to": OPEN_END.isoformat()},
             "after": {"valid_to": event.on.isoformat(), "end_decision_ref": decision},
             "summary": f"Thôi giữ chức danh {r.get_kind_display()} tại {r.unit.name}: đơn vị kết thúc hoạt động"}
            for r in roles
        ],
    )  # fmt: skip


def _carry_accounts(event: Reorganisation) -> None:
    """Accounts acting for an ending unit end with it. A member's own account follows the member to
    their new union (or ends when they wait for a transfer); an officer's account goes on at the unit
    that takes the source's work, in the same role (the confirmation page lists them), or ends on a
    dissolution."""
    rows = list(
        Assignment.objects.filter(
            unit__in=event.sources, valid_from__lte=event.on, valid_to__gt=event.on
        ).select_related("user", "unit", "member")
    )
    if not rows:
        return
    events = []
    for a in rows:
        if a.role == Role.MEMBER:
            target_id = a.member.unit_id if a.member is not None else None
        else:
            successor = event.successor.get(a.unit_id)
            target_id = successor.pk if successor is not None else None
        old_unit = a.unit
        a.valid_to = event.on
        if target_id is not None:
            Assignment.objects.create(
                user=a.user, unit_id=target_id, role=a.role, member=a.member, valid_from=event.on
            )
        events.append(
            {
                "action": AuditEvent.Action.UPDATE,
                "obj": a,
                "unit_id": old_unit.pk,
                "before": {"unit_id": old_unit.pk, "valid_to": OPEN_END.isoformat()},
                "after": {"valid_to": event.on.isoformat(), "next_unit_id": target_id},
                "summary": f"Tài khoản {a.user.get_username()} ({a.get_role_display()}) của {old_unit.name} "
                + ("chuyển sang đơn vị tiếp nhận" if target_id else "kết thúc cùng đơn vị"),
            }
        )
    Assignment.objects.bulk_update(rows, ["valid_to"])
    record_many(event.actor, events)


def preview_lines(sources, successor: str, on: date) -> list[str]:
    """The officers' titles and the accounts of the ending units, for the confirmation page of a merge
    or split."""
    lines = []
    held = OfficerRole.objects.filter(unit__in=sources, valid_from__lte=on, valid_to__gt=on).count()
    if held:
        lines.append(
            f"{held} chức danh cán bộ đang giữ tại các đơn vị kết thúc sẽ kết thúc ngày {on:%d/%m/%Y}: "
            f"cần bầu, chỉ định lại tại {successor}"
        )
    accounts = (
        Assignment.objects.filter(unit__in=sources, valid_from__lte=on, valid_to__gt=on)
        .exclude(role=Role.MEMBER)
        .count()
    )
    if accounts:
        lines.append(
            f"{accounts} tài khoản cán bộ của các đơn vị kết thúc chuyển sang {successor}, giữ vai trò cũ"
        )
    return lines
