"""Forms of the members pages. They parse input; the services decide (ServiceError → field error)."""

from datetime import date
from typing import Any

from django import forms

from accounts.scoping import Actor
from lamtheo import submissions
from lamtheo.lib.dates import format_vn, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import DateField
from lamtheo.lib.text import nfc
from org.fields import UnitChoiceField
from org.picker import GRASSROOTS, PickRule

from .models import Gender
from .validation import check_dates, clean_id_number, clean_phone


class _ProfileFields(forms.Form):
    gender = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "—"), *Gender.choices])
    birth_date = DateField(label="Ngày sinh", required=False)
    ethnicity = forms.CharField(label="Dân tộc", required=False, max_length=60)
    id_number = forms.CharField(label="Số CCCD", required=False, max_length=20)
    phone = forms.CharField(label="Số điện thoại", required=False, max_length=20)
    joined_on = DateField(label="Ngày vào công đoàn", required=False)
    position = forms.CharField(label="Chức vụ, nghề nghiệp", required=False, max_length=150)

    def clean_id_number(self) -> str:
        try:
            return clean_id_number(self.cleaned_data["id_number"].strip())
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean_phone(self) -> str:
        try:
            return clean_phone(self.cleaned_data["phone"])
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_dates(data.get("birth_date"), data.get("joined_on"), today=today())
        except ServiceError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data

    def profile_data(self) -> dict[str, Any]:
        names = ("gender", "birth_date", "ethnicity", "id_number", "phone", "joined_on", "position")
        return {name: self.cleaned_data.get(name) for name in names}


class MemberCreateForm(_ProfileFields):
    unit = UnitChoiceField(label="Công đoàn cơ sở")
    full_name = forms.CharField(label="Họ và tên", max_length=200)
    # One-time key: submitting the same form twice creates one member (services.create_member).
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["full_name", "unit", "gender", "birth_date", "ethnicity", "id_number", "phone",
                   "joined_on", "position"]  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor, PickRule(kind=GRASSROOTS))  # type: ignore[attr-defined]
        only = list(self.fields["unit"].queryset[:2])  # type: ignore[attr-defined]
        if len(only) == 1:
            self.fields["unit"].initial = only[0].pk
        if not self.is_bound:
            self.initial["submission_key"] = submissions.new_key()

    def clean_submission_key(self) -> str:
        key = self.cleaned_data["submission_key"]
        return key if submissions.is_key(key) else ""

    def clean_full_name(self) -> str:
        name = nfc(self.cleaned_data["full_name"])
        if not name:
            raise forms.ValidationError("Thiếu họ tên.")
        return name


class MemberEditForm(_ProfileFields):
    family_name = forms.CharField(label="Họ", required=False, max_length=60)
    middle_name = forms.CharField(label="Tên đệm", required=False, max_length=80)
    given_name = forms.CharField(label="Tên", max_length=60)

    field_order = ["family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity",
                   "id_number", "phone", "joined_on", "position"]  # fmt: skip

    def profile_data(self) -> dict[str, Any]:
        data = super().profile_data()
        for name in ("family_name", "middle_name", "given_name"):
            data[name] = nfc(self.cleaned_data.get(name) or "")
        return data


class _DatedUnitForm(forms.Form):
    """A date that must come after the start of the member's current (or last) membership."""

    on = DateField(label="Từ ngày")

    def __init__(self, *args: Any, after: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.after = after
        self.fields["on"].initial = today()

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on is None:
            raise forms.ValidationError("Thiếu ngày.")
        if on > today():
            raise forms.ValidationError("Ngày ở tương lai.")
        if self.after and on <= self.after:
            raise forms.ValidationError(f"Ngày phải sau ngày {format_vn(self.after)}.")
        return on


class TransferForm(_DatedUnitForm):
    unit = UnitChoiceField(label="Chuyển đến công đoàn cơ sở")

    field_order = ["unit", "on"]

    def __init__(self, *args: Any, actor: Actor, current_unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rule = PickRule(kind=GRASSROOTS, not_under=current_unit_id)
        self.fields["unit"].set_rule(actor, rule)  # type: ignore[attr-defined]


class RestoreForm(_DatedUnitForm):
    unit = UnitChoiceField(label="Sinh hoạt lại tại")

    field_order = ["unit", "on"]

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor, PickRule(kind=GRASSROOTS))  # type: ignore[attr-defined]

    def clean_on(self) -> date:
        # A restore starts on or after the day the last membership ended (memberships never overlap).
        on = self.cleaned_data["on"]
        if on is None:
            raise forms.ValidationError("Thiếu ngày.")
        if on > today():
            raise forms.ValidationError("Ngày ở tương lai.")
        if self.after and on < self.after:
            raise forms.ValidationError(f"Ngày không được trước ngày thôi sinh hoạt {format_vn(self.after)}.")
        return on


class ArchiveForm(_DatedUnitForm):
    on = DateField(label="Thôi sinh hoạt từ ngày")
    reason = forms.CharField(
        label="Lý do", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi lý do thôi sinh hoạt."},
    )  # fmt: skip

    def clean_reason(self) -> str:
        reason = nfc(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Hãy ghi lý do thôi sinh hoạt.")
        return reason
