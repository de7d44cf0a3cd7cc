"""Filters of the document registry (lamtheo.lib.filters); selectors.search_documents builds the query."""

import django_filters
from django import forms

from lamtheo.lib.filters import ChoiceFilter, DateFilter, ListFilterSet

from .kinds import DocumentKind
from .models import Direction, Document, Status
from .selectors import BOOKS


def _text(placeholder: str) -> forms.TextInput:
    return forms.TextInput(attrs={"placeholder": placeholder})


class DocumentFilterSet(ListFilterSet):
    book = ChoiceFilter(label="Sổ của đơn vị", choices=BOOKS, empty_label="Mọi văn bản trong phạm vi")
    q = django_filters.CharFilter(
        label="Tìm", max_length=200, widget=_text("Số, ký hiệu hoặc từ trong trích yếu")
    )
    kind = ChoiceFilter(label="Loại", choices=DocumentKind.choices, empty_label="Tất cả loại")
    issuer = django_filters.CharFilter(
        label="Cơ quan ban hành", max_length=200, widget=_text("Ví dụ: Tổng Liên đoàn")
    )
    direction = ChoiceFilter(label="Sổ", choices=Direction.choices, empty_label="Đi và đến")
    status = ChoiceFilter(label="Trạng thái", choices=Status.choices, empty_label="Mọi trạng thái")
    date_from = DateFilter(label="Từ ngày")
    date_to = DateFilter(label="Đến ngày")

    class Meta:
        model = Document
        fields: list[str] = []

    def search_arguments(self) -> dict:
        """Keyword arguments of selectors.search_documents (invalid values left out, and shown)."""
        v = self.values()
        text = ("book", "q", "kind", "issuer", "direction", "status")
        return {**{k: v[k] or "" for k in text}, "date_from": v["date_from"], "date_to": v["date_to"]}
