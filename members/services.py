"""Writes to members. One transaction per logical change, an audit event for each record touched."""

from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.permissions import Action
from accounts.scoping import Actor, NotPermitted, require, unit_is_visible, visible_unit_ids
from audit.models import AuditEvent
from audit.services import diff, record, record_many, snapshot
from lamtheo import submissions
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import fold, nfc, person_sort_key, split_full_name
from org.models import Unit

from .models import Member, Membership, OfficerRole
from .validation import check_dates, clean_id_number, clean_phone

PROFILE_FIELDS = (
    "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity",
    "id_number", "phone", "joined_on", "position",
)  # fmt: skip


def derived_names(family: str, middle: str, given: str) -> tuple[str, str, str, str]:
    """The three name parts in NFC and the full name they make."""
    family, middle, given = nfc(family), nfc(middle), nfc(given)
    return family, middle, given, " ".join(p for p in (family, middle, given) if p)


def search_text_of(full_name: str, id_number: str, phone: str) -> str:
    return fold(f"{full_name} {id_number} {phone}")[:400]


def fill_derived(member: Member) -> None:
    """full_name, search_text and sort_key from the three name parts (the import's bulk insert derives
    them with the same functions)."""
    member.family_name, member.middle_name, member.given_name, member.full_name = derived_names(
        member.family_name, member.middle_name, member.given_name
    )
    member.search_text = search_text_of(member.full_name, member.id_number, member.phone)
    member.sort_key = person_sort_key(member.family_name, member.middle_name, member.given_name)[:400]
    if member.birth_date is not None:
        member.birth_year = member.birth_date.year


def check_member_fields(member: Member) -> None:
    """The rules on one member's own fields, without the database: a name, a well-formed CCCD and
    phone (ASCII digits), birth and join dates that make sense."""
    if not member.given_name:
        raise ServiceError("Thiếu tên đoàn viên.", field="given_name")
    member.id_number = clean_id_number(member.id_number)
    member.phone = clean_phone(member.phone)
    check_dates(member.birth_date, member.joined_on, today=timezone.localdate())


def _validate(actor: Actor, member: Member) -> None:
    check_member_fields(member)
    if member.id_number:
        clash = Member.objects.filter(id_number=member.id_number).exclude(pk=member.pk).first()
        if clash:
            raise ServiceError(duplicate_id_number_message(actor, member.id_number, clash), field="id_number")


def build_member(
    *, unit: Unit, data: dict[str, Any], full_name: str = "", on: date | None = None
) -> tuple[Member, Membership]:
    """A new member and its first membership, unsaved: the one builder behind create_member and the import.

    The membership starts on `on`, else the union-join date, else today, and never before the unit
    itself began (the history would otherwise place the member in a unit that did not exist)."""
    member = Member(unit=unit, **{k: v for k, v in data.items() if k in PROFILE_FIELDS and v is not None})
    if full_name and not member.given_name:
        member.family_name, member.middle_name, member.given_name = split_full_name(full_name)
    member.original_full_name = nfc(full_name)
    fill_derived(member)
    check_member_fields(member)
    start = max(on or member.joined_on or timezone.localdate(), unit.valid_from)
    return member, Membership(member=member, unit=unit, valid_from=start)


def duplicate_id_number_message(actor: Actor, id_number: str, clash: Member) -> str:
    """Names the other member only to an actor who may see them: a CCCD must not reveal whose it is."""
    if Member.objects.filter(pk=clash.pk).visible_to(actor).exists() or (
        clash.unit_id is None and Member.objects.filter(pk=clash.pk).without_unit_visible_to(actor).exists()
    ):
        return f"Số CCCD {id_number} đã có ở đoàn viên {clash.full_name}."
    return f"Số CCCD {id_number} đã có ở một đoàn viên ngoài phạm vi quản lý của bạn."


