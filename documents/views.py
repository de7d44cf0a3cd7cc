"""Pages of the document registry (sổ văn bản). Thin: parse input, call a selector or a service, render.

Files are served by document_file / document_download only, after the visibility check, never by a
public media URL.
"""

import json
import mimetypes
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from lamtheo.lib import uploads
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error
from lamtheo.lib.lists import paginate
from org.models import Unit

from . import hooks, selectors, services
from .fields import DocumentFields
from .filters import DocumentFilterSet
from .forms import ComposeForm, EntryForm, RegisterForm, ScanForm, UploadForm, WithdrawForm
from .kinds import DIRECTIVE_KINDS, TITLES
from .models import Document, EntryStatus, FileRole, IncomingEntry, Status
from .pdf import soffice_available
from .reading import DocumentReadError, read_file
from .symbols import format_date_line
from .writing import DRAFT_MARK

PAGE_SIZE = 25
UPLOAD_SESSION_KEY = "documents_uploads"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _require_writer(request) -> None:
    if request.actor is None or not request.actor.can_write:
        raise PermissionDenied("Chỉ cán bộ công đoàn được soạn, ban hành hay vào sổ văn bản.")


def _document(request, pk: int) -> Document:
    return get_object_or_404(selectors.visible_documents(request.actor), pk=pk)


def _editable(request, pk: int) -> Document:
    document = _document(request, pk)
    if not selectors.can_edit(request.actor, document):
        raise PermissionDenied("Văn bản này thuộc sổ của đơn vị khác.")
    return document


def _acting_unit(request) -> Unit:
    unit = Unit.objects.visible_to(request.actor).filter(pk=request.actor.unit_id).first()
    if unit is None:
        raise PermissionDenied("Bạn chưa được phân công cho đơn vị nào.")
    return unit


# --- list and detail ---------------------------------------------------------------------------


def _books(request, current: str) -> list[tuple[str, str, str, bool]]:
    """The tabs of the acting unit's books: (key, label, url, active)."""
    books = [(k, label) for k, label in selectors.BOOKS]
    if not selectors.has_children(request.actor.unit_id):
        books = [b for b in books if b[0] != selectors.BOOK_BELOW]
    list_url = reverse("documents:document_list")
    tabs = [
        (
            key,
            label,
            reverse("documents:incoming_book")
            if key == selectors.BOOK_INCOMING
            else f"{list_url}?book={key}",
        )
        for key, label in books
    ]
    return [(key, label, url, key == current) for key, label, url in tabs]


@login_required
def document_list(request):
    filterset = DocumentFilterSet(request.GET)
    arguments = filterset.search_arguments()
    documents = selectors.search_documents(request.actor, **arguments)
    page = paginate(request, documents, PAGE_SIZE)
    return render(
        request,
        "documents/document_list.html",
        {
            "form": filterset.form,
            "page": page,
            "can_write": request.actor.can_write,
            "books": _books(request, arguments["book"]),
        },
    )


@login_required
def incoming_book(request):
    """The acting unit's incoming book (sổ văn bản đến): số đến, ngày đến, handler, status."""
    status = request.GET.get("status", "")
    if status not in EntryStatus.values:
        status = ""
    page = paginate(request, selectors.incoming_book(request.actor, status=status), PAGE_SIZE)
    return render(
        request,
        "documents/incoming_book.html",
        {
            "page": page,
            "status": status,
            "statuses": EntryStatus.choices,
            "can_write": request.actor.can_write,
            "books": _books(request, selectors.BOOK_INCOMING),
        },
    )


@login_required
@require_POST
def entry_update(request, pk: int):
    """Record who handles a received document and how far it is (the receiving unit's officers)."""
    entry = get_object_or_404(
        IncomingEntry.objects.visible_to(request.actor).select_related("document"), pk=pk
    )
    _require_writer(request)
    form = EntryForm(request.POST, unit_id=entry.unit_id)
    if form.is_valid():
        try:
            services.update_incoming_entry(
                request.actor,
                entry=entry,
                status=form.cleaned_data["status"],
                handler=form.cleaned_data["handler"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã cập nhật xử lý văn bản đến số {entry.number}/{entry.year}.")
    else:
        messages.error(request, "Thông tin xử lý không hợp lệ.")
    return redirect(entry.document)


def _assign_url(document: Document) -> str | None:
    if document.status != Status.ISSUED or document.kind not in DIRECTIVE_KINDS:
        return None
    try:
        return reverse("directives:assign", args=[document.pk])
    except NoReverseMatch:
        return None


@login_required
def document_detail(request, pk: int):
    document = _document(request, pk)
    editable = selectors.can_edit(request.actor, document)
    entry = selectors.entry_for(request.actor, document)
    entry_form = None
    if entry is not None and request.actor.can_write:
        entry_form = EntryForm(
            unit_id=entry.unit_id,
            initial={"status": entry.status, "handler": entry.handler_id, "note": entry.note},
        )
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "recipients": list(document.recipients.select_related("unit")),
            "files": selectors.document_files(document),
            "cites": selectors.cites(document, request.actor),
            "cited_by": selectors.cited_by(document, request.actor),
            "chain": selectors.chain_up(document, request.actor),
            "can_edit": editable,
            "assign_url": _assign_url(document) if editable else None,
            "scan_form": ScanForm(),
            "withdraw_form": WithdrawForm(),
            "FileRole": FileRole,
            "entry": entry,
            "entry_form": entry_form,
            "relay_url": _relay_url(request, document, entry),
            "app_actions": hooks.document_actions(request.actor, document),
        },
    )


