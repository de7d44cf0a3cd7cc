"""Personal data (birth date, CCCD, phone) never leaks: the duplicate-CCCD message, members who left
for another province, a member's own page, and a plain member's reach (issue: foundation faults, 3)."""

import io
import json
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM, Actor
from accounts.services import create_user_with_assignment
from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import PASSWORD, actor_for, make_user
from members.models import Member
from members.services import archive_member, create_member, transfer_members

CCCD_A1 = "001090000001"  # tree.member_a1, Nguyễn Văn Đức, union CĐCS A1 of province A
LIST = reverse("members:member_list")


def member_user(tree, member, username="doanvien"):
    user, _ = create_user_with_assignment(
        SYSTEM, username=username, password=PASSWORD, unit=member.unit, role=Role.MEMBER, member=member
    )
    return user


# --- the duplicate-CCCD message ------------------------------------------------------------------


def test_the_duplicate_cccd_message_names_the_other_member_only_in_scope(tree):
    outsider = actor_for(tree.fed_b, Role.FEDERATION_STAFF, user=object())
    with pytest.raises(ServiceError) as refused:
        create_member(outsider, unit=tree.cdcs_b1, full_name="Người Khác", data={"id_number": CCCD_A1})
    assert "Nguyễn Văn Đức" not in refused.value.message
    assert "ngoài phạm vi quản lý" in refused.value.message
    insider = actor_for(tree.district_a1, Role.UPPER_OFFICER, user=object())
    with pytest.raises(ServiceError) as named:
        create_member(insider, unit=tree.cdcs_a2, full_name="Người Khác", data={"id_number": CCCD_A1})
    assert "Nguyễn Văn Đức" in named.value.message


def test_the_create_form_and_the_api_do_not_reveal_whose_cccd_it_is(client, tree):
    client.force_login(make_user(tree.fed_b, Role.FEDERATION_STAFF))
    response = client.post(LIST, {"full_name": "Người Khác", "unit": tree.cdcs_b1.pk, "id_number": CCCD_A1})
    assert response.status_code == 422
    assert "Nguyễn Văn Đức" not in response.text and "ngoài phạm vi quản lý" in response.text

    key = issue_token(tree.fed_b, Role.FEDERATION_STAFF, username="api-b")
    body = {"unit_id": tree.cdcs_b1.pk, "full_name": "Người Khác", "id_number": CCCD_A1}
    response = client.post(f"{API_ROOT}/members", json.dumps(body), content_type="application/json",
                           headers=bearer(key))  # fmt: skip
    assert response.status_code == 422
    assert "Nguyễn Văn Đức" not in response.text and "ngoài phạm vi quản lý" in response.text


# --- one rule for members who left ---------------------------------------------------------------


@pytest.fixture
def left_for_b(tree):
    """Đức moved from province A to province B, then left the union there."""
    transfer_members(SYSTEM, member_ids=[tree.member_a1.pk], target=tree.cdcs_b1, on=date(2023, 1, 1))
    archive_member(SYSTEM, member=Member.objects.get(pk=tree.member_a1.pk), on=date(2024, 1, 1))
    return tree


