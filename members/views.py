"""Members pages: list (search, filters, htmx table, export), detail (edit, archive, restore, transfer),
and the import wizard (upload → preview with every bad row → save all or nothing)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from jobs.selectors import jobs_of
from lamtheo.lib import spreadsheet
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.xlsx_export import Column, template_response
from org import importing as unit_importing
from org.models import Unit

from . import exporting, selectors, services
from . import importing as member_importing
from .forms import (
    ArchiveForm,
    ImportUploadForm,
    MemberCreateForm,
    MemberEditForm,
    MemberFilterForm,
    RestoreForm,
    TransferForm,
    apply_service_error,
)
from .models import Member

PAGE_SIZE = 50
HIDDEN = "Ẩn"


def _require_writer(request) -> None:
    if not request.actor.can_write:
        raise PermissionDenied("Bạn không có quyền thay đổi dữ liệu đoàn viên.")


# --- List, export -------------------------------------------------------------------------------


def _list_context(request, create_form: MemberCreateForm | None = None) -> dict:
    actor = request.actor
    filter_form = MemberFilterForm(request.GET, units=selectors.unit_choices(actor))
    filters = filter_form.filters()
    page = selectors.member_page(actor, filters, request.GET.get("page"), PAGE_SIZE)
    paginator = page.paginator
    if actor.can_write and create_form is None:
        create_form = MemberCreateForm(units=selectors.grassroots_choices(actor), auto_id="new_%s")
    return {
        "filter_form": filter_form,
        "filters": filters,
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "members": page.object_list,
        "show_personal": selectors.shows_personal_data_in_lists(actor),
        "archived": filters.status == selectors.STATUS_ARCHIVED,
        "create_form": create_form,
        "hidden": HIDDEN,
    }


@login_required
def member_list(request) -> HttpResponse:
    if not request.actor.sees_member_lists:
        # A plain member's home is their own page, not the union's member list.
        if request.actor.member_id is not None:
            return redirect("members:member_detail", request.actor.member_id)
        raise PermissionDenied("Bạn không có quyền xem danh sách đoàn viên.")
    if request.method == "POST":
        return _member_create(request)
    context = _list_context(request)
    htmx = request.htmx  # django_htmx.middleware.HtmxDetails: falsy unless HX-Request is sent
    partial = bool(htmx) and not htmx.history_restore_request and htmx.target == "member-table"
    template = "members/member_list.html#member_table" if partial else "members/member_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _member_create(request) -> HttpResponse:
    _require_writer(request)
    actor = request.actor
    form = MemberCreateForm(request.POST, units=selectors.grassroots_choices(actor), auto_id="new_%s")
    if form.is_valid():
        try:
            member = services.create_member(
                actor,
                unit=form.cleaned_data["unit"],
                full_name=form.cleaned_data["full_name"],
                data=form.profile_data(),
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã thêm đoàn viên {member.full_name}.")
            return redirect(member)
    context = _list_context(request, create_form=form)
    context["show_create"] = True
    return render(request, "members/member_list.html", context, status=422)


@login_required
def member_export(request) -> HttpResponse:
    """GET: what will be exported and the user's earlier exports; POST: start the export in the background."""
    actor = request.actor
    if not actor.can_export:
        raise PermissionDenied("Bạn không có quyền xuất danh sách đoàn viên.")
    source = request.POST if request.method == "POST" else request.GET
    # Only the chosen unit is offered (and checked against the scope): no list of 5,000 units here.
    chosen = (
        Unit.objects.visible_to(actor).filter(pk=source.get("unit"))
        if source.get("unit", "").isdigit()
        else []
    )
    filters = MemberFilterForm(source, units=list(chosen)).filters()
    if request.method == "POST":
        job = exporting.start_export(actor, filters)
        return redirect(job)
    return render(
        request,
        "members/member_export.html",
        {
            "filters": filters,
            "filters_text": exporting.filters_text(filters),
            "query": request.GET.urlencode(),
            "jobs": jobs_of(request.user, kind=exporting.KIND)[:10],
        },
    )


# --- Detail and its actions -----------------------------------------------------------------------


def _get_member(request, pk: int) -> Member:
    member = selectors.get_member(request.actor, pk)
    if member is None:
        raise Http404("Không tìm thấy đoàn viên.")
    return member


