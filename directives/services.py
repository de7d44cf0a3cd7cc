"""Writes of directives: assign tasks from an issued document, acknowledge, relay downwards, report done;
from above: remind, and return a done report.

A task is acted on (acknowledged, relayed, reported done) only by the unit it is addressed to; units above
it see it, remind it and return its report. Assigning checks that the actor acts for the issuing unit or
a unit above it. Every write runs in one transaction and leaves an audit event per record touched.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.scoping import SYSTEM, Actor, NotPermitted, unit_is_visible
from audit.models import AuditEvent
from audit.services import diff, record, record_many, snapshot
from documents import services as document_services
from documents.fields import Citation, DocumentFields, Recipient, Section, Signer, Task
from documents.kinds import DIRECTIVE_KINDS, DocumentKind
from documents.models import Document
from documents.symbols import normalize_symbol
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from org.models import Unit
from org.selectors import children_on

from .models import (
    AssignmentStatus,
    Directive,
    DirectiveTask,
    Recurrence,
    RelayPlan,
    RelayPlanItem,
    TaskAssignment,
)
from .schedule import default_period, occurrences, parse_vn_date
from .selectors import upper_documents

ISSUED = "issued"
STATUS_FIELDS = (
    "status", "acknowledged_at", "relayed_at", "done_at", "relay_document_id", "report_note",
    "reminded_at", "returned_at", "return_reason",
)  # fmt: skip


class NotAllowed(NotPermitted):
    """The actor may not make this change (views answer 403)."""


@dataclass
class TaskSpec:
    text: str
    deadline: date | None
    recurrence: str
    schedule: dict[str, str]
    period_start: int | None
    period_end: int | None


def _check_acts_for(actor: Actor, unit_id: int | None, what: str = "nhiệm vụ này") -> None:
    if not actor.can_write:
        raise NotAllowed(f"Vai trò của bạn không được cập nhật {what}.")
    if not unit_is_visible(actor, unit_id):
        raise NotAllowed(f"Đơn vị của {what} nằm ngoài phạm vi quản lý của bạn.")


def check_addressee(actor: Actor, a: TaskAssignment) -> None:
    """Acknowledging, relaying and reporting belong to the addressed unit itself, not to units above."""
    if actor is SYSTEM:
        return
    _check_acts_for(actor, a.unit_id)
    if actor.unit_id != a.unit_id:
        raise NotAllowed(
            f"Chỉ “{a.unit.name}” tiếp nhận, triển khai và báo cáo nhiệm vụ được giao cho đơn vị; "
            "cấp trên theo dõi, nhắc nhở hoặc trả lại báo cáo."
        )


def check_upper(actor: Actor, a: TaskAssignment) -> None:
    """Reminding and returning belong to the units above the addressee."""
    if actor is SYSTEM:
        return
    _check_acts_for(actor, a.unit_id)
    if actor.unit_id == a.unit_id:
        raise NotAllowed("Chỉ đơn vị cấp trên nhắc nhở hoặc trả lại báo cáo của đơn vị được giao.")


def _as_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    d = parse_vn_date(str(value))
    if d is None:
        raise ServiceError(f"Thời hạn “{value}” không đúng dạng dd/mm/yyyy.", field="deadline")
    return d


def _as_year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ServiceError(f"Năm “{value}” không hợp lệ.", field="period") from None
    if not 1990 <= year <= 2100:
        raise ServiceError(f"Năm “{value}” không hợp lệ.", field="period")
    return year


def _spec(task: Task | dict, document) -> TaskSpec:
    data = dict(task) if isinstance(task, dict) else vars(task)
    text = " ".join(str(data.get("text") or "").split())
    if not text:
        raise ServiceError("Nội dung nhiệm vụ không được để trống.", field="text")
    recurrence = data.get("recurrence") or ""
    if recurrence not in Recurrence.values:
        raise ServiceError("Kiểu định kỳ không hợp lệ.", field="recurrence")
    deadline = _as_date(data.get("deadline"))
    schedule = {str(k): str(v) for k, v in (data.get("schedule") or {}).items()}
    start, end = _as_year(data.get("period_start")), _as_year(data.get("period_end"))
    if recurrence and (start is None or end is None):
        d_start, d_end = default_period(
            schedule=schedule, deadline=deadline, doc_date=document.date, text=document.subject or ""
        )
        start = start if start is not None else d_start
        end = end if end is not None else d_end
    if not recurrence:
        schedule, start, end = {}, None, None
    return TaskSpec(text, deadline, recurrence, schedule, start, end)


def _addressed_units(issuer: Unit, units: Iterable[Unit] | None, on: date) -> list[Unit]:
    if units is None:
        chosen = children_on(issuer.pk, on)
    else:
        wanted = {u.pk for u in units}
        chosen = list(
            Unit.objects.subtree_of(issuer.pk, on).active_on(on).filter(pk__in=wanted - {issuer.pk})
        )
        if len(chosen) != len(wanted):
            raise ServiceError(
                f"Chỉ giao nhiệm vụ cho đơn vị trực thuộc “{issuer.name}” đang hoạt động ngày {on:%d/%m/%Y}.",
                field="units",
            )
    if not chosen:
        raise ServiceError("Chưa chọn đơn vị nhận nhiệm vụ.", field="units")
    return sorted(chosen, key=lambda u: u.pk)


def _assignment_events(rows: Sequence[TaskAssignment], summary: str) -> list[dict[str, Any]]:
    return [
        {"action": AuditEvent.Action.CREATE, "obj": a, "after": snapshot(a), "summary": summary} for a in rows
    ]


@transaction.atomic
def assign_from_document(
    actor: Actor, *, document, tasks: Sequence[Task | dict], units: Sequence[Unit] | None = None
) -> Directive:
    """Create the directive of an issued document: its tasks, and one assignment per addressed unit and
    occurrence. Addressed units: the issuer's direct children on the document date, or `units` (any
    units of the issuer's subtree)."""
    issuer = document.issuer_unit
    if issuer is None:
        raise ServiceError("Văn bản chưa có đơn vị ban hành.", field="document")
    _check_acts_for(actor, issuer.pk, "văn bản này")
    # Locked: two requests assigning the same document wait for each other, the second is refused below.
    document = Document.objects.select_for_update().get(pk=document.pk)
    _refuse_second_assignment(document)
    if document.status != ISSUED:
        raise ServiceError("Chỉ giao nhiệm vụ từ văn bản đã ban hành.", field="document")
    if document.kind not in DIRECTIVE_KINDS:
        raise ServiceError(
            f"{document.get_kind_display()} không phải loại văn bản chỉ đạo để giao nhiệm vụ.",
            field="document",
        )
    specs = [_spec(t, document) for t in tasks]
    if not specs:
        raise ServiceError("Cần ít nhất một nhiệm vụ.", field="tasks")
    on = document.date or today()
    addressed = _addressed_units(issuer, units, on)

    directive = Directive.objects.create(document=document, issuer_unit=issuer)
    new: list[TaskAssignment] = []
    for order, spec in enumerate(specs, start=1):
        due_dates = occurrences(
            deadline=spec.deadline,
            recurrence=spec.recurrence,
            schedule=spec.schedule,
            period_start=spec.period_start,
            period_end=spec.period_end,
        )
        task = DirectiveTask.objects.create(
            directive=directive,
            order=order,
            text=spec.text,
            deadline=spec.deadline,
            recurrence=spec.recurrence,
            schedule=spec.schedule,
            period_start=spec.period_start,
            period_end=spec.period_end,
        )
        new += [TaskAssignment(task=task, unit=u, due_date=d) for u in addressed for d in due_dates]
    created = TaskAssignment.objects.bulk_create(new, batch_size=1000)
    records_changed(TaskAssignment, {a.unit_id for a in new})
    if any(a.pk is None for a in created):  # backends that do not return ids from bulk inserts
        created = list(TaskAssignment.objects.filter(task__directive=directive))
    record(
        actor,
        action=AuditEvent.Action.CREATE,
        obj=directive,
        after={"document": document.pk, "tasks": len(specs), "units": [u.pk for u in addressed]},
        summary=f"Giao {len(specs)} nhiệm vụ theo văn bản {document.symbol} cho {len(addressed)} đơn vị",
    )
    record_many(actor, _assignment_events(created, f"Giao nhiệm vụ theo văn bản {document.symbol}"))
    # The addressed units open the document through their incoming book.
    document_services.deliver_document(actor, document=document, units=addressed)
    return directive


