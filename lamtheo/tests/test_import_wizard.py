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
from members.tests._files import MEMBER_HEADER, csv_bytes, many_members, member_row, xlsx
from org.importing import preview_units
from org.models import Unit

from ._hostile import xlsx_cells


def url(step: str, kind: str = "members") -> str:
    return reverse(f"imports:{step}", args=[kind])


START, PREVIEW, SAVE, RESULT = url("start"), url("preview"), url("save"), url("result")


def token_of(client, kind: str = "members") -> str:
    return client.session["imports"][kind]["token"]


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    return client


def upload(client, data: bytes, name: str, kind: str = "members"):
    return client.post(url("start", kind), {"file": SimpleUploadedFile(name, data)})


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

    response = officer.post(SAVE, {"token": token_of(officer)}, follow=True)
    assert "còn 2 lỗi: chưa lưu dòng nào" in response.text
    assert Member.objects.count() == 3


def test_it_saves_a_clean_upload_once_and_forgets_the_file(officer, tree, settings):
    data = csv_bytes([MEMBER_HEADER, *many_members(20, "CDCS-A2")], delimiter=";")
    upload(officer, data, "ds.csv")
    assert "20</strong> dòng sẽ thêm mới" in officer.get(PREVIEW).text
    token = token_of(officer)
    assert officer.post(SAVE, {"token": "sai"}).status_code == 302
    assert Member.objects.count() == 3  # a stale token saves nothing

    response = officer.post(SAVE, {"token": token})
    assert response.status_code == 302 and response["Location"] == RESULT
    result = officer.get(RESULT)
    assert "<strong>20</strong> thêm mới" in result.text
    assert f'href="{reverse("members:member_list")}"' in result.text
    assert Member.objects.filter(unit=tree.cdcs_a2).count() == 21
    assert officer.session["imports"] == {}
    assert list((Path(settings.UPLOAD_STAGING_DIR) / "imports").iterdir()) == []
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).count() == 1

    upload(officer, data, "ds.csv")
    assert "0</strong> dòng sẽ thêm mới" in officer.get(PREVIEW).text
    officer.post(SAVE, {"token": token_of(officer)})
    assert Member.objects.filter(unit=tree.cdcs_a2).count() == 21


def test_it_imports_units_through_the_wizard(officer, tree):
    rows = [["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên"],
            ["CDCS-A9", "Công đoàn Công ty Chín", "Công đoàn cơ sở", "LDLD-A1"]]  # fmt: skip
    upload(officer, xlsx(rows), "dv.xlsx", kind="units")
    assert "Công đoàn Công ty Chín" in officer.get(url("preview", "units")).text
    response = officer.post(url("save", "units"), {"token": token_of(officer, "units")})
    assert response["Location"] == url("result", "units")
    assert f'href="{reverse("org:tree")}"' in officer.get(url("result", "units")).text
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
    response = upload(officer, data, name)
    assert response.status_code == 422
    assert any(message in e for e in response.context["form"].errors["file"])


def test_it_lets_only_officers_import(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER))
    assert client.get(START).status_code == 403
    assert client.get(reverse("imports:index")).status_code == 403
    data = xlsx([MEMBER_HEADER, member_row("Mạc Văn Cam", "CDCS-A1")])
    assert upload(client, data, "ds.xlsx").status_code == 403
    assert client.get(url("template", "units")).status_code == 403


@pytest.mark.parametrize(("kind", "preview"), [("members", preview_members), ("units", preview_units)])
def test_it_serves_templates_the_importer_reads(officer, tree, kind, preview):
    response = officer.get(url("template", kind))
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


def test_every_importer_is_registered_once_and_listed(officer):
    from lamtheo.imports import registry

    assert [i.name for i in registry.all_importers()] == [
        "units", "members", "study-events", "outreach-items", "training-courses"
    ]  # fmt: skip
    page = officer.get(reverse("imports:index")).text
    assert url("start", "units") in page and url("start", "members") in page
    assert officer.get(url("start", "khong-co")).status_code == 404


