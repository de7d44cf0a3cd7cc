from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from audit.services import record_many
from lamtheo.testing import actor_for, make_user
from members.services import update_member
from org.models import Unit
from org.services import update_unit

URL = reverse("audit:event_list")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def officer_a(client, tree):
    user = make_user(tree.fed_a)
    client.force_login(user)
    client.user = user
    return client


def shown(response) -> list[AuditEvent]:
    return [row.event for row in response.context["rows"]]


def subtree_ids(unit) -> set[int]:
    return set(Unit.objects.subtree_of(unit.pk).values_list("pk", flat=True))


def test_it_shows_only_the_events_of_the_actors_subtree(officer_a, tree):
    response = officer_a.get(URL)
    assert response.status_code == 200
    events = shown(response)
    in_a = subtree_ids(tree.fed_a)
    expected = AuditEvent.objects.filter(unit_id__in=in_a).count()
    assert response.context["page"].paginator.count == expected > 0
    assert all(e.unit_id in in_a for e in events)


def test_a_user_of_province_b_sees_none_of_province_as_events(client, tree):
    client.force_login(make_user(tree.fed_b))
    response = client.get(URL)
    events = shown(response)
    assert events and all(e.unit_id in subtree_ids(tree.fed_b) for e in events)
    assert not set(e.unit_id for e in events) & subtree_ids(tree.fed_a)
    # Not even by asking for a unit of province A.
    response = client.get(URL, {"unit": tree.fed_a.pk})
    assert "ngoài phạm vi" in response.content.decode()
    assert not {e.unit_id for e in shown(response)} & subtree_ids(tree.fed_a)


def test_it_refuses_members_with_a_vietnamese_message(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    response = client.get(URL)
    assert response.status_code == 403
    assert "chỉ dành cho cán bộ công đoàn" in response.content.decode()


def test_it_filters_by_the_subtree_of_a_unit(officer_a, tree):
    response = officer_a.get(URL, {"unit": tree.district_a1.pk})
    units = {e.unit_id for e in shown(response)}
    assert units <= subtree_ids(tree.district_a1)
    assert {tree.district_a1.pk, tree.cdcs_a1.pk, tree.cdcs_a2.pk} <= units
    only_a1 = officer_a.get(URL, {"unit": tree.cdcs_a1.pk})
    assert {e.unit_id for e in shown(only_a1)} == {tree.cdcs_a1.pk}


def test_it_filters_by_user_record_kind_and_action(officer_a, tree):
    actor = actor_for(tree.fed_a, user=officer_a.user)
    update_unit(actor, unit=tree.district_a1, data={"place": "Đông Sơn"})
    update_member(actor, member=tree.member_a1, data={"position": "Giáo viên"})

    by_user = shown(officer_a.get(URL, {"user": officer_a.user.pk}))
    assert len(by_user) == 2 and all(e.actor_id == officer_a.user.pk for e in by_user)

    members = shown(officer_a.get(URL, {"model": "members.member"}))
    assert members and all(e.model == "members.member" for e in members)

    updates = shown(officer_a.get(URL, {"action": "update", "model": "org.unit"}))
    assert [e.object_id for e in updates] == [str(tree.district_a1.pk)]
    assert updates[0].after == {"place": "Đông Sơn"}

    body = officer_a.get(URL, {"action": "update", "model": "org.unit"}).content.decode()
    assert "<details" in body and "Đông Sơn" in body and "Địa danh" in body
    assert "<code>place</code>" not in body


def test_it_filters_by_period_inclusive_of_both_days(officer_a, tree):
    events = list(AuditEvent.objects.filter(unit=tree.cdcs_a1).order_by("id"))
    first, second = events[0], events[1]
    tz = timezone.get_current_timezone()
    AuditEvent.objects.filter(unit=tree.cdcs_a1).update(at=datetime(2024, 1, 1, 8, tzinfo=tz))
    AuditEvent.objects.filter(pk=first.pk).update(at=datetime(2025, 3, 10, 23, 30, tzinfo=tz))
    AuditEvent.objects.filter(pk=second.pk).update(at=datetime(2025, 3, 12, 0, 15, tzinfo=tz))

    got = shown(
        officer_a.get(URL, {"unit": tree.cdcs_a1.pk, "date_from": "10/03/2025", "date_to": "11/03/2025"})
    )
    assert [e.pk for e in got] == [first.pk]
    got = shown(
        officer_a.get(URL, {"unit": tree.cdcs_a1.pk, "date_from": "2025-03-10", "date_to": "2025-03-12"})
    )
    assert {e.pk for e in got} == {first.pk, second.pk}
    bad = officer_a.get(URL, {"date_from": "12/03/2025", "date_to": "10/03/2025"})
    assert bad.status_code == 200
    assert "phải sau hoặc bằng" in bad.content.decode()
    garbage = officer_a.get(URL, {"date_from": "hôm qua", "user": "abc", "action": "xoa"})
    assert garbage.status_code == 200


def test_it_pages_by_fifty(officer_a, tree):
    record_many(SYSTEM, [
        {"action": "update", "model": "members.member", "object_id": str(i), "unit_id": tree.cdcs_a2.pk,
         "summary": f"Sự kiện {i}"} for i in range(60)
    ])  # fmt: skip
    total = AuditEvent.objects.filter(unit=tree.cdcs_a2).count()
    first = officer_a.get(URL, {"unit": tree.cdcs_a2.pk})
    assert len(shown(first)) == 50
    assert f"unit={tree.cdcs_a2.pk}&amp;page=2" in first.content.decode()
    second = officer_a.get(URL, {"unit": tree.cdcs_a2.pk, "page": 2})
    assert len(shown(second)) == total - 50
    assert not {e.pk for e in shown(first)} & {e.pk for e in shown(second)}


def test_it_makes_as_many_queries_for_a_longer_page(officer_a, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert officer_a.get(URL).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    actor = actor_for(tree.fed_a, user=officer_a.user)
    for i in range(5):
        update_unit(actor, unit=tree.cdcs_a1, data={"place": f"Thôn {i}"})
    assert queries() == first
