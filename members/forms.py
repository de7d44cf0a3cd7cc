"""Forms of the members pages. They parse input; the services decide (ServiceError → field error)."""

from datetime import date
from typing import Any

from django import forms

from lamtheo.lib.dates import format_vn, parse_date, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import SUFFIXES
from lamtheo.lib.text import nfc
from org.models import Sector, Unit

from .models import Gender
from .selectors import STATUS_ARCHIVED, STATUS_CURRENT, MemberFilters
from .validation import clean_id_number, clean_phone


def apply_service_error(form: forms.Form, exc: ServiceError) -> None:
    """Show a refused change on the field it concerns (or on the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)
    if field is not None:
        widget = form.fields[field].widget
        widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class VNDateField(forms.CharField):
    """A date typed as dd/mm/yyyy (ISO accepted), with the importer's Vietnamese messages."""

    widget = forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

    def prepare_value(self, value: Any) -> Any:
        return format_vn(value) if isinstance(value, date) else value

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return parse_date(text)
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from None


class UnitChoiceField(forms.ChoiceField):
    """Choose one of the given units (already scoped to the actor); cleans to the Unit."""

    def __init__(self, *, units: list[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.set_units(units or [])

    def set_units(self, units: list[Unit]) -> None:
        self.units = {str(u.pk): u for u in units}
        self.choices = [("", "— Chọn đơn vị —")] + [(str(u.pk), f"{u.name} ({u.code})") for u in units]

    def clean(self, value: Any) -> Unit | None:
        value = super().clean(value)
        return self.units.get(str(value)) if value else None


class BootstrapForm(forms.Form):
    """Bootstrap classes on the widgets; `is-invalid` on fields with errors once cleaned."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs.setdefault(
                    "class", "form-select" if isinstance(widget, forms.Select) else "form-control"
                )

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    unit = forms.TypedChoiceField(label="Đơn vị", required=False, coerce=int, empty_value=None)
    sector = forms.ChoiceField(
        label="Khu vực",
        required=False,
        choices=[("", "Tất cả khu vực")] + [c for c in Sector.choices if c[0]],
    )
    gender = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "Tất cả"), *Gender.choices])
    status = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[(STATUS_CURRENT, "Đang sinh hoạt"), (STATUS_ARCHIVED, "Đã thôi sinh hoạt")],
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ChoiceField)
        unit_field.choices = [("", "Tất cả đơn vị")] + [(u.pk, u.name) for u in units]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Họ tên, số CCCD, số điện thoại…", "type": "search", "autocomplete": "off"}
        )

    def filters(self) -> MemberFilters:
        """Valid filters; an invalid value (e.g. a unit outside the scope) is ignored."""
        self.is_valid()  # invalid fields are left out of cleaned_data
        data = self.cleaned_data
        return MemberFilters(
            q=nfc(data.get("q") or ""),
            unit_id=data.get("unit"),
            sector=data.get("sector") or "",
            gender=data.get("gender") or "",
            status=data.get("status") or STATUS_CURRENT,
        )


class _ProfileFields(BootstrapForm):
    gender = forms.ChoiceField(label="Giới tính", required=False, choices=[("", "—"), *Gender.choices])
    birth_date = VNDateField(label="Ngày sinh", required=False)
    ethnicity = forms.CharField(label="Dân tộc", required=False, max_length=60)
    id_number = forms.CharField(label="Số CCCD", required=False, max_length=20)
    phone = forms.CharField(label="Số điện thoại", required=False, max_length=20)
    joined_on = VNDateField(label="Ngày vào công đoàn", required=False)
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
        born, joined = data.get("birth_date"), data.get("joined_on")
        if joined and joined > today():
            self.add_error("joined_on", "Ngày vào công đoàn ở tương lai.")
        elif born and joined and joined < born:
            self.add_error("joined_on", "Ngày vào công đoàn trước ngày sinh.")
        return data

    def profile_data(self) -> dict[str, Any]:
        names = ("gender", "birth_date", "ethnicity", "id_number", "phone", "joined_on", "position")
        return {name: self.cleaned_data.get(name) for name in names}


class MemberCreateForm(_ProfileFields):
    unit = UnitChoiceField(label="Công đoàn cơ sở")
    full_name = forms.CharField(label="Họ và tên", max_length=200)

    field_order = ["full_name", "unit", "gender", "birth_date", "ethnicity", "id_number", "phone",
                   "joined_on", "position"]  # fmt: skip

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)  # type: ignore[attr-defined]
        if len(units) == 1:
            self.fields["unit"].initial = str(units[0].pk)

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


class _DatedUnitForm(BootstrapForm):
    """A date that must come after the start of the member's current (or last) membership."""

    on = VNDateField(label="Từ ngày")

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

    def __init__(
        self, *args: Any, units: list[Unit], current_unit_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units([u for u in units if u.pk != current_unit_id])  # type: ignore[attr-defined]


class RestoreForm(_DatedUnitForm):
    unit = UnitChoiceField(label="Sinh hoạt lại tại")

    field_order = ["unit", "on"]

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_units(units)  # type: ignore[attr-defined]

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
    on = VNDateField(label="Thôi sinh hoạt từ ngày")
    reason = forms.CharField(
        label="Lý do", max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Hãy ghi lý do thôi sinh hoạt."},
    )  # fmt: skip

    def clean_reason(self) -> str:
        reason = nfc(self.cleaned_data["reason"])
        if not reason:
            raise forms.ValidationError("Hãy ghi lý do thôi sinh hoạt.")
        return reason


IMPORT_KINDS = [("members", "Danh sách đoàn viên"), ("units", "Danh sách đơn vị")]


class ImportUploadForm(BootstrapForm):
    kind = forms.ChoiceField(
        label="Loại dữ liệu", choices=IMPORT_KINDS, widget=forms.RadioSelect, initial="members"
    )
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc .csv",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
        error_messages={"required": "Hãy chọn tệp cần nhập."},
    )
