from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lamtheo.lib.lists import paginate

from . import selectors
from .forms import EventFilterForm

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
    form = EventFilterForm(params or None, actor=actor)
    events = selectors.events(actor, **form.filters())
    page = paginate(request, events, PAGE_SIZE)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.event_rows(page.object_list),
            "query": params.urlencode(),
        },
    )
