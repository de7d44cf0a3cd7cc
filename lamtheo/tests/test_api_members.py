"""/api/v1/members: current members of the subtree, personal data gated, officers add members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Role
from accounts.scoping import SYSTEM, Actor, can_see_personal_data
from lamtheo.api_catalog import API_ROOT, bearer, issue_token
from members.models import Member
from members.services import archive_member, create_member
from org.models import Unit

pytestmark = pytest.mark.django_db

URL = f"{API_ROOT}/members"
PERSONAL = ("birth_date", "id_number", "phone")


def get(client, key, path="", **params):
    return client.get(f"{URL}{path}", params, headers=bearer(key))


def post(client, key, body):
    return client.post(URL, body, content_type="application/json", headers=bearer(key))


def names(body):
    return {item["full_name"] for item in body["items"]}


def test_it_lists_current_members_of_the_subtree(client, tree):
    key = issue_token(tree.fed_a)
    body = get(client, key).json()
    assert names(body) == {"Nguyễn Văn Đức", "Trần Thị Ánh"}
    assert body["count"] == 2
    duc = next(i for i in body["items"] if i["id"] == tree.member_a1.pk)
    assert duc == {
        "id": tree.member_a1.pk,
        "full_name": "Nguyễn Văn Đức",
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "Đức",
        "gender": "male",
        "unit_id": tree.cdcs_a1.pk,
        "unit_code": "CDCS-A1",
        "joined_on": None,
        "position": "",
        "personal_data_visible": True,
        "birth_date": "1990-05-01",
        "id_number": "001090000001",
        "phone": "0912345678",
    }


def test_its_count_stops_past_the_cap_as_the_list_page_does(client, tree, monkeypatch):
    """A province's exact count is a scan of its 1.2 M members (issue 7 point 12): count to the cap."""
    key = issue_token(tree.fed_a)
    assert get(client, key).json()["count_capped"] is False
    monkeypatch.setattr("members.api.COUNT_CAP", 1)
    with CaptureQueriesContext(connection) as ctx:
        body = get(client, key).json()
    assert (body["count"], body["count_capped"], len(body["items"])) == (1, True, 2)
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
    assert any("LIMIT 2)" in sql for sql in counts), counts
    assert all("LIMIT" in sql for sql in counts), counts  # no count over every member of the scope


def test_it_leaves_out_archived_members(client, tree):
    from datetime import date

    archive_member(SYSTEM, member=tree.member_a2, on=date(2025, 1, 1))
    key = issue_token(tree.fed_a)
    assert names(get(client, key).json()) == {"Nguyễn Văn Đức"}
    assert get(client, key, f"/{tree.member_a2.pk}").status_code == 404


def test_it_filters_by_unit_subtree(client, tree):
    key = issue_token(tree.fed_a)
    assert names(get(client, key, unit=tree.cdcs_a2.pk).json()) == {"Trần Thị Ánh"}
    assert names(get(client, key, unit=tree.district_a1.pk).json()) == {"Nguyễn Văn Đức", "Trần Thị Ánh"}
    assert get(client, key, unit=tree.cdcs_b1.pk).status_code == 404


def test_it_searches_without_accents(client, tree):
    key = issue_token(tree.fed_a)
    assert names(get(client, key, q="duc").json()) == {"Nguyễn Văn Đức"}
    assert names(get(client, key, q="NGUYỄN ĐỨC").json()) == {"Nguyễn Văn Đức"}
    assert names(get(client, key, q="anh").json()) == {"Trần Thị Ánh"}
    assert names(get(client, key, q="001190000002").json()) == {"Trần Thị Ánh"}


def test_it_does_not_search_personal_data_for_an_inspector_token(client, tree):
    key = issue_token(tree.cdcs_a1, Role.INSPECTOR)
    assert names(get(client, key, q="duc").json()) == {"Nguyễn Văn Đức"}
    for needle in ("001090000001", "0912345678", "0912", "duc 0912"):
        assert get(client, key, q=needle).json()["count"] == 0, needle


