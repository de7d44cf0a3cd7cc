from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import AuditEvent


@login_required
def event_list(request):
    events = AuditEvent.objects.visible_to(request.actor).select_related("actor", "unit")[:100]
    return render(request, "audit/event_list.html", {"events": events})
