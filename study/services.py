"""Every write of the study app: keyword-only, one transaction, the role and scope checked inside, one
audit event per change (record_many for attendance lists)."""

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core import signing
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone

from accounts.permissions import Action, Scope
from accounts.scoping import Actor, NotPermitted, require
from audit.models import AuditEvent
from audit.services import record, record_many, snapshot
from lamtheo.lib.dates import OPEN_END, format_vn, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import fold, nfc
from members.models import Member
from org.models import Unit, UnitClosure

from .models import (
    Attendance,
    AttendanceMode,
    AttendanceSource,
    AttendanceStatus,
    EventAttachment,
    EventKind,
    OutreachChannel,
    OutreachItem,
    Programme,
    ProgrammeKind,
    ScheduleEntry,
    StudyEvent,
    StudyEventHost,
    StudySchedule,
    Topic,
    TopicItem,
    TopicScope,
    TrainingCourse,
)
from .selectors import read_check_in_code

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
_MAGIC = {
    ".pdf": b"%PDF",
    ".docx": b"PK\x03\x04",
    ".jpg": b"\xff\xd8",
    ".jpeg": b"\xff\xd8",
    ".png": b"\x89PNG",
}


def _text(value: str, field: str, label: str, *, required: bool = True, max_length: int = 400) -> str:
    value = nfc(value or "").strip()
    if required and not value:
        raise ServiceError(f"Chưa nhập {label}.", field=field)
    if len(value) > max_length:
        raise ServiceError(f"{label[:1].upper()}{label[1:]} dài quá {max_length} ký tự.", field=field)
    return value


# ---------------------------------------------------------------- programmes, topics, schedules


@transaction.atomic
def create_programme(
    actor: Actor, *, kind: str, code: str, title: str, valid_from: date, valid_to: date | None = None
) -> Programme:
    """A national programme (Chỉ thị, Kết luận, congress term): national staff only."""
    if not actor.is_system and not (
        actor.role == "national_staff" and actor.may(Action.CHANGE, Scope.SUBTREE)
    ):
        raise NotPermitted("Chỉ cán bộ Tổng Liên đoàn được khai báo chương trình học tập.")
    if kind not in ProgrammeKind.values:
        raise ServiceError("Loại chương trình không hợp lệ.", field="kind")
    code = _text(code, "code", "ký hiệu", max_length=40)
    if Programme.objects.filter(code=code).exists():
        raise ServiceError(f"Đã có chương trình ký hiệu “{code}”.", field="code")
    programme = Programme.objects.create(
        kind=kind, code=code, title=_text(title, "title", "tên chương trình"), valid_from=valid_from,
        valid_to=valid_to or OPEN_END,
    )  # fmt: skip
    record(actor, action=AuditEvent.Action.CREATE, obj=programme, after=snapshot(programme))
    return programme


@transaction.atomic
def create_topic(
    actor: Actor,
    *,
    issuer_unit: Unit | None,
    scope: str,
    title: str,
    items: Iterable[str],
    valid_from: date,
    valid_to: date | None = None,
    year: int | None = None,
    term: str = "",
    programme: Programme | None = None,
    party_committee: str = "",
    guidance_ref: str = "",
) -> Topic:
    """A topic with its items (1)..(n), in the order given. Without an issuer (national): SYSTEM only."""
    if issuer_unit is None and not actor.is_system:
        raise NotPermitted("Chưa chọn đơn vị ban hành chuyên đề.", field="issuer_unit")
    if issuer_unit is not None:
        require(actor, Action.CHANGE, issuer_unit.pk)
    if scope not in TopicScope.values:
        raise ServiceError("Phạm vi chuyên đề không hợp lệ.", field="scope")
    if scope == TopicScope.YEAR and not year:
        raise ServiceError("Chuyên đề năm cần có năm.", field="year")
    texts = [nfc(t).strip() for t in items if nfc(t or "").strip()]
    if not texts:
        raise ServiceError("Chuyên đề cần ít nhất một nội dung.", field="items")
    title = _text(title, "title", "tên chuyên đề", max_length=600)
    topic = Topic.objects.create(
        issuer_unit=issuer_unit, scope=scope, title=title, year=year if scope == TopicScope.YEAR else None,
        term=nfc(term).strip(), programme=programme, party_committee=nfc(party_committee).strip(),
        guidance_ref=nfc(guidance_ref).strip(), valid_from=valid_from, valid_to=valid_to or OPEN_END,
        search_text=fold(title),
    )  # fmt: skip
    for n, text in enumerate(texts, start=1):
        if len(text) > 600:
            raise ServiceError(f"Nội dung ({n}) dài quá 600 ký tự.", field="items")
        TopicItem.objects.create(topic=topic, number=n, title=text)
    record(actor, action=AuditEvent.Action.CREATE, obj=topic, after={**snapshot(topic), "items": texts})
    return topic


