"""Home page panel: the acting unit's open tasks."""

from directives.selectors import tasks_for_unit
from lamtheo.home import Panel, register


def _my_tasks(request, on):
    actor = request.actor
    if actor.unit_id is None:
        return None
    return {"my_tasks": tasks_for_unit(actor), "own": True}


register(
    Panel(name="directives.my_tasks", template="directives/_home_tasks.html", context=_my_tasks, order=50)
)
