"""Writes to the document registry. Each function is one transaction and leaves an audit event.

Numbers (DOMAIN.md §1.3): per issuer per calendar year from 01 on 1 January, never reused, never
skipped. issue_document takes the next number from NumberCounter in the same transaction as the
document save: the counter row is locked with SELECT ... FOR UPDATE on PostgreSQL (on SQLite the
IMMEDIATE transaction mode already serialises writers), and when anything fails the whole
transaction, counter included, rolls back.
"""

import logging
import re
from dataclasses import asdict

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.permissions import Action, Scope
from accounts.scoping import Actor, NotPermitted, unit_is_visible
from audit.models import AuditEvent
from audit.services import record, record_many, snapshot
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import fold, nfc, nfc_lines
from org.models import Unit, UnitClosure

from . import hooks, linking
from .fields import DocumentFields, Recipient, Section
from .kinds import TYPE_CODES, DocumentKind, for_members_by_default
from .models import (
    Direction,
    Document,
    DocumentFile,
    DocumentRecipient,
    EntryStatus,
    FileRole,
    IncomingEntry,
    NumberCounter,
    Reach,
    Status,
)
from .symbols import build_symbol, normalize_symbol

logger = logging.getLogger(__name__)

AUDIT_FIELDS = (
    "kind",
    "direction",
    "status",
    "issuer_unit_id",
    "issuer_name",
    "number",
    "number_suffix",
    "symbol",
    "date",
    "place",
    "subject",
    "signer_authority",
    "signer_title",
    "signer_name",
    "drafting_code",
    "owner_unit_id",
    "archived_at",
)

UPLOAD_EXTENSIONS = (".txt", ".docx", ".pdf")
SCAN_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff")
MAX_FILE_BYTES = 20 * 1024 * 1024


# --- helpers -----------------------------------------------------------------------------------


def _check_writer(actor: Actor, unit_id: int | None, action: str = Action.CHANGE) -> None:
    if actor.is_system:
        return
    if not actor.may(action, Scope.SUBTREE):
        raise NotPermitted("Bạn không có quyền soạn, ban hành hay vào sổ văn bản.")
    if unit_id is None or not unit_is_visible(actor, unit_id):
        raise NotPermitted("Đơn vị này nằm ngoài phạm vi bạn được quản lý.")


def _check_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise ServiceError("Chưa chọn loại văn bản hoặc loại văn bản không hợp lệ.", field="kind")
    return kind


def _search_text(document: Document) -> str:
    issuer_unit_name = document.issuer_unit.name if document.issuer_unit is not None else ""
    parts = [
        document.symbol,
        document.get_kind_display(),
        document.subject,
        document.issuer_name,
        document.issuer_code,
        issuer_unit_name,
    ]
    return fold(" ".join(p for p in parts if p))[:1000]


def _section_dict(section: Section) -> dict:
    return {
        "level": section.level,
        "number": nfc(section.number),
        "title": nfc(section.title),
        "paragraphs": [nfc_lines(p) for p in section.paragraphs if nfc_lines(p)],
        "children": [_section_dict(c) for c in section.children],
    }


def _body(fields: DocumentFields) -> dict:
    tasks = []
    for t in fields.tasks:
        data = asdict(t)
        data["deadline"] = t.deadline.isoformat() if t.deadline else None
        tasks.append(data)
    return {
        "opening": nfc_lines(fields.opening),
        "sections": [_section_dict(s) for s in fields.sections],
        "closing": nfc_lines(fields.closing),
        "tasks": tasks,
    }


def _split_number(number: str) -> tuple[int | None, str]:
    """'06b' -> (6, 'b'); '' -> (None, '')."""
    m = re.match(r"^\s*0*(\d+)\s*([a-z]?)\s*$", number or "")
    if not m or int(m[1]) == 0:
        return None, ""
    return int(m[1]), m[2]


def _number_from_symbol(symbol: str) -> str:
    m = re.match(r"^(\d+[a-z]?)[/-]", symbol)
    return m[1] if m else ""


def match_unit(name: str) -> Unit | None:
    """The unit whose name, short name or header name is `name` (accents and case ignored)."""
    needle = fold(name)
    if len(needle) < 4:
        return None
    candidates = Unit.objects.filter(
        Q(search_text__contains=needle) | Q(header_name__iexact=nfc(name))
    ).order_by("id")[:20]
    for unit in candidates:
        if needle in {fold(unit.name), fold(unit.short_name), fold(unit.header_name)}:
            return unit
    return None