def _inherited_entries(unit: Unit, topic: Topic, year: int) -> dict[int, set[int]]:
    """quarter → item ids that the schedules of the units above `unit` set (as the tree stands today)."""
    day = today()
    above = UnitClosure.objects.filter(
        descendant=unit, depth__gt=0, valid_from__lte=day, valid_to__gt=day
    ).values("ancestor_id")
    out: dict[int, set[int]] = {}
    rows = ScheduleEntry.objects.filter(
        schedule__unit__in=above, schedule__topic=topic, schedule__year=year, schedule__deleted_at__isnull=True,
        item__isnull=False,
    ).values_list("quarter", "item_id")  # fmt: skip
    for quarter, item_id in rows:
        out.setdefault(quarter, set()).add(item_id)
    return out


@transaction.atomic
def set_schedule(
    actor: Actor,
    *,
    unit: Unit,
    topic: Topic,
    year: int,
    quarters: Mapping[int, Iterable[int]],
    notes: Mapping[int, str] | None = None,
    guidance_ref: str = "",
) -> StudySchedule:
    """The unit's schedule for the topic and year: quarter → item numbers (and a note per quarter, e.g.
    Q4's review). It applies to the unit's subtree. A lower unit may add items to what the units above
    it set, never drop one: the whole schedule is refused, naming the quarter and the item."""
    require(actor, Action.CHANGE, unit.pk)
    notes = notes or {}
    if topic.issuer_unit_id is not None and not Topic.objects.visible_to(actor).filter(pk=topic.pk).exists():
        raise ServiceError("Chuyên đề này không áp dụng cho đơn vị.", field="topic")
    by_number = {i.number: i for i in topic.items.all()}
    wanted: dict[int, set[int]] = {}
    for quarter, numbers in quarters.items():
        if quarter not in (1, 2, 3, 4):
            raise ServiceError(f"Quý {quarter} không hợp lệ.", field="quarters")
        for number in numbers:
            if number not in by_number:
                raise ServiceError(f"Chuyên đề không có nội dung ({number}).", field=f"q{quarter}")
            wanted.setdefault(quarter, set()).add(by_number[number].pk)
    number_of = {i.pk: i.number for i in by_number.values()}
    for quarter, items in sorted(_inherited_entries(unit, topic, year).items()):
        missing = sorted(number_of[i] for i in items - wanted.get(quarter, set()))
        if missing:
            shown = ", ".join(f"({n})" for n in missing)
            raise ServiceError(
                f"Không thể bỏ nội dung {shown} khỏi Quý {quarter}: lịch của công đoàn cấp trên đã đặt; "
                "công đoàn cấp dưới chỉ được bổ sung nội dung.",
                field=f"q{quarter}",
            )
    schedule = StudySchedule.objects.filter(
        unit=unit, topic=topic, year=year, deleted_at__isnull=True
    ).first()
    before = _schedule_view(schedule) if schedule else None
    if schedule is None:
        schedule = StudySchedule.objects.create(unit=unit, topic=topic, year=year, guidance_ref=guidance_ref)
    else:
        schedule.guidance_ref = guidance_ref or schedule.guidance_ref
        schedule.save(update_fields=["guidance_ref"])
        schedule.entries.all().delete()
    entries = [
        ScheduleEntry(schedule=schedule, quarter=q, item_id=i) for q, items in wanted.items() for i in items
    ]
    entries += [
        ScheduleEntry(schedule=schedule, quarter=q, item=None, note=nfc(note).strip())
        for q, note in notes.items()
        if nfc(note or "").strip()
    ]
    ScheduleEntry.objects.bulk_create(entries)
    action = AuditEvent.Action.CREATE if before is None else AuditEvent.Action.UPDATE
    record(actor, action=action, obj=schedule, before=before, after=_schedule_view(schedule))
    return schedule


def _schedule_view(schedule: StudySchedule) -> dict[str, Any]:
    rows = schedule.entries.select_related("item").order_by("quarter", "item__number")
    view: dict[str, list[str]] = {}
    for e in rows:
        view.setdefault(f"q{e.quarter}", []).append(e.item.label if e.item else e.note)
    return {"topic_id": schedule.topic_id, "year": schedule.year, **view}


