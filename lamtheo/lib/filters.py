"""The filters of every list page, on django-filter.

A list declares a `ListFilterSet`: its filters give the form (rendered by the project's form renderer),
check the values, and either filter the selector's scoped queryset (`.qs`) or hand the checked values to
a selector that builds its own query (`.values()`). An invalid value is left out and shown on its field,
so a hand-edited address never breaks the page. `.used()` says in words which filters are on (for the
page heading and an export's title block).
"""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from .dates import format_vn
from .forms import DateField
from .text import fold

__all__ = ["ChoiceFilter", "DateFilter", "ListFilterSet", "SearchFilter"]

ChoiceFilter = django_filters.ChoiceFilter


class DateFilter(django_filters.Filter):
    """A dd/mm/yyyy date (lamtheo.lib.forms.DateField) compared with `lookup_expr` (gte, lte…)."""

    field_class = DateField


class SearchFilter(django_filters.CharFilter):
    """Accent-insensitive search: every typed word must occur in the folded text column `field_name`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        for word in fold(value).split()[:8]:
            qs = qs.filter(**{f"{self.field_name}__contains": word})
        return qs


class ListFilterSet(django_filters.FilterSet):
    """Base of the list filters; `data` is request.GET (the page number is ignored).

    Subclasses name their model in Meta (`fields = []`: every filter is declared, none generated)."""

    def __init__(self, data=None, queryset=None, **kwargs: Any) -> None:
        if data is not None and not any(v for k, v in data.items() if k != "page"):
            data = None  # an unfiltered page is unbound: no "required" errors, initial values shown
        super().__init__(data, queryset=queryset, **kwargs)

    def values(self) -> dict[str, Any]:
        """The valid filter values by name (absent or invalid: the filter's empty value)."""
        cleaned: dict[str, Any] = {}
        if self.is_bound:
            self.form.is_valid()  # invalid fields are left out of cleaned_data
            cleaned = self.form.cleaned_data
        return {name: cleaned.get(name) for name in self.filters}

    def used(self) -> list[tuple[str, str]]:
        """(label, value in words) of each filter that is on, e.g. ("Giới tính", "Nữ")."""
        out = []
        for name, value in self.values().items():
            if value in (None, "", [], ()):
                continue
            field = self.form.fields[name]
            out.append((str(field.label), _in_words(field, value)))
        return out


def _in_words(field: forms.Field, value: Any) -> str:
    if hasattr(value, "strftime"):
        return format_vn(value)
    choices = dict(getattr(field, "choices", None) or []) if not hasattr(field, "queryset") else {}
    return str(choices.get(value, value))
