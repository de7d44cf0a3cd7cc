"""Audit events are scoped by the tree as it stood on the day of each event (history semantics), so the
events of a union that moved or was dissolved stay with the upper units it belonged to then."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from audit.services import record
from lamtheo.testing import actor_for, make_user
from members.services import archive_member
from org.services import dissolve_unit, move_unit

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MOVED_ON = date(2024, 3, 1)


def event(unit, at: datetime, summary: str) -> AuditEvent:
    record(SYSTEM, action=AuditEvent.Action.UPDATE, obj=unit, summary=summary)
    e = AuditEvent.objects.latest("id")
    AuditEvent.objects.filter(pk=e.pk).update(at=at)
    return e


def seen(actor) -> set[str]:
    return set(AuditEvent.objects.visible_to(actor).values_list("summary", flat=True))


@pytest.fixture
def moved(tree):
    """CĐCS A1 leaves province A for province B on 01/03/2024; events on either side of midnight."""
    event(tree.cdcs_a1, datetime(2024, 2, 29, 23, 30, tzinfo=VN), "trước khi chuyển")
    event(tree.cdcs_a1, datetime(2024, 3, 1, 0, 30, tzinfo=VN), "sau khi chuyển")
    move_unit(SYSTEM, unit=tree.cdcs_a1, new_parent=tree.fed_b, on=MOVED_ON)
    return tree


def test_an_event_stays_with_the_province_the_union_belonged_to_on_its_day(moved):
    officer_a = actor_for(moved.fed_a, Role.FEDERATION_STAFF, user=object())
    officer_b = actor_for(moved.fed_b, Role.FEDERATION_STAFF, user=object())
    assert {"trước khi chuyển"} <= seen(officer_a) and "sau khi chuyển" not in seen(officer_a)
    assert "sau khi chuyển" in seen(officer_b) and "trước khi chuyển" not in seen(officer_b)


def test_the_events_of_a_dissolved_union_stay_on_the_upper_units_audit_page(client, tree):
    archive_member(SYSTEM, member=tree.member_a2, on=date(2024, 4, 1))
    event(tree.cdcs_a2, datetime(2024, 4, 15, 9, tzinfo=VN), "việc của công đoàn đã giải thể")
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=date(2024, 5, 1))
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER))
    response = client.get(reverse("audit:event_list"))
    assert "việc của công đoàn đã giải thể" in response.text
    assert "việc của công đoàn đã giải thể" not in seen(actor_for(tree.fed_b, user=object()))


def test_members_and_inspectors_do_not_read_the_audit_log(tree):
    event(tree.cdcs_a1, datetime(2024, 2, 1, 9, tzinfo=VN), "một việc")
    assert seen(actor_for(tree.cdcs_a1, Role.MEMBER)) == set()
    assert seen(actor_for(tree.cdcs_a1, Role.INSPECTOR)) == set()
    assert "một việc" in seen(actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR))
