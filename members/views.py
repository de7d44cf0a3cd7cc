from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Member


@login_required
def member_list(request):
    members = Member.objects.current().visible_to(request.actor).select_related("unit")[:50]
    return render(request, "members/member_list.html", {"members": members})


@login_required
def member_detail(request, pk: int):
    member = get_object_or_404(Member.objects.visible_to(request.actor), pk=pk)
    return render(request, "members/member_detail.html", {"member": member})


@login_required
def import_start(request):
    return render(request, "members/import.html", {})
