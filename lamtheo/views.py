from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views import defaults

from documents.models import Status
from documents.selectors import search_documents
from lamtheo.api import not_found_response, server_error_response
from lamtheo.home import Audience, render_panels
from lamtheo.lib.lists import parse_as_of
from members.selectors import member_home
from org.models import Unit


@login_required
def home(request):
    """The acting unit's page: the panels its apps contribute (lamtheo/home.py), as of a day."""
    actor = request.actor
    if actor.unit_id is not None and not actor.sees_member_lists:
        return _member_home(request)
    on, date_error = parse_as_of(request.GET)
    unit = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id is not None else None
    return render(
        request,
        "home.html",
        {
            "unit": unit,
            "panels": render_panels(request, Audience.OFFICER, on) if unit else [],
            "on": on,
            "on_iso": on.isoformat(),
            "date_error": date_error,
        },
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    """404: the JSON error shape under /api/, the site's Vietnamese page elsewhere (404.html)."""
    if _is_api(request):
        return not_found_response(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 outside the API's own handler (e.g. a middleware fault): JSON under /api/, else 500.html."""
    if _is_api(request):
        return server_error_response(request)
    return defaults.server_error(request)


MEMBER_HOME_DOCUMENTS = 10


def _member_home(request):
    """A plain member's home: their record, their union's officers, the latest documents addressed to
    their union (later: their pledge and study), not the officers' figures and lists."""
    actor = request.actor
    documents = search_documents(actor).exclude(status=Status.DRAFT).order_by("-date", "-id")
    documents = documents[:MEMBER_HOME_DOCUMENTS]
    on, _ = parse_as_of(request.GET)
    panels = render_panels(request, Audience.MEMBER, on)
    return render(
        request, "member_home.html", {**member_home(actor), "documents": documents, "panels": panels}
    )