def test_the_file_is_read_once_at_upload(officer, tree, monkeypatch, settings):
    """The preview and the save read the staged rows, not the file again."""
    from lamtheo.lib import spreadsheet

    reads = []
    real = spreadsheet.read_spreadsheet
    monkeypatch.setattr(spreadsheet, "read_spreadsheet", lambda *a, **k: reads.append(a[1]) or real(*a, **k))
    upload(officer, xlsx([MEMBER_HEADER, *many_members(3, "CDCS-A2")]), "mot-lan.xlsx")
    officer.get(PREVIEW)
    officer.get(PREVIEW)
    officer.post(SAVE, {"token": token_of(officer)})
    assert reads == ["mot-lan.xlsx"]
    assert Member.objects.filter(unit=tree.cdcs_a2).count() == 4
    assert list((Path(settings.UPLOAD_STAGING_DIR) / "imports").iterdir()) == []


def test_a_far_cell_is_refused_on_the_file_field_naming_the_file(officer):
    response = upload(officer, xlsx_cells([(0, 0, "Họ và tên"), (1048575, 16383, "x")]), "xa.xlsx")
    assert response.status_code == 422
    [message] = response.context["form"].errors["file"]
    assert message.startswith("Tệp “xa.xlsx” vượt giới hạn nhập") and "XFD1048576" in message


def test_the_preview_names_the_sheet_read(officer, tree):
    rows = [(0, 0, "Họ và tên"), (0, 1, "Mã đơn vị"), (1, 0, "Lý Văn Ẩn"), (1, 1, "CDCS-A1")]
    data = xlsx_cells(rows, sheets=("Cũ", "Đoàn viên 2024"), active=1, hidden=[0])
    upload(officer, data, "hai-trang.xlsx")
    page = officer.get(PREVIEW).text
    assert "Đã đọc trang tính “Đoàn viên 2024”." in page and "Lý Văn Ẩn" in page


def test_the_preview_prints_a_bounded_page_whatever_the_file_holds(officer, tree):
    """200 columns of long unknown titles and 3,000 bad rows: the page stays small."""
    from lamtheo.imports import views

    long_title = "Cột không dùng có tiêu đề rất dài " * 30
    header = [*MEMBER_HEADER, *(f"{long_title}{i}" for i in range(150))]
    bad_rows = [member_row(f"Người {i}", "CDCS-B1") for i in range(3000)]
    upload(officer, csv_bytes([header, *bad_rows], delimiter=";"), "lon.csv")
    response = officer.get(PREVIEW)
    assert response.status_code == 200
    assert len(response.content) < 400_000
    assert f"… và {3000 - views.PREVIEW_ISSUES} lỗi khác" in response.text
    assert long_title not in response.text  # titles are cut to CELL_CHARS


def test_cancel_forgets_the_staged_rows(officer, tree, settings):
    upload(officer, xlsx([MEMBER_HEADER, *many_members(2, "CDCS-A2")]), "huy.xlsx")
    staged = Path(settings.UPLOAD_STAGING_DIR) / "imports"
    assert len(list(staged.iterdir())) == 1
    response = officer.post(url("cancel"), follow=True)
    assert "chưa lưu dòng nào" in response.text
    assert list(staged.iterdir()) == [] and officer.session["imports"] == {}
    assert officer.get(PREVIEW)["Location"] == START


def test_a_second_upload_replaces_the_first(officer, tree, settings):
    upload(officer, xlsx([MEMBER_HEADER, *many_members(2, "CDCS-A2")]), "mot.xlsx")
    upload(officer, xlsx([MEMBER_HEADER, *many_members(3, "CDCS-A2")]), "hai.xlsx")
    assert len(list((Path(settings.UPLOAD_STAGING_DIR) / "imports").iterdir())) == 1
    assert "“hai.xlsx”" in officer.get(PREVIEW).text
