"""Filters of the unit list (lamtheo.lib.filters), narrowing selectors.search_units' scoped queryset, and
the unit-picker filter of other lists."""

import django_filters

from lamtheo.lib.filters import ChoiceFilter, ListFilterSet, SearchFilter

from .fields import UnitChoiceField
from .models import GRASSROOTS_KINDS, Sector, Unit, UnitKind
from .selectors import LEVEL_GRASSROOTS


class UnitFilterSet(ListFilterSet):
    q = SearchFilter(field_name="search_text", label="Tìm theo tên hoặc mã")
    kind = ChoiceFilter(label="Cấp", choices=UnitKind.choices, empty_label="Tất cả các cấp")
    level = ChoiceFilter(
        label="Nhóm",
        choices=[(LEVEL_GRASSROOTS, "CĐCS và nghiệp đoàn cơ sở")],
        empty_label="Tất cả",
        method="filter_level",
    )
    sector = ChoiceFilter(label="Khu vực", choices=Sector.choices[1:], empty_label="Tất cả khu vực")

    class Meta:
        model = Unit
        fields: list[str] = []

    def filter_level(self, queryset, name, value):
        return queryset.filter(kind__in=GRASSROOTS_KINDS) if value == LEVEL_GRASSROOTS else queryset


class UnitPickFilter(django_filters.Filter):
    """A unit chosen with the unit picker (org.fields.UnitChoiceField); the filterset calls
    `set_rule(actor, rule)` on its form field, and reads the Unit from values()."""

    field_class = UnitChoiceField
