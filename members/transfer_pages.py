"""Pages of chuyển sinh hoạt công đoàn: release a member to a union outside the actor's scope (with a
printable letter of introduction), the list of transfers in and out, accepting and cancelling."""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.scoping import unit_is_visible
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import DateField, apply_service_error
from lamtheo.lib.text import nfc
from org.models import Unit

from . import selectors, transfer_selectors, transfers
from .models import MemberTransfer


class ReleaseForm(forms.Form):
    # A code, not the unit picker: the receiving union is usually outside the officer's scope, which the
    # picker never searches (it would show other provinces' units).
    to_unit = forms.CharField(
        label="Mã công đoàn cơ sở chuyển đến",
        max_length=40,
        help_text="Mã đơn vị do công đoàn nơi đến cung cấp (ví dụ CDCS-B1).",
    )
    on = DateField(label="Thôi sinh hoạt ở đơn vị từ ngày")
    reason = forms.CharField(label="Lý do chuyển sinh hoạt", widget=forms.Textarea(attrs={"rows": 2}))
    decision_ref = forms.CharField(label="Số quyết định, văn bản", max_length=100)
    decision_date = DateField(label="Ngày quyết định", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()
        for name, text in (("to_unit", "Nhập mã đơn vị chuyển đến."), ("reason", "Cần nêu lý do chuyển sinh hoạt."),
                           ("decision_ref", "Cần ghi số quyết định hoặc văn bản.")):  # fmt: skip
            self.fields[name].error_messages["required"] = text

    def clean_to_unit(self) -> Unit:
        code = nfc(self.cleaned_data["to_unit"]).strip()
        unit = Unit.objects.filter(code__iexact=code).first()
        if unit is None:
            raise forms.ValidationError(f"Không có đơn vị mã “{code}”.")
        return unit

    def clean_on(self) -> date:
        if self.cleaned_data["on"] is None:
            raise forms.ValidationError("Thiếu ngày thôi sinh hoạt.")
        return self.cleaned_data["on"]


class AcceptForm(forms.Form):
    on = DateField(label="Sinh hoạt tại đơn vị từ ngày")
    decision_ref = forms.CharField(label="Số quyết định tiếp nhận", max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = today()

    def clean_on(self) -> date:
        if self.cleaned_data["on"] is None:
            raise forms.ValidationError("Thiếu ngày tiếp nhận.")
        return self.cleaned_data["on"]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy", widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Cần nêu lý do hủy việc chuyển sinh hoạt."},
    )  # fmt: skip


def _service_call(form, call):
    try:
        return call()
    except ServiceError as exc:  # refusals of role or scope included: shown on the form (lamtheo.lib.forms)
        apply_service_error(form, exc)
        return None


@login_required
def release(request, pk: int) -> HttpResponse:
    member = selectors.get_member(request.actor, pk)
    if member is None:
        raise Http404("Không tìm thấy đoàn viên.")
    if not (request.actor.can_write and member.unit_id and unit_is_visible(request.actor, member.unit_id)):
        raise PermissionDenied("Bạn không được chuyển sinh hoạt đoàn viên này.")
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        transfer = _service_call(form, lambda: transfers.release_member(
            request.actor, member=member, to_unit=data["to_unit"], on=data["on"], reason=data["reason"],
            decision_ref=data["decision_ref"], decision_date=data["decision_date"],
        ))  # fmt: skip
        if transfer is not None:
            messages.success(
                request, f"Đã giới thiệu {member.full_name} chuyển sinh hoạt đến {transfer.to_unit.name}."
            )
            return redirect("members:transfer_letter", pk=transfer.pk)
    return render(request, "members/transfer_release.html", {"member": member, "form": form})


@login_required
@require_GET
def transfer_list(request) -> HttpResponse:
    actor = request.actor
    limit = transfer_selectors.LIST_LIMIT
    return render(
        request,
        "members/transfer_list.html",
        {
            "incoming": list(transfer_selectors.incoming(actor)[:limit]),
            "outgoing": list(transfer_selectors.outgoing(actor)[:limit]),
            "limit": limit,
            "can_write": actor.can_write,
        },
    )


@login_required
@require_GET
def transfer_letter(request, pk: int) -> HttpResponse:
    """Giấy giới thiệu chuyển sinh hoạt công đoàn, laid out for printing."""
    actor = request.actor
    transfer = transfer_selectors.get_transfer(actor, pk)
    # Officers of either side identify the member by the letter; others (inspectors) see no personal data.
    personal = actor.is_officer or (actor.member_id is not None and actor.member_id == transfer.member_id)
    return render(
        request,
        "members/transfer_letter.html",
        {"t": transfer, "member": transfer.member, "personal": personal},
    )


def _pending_for(request, pk: int, unit_id_of) -> MemberTransfer:
    transfer = transfer_selectors.get_transfer(request.actor, pk)
    if not (request.actor.can_write and unit_is_visible(request.actor, unit_id_of(transfer))):
        raise PermissionDenied("Bạn không được thực hiện việc này.")
    return transfer


@login_required
def transfer_accept(request, pk: int) -> HttpResponse:
    transfer = _pending_for(request, pk, lambda t: t.to_unit_id)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _service_call(form, lambda: transfers.accept_transfer(
            request.actor, transfer=transfer, on=form.cleaned_data["on"],
            decision_ref=form.cleaned_data["decision_ref"],
        ))  # fmt: skip
        if done is not None:
            messages.success(request, f"{transfer.to_unit.name} đã tiếp nhận {transfer.member.full_name}.")
            return redirect("members:transfer_list")
    return render(request, "members/transfer_act.html", {"t": transfer, "form": form, "accept": True})


@login_required
def transfer_cancel(request, pk: int) -> HttpResponse:
    transfer = _pending_for(request, pk, lambda t: t.from_unit_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _service_call(form, lambda: transfers.cancel_transfer(
            request.actor, transfer=transfer, reason=form.cleaned_data["reason"]
        ))  # fmt: skip
        if done is not None:
            messages.success(request, f"Đã hủy việc chuyển sinh hoạt của {transfer.member.full_name}.")
            return redirect("members:transfer_list")
    return render(request, "members/transfer_act.html", {"t": transfer, "form": form, "accept": False})