def _set_fields(document: Document, fields: DocumentFields) -> None:
    document.kind = _check_kind(fields.kind)
    document.date = fields.date
    document.place = nfc(fields.place)[:100]
    document.subject = nfc(fields.subject)
    document.signer_authority = nfc(fields.signer.authority)[:120]
    document.signer_title = nfc(fields.signer.title)[:120]
    document.signer_name = nfc(fields.signer.name)[:120]
    document.addressees = [nfc(a) for a in fields.addressees if nfc(a)]
    document.body = _body(fields)
    document.warnings = [nfc(w) for w in fields.warnings]


def _save_recipients(document: Document, recipients: list[Recipient]) -> None:
    document.recipients.all().delete()
    rows = []
    chosen = {r.unit_id for r in recipients if r.unit_id}
    known = set(Unit.objects.filter(pk__in=chosen).values_list("pk", flat=True)) if chosen else set()
    for i, r in enumerate(recipients):
        name = nfc(r.name)
        if not name:
            continue
        unit_id = r.unit_id if r.unit_id in known else None
        rows.append(
            DocumentRecipient(
                document=document,
                position=i,
                name=name[:300],
                purpose=nfc(r.purpose)[:30],
                unit_id=unit_id if unit_id is not None else getattr(match_unit(name), "pk", None),
                reach=r.reach if r.reach in Reach.values else "",
            )
        )
    DocumentRecipient.objects.bulk_create(rows)


def _file_name(document: Document, extension: str) -> str:
    """'01-HD-LDLD-2026.docx': ASCII number-symbol-year (writing.download_name)."""
    from .writing import download_name

    return download_name(
        kind=document.kind,
        symbol=document.symbol,
        year=document.date.year if document.date else None,
        extension=extension,
        draft=document.status == Status.DRAFT,
        subject=document.subject,
    )


def _store_file(
    document: Document, *, role: str, content: bytes, filename: str, actor: Actor
) -> DocumentFile:
    return DocumentFile.objects.create(
        document=document,
        role=role,
        file=ContentFile(content, name=filename),
        filename=filename[:255],
        size=len(content),
        uploaded_by=actor.user if actor.user is not None and actor.user.pk else None,
    )


def _recipient_lines(document: Document) -> list[str]:
    """The Nơi nhận block as the audit shows it: one line a recipient, in order."""
    return [
        f"{name} ({purpose})" if purpose else name
        for name, purpose in document.recipients.order_by("position").values_list("name", "purpose")
    ]


def _audit(actor: Actor, action: str, document: Document, summary: str, before=None) -> None:
    after = snapshot(document, AUDIT_FIELDS)
    if before is None or "recipients" in before:  # drafts: the recipients are part of what changed
        after["recipients"] = _recipient_lines(document)
    if before is not None:
        changed = [k for k in after if before.get(k) != after.get(k)]
        before, after = {k: before.get(k) for k in changed}, {k: after[k] for k in changed}
    record(actor, action=action, obj=document, before=before, after=after, summary=summary)


def _link_pending(actor: Actor, document: Document) -> None:
    """Citations of other documents now pointing to this one: each citing document gets an audit event."""
    for citing in linking.resolve_pending(document):
        record(
            actor,
            action=AuditEvent.Action.UPDATE,
            obj=citing,
            after={"cited": document.symbol, "cited_id": document.pk},
            summary=f"Trích dẫn “{document.symbol}” được nối tới văn bản vừa vào sổ",
        )


def _pdf_on_issue() -> bool:
    return bool(getattr(settings, "DOCUMENTS_PDF_ON_ISSUE", True))


# --- drafts and issuing ------------------------------------------------------------------------


