"""Members pages: list (search, filters, htmx table, export), detail (edit, archive, restore, transfer).
The import runs in the shared wizard (lamtheo/imports), registered in apps.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_POST

from jobs.selectors import jobs_of
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error

from . import exporting, selectors, services
from .filters import MemberFilterSet
from .forms import (
    ArchiveForm,
    MemberCreateForm,
    MemberEditForm,
    RestoreForm,
    TransferForm,
)
from .models import Member
from .validation import id_number_warnings

PAGE_SIZE = 50
HIDDEN = "Ẩn"


def _require_writer(request) -> None:
    if not request.actor.can_write:
        raise PermissionDenied("Bạn không có quyền thay đổi dữ liệu đoàn viên.")


# --- List, export -------------------------------------------------------------------------------


def _list_context(request, create_form: MemberCreateForm | None = None) -> dict:
    actor = request.actor
    filterset = MemberFilterSet(request.GET, actor=actor)
    filters = filterset.member_filters()
    # A capped count and, for a province, rows read in index order (selectors.member_page).
    page = selectors.member_page(actor, filters, request.GET.get("page"), PAGE_SIZE)
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]
    page.ellipsis = Paginator.ELLIPSIS  # type: ignore[attr-defined]
    if actor.can_write and create_form is None:
        create_form = MemberCreateForm(actor=actor, auto_id="new_%s")
    return {
        "filter_form": filterset.form,
        "filters": filters,
        "page_obj": page,
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


def _warn_about_id_number(request, member: Member) -> None:
    for warning in id_number_warnings(member.id_number, member.birth_date, member.gender):
        messages.warning(request, warning)


def _member_create(request) -> HttpResponse:
    _require_writer(request)
    actor = request.actor
    form = MemberCreateForm(request.POST, actor=actor, auto_id="new_%s")
    if form.is_valid():
        try:
            member = services.create_member(
                actor,
                unit=form.cleaned_data["unit"],
                full_name=form.cleaned_data["full_name"],
                data=form.profile_data(),
                submission_key=form.cleaned_data["submission_key"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã thêm đoàn viên {member.full_name}.")
            _warn_about_id_number(request, member)
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
    filters = MemberFilterSet(source, actor=actor).member_filters()
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
        "imported": selectors.import_of(member),
    }
    if actor.can_write:
        if member.archived_at is None:
            context["edit_form"] = forms.get("edit_form") or MemberEditForm(
                initial={name: getattr(member, name) for name in MemberEditForm.base_fields}
            )
            context["transfer_form"] = forms.get("transfer_form") or TransferForm(
                actor=actor, current_unit_id=member.unit_id, auto_id="transfer_%s"
            )
        else:
            context["restore_form"] = forms.get("restore_form") or RestoreForm(
                actor=actor, after=selectors.last_membership_end(member), auto_id="restore_%s"
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
            _warn_about_id_number(request, member)
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
        actor=request.actor,
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
        actor=request.actor,
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
