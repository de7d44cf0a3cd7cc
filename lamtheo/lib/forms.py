"""The forms kit: the dd/mm/yyyy date field, Bootstrap rendering and refused changes shown on pages.

Refusals, one mapping for every app: a view catches `ServiceError` around its service call; on a page
with a form it calls `apply_service_error(form, exc)` (the message on the field or the form, refusals of
role or scope included); on a page without a form (a button that posts) `flash_service_error(request,
exc)`: a refusal of role or scope (`Refused`) becomes the 403 page with its message, any other refused
change a message on the next page. A view that lets a `Refused` through gets the 403 page as well.

Bootstrap comes from the project's form renderer (settings.FORM_RENDERER = BootstrapRenderer): every
widget gets its Bootstrap class and `is-invalid` when its field has errors, and `{{ field.as_field_group }}`
renders label, widget, help and errors through one template (forms/field.html). Forms therefore
subclass plain `forms.Form`; no mixin adds classes.
"""

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from .dates import format_vn, parse_date
from .errors import Refused, ServiceError


class DateField(forms.Field):
    """A date typed as dd/mm/yyyy, read by lamtheo.lib.dates.parse_date.

    A text input, not `type="date"`: browsers show the native picker in the device's locale (often
    mm/dd/yyyy), while officers type and read dd/mm/yyyy. `inputmode` brings the numeric keypad on phones.
    """

    widget = forms.TextInput(
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off", "maxlength": 10}
    )
    default_error_messages = {"required": "Vui lòng nhập ngày."}

    def prepare_value(self, value: Any) -> Any:
        return format_vn(value) if isinstance(value, date) else value

    def to_python(self, value: Any) -> date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, str) and len(value) > 40:
            raise forms.ValidationError("Ngày không đúng dạng ngày/tháng/năm.")
        try:
            return parse_date(value)
        except ServiceError as exc:
            raise forms.ValidationError(exc.message) from None


def apply_service_error(form: forms.Form, exc: ServiceError, fields: dict[str, str] | None = None) -> None:
    """Show a refused change on the field it concerns, or on the form when no field of it matches.

    `fields` maps a service's field name to the form's when they differ (the service says "parent",
    the form calls it "new_parent")."""
    name = (fields or {}).get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def flash_service_error(request, exc: ServiceError) -> None:
    """A refused change on a page without a form: the 403 page for a refusal of role or scope (Refused),
    an error message shown on the next page for any other."""
    if isinstance(exc, Refused):
        raise exc
    messages.error(request, exc.message)


def _bootstrap_class(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    if isinstance(widget, forms.HiddenInput):
        return ""
    return "form-control"


class BootstrapBoundField(BoundField):
    """Adds the widget's Bootstrap class, and `is-invalid` once the field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
        wanted = _bootstrap_class(widget)
        if wanted and wanted not in classes:
            classes.insert(0, wanted)
        if self.form.is_bound and self.errors and "is-invalid" not in classes:
            classes.append("is-invalid")
        if classes:
            attrs["class"] = " ".join(classes)
        return attrs


class BootstrapRenderer(TemplatesSetting):
    """The project's form renderer: templates from the project (forms/…), Bootstrap bound fields."""

    form_template_name = "forms/div.html"
    field_template_name = "forms/field.html"
    bound_field_class = BootstrapBoundField
