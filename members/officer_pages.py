"""The officers page of a unit: who holds which title (Chủ tịch, Phó Chủ tịch, ủy viên BCH, UBKT) now and
before, and for officers of the unit or above, assigning and ending titles, dated, with the decision."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts.permissions import Action
from lamtheo.lib.dates import OPEN_END, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import DateField, apply_service_error
from org.models import Unit
from org.selectors import get_unit, is_writable

from . import services
from .models import Member, OfficerRole

SEARCH_LIMIT = 20


class OfficerAssignForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="Chức danh", choices=OfficerRole.Kind.choices)
    on = DateField(label="Từ ngày")
    decision_ref = forms.CharField(label="Số quyết định", max_length=100)
    decision_date = DateField(label="Ngày quyết định", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()
        self.fields["decision_ref"].error_messages["required"] = "Ghi số quyết định giao chức danh."

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on is None:
            raise forms.ValidationError("Thiếu ngày bắt đầu giữ chức danh.")
        return on


class OfficerEndForm(forms.Form):
    on = DateField(label="Thôi giữ chức danh từ ngày")
    decision_ref = forms.CharField(label="Số quyết định", max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on is None:
            raise forms.ValidationError("Thiếu ngày thôi giữ chức danh.")
        return on


def unit_roles(unit: Unit) -> tuple[list[OfficerRole], list[OfficerRole]]:
    """(current, past) titles of the unit, current ones in the order of the Kind list."""
    order = {k: i for i, k in enumerate(OfficerRole.Kind.values)}
    on = today()
    roles = list(OfficerRole.objects.filter(unit=unit).select_related("member"))
    current = sorted(
        (r for r in roles if r.valid_from <= on < r.valid_to),
        key=lambda r: (order[r.kind], r.member.sort_key),
    )
    past = sorted((r for r in roles if r not in current), key=lambda r: (r.valid_from, r.pk), reverse=True)
    return current, past


def _candidates(request, unit: Unit, q: str) -> list[Member]:
    """Current members of the unit's subtree matching `q` (name, or CCCD for officers)."""
    if not q.strip():
        return []
    from accounts.scoping import subtree_ids

    qs = (
        Member.objects.restrict(request.actor, Action.VIEW_MEMBERS)
        .current()
        .filter(unit_id__in=subtree_ids(unit.pk))
        .select_related("unit")
        .search(q, personal=request.actor.is_officer)
    )
    return list(qs.order_by("sort_key", "id")[:SEARCH_LIMIT])


def _visible_unit(request, pk: int) -> Unit:
    unit = get_unit(request.actor, pk)
    if unit is None:
        raise Http404("Không tìm thấy đơn vị.")
    return unit


@login_required
def unit_officers(request, pk: int) -> HttpResponse:
    unit = _visible_unit(request, pk)
    can_change = is_writable(request.actor, unit)
    q = request.GET.get("q", "")[:100]
    form = OfficerAssignForm()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("Bạn không được giao chức danh ở đơn vị này.")
        form = OfficerAssignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            member = (
                Member.objects.restrict(request.actor, Action.VIEW_MEMBERS).filter(pk=data["member"]).first()
            )
            if member is None:
                form.add_error(None, "Không tìm thấy đoàn viên trong phạm vi của bạn.")
            else:
                try:
                    role = services.assign_officer_role(
                        request.actor, member=member, unit=unit, kind=data["kind"], on=data["on"],
                        decision_ref=data["decision_ref"], decision_date=data["decision_date"],
                    )  # fmt: skip
                except ServiceError as exc:
                    apply_service_error(form, exc)
                else:
                    messages.success(
                        request, f"Đã giao chức danh {role.get_kind_display()} cho {member.full_name}."
                    )
                    return redirect("members:unit_officers", pk=unit.pk)
    current, past = unit_roles(unit)
    return render(
        request,
        "members/unit_officers.html",
        {
            "unit": unit,
            "current": current,
            "past": past,
            "can_change": can_change,
            "q": q,
            "candidates": _candidates(request, unit, q) if can_change else [],
            "form": form,
            "open_end": OPEN_END,
        },
    )


@login_required
def officer_end(request, pk: int) -> HttpResponse:
    role = get_object_or_404(
        OfficerRole.objects.visible_to(request.actor).select_related("member", "unit"), pk=pk
    )
    if not is_writable(request.actor, role.unit):
        raise PermissionDenied("Bạn không được thay đổi chức danh ở đơn vị này.")
    form = OfficerEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_officer_role(
                request.actor,
                role=role,
                on=form.cleaned_data["on"],
                decision_ref=form.cleaned_data["decision_ref"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, f"{role.member.full_name} thôi giữ chức danh {role.get_kind_display()}."
            )
            return redirect("members:unit_officers", pk=role.unit_id)
    return render(request, "members/officer_end.html", {"role": role, "form": form})