@transaction.atomic
def save_draft(
    actor: Actor,
    *,
    fields: DocumentFields,
    issuer_unit: Unit,
    drafting_code: str = "",
    document: Document | None = None,
    for_members: bool | None = None,
) -> Document:
    """Create or update an outgoing draft of issuer_unit from the dataclass (number comes at issue).
    for_members: meant for the members of the unions it reaches (None: by kind)."""
    _check_writer(actor, issuer_unit.pk)
    before = None
    if document is None:
        document = Document(
            direction=Direction.OUTGOING,
            status=Status.DRAFT,
            created_by=actor.user if actor.user is not None and actor.user.pk else None,
        )
    else:
        document = Document.objects.select_for_update().get(pk=document.pk)
        _check_writer(actor, document.owner_unit_id)
        if document.status != Status.DRAFT or document.archived_at:
            raise ServiceError("Chỉ sửa được văn bản đang là dự thảo.")
        before = {**snapshot(document, AUDIT_FIELDS), "recipients": _recipient_lines(document)}
    _set_fields(document, fields)
    if not document.subject:
        raise ServiceError("Chưa có trích yếu văn bản.", field="subject")
    document.issuer_unit = issuer_unit
    document.owner_unit = issuer_unit
    document.issuer_name = (nfc(fields.issuer) or issuer_unit.header_name or issuer_unit.name.upper())[:255]
    document.issuer_parent = (nfc(fields.issuer_parent) or issuer_unit.header_parent)[:255]
    document.issuer_code = issuer_unit.issuer_code
    document.place = document.place or issuer_unit.place
    document.drafting_code = nfc(drafting_code).replace(" ", "")[:30]
    document.for_members = for_members_by_default(document.kind) if for_members is None else for_members
    document.symbol = ""
    document.search_text = _search_text(document)
    document.save()
    _save_recipients(document, fields.recipients)
    linking.save_citations(document, fields.citations or linking.citations_in_text(fields))
    if before is None:
        _audit(actor, "create", document, f"Soạn dự thảo {document.get_kind_display().lower()}")
    else:
        _audit(actor, "update", document, f"Sửa dự thảo {document.get_kind_display().lower()}", before)
    return document


def next_number(*, issuer_unit: Unit, year: int, kind_group: str = "") -> int:
    """Take the next number of the issuer's counter for `year`. Call inside a transaction: the
    counter row stays locked (PostgreSQL) until it ends, and a rollback gives the number back."""
    counter, _created = NumberCounter.objects.get_or_create(
        issuer_unit=issuer_unit, year=year, kind_group=kind_group
    )
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def issue_document(actor: Actor, *, document: Document, make_pdf: bool | None = None) -> Document:
    """Number the draft, build its symbol, mark it issued and store its official .docx.

    The PDF (when LibreOffice is present and make_pdf, default settings.DOCUMENTS_PDF_ON_ISSUE) is
    made after the commit, so a slow or failed conversion never holds the counter nor undoes the
    number; it can be made later with ensure_pdf().
    """
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_writer(actor, document.owner_unit_id, Action.APPROVE)
    if document.status != Status.DRAFT or document.archived_at:
        raise ServiceError("Văn bản này đã được ban hành hoặc không còn là dự thảo.")
    if document.direction != Direction.OUTGOING or document.issuer_unit_id is None:
        raise ServiceError("Chỉ ban hành được văn bản đi của đơn vị.")
    issuer = document.issuer_unit
    assert issuer is not None
    if not issuer.issuer_code:
        raise ServiceError(
            f"Đơn vị “{issuer.name}” chưa có chữ viết tắt dùng trong ký hiệu văn bản; "
            "hãy bổ sung trong thông tin đơn vị trước khi ban hành."
        )
    if document.kind == DocumentKind.CONG_VAN and not document.drafting_code:
        raise ServiceError(
            "Công văn cần chữ viết tắt của đơn vị soạn thảo (ví dụ TGNC) để ghi ký hiệu.",
            field="drafting_code",
        )
    if not document.subject:
        raise ServiceError("Chưa có trích yếu văn bản.", field="subject")
    before = snapshot(document, AUDIT_FIELDS)
    document.date = document.date or today()
    number = next_number(issuer_unit=issuer, year=document.date.year, kind_group=document.kind_group)
    document.number = number
    document.number_suffix = ""
    document.number_year = document.date.year
    document.symbol = build_symbol(
        kind=document.kind,
        number=number,
        issuer_code=issuer.issuer_code,
        drafting_code=document.drafting_code,
    )
    document.status = Status.ISSUED
    document.issued_at = timezone.now()
    document.search_text = _search_text(document)
    document.save()
    records_changed(Document, [document.issuer_unit_id])
    _link_pending(actor, document)
    _deliver(actor, document, delivery_units(document))
    hooks.notify_issued(actor, document)

    from .writing import render_docx

    docx = render_docx(document.to_fields())
    document.files.filter(role__in=[FileRole.GENERATED_DOCX, FileRole.GENERATED_PDF]).delete()
    _store_file(
        document,
        role=FileRole.GENERATED_DOCX,
        content=docx,
        filename=_file_name(document, ".docx"),
        actor=actor,
    )
    _audit(
        actor,
        "issue",
        document,
        f"Ban hành {document.get_kind_display().lower()} số {document.symbol}",
        before,
    )

    if make_pdf if make_pdf is not None else _pdf_on_issue():
        pk = document.pk
        transaction.on_commit(lambda: _start_pdf(actor, pk, document.symbol))
    return document