def _relay_url(request, document: Document, entry) -> str | None:
    """'Soạn văn bản triển khai' for a received directing document, when the unit has units below it."""
    if entry is None or not request.actor.can_write or document.kind not in DIRECTIVE_KINDS:
        return None
    if not selectors.has_children(request.actor.unit_id):
        return None
    try:
        return reverse("directives:relay_compose_document", args=[document.pk])
    except NoReverseMatch:
        return None


# --- compose, preview, issue -------------------------------------------------------------------


def _compose_initial(unit: Unit) -> dict:
    from lamtheo.lib.dates import today

    return {"place": unit.place, "date": today(), "signer_authority": "TM. BAN THƯỜNG VỤ"}


@login_required
def document_compose(request):
    _require_writer(request)
    unit = _acting_unit(request)
    form = ComposeForm(request.POST or None, initial=_compose_initial(unit))
    if request.method == "POST" and form.is_valid():
        try:
            document = services.save_draft(
                request.actor,
                fields=form.fields_for(unit),
                issuer_unit=unit,
                drafting_code=form.cleaned_data.get("drafting_code", ""),
                for_members=form.for_members(),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo. Kiểm tra bản xem trước rồi ban hành.")
            return redirect("documents:document_preview", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "unit": unit, "document": None})


@login_required
def document_edit(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    if document.status != Status.DRAFT:
        messages.error(request, "Chỉ sửa được văn bản đang là dự thảo.")
        return redirect(document)
    unit = document.issuer_unit or document.owner_unit
    initial = ComposeForm.initial_for(document)
    initial["drafting_code"] = document.drafting_code
    form = ComposeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_draft(
                request.actor,
                fields=form.fields_for(unit),
                issuer_unit=unit,
                drafting_code=form.cleaned_data.get("drafting_code", ""),
                document=document,
                for_members=form.for_members(),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo.")
            return redirect("documents:document_preview", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "unit": unit, "document": document})


@login_required
def document_preview(request, pk: int):
    document = _document(request, pk)
    fields = selectors.draft_fields(document)
    closing = fields.closing.splitlines()
    if closing:
        from .writing import with_end_mark

        closing[-1] = with_end_mark(closing[-1])
    return render(
        request,
        "documents/document_preview.html",
        {
            "document": document,
            "fields": fields,
            "title": TITLES.get(fields.kind, ""),
            "date_line": format_date_line(fields.place, fields.date) if fields.date else "",
            "closing_lines": closing,
            "can_edit": selectors.can_edit(request.actor, document),
            "draft_mark": DRAFT_MARK if document.status == Status.DRAFT else "",
        },
    )


@login_required
def document_issue(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    if document.status != Status.DRAFT:
        messages.info(request, "Văn bản này đã được ban hành.")
        return redirect(document)
    error = None
    if request.method == "POST":
        try:
            document = services.issue_document(request.actor, document=document)
        except ServiceError as exc:
            error = exc.message
        else:
            messages.success(request, f"Đã ban hành văn bản số {document.symbol}.")
            return redirect(document)
    return render(
        request,
        "documents/document_issue.html",
        {
            "document": document,
            "error": error,
            "pdf_available": soffice_available(),
            "delivery_count": len(services.delivery_units(document)),
        },
    )


# --- files -------------------------------------------------------------------------------------


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = FileResponse(iter([content]), as_attachment=True, filename=filename, content_type=content_type)
    response["Content-Length"] = str(len(content))
    return response


@login_required
def document_file(request, pk: int, file_pk: int):
    document = _document(request, pk)
    stored = get_object_or_404(document.files.all(), pk=file_pk)
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Tệp không còn trên máy chủ.") from exc
    content_type = mimetypes.guess_type(stored.filename)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=stored.filename, content_type=content_type)


@login_required
def document_download(request, pk: int, fmt: str):
    """The official .docx or .pdf: stored for issued documents, made on the fly for a draft."""
    document = _document(request, pk)
    if fmt == "docx":
        stored = document.files.filter(role=FileRole.GENERATED_DOCX).first()
        if stored is not None and document.status != Status.DRAFT:
            return document_file(request, pk, stored.pk)
        if document.direction != "outgoing":
            raise Http404("Văn bản đến không có bản Word do hệ thống tạo.")
        from .writing import download_name, render_docx

        draft = document.status == Status.DRAFT
        content = render_docx(selectors.draft_fields(document), draft=draft)
        name = download_name(
            kind=document.kind,
            symbol=document.symbol,
            year=document.date.year if document.date else None,
            extension=".docx",
            draft=draft,
            subject=document.subject,
        )
        return _attachment(content, name, DOCX_TYPE)
    if fmt == "pdf":
        if document.status == Status.DRAFT:
            raise Http404("Bản PDF chỉ có sau khi ban hành.")
        stored = document.files.filter(role=FileRole.GENERATED_PDF).first()
        if stored is None and selectors.can_edit(request.actor, document):
            try:
                stored = services.ensure_pdf(request.actor, document=document)
            except (RuntimeError, ServiceError) as exc:
                messages.error(request, str(exc))
                return redirect(document)
        if stored is None:
            messages.error(request, "Chưa tạo được bản PDF (máy chủ không có LibreOffice).")
            return redirect(document)
        return document_file(request, pk, stored.pk)
    raise Http404


@login_required
@require_POST
def document_attach_scan(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    form = ScanForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attach_scan(
                request.actor, document=document, content=upload.read(), filename=upload.name
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Đã đính kèm bản scan.")
    else:
        messages.error(request, "Chưa chọn tệp scan.")
    return redirect(document)


@login_required
@require_POST
def document_withdraw(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.withdraw_document(request.actor, document=document, reason=reason)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Đã thu hồi văn bản.")
    return redirect(document)


@login_required
@require_POST
def document_archive(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    services.archive_document(request.actor, document=document)
    messages.success(request, "Đã xóa văn bản khỏi sổ (vẫn lưu trong nhật ký và có thể khôi phục).")
    return redirect("documents:document_list")


@login_required
@require_POST
def document_restore(request, pk: int):
    _require_writer(request)
    document = _editable(request, pk)
    services.restore_document(request.actor, document=document)
    messages.success(request, "Đã khôi phục văn bản vào sổ.")
    return redirect(document)


# --- upload and register (incoming) ------------------------------------------------------------


STAGING_AREA = "documents"


def _upload_token(request, token: str) -> tuple[str, str]:
    """(filename, suffix) of an upload made in this session (404 otherwise)."""
    session_uploads = request.session.get(UPLOAD_SESSION_KEY, {})
    if not uploads.is_token(token) or token not in session_uploads:
        raise Http404("Không tìm thấy tệp đã tải lên (phiên làm việc đã hết hạn?).")
    filename = session_uploads[token]
    return filename, Path(filename).suffix.lower()


@login_required
def document_upload(request):
    _require_writer(request)
    _acting_unit(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            read = read_file(content, upload.name)
        except DocumentReadError as exc:
            form.add_error("file", f"Không đọc được tệp “{upload.name}”: {exc}.")
        else:
            # The read result is staged beside the file: the file is read once, not on every request.
            token = uploads.store(STAGING_AREA, content, suffix=Path(upload.name).suffix.lower())
            staged = uploads.path(STAGING_AREA, token, suffix=".json")
            staged.write_text(json.dumps(read.to_json(), ensure_ascii=False), encoding="utf-8")
            session_uploads = request.session.get(UPLOAD_SESSION_KEY, {})
            session_uploads[token] = upload.name
            request.session[UPLOAD_SESSION_KEY] = dict(list(session_uploads.items())[-10:])
            return redirect("documents:document_register", token=token)
    return render(request, "documents/document_upload.html", {"form": form})


@login_required
def document_register(request, token: str):
    _require_writer(request)
    unit = _acting_unit(request)
    filename, suffix = _upload_token(request, token)
    try:
        content = uploads.load(STAGING_AREA, token, suffix=suffix)
        read = DocumentFields.from_json(uploads.load_json(STAGING_AREA, token))
    except (uploads.UploadGone, ValueError, KeyError, TypeError):
        raise Http404("Không tìm thấy tệp đã tải lên (đã hết hạn hoặc đã vào sổ).") from None
    form = RegisterForm(request.POST or None, initial=RegisterForm.initial_from(read))
    if request.method == "POST" and form.is_valid():
        fields = form.to_fields()
        fields.tasks = read.tasks
        fields.warnings = read.warnings
        try:
            document = services.register_incoming(
                request.actor, fields=fields, owner_unit=unit, original_file=content, filename=filename
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            uploads.discard(STAGING_AREA, token, suffix=suffix)
            uploads.discard(STAGING_AREA, token, suffix=".json")
            session_uploads = request.session.get(UPLOAD_SESSION_KEY, {})
            session_uploads.pop(token, None)
            request.session[UPLOAD_SESSION_KEY] = session_uploads
            messages.success(request, "Đã vào sổ văn bản đến.")
            return redirect(document)
    return render(
        request,
        "documents/document_register.html",
        {"form": form, "filename": filename, "warnings": read.warnings, "unit": unit},
    )
