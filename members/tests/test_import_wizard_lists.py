"""The wizard and the commands with the lists officers have: the unit from context, the skipped rows and
restored zeros shown, the error file, saving only the valid rows, the encoding override; and the command
line printing the same preview as the page."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from accounts.models import Role
from lamtheo.testing import make_user
from members.models import Member

from ._lists import workbook
from .test_import_real_lists import HAND_MADE, TCVN3_ROWS, VNI_ROWS


def url(step: str, kind: str = "members") -> str:
    return reverse(f"imports:{step}", args=[kind])


def upload(client, data: bytes, name: str, kind: str = "members", **extra):
    return client.post(url("start", kind), {"file": SimpleUploadedFile(name, data), **extra})


@pytest.fixture
def chair(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1"))
    return client


def with_bad_row(rows):
    """The hand-made list with one more member whose birth date does not exist."""
    rows = [list(r) for r in rows]
    rows.insert(12, [5, "Nông Văn Lỗi", "31/02/1980", "", "", "", "", "Công nhân", "", "", ""])
    return rows


def test_a_chair_sees_the_skipped_rows_restored_zeros_and_the_encoding(chair, tree):
    response = upload(chair, workbook(HAND_MADE), "ds.xlsx")
    assert response.status_code == 302
    page = chair.get(url("preview")).text
    assert "4</strong> dòng hợp lệ" in page and "0</strong> lỗi" in page
    assert '<table class="table table-sm table-bordered bg-white" id="import-skipped">' in page
    assert "<td>17</td><td>Phần ký tên dưới bảng: bỏ qua.</td>" in page
    assert "<td>8</td><td>Dòng đánh số cột (1), (2)…: bỏ qua.</td>" in page
    assert "đã khôi phục thành “037079004521”" in page
    assert "Đang đọc theo: Unicode (tự nhận ra)." in page
    chair.post(url("save"), {"token": chair.session["imports"]["members"]["token"]})
    assert Member.objects.filter(unit=tree.cdcs_a1, full_name="Hà Văn Tùng").exists()


def test_the_error_file_holds_the_bad_rows_with_reasons_and_reads_back_once_fixed(chair, tree):
    upload(chair, workbook(with_bad_row(HAND_MADE)), "ds.xlsx")
    page = chair.get(url("preview")).text
    assert "1</strong> lỗi ở 1 dòng" in page and 'id="import-error-file"' in page
    assert "Chỉ lưu 4 dòng hợp lệ, bỏ 1 dòng lỗi" in page
    response = chair.get(url("error_file"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[0][:4] == ["STT", "Họ và tên", "Năm sinh", ""] and rows[1][2:4] == ["Nam", "Nữ"]
    assert rows[2][:3] == [5.0, "Nông Văn Lỗi", "31/02/1980"]
    assert rows[2][-1] == "Năm sinh › Nam: Ngày “31/02/1980” không tồn tại."
    assert len(rows) == 3

    # Fixed and uploaded again, the error file alone imports the missing member.
    fixed = workbook([rows[0], rows[1], [5, "Nông Văn Lỗi", "28/02/1980"]])
    upload(chair, fixed, "dong-loi.xlsx")
    page = chair.get(url("preview")).text
    assert "1</strong> dòng hợp lệ" in page and "0</strong> lỗi" in page
    assert "Lý do chưa nhập được" not in page  # the reasons column is not reported as unknown
    chair.post(url("save"), {"token": chair.session["imports"]["members"]["token"]})
    assert Member.objects.get(full_name="Nông Văn Lỗi").gender == "male"


def test_saving_only_the_valid_rows_from_the_wizard(chair, tree):
    upload(chair, workbook(with_bad_row(HAND_MADE)), "ds.xlsx")
    token = chair.session["imports"]["members"]["token"]
    refused = chair.post(url("save"), {"token": token}, follow=True)
    assert "còn 1 lỗi: chưa lưu dòng nào" in refused.text
    done = chair.post(url("save"), {"token": token, "only_valid": "1"}, follow=True)
    assert "4</strong> thêm mới" in done.text and "1</strong> dòng lỗi chưa nhập" in done.text
    assert not Member.objects.filter(full_name="Nông Văn Lỗi").exists()
    assert Member.objects.filter(unit=tree.cdcs_a1, full_name="Lò Văn Sáng").exists()


def test_an_upper_officer_chooses_the_unit_of_a_list_without_a_unit_column(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    upload(client, workbook(HAND_MADE), "ds.xlsx")
    assert "hãy chọn đơn vị nhận danh sách" in client.get(url("preview")).text
    upload(client, workbook(HAND_MADE), "ds.xlsx", unit=str(tree.cdcs_a2.pk))
    page = client.get(url("preview")).text
    assert f"được nhập vào <strong>{tree.cdcs_a2.name}</strong>" in page and "4</strong> dòng hợp lệ" in page
    client.post(url("save"), {"token": client.session["imports"]["members"]["token"]})
    assert Member.objects.filter(unit=tree.cdcs_a2, full_name="Hà Văn Tùng").exists()


def test_the_encoding_is_shown_and_a_wrong_override_is_refused(chair, tree):
    upload(chair, workbook(VNI_ROWS, font="VNI-Times"), "vni.xlsx")
    page = chair.get(url("preview")).text
    assert "Đang đọc theo: VNI Windows (phông VNI-Times) (tự nhận ra)." in page and "Nguyễn Văn An" in page
    wrong = chair.get(url("preview"), {"bang_ma": "tcvn3"}).text
    assert "Bảng mã đã chọn (TCVN3 (ABC, phông .VnTime)) không khớp với dữ liệu trong tệp" in wrong
    assert "NguyÔn" not in wrong and "Nguyeãn" not in wrong
    back = chair.get(url("preview"), {"bang_ma": "vni"}).text
    assert "4</strong> dòng hợp lệ" in back


# --- The command line -------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue()


def test_the_command_prints_the_same_preview_as_the_wizard(chair, tree, tmp_path):
    path = tmp_path / "ds.xlsx"
    path.write_bytes(workbook(with_bad_row(HAND_MADE)))
    upload(chair, path.read_bytes(), "ds.xlsx")
    wizard = chair.get(url("preview")).context["report"]
    status, out = run("import_members", str(path), "--dry-run", "--json", "--as", "chu-tich-a1")
    command = json.loads(out)
    assert status == 1 and command.pop("saved") is False
    assert command == json.loads(json.dumps(wizard))
    assert command["rows"][0] == {
        "row": 9, "action": "create", "full_name": "Hà Văn Tùng", "family_name": "Hà", "middle_name": "Văn",
        "given_name": "Tùng", "unit": "CDCS-A1", "gender": "male", "birth_year": 1979,
        "id_number": "037079004521", "phone": "0912004317", "position": "Tổ trưởng",
    }  # fmt: skip
    assert command["errors"] == [
        {"row": 13, "column": "Năm sinh › Nam", "message": "Ngày “31/02/1980” không tồn tại."}
    ]

    status, text = run("import_members", str(path), "--dry-run", "--as", "chu-tich-a1")
    assert status == 1
    assert "Dòng 13, cột “Năm sinh › Nam”: Ngày “31/02/1980” không tồn tại." in text
    assert "Dòng 18: Phần ký tên dưới bảng: bỏ qua." in text
    assert "Tệp còn lỗi: chưa lưu dòng nào." in text and Member.objects.filter(unit=tree.cdcs_a1).count() == 1


def test_the_command_saves_with_a_unit_and_as_the_system(tree, tmp_path):
    path = tmp_path / "tcvn3.xlsx"
    path.write_bytes(workbook(TCVN3_ROWS, font=".VnTime"))
    status, out = run("import_members", str(path), "--dry-run")
    assert status == 1 and "hãy chọn đơn vị nhận danh sách" in out
    status, out = run("import_members", str(path), "--unit", "CDCS-A2")
    assert status == 0 and "Đã lưu." in out and "bảng mã: TCVN3" in out
    assert Member.objects.filter(unit=tree.cdcs_a2, full_name="Trần Thị Thuỷ").exists()
    status, out = run("import_members", str(path), "--unit", "CDCS-A2", "--json")
    assert status == 0 and json.loads(out)["counts"]["unchanged"] == 4


def test_import_units_command(tree, tmp_path):
    path = tmp_path / "don-vi.csv"
    path.write_text(
        "Mã đơn vị,Tên đơn vị,Cấp,Mã đơn vị cấp trên\r\nCDCS-A9,Công đoàn Công ty Chín,Công đoàn cơ sở,LDLD-A1\r\n",
        encoding="utf-8",
    )
    status, out = run("import_units", str(path), "--dry-run", "--json")
    report = json.loads(out)
    assert status == 0 and report["rows"][0]["code"] == "CDCS-A9" and report["rows"][0]["action"] == "create"
    status, out = run("import_units", str(path))
    assert status == 0 and "Đã lưu." in out


def test_a_large_file_is_saved_in_the_background_with_its_progress(chair, tree, monkeypatch):
    from jobs.models import Job
    from members.importing import IMPORTER

    monkeypatch.setitem(IMPORTER.extra, "background_rows", 5)  # the hand-made list counts as large
    upload(chair, workbook(HAND_MADE), "lon.xlsx")
    token = chair.session["imports"]["members"]["token"]
    response = chair.post(url("save"), {"token": token})
    job = Job.objects.get(kind="members.import")
    assert response["Location"] == job.get_absolute_url()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 8, 8)  # the test backend runs it at once
    assert job.message == "Đã nhập từ tệp “lon.xlsx”: 4 thêm mới, 0 cập nhật, 0 không đổi."
    assert Member.objects.filter(unit=tree.cdcs_a1, full_name="Lò Văn Sáng").exists()
    page = chair.get(job.get_absolute_url()).text
    assert "Đã nhập từ tệp “lon.xlsx”: 4 thêm mới" in page and "100%" in page


def test_a_large_files_preview_runs_in_the_background_and_the_page_can_be_left_and_come_back(
    chair, tree, monkeypatch
):
    from jobs.models import Job
    from lamtheo.imports import background
    from members.importing import IMPORTER

    monkeypatch.setitem(IMPORTER.extra, "background_rows", 5)  # the hand-made list counts as large
    upload(chair, workbook(HAND_MADE), "lon.xlsx")
    page = chair.get(url("preview")).text  # the test backend runs the job at once
    job = Job.objects.get(kind=background.PREVIEW_KIND)
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 4, 4)
    assert job.message == "Đã kiểm tra tệp “lon.xlsx”: 4 dòng hợp lệ. Mở trang xem trước để lưu."
    assert 'id="import-checked-in-background"' in page
    assert "4</strong> dòng hợp lệ" in page and "0</strong> lỗi" in page
    assert "<td>17</td><td>Phần ký tên dưới bảng: bỏ qua.</td>" in page
    assert "đã khôi phục thành “037079004521”" in page and "Đang đọc theo: Unicode (tự nhận ra)." in page
    assert "Xem kết quả" in chair.get(job.get_absolute_url()).text  # the job's page links back here

    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, done=2)  # as while the worker checks
    page = chair.get(url("preview")).text
    assert 'id="import-running"' in page and 'aria-valuenow="50"' in page and "Lưu</button>" not in page
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=4)
    chair.get(url("preview"))  # coming back: the same job's result, none started again
    assert Job.objects.filter(kind=background.PREVIEW_KIND).count() == 1
    chair.get(url("preview"), {"bang_ma": "vni"})  # another encoding: checked again
    assert Job.objects.filter(kind=background.PREVIEW_KIND).count() == 2
    chair.get(url("preview"), {"bang_ma": "unicode"})

    chair.post(url("save"), {"token": chair.session["imports"]["members"]["token"]})
    assert Job.objects.get(kind="members.import").message.startswith("Đã nhập từ tệp “lon.xlsx”: 4 thêm mới")
    member = Member.objects.get(unit=tree.cdcs_a1, full_name="Lò Văn Sáng")
    # One audit event for the import; the member's page still says where the record came from.
    from django.utils import timezone

    from audit.models import AuditEvent

    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT, model="members.member")
    assert member.import_event == event and event.after["created"] == 4
    day = timezone.localtime(event.at).strftime("%d/%m/%Y")
    assert f"Nhập từ tệp “lon.xlsx” ngày {day}" in chair.get(member.get_absolute_url()).text
    # The job's page links to the rows the import created, and only those.
    save_job = Job.objects.get(kind="members.import")
    assert save_job.params["next_url"] == f"{reverse('members:member_list')}?nhap={event.pk}"
    listed = chair.get(save_job.params["next_url"]).text
    assert "Lò Văn Sáng" in listed and "Nguyễn Văn Đức" not in listed  # a member the tree held before