# ---------------------------------------------------------------- study events


def _check_items(topic: Topic | None, items: Iterable[TopicItem]) -> list[TopicItem]:
    items = list(items)
    if items and topic is None:
        raise ServiceError("Chọn chuyên đề trước khi chọn nội dung.", field="items")
    for item in items:
        if item.topic_id != topic.pk:  # type: ignore[union-attr]
            raise ServiceError(f"Nội dung {item.label} không thuộc chuyên đề đã chọn.", field="items")
    return items


@transaction.atomic
def record_event(
    actor: Actor,
    *,
    unit: Unit,
    kind: str,
    title: str,
    held_on: date,
    co_hosts: Iterable[Unit] = (),
    topic: Topic | None = None,
    items: Iterable[TopicItem] = (),
    mode: str = AttendanceMode.LIST,
    place: str = "",
    online: bool = False,
    entries: int | None = None,
    note: str = "",
    head_counts: Mapping[int, tuple[int, int]] | None = None,
) -> StudyEvent:
    """A study event held by `unit` (and `co_hosts` together with it). `head_counts`: host unit id →
    (members, non-member workers), for events without a member list (and non-members of any event)."""
    hosts = [unit] + [u for u in co_hosts if u.pk != unit.pk]
    require(actor, Action.CHANGE, *[u.pk for u in hosts])
    if kind not in EventKind.values:
        raise ServiceError("Hình thức hoạt động không hợp lệ.", field="kind")
    if mode not in AttendanceMode.values:
        raise ServiceError("Cách ghi người tham dự không hợp lệ.", field="mode")
    if held_on > today():
        raise ServiceError("Ngày tổ chức không được sau ngày hôm nay.", field="held_on")
    if entries is not None and kind != EventKind.CONTEST:
        raise ServiceError("Chỉ hội thi, cuộc thi mới có số lượt dự thi.", field="entries")
    chosen = _check_items(topic, items)
    event = StudyEvent.objects.create(
        kind=kind, title=_text(title, "title", "tên hoạt động"), unit=unit, held_on=held_on,
        place=_text(place, "place", "địa điểm", required=False, max_length=300), topic=topic, mode=mode,
        online=online, entries=entries, note=nfc(note or "").strip(), search_text=fold(title),
        created_by=actor.user if getattr(actor.user, "pk", None) else None,
    )  # fmt: skip
    event.items.set(chosen)
    counts = head_counts or {}
    StudyEventHost.objects.bulk_create(
        [
            StudyEventHost(
                event=event,
                unit=u,
                held_on=held_on,
                kind=kind,
                member_count=_count(counts.get(u.pk, (0, 0))[0], "member_count")
                if mode == AttendanceMode.COUNTS
                else 0,
                worker_count=_count(counts.get(u.pk, (0, 0))[1], "worker_count"),
            )  # fmt: skip
            for u in hosts
        ]
    )
    _refresh_participants(event)
    after = {**snapshot(event), "items": [i.pk for i in chosen], "hosts": [u.pk for u in hosts]}
    record(actor, action=AuditEvent.Action.CREATE, obj=event, after=after)
    return event


def _count(value: Any, field: str) -> int:
    try:
        n = int(value or 0)
    except (TypeError, ValueError):
        raise ServiceError("Số người phải là số nguyên.", field=field) from None
    if n < 0 or n > 1_000_000:
        raise ServiceError("Số người không hợp lệ.", field=field)
    return n


def _live_event(event: StudyEvent) -> StudyEvent:
    if event.deleted_at is not None:
        raise ServiceError("Hoạt động này đã bị xóa.", field="event")
    return event


def _host_ids(event: StudyEvent) -> list[int]:
    return list(event.hosts.values_list("unit_id", flat=True))