def _refuse_second_assignment(document) -> None:
    """A document's tasks are assigned once: by assigning them, or by relaying an upper document's tasks
    with it (its tasks then already reached the children)."""
    if Directive.objects.filter(document=document).exists():
        raise ServiceError(f"Văn bản {document.symbol} đã được giao nhiệm vụ.", field="document")
    if (
        TaskAssignment.objects.filter(relay_document=document).exists()
        or RelayPlan.objects.filter(document=document).exists()
    ):
        raise ServiceError(
            f"Văn bản {document.symbol or 'này'} dùng để triển khai nhiệm vụ của cấp trên: các nhiệm vụ đã "
            "được giao cho đơn vị trực thuộc khi triển khai, không giao lần thứ hai.",
            field="document",
        )


def _locked(assignment: TaskAssignment) -> TaskAssignment:
    return (
        TaskAssignment.objects.select_for_update(of=("self",))
        .select_related("unit", "task__directive__document")
        .get(pk=assignment.pk)
    )


def _save_status(actor: Actor, a: TaskAssignment, before: dict[str, Any], summary: str) -> None:
    a.save(update_fields=[f.removesuffix("_id") for f in STATUS_FIELDS])
    records_changed(TaskAssignment, [a.unit_id])
    old, new = diff(before, snapshot(a, STATUS_FIELDS))
    record(actor, action=AuditEvent.Action.UPDATE, obj=a, before=old, after=new, summary=summary)


