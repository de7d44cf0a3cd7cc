"""Home page panels: an upper unit's lagging unions this quarter; a grassroots union's items still to study."""

from django.http import Http404

from lamtheo.home import Panel, register
from lamtheo.lib.periods import PeriodKind, period_containing
from org.models import Unit

from . import selfstudy_home  # noqa: F401  (a member's self-study panel)
from .selectors import coverage

MAX_SHOWN = 10


def _quarter_coverage(request, on):
    actor = request.actor
    if actor.unit_id is None:
        return None, None
    unit = Unit.objects.filter(pk=actor.unit_id).first()
    if unit is None:
        return None, None
    period = period_containing(PeriodKind.QUARTER, on)
    try:
        return unit, coverage(actor, unit, period.start.year, (period.start.month - 1) // 3 + 1)
    except Http404:  # the day asked is before the unit existed
        return None, None


def _lagging(request, on):
    actor = request.actor
    unit = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    if unit is None or unit.is_grassroots:
        return None
    unit, cov = _quarter_coverage(request, on)
    if cov is None or not cov.rows:
        return None
    return {"cov": cov, "lagging": cov.lagging[:MAX_SHOWN], "more": max(len(cov.lagging) - MAX_SHOWN, 0)}


def _to_study(request, on):
    actor = request.actor
    unit = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    if unit is None or not unit.is_grassroots:
        return None
    unit, cov = _quarter_coverage(request, on)
    row = next((r for r in cov.rows if r.unit.pk == unit.pk), None) if cov else None  # type: ignore[union-attr]
    if row is None or not row.scheduled:
        return None
    return {"cov": cov, "row": row}


register(Panel(name="study.lagging", template="study/_home_lagging.html", context=_lagging, order=60))
register(Panel(name="study.to_study", template="study/_home_to_study.html", context=_to_study, order=60))
