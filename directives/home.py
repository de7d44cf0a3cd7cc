"""Home page panels: the directives the acting unit issued, with their progress and the late units first;
the acting unit's open tasks."""

from directives.progress import issued_overview, issues_directives
from directives.selectors import tasks_for_unit
from lamtheo.home import Panel, register


def _issued(request, on):
    """None unless the acting unit issued directives (a grassroots union that only receives sees none)."""
    actor = request.actor
    overview = issued_overview(actor, actor.unit_id)
    return None if overview is None else {"issued": overview}


def _my_tasks(request, on):
    """The acting unit's open tasks; left out for a unit that has none and issues directives itself (its
    panel above says how they go, instead of "no open tasks")."""
    actor = request.actor
    if actor.unit_id is None:
        return None
    mine = tasks_for_unit(actor)
    if not mine.open_count and not mine.late_count and issues_directives(actor, actor.unit_id):
        return None
    return {"my_tasks": mine, "own": True}


register(Panel(name="directives.issued", template="directives/_home_issued.html", context=_issued, order=45))
register(
    Panel(name="directives.my_tasks", template="directives/_home_tasks.html", context=_my_tasks, order=50)
)
