"""Members follow their union through reorganisations; a dissolved union's members wait for a
transfer on the upper unit's page instead of being stranded (unit=None, not archived)."""

from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import make_user
from members.models import Member, Membership
from members.reorganisation import WAITING_REASON
from members.services import archive_member
from members.waiting import waiting_for_transfer
from org.services import dissolve_unit, merge_units

D = date(2025, 7, 1)


def test_members_of_a_dissolved_union_are_archived_as_waiting_for_a_transfer(tree):
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D)
    member = Member.objects.get(pk=tree.member_a2.pk)
    assert member.unit_id is None and member.archived_at is not None
    assert Membership.objects.get(member=member).valid_to == D
    event = AuditEvent.objects.filter(object_id=str(member.pk), action=AuditEvent.Action.ARCHIVE).get()
    assert event.after["reason"] == WAITING_REASON
    assert [m.member_id for m in waiting_for_transfer(tree.district_a1)] == [member.pk]
    assert [m.member_id for m in waiting_for_transfer(tree.fed_a)] == [member.pk]
    assert list(waiting_for_transfer(tree.fed_b)) == []


def test_the_upper_unit_lists_them_and_places_them_in_a_new_union(client, tree):
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D)
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER))
    page = client.get(f"/to-chuc/don-vi/{tree.district_a1.pk}/")
    assert f"/doan-vien/cho-chuyen/{tree.district_a1.pk}/" in page.content.decode()
    url = f"/doan-vien/cho-chuyen/{tree.district_a1.pk}/"
    listing = client.get(url).content.decode()
    assert "Trần Thị Ánh" in listing and "Công đoàn Công ty TNHH Đức Thành" in listing
    answer = client.post(url, {"member": tree.member_a2.pk, "unit": tree.cdcs_a1.pk, "on": "02/07/2025"})
    assert answer.status_code == 302
    member = Member.objects.get(pk=tree.member_a2.pk)
    assert member.unit_id == tree.cdcs_a1.pk and member.archived_at is None
    assert list(waiting_for_transfer(tree.district_a1)) == []


def test_another_province_cannot_open_the_list(client, tree):
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D)
    client.force_login(make_user(tree.fed_b))
    assert client.get(f"/doan-vien/cho-chuyen/{tree.district_a1.pk}/").status_code == 404


def test_a_merge_dated_before_a_member_left_is_refused(tree):
    archive_member(SYSTEM, member=tree.member_a2, on=date(2025, 9, 1), reason="Nghỉ việc")
    with pytest.raises(ServiceError, match="01/09/2025"):
        merge_units(SYSTEM, sources=[tree.cdcs_a2], target=tree.cdcs_a1, parent=None, on=D)
