"""Template filters of the list kit, available in every template (settings.TEMPLATES builtins)."""

from django import template

from lamtheo.lib.lists import format_number

register = template.Library()


@register.filter
def so(value) -> str:
    """4101 -> "4.101" (Django's vi locale does not group digits); other values unchanged."""
    return format_number(value)
