from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lamtheo.lib.lists import paginate

from . import selectors
from .filters import EventFilterSet

PAGE_SIZE = 50


@login_required
@require_GET
def event_list(request):
    """The change log of the actor's subtree, for officers."""
    actor = request.actor
    if not actor.is_officer:
        raise PermissionDenied(
            "Nhật ký thay đổi chỉ dành cho cán bộ công đoàn. Tài khoản của bạn không có quyền xem."
        )
    params = request.GET.copy()
    params.pop("page", None)
    filterset = EventFilterSet(params, actor=actor)
    events = selectors.events(actor, **filterset.event_arguments())
    page = paginate(request, events, PAGE_SIZE)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": filterset.form,
            "page": page,
            "rows": selectors.event_rows(page.object_list),
            "query": params.urlencode(),
        },
    )