PDF_JOB = "documents.pdf"


def _start_pdf(actor: Actor, pk: int, symbol: str) -> None:
    """The PDF copy is made by the worker (jobs): the issuing page does not wait for LibreOffice.
    Without a user to own the job (the SYSTEM actor, the demo seed) it is made here and now."""
    if actor.user is None or not actor.user.pk:
        _pdf_after_commit(actor, pk)
        return
    from jobs.services import start_job

    try:
        start_job(actor, kind=PDF_JOB, title=f"Tạo bản PDF văn bản số {symbol}", params={"document_id": pk})
    except Exception:  # the document is issued; the PDF can be made again from its page
        logger.exception("PDF job for document %s could not start", pk)


def run_pdf_job(job, progress) -> None:
    """The worker's runner for PDF_JOB (registered in apps.py)."""
    actor = Actor(user=job.user, unit_id=job.unit_id, role=job.role)
    progress(0, 1)
    ensure_pdf(actor, document=Document.objects.get(pk=job.params["document_id"]))
    progress(1, 1)


def _pdf_after_commit(actor: Actor, pk: int) -> None:
    try:
        ensure_pdf(actor, document=Document.objects.get(pk=pk))
    except Exception:  # the document is issued; the PDF can be made again from its page
        logger.exception("PDF generation failed for document %s", pk)


@transaction.atomic
def ensure_pdf(actor: Actor, *, document: Document) -> DocumentFile | None:
    """The stored PDF of an issued document, converting its .docx when there is none yet.
    None when LibreOffice is absent or the document has no generated .docx."""
    _check_writer(actor, document.owner_unit_id)
    existing = document.files.filter(role=FileRole.GENERATED_PDF).first()
    if existing is not None:
        return existing
    from .pdf import convert_to_pdf, soffice_available

    docx_file = document.files.filter(role=FileRole.GENERATED_DOCX).first()
    if docx_file is None or not soffice_available():
        return None
    with docx_file.file.open("rb") as fh:
        docx = fh.read()
    pdf = convert_to_pdf(docx)
    if pdf is None:
        return None
    with transaction.atomic():
        stored = _store_file(
            document,
            role=FileRole.GENERATED_PDF,
            content=pdf,
            filename=_file_name(document, ".pdf"),
            actor=actor,
        )
        record(
            actor,
            action=AuditEvent.Action.UPDATE,
            obj=document,
            after={"file": stored.filename, "role": FileRole.GENERATED_PDF},
            summary=f"Lưu bản PDF của văn bản {document.symbol}",
        )
    return stored


# --- delivery and the incoming books -----------------------------------------------------------

INCOMING_COUNTER = "incoming"  # NumberCounter.kind_group of the incoming books' số đến


def delivery_units(document: Document) -> list[int]:
    """The units an issued document reaches: each recipient's unit, its direct children or its whole
    subtree (Reach), as the tree stands on the document's date; never the issuer itself."""
    on = document.date or today()
    ids: set[int] = set()
    subtree_of: dict[str, set[int]] = {Reach.CHILDREN: set(), Reach.SUBTREE: set()}
    for unit_id, reach in document.recipients.exclude(unit=None).values_list("unit_id", "reach"):
        if reach in subtree_of:
            subtree_of[reach].add(unit_id)
        else:
            ids.add(unit_id)
    closure = UnitClosure.objects.valid_on(on)
    if subtree_of[Reach.CHILDREN]:
        rows = closure.filter(ancestor_id__in=subtree_of[Reach.CHILDREN], depth=1)
        ids |= set(rows.values_list("descendant_id", flat=True))
    if subtree_of[Reach.SUBTREE]:
        rows = closure.filter(ancestor_id__in=subtree_of[Reach.SUBTREE], depth__gt=0)
        ids |= set(rows.values_list("descendant_id", flat=True))
    ids.discard(document.issuer_unit_id or document.owner_unit_id)
    return sorted(ids)


