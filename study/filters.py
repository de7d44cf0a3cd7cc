"""Filters of the study lists (lamtheo.lib.filters)."""

from typing import Any

import django_filters

from accounts.scoping import Actor, subtree_ids
from lamtheo.lib.filters import ChoiceFilter, DateFilter, ListFilterSet, SearchFilter
from org.filters import UnitPickFilter

from .models import EventKind, OutreachChannel, OutreachItem, StudyEvent, TrainingCourse


class _UnitFilterSet(ListFilterSet):
    unit = UnitPickFilter(label="Đơn vị", empty_label="Tất cả đơn vị", method="in_subtree")

    def __init__(self, data=None, queryset=None, *, actor: Actor, **kwargs: Any) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]

    def in_subtree(self, qs, name, value):
        return qs.filter(unit_id__in=subtree_ids(value.pk)) if value else qs


class EventFilterSet(_UnitFilterSet):
    q = SearchFilter(label="Tìm kiếm", field_name="search_text")
    kind = ChoiceFilter(label="Hình thức", choices=EventKind.choices, empty_label="Tất cả hình thức")
    start = DateFilter(label="Từ ngày", field_name="held_on", lookup_expr="gte")
    end = DateFilter(label="Đến ngày", field_name="held_on", lookup_expr="lte")

    class Meta:
        model = StudyEvent
        fields: list[str] = []


class OutreachFilterSet(_UnitFilterSet):
    q = SearchFilter(label="Tìm kiếm", field_name="search_text")
    channel = ChoiceFilter(label="Hình thức", choices=OutreachChannel.choices, empty_label="Tất cả hình thức")
    start = DateFilter(label="Từ ngày", field_name="on", lookup_expr="gte")
    end = DateFilter(label="Đến ngày", field_name="on", lookup_expr="lte")

    class Meta:
        model = OutreachItem
        fields: list[str] = []


class CourseFilterSet(_UnitFilterSet):
    start = DateFilter(label="Từ ngày", field_name="on", lookup_expr="gte")
    end = DateFilter(label="Đến ngày", field_name="on", lookup_expr="lte")

    class Meta:
        model = TrainingCourse
        fields: list[str] = []


__all__ = ["EventFilterSet", "OutreachFilterSet", "CourseFilterSet", "django_filters"]
