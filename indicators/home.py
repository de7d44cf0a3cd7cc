"""Home page panel: the acting unit's key figures for the current year, from the engine, each a link to
the records it counts (lamtheo/home.py). The state figures (units, members) are read on the page's day."""

from datetime import date, timedelta

from lamtheo.home import Panel, register

from . import engine, selectors
from .views import records_url

# The figures an upper unit looks at first, in this order (indicator codes).
KEY_FIGURES = (
    "units_grassroots_by_sector",
    "members_by_sector",
    "plans_issued",
    "tasks_assigned",
    "tasks_late",
)


def _figures(request, on: date):
    actor = request.actor
    if actor.unit_id is None:
        return None
    start, end = date(on.year, 1, 1), on + timedelta(days=1)  # this year, up to the page's day
    window = engine.window_for(start, end)
    try:
        figures = selectors.key_figures(actor, actor.unit_id, window, KEY_FIGURES)
    except engine.IndicatorError:
        return None  # the acting unit did not exist on that day
    cards = []
    by_parts: dict[tuple, list] = {}
    for f in figures:
        url = records_url(f.indicator.code, actor.unit_id, start, end)
        cards.append({"figure": f, "url": url})
        if f.parts:
            by_parts.setdefault(f.indicator.parts, []).append(f)
    breakdowns = []
    for group in by_parts.values():
        codes = []
        for f in group:
            codes += [c for c, _, _ in f.parts if c not in codes]
        values = {f.indicator.code: {c: v for c, _, v in f.parts} for f in group}
        breakdowns.append({
            "indicators": group,
            "heading": "Khu vực" if "sector" in (group[0].indicator.part_field or "") else "Loại",
            "rows": [
                {
                    "code": c,
                    "label": selectors.part_label(group[0].indicator, c),
                    "cells": [
                        (values[f.indicator.code].get(c, 0), f.indicator.unit_of_measure,
                         records_url(f.indicator.code, actor.unit_id, start, end, part=c))
                        for f in group
                    ],
                }
                for c in codes
            ],
            "totals": [(f.value, f.indicator.unit_of_measure, cards[figures.index(f)]["url"]) for f in group],
        })  # fmt: skip
    return {"cards": cards, "breakdowns": breakdowns, "start": start, "on": on}


register(
    Panel(name="indicators.figures", template="indicators/_home_figures.html", context=_figures, order=10)
)