def test_it_hides_personal_data_from_an_inspector_token(client, tree):
    key = issue_token(tree.cdcs_a1, Role.INSPECTOR)
    for item in [*get(client, key).json()["items"], get(client, key, f"/{tree.member_a1.pk}").json()]:
        assert item["personal_data_visible"] is False
        assert all(item[field] is None for field in PERSONAL)
        assert item["full_name"] == "Nguyễn Văn Đức"


def test_it_shows_personal_data_to_an_officer_of_the_unit(client, tree):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    body = get(client, key, f"/{tree.member_a1.pk}").json()
    assert (body["birth_date"], body["id_number"], body["phone"]) == (
        "1990-05-01",
        "001090000001",
        "0912345678",
    )


@pytest.mark.parametrize("role", list(Role))
def test_it_agrees_with_can_see_personal_data_for_every_role(client, tree, role):
    key = issue_token(tree.district_a1, role)
    assignment = ApiToken.objects.get().assignment
    assignment.member = tree.member_a2  # "self": a member token sees its own record (and only it)
    assignment.save()
    actor = Actor(
        user=assignment.user, unit_id=assignment.unit_id, role=assignment.role, member_id=tree.member_a2.pk
    )
    items = get(client, key).json()["items"]
    assert items
    for item in items:
        member = Member.objects.get(pk=item["id"])
        assert item["personal_data_visible"] is can_see_personal_data(actor, member)
        assert get(client, key, f"/{member.pk}").json()["personal_data_visible"] is can_see_personal_data(
            actor, member
        )


def test_it_needs_the_same_queries_for_more_members(client, tree):
    key = issue_token(tree.fed_a)

    def queries(path="", **params):
        with CaptureQueriesContext(connection) as ctx:
            assert get(client, key, path, **params).status_code == 200
        return len(ctx.captured_queries)

    before = (queries(), queries(unit=tree.district_a1.pk), queries(q="thi"))
    for i, unit in enumerate([tree.cdcs_a1, tree.cdcs_a2, tree.guild] * 2):
        create_member(SYSTEM, unit=unit, full_name=f"Lê Thị Hoa {i}", data={"id_number": f"00119000010{i}"})
    assert get(client, key).json()["count"] == 8
    assert (queries(), queries(unit=tree.district_a1.pk), queries(q="thi")) == before


# --- POST -----------------------------------------------------------------------------------------


