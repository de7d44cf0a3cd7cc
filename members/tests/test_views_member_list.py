import io
from datetime import date

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from jobs.models import Job
from lamtheo.lib.spreadsheet import read_spreadsheet
from lamtheo.testing import actor_for, make_user
from members.importing import preview_members
from members.models import Member
from members.services import create_member

URL = reverse("members:member_list")


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    return client


def names(response) -> list[str]:
    return [m.full_name for m in response.context["members"]]


def add(unit, full_name, **data):
    return create_member(SYSTEM, unit=unit, full_name=full_name, data=data, on=date(2020, 1, 1))


def test_it_lists_the_subtree_only(officer, tree):
    response = officer.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Trần Thị Ánh", "Nguyễn Văn Đức"]  # Lê Văn Bình is in province B
    assert "Lê Văn Bình" not in response.text


def test_it_finds_accented_names_without_accents(officer, tree):
    add(tree.cdcs_a1, "Nguyễn Văn Dũng")
    assert names(officer.get(URL, {"q": "Duc"})) == ["Nguyễn Văn Đức"]
    assert names(officer.get(URL, {"q": "nguyen van d"})) == ["Nguyễn Văn Dũng", "Nguyễn Văn Đức"]
    assert names(officer.get(URL, {"q": "0912345678"})) == ["Nguyễn Văn Đức"]


def test_it_orders_members_the_vietnamese_way(officer, tree):
    for name in ["Nguyễn Thị Bình", "Lê An", "Trần Văn An", "Phạm Thị Ánh", "Nguyễn Văn An", "Đỗ Thị Dung",
                 "Hoàng Văn Đông", "Vũ Thị Ân"]:  # fmt: skip
        add(tree.cdcs_a2, name)
    assert names(officer.get(URL, {"unit": tree.cdcs_a2.pk})) == [
        "Lê An", "Nguyễn Văn An", "Trần Văn An", "Phạm Thị Ánh", "Trần Thị Ánh", "Vũ Thị Ân", "Nguyễn Thị Bình",
        "Đỗ Thị Dung", "Hoàng Văn Đông",
    ]  # fmt: skip


def test_it_filters_by_unit_subtree_sector_and_gender(officer, tree):
    add(tree.guild, "Bùi Văn Xe", gender="male")
    assert names(officer.get(URL, {"unit": tree.district_a1.pk})) == [
        "Trần Thị Ánh",
        "Nguyễn Văn Đức",
        "Bùi Văn Xe",
    ]
    assert names(officer.get(URL, {"unit": tree.cdcs_a1.pk})) == ["Nguyễn Văn Đức"]
    assert names(officer.get(URL, {"sector": "guild"})) == ["Bùi Văn Xe"]
    assert names(officer.get(URL, {"gender": "male"})) == ["Nguyễn Văn Đức", "Bùi Văn Xe"]
    # A unit outside the scope is not a choice: the filter is ignored, the scope still applies.
    assert names(officer.get(URL, {"unit": tree.cdcs_b1.pk})) == [
        "Trần Thị Ánh",
        "Nguyễn Văn Đức",
        "Bùi Văn Xe",
    ]


def test_it_paginates_by_50_and_keeps_the_filters_in_page_links(officer, tree):
    Member.objects.bulk_create(
        [Member(unit=tree.cdcs_a1, given_name=f"Tên{i:03d}", full_name=f"Tên{i:03d}", sort_key=f"9{i:03d}",
                search_text=f"ten{i:03d} loc") for i in range(120)]
    )  # fmt: skip
    first = officer.get(URL, {"q": "loc"})
    assert first.context["page_obj"].paginator.count == 120
    assert len(names(first)) == 50
    assert "?q=loc&amp;page=2" in first.text
    third = officer.get(URL, {"q": "loc", "page": 3})
    assert names(third) == [f"Tên{i:03d}" for i in range(100, 120)]
    assert "?q=loc&amp;page=2" in third.text


def test_it_renders_only_the_table_for_htmx(officer, tree):
    response = officer.get(URL, {"q": "Duc"}, headers={"HX-Request": "true", "HX-Target": "member-table"})
    assert response.status_code == 200
    assert "Nguyễn Văn Đức" in response.text and "Trần Thị Ánh" not in response.text
    assert '<nav class="navbar' not in response.text and 'id="member-rows"' in response.text
    assert "HX-Request" in response["Vary"]


def test_it_shows_personal_fields_to_officers_only(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR))
    response = client.get(URL)
    assert "001090000001" in response.text and "01/05/1990" in response.text and "0912345678" in response.text

    client.force_login(make_user(tree.cdcs_a1, Role.INSPECTOR))
    response = client.get(URL)
    assert "Nguyễn Văn Đức" in response.text
    assert "001090000001" not in response.text and "0912345678" not in response.text
    assert "01/05/1990" not in response.text
    assert response.text.count('class="personal-hidden">Ẩn<') == 3


def test_it_keeps_the_number_of_queries_constant(officer, tree, django_assert_max_num_queries):
    officer.get(URL)  # warm the session and caches
    with django_assert_max_num_queries(8) as few:  # session, user, assignments, 4 for the page
        officer.get(URL)
    Member.objects.bulk_create(
        [Member(unit=tree.cdcs_a1 if i % 2 else tree.cdcs_a2, given_name=f"N{i}", full_name=f"N{i}")
         for i in range(60)]
    )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = officer.get(URL)
    assert len(names(response)) == 50