@transaction.atomic
def update_event(
    actor: Actor,
    *,
    event: StudyEvent,
    title: str,
    held_on: date,
    place: str = "",
    items: Iterable[TopicItem] = (),
    entries: int | None = None,
    note: str = "",
) -> StudyEvent:
    """Correct an event's title, day, place, items, number of entries or note (audited)."""
    _live_event(event)
    require(actor, Action.CHANGE, *_host_ids(event))
    if held_on > today():
        raise ServiceError("Ngày tổ chức không được sau ngày hôm nay.", field="held_on")
    if entries is not None and event.kind != EventKind.CONTEST:
        raise ServiceError("Chỉ hội thi, cuộc thi mới có số lượt dự thi.", field="entries")
    chosen = _check_items(event.topic, items)
    before = {**snapshot(event), "items": sorted(event.items.values_list("pk", flat=True))}
    event.title = _text(title, "title", "tên hoạt động")
    event.search_text = fold(event.title)
    event.held_on = held_on
    event.place = _text(place, "place", "địa điểm", required=False, max_length=300)
    event.entries = entries
    event.note = nfc(note or "").strip()
    event.save()
    event.items.set(chosen)
    event.hosts.update(held_on=held_on)
    event.attendances.update(on=held_on)
    _event_changed(event)
    after = {**snapshot(event), "items": sorted(i.pk for i in chosen)}
    record(actor, action=AuditEvent.Action.UPDATE, obj=event, before=before, after=after)
    return event


@transaction.atomic
def set_head_counts(
    actor: Actor, *, event: StudyEvent, unit: Unit, members: int, workers: int
) -> StudyEventHost:
    """The head counts of one host unit (members only for an event recorded by counts)."""
    _live_event(event)
    require(actor, Action.CHANGE, unit.pk)
    host = event.hosts.filter(unit=unit).first()
    if host is None:
        raise ServiceError("Đơn vị này không tổ chức hoạt động.", field="unit")
    before = snapshot(host, ["member_count", "worker_count"])
    if event.mode == AttendanceMode.COUNTS:
        host.member_count = _count(members, "member_count")
    host.worker_count = _count(workers, "worker_count")
    host.save(update_fields=["member_count", "worker_count"])
    _refresh_participants(event)
    after = snapshot(host, ["member_count", "worker_count"])
    record(actor, action=AuditEvent.Action.UPDATE, obj=host, before=before, after=after)
    return host


def _event_changed(event: StudyEvent, units: Iterable[int] = ()) -> None:
    """Tell the figures (summary rows) that the event's host rows and attendance rows changed: every host
    unit, every unit of its attendance rows, and `units` (those of rows the caller just changed)."""
    hosts = _host_ids(event)
    records_changed(StudyEventHost, hosts)
    attended = set(event.attendances.values_list("unit_id", flat=True).distinct())
    records_changed(Attendance, attended | set(units))


