"""The unit picker of every form: a type-ahead search (Tom Select) among the units the actor may pick.

The page renders only the chosen unit(s); the browser asks `org:unit_search` for matches as the officer
types, so no page holds a select of thousands of units. The field accepts a unit only when
org.picker.pickable_units would offer it, so a forged id outside the scope is refused.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from accounts.scoping import Actor
from lamtheo.lib.lists import record_id

from .models import Unit
from .picker import PickRule, label, pickable_units

OUT_OF_SCOPE = "Đơn vị đã chọn không hợp lệ hoặc ngoài phạm vi."


class _PickerWidget:
    """Renders a <select> holding only the selected units, with what the picker script needs."""

    search_url = ""
    multiple = False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)  # type: ignore[misc]
        attrs = context["widget"]["attrs"]
        attrs["data-unit-picker"] = "1"
        attrs["data-url"] = self.search_url
        attrs.setdefault("data-placeholder", "Gõ vài chữ của tên hoặc mã đơn vị…")
        return context

    def optgroups(self, name, value, attrs=None):
        choices = self.choices  # type: ignore[has-type]
        ids = [i for i in (record_id(v) if str(v).isascii() else None for v in value) if i is not None]
        field = getattr(choices, "field", None)
        shown: list[tuple[Any, str]] = []
        if not self.multiple:
            shown.append(("", getattr(field, "empty_label", None) or ""))
        if ids and field is not None:
            shown += [(u.pk, label(u)) for u in field.queryset.filter(pk__in=ids).only("id", "name", "code")]
        self.choices = shown
        try:
            return super().optgroups(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = choices


class UnitPickerWidget(_PickerWidget, forms.Select):
    pass


class UnitsPickerWidget(_PickerWidget, forms.SelectMultiple):
    multiple = True


class _PickerField:
    def set_rule(self, actor: Actor, rule: PickRule | None = None) -> None:
        """Offer and accept the units `actor` may pick under `rule`."""
        rule = rule or PickRule()
        self.queryset = pickable_units(actor, rule)  # type: ignore[attr-defined]
        query = urlencode(rule.params())
        self.widget.search_url = reverse("org:unit_search") + (f"?{query}" if query else "")  # type: ignore[attr-defined]

    def label_from_instance(self, obj: Unit) -> str:
        return label(obj)


class UnitChoiceField(_PickerField, forms.ModelChoiceField):
    """One unit, picked by type-ahead search. Call set_rule(actor, rule) in the form's __init__."""

    widget = UnitPickerWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": OUT_OF_SCOPE})
        kwargs.setdefault("empty_label", "— Chọn đơn vị —")
        super().__init__(Unit.objects.none(), **kwargs)


class UnitMultipleChoiceField(_PickerField, forms.ModelMultipleChoiceField):
    """Several units, picked by type-ahead search. Call set_rule(actor, rule) in the form's __init__."""

    widget = UnitsPickerWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": OUT_OF_SCOPE,
                "invalid_pk_value": "Đơn vị đã chọn không hợp lệ.",
                "required": "Vui lòng chọn ít nhất một đơn vị.",
            },
        )
        super().__init__(Unit.objects.none(), **kwargs)