def _detail(request, member: Member, status: int = 200, **forms) -> HttpResponse:
    actor = request.actor
    membership = selectors.current_membership(member)
    context = {
        "member": member,
        "personal": selectors.can_see_personal(actor, member),
        "memberships": member.memberships.all(),
        "officer_roles": member.officer_roles.all(),
        "current_membership": membership,
        "hidden": HIDDEN,
        "can_write": actor.can_write,
        "open_form": forms.pop("open_form", ""),
    }
    if actor.can_write:
        units = selectors.grassroots_choices(actor)
        if member.archived_at is None:
            context["edit_form"] = forms.get("edit_form") or MemberEditForm(
                initial={name: getattr(member, name) for name in MemberEditForm.base_fields}
            )
            context["transfer_form"] = forms.get("transfer_form") or TransferForm(
                units=units, current_unit_id=member.unit_id, auto_id="transfer_%s"
            )
        else:
            context["restore_form"] = forms.get("restore_form") or RestoreForm(
                units=units, after=selectors.last_membership_end(member), auto_id="restore_%s"
            )
    return render(request, "members/member_detail.html", context, status=status)


@login_required
@require_GET
def member_detail(request, pk: int) -> HttpResponse:
    return _detail(request, _get_member(request, pk))


@login_required
@require_POST
def member_edit(request, pk: int) -> HttpResponse:
    _require_writer(request)
    member = _get_member(request, pk)
    if member.archived_at is not None:
        messages.error(request, "Đoàn viên đã thôi sinh hoạt: hãy khôi phục trước khi sửa.")
        return redirect(member)
    form = MemberEditForm(request.POST)
    if form.is_valid():
        try:
            services.update_member(request.actor, member=member, data=form.profile_data())
        except ServiceError as exc:
            apply_service_error(form, exc)
            member = _get_member(request, pk)  # drop the refused in-memory changes
        else:
            messages.success(request, "Đã lưu thông tin đoàn viên.")
            return redirect(member)
    return _detail(request, member, status=422, edit_form=form, open_form="edit")


