"""Filters of the member list and export (lamtheo.lib.filters); selectors.member_list builds the query."""

from typing import Any

import django_filters
from django import forms
from django.urls import reverse

from accounts.scoping import Actor
from lamtheo.lib.filters import ChoiceFilter, ListFilterSet
from lamtheo.lib.text import nfc
from org.filters import UnitPickFilter
from org.models import Sector

from .models import Gender, Member
from .selectors import STATUS_ARCHIVED, STATUS_CURRENT, MemberFilters


class MemberFilterSet(ListFilterSet):
    q = django_filters.CharFilter(label="Tìm kiếm", max_length=100)
    unit = UnitPickFilter(label="Đơn vị", empty_label="Tất cả đơn vị")
    sector = ChoiceFilter(
        label="Khu vực", choices=[c for c in Sector.choices if c[0]], empty_label="Tất cả khu vực"
    )
    gender = ChoiceFilter(label="Giới tính", choices=Gender.choices, empty_label="Tất cả")
    nhap = django_filters.NumberFilter(label="Nhập từ tệp", min_value=1, widget=forms.HiddenInput)
    status = ChoiceFilter(
        label="Trạng thái",
        choices=[(STATUS_CURRENT, "Đang sinh hoạt"), (STATUS_ARCHIVED, "Đã thôi sinh hoạt")],
        empty_label=None,
    )

    class Meta:
        model = Member
        fields: list[str] = []

    def __init__(self, data=None, *, actor: Actor, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        unit = self.form.fields["unit"]
        unit.set_rule(actor)  # type: ignore[attr-defined]
        unit.widget.attrs.update({"hx-get": reverse("members:member_list"), "hx-trigger": "change"})
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": "Họ tên, số CCCD, số điện thoại…", "type": "search", "autocomplete": "off"}
        )

    def member_filters(self) -> MemberFilters:
        """The valid filters for selectors.member_list; an invalid value (a unit outside the scope) is ignored."""
        data = self.values()
        return MemberFilters(
            q=nfc(data["q"] or ""),
            unit_id=data["unit"].pk if data["unit"] else None,
            sector=data["sector"] or "",
            gender=data["gender"] or "",
            status=data["status"] or STATUS_CURRENT,
            import_event_id=int(data["nhap"]) if data.get("nhap") else None,
        )
