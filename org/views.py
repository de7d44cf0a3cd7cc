from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from lamtheo.lib.dates import today

from .models import Unit
from .selectors import children_on


@login_required
def tree(request):
    on = today()
    root = Unit.objects.visible_to(request.actor).filter(pk=request.actor.unit_id).first()
    return render(
        request,
        "org/tree.html",
        {"root": root, "children": children_on(root.pk, on) if root else [], "on": on},
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit.objects.visible_to(request.actor), pk=pk)
    return render(request, "org/unit_detail.html", {"unit": unit})