def _refresh_participants(event: StudyEvent) -> None:
    """Keep each host's lượt: its members present + head counts (called inside the services), and tell
    the figures."""
    present = dict(
        event.attendances.filter(status=AttendanceStatus.PRESENT)
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    for host in event.hosts.all():
        n = present.get(host.unit_id, 0) + host.member_count + host.worker_count
        if n != host.participants:
            host.participants = n
            host.save(update_fields=["participants"])
    _event_changed(event)


@transaction.atomic
def set_attendance(
    actor: Actor,
    *,
    event: StudyEvent,
    marks: Mapping[int, str],
    correction: bool = False,
) -> int:
    """Tick members (member id → present / excused / absent) from the host units' member lists.

    `correction`: the chair corrects the list after the event; every change is audited with the status
    before and after. Returns the number of rows changed."""
    _live_event(event)
    hosts = _host_ids(event)
    require(actor, Action.CHANGE, *hosts)
    if event.mode != AttendanceMode.LIST:
        raise ServiceError("Hoạt động này ghi số lượng người tham dự, không điểm danh theo danh sách.")
    for status in marks.values():
        if status not in AttendanceStatus.values:
            raise ServiceError("Trạng thái điểm danh không hợp lệ.", field="marks")
    members = {m.pk: m for m in Member.objects.filter(pk__in=list(marks)).only("pk", "unit_id", "full_name")}
    for member_id in marks:
        member = members.get(member_id)
        if member is None or member.unit_id not in hosts:
            raise ServiceError("Chỉ điểm danh đoàn viên của công đoàn tổ chức hoạt động.", field="marks")
    existing = {a.member_id: a for a in event.attendances.filter(member_id__in=list(marks))}
    source = AttendanceSource.CORRECTION if correction else AttendanceSource.LIST
    events: list[dict[str, Any]] = []
    new, changed = [], []
    for member_id, status in marks.items():
        row = existing.get(member_id)
        if row is not None and row.status == status:
            continue
        before = {"status": row.status} if row else {}
        if row is None:
            row = Attendance(
                event=event, member_id=member_id, unit_id=members[member_id].unit_id or event.unit_id, on=event.held_on,
                status=status, source=source,
            )  # fmt: skip
            new.append(row)
        else:
            row.status, row.source = status, source
            changed.append(row)
        events.append(
            {
                "action": AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
                "model": "study.attendance",
                "object_id": f"{event.pk}:{member_id}",
                "unit_id": row.unit_id,
                "before": before,
                "after": {"status": status, "source": source, "event_id": event.pk, "member_id": member_id},
                "summary": f"Điểm danh “{members[member_id].full_name}” – {event.title}",
            }
        )
    Attendance.objects.bulk_create(new)
    for row in changed:
        row.save(update_fields=["status", "source", "recorded_at"])
    _refresh_participants(event)
    record_many(actor, events)
    return len(events)


@transaction.atomic
def delete_event(actor: Actor, *, event: StudyEvent, reason: str = "") -> StudyEvent:
    """Soft delete: the event and its rows stop counting; the audit keeps the reason."""
    _live_event(event)
    require(actor, Action.CHANGE, *_host_ids(event))
    event.deleted_at = timezone.now()
    event.save(update_fields=["deleted_at"])
    event.hosts.update(live=False)
    event.attendances.update(live=False)
    _event_changed(event)
    record(actor, action=AuditEvent.Action.ARCHIVE, obj=event, before={"deleted_at": None},
           after={"deleted_at": event.deleted_at.isoformat()}, summary=nfc(reason or "").strip())  # fmt: skip
    return event


@transaction.atomic
def add_attachment(actor: Actor, *, event: StudyEvent, upload) -> EventAttachment:
    """Minutes or photos: .pdf, .doc(x), .jpg, .png up to 10 MB, the content checked against the type."""
    _live_event(event)
    require(actor, Action.CHANGE, *_host_ids(event))
    name = nfc(getattr(upload, "name", "") or "").strip()[-200:]
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise ServiceError(f"Tệp “{name}”: chỉ nhận tệp .pdf, .docx, .doc, .jpg, .png.", field="file")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ServiceError(
            f"Tệp “{name}” quá lớn (tối đa {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB).", field="file"
        )
    head = upload.read(8)
    upload.seek(0)
    magic = _MAGIC.get(suffix)
    if magic is not None and not head.startswith(magic):
        raise ServiceError(f"Tệp “{name}”: nội dung không đúng loại tệp {suffix}.", field="file")
    attachment = EventAttachment(
        event=event, name=name, content_type=ATTACHMENT_TYPES[suffix], size=upload.size
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    record(actor, action=AuditEvent.Action.CREATE, obj=attachment, unit_id=event.unit_id,
           after=snapshot(attachment, ["event", "name", "content_type", "size"]))  # fmt: skip
    return attachment


# ---------------------------------------------------------------- check-in by QR code


@transaction.atomic
def check_in(actor: Actor, *, code: str, on: date | None = None) -> Attendance:
    """The member scanning the event's QR code is marked present (source qr)."""
    if not actor.is_system and not actor.may(Action.CHECK_IN, Scope.SELF):
        raise NotPermitted("Vai trò của bạn không được điểm danh.")
    try:
        event_id, day = read_check_in_code(code)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ServiceError("Mã điểm danh không hợp lệ.", field="code") from None
    event = StudyEvent.objects.filter(pk=event_id, deleted_at__isnull=True).first()
    if event is None or event.held_on != day:
        raise ServiceError("Mã điểm danh không còn hiệu lực: hoạt động đã được sửa hoặc xóa.", field="code")
    if (on or today()) != day:
        raise ServiceError(
            f"Mã điểm danh đã hết hạn: mã chỉ dùng được trong ngày {format_vn(day)}.", field="code"
        )
    if event.mode != AttendanceMode.LIST:
        raise ServiceError("Hoạt động này không điểm danh theo danh sách.", field="code")
    member = (
        Member.objects.filter(pk=actor.member_id, archived_at__isnull=True).first()
        if actor.member_id
        else None
    )
    if member is None:
        raise NotPermitted("Tài khoản của bạn chưa gắn với hồ sơ đoàn viên nên không điểm danh được.")
    if member.unit_id not in _host_ids(event):
        raise NotPermitted("Bạn không phải đoàn viên của công đoàn tổ chức hoạt động này.")
    row = event.attendances.filter(member=member).first()
    before = {"status": row.status} if row else {}
    if row is None:
        row = Attendance(event=event, member=member, unit_id=member.unit_id, on=event.held_on)
    row.status, row.source = AttendanceStatus.PRESENT, AttendanceSource.QR
    row.save()
    _refresh_participants(event)
    record(actor, action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
           model="study.attendance", object_id=f"{event.pk}:{member.pk}", unit_id=member.unit_id, before=before,
           after={"status": row.status, "source": row.source, "event_id": event.pk, "member_id": member.pk},
           summary=f"Điểm danh bằng mã QR – {event.title}")  # fmt: skip
    return row


# ---------------------------------------------------------------- outreach and training


def _soft_delete[R: models.Model](actor: Actor, record_: R, summary: str = "") -> R:
    """Mark a record of the unit deleted (kept, with its audit event); a second call changes nothing."""
    require(actor, Action.CHANGE, record_.unit_id)  # type: ignore[attr-defined]
    if record_.deleted_at is None:  # type: ignore[attr-defined]
        record_.deleted_at = timezone.now()  # type: ignore[attr-defined]
        record_.save(update_fields=["deleted_at"])
        records_changed(type(record_), [record_.unit_id])  # type: ignore[attr-defined]
        record(actor, action=AuditEvent.Action.ARCHIVE, obj=record_, before={"deleted_at": None},
               after={"deleted_at": record_.deleted_at.isoformat()}, summary=summary)  # type: ignore[attr-defined]  # fmt: skip
    return record_


@transaction.atomic
def create_outreach_item(
    actor: Actor,
    *,
    unit: Unit,
    channel: str,
    on: date,
    title: str,
    link: str = "",
    topic: Topic | None = None,
) -> OutreachItem:
    require(actor, Action.CHANGE, unit.pk)
    if channel not in OutreachChannel.values:
        raise ServiceError("Hình thức tuyên truyền không hợp lệ.", field="channel")
    if on > today():
        raise ServiceError("Ngày đăng không được sau ngày hôm nay.", field="on")
    link = nfc(link or "").strip()
    if link and not link.lower().startswith(("http://", "https://")):
        raise ServiceError("Đường dẫn phải bắt đầu bằng http:// hoặc https://.", field="link")
    title = _text(title, "title", "tiêu đề")
    item = OutreachItem.objects.create(
        unit=unit, channel=channel, on=on, title=title, link=link[:500], topic=topic, search_text=fold(title)
    )
    records_changed(OutreachItem, [unit.pk])
    record(
        actor,
        action=AuditEvent.Action.CREATE,
        obj=item,
        after=snapshot(item, ["unit", "channel", "on", "title", "link"]),
    )
    return item


@transaction.atomic
def delete_outreach_item(actor: Actor, *, item: OutreachItem) -> OutreachItem:
    return _soft_delete(actor, item)


@transaction.atomic
def create_training_course(
    actor: Actor,
    *,
    unit: Unit,
    title: str,
    on: date,
    ends_on: date,
    place: str = "",
    trainers: str = "",
    participant_count: int = 0,
    participants: Iterable[Member] = (),
    topic: Topic | None = None,
) -> TrainingCourse:
    """A training course; participants ticked as members of the unit's subtree, or as a count."""
    require(actor, Action.CHANGE, unit.pk)
    if ends_on < on:
        raise ServiceError("Ngày kết thúc không được trước ngày khai giảng.", field="ends_on")
    people = list(participants)
    if people:
        visible = set(
            Member.objects.visible_to(actor)
            .filter(pk__in=[m.pk for m in people])
            .values_list("pk", flat=True)
        )
        if len(visible) != len({m.pk for m in people}):
            raise ServiceError("Có học viên nằm ngoài phạm vi quản lý của bạn.", field="participants")
    count = max(_count(participant_count, "participant_count"), len(people))
    course = TrainingCourse.objects.create(
        unit=unit, title=_text(title, "title", "tên lớp"), on=on, ends_on=ends_on,
        place=_text(place, "place", "địa điểm", required=False, max_length=300),
        trainers=_text(trainers, "trainers", "giảng viên", required=False, max_length=500),
        participant_count=count, topic=topic,
    )  # fmt: skip
    course.participants.set(people)
    records_changed(TrainingCourse, [unit.pk])
    record(actor, action=AuditEvent.Action.CREATE, obj=course,
           after={**snapshot(course), "participants": [m.pk for m in people]})  # fmt: skip
    return course


@transaction.atomic
def delete_training_course(actor: Actor, *, course: TrainingCourse) -> TrainingCourse:
    return _soft_delete(actor, course)
