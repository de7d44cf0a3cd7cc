"""Chuyển sinh hoạt công đoàn to a union outside the sender's scope (another district or province).

The sending union releases the member with a letter of introduction: their membership there ends and
they wait (Member.unit is None) until an officer of the receiving union accepts them, which opens a new
membership there. Before that, the sender may cancel, and the member is back where they were. Both sides
keep the MemberTransfer record; each step records its reason or decision and leaves audit events.

Transfers inside the actor's own scope go through services.transfer_members (one step).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.permissions import Action
from accounts.scoping import Actor, require
from audit.models import AuditEvent
from audit.services import record, snapshot
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import nfc
from org.models import Unit

from .models import Member, Membership, MemberTransfer
from .services import _check_after_current_start

Status = MemberTransfer.Status


def _text(value: str, *, field: str, missing: str) -> str:
    text = " ".join(nfc(value or "").split())
    if not text:
        raise ServiceError(missing, field=field)
    return text


def _member_event(
    actor: Actor, member: Member, unit_id: int, before: dict, after: dict, summary: str
) -> None:
    record(actor, action=AuditEvent.Action.UPDATE, obj=member, unit_id=unit_id, before=before, after=after,
           summary=summary)  # fmt: skip


@transaction.atomic
def release_member(
    actor: Actor,
    *,
    member: Member,
    to_unit: Unit,
    on: date,
    reason: str,
    decision_ref: str,
    decision_date: date | None = None,
) -> MemberTransfer:
    """The member's union (or a unit above it) releases them to `to_unit` from `on`, their first day
    outside the old union. `to_unit` may lie outside the actor's scope: that is what this is for."""
    member = Member.objects.select_for_update(of=("self",)).select_related("unit").get(pk=member.pk)
    from_unit = member.unit
    if member.archived_at or from_unit is None:
        raise ServiceError(f"{member.full_name} không đang sinh hoạt ở công đoàn cơ sở nào.", field="member")
    require(actor, Action.CHANGE, from_unit.pk)
    if not to_unit.is_grassroots:
        raise ServiceError(
            "Đơn vị chuyển đến phải là công đoàn cơ sở hoặc nghiệp đoàn cơ sở.", field="to_unit"
        )
    if to_unit.pk == member.unit_id:
        raise ServiceError(f"{member.full_name} đang sinh hoạt ở {to_unit.name}.", field="to_unit")
    if not to_unit.valid_from <= on < to_unit.valid_to:
        raise ServiceError(f"{to_unit.name} không hoạt động vào ngày {on:%d/%m/%Y}.", field="to_unit")
    reason = _text(reason, field="reason", missing="Cần nêu lý do chuyển sinh hoạt.")
    decision_ref = _text(decision_ref, field="decision_ref", missing="Cần ghi số quyết định hoặc văn bản.")
    _check_after_current_start([member.pk], on)
    Membership.objects.filter(member=member, valid_to__gt=on).update(valid_to=on)
    member.unit = None
    member.save(update_fields=["unit"])
    records_changed(Membership, [from_unit.pk])
    transfer = MemberTransfer.objects.create(
        member=member, from_unit=from_unit, to_unit=to_unit, reason=reason, decision_ref=decision_ref,
        decision_date=decision_date, released_on=on,
    )  # fmt: skip
    record(actor, action=AuditEvent.Action.CREATE, obj=transfer, after=snapshot(transfer),
           summary=f"Giới thiệu {member.full_name} chuyển sinh hoạt từ {from_unit.name} đến {to_unit.name}")  # fmt: skip
    _member_event(actor, member, from_unit.pk, {"unit_id": from_unit.pk},
                  {"unit_id": None, "left_on": on.isoformat(), "reason": reason, "decision_ref": decision_ref},
                  f"{member.full_name} chuyển sinh hoạt đến {to_unit.name} ({decision_ref})")  # fmt: skip
    return transfer


def _locked_pending(transfer: MemberTransfer) -> MemberTransfer:
    t = (
        MemberTransfer.objects.select_for_update(of=("self",))
        .select_related("member", "from_unit", "to_unit")
        .get(pk=transfer.pk)
    )
    if t.status != Status.RELEASED:
        raise ServiceError(
            f"Việc chuyển sinh hoạt này đã ở trạng thái “{t.get_status_display()}”.", field="status"
        )
    return t


