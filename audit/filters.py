"""Filters of the audit page (lamtheo.lib.filters). Choices are limited to the actor's scope; unknown
values are refused and left out; selectors.events builds the query."""

from typing import Any

import django_filters
from django import forms

from accounts.scoping import Actor
from lamtheo.lib.filters import ChoiceFilter, DateFilter, ListFilterSet
from org.filters import UnitPickFilter

from . import selectors
from .models import AuditEvent


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


class _EventFilterForm(forms.Form):
    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data


class EventFilterSet(ListFilterSet):
    unit = UnitPickFilter(
        label="Đơn vị (cả các đơn vị trực thuộc)", empty_label="Tất cả đơn vị trong phạm vi"
    )
    user = UserFilter(
        queryset=None,
        label="Người thực hiện",
        empty_label="Tất cả",
        error_messages={"invalid_choice": "Người dùng đã chọn không hợp lệ hoặc ngoài phạm vi."},
    )
    model = ChoiceFilter(label="Loại hồ sơ", choices=[], empty_label="Tất cả")
    action = ChoiceFilter(label="Thao tác", choices=AuditEvent.Action.choices, empty_label="Tất cả")
    date_from = DateFilter(label="Từ ngày")
    date_to = DateFilter(label="Đến ngày")

    class Meta:
        model = AuditEvent
        fields: list[str] = []
        form = _EventFilterForm

    def __init__(self, data=None, *, actor: Actor, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        fields = self.form.fields
        fields["unit"].set_rule(actor)  # type: ignore[attr-defined]  # any unit of the scope (links from unit pages)
        fields["user"].queryset = selectors.user_choices(actor)  # type: ignore[attr-defined]
        fields["model"].choices = [("", "Tất cả"), *selectors.model_choices(actor)]  # type: ignore[attr-defined]

    def event_arguments(self) -> dict:
        """Keyword arguments for audit.selectors.events; invalid filters are left out (and shown)."""
        v = self.values()
        return {
            "unit_id": v["unit"].pk if v["unit"] else None,
            "user_id": v["user"].pk if v["user"] else None,
            "model": v["model"] or "",
            "action": v["action"] or "",
            "date_from": v["date_from"],
            "date_to": v["date_to"],
        }
