from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lamtheo.lib.lists import parse_as_of
from org.selectors import LEVEL_GRASSROOTS, home_summary


@login_required
def home(request):
    """The acting unit's subtree in figures, each linking to the records behind it."""
    on, date_error = parse_as_of(request.GET)
    actor = request.actor
    summary = home_summary(actor, on) if actor.unit_id is not None else None
    return render(
        request,
        "home.html",
        {
            "summary": summary,
            "on": on,
            "on_iso": on.isoformat(),
            "date_error": date_error,
            "level_grassroots": LEVEL_GRASSROOTS,
        },
    )