def _take_incoming_numbers(unit_ids: list[int], year: int) -> dict[int, int]:
    """The next số đến of each unit's incoming book for `year`, counters locked as in next_number."""
    existing = set(
        NumberCounter.objects.filter(
            issuer_unit_id__in=unit_ids, year=year, kind_group=INCOMING_COUNTER
        ).values_list("issuer_unit_id", flat=True)
    )
    NumberCounter.objects.bulk_create(
        [
            NumberCounter(issuer_unit_id=u, year=year, kind_group=INCOMING_COUNTER)
            for u in unit_ids
            if u not in existing
        ],
        ignore_conflicts=True,
    )
    counters = list(
        NumberCounter.objects.select_for_update().filter(
            issuer_unit_id__in=unit_ids, year=year, kind_group=INCOMING_COUNTER
        )
    )
    for c in counters:
        c.last_number += 1
    NumberCounter.objects.bulk_update(counters, ["last_number"], batch_size=500)
    return {c.issuer_unit_id: c.last_number for c in counters}


def _deliver(actor: Actor, document: Document, unit_ids: list[int]) -> list[IncomingEntry]:
    """Enter `document` in the incoming book of each unit that has no entry for it yet."""
    already = set(
        IncomingEntry.objects.filter(document=document, unit_id__in=unit_ids).values_list(
            "unit_id", flat=True
        )
    )
    wanted = [u for u in unit_ids if u not in already]
    if not wanted:
        return []
    received_on = today()
    numbers = _take_incoming_numbers(wanted, received_on.year)
    rows = [
        IncomingEntry(
            document=document, unit_id=u, year=received_on.year, number=numbers[u], received_on=received_on
        )
        for u in wanted
    ]
    created = IncomingEntry.objects.bulk_create(rows, batch_size=500)
    if any(e.pk is None for e in created):
        created = list(IncomingEntry.objects.filter(document=document, unit_id__in=wanted))
    label = document.symbol or str(document)
    record_many(
        actor,
        [
            {
                "action": AuditEvent.Action.CREATE,
                "obj": e,
                "after": {"document_id": document.pk, "number": e.number, "year": e.year},
                "summary": f"Vào sổ văn bản đến số {e.number}: {document.get_kind_display().lower()} {label}",
            }
            for e in created
        ],
    )
    return created


@transaction.atomic
def deliver_document(actor: Actor, *, document: Document, units: list[Unit]) -> list[IncomingEntry]:
    """Deliver an issued document to more units (the units its tasks are assigned to): each gets an
    entry in its incoming book unless it has one."""
    _check_writer(actor, document.owner_unit_id, Action.APPROVE)
    if document.status != Status.ISSUED or document.archived_at:
        raise ServiceError("Chỉ gửi được văn bản đã ban hành.", field="document")
    ids = sorted({u.pk for u in units} - {document.issuer_unit_id or document.owner_unit_id})
    return _deliver(actor, document, ids)


ENTRY_FIELDS = ("status", "handler_id", "note")


@transaction.atomic
def update_incoming_entry(
    actor: Actor, *, entry: IncomingEntry, status: str, handler=None, note: str = ""
) -> IncomingEntry:
    """The receiving unit's officers record who handles a received document and how far it is."""
    entry = IncomingEntry.objects.select_for_update().select_related("document").get(pk=entry.pk)
    _check_writer(actor, entry.unit_id)
    if status not in EntryStatus.values:
        raise ServiceError("Tình trạng xử lý không hợp lệ.", field="status")
    if handler is not None and not _acts_for(handler, entry.unit_id):
        raise ServiceError("Người xử lý phải là cán bộ được phân công ở đơn vị nhận.", field="handler")
    before = snapshot(entry, ENTRY_FIELDS)
    entry.status = status
    entry.handler = handler
    entry.note = nfc(note)[:500]
    entry.save(update_fields=["status", "handler", "note"])
    after = snapshot(entry, ENTRY_FIELDS)
    changed = [k for k in after if before.get(k) != after.get(k)]
    if changed:
        record(
            actor,
            action=AuditEvent.Action.UPDATE,
            obj=entry,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
            summary=f"Xử lý văn bản đến số {entry.number}/{entry.year}: {entry.get_status_display().lower()}",
        )
    return entry


