"""The progress page stays bounded: summary counts per level, then one page of assignments."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from directives.models import TaskAssignment
from directives.progress_views import PROGRESS_PAGE_SIZE
from directives.services import assign_from_document, relay_many, report_done
from lamtheo.testing import make_user, unit
from org.models import UnitKind

from .helpers import FED_DATE, SEED_000_ITEMS, at, district_letter, issue, story


def _directive(tree, extra_units: int):
    for i in range(extra_units):
        unit(f"CDCS-X{i}", f"Công đoàn Công ty số {i:03d}", UnitKind.GRASSROOTS, tree.fed_a)
    st = story(tree)
    st.directive = assign_from_document(
        st.fed, document=st.fed_doc, tasks=[{"text": t, "deadline": "30/09/2023"} for t in SEED_000_ITEMS]
    )
    rows = list(TaskAssignment.objects.filter(unit=tree.district_a1))
    relay_many(st.district, assignments=rows, relay_document=district_letter(st))
    a1 = TaskAssignment.objects.filter(unit=tree.cdcs_a1).order_by("task__order").first()
    report_done(st.chair_a1, assignment=a1, note="Đã họp.", at=at(date(2023, 10, 3)))
    return st


def _page(client, st, **params):
    client.force_login(st.fed.user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("directives:progress", args=[st.directive.pk]), params)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


@pytest.mark.parametrize("extra", [0, 60])
def test_it_counts_each_level_and_pages_the_detail(client, tree, extra):
    st = _directive(tree, extra)
    response, _ = _page(client, st, xem="luot-giao")
    first = response.context["tasks"][0]
    levels = {lv.kind: lv.counts for lv in first.occurrences[0].levels}
    upper = levels[UnitKind.UPPER_GRASSROOTS]  # the district (relayed) and the civil servants' union
    assert (upper.total, upper.relayed, upper.assigned, upper.late) == (2, 1, 1, 2)
    grassroots = levels[UnitKind.GRASSROOTS]  # a1 (done after the deadline), a2, the extras
    assert (grassroots.total, grassroots.done, grassroots.late) == (2 + extra, 1, 2 + extra)
    assert levels[UnitKind.GUILD].total == 1
    assert first.counts.total == 5 + extra
    page = response.context["page_obj"]
    assert page.paginator.count == 5 * (5 + extra)
    assert len(page.object_list) == min(PROGRESS_PAGE_SIZE, page.paginator.count)


def test_it_filters_the_detail_to_the_late_of_one_task_and_level(client, tree):
    st = _directive(tree, 0)
    response, _ = _page(client, st, task="1", status="late", level=UnitKind.GRASSROOTS)
    rows = list(response.context["page_obj"].object_list)
    assert {a.unit_id for a in rows} == {tree.cdcs_a1.pk, tree.cdcs_a2.pk}
    assert all(a.late and a.task.order == 1 for a in rows)
    assert "Nhắc" in response.content.decode() and "Trả lại" in response.content.decode()
    response, _ = _page(client, st, xem="luot-giao", task="xyz", status="bogus", level="nowhere", page="999")
    assert response.context["page_obj"].paginator.count == 25


def test_its_query_count_does_not_grow_with_the_units(client, tree):
    st = _directive(tree, 0)
    small = _page(client, st, xem="luot-giao")[1]
    for i in range(70):
        unit(f"CDCS-Y{i}", f"Công đoàn Hợp tác xã {i:03d}", UnitKind.GRASSROOTS, tree.fed_a)
    letter = issue(st.fed, tree.fed_a, subject="một văn bản khác", on=FED_DATE, items=SEED_000_ITEMS)
    st.directive = assign_from_document(
        st.fed, document=letter, tasks=[{"text": t, "deadline": "30/09/2023"} for t in SEED_000_ITEMS]
    )
    response, bigger = _page(client, st, xem="luot-giao")
    assert response.context["page_obj"].paginator.count == 5 * 72
    assert bigger == small


def test_upper_units_remind_and_return_from_the_progress_page(client, tree):
    st = _directive(tree, 0)
    done = TaskAssignment.objects.get(unit=tree.cdcs_a1, task__order=1)
    open_one = TaskAssignment.objects.get(unit=tree.cdcs_a2, task__order=1)
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER, username="district-progress"))
    back = reverse("directives:progress", args=[st.directive.pk])
    response = client.post(reverse("directives:remind", args=[open_one.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    open_one.refresh_from_db()
    assert open_one.reminded_at is not None
    assert client.get(reverse("directives:report_done", args=[open_one.pk])).status_code == 403
    assert client.get(reverse("directives:relay", args=[open_one.pk])).status_code == 403
    assert client.post(reverse("directives:acknowledge", args=[open_one.pk])).status_code == 403

    page = client.post(reverse("directives:return_report", args=[done.pk]), {"reason": ""})
    assert "Cần nêu lý do trả lại báo cáo." in page.content.decode()
    response = client.post(reverse("directives:return_report", args=[done.pk]), {"reason": "Thiếu số liệu"})
    assert response.status_code == 302
    done.refresh_from_db()
    assert done.status == "acknowledged" and done.done_at is None
    assert done.return_reason == "Thiếu số liệu"

    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chair-progress"))
    assert client.get(reverse("directives:return_report", args=[done.pk])).status_code == 403
    html = client.get(reverse("directives:task_list")).content.decode()
    assert "Cấp trên trả lại báo cáo" in html and "Thiếu số liệu" in html
