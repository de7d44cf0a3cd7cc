import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from lamtheo.lib.spreadsheet import read_spreadsheet
from lamtheo.testing import make_user
from members.importing import preview_members
from members.models import Member
from org.importing import preview_units
from org.models import Unit

from ._files import MEMBER_HEADER, csv_bytes, many_members, member_row, xlsx

START = reverse("members:import")
PREVIEW = reverse("members:import_preview")
SAVE = reverse("members:import_save")


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    return client


def upload(client, data: bytes, name: str, kind: str = "members"):
    return client.post(START, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_it_previews_every_error_then_refuses_to_save(officer, tree):
    rows = [MEMBER_HEADER, *many_members(30, "CDCS-A1")]
    rows[5][3] = "31/02/1990"
    rows[9][1] = "CDCS-B1"
    response = upload(officer, xlsx(rows), "ds.xlsx")
    assert response.status_code == 302 and response["Location"] == PREVIEW
    preview = officer.get(PREVIEW)
    assert preview.status_code == 200
    text = preview.text
    assert "28</strong> dòng hợp lệ" in text and "2</strong> lỗi" in text
    assert "<td>6</td><td>Ngày sinh</td><td>Ngày “31/02/1990” không tồn tại.</td>" in text
    assert "<td>10</td><td>Mã đơn vị</td><td>Đơn vị “CDCS-B1” nằm ngoài phạm vi quản lý của bạn.</td>" in text
    assert "disabled" in text

    token = officer.session["import_upload"]["token"]
    response = officer.post(SAVE, {"token": token}, follow=True)
    assert "còn 2 lỗi: chưa lưu dòng nào" in response.text
    assert Member.objects.count() == 3


def test_it_saves_a_clean_upload_once_and_forgets_the_file(officer, tree, settings):
    data = csv_bytes([MEMBER_HEADER, *many_members(20, "CDCS-A2")], delimiter=";")
    upload(officer, data, "ds.csv")
    assert "20</strong> dòng sẽ thêm mới" in officer.get(PREVIEW).text
    pending = officer.session["import_upload"]
    assert officer.post(SAVE, {"token": "sai"}).status_code == 302
    assert Member.objects.count() == 3  # a stale token saves nothing

    response = officer.post(SAVE, {"token": pending["token"]})
    assert response.status_code == 302 and response["Location"] == reverse("members:member_list")
    assert Member.objects.filter(unit=tree.cdcs_a2).count() == 21
    assert "import_upload" not in officer.session
    assert list(Path(settings.IMPORT_UPLOAD_DIR).iterdir()) == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1

    upload(officer, data, "ds.csv")
    assert "0</strong> dòng sẽ thêm mới" in officer.get(PREVIEW).text
    officer.post(SAVE, {"token": officer.session["import_upload"]["token"]})
    assert Member.objects.filter(unit=tree.cdcs_a2).count() == 21


def test_it_imports_units_through_the_wizard(officer, tree):
    rows = [["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"],
            ["CDCS-A9", "Công đoàn Công ty Chín", "Công đoàn cơ sở", "LDLD-A1"]]  # fmt: skip
    upload(officer, xlsx(rows), "dv.xlsx", kind="units")
    assert "Công đoàn Công ty Chín" in officer.get(PREVIEW).text
    response = officer.post(SAVE, {"token": officer.session["import_upload"]["token"]})
    assert response["Location"] == reverse("org:tree")
    assert Unit.objects.get(code="CDCS-A9").name == "Công đoàn Công ty Chín"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"abc", "ds.txt", "không phải bảng tính Excel (.xlsx) hoặc .csv"),
        (b"PK\x03\x04 not really a zip", "ds.xlsx", "tệp hỏng, có mật khẩu hoặc không đúng định dạng Excel"),
        (b"", "ds.csv", "rỗng"),
    ],
)
def test_it_refuses_unreadable_files_on_the_file_field(officer, tree, data, name, message):
    response = officer.post(START, {"kind": "members", "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 422
    assert any(message in e for e in response.context["form"].errors["file"])


def test_it_lets_only_officers_import(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    assert client.get(START).status_code == 403
    data = xlsx([MEMBER_HEADER, member_row("Mạc Văn Cam", "CDCS-A1")])
    assert upload(client, data, "ds.xlsx").status_code == 403


@pytest.mark.parametrize(("kind", "preview"), [("members", preview_members), ("units", preview_units)])
def test_it_serves_templates_the_importer_reads(officer, tree, kind, preview):
    response = officer.get(reverse("members:import_template", args=[kind]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["Dữ liệu", "Hướng dẫn"]
    header = workbook.get_sheet_by_index(0).to_python()[0]
    assert header[:2] == (["Họ và tên", "Mã đơn vị"] if kind == "members" else ["Mã đơn vị", "Tên đơn vị"])
    # The empty template has every required column: only "no data rows" is reported.
    result = preview(SYSTEM, read_spreadsheet(data, "mau.xlsx"))
    assert [e.message for e in result.errors] == [
        "Tệp “mau.xlsx” không có dòng dữ liệu nào dưới dòng tiêu đề."
    ]
    assert result.warnings == []