@login_required
@require_POST
def member_transfer(request, pk: int) -> HttpResponse:
    _require_writer(request)
    member = _get_member(request, pk)
    current = selectors.current_membership(member)
    form = TransferForm(
        request.POST,
        units=selectors.grassroots_choices(request.actor),
        current_unit_id=member.unit_id,
        after=current.valid_from if current else None,
        auto_id="transfer_%s",
    )
    if member.archived_at is None and form.is_valid():
        try:
            services.transfer_members(
                request.actor,
                member_ids=[member.pk],
                target=form.cleaned_data["unit"],
                on=form.cleaned_data["on"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã chuyển {member.full_name} về {form.cleaned_data['unit'].name}.")
            return redirect(member)
    return _detail(request, member, status=422, transfer_form=form, open_form="transfer")


@login_required
def member_archive(request, pk: int) -> HttpResponse:
    """GET: the confirmation page with the date and the reason; POST: archive."""
    _require_writer(request)
    member = _get_member(request, pk)
    if member.archived_at is not None:
        messages.info(request, "Đoàn viên này đã thôi sinh hoạt.")
        return redirect(member)
    current = selectors.current_membership(member)
    after = current.valid_from if current else None
    form = ArchiveForm(request.POST or None, after=after)
    if request.method == "POST" and form.is_valid():
        try:
            services.archive_member(
                request.actor, member=member, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đoàn viên {member.full_name} đã thôi sinh hoạt.")
            return redirect(member)
    status = 422 if request.method == "POST" else 200
    return render(request, "members/member_archive.html", {"member": member, "form": form}, status=status)


@login_required
@require_POST
def member_restore(request, pk: int) -> HttpResponse:
    _require_writer(request)
    member = _get_member(request, pk)
    form = RestoreForm(
        request.POST,
        units=selectors.grassroots_choices(request.actor),
        after=selectors.last_membership_end(member),
        auto_id="restore_%s",
    )
    if member.archived_at is None:
        messages.info(request, "Đoàn viên đang sinh hoạt.")
        return redirect(member)
    if form.is_valid():
        try:
            services.restore_member(
                request.actor, member=member, unit=form.cleaned_data["unit"], on=form.cleaned_data["on"]
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã khôi phục đoàn viên {member.full_name}.")
            return redirect(member)
    return _detail(request, member, status=422, restore_form=form, open_form="restore")


# --- Import wizard -------------------------------------------------------------------------------

SESSION_KEY = "import_upload"
IMPORTERS = {
    member_importing.KIND: member_importing,
    unit_importing.KIND: unit_importing,
}
TEMPLATE_FILES = {
    member_importing.KIND: "mau-nhap-doan-vien.xlsx",
    unit_importing.KIND: "mau-nhap-don-vi.xlsx",
}
PREVIEW_ROWS = 500


def _preview(actor, kind: str, sheet: spreadsheet.Sheet):
    if kind == unit_importing.KIND:
        return unit_importing.preview_units(actor, sheet)
    return member_importing.preview_members(actor, sheet)


def _save(actor, kind: str, sheet: spreadsheet.Sheet):
    if kind == unit_importing.KIND:
        return unit_importing.save_units(actor, sheet)
    return member_importing.save_members(actor, sheet)


@login_required
def import_start(request) -> HttpResponse:
    """Step 1: choose the kind and upload the file."""
    _require_writer(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name
        try:
            spreadsheet.check_suffix(filename)
            spreadsheet.check_size(upload.size, filename)
            data = upload.read()
            spreadsheet.read_spreadsheet(data, filename)  # refuse unreadable files at once
            token = spreadsheet.store_upload(data, filename)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            previous = request.session.get(SESSION_KEY)
            if previous:
                spreadsheet.discard_upload(previous.get("token", ""), previous.get("filename", ""))
            request.session[SESSION_KEY] = {
                "token": token,
                "filename": filename,
                "kind": form.cleaned_data["kind"],
            }
            return redirect("members:import_preview")
    status = 422 if request.method == "POST" else 200
    return render(request, "members/import.html", {"form": form}, status=status)


def _pending(request) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("kind") not in IMPORTERS:
        return None
    return pending


@login_required
def import_preview(request) -> HttpResponse:
    """Step 2: every bad row and the summary, before anything is saved."""
    _require_writer(request)
    pending = _pending(request)
    if pending is None:
        messages.info(request, "Hãy chọn tệp cần nhập.")
        return redirect("members:import")
    try:
        sheet = spreadsheet.load_upload(pending["token"], pending["filename"])
    except ServiceError as exc:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, exc.message)
        return redirect("members:import")
    preview = _preview(request.actor, pending["kind"], sheet)
    return render(
        request,
        "members/import_preview.html",
        {
            "preview": preview,
            "pending": pending,
            "kind_label": dict(IMPORT_KIND_LABELS)[pending["kind"]],
            "shown_rows": preview.rows[:PREVIEW_ROWS],
            "more_rows": max(0, len(preview.rows) - PREVIEW_ROWS),
        },
    )


IMPORT_KIND_LABELS = [(member_importing.KIND, "Đoàn viên"), (unit_importing.KIND, "Đơn vị")]


@login_required
@require_POST
def import_save(request) -> HttpResponse:
    """Step 3: save all rows in one transaction, only when there is no error."""
    _require_writer(request)
    pending = _pending(request)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, "Phiên nhập dữ liệu đã thay đổi hoặc hết hạn: hãy tải tệp lên lại.")
        return redirect("members:import")
    try:
        sheet = spreadsheet.load_upload(pending["token"], pending["filename"])
        result = _save(request.actor, pending["kind"], sheet)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("members:import_preview")
    spreadsheet.discard_upload(pending["token"], pending["filename"])
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        f"Đã nhập tệp “{result.filename}”: {result.create_count} thêm mới, {result.update_count} cập nhật, "
        f"{result.unchanged_count} không đổi.",
    )
    return redirect("org:tree" if pending["kind"] == unit_importing.KIND else "members:member_list")


@login_required
@require_POST
def import_cancel(request) -> HttpResponse:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        spreadsheet.discard_upload(pending.get("token", ""), pending.get("filename", ""))
    messages.info(request, "Đã hủy phiên nhập dữ liệu; chưa lưu dòng nào.")
    return redirect("members:import")


@login_required
@require_GET
def import_template(request, kind: str) -> FileResponse:
    """An empty .xlsx template for the import kind, generated from its column spec."""
    module = IMPORTERS.get(kind)
    if module is None:
        raise Http404("Không có mẫu nhập dữ liệu này.")
    columns = [
        Column(f.title, kind=f.kind, width=f.width, choices=f.choices, note=f.note)  # type: ignore[arg-type]
        for f in module.template_fields()
    ]
    return template_response(TEMPLATE_FILES[kind], columns, instructions=module.INSTRUCTIONS)