@transaction.atomic
def accept_transfer(
    actor: Actor, *, transfer: MemberTransfer, on: date, decision_ref: str = ""
) -> MemberTransfer:
    """An officer of the receiving union (or above it) accepts the member from `on`."""
    t = _locked_pending(transfer)
    require(actor, Action.CHANGE, t.to_unit_id)
    if on < t.released_on:
        raise ServiceError(
            f"Ngày tiếp nhận không được trước ngày thôi sinh hoạt ở đơn vị cũ {t.released_on:%d/%m/%Y}.",
            field="on",
        )
    if on > timezone.localdate():
        raise ServiceError(
            f"Ngày {on:%d/%m/%Y} chưa đến: hãy tiếp nhận khi đoàn viên đến sinh hoạt.", field="on"
        )
    if not t.to_unit.valid_from <= on < t.to_unit.valid_to:
        raise ServiceError(f"{t.to_unit.name} không hoạt động vào ngày {on:%d/%m/%Y}.", field="on")
    member = Member.objects.select_for_update().get(pk=t.member_id)
    before = snapshot(t, ("status", "accepted_on", "accept_decision_ref"))
    Membership.objects.create(member=member, unit=t.to_unit, valid_from=on)
    member.unit = t.to_unit
    member.save(update_fields=["unit"])
    records_changed(Membership, [t.to_unit_id])
    t.status, t.accepted_on, t.accept_decision_ref = Status.ACCEPTED, on, nfc(decision_ref or "").strip()
    t.save(update_fields=["status", "accepted_on", "accept_decision_ref"])
    record(actor, action=AuditEvent.Action.UPDATE, obj=t, unit_id=t.to_unit_id, before=before,
           after=snapshot(t, ("status", "accepted_on", "accept_decision_ref")),
           summary=f"{t.to_unit.name} tiếp nhận {member.full_name} từ {t.from_unit.name}")  # fmt: skip
    _member_event(actor, member, t.to_unit_id, {"unit_id": None},
                  {"unit_id": t.to_unit_id, "on": on.isoformat(), "decision_ref": t.accept_decision_ref},
                  f"{member.full_name} sinh hoạt tại {t.to_unit.name}")  # fmt: skip
    return t


@transaction.atomic
def cancel_transfer(actor: Actor, *, transfer: MemberTransfer, reason: str) -> MemberTransfer:
    """The sending union withdraws a release not yet accepted: the member's old membership goes on."""
    t = _locked_pending(transfer)
    require(actor, Action.CHANGE, t.from_unit_id)
    reason = _text(reason, field="reason", missing="Cần nêu lý do hủy việc chuyển sinh hoạt.")
    member = Member.objects.select_for_update().get(pk=t.member_id)
    if member.unit_id is not None or member.archived_at:
        raise ServiceError(f"{member.full_name} đã sinh hoạt ở đơn vị khác.", field="member")
    ended = (
        Membership.objects.filter(member=member, unit=t.from_unit, valid_to=t.released_on)
        .order_by("-id")
        .first()
    )
    if ended is not None:
        ended.valid_to = OPEN_END
        ended.save(update_fields=["valid_to"])
    else:
        Membership.objects.create(member=member, unit=t.from_unit, valid_from=t.released_on)
    member.unit = t.from_unit
    member.save(update_fields=["unit"])
    records_changed(Membership, [t.from_unit_id])
    t.status = Status.CANCELLED
    t.save(update_fields=["status"])
    record(actor, action=AuditEvent.Action.UPDATE, obj=t, before={"status": Status.RELEASED},
           after={"status": Status.CANCELLED, "reason": reason},
           summary=f"Hủy chuyển sinh hoạt của {member.full_name}: {reason}")  # fmt: skip
    _member_event(actor, member, t.from_unit_id, {"unit_id": None}, {"unit_id": t.from_unit_id},
                  f"{member.full_name} tiếp tục sinh hoạt tại {t.from_unit.name}")  # fmt: skip
    return t
