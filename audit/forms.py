"""Filters of the audit page. Choices are limited to the actor's scope; unknown values are refused."""

from django import forms

from accounts.scoping import Actor
from lamtheo.lib.forms import DateField
from org.fields import UnitChoiceField

from . import selectors
from .models import AuditEvent


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class EventFilterForm(forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị (cả các đơn vị trực thuộc)", required=False, empty_label="Tất cả đơn vị trong phạm vi"
    )
    user = UserChoiceField(
        queryset=None,
        label="Người thực hiện",
        required=False,
        empty_label="Tất cả",
        error_messages={"invalid_choice": "Người dùng đã chọn không hợp lệ hoặc ngoài phạm vi."},
    )
    model = forms.ChoiceField(label="Loại hồ sơ", required=False)
    action = forms.ChoiceField(
        label="Thao tác", required=False, choices=[("", "Tất cả"), *AuditEvent.Action.choices]
    )
    date_from = DateField(label="Từ ngày", required=False)
    date_to = DateField(label="Đến ngày", required=False)

    def __init__(self, *args, actor: Actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # any unit of the scope, found by typing (links from unit pages)
        self.fields["user"].queryset = selectors.user_choices(actor)
        self.fields["model"].choices = [("", "Tất cả"), *selectors.model_choices(actor)]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data

    def filters(self) -> dict:
        """Keyword arguments for audit.selectors.events; invalid filters are left out (and shown)."""
        if not self.is_bound or not self.is_valid():
            data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        else:
            data = self.cleaned_data
        unit, user = data.get("unit"), data.get("user")
        return {
            "unit_id": unit.pk if unit else None,
            "user_id": user.pk if user else None,
            "model": data.get("model") or "",
            "action": data.get("action") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to") if not self.has_error("date_to") else None,
        }