def _exported_names(client, **params) -> list[str]:
    """Start the (background) export as the page does, and read the names back from the file."""
    from jobs.models import Job

    client.post(reverse("members:member_export"), params)
    response = client.get(reverse("jobs:download", args=[Job.objects.latest("id").pk]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return [str(row[1]) for row in sheet.get_sheet_by_index(0).to_python()]


def test_a_member_who_left_from_another_province_is_nowhere_for_the_old_province(client, left_for_b):
    tree = left_for_b
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    archived = {"status": "archived"}
    assert "Nguyễn Văn Đức" not in client.get(LIST, archived).text
    assert "Nguyễn Văn Đức" not in client.get(LIST, {**archived, "q": CCCD_A1}).text
    assert "Nguyễn Văn Đức" not in _exported_names(client, **archived)
    assert client.get(reverse("members:member_detail", args=[tree.member_a1.pk])).status_code == 404


def test_the_province_they_left_from_sees_them_with_their_personal_data_everywhere(client, left_for_b):
    tree = left_for_b
    client.force_login(make_user(tree.fed_b, Role.FEDERATION_STAFF))
    archived = {"status": "archived"}
    assert CCCD_A1 in client.get(LIST, archived).text
    assert "Nguyễn Văn Đức" in client.get(LIST, {**archived, "q": CCCD_A1}).text
    assert "Nguyễn Văn Đức" in _exported_names(client, **archived)
    detail = client.get(reverse("members:member_detail", args=[tree.member_a1.pk]))
    assert detail.status_code == 200 and CCCD_A1 in detail.text


def test_a_member_of_a_dissolved_union_stays_with_the_upper_unit(tree):
    from org.services import dissolve_unit

    archive_member(SYSTEM, member=tree.member_a2, on=date(2024, 4, 1))
    dissolve_unit(SYSTEM, unit=tree.cdcs_a2, on=date(2024, 5, 1))
    district = actor_for(tree.district_a1, Role.UPPER_OFFICER, user=object())
    assert list(Member.objects.without_unit_visible_to(district)) == [tree.member_a2]
    assert not Member.objects.without_unit_visible_to(actor_for(tree.fed_b, user=object())).exists()


# --- a member's own page and reach ---------------------------------------------------------------


def test_a_member_sees_their_own_personal_data_on_their_own_page(client, tree):
    client.force_login(member_user(tree, tree.member_a1))
    response = client.get(reverse("members:member_detail", args=[tree.member_a1.pk]))
    assert response.status_code == 200
    assert CCCD_A1 in response.text and "0912345678" in response.text and "01/05/1990" in response.text


def test_a_plain_member_cannot_page_through_or_export_their_union(client, tree):
    other = create_member(
        SYSTEM, unit=tree.cdcs_a1, full_name="Hoàng Thị Mai", data={"id_number": "001190000099"}
    )
    client.force_login(member_user(tree, tree.member_a1))
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:member_detail", args=[tree.member_a1.pk])
    assert client.get(reverse("members:member_export")).status_code == 403
    assert client.post(reverse("members:member_export")).status_code == 403
    assert client.get(reverse("members:member_detail", args=[other.pk])).status_code == 404


def test_a_member_token_lists_only_its_own_record_with_its_personal_data(client, tree):
    create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Hoàng Thị Mai", data={})
    user = member_user(tree, tree.member_a1, username="api-doanvien")
    from accounts.models import ApiToken

    _, key = ApiToken.issue(user.assignments.get(), "kiểm thử")
    items = client.get(f"{API_ROOT}/members", headers=bearer(key)).json()["items"]
    assert [(i["full_name"], i["id_number"]) for i in items] == [("Nguyễn Văn Đức", CCCD_A1)]


def test_a_members_home_is_their_record_their_officers_and_what_is_addressed_to_them(client, tree):
    from members.services import assign_officer_role

    chair = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Phan Văn Chủ", data={})
    assign_officer_role(SYSTEM, member=chair, unit=tree.cdcs_a1, kind="chair", on=date(2024, 1, 1))
    client.force_login(member_user(tree, tree.member_a1))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.templates[0].name == "member_home.html"
    assert "Phan Văn Chủ" in response.text and "Chủ tịch" in response.text
    assert reverse("members:member_detail", args=[tree.member_a1.pk]) in response.text
    assert 'href="/doan-vien/"' not in response.text  # no member list in the navigation


def test_the_self_scope_is_only_the_actors_own_record(tree):
    actor = Actor(user=object(), unit_id=tree.cdcs_a1.pk, role=Role.MEMBER, member_id=tree.member_a1.pk)
    assert list(Member.objects.visible_to(actor)) == [tree.member_a1]
    assert not Member.objects.visible_to(
        Actor(user=object(), unit_id=tree.cdcs_a1.pk, role=Role.MEMBER)
    ).exists()