@transaction.atomic
def acknowledge(actor: Actor, *, assignment: TaskAssignment, at: datetime | None = None) -> TaskAssignment:
    """The addressed unit confirms it has received the task (Đã tiếp nhận)."""
    a = _locked(assignment)
    check_addressee(actor, a)
    if a.status != AssignmentStatus.ASSIGNED:
        raise ServiceError(f"Nhiệm vụ đã ở trạng thái “{a.get_status_display()}”.", field="status")
    before = snapshot(a, STATUS_FIELDS)
    a.status = AssignmentStatus.ACKNOWLEDGED
    a.acknowledged_at = at or timezone.now()
    _save_status(actor, a, before, f"{a.unit.name} tiếp nhận nhiệm vụ {a.task.order} ({a.task.directive})")
    return a


def _cites(document, upper: list) -> bool:
    """True when `document` cites one of `upper`: by the resolved link, or by symbol (and date, when
    both are known)."""
    from documents.models import DocumentCitation

    ids = {d.pk for d in upper}
    by_symbol = {normalize_symbol(d.symbol): d for d in upper if d.symbol}
    rows = DocumentCitation.objects.filter(citing=document).values_list(
        "cited_id", "cited_symbol", "cited_date"
    )
    for cited_id, cited_symbol, cited_date in rows:
        if cited_id in ids:
            return True
        target = by_symbol.get(normalize_symbol(cited_symbol or ""))
        if target is not None and (cited_date is None or target.date is None or cited_date == target.date):
            return True
    return False


def _check_relay_document(a: TaskAssignment, document) -> None:
    if document.issuer_unit_id != a.unit_id:
        raise ServiceError(
            f"Văn bản triển khai phải do chính “{a.unit.name}” ban hành.", field="relay_document"
        )
    if document.status != ISSUED:
        raise ServiceError("Văn bản triển khai phải là văn bản đã ban hành.", field="relay_document")
    upper = upper_documents(a)
    if not _cites(document, upper):
        nearest = upper[-1]
        raise ServiceError(
            f"Văn bản triển khai phải dẫn chiếu văn bản cấp trên {nearest.symbol} "
            f"(“Thực hiện {nearest.get_kind_display()} số {nearest.symbol} …”).",
            field="relay_document",
        )


def _check_adapted(a: TaskAssignment, due: date | None) -> None:
    """The relaying unit may set an earlier deadline than the upper one, never a later one."""
    if a.due_date is not None and (due is None or due > a.due_date):
        shown = f"{due:%d/%m/%Y}" if due else "không có thời hạn"
        raise ServiceError(
            f"Nhiệm vụ {a.task.order}: thời hạn triển khai ({shown}) không được muộn hơn thời hạn của "
            f"cấp trên ({a.due_date:%d/%m/%Y}).",
            field="deadline",
        )


