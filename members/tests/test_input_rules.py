"""Input that looks right but is not: look-alike digits, invisible characters, dates that make no
sense, a CCCD contradicting the birth date or gender, a form submitted twice."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import ascii_digits, nfc
from lamtheo.models import Submission
from lamtheo.testing import make_user
from members.importing import preview_members
from members.models import Member, Membership
from members.services import build_member, create_member, update_member
from members.validation import clean_id_number, clean_phone, id_number_warnings
from org.services import UnitSpec, create_unit

from ._files import MEMBER_HEADER, member_row, xlsx

ARABIC_INDIC = "٠٠١٠٩٠٠٠٠٠٠١"  # 001090000001, the tree's Nguyễn Văn Đức
FULLWIDTH = "００１０９００００００１"
RLO, ZWSP, ZWJ, BOM = "\u202e", "\u200b", "\u200d", "\ufeff"


def test_look_alike_digits_become_ascii_digits():
    assert ascii_digits(ARABIC_INDIC) == ascii_digits(FULLWIDTH) == "001090000001"
    assert clean_id_number(ARABIC_INDIC) == clean_id_number(FULLWIDTH) == "001090000001"
    assert clean_phone("０９１２ ３４５ ６７８") == "0912345678"
    assert clean_phone("+٨٤ 912 345 678") == "0912345678"


def test_a_cccd_in_other_digits_is_still_a_duplicate(tree):
    with pytest.raises(ServiceError, match="đã có ở đoàn viên"):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Lê Văn Giả", data={"id_number": FULLWIDTH})
    with pytest.raises(ServiceError, match="đã có ở đoàn viên"):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Lê Văn Giả", data={"id_number": ARABIC_INDIC})


def test_invisible_characters_leave_names_and_codes():
    assert nfc(f"Nguyễn{ZWSP} Văn {RLO}Đức{BOM}\x07") == "Nguyễn Văn Đức"
    assert nfc(f"CDCS{ZWJ}-01\u2066") == "CDCS-01"
    assert nfc("Lê\tThị\u00a0Hoa") == "Lê Thị Hoa"


def test_services_store_names_and_unit_codes_without_invisible_characters(tree):
    member = create_member(SYSTEM, unit=tree.cdcs_a1, full_name=f"Trần{ZWSP} Thị {RLO}Mai", data={})
    assert (member.full_name, member.given_name) == ("Trần Thị Mai", "Mai")
    unit = create_unit(SYSTEM, spec=UnitSpec(code=f"cdcs{ZWSP}-a7", name=f"Công đoàn{RLO} Bảy", kind="grassroots"),
                       parent=tree.district_a1, on=date(2024, 1, 1))  # fmt: skip
    assert (unit.code, unit.name) == ("CDCS-A7", "Công đoàn Bảy")


def test_joining_before_fifteen_is_refused_everywhere(tree, client):
    born = date(2000, 3, 1)
    with pytest.raises(ServiceError, match="chưa đủ 15 tuổi") as caught:
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Lê Văn Nhỏ",
                      data={"birth_date": born, "joined_on": date(2015, 2, 28)})  # fmt: skip
    assert caught.value.field == "joined_on"
    member = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Lê Văn Đủ",
                           data={"birth_date": born, "joined_on": date(2015, 3, 1)})  # fmt: skip
    with pytest.raises(ServiceError, match="chưa đủ 15 tuổi"):
        update_member(SYSTEM, member=member, data={"joined_on": date(2014, 1, 1)})

    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    response = client.post(reverse("members:member_list"), {"full_name": "Lê Văn Bé", "unit": tree.cdcs_a1.pk,
                           "birth_date": "01/03/2000", "joined_on": "01/01/2010"})  # fmt: skip
    assert response.status_code == 422
    assert "chưa đủ 15 tuổi" in response.context["create_form"].errors["joined_on"][0]

    rows = [MEMBER_HEADER, member_row("Lê Văn Sớm", "CDCS-A1", born="01/03/2000", joined="01/01/2010")]
    from lamtheo.lib.spreadsheet import read_spreadsheet
    from lamtheo.testing import actor_for

    preview = preview_members(actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=object()),
                              read_spreadsheet(xlsx(rows), "a.xlsx"))  # fmt: skip
    assert [(e.row, e.column) for e in preview.errors] == [(2, "Ngày vào công đoàn")]
    assert "chưa đủ 15 tuổi" in preview.errors[0].message


def test_a_cccd_contradicting_birth_year_or_gender_gives_warnings():
    # digit 4: 0/1 man/woman born 1900-1999, 2/3 born 2000-2099; digits 5-6: the year
    assert id_number_warnings("001090000001", date(1990, 5, 1), "male") == []
    assert id_number_warnings("001301000001", date(2001, 5, 1), "female") == []
    year, gender = id_number_warnings("001190000001", date(1991, 5, 1), "male")
    assert "năm sinh 1990" in year and "giới tính nữ" in gender
    assert id_number_warnings("001290000001", date(1990, 5, 1), "") == [
        "Số CCCD “001290000001” ứng với năm sinh 2090, khác ngày sinh 01/05/1990: hãy kiểm tra lại."
    ]
    assert id_number_warnings("123456789", date(1990, 5, 1), "male") == []  # the old CMND encodes neither


def test_the_import_and_the_form_warn_about_a_contradicting_cccd(tree, client):
    from lamtheo.lib.spreadsheet import read_spreadsheet
    from lamtheo.testing import actor_for

    rows = [
        MEMBER_HEADER,
        member_row("Lê Thị Lan", "CDCS-A1", gender="Nữ", born="01/02/1990", id_number="001085000009"),
    ]
    preview = preview_members(actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=object()),
                              read_spreadsheet(xlsx(rows), "a.xlsx"))  # fmt: skip
    assert not preview.errors and preview.rows
    assert [w.column for w in preview.warnings] == ["Số CCCD", "Số CCCD"]

    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    response = client.post(reverse("members:member_list"), {"full_name": "Lê Thị Huệ", "unit": tree.cdcs_a1.pk,
                           "gender": "female", "birth_date": "01/02/1990", "id_number": "001085000010"}, follow=True)  # fmt: skip
    assert "ứng với năm sinh 1985" in response.text


def test_the_import_and_create_member_start_memberships_alike(tree):
    """One builder: the membership starts at the union-join date, never before the unit began."""
    unit_start = tree.cdcs_a1.valid_from
    early, _ = build_member(unit=tree.cdcs_a1, full_name="Lê Văn Cũ",
                            data={"birth_date": date(1950, 1, 1), "joined_on": date(1970, 1, 1)})  # fmt: skip
    assert early.full_name == "Lê Văn Cũ"
    assert _.valid_from == max(date(1970, 1, 1), unit_start)
    created = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Lê Văn Cũ",
                            data={"birth_date": date(1950, 1, 1), "joined_on": date(1970, 1, 1)})  # fmt: skip
    assert (
        Membership.objects.get(member=created).valid_from == max(date(1970, 1, 1), unit_start) == unit_start
    )


def test_submitting_the_add_form_twice_creates_one_member(tree, client):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    url = reverse("members:member_list")
    key = client.get(url).context["create_form"].initial["submission_key"]
    data = {"full_name": "Phan Văn Kép", "unit": tree.cdcs_a1.pk, "submission_key": key}
    first, second = client.post(url, data), client.post(url, data)
    member = Member.objects.get(full_name="Phan Văn Kép")
    assert first["Location"] == second["Location"] == member.get_absolute_url()
    assert Submission.objects.get(key=key).object_id == str(member.pk)
    # a refused submission does not use up its key
    other = client.get(url).context["create_form"].initial["submission_key"]
    refused = client.post(
        url, {**data, "full_name": "Phan Văn Đơn", "submission_key": other, "birth_date": "1/1/2999"}
    )
    assert refused.status_code == 422
    client.post(url, {**data, "full_name": "Phan Văn Đơn", "submission_key": other})
    assert Member.objects.filter(full_name="Phan Văn Đơn").count() == 1


def test_a_concurrent_twin_that_committed_first_is_returned(tree):
    """The key's primary key settles two submissions racing: the loser, which looked before the
    winner committed, collides on the key and gets the winner's member."""
    from unittest import mock

    from lamtheo import submissions

    key = "a" * 32
    winner = create_member(SYSTEM, unit=tree.cdcs_a1, full_name="Phan Văn Nhanh", data={}, submission_key=key)
    real_replay = submissions.replay
    looks = []

    def replay_late_first(k, model):
        looks.append(k)
        return None if len(looks) == 1 else real_replay(k, model)

    with mock.patch.object(submissions, "replay", side_effect=replay_late_first):
        again = create_member(
            SYSTEM, unit=tree.cdcs_a1, full_name="Phan Văn Nhanh", data={}, submission_key=key
        )
    assert again == winner and len(looks) == 2
    assert Member.objects.filter(full_name="Phan Văn Nhanh").count() == 1


def test_the_api_takes_the_same_rules(client, tree):
    from lamtheo.api_catalog import API_ROOT, bearer, issue_token

    key = issue_token(tree.district_a1, Role.UPPER_OFFICER)

    def post(body):
        return client.post(f"{API_ROOT}/members", body, content_type="application/json", headers=bearer(key))

    twin = post({"unit_id": tree.cdcs_a1.pk, "full_name": "Lê Văn Giả", "id_number": FULLWIDTH})
    assert twin.status_code == 422 and "đã có ở đoàn viên" in twin.text
    created = post(
        {"unit_id": tree.cdcs_a1.pk, "full_name": f"Đỗ{ZWSP} Văn {RLO}Lành", "phone": "０９１２０００２２２"}
    )
    assert created.status_code == 201, created.content
    member = Member.objects.get(pk=created.json()["id"])
    assert (member.full_name, member.phone) == ("Đỗ Văn Lành", "0912000222")