def _member_unit_id(member: Member) -> int | None:
    """The unit that places the member in the tree: the current one, else the last membership's."""
    if member.unit_id is not None:
        return member.unit_id
    return member.memberships.order_by("-valid_to", "-id").values_list("unit_id", flat=True).first()


def _require_members(actor: Actor, member_ids: list[int], on: date | None = None) -> None:
    """Every member moved or changed must sit in the actor's subtree, not only the target unit: where
    they stood the day before `on` (a reorganisation may have ended their unit on `on`), else today."""
    require(actor, Action.CHANGE)
    if actor.is_system:
        return
    before = on - timedelta(days=1) if on is not None else None
    for i in range(0, len(member_ids), 900):
        chunk = member_ids[i : i + 900]
        placed = Member.objects.filter(pk__in=chunk, unit__isnull=False)
        outside = placed.exclude(unit_id__in=visible_unit_ids(actor, before)).exists()
        unplaced = Member.objects.filter(pk__in=chunk, unit__isnull=True)
        if outside or unplaced.count() != unplaced.without_unit_visible_to(actor, Action.CHANGE).count():
            raise NotPermitted("Có đoàn viên nằm ngoài phạm vi quản lý của bạn.", field="member_ids")


def _check_after_current_start(member_ids: list[int], on: date) -> None:
    """A dated change must come after the start of the membership it ends (history never overlaps),
    and not lie in the future: Member.unit is the current unit, so it can only follow a change that has
    taken effect. A decision taken ahead is recorded on its effective date."""
    if not member_ids:
        return
    if on > timezone.localdate():
        raise ServiceError(
            f"Ngày hiệu lực {on:%d/%m/%Y} chưa đến: hãy ghi nhận việc chuyển sinh hoạt khi quyết định có hiệu lực.",
            field="on",
        )
    for i in range(0, len(member_ids), 900):
        if Membership.objects.filter(
            member_id__in=member_ids[i : i + 900], valid_to__gt=on, valid_from__gte=on
        ).exists():
            raise ServiceError(
                f"Ngày {on:%d/%m/%Y} phải sau ngày bắt đầu sinh hoạt ở đơn vị hiện tại.", field="on"
            )


def _check_unit(actor: Actor, unit: Unit) -> None:
    if not unit.is_grassroots:
        raise ServiceError("Đoàn viên chỉ sinh hoạt ở công đoàn cơ sở hoặc nghiệp đoàn cơ sở.", field="unit")
    require(actor, Action.CHANGE)
    if not actor.is_system and not unit_is_visible(actor, unit.pk):
        raise NotPermitted("Đơn vị nằm ngoài phạm vi quản lý của bạn.", field="unit")


def create_member(
    actor: Actor,
    *,
    unit: Unit,
    data: dict[str, Any],
    full_name: str = "",
    on: date | None = None,
    submission_key: str = "",
) -> Member:
    """Create a member in `unit` from `data` (PROFILE_FIELDS); full_name is split when parts are missing.

    `submission_key` (the create form's one-time key) makes a repeated submission of the same form
    return the member the first one created instead of a duplicate."""
    try:
        return _create_member(
            actor, unit=unit, data=data, full_name=full_name, on=on, submission_key=submission_key
        )
    except IntegrityError:
        # A concurrent twin of this submission committed first: its member is the answer.
        prior = submissions.replay(submission_key, Member) if submission_key else None
        if prior is None:
            raise
        return prior


@transaction.atomic
def _create_member(
    actor: Actor, *, unit: Unit, data: dict[str, Any], full_name: str, on: date | None, submission_key: str
) -> Member:
    if submission_key:
        prior = submissions.replay(submission_key, Member)
        if prior is not None:
            return prior
        submissions.claim(submission_key)
    _check_unit(actor, unit)
    member, membership = build_member(unit=unit, data=data, full_name=full_name, on=on)
    _validate(actor, member)
    member.save()
    membership.save()
    records_changed(Membership, [unit.pk])
    if submission_key:
        submissions.complete(submission_key, member)
    record(actor, action=AuditEvent.Action.CREATE, obj=member, after=snapshot(member, PROFILE_FIELDS + ("unit_id",)),
           summary=f"Thêm đoàn viên {member.full_name}")  # fmt: skip
    return member