@transaction.atomic
def relay_many(
    actor: Actor,
    *,
    assignments: Sequence[TaskAssignment],
    relay_document,
    at: datetime | None = None,
    adapted: Mapping[int, tuple[str, date | None]] | None = None,
) -> list[TaskAssignment]:
    """Relay assignments of one unit to its direct children with the unit's own letter, which must cite
    the upper document. `adapted`: upper assignment id → (wording, deadline) for the children (the
    deadline no later than the upper one). Returns the children's new assignments."""
    if not assignments:
        raise ServiceError("Chưa chọn nhiệm vụ để triển khai.", field="assignments")
    adapted = adapted or {}
    has_own_tasks = Directive.objects.filter(document_id=relay_document.pk).exists()
    at = at or timezone.now()
    on = relay_document.date or today()
    created: list[TaskAssignment] = []
    children_cache: dict[int, list[Unit]] = {}
    for assignment in assignments:
        a = _locked(assignment)
        check_addressee(actor, a)
        if a.status in (AssignmentStatus.RELAYED, AssignmentStatus.DONE):
            raise ServiceError(
                f"Nhiệm vụ {a.task.order} đã ở trạng thái “{a.get_status_display()}”.", field="status"
            )
        _check_relay_document(a, relay_document)
        if has_own_tasks:
            raise ServiceError(
                f"Văn bản {relay_document.symbol} đã được giao nhiệm vụ riêng: không dùng để triển khai lần nữa.",
                field="relay_document",
            )
        if a.unit_id not in children_cache:
            children_cache[a.unit_id] = children_on(a.unit_id, on)
        children = children_cache[a.unit_id]
        if not children:
            raise ServiceError(f"“{a.unit.name}” không có đơn vị trực thuộc để triển khai.", field="units")
        text, due = adapted.get(a.pk, ("", a.due_date))
        _check_adapted(a, due)
        text = " ".join((text or "").split())
        text = "" if text == a.wording else text
        existing = set(
            TaskAssignment.objects.filter(
                task_id=a.task_id, due_date=due, unit_id__in=[u.pk for u in children], inherited_from=None
            ).values_list("unit_id", flat=True)
        )
        rows = TaskAssignment.objects.bulk_create(
            [
                TaskAssignment(task_id=a.task_id, unit=u, due_date=due, parent_assignment=a, text=text)
                for u in children
                if u.pk not in existing
            ]
        )
        records_changed(TaskAssignment, {r.unit_id for r in rows})
        if any(r.pk is None for r in rows):
            rows = list(
                TaskAssignment.objects.filter(parent_assignment=a, unit_id__in=[r.unit_id for r in rows])
            )
        created += rows
        before = snapshot(a, STATUS_FIELDS)
        a.status = AssignmentStatus.RELAYED
        a.acknowledged_at = a.acknowledged_at or at
        a.relayed_at = at
        a.relay_document = relay_document
        _save_status(
            actor, a, before, f"{a.unit.name} triển khai nhiệm vụ {a.task.order} bằng {relay_document.symbol}"
        )
    record_many(
        actor, _assignment_events(created, f"Triển khai nhiệm vụ bằng văn bản {relay_document.symbol}")
    )
    receivers = {u.pk: u for units in children_cache.values() for u in units}
    document_services.deliver_document(actor, document=relay_document, units=list(receivers.values()))
    return created


def relay(
    actor: Actor, *, assignment: TaskAssignment, relay_document, at: datetime | None = None
) -> list[TaskAssignment]:
    """Relay one assignment to the unit's direct children (see relay_many)."""
    return relay_many(actor, assignments=[assignment], relay_document=relay_document, at=at)


@transaction.atomic
def report_done(
    actor: Actor, *, assignment: TaskAssignment, note: str, at: datetime | None = None
) -> TaskAssignment:
    """The unit reports the task done, with what it did."""
    a = _locked(assignment)
    check_addressee(actor, a)
    if a.status == AssignmentStatus.DONE:
        raise ServiceError("Nhiệm vụ đã được báo cáo hoàn thành.", field="status")
    note = (note or "").strip()
    if not note:
        raise ServiceError("Cần nêu kết quả thực hiện khi báo cáo hoàn thành.", field="note")
    at = at or timezone.now()
    before = snapshot(a, STATUS_FIELDS)
    a.status = AssignmentStatus.DONE
    a.acknowledged_at = a.acknowledged_at or at
    a.done_at = at
    a.report_note = note
    _save_status(actor, a, before, f"{a.unit.name} hoàn thành nhiệm vụ {a.task.order} ({a.task.directive})")
    return a


