"""Home page panel: the acting unit's subtree in figures (units by level and sector, members)."""

from lamtheo.home import Panel, register
from org.selectors import LEVEL_GRASSROOTS, home_summary


def _figures(request, on):
    actor = request.actor
    if actor.unit_id is None:
        return None
    return {"summary": home_summary(actor, on), "level_grassroots": LEVEL_GRASSROOTS}


register(Panel(name="org.figures", template="org/_home_figures.html", context=_figures, order=10))