def handlers_of(unit_id: int):
    """Users who act for the unit today (the choices of "người xử lý")."""
    from django.contrib.auth import get_user_model

    from accounts.models import Assignment

    ids = Assignment.objects.valid_on().filter(unit_id=unit_id).values("user_id")
    return get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")


def _acts_for(user, unit_id: int) -> bool:
    return handlers_of(unit_id).filter(pk=user.pk).exists()


# --- incoming documents ------------------------------------------------------------------------


def _check_upload(content: bytes, filename: str, extensions: tuple[str, ...]) -> None:
    name = filename.lower()
    if not name.endswith(extensions):
        raise ServiceError(f"Chỉ nhận tệp {', '.join(extensions)}.", field="file")
    if len(content) > MAX_FILE_BYTES:
        raise ServiceError("Tệp lớn hơn 20 MB.", field="file")


@transaction.atomic
def register_incoming(
    actor: Actor,
    *,
    fields: DocumentFields,
    owner_unit: Unit,
    original_file: bytes | None,
    filename: str = "",
    issuer_unit: Unit | None = None,
) -> Document:
    """Enter a received document (read from a file and confirmed by the user) in owner_unit's registry.

    Its citations are resolved to registered documents, and citations registered earlier that name
    it now point to it. The original file is kept (role "original").
    """
    _check_writer(actor, owner_unit.pk, Action.APPROVE)
    if original_file is not None:
        _check_upload(original_file, filename, UPLOAD_EXTENSIONS)
    document = Document(
        direction=Direction.INCOMING,
        status=Status.REGISTERED,
        owner_unit=owner_unit,
        created_by=actor.user if actor.user is not None and actor.user.pk else None,
        issued_at=timezone.now(),
    )
    _set_fields(document, fields)
    document.for_members = for_members_by_default(document.kind)
    if not document.subject:
        raise ServiceError("Chưa có trích yếu văn bản.", field="subject")
    symbol = normalize_symbol(fields.symbol)
    number, suffix = _split_number(fields.number or _number_from_symbol(symbol))
    document.symbol = symbol[:80]
    document.number = number
    document.number_suffix = suffix
    document.issuer_name = nfc(fields.issuer)[:255]
    document.issuer_parent = nfc(fields.issuer_parent)[:255]
    code = _issuer_code(symbol, document.kind)
    document.issuer_unit = issuer_unit or match_unit(fields.issuer) or _unit_for_issuer_code(code, owner_unit)
    document.issuer_code = document.issuer_unit.issuer_code if document.issuer_unit else code
    if symbol:
        dup = Document.objects.active().filter(owner_unit=owner_unit, symbol=symbol, date=document.date)
        delivered = (
            IncomingEntry.objects.filter(
                unit=owner_unit, document__symbol=symbol, document__date=document.date
            )
            .exclude(document__owner_unit=owner_unit)
            .select_related("document")
            .first()
        )
        if delivered is not None:
            raise ServiceError(
                f"Văn bản số {symbol} đã được gửi đến đơn vị qua hệ thống và có trong sổ văn bản đến "
                f"(số đến {delivered.number}/{delivered.year})."
            )
        if dup.exists():
            raise ServiceError(
                f"Văn bản số {symbol} ngày {document.date:%d/%m/%Y} đã có trong sổ của đơn vị."
                if document.date
                else f"Văn bản số {symbol} đã có trong sổ của đơn vị."
            )
    # The unit's own earlier document entered from a file belongs to its outgoing book, not the incoming one.
    own = document.issuer_unit_id == owner_unit.pk
    if own:
        document.direction = Direction.OUTGOING
    document.search_text = _search_text(document)
    document.save()
    _save_recipients(document, fields.recipients)
    linking.save_citations(document, fields.citations)
    _link_pending(actor, document)
    if original_file is not None:
        _store_file(
            document, role=FileRole.ORIGINAL, content=original_file, filename=nfc(filename), actor=actor
        )
    if not own:
        _deliver(actor, document, [owner_unit.pk])
    label = f"số {symbol}" if symbol else "(chưa rõ số)"
    book = "đi (văn bản của đơn vị)" if own else "đến"
    _audit(actor, "create", document, f"Vào sổ văn bản {book}: {document.get_kind_display().lower()} {label}")
    return document


