"""{% load directives_tags %}{% my_tasks %}: the acting unit's open tasks, for its home page;
{% unit_tasks unit %}: the same card for the unit page of any unit the actor sees."""

from django import template

register = template.Library()


@register.inclusion_tag("directives/_my_tasks.html", takes_context=True)
def my_tasks(context):
    from directives.selectors import tasks_for_unit

    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or actor.unit_id is None:
        return {"my_tasks": None}
    return {"my_tasks": tasks_for_unit(actor), "own": True}


@register.inclusion_tag("directives/_my_tasks.html", takes_context=True)
def unit_tasks(context, unit):
    from directives.selectors import tasks_for_unit

    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None:
        return {"my_tasks": None}
    return {"my_tasks": tasks_for_unit(actor, unit.pk, limit=5), "own": unit.pk == actor.unit_id}


@register.filter
def occurrence_label(assignment) -> str:
    """{{ a|occurrence_label }}: "Báo cáo 6 tháng năm 2026", "Quý II/2026"… for an occurrence of a
    recurring task, "" for a one-off task (the assignment's task must be loaded already)."""
    from directives.schedule import task_occurrence_label

    return task_occurrence_label(assignment.task, assignment.due_date)
