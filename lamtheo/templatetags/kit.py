"""Template filters of the list kit, available in every template (settings.TEMPLATES builtins)."""

from django import template

from lamtheo.lib.lists import format_figure, format_number

register = template.Library()


@register.filter
def so(value) -> str:
    """4101 -> "4.101" (Django's vi locale does not group digits); other values unchanged."""
    return format_number(value)


@register.filter
def chiso(value, unit_of_measure: str = "") -> str:
    """A figure with its unit's format: 4.101; 98,5 %; 3,2 tỷ đồng (lamtheo.lib.lists.format_figure)."""
    return format_figure(value, unit_of_measure)


@register.filter
def names_except(units, unit) -> list[str]:
    """The names of `units` other than `unit` (a reorganisation's other units), for |join:"; "."""
    return [u.name for u in units if u.pk != unit.pk]
