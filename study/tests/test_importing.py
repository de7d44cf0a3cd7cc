"""Import of past study events, outreach items and training courses: a per-row preview, all or nothing,
the same file twice adds nothing, a file without a unit column goes to the acting unit."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import Sheet
from lamtheo.testing import actor_for, make_user
from study.importing import EVENTS, OUTREACH, TRAINING, preview_records, save_records
from study.models import OutreachItem, StudyEvent, StudyEventHost, TrainingCourse

EVENT_ROWS = [
    ["LIÊN ĐOÀN LAO ĐỘNG TỈNH A"],
    ["DANH SÁCH HOẠT ĐỘNG HỌC TẬP NĂM 2024"],
    ["STT", "Mã đơn vị", "Ngày tổ chức", "Hình thức", "Tên hoạt động", "Số đoàn viên tham dự", "Số CNVCLĐ"],
    [1, "CDCS-A1", "15/3/2024", "Hội nghị quán triệt", "Quán triệt chuyên đề năm 2024", 42, 5],
    [2, "cdcs-a2", "20/06/2024", "sinh hoat chuyen de", "Sinh hoạt chuyên đề quý II", "35", ""],
]


def sheet(rows, name="hoat-dong.xlsx") -> Sheet:
    return Sheet(name, [list(r) for r in rows])


def test_events_are_previewed_then_saved_once(tree):
    actor = actor_for(tree.fed_a)
    preview = preview_records(EVENTS, actor, sheet(EVENT_ROWS))
    assert preview.errors == [] and [r.action for r in preview.rows] == ["create", "create"]
    save_records(EVENTS, actor, sheet(EVENT_ROWS))
    hosts = {h.unit_id: h for h in StudyEventHost.objects.all()}
    assert set(hosts) == {tree.cdcs_a1.pk, tree.cdcs_a2.pk}
    assert (hosts[tree.cdcs_a1.pk].member_count, hosts[tree.cdcs_a1.pk].worker_count) == (42, 5)
    assert hosts[tree.cdcs_a2.pk].held_on == date(2024, 6, 20)
    assert StudyEvent.objects.get(unit=tree.cdcs_a2).kind == "thematic"

    again = save_records(EVENTS, actor, sheet(EVENT_ROWS))
    assert [r.action for r in again.rows] == ["unchanged", "unchanged"]
    assert StudyEvent.objects.count() == 2


def test_every_bad_row_is_named_and_nothing_is_saved(tree):
    rows = [
        *EVENT_ROWS,
        [3, "CDCS-B1", "01/04/2024", "Tọa đàm", "Ngoài phạm vi", 3, 0],
        [4, "CDCS-A1", "31/02/2024", "Tọa đàm", "Ngày sai", 3, 0],
        [5, "CDCS-A1", "01/05/2024", "Liên hoan", "Hình thức lạ", "ba mươi", 0],
        [6, "CDCS-A1", "15/03/2024", "Hội nghị quán triệt", "QUÁN TRIỆT CHUYÊN ĐỀ NĂM 2024", 1, 0],
    ]
    actor = actor_for(tree.fed_a)
    preview = preview_records(EVENTS, actor, sheet(rows))
    where = {(e.row, e.column) for e in preview.errors}
    assert (6, "Mã đơn vị") in where  # province B's union: outside the actor's subtree
    assert (7, "Ngày tổ chức") in where
    assert {(8, "Hình thức"), (8, "Số đoàn viên tham dự")} <= where
    assert any(
        e.row == 9 and "Trùng với dòng 4" in e.message for e in preview.errors
    )  # same day, kind, title
    with pytest.raises(ServiceError, match="chưa lưu dòng nào"):
        save_records(EVENTS, actor, sheet(rows))
    assert StudyEvent.objects.count() == 0


def test_a_file_without_a_unit_column_goes_to_the_acting_union(tree):
    rows = [["Ngày đăng", "Hình thức", "Tiêu đề", "Đường dẫn"],
            ["02/09/2024", "Tin", "Công đoàn tổ chức Tết Trung thu", "https://congdoan.example/tin/1"],
            ["05/09/2024", "Bài đăng Zalo", "Lịch sinh hoạt chuyên đề", ""]]  # fmt: skip
    chair = actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    save_records(OUTREACH, chair, sheet(rows, "tin-bai.csv"))
    assert set(OutreachItem.objects.values_list("unit_id", "channel")) == {
        (tree.cdcs_a1.pk, "news"), (tree.cdcs_a1.pk, "zalo")
    }  # fmt: skip


def test_training_courses_keep_their_dates_and_head_count(tree):
    rows = [["Mã đơn vị", "Tên lớp tập huấn", "Từ ngày", "Đến ngày", "Số học viên"],
            ["CDCS-A1", "Tập huấn nghiệp vụ công đoàn", "10/10/2024", "11/10/2024", "1.200"],
            ["CDCS-A1", "Lớp sai ngày", "12/10/2024", "01/10/2024", 3]]  # fmt: skip
    actor = actor_for(tree.fed_a)
    preview = preview_records(TRAINING, actor, sheet(rows))
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Đến ngày")]
    save_records(TRAINING, actor, sheet(rows[:2]))
    course = TrainingCourse.objects.get()
    assert (course.on, course.ends_on, course.participant_count) == (
        date(2024, 10, 10),
        date(2024, 10, 11),
        1200,
    )


def test_a_member_cannot_import(tree):
    with pytest.raises(ServiceError):
        save_records(EVENTS, actor_for(tree.cdcs_a1, Role.MEMBER), sheet(EVENT_ROWS))
    assert StudyEvent.objects.count() == 0


def test_the_wizard_offers_and_runs_the_study_imports(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF))
    assert "Hoạt động học tập (đã diễn ra)" in client.get(reverse("imports:index")).text
    data = "\n".join(";".join(str(c) for c in row) for row in EVENT_ROWS[2:]).encode()
    response = client.post(
        reverse("imports:start", args=["study-events"]), {"file": SimpleUploadedFile("hd.csv", data)}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert "Quán triệt chuyên đề năm 2024" in preview.text
    token = client.session["imports"]["study-events"]["token"]
    client.post(reverse("imports:save", args=["study-events"]), {"token": token})
    assert StudyEvent.objects.count() == 2


def test_a_head_count_that_is_no_plain_number_is_named_not_a_crash(tree):
    """'²' passes str.isdigit() but not int(); a 25-digit count fits no database column."""
    rows = [
        *EVENT_ROWS,
        [3, "CDCS-A1", "01/04/2024", "Tọa đàm", "Số mũ", "²", 0],
        [4, "CDCS-A1", "02/04/2024", "Tọa đàm", "Số quá lớn", "9" * 25, 0],
    ]
    preview = preview_records(EVENTS, actor_for(tree.fed_a), sheet(rows))
    where = {(e.row, e.column) for e in preview.errors}
    assert {(6, "Số đoàn viên tham dự"), (7, "Số đoàn viên tham dự")} <= where