@transaction.atomic
def update_member(actor: Actor, *, member: Member, data: dict[str, Any]) -> Member:
    _require_members(actor, [member.pk])
    before = snapshot(member, PROFILE_FIELDS)
    for key, value in data.items():
        if key in PROFILE_FIELDS:
            setattr(member, key, nfc(value) if isinstance(value, str) else value)
    fill_derived(member)
    _validate(actor, member)
    member.save()
    old, new = diff(before, snapshot(member, PROFILE_FIELDS))
    if new:
        record(actor, action=AuditEvent.Action.UPDATE, obj=member, before=old, after=new,
               summary=f"Sửa đoàn viên {member.full_name}")  # fmt: skip
    return member


@transaction.atomic
def archive_member(actor: Actor, *, member: Member, on: date, reason: str = "") -> Member:
    """The member leaves the union: membership ends, the record stays (soft delete)."""
    if member.archived_at:
        raise ServiceError("Đoàn viên này đã được lưu trữ.")
    _require_members(actor, [member.pk])
    _check_after_current_start([member.pk], on)
    Membership.objects.filter(member=member, valid_to__gt=on).update(valid_to=on)
    unit_id = member.unit_id
    member.archived_at = timezone.now()
    member.unit = None
    member.save(update_fields=["archived_at", "unit"])
    records_changed(Membership, member.memberships.values_list("unit_id", flat=True))
    record(actor, action=AuditEvent.Action.ARCHIVE, obj=member, unit_id=unit_id,
           before={"unit_id": unit_id}, after={"left_on": on.isoformat(), "reason": nfc(reason)},
           summary=f"Đoàn viên {member.full_name} thôi sinh hoạt")  # fmt: skip
    return member


@transaction.atomic
def restore_member(actor: Actor, *, member: Member, unit: Unit, on: date) -> Member:
    """Undo an archive: the member rejoins `unit` from `on`."""
    _require_members(actor, [member.pk])
    _check_unit(actor, unit)
    if member.archived_at is None:
        raise ServiceError("Đoàn viên này đang sinh hoạt, không cần khôi phục.")
    if Membership.objects.filter(member=member, valid_to__gt=on).exists():
        raise ServiceError("Ngày khôi phục phải sau ngày thôi sinh hoạt.", field="on")
    member.archived_at = None
    member.unit = unit
    member.save(update_fields=["archived_at", "unit"])
    Membership.objects.create(member=member, unit=unit, valid_from=on)
    records_changed(Membership, [unit.pk])
    record(actor, action=AuditEvent.Action.RESTORE, obj=member, after={"unit_id": unit.pk, "on": on.isoformat()},
           summary=f"Khôi phục đoàn viên {member.full_name}")  # fmt: skip
    return member


@transaction.atomic
def transfer_members(actor: Actor, *, member_ids: list[int], target: Unit, on: date) -> int:
    """Move members to `target` from `on`: end the current membership, open a new one."""
    if not target.is_grassroots:
        raise ServiceError("Chỉ chuyển đoàn viên về công đoàn cơ sở.", field="target")
    _check_unit(actor, target)
    _require_members(actor, member_ids, on)
    _check_after_current_start(member_ids, on)
    members = list(Member.objects.filter(pk__in=member_ids, archived_at__isnull=True))
    for i in range(0, len(member_ids), 900):
        Membership.objects.filter(member_id__in=member_ids[i : i + 900], valid_to__gt=on).update(valid_to=on)
    Membership.objects.bulk_create(
        [Membership(member=m, unit=target, valid_from=on) for m in members], batch_size=1000
    )
    events = [
        {"action": AuditEvent.Action.UPDATE, "obj": m, "unit_id": target.pk, "before": {"unit_id": m.unit_id},
         "after": {"unit_id": target.pk, "on": on.isoformat()}, "summary": f"Chuyển {m.full_name} về {target.name}"}
        for m in members
    ]  # fmt: skip
    Member.objects.filter(pk__in=[m.pk for m in members]).update(unit=target)
    records_changed(Membership, [target.pk, *(m.unit_id for m in members)])
    record_many(actor, events)
    return len(members)