def export(client, **params) -> "Job":
    """Start an export as the list page's form does; the test backend runs it at once."""
    response = client.post(reverse("members:member_export"), params)
    job = Job.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    return job


def exported_rows(client, job) -> list[list]:
    """The rows below the title block (from the header row on), read back from the downloaded file."""
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return [row for row in rows[5:]]


def test_it_exports_the_filtered_list_to_xlsx(officer, tree):
    add(tree.cdcs_a1, "Nguyễn Văn Dũng", phone="0987000111", birth_date=date(1991, 2, 3))
    job = export(officer, q="nguyen", page=2)
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2, 2)
    assert exported_rows(officer, job) == [
        ["STT", "Họ và tên", "Đơn vị", "Mã đơn vị", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chức vụ"],
        [1.0, "Nguyễn Văn Dũng", "Công đoàn Trường Tiểu học Đông Sơn", "CDCS-A1", "", date(1991, 2, 3), "",
         "0987000111", ""],
        [2.0, "Nguyễn Văn Đức", "Công đoàn Trường Tiểu học Đông Sơn", "CDCS-A1", "Nam", date(1990, 5, 1),
         "001090000001", "0912345678", ""],
        ["Tổng cộng: 2 đoàn viên", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip


def test_the_export_page_shows_the_filters_and_earlier_exports(officer, tree):
    export(officer, q="nguyen")
    response = officer.get(reverse("members:member_export"), {"q": "duc"})
    assert "tìm “duc”" in response.text
    assert "Đã xong" in response.text and "Tải tệp danh-sach-doan-vien-" in response.text


def test_another_user_cannot_see_or_download_an_export(officer, tree):
    from django.test import Client

    job = export(officer)
    other = Client()
    other.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="can-bo-khac"))
    assert other.get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert other.get(job.get_absolute_url()).status_code == 404


def test_it_reads_its_own_export_back_as_nothing_to_change(officer, tree):
    add(tree.cdcs_a2, "Phan Văn Khỏe", birth_date=date(1980, 1, 1))  # no CCCD: matched by unit, name, birth
    job = export(officer)
    data = b"".join(officer.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    preview = preview_members(actor_for(tree.fed_a), read_spreadsheet(data, "xuat.xlsx"))
    assert (preview.errors, preview.warnings) == ([], [])
    assert (preview.valid_count, preview.unchanged_count) == (3, 3)


def test_it_leaves_personal_columns_out_of_the_export_for_inspectors(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.INSPECTOR))
    assert exported_rows(client, export(client)) == [
        ["STT", "Họ và tên", "Đơn vị", "Mã đơn vị", "Giới tính", "Chức vụ"],
        [1.0, "Nguyễn Văn Đức", "Công đoàn Trường Tiểu học Đông Sơn", "CDCS-A1", "Nam", ""],
        ["Tổng cộng: 1 đoàn viên", "", "", "", "", ""],
    ]


def test_it_adds_a_member_from_the_list_page(officer, tree):
    response = officer.post(URL, {"full_name": "  Đinh   Thị Hồng ", "unit": tree.cdcs_a2.pk, "gender": "female",
                                  "birth_date": "09/10/1995", "id_number": "001195000123", "phone": "0911222333"})  # fmt: skip
    member = Member.objects.get(id_number="001195000123")
    assert response.status_code == 302 and response["Location"] == member.get_absolute_url()
    assert (member.full_name, member.given_name, member.unit, member.birth_date) == (
        "Đinh Thị Hồng", "Hồng", tree.cdcs_a2, date(1995, 10, 9),
    )  # fmt: skip


def test_it_shows_refusals_on_the_add_form(officer, tree):
    response = officer.post(URL, {"full_name": "Lê Văn Trùng", "unit": tree.cdcs_a1.pk, "id_number": "001090000001",
                                  "birth_date": "31/02/1990"})  # fmt: skip
    assert response.status_code == 422
    form = response.context["create_form"]
    assert form.errors["birth_date"] == ["Ngày “31/02/1990” không tồn tại."]
    response = officer.post(
        URL, {"full_name": "Lê Văn Trùng", "unit": tree.cdcs_a1.pk, "id_number": "001090000001"}
    )
    assert response.context["create_form"].errors["id_number"] == [
        "Số CCCD 001090000001 đã có ở đoàn viên Nguyễn Văn Đức."
    ]
    response = officer.post(
        URL, {"full_name": "Lê Văn Xa", "unit": tree.cdcs_b1.pk}
    )  # out of scope: not a choice
    assert "unit" in response.context["create_form"].errors
    assert not Member.objects.filter(given_name__in=["Trùng", "Xa"]).exists()


def test_it_forbids_inspectors_and_members_to_add(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.INSPECTOR))
    assert client.get(URL).context["create_form"] is None
    response = client.post(URL, {"full_name": "Lê Văn Lén", "unit": tree.cdcs_a1.pk})
    assert response.status_code == 403
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    response = client.post(URL, {"full_name": "Lê Văn Lén", "unit": tree.cdcs_a1.pk})
    assert response.status_code == 403
    assert not Member.objects.filter(given_name="Lén").exists()