def _unit_for_issuer_code(code: str, owner_unit: Unit) -> Unit | None:
    """The unit an issuer abbreviation ("LĐLĐ", "CĐCT") in a symbol stands for, when it is known: the
    nearest unit above the receiving one with that code, else the only active unit that has it."""
    if not code:
        return None
    from org.models import UnitClosure

    above = (
        UnitClosure.objects.valid_on(today())
        .filter(descendant=owner_unit, depth__gt=0, ancestor__issuer_code=code)
        .order_by("depth")
        .values_list("ancestor_id", flat=True)
        .first()
    )
    if above is not None:
        return Unit.objects.get(pk=above)
    on = today()
    candidates = list(Unit.objects.filter(issuer_code=code, valid_from__lte=on, valid_to__gt=on)[:2])
    return candidates[0] if len(candidates) == 1 else None


def _issuer_code(symbol: str, kind: str) -> str:
    """'80/KH-TLĐ' -> 'TLĐ'; '6713/TLĐ-TG' -> 'TLĐ'; '01-KL/TW' -> 'TW'."""
    if not symbol:
        return ""
    m = re.match(r"^\d+[a-z]?-[^/]+/(?P<issuer>.+)$", symbol)
    if m:
        return m["issuer"][:30]
    groups = symbol.split("/")[-1].split("-")
    code = TYPE_CODES.get(kind, "")
    if code and groups and groups[0] == code and len(groups) > 1:
        return groups[1][:30]
    return groups[0][:30] if groups else ""


@transaction.atomic
def attach_scan(actor: Actor, *, document: Document, content: bytes, filename: str) -> DocumentFile:
    """Keep the signed and sealed paper copy (scan) of a document."""
    _check_writer(actor, document.owner_unit_id)
    _check_upload(content, filename, SCAN_EXTENSIONS)
    if document.status == Status.DRAFT:
        raise ServiceError("Chỉ đính kèm bản scan sau khi văn bản đã được ban hành.")
    stored = _store_file(document, role=FileRole.SCAN, content=content, filename=nfc(filename), actor=actor)
    record(
        actor,
        action="update",
        obj=document,
        after={"file": stored.filename, "role": FileRole.SCAN},
        summary=f"Đính kèm bản scan văn bản {document.symbol}",
    )
    return stored


# --- withdraw, archive -------------------------------------------------------------------------


@transaction.atomic
def withdraw_document(actor: Actor, *, document: Document, reason: str = "") -> Document:
    """Mark an issued or registered document as withdrawn (thu hồi); it keeps its number."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_writer(actor, document.owner_unit_id, Action.APPROVE)
    if document.status not in (Status.ISSUED, Status.REGISTERED):
        raise ServiceError("Chỉ thu hồi được văn bản đã ban hành hoặc đã vào sổ.")
    before = snapshot(document, AUDIT_FIELDS)
    document.status = Status.WITHDRAWN
    document.save(update_fields=["status", "updated_at"])
    records_changed(Document, [document.issuer_unit_id])
    summary = f"Thu hồi văn bản {document.symbol}" + (f": {nfc(reason)}" if nfc(reason) else "")
    _audit(actor, "update", document, summary, before)
    return document


@transaction.atomic
def archive_document(actor: Actor, *, document: Document) -> Document:
    """Soft delete: the document leaves the registry lists; its number is never given again."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_writer(actor, document.owner_unit_id)
    if document.archived_at:
        return document
    before = snapshot(document, AUDIT_FIELDS)
    document.archived_at = timezone.now()
    document.save(update_fields=["archived_at", "updated_at"])
    records_changed(Document, [document.issuer_unit_id])
    _audit(actor, "archive", document, f"Lưu trữ (xóa khỏi sổ) {document}", before)
    return document


@transaction.atomic
def restore_document(actor: Actor, *, document: Document) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    _check_writer(actor, document.owner_unit_id)
    if not document.archived_at:
        return document
    before = snapshot(document, AUDIT_FIELDS)
    document.archived_at = None
    document.save(update_fields=["archived_at", "updated_at"])
    records_changed(Document, [document.issuer_unit_id])
    _audit(actor, "restore", document, f"Khôi phục {document}", before)
    return document
