from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from lamtheo.lib.dates import OPEN_END, today
from lamtheo.testing import make_user
from members.models import Member, Membership, OfficerRole
from members.services import assign_officer_role


@pytest.fixture
def chair(client, tree):
    client.force_login(make_user(tree.district_a1, Role.UPPER_OFFICER))
    return client


def url(name, member):
    return reverse(f"members:{name}", args=[member.pk])


def events(member, action):
    return AuditEvent.objects.filter(model="members.member", object_id=str(member.pk), action=action)


def test_it_shows_profile_history_and_roles_with_vietnamese_dates(chair, tree):
    assign_officer_role(SYSTEM, member=tree.member_a1, unit=tree.cdcs_a1, kind=OfficerRole.Kind.CHAIR,
                        on=date(2021, 3, 4))  # fmt: skip
    response = chair.get(url("member_detail", tree.member_a1))
    assert response.status_code == 200
    text = response.text
    assert "Công đoàn Trường Tiểu học Đông Sơn" in text and "01/01/2020" in text and "nay" in text
    assert "Chủ tịch" in text and "04/03/2021" in text
    assert "001090000001" in text and "01/05/1990" in text and "0912345678" in text
    assert f'action="{url("member_edit", tree.member_a1)}"' in text


def test_it_hides_personal_fields_and_actions_from_inspectors(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.INSPECTOR))
    response = client.get(url("member_detail", tree.member_a1))
    assert response.status_code == 200
    assert "001090000001" not in response.text and "0912345678" not in response.text
    assert response.text.count('personal-hidden">Ẩn<') == 3
    assert "edit_form" not in response.context and "Thôi sinh hoạt</a>" not in response.text
    for name in ("member_edit", "member_archive", "member_transfer", "member_restore"):
        assert client.post(url(name, tree.member_a1), {"given_name": "X"}).status_code == 403
    assert Member.objects.get(pk=tree.member_a1.pk).given_name == "Đức"


def test_it_hides_members_outside_the_subtree(chair, tree):
    assert chair.get(url("member_detail", tree.member_b1)).status_code == 404
    assert chair.post(url("member_edit", tree.member_b1), {"given_name": "X"}).status_code == 404


def test_it_edits_through_the_service_and_shows_refusals_on_the_field(chair, tree):
    data = {"family_name": "Nguyễn", "middle_name": "Văn", "given_name": "Đức", "gender": "male",
            "birth_date": "01/05/1990", "id_number": "001190000002", "phone": "0912345678"}  # fmt: skip
    response = chair.post(url("member_edit", tree.member_a1), data)
    assert response.status_code == 422
    assert response.context["edit_form"].errors["id_number"] == [
        "Số CCCD 001190000002 đã có ở đoàn viên Trần Thị Ánh."
    ]
    assert Member.objects.get(pk=tree.member_a1.pk).id_number == "001090000001"

    response = chair.post(url("member_edit", tree.member_a1), {**data, "id_number": "001090000001",
                                                               "phone": "0977111222", "position": "Giáo viên"})  # fmt: skip
    assert response.status_code == 302
    member = Member.objects.get(pk=tree.member_a1.pk)
    assert (member.phone, member.position) == ("0977111222", "Giáo viên")
    assert events(member, AuditEvent.Action.UPDATE).get().after == {
        "phone": "0977111222",
        "position": "Giáo viên",
    }


def test_it_archives_after_confirmation_and_restores(chair, tree):
    member = tree.member_a1
    confirm = chair.get(url("member_archive", member))
    assert confirm.status_code == 200 and "Xác nhận thôi sinh hoạt" in confirm.text
    assert Member.objects.get(pk=member.pk).archived_at is None  # GET changes nothing

    refused = chair.post(url("member_archive", member), {"on": today().strftime("%d/%m/%Y"), "reason": " "})
    assert refused.status_code == 422 and refused.context["form"].errors["reason"]
    on = today() - timedelta(days=1)
    response = chair.post(
        url("member_archive", member), {"on": on.strftime("%d/%m/%Y"), "reason": "Nghỉ hưu"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.archived_at is not None and member.unit is None
    assert Membership.objects.get(member=member).valid_to == on
    archived = events(member, AuditEvent.Action.ARCHIVE).get()
    assert archived.after == {"left_on": on.isoformat(), "reason": "Nghỉ hưu"}

    # Still reachable (through its last unit), listed among the archived, not among the current.
    detail = chair.get(url("member_detail", member))
    assert (
        detail.status_code == 200 and "Đã thôi sinh hoạt" in detail.text and "restore_form" in detail.context
    )
    listed = chair.get(reverse("members:member_list"), {"status": "archived"})
    assert [m.full_name for m in listed.context["members"]] == ["Nguyễn Văn Đức"]
    assert "Công đoàn Trường Tiểu học Đông Sơn" in listed.text
    assert "Nguyễn Văn Đức" not in [
        m.full_name for m in chair.get(reverse("members:member_list")).context["members"]
    ]

    too_early = chair.post(url("member_restore", member), {"unit": tree.cdcs_a2.pk, "on": "01/01/2020"})
    assert too_early.status_code == 422 and "on" in too_early.context["restore_form"].errors
    response = chair.post(
        url("member_restore", member), {"unit": tree.cdcs_a2.pk, "on": today().strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.archived_at is None and member.unit == tree.cdcs_a2
    assert events(member, AuditEvent.Action.RESTORE).get().after == {
        "unit_id": tree.cdcs_a2.pk,
        "on": today().isoformat(),
    }
    assert list(Membership.objects.filter(member=member).order_by("valid_from").values_list("unit__code", "valid_to")) == [
        ("CDCS-A1", on), ("CDCS-A2", OPEN_END),
    ]  # fmt: skip


def test_it_transfers_to_another_grassroots_union_of_the_subtree(chair, tree):
    member = tree.member_a1
    refused = chair.post(url("member_transfer", member), {"unit": tree.cdcs_b1.pk, "on": "01/06/2024"})
    assert refused.status_code == 422 and "unit" in refused.context["transfer_form"].errors
    refused = chair.post(url("member_transfer", member), {"unit": tree.cdcs_a2.pk, "on": "01/01/2020"})
    assert refused.context["transfer_form"].errors["on"] == ["Ngày phải sau ngày 01/01/2020."]

    response = chair.post(url("member_transfer", member), {"unit": tree.guild.pk, "on": "01/06/2024"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit == tree.guild
    history = list(
        Membership.objects.filter(member=member).order_by("valid_from").values_list("unit__code", "valid_to")
    )
    assert history == [("CDCS-A1", date(2024, 6, 1)), ("ND-A", OPEN_END)]
    assert events(member, AuditEvent.Action.UPDATE).get().after == {
        "unit_id": tree.guild.pk,
        "on": "2024-06-01",
    }