def _check_officer_role(member: Member, unit: Unit, kind: str, on: date) -> None:
    """The holder is a current member of the unit's subtree; one Chủ tịch (and one Chủ nhiệm UBKT) at a
    time; nobody holds the same title twice over the same days."""
    from accounts.scoping import subtree_ids

    if kind not in OfficerRole.Kind.values:
        raise ServiceError("Chức danh không hợp lệ.", field="kind")
    if not unit.valid_from <= on < unit.valid_to:
        raise ServiceError(f"Ngày {on:%d/%m/%Y} đơn vị không hoạt động.", field="on")
    if (
        member.archived_at
        or member.unit_id is None
        or not subtree_ids(unit.pk, on).filter(descendant_id=member.unit_id).exists()
    ):
        raise ServiceError(
            f"{member.full_name} không sinh hoạt ở {unit.name} hoặc đơn vị trực thuộc.", field="member"
        )
    open_then = OfficerRole.objects.filter(unit=unit, kind=kind, valid_to__gt=on)
    if open_then.filter(member=member).exists():
        raise ServiceError(f"{member.full_name} đang giữ chức danh này.", field="member")
    if kind in OfficerRole.SINGLE_HOLDER:
        holder = open_then.select_related("member").first()
        if holder is not None:
            label = OfficerRole.Kind(kind).label
            raise ServiceError(
                f"{unit.name} đang có {label} {holder.member.full_name} (từ {holder.valid_from:%d/%m/%Y}): "
                f"kết thúc chức danh đó trước khi giao cho người khác.",
                field="kind",
            )


@transaction.atomic
def assign_officer_role(
    actor: Actor,
    *,
    member: Member,
    unit: Unit,
    kind: str,
    on: date,
    decision_ref: str = "",
    decision_date: date | None = None,
) -> OfficerRole:
    """Give `member` an officer title of `unit` from `on`, by a decision (số quyết định)."""
    require(actor, Action.CHANGE, unit.pk)
    _check_officer_role(member, unit, kind, on)
    role = OfficerRole.objects.create(member=member, unit=unit, kind=kind, valid_from=on,
                                      decision_ref=nfc(decision_ref).strip(), decision_date=decision_date)  # fmt: skip
    record(actor, action=AuditEvent.Action.CREATE, obj=role, after=snapshot(role),
           summary=f"{role.get_kind_display()} {unit.name}: {member.full_name}")  # fmt: skip
    return role


@transaction.atomic
def end_officer_role(actor: Actor, *, role: OfficerRole, on: date, decision_ref: str = "") -> OfficerRole:
    """The holder stops holding the title from `on` (the day after their last day)."""
    require(actor, Action.CHANGE, role.unit_id)
    if role.valid_to != OPEN_END:
        raise ServiceError(f"Chức danh đã kết thúc từ ngày {role.valid_to:%d/%m/%Y}.", field="on")
    if on <= role.valid_from:
        raise ServiceError(f"Ngày kết thúc phải sau ngày bắt đầu {role.valid_from:%d/%m/%Y}.", field="on")
    before = snapshot(role, ("valid_to", "end_decision_ref"))
    role.valid_to = on
    role.end_decision_ref = nfc(decision_ref).strip()
    role.save(update_fields=["valid_to", "end_decision_ref"])
    old, new = diff(before, snapshot(role, ("valid_to", "end_decision_ref")))
    record(actor, action=AuditEvent.Action.ARCHIVE, obj=role, before=old, after=new,
           summary=f"Kết thúc chức danh {role.get_kind_display()} của {role.member.full_name}")  # fmt: skip
    return role
