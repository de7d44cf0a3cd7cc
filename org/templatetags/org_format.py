"""Vietnamese number display: 4101 -> "4.101" (the vi locale of Django does not group digits)."""

from django import template

register = template.Library()


@register.filter
def so(value) -> str:
    """An integer with "." between thousands, as Vietnamese documents write it; other values unchanged."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return f"{value:,}".replace(",", ".")