def test_it_creates_a_member(client, tree):
    key = issue_token(tree.district_a1, Role.UPPER_OFFICER)
    response = post(
        client,
        key,
        {"unit_id": tree.cdcs_a2.pk, "full_name": "  Phạm   Thị Thu ", "gender": "female",
         "id_number": "001190000123", "phone": "+84 912 000 111", "birth_date": "1995-03-04",
         "position": "Kế toán"},
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    member = Member.objects.get(pk=body["id"])
    assert (member.family_name, member.middle_name, member.given_name) == ("Phạm", "Thị", "Thu")
    assert member.unit == tree.cdcs_a2 and member.memberships.count() == 1
    assert body["full_name"] == "Phạm Thị Thu"
    assert body["unit_code"] == "CDCS-A2"
    assert (body["id_number"], body["phone"], body["birth_date"]) == (
        "001190000123",
        "0912000111",
        "1995-03-04",
    )


def test_it_normalises_vietnamese_input(client, tree):
    import unicodedata

    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    body = post(client, key, {"unit_id": tree.cdcs_a1.pk, "full_name": nfd, "position": nfd}).json()
    member = Member.objects.get(pk=body["id"])
    assert member.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hường")
    assert member.position == member.full_name
    assert len(member.given_name) == 5


@pytest.mark.parametrize("role", [Role.MEMBER, Role.INSPECTOR])
def test_it_lets_only_officers_create(client, tree, role):
    key = issue_token(tree.cdcs_a1, role)
    response = post(client, key, {"unit_id": tree.cdcs_a1.pk, "full_name": "Phạm Thị Thu"})
    assert response.status_code == 403
    assert response.json()["detail"] == "Chỉ cán bộ công đoàn mới được thêm đoàn viên."
    assert not Member.objects.filter(full_name="Phạm Thị Thu").exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"full_name": "Phạm Thị Thu", "id_number": "12345"}, "id_number",
         "Số CCCD “12345” không hợp lệ (cần 12 chữ số, hoặc 9 với CMND cũ)."),
        ({"full_name": "Phạm Thị Thu", "id_number": "001090000001"}, "id_number",
         "Số CCCD 001090000001 đã có ở đoàn viên Nguyễn Văn Đức."),
        ({"full_name": "Phạm Thị Thu", "phone": "12345"}, "phone",
         "Số điện thoại “12345” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)."),
        ({"family_name": "Phạm"}, "given_name", "Thiếu tên đoàn viên."),
        ({"full_name": "Phạm Thị Thu", "birth_date": "2999-01-01"}, "birth_date", "Ngày sinh 01/01/2999 ở tương lai."),
    ],
)  # fmt: skip
def test_it_refuses_bad_input_with_the_service_messages(client, tree, body, field, message):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    response = post(client, key, {"unit_id": tree.cdcs_a1.pk, **body})
    assert response.status_code == 422
    assert response.json() == {"detail": message, "errors": [{"field": field, "message": message}]}
    assert Member.objects.count() == 3


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"unit_id": None}, "unit_id", "Phải là số nguyên."),
        ({"unit_id": "A1"}, "unit_id", "Phải là số nguyên."),
        ({"id_number": 1190000123}, "id_number",
         "Phải là chuỗi ký tự (số CCCD, số điện thoại cũng gửi dạng chuỗi)."),
        ({"birth_date": "04/03/1995"}, "birth_date", "Ngày không hợp lệ (dạng YYYY-MM-DD)."),
        ({"gender": "nu"}, "gender", "Giá trị không hợp lệ; chỉ nhận: 'male', 'female' hoặc 'other'."),
        ({"ngay_sinh": "1995-03-04"}, "ngay_sinh", "Trường không được hỗ trợ."),
        ({"given_name": "T" * 61}, "given_name", "Dài quá 60 ký tự."),
    ],
)  # fmt: skip
def test_it_refuses_malformed_input_in_vietnamese(client, tree, body, field, message):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    response = post(client, key, {"unit_id": tree.cdcs_a1.pk, "full_name": "Phạm Thị Thu", **body})
    assert response.status_code == 422
    payload = response.json()
    assert payload["detail"] == f"Dữ liệu không hợp lệ. {field}: {message}"
    assert payload["errors"] == [{"field": field, "message": message}]
    assert Member.objects.count() == 3


def test_it_refuses_a_missing_unit(client, tree):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    response = post(client, key, {"full_name": "Phạm Thị Thu"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "unit_id", "message": "Thiếu giá trị bắt buộc."}]


def test_it_refuses_a_unit_that_is_not_grassroots(client, tree):
    key = issue_token(tree.fed_a)
    response = post(client, key, {"unit_id": tree.district_a1.pk, "full_name": "Phạm Thị Thu"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "unit_id", "message": "Đoàn viên chỉ sinh hoạt ở công đoàn cơ sở hoặc nghiệp đoàn cơ sở."}
    ]


def test_it_refuses_a_unit_out_of_scope(client, tree):
    key = issue_token(tree.fed_b)
    response = post(client, key, {"unit_id": tree.cdcs_a1.pk, "full_name": "Phạm Thị Thu"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "unit_id"
    assert "phạm vi" in response.json()["detail"]
    assert not Member.objects.filter(unit=tree.cdcs_a1).exclude(pk=tree.member_a1.pk).exists()


def test_it_refuses_a_body_that_is_not_json(client, tree):
    key = issue_token(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    response = client.post(URL, "{unit_id: ", content_type="application/json", headers=bearer(key))
    assert response.status_code == 400
    assert response.json()["detail"] == "Không đọc được nội dung yêu cầu (cần JSON hợp lệ)."


def test_it_refuses_a_dissolved_unit(client, tree):
    from datetime import date

    from org.services import dissolve_unit

    dissolve_unit(SYSTEM, unit=tree.guild, on=date(2024, 1, 1))
    key = issue_token(tree.fed_a)
    response = post(client, key, {"unit_id": tree.guild.pk, "full_name": "Phạm Thị Thu"})
    assert response.status_code == 422
    assert Unit.objects.get(pk=tree.guild.pk).valid_to == date(2024, 1, 1)
