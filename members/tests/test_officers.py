"""Officer titles of a unit: assigned and ended by officers of the unit or above, dated, with the decision."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM, NotPermitted
from audit.models import AuditEvent
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import START, actor_for, make_user
from members.models import OfficerRole
from members.services import assign_officer_role, create_member, end_officer_role

CHAIR = OfficerRole.Kind.CHAIR
ON = date(2024, 3, 1)


@pytest.fixture
def district(tree):
    return actor_for(tree.district_a1, Role.UPPER_OFFICER)


def test_an_officer_of_the_unit_or_above_assigns_a_title_with_its_decision(tree, district):
    role = assign_officer_role(district, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=ON,
                               decision_ref="15/QĐ-LĐLĐ", decision_date=date(2024, 2, 25))  # fmt: skip
    assert (role.valid_from, role.decision_ref, role.decision_date) == (ON, "15/QĐ-LĐLĐ", date(2024, 2, 25))
    event = AuditEvent.objects.get(model="members.officerrole", object_id=str(role.pk))
    assert event.after["decision_ref"] == "15/QĐ-LĐLĐ" and "Chủ tịch" in event.summary


@pytest.mark.parametrize(
    "who",
    [
        lambda t: actor_for(t.fed_b, Role.FEDERATION_STAFF),  # another province
        lambda t: actor_for(t.cdcs_a2, Role.GRASSROOTS_CHAIR),  # a sibling union
        lambda t: actor_for(t.cdcs_a1, Role.MEMBER),  # a plain member of the union
        lambda t: actor_for(t.cdcs_a1, Role.INSPECTOR),
    ],
)
def test_outsiders_and_plain_members_can_neither_assign_nor_end(tree, district, who):
    actor = who(tree)
    with pytest.raises(NotPermitted):
        assign_officer_role(actor, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=ON)
    role = assign_officer_role(district, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=ON)
    with pytest.raises(NotPermitted):
        end_officer_role(actor, role=role, on=date(2025, 1, 1))
    role.refresh_from_db()
    assert role.valid_to.year == 9999


def test_it_refuses_a_holder_from_elsewhere_a_second_chair_and_bad_dates(tree, district):
    with pytest.raises(ServiceError, match="không sinh hoạt ở Công đoàn Trường Tiểu học"):
        assign_officer_role(district, member=tree.member_a2, unit=tree.cdcs_a1, kind=CHAIR, on=ON)
    with pytest.raises(ServiceError, match="Chức danh không hợp lệ"):
        assign_officer_role(district, member=tree.member_a1, unit=tree.cdcs_a1, kind="king", on=ON)
    with pytest.raises(ServiceError, match="không hoạt động"):
        assign_officer_role(
            district, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=date(2010, 1, 1)
        )
    first = assign_officer_role(district, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=ON)
    with pytest.raises(ServiceError, match="đang giữ chức danh này"):
        assign_officer_role(
            district, member=tree.member_a1, unit=tree.cdcs_a1, kind=CHAIR, on=date(2024, 6, 1)
        )
    # The district's officers can hold titles of the district: a member of a union below it.
    vice = assign_officer_role(district, member=tree.member_a2, unit=tree.district_a1,
                               kind=OfficerRole.Kind.VICE_CHAIR, on=ON)  # fmt: skip
    assert vice.unit == tree.district_a1
    colleague = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Phạm Thị Hoa", data={}, on=START)
    with pytest.raises(ServiceError, match="đang có Chủ tịch Nguyễn Văn Đức"):
        assign_officer_role(district, member=colleague, unit=tree.cdcs_a1, kind=CHAIR, on=date(2024, 9, 1))
    assign_officer_role(
        district, member=colleague, unit=tree.cdcs_a1, kind=OfficerRole.Kind.VICE_CHAIR, on=ON
    )
    with pytest.raises(ServiceError, match="phải sau ngày bắt đầu"):
        end_officer_role(district, role=first, on=ON)
    ended = end_officer_role(district, role=first, on=date(2025, 1, 1), decision_ref="40/QĐ-LĐLĐ")
    assert ended.end_decision_ref == "40/QĐ-LĐLĐ"
    with pytest.raises(ServiceError, match="đã kết thúc"):
        end_officer_role(district, role=first, on=date(2025, 2, 1))


def test_the_unit_page_lists_its_officers_and_the_officers_page_assigns_and_ends(client, tree):
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER))
    page = client.get(reverse("members:unit_officers", args=[tree.cdcs_a1.pk]), {"q": "Đức"})
    assert page.status_code == 200 and tree.member_a1.full_name in page.text
    response = client.post(
        reverse("members:unit_officers", args=[tree.cdcs_a1.pk]),
        {"member": tree.member_a1.pk, "kind": CHAIR, "on": "01/03/2024", "decision_ref": "15/QĐ-LĐLĐ"},
    )
    assert response.status_code == 302
    role = OfficerRole.objects.get(unit=tree.cdcs_a1)
    unit_page = client.get(reverse("org:unit_detail", args=[tree.cdcs_a1.pk]))
    assert "Cán bộ công đoàn của đơn vị" in unit_page.text
    assert "Nguyễn Văn Đức" in unit_page.text and "15/QĐ-LĐLĐ" in unit_page.text

    missing = client.post(
        reverse("members:unit_officers", args=[tree.cdcs_a1.pk]),
        {"member": tree.member_a1.pk, "kind": CHAIR, "on": "31/02/2024", "decision_ref": ""},
    )
    assert missing.status_code == 200 and "Ghi số quyết định" in missing.text
    response = client.post(
        reverse("members:officer_end", args=[role.pk]), {"on": "01/01/2025", "decision_ref": "40/QĐ"}
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.valid_to == date(2025, 1, 1) and role.end_decision_ref == "40/QĐ"
    history = client.get(reverse("members:unit_officers", args=[tree.cdcs_a1.pk]))
    assert "Lịch sử chức danh" in history.text and "01/01/2025" in history.text


def test_other_provinces_get_404_and_plain_members_403(client, tree):
    client.force_login(make_user(tree.fed_b, Role.FEDERATION_STAFF))
    assert client.get(reverse("members:unit_officers", args=[tree.cdcs_a1.pk])).status_code == 404
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    assert client.get(reverse("members:unit_officers", args=[tree.cdcs_a1.pk])).status_code == 200
    response = client.post(
        reverse("members:unit_officers", args=[tree.cdcs_a1.pk]),
        {"member": tree.member_a1.pk, "kind": CHAIR, "on": "01/03/2024", "decision_ref": "1/QĐ"},
    )
    assert response.status_code == 403 and not OfficerRole.objects.exists()