@transaction.atomic
def remind(
    actor: Actor, *, assignment: TaskAssignment, note: str = "", at: datetime | None = None
) -> TaskAssignment:
    """A unit above reminds the addressee of an open task (the reminder is dated and audited)."""
    a = _locked(assignment)
    check_upper(actor, a)
    if a.status == AssignmentStatus.DONE:
        raise ServiceError("Nhiệm vụ đã hoàn thành, không cần nhắc.", field="status")
    before = snapshot(a, STATUS_FIELDS)
    a.reminded_at = at or timezone.now()
    note = " ".join((note or "").split())
    summary = f"Nhắc {a.unit.name} thực hiện nhiệm vụ {a.task.order} ({a.task.directive})"
    _save_status(actor, a, before, summary + (f": {note}" if note else ""))
    return a


@transaction.atomic
def return_report(
    actor: Actor, *, assignment: TaskAssignment, reason: str, at: datetime | None = None
) -> TaskAssignment:
    """A unit above sends a done report back with its reason: the task is open again for the addressee
    (relayed if it had been relayed, acknowledged otherwise); the report's text stays for reference."""
    a = _locked(assignment)
    check_upper(actor, a)
    if a.status != AssignmentStatus.DONE:
        raise ServiceError("Chỉ trả lại nhiệm vụ đã báo cáo hoàn thành.", field="status")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("Cần nêu lý do trả lại báo cáo.", field="reason")
    before = snapshot(a, STATUS_FIELDS)
    a.status = AssignmentStatus.RELAYED if a.relay_document_id else AssignmentStatus.ACKNOWLEDGED
    a.done_at = None
    a.returned_at = at or timezone.now()
    a.return_reason = reason
    _save_status(actor, a, before, f"Trả lại báo cáo nhiệm vụ {a.task.order} của {a.unit.name}: {reason}")
    return a


# --- relay in one step ---------------------------------------------------------------------------


@dataclass
class RelayItem:
    """One upper assignment to relay, with the wording and deadline the children get."""

    assignment: TaskAssignment
    text: str
    due_date: date | None


def citation_line(upper) -> str:
    """'Thực hiện Hướng dẫn số 01/HD-LĐLĐ ngày 05/01/2026 của Liên đoàn Lao động tỉnh An Hòa'."""
    issuer = upper.issuer_unit.name if upper.issuer_unit_id else (upper.issuer_name or "")
    parts = [f"Thực hiện {upper.get_kind_display()} số {upper.symbol}"]
    if upper.date:
        parts.append(f"ngày {upper.date:%d/%m/%Y}")
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


def relay_draft_fields(unit: Unit, upper, items: Sequence[RelayItem], *, kind: str = "") -> DocumentFields:
    """The relay draft as it opens: the citation line, the unit's children as addressees, the tasks."""
    kind = kind or (upper.kind if upper.kind != DocumentKind.CONG_VAN else DocumentKind.KE_HOACH)
    sections = []
    for i, item in enumerate(items, start=1):
        text = item.text
        if item.due_date:
            text = f"{text} Thời hạn hoàn thành: trước ngày {item.due_date:%d/%m/%Y}."
        sections.append(Section(level=2, number=str(i), title="", paragraphs=[text]))
    upper_issuer = upper.issuer_unit.name if upper.issuer_unit_id else upper.issuer_name
    return DocumentFields(
        kind=kind,
        subject=f"triển khai {upper.get_kind_display()} số {upper.symbol} ({upper.subject})"[:2000],
        opening=f"{citation_line(upper)} về {upper.subject}, {unit.name} đề nghị các đơn vị trực thuộc "
        "thực hiện một số nội dung sau:",
        sections=sections,
        closing="Đề nghị các đơn vị trực thuộc triển khai thực hiện và báo cáo kết quả đúng thời hạn.",
        recipients=[
            Recipient("Các đơn vị trực thuộc", "t/h", unit_id=unit.pk, reach="children"),
            Recipient(upper_issuer, "b/c") if upper_issuer else Recipient("Cấp trên", "b/c"),
            Recipient("Lưu: VT"),
        ],
        citations=[
            Citation(
                symbol=upper.symbol,
                kind=upper.kind,
                date=upper.date,
                issuer=upper_issuer or "",
                family="state",
            )
        ],
        tasks=[Task(text=item.text, deadline=item.due_date) for item in items],
        signer=Signer("TM. BAN THƯỜNG VỤ", "", ""),
    )


