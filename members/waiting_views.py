"""The upper unit's list of members waiting for a transfer after their union was dissolved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error
from org.models import Unit
from org.selectors import get_unit

from . import services
from .forms import RestoreForm
from .waiting import waiting_for_transfer


def _upper(request, unit_pk: int) -> Unit:
    if not request.actor.is_officer:
        raise PermissionDenied("Chỉ cán bộ công đoàn xem được danh sách này.")
    unit = get_unit(request.actor, unit_pk)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


@login_required
def waiting_list(request, unit_pk: int) -> HttpResponse:
    unit = _upper(request, unit_pk)
    rows = list(waiting_for_transfer(unit)[:500])
    form, failed_pk = None, None
    if request.method == "POST":
        if not request.actor.can_write:
            raise PermissionDenied("Vai trò của bạn không được chuyển đoàn viên.")
        row = next((r for r in rows if str(r.member_id) == request.POST.get("member")), None)
        if row is None:
            raise Http404("Đoàn viên không có trong danh sách chờ chuyển.")
        form = RestoreForm(
            request.POST, actor=request.actor, after=row.valid_to, auto_id=f"m{row.member_id}_%s"
        )
        if form.is_valid():
            try:
                services.restore_member(
                    request.actor,
                    member=row.member,
                    unit=form.cleaned_data["unit"],
                    on=form.cleaned_data["on"],
                )
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, f"Đoàn viên {row.member.full_name} đã sinh hoạt tại đơn vị mới.")
                return redirect("members:waiting_list", unit_pk=unit.pk)
        failed_pk = row.member_id
    for row in rows:
        row.form = (  # type: ignore[attr-defined]
            form
            if row.member_id == failed_pk
            else RestoreForm(actor=request.actor, after=row.valid_to, auto_id=f"m{row.member_id}_%s")
        )
    status = 422 if failed_pk else 200
    context = {"unit": unit, "rows": rows, "can_write": request.actor.can_write}
    return render(request, "members/waiting_list.html", context, status=status)
