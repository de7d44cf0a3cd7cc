"""Refusals on the directives pages, mapped by the kit (lamtheo.lib.forms): on a form page the message
is on the form; a button without a form gives the 403 page with the message."""

from django.urls import reverse

from accounts.models import Role
from directives.models import TaskAssignment
from directives.services import NotAllowed
from lamtheo.testing import make_user

from .test_progress_page import _directive


def test_a_refused_report_shows_its_message_on_the_form(client, tree, monkeypatch):
    _directive(tree, 0)
    open_one = TaskAssignment.objects.get(unit=tree.cdcs_a2, task__order=1)

    def refuse(actor, **kwargs):
        raise NotAllowed("Vai trò của bạn không được cập nhật nhiệm vụ này.")

    monkeypatch.setattr("directives.services.report_done", refuse)
    client.force_login(make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR, username="chair-a2-refused"))
    response = client.post(reverse("directives:report_done", args=[open_one.pk]), {"note": "Đã họp."})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Vai trò của bạn không được cập nhật nhiệm vụ này."
    ]
    open_one.refresh_from_db()
    assert open_one.done_at is None


def test_a_refused_button_is_the_403_page_with_the_message(client, tree):
    _directive(tree, 0)
    open_one = TaskAssignment.objects.get(unit=tree.cdcs_a2, task__order=1)
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER, username="district-refused"))
    response = client.post(reverse("directives:acknowledge", args=[open_one.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không có quyền truy cập" in body and "tiếp nhận, triển khai và báo cáo nhiệm vụ" in body
    open_one.refresh_from_db()
    assert open_one.acknowledged_at is None
