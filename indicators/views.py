"""The "Số liệu" page of the acting unit and the drill-down to the records behind each figure."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lamtheo.lib.dates import parse_date, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.lists import paginate
from org.models import Unit

from . import engine, selectors
from .registry import all_indicators, get

PAGE_SIZE = 50


def _period(request) -> tuple[date, date, str, str]:
    """[start, end) from a preset or from/to (to inclusive); an error message instead of a crash."""
    now = today()
    presets = selectors.presets(now)
    chosen = request.GET.get("ky", "")
    for code, _label, start, end in presets:
        if code == chosen:
            return start, end, code, ""
    try:
        start = parse_date(request.GET.get("from")) or date(now.year, 1, 1)
        last = parse_date(request.GET.get("to")) or date(now.year, 12, 31)
    except ServiceError as exc:
        return date(now.year, 1, 1), date(now.year + 1, 1, 1), "", exc.message
    if last < start:
        return date(now.year, 1, 1), date(now.year + 1, 1, 1), "", "Ngày cuối kỳ phải sau ngày đầu kỳ."
    return start, last + timedelta(days=1), "", ""


def _link(code: str, unit_id: int, start: date, end: date, **extra) -> str:
    from django.urls import reverse

    params = {"from": start.isoformat(), "to": (end - timedelta(days=1)).isoformat(), **extra}
    return (
        reverse("indicators:records", args=[unit_id, code])
        + "?"
        + urlencode({k: v for k, v in params.items() if v})
    )


@require_GET
@login_required
def figures(request):
    actor = request.actor
    if actor.unit_id is None:
        raise Http404
    start, end, preset, error = _period(request)
    window = engine.window_for(start, end)
    unit = Unit.objects.get(pk=actor.unit_id)
    rows = selectors.table(actor, unit.pk, window)
    years = [y for y, _ in rows[0].years] if rows else []
    table = [
        {
            "indicator": r.indicator,
            "total": r.total,
            "total_url": _link(r.indicator.code, unit.pk, start, end),
            "parts": [
                (label, v, _link(r.indicator.code, unit.pk, start, end, part=c)) for c, label, v in r.parts
            ],
            "years": [
                (v, _link(r.indicator.code, unit.pk, max(start, date(y, 1, 1)), min(end, date(y + 1, 1, 1))))
                for y, v in r.years
            ],
        }
        for r in rows
    ]
    chosen = get(request.GET.get("chi_tieu", "")) or (all_indicators()[0] if all_indicators() else None)
    children = []
    if chosen is not None:
        for c in selectors.children(actor, chosen, unit.pk, window):
            url = (
                _link(chosen.code, c.unit.pk, start, end, within=unit.pk)
                if c.unit
                else _link(chosen.code, unit.pk, start, end, own="1")
            )
            children.append({"row": c, "url": url})
    chosen_row = next((t for t in table if chosen and t["indicator"].code == chosen.code), None)
    return render(request, "indicators/figures.html", {
        "chosen_parts": chosen_row["parts"] if chosen_row else [],
        "unit": unit, "start": start, "last": end - timedelta(days=1), "preset": preset, "error": error,
        "presets": selectors.presets(today()), "years": years, "table": table, "chosen": chosen,
        "indicators": all_indicators(), "children": children,
    })  # fmt: skip


@require_GET
@login_required
def records(request, unit_id: int, code: str):
    ind = get(code)
    if ind is None or ind.records is None:
        raise Http404
    actor = request.actor
    start, end, _preset, error = _period(request)
    try:
        within = int(request.GET["within"]) if request.GET.get("within") else None
    except ValueError:
        raise Http404 from None
    window = engine.window_for(start, end)
    try:
        # A child cell may name a unit that left the actor's subtree since: its upper unit is checked,
        # and the records are limited to the actor's subtree on their dates anyway.
        engine.check_unit(actor, within if within is not None else unit_id, window.on)
    except engine.IndicatorError:
        raise Http404 from None
    qs = engine.records(actor, ind, unit_id, window, within=within, own=request.GET.get("own") == "1")
    part = request.GET.get("part", "")
    qs = engine.records_for_part(qs, ind, part).order_by("pk")
    page = paginate(request, qs, PAGE_SIZE)
    return render(request, "indicators/records.html", {
        "indicator": ind, "unit": Unit.objects.get(pk=unit_id), "start": start, "last": end - timedelta(days=1),
        "part_label": ind.part_label(part) if part else "", "page": page, "error": error,
        "rows": [_row(obj) for obj in page.object_list], "count": page.paginator.count,
    })  # fmt: skip


def _row(obj) -> tuple[str, str]:
    """A record's label and link: a membership is shown as its member."""
    target = getattr(obj, "member", None) or obj
    url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
    return str(target), url