@transaction.atomic
def compose_relay(
    actor: Actor,
    *,
    items: Sequence[RelayItem],
    fields: DocumentFields | None = None,
    drafting_code: str = "",
) -> RelayPlan:
    """Draft the unit's relay document in one step ("Soạn văn bản triển khai"): a draft citing the upper
    document, addressed to the unit's children, with the adapted tasks; issuing it relays them."""
    if not items:
        raise ServiceError("Chưa chọn nhiệm vụ để triển khai.", field="assignments")
    locked = [(_locked(item.assignment), item) for item in items]
    unit = locked[0][0].unit
    directive_ids = set()
    for a, item in locked:
        check_addressee(actor, a)
        if a.unit_id != unit.pk:
            raise ServiceError("Các nhiệm vụ triển khai phải của cùng một đơn vị.", field="assignments")
        if a.status in (AssignmentStatus.RELAYED, AssignmentStatus.DONE):
            raise ServiceError(
                f"Nhiệm vụ {a.task.order} đã ở trạng thái “{a.get_status_display()}”.", field="status"
            )
        if not " ".join((item.text or "").split()):
            raise ServiceError(f"Nội dung nhiệm vụ {a.task.order} không được để trống.", field="text")
        _check_adapted(a, item.due_date)
        directive_ids.add(a.task.directive_id)
    if len(directive_ids) != 1:
        raise ServiceError("Mỗi văn bản triển khai một văn bản cấp trên.", field="assignments")
    pending = RelayPlanItem.objects.filter(
        assignment__in=[a for a, _ in locked], plan__executed_at=None
    ).select_related("plan__document")
    first_pending = pending.first()
    if first_pending is not None:
        draft = first_pending.plan.document
        raise ServiceError(
            f"Nhiệm vụ này đã có dự thảo văn bản triển khai ({draft}): hãy sửa và ban hành dự thảo đó.",
            field="assignments",
        )
    if not children_on(unit.pk, today()):
        raise ServiceError(f"“{unit.name}” không có đơn vị trực thuộc để triển khai.", field="units")
    upper = upper_documents(locked[0][0])[-1]
    relay_items = [RelayItem(a, " ".join(item.text.split()), item.due_date) for a, item in locked]
    fields = fields or relay_draft_fields(unit, upper, relay_items)
    if not any(normalize_symbol(c.symbol) == normalize_symbol(upper.symbol) for c in fields.citations):
        fields.citations = [*fields.citations, *relay_draft_fields(unit, upper, relay_items).citations]
    document = document_services.save_draft(
        actor, fields=fields, issuer_unit=unit, drafting_code=drafting_code
    )
    plan = RelayPlan.objects.create(document=document, unit=unit)
    rows = RelayPlanItem.objects.bulk_create(
        [
            RelayPlanItem(plan=plan, assignment=i.assignment, text=i.text, due_date=i.due_date)
            for i in relay_items
        ]
    )
    record(
        actor,
        action=AuditEvent.Action.CREATE,
        obj=plan,
        after={"document": document.pk, "tasks": len(rows)},
        summary=f"Soạn văn bản triển khai {upper.title}: {len(rows)} nhiệm vụ cho đơn vị trực thuộc",
    )
    return plan


def relay_on_issue(actor: Actor, document) -> None:
    """documents.hooks handler: issuing a relay draft relays its tasks to the unit's children."""
    plan = RelayPlan.objects.select_for_update().filter(document_id=document.pk, executed_at=None).first()
    if plan is None:
        return
    items = list(plan.items.select_related("assignment"))
    relay_many(
        actor,
        assignments=[i.assignment for i in items],
        relay_document=document,
        adapted={i.assignment_id: (i.text, i.due_date) for i in items},
    )
    plan.executed_at = timezone.now()
    plan.save(update_fields=["executed_at"])
