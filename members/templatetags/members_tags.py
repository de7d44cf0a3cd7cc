"""{% load members_tags %}{% unit_officers_card unit %}: the unit's current officers, for the unit page."""

from django import template

register = template.Library()


@register.inclusion_tag("members/_unit_officers_card.html", takes_context=True)
def unit_officers_card(context, unit):
    from members.officer_pages import unit_roles

    current, _past = unit_roles(unit)
    return {"unit": unit, "current": current}
