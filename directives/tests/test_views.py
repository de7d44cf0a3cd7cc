from datetime import date

import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import Actor
from directives.models import Directive, TaskAssignment
from directives.services import assign_from_document, relay_many
from lamtheo.testing import make_user

from .helpers import SEED_000_ITEMS, district_letter, story


@pytest.fixture
def s(tree):
    return story(tree)


def _login(client, unit, role=Role.FEDERATION_STAFF, username=None):
    client.force_login(make_user(unit, role, username=username or f"v-{role}-{unit.code}".lower()))
    return client


def _assigned(s):
    s.directive = assign_from_document(
        s.fed, document=s.fed_doc, tasks=[{"text": t, "deadline": "30/09/2023"} for t in SEED_000_ITEMS]
    )
    return s.directive


def test_it_prefills_the_assign_page_with_the_five_items_and_the_children(client, s):
    _login(client, s.tree.fed_a)
    page = client.get(reverse("directives:assign", args=[s.fed_doc.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert SEED_000_ITEMS[4] in html
    assert page.context["formset"].total_form_count() == 6  # five suggested + one blank
    assert s.tree.district_a1.name in html and s.civil.name in html


def test_it_creates_the_directive_from_the_edited_form(client, s):
    _login(client, s.tree.fed_a)
    data = {
        "task-TOTAL_FORMS": "3", "task-INITIAL_FORMS": "0", "task-MIN_NUM_FORMS": "0", "task-MAX_NUM_FORMS": "50",
        "task-0-text": SEED_000_ITEMS[0], "task-0-deadline": "30/09/2023",
        "task-1-text": "Xây dựng kế hoạch học tập và làm theo Bác", "task-1-recurrence": "yearly",
        "task-1-period_start": "2021", "task-1-period_end": "2025", "task-1-schedule": "2021: 30/09/2021; khác: Quý I",
        "task-2-text": "Bỏ mục này", "task-2-DELETE": "on",
        "units": [str(s.tree.district_a1.pk)],
    }  # fmt: skip
    response = client.post(reverse("directives:assign", args=[s.fed_doc.pk]), data)
    directive = Directive.objects.get(document=s.fed_doc)
    assert response.status_code == 302 and response.url == reverse("directives:progress", args=[directive.pk])
    rows = TaskAssignment.objects.filter(task__directive=directive)
    assert set(rows.values_list("unit_id", flat=True)) == {s.tree.district_a1.pk}
    assert sorted(rows.values_list("due_date", flat=True)) == [
        date(2021, 9, 30), date(2022, 3, 31), date(2023, 3, 31), date(2023, 9, 30), date(2024, 3, 31), date(2025, 3, 31)
    ]  # fmt: skip


def test_it_shows_form_errors_in_vietnamese(client, s):
    _login(client, s.tree.fed_a)
    data = {
        "task-TOTAL_FORMS": "1", "task-INITIAL_FORMS": "0", "task-MIN_NUM_FORMS": "0", "task-MAX_NUM_FORMS": "50",
        "task-0-text": "Việc", "task-0-deadline": "2023/30/09", "units": [],
    }  # fmt: skip
    page = client.post(reverse("directives:assign", args=[s.fed_doc.pk]), data)
    assert page.status_code == 200
    assert "dd/mm/yyyy" in page.content.decode() and "Chọn ít nhất một đơn vị" in page.content.decode()
    assert not Directive.objects.exists()


def test_it_hides_progress_and_assign_from_province_b(client, s):
    directive = _assigned(s)
    _login(client, s.tree.fed_b)
    assert client.get(reverse("directives:progress", args=[directive.pk])).status_code == 404
    assert client.get(reverse("directives:assign", args=[s.fed_doc.pk])).status_code == 404
    assert client.get(reverse("directives:document_progress", args=[s.fed_doc.pk])).status_code == 404
    page = client.get(reverse("directives:task_list"))
    assert page.status_code == 200 and SEED_000_ITEMS[0][:40] not in page.content.decode()


def test_it_refuses_members_with_403(client, s):
    _assigned(s)
    _login(client, s.tree.fed_a, Role.MEMBER)
    # A plain member does not even see an internal letter (not meant for members): 404, not 403.
    assert client.get(reverse("directives:assign", args=[s.fed_doc.pk])).status_code == 404
    _login(client, s.tree.district_a1, Role.MEMBER, username="member-district")
    row = TaskAssignment.objects.filter(unit=s.tree.district_a1).first()
    assert client.post(reverse("directives:acknowledge", args=[row.pk])).status_code == 403
    row.refresh_from_db()
    assert row.status == "assigned"


def test_it_lets_the_district_acknowledge_relay_and_the_union_report(client, s):
    directive = _assigned(s)
    _login(client, s.tree.district_a1, Role.UPPER_OFFICER, username="officer-district")
    page = client.get(reverse("directives:task_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tiếp nhận" in html and "Triển khai xuống cấp dưới" in html and s.fed_doc.symbol in html

    first = TaskAssignment.objects.filter(unit=s.tree.district_a1).order_by("task__order").first()
    response = client.post(reverse("directives:acknowledge", args=[first.pk]))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "acknowledged"

    letter = district_letter(s)
    district_letter(s, cites=["6713/TLĐ-TG"])  # does not cite the federation: not offered
    page = client.get(reverse("directives:relay", args=[first.pk]))
    assert [d.pk for d in page.context["documents"]] == [letter.pk]
    siblings = [c[0] for c in page.context["form"].fields["assignments"].choices]
    assert len(siblings) == 5
    response = client.post(
        reverse("directives:relay", args=[first.pk]), {"document": letter.pk, "assignments": siblings}
    )
    assert response.status_code == 302
    assert TaskAssignment.objects.filter(parent_assignment__unit=s.tree.district_a1).count() == 15

    _login(client, s.tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chair-a1")
    mine = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).order_by("task__order").first()
    page = client.get(reverse("directives:report_done", args=[mine.pk]))
    assert page.status_code == 200
    client.post(
        reverse("directives:report_done", args=[mine.pk]), {"note": "Hội nghị quán triệt, 45 người dự."}
    )
    mine.refresh_from_db()
    assert mine.status == "done"

    _login(client, s.tree.fed_a, username="fed-viewer")
    page = client.get(reverse("directives:progress", args=[directive.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Đã triển khai xuống cấp dưới" in html and "Đã hoàn thành" in html and "Trễ hạn" in html
    assert s.tree.guild.name in html and "Hội nghị quán triệt, 45 người dự." in html


def test_it_filters_and_pages_the_task_list(client, s):
    _assigned(s)
    relay_many(s.district, assignments=list(TaskAssignment.objects.filter(unit=s.tree.district_a1)),
               relay_document=district_letter(s))  # fmt: skip
    _login(client, s.tree.district_a1, Role.UPPER_OFFICER, username="officer-district")
    page = client.get(reverse("directives:task_list"), {"status": "relayed"})
    assert page.context["page_obj"].paginator.count == 5
    page = client.get(reverse("directives:task_list"), {"status": "assigned"})
    assert page.context["page_obj"].paginator.count == 0


def test_it_renders_the_home_page_fragment(s, rf: RequestFactory):
    _assigned(s)
    request = rf.get("/")
    request.actor = Actor(user=None, unit_id=s.tree.district_a1.pk, role=Role.UPPER_OFFICER)
    html = Template("{% load directives_tags %}{% my_tasks %}").render(RequestContext(request, {}))
    assert "5 chưa hoàn thành" in html and SEED_000_ITEMS[1][:40] in html
    assert Template("{% load directives_tags %}{% my_tasks %}").render(Context({})).strip() == ""
