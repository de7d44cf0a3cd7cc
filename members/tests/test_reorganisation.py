"""Members follow their union through reorganisations; a dissolved union's members wait for a
transfer on the upper unit's page instead of being stranded (unit=None, not archived)."""

from datetime import date

import pytest

from accounts.models import Assignment, Role
from accounts.scoping import SYSTEM
from accounts.services import create_user_with_assignment
from audit.models import AuditEvent
from lamtheo.lib.dates import OPEN_END
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import make_user
from members.models import Member, Membership, OfficerRole
from members.reorganisation import WAITING_REASON, preview_lines
from members.services import archive_member, assign_officer_role
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


def _accounts(user):
    return [
        (a.unit_id, a.role, a.valid_from, a.valid_to)
        for a in Assignment.objects.filter(user=user).order_by("valid_from")
    ]


def test_a_merge_ends_the_titles_and_carries_the_accounts_to_the_successor(tree):
    chair = assign_officer_role(
        SYSTEM, member=tree.member_a2, unit=tree.cdcs_a2, kind=OfficerRole.Kind.CHAIR, on=date(2023, 1, 1)
    )
    officer = make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR)
    own, _ = create_user_with_assignment(
        SYSTEM, username="dv-anh", password="x-Secret-123", unit=tree.cdcs_a2, role=Role.MEMBER,
        member=tree.member_a2,
    )  # fmt: skip
    merge_units(
        SYSTEM, sources=[tree.cdcs_a2], target=tree.cdcs_a1, parent=None, on=D, decision_ref="15/QĐ-LĐLĐ"
    )
    chair.refresh_from_db()
    assert (chair.valid_to, chair.end_decision_ref) == (D, "15/QĐ-LĐLĐ")
    end = OPEN_END
    assert _accounts(officer) == [
        (tree.cdcs_a2.pk, Role.GRASSROOTS_CHAIR, date(2000, 1, 1), D),
        (tree.cdcs_a1.pk, Role.GRASSROOTS_CHAIR, D, end),
    ]
    assert _accounts(own) == [
        (tree.cdcs_a2.pk, Role.MEMBER, date(2000, 1, 1), D),
        (tree.cdcs_a1.pk, Role.MEMBER, D, end),
    ]
    summaries = AuditEvent.objects.filter(model="accounts.assignment").values_list("summary", flat=True)
    assert any("chuyển sang đơn vị tiếp nhận" in s for s in summaries)


def test_a_dissolution_ends_the_titles_and_the_accounts(tree):
    assign_officer_role(
        SYSTEM, member=tree.member_a2, unit=tree.cdcs_a2, kind=OfficerRole.Kind.CHAIR, on=date(2023, 1, 1)
    )
    officer = make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR)
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=D)
    assert not OfficerRole.objects.filter(valid_to__gt=D).exists()
    assert _accounts(officer) == [(tree.cdcs_a2.pk, Role.GRASSROOTS_CHAIR, date(2000, 1, 1), D)]


def test_a_title_given_after_the_merge_date_refuses_it(tree):
    assign_officer_role(
        SYSTEM, member=tree.member_a2, unit=tree.cdcs_a2, kind=OfficerRole.Kind.CHAIR, on=date(2025, 9, 1)
    )
    with pytest.raises(ServiceError, match="01/09/2025"):
        merge_units(SYSTEM, sources=[tree.cdcs_a2], target=tree.cdcs_a1, parent=None, on=D)


def test_the_confirmation_page_says_what_happens_to_titles_and_accounts(tree):
    assign_officer_role(
        SYSTEM, member=tree.member_a2, unit=tree.cdcs_a2, kind=OfficerRole.Kind.CHAIR, on=date(2023, 1, 1)
    )
    make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR)
    lines = preview_lines([tree.cdcs_a2], "Công đoàn mới", D)
    assert lines == [
        "1 chức danh cán bộ đang giữ tại các đơn vị kết thúc sẽ kết thúc ngày 01/07/2025: cần bầu, chỉ định lại "
        "tại Công đoàn mới",
        "1 tài khoản cán bộ của các đơn vị kết thúc chuyển sang Công đoàn mới, giữ vai trò cũ",
    ]
