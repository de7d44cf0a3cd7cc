import unicodedata
from datetime import date

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM
from audit.models import AuditEvent
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import read_spreadsheet
from lamtheo.testing import actor_for
from members.importing import preview_members, save_members
from members.models import Member, Membership

from ._files import MEMBER_HEADER, csv_bytes, many_members, member_row, xlsx

FORMATS = {"xlsx": xlsx, "csv": csv_bytes}


def sheet_of(rows, fmt="xlsx"):
    return read_spreadsheet(FORMATS[fmt](rows), f"doan-vien.{fmt}")


def officer_a(tree):
    return actor_for(tree.fed_a, Role.FEDERATION_STAFF)


def errors_of(preview):
    return [(e.row, e.column, e.message) for e in preview.errors]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_reports_the_one_bad_row_of_1000_saves_nothing_then_saves_all_once_fixed(tree, fmt):
    actor = officer_a(tree)
    rows = [MEMBER_HEADER, *many_members(1000, "CDCS-A1")]
    rows[501][3] = "31/02/1990"  # spreadsheet row 502
    before_members, before_events = Member.objects.count(), AuditEvent.objects.count()

    preview = preview_members(actor, sheet_of(rows, fmt))
    assert errors_of(preview) == [(502, "Ngày sinh", "Ngày “31/02/1990” không tồn tại.")]
    assert (preview.valid_count, preview.create_count, preview.update_count) == (999, 999, 0)
    assert not preview.can_save
    with pytest.raises(ServiceError, match="còn 1 lỗi"):
        save_members(actor, sheet_of(rows, fmt))
    assert Member.objects.count() == before_members
    assert AuditEvent.objects.count() == before_events

    rows[501][3] = "28/02/1990"
    sheet = sheet_of(rows, fmt)
    preview = preview_members(actor, sheet)
    result = save_members(actor, sheet)
    assert preview.errors == [] and result.create_count == 1000
    assert Member.objects.count() == before_members + 1000
    assert Membership.objects.filter(member__id_number__startswith="0000").count() == 1000
    creates = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE, model="members.member")
    assert creates.count() == 3  # the three members of the small tree: the import has one event
    summary = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert summary.after["created"] == 1000 and summary.after["file"] == f"doan-vien.{fmt}"
    assert Member.objects.filter(import_event=summary).count() == 1000

    again = save_members(actor, sheet_of(rows, fmt))
    assert (again.create_count, again.update_count, again.unchanged_count) == (0, 0, 1000)
    assert Member.objects.count() == before_members + 1000
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == 0


def test_it_reports_every_kind_of_bad_row(tree):
    actor = officer_a(tree)
    rows = [
        MEMBER_HEADER,
        member_row("", "CDCS-A1"),  # 2
        member_row("Phạm Văn Hai", "CDCS-A1", born="31/02/1990"),  # 3
        member_row("Phạm Văn Ba", "KHONG-CO"),  # 4
        member_row("Phạm Văn Bốn", "CDCS-B1"),  # 5: province B is out of scope
        member_row("Phạm Văn Năm", "CDCS-A1", id_number="001099000005"),  # 6
        member_row("Phạm Văn Sáu", "CDCS-A1", id_number="001099000005"),  # 7: same CCCD as row 6
        member_row("Hoàng Thị Bảy", "CDCS-A1", id_number="001090000001"),  # 8: CCCD of Nguyễn Văn Đức
        member_row("Phạm Văn Tám", "CDCS-A1", phone="912345678"),  # 9: 9 digits: its 0 restored (a warning)
        member_row("Phạm Văn Chín", "LDLD-A1"),  # 10: not a grassroots union
        member_row("Phạm Văn Mười", "CDCS-A1", gender="Không rõ", born="1990-13-01"),  # 11
        member_row("Phạm Văn Mười Một", "CDCS-A1", id_number="12345"),  # 12
        member_row("Phạm Văn Mười Hai", "CDCS-A1", born="abc", joined="01/01/2999"),  # 13
    ]
    preview = preview_members(actor, sheet_of(rows))
    assert errors_of(preview) == [
        (2, "Họ và tên", "Thiếu họ tên."),
        (3, "Ngày sinh", "Ngày “31/02/1990” không tồn tại."),
        (4, "Mã đơn vị", "Mã đơn vị “KHONG-CO” không tồn tại."),
        (5, "Mã đơn vị", "Đơn vị “CDCS-B1” nằm ngoài phạm vi quản lý của bạn."),
        (7, "Số CCCD", "Số CCCD “001099000005” trùng với dòng 6."),
        (8, "Số CCCD", "Số CCCD “001090000001” trùng với đoàn viên đã có “Nguyễn Văn Đức”, sinh ngày 01/05/1990."),
        (10, "Mã đơn vị", "“Liên đoàn Lao động huyện Đông Sơn” (LDLD-A1) không phải công đoàn cơ sở "
         "hoặc nghiệp đoàn cơ sở."),
        (11, "Giới tính", "Giới tính “Không rõ” không hợp lệ (Nam hoặc Nữ)."),
        (11, "Ngày sinh", "Ngày “1990-13-01” không tồn tại."),
        (12, "Số CCCD", "Số CCCD “12345” không hợp lệ (cần 12 chữ số, hoặc 9 với CMND cũ)."),
        (13, "Ngày sinh", "Ngày “abc” không đúng dạng ngày/tháng/năm."),
        (13, "Ngày vào công đoàn", "Ngày vào công đoàn 01/01/2999 ở tương lai."),
    ]  # fmt: skip
    assert (preview.valid_count, preview.create_count, preview.error_rows) == (2, 2, 10)
    assert [w.row for w in preview.warnings if w.column == "Số điện thoại"] == [9]


def test_it_reports_missing_required_columns_before_reading_rows(tree):
    rows = [["Giới tính", "Ngày sinh", "Số CCCD"], ["Nam", "01/01/1990", "001090000009"]]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert errors_of(preview) == [
        (1, "Họ và tên", "Thiếu cột “Họ và tên” (hoặc các cột “Họ”, “Tên đệm”, “Tên”)."),
        (1, "Mã đơn vị", "Tệp không có cột “Mã đơn vị”: hãy chọn đơn vị nhận danh sách."),
    ]
    assert preview.rows == []


def test_it_finds_the_header_below_a_title_and_counts_rows_as_the_spreadsheet_shows(tree):
    rows = [
        ["DANH SÁCH ĐOÀN VIÊN"],
        [],
        ["HỌ VÀ TÊN", "mã đơn vị", "Ngay sinh", "Ghi chú"],  # accent- and case-insensitive titles
        ["Lê Thị Hoa", "cdcs-a1", "05/06/1991", "x"],
        ["Lê Thị Huệ", "CDCS-A1", "31/04/1991", ""],
    ]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert errors_of(preview) == [(5, "Ngày sinh", "Ngày “31/04/1991” không tồn tại.")]
    assert [w.message for w in preview.warnings] == ["Cột “Ghi chú” không được dùng, bỏ qua."]
    assert preview.rows[0].row == 4 and preview.rows[0].unit == tree.cdcs_a1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_keeps_leading_zeros_and_stores_nfc(tree, fmt):
    nfd_name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    rows = [MEMBER_HEADER, member_row(nfd_name, "CDCS-A2", gender="Nữ", id_number="012345678901",
                                      phone="0912000111", born="07/08/1992")]  # fmt: skip
    save_members(officer_a(tree), sheet_of(rows, fmt))
    member = Member.objects.get(id_number="012345678901")
    assert member.phone == "0912000111"
    assert member.full_name == "Nguyễn Thị Ánh Tuyết" == unicodedata.normalize("NFC", member.full_name)
    assert (member.family_name, member.middle_name, member.given_name) == ("Nguyễn", "Thị Ánh", "Tuyết")
    assert member.gender == "female" and member.birth_date == date(1992, 8, 7)
    assert member.unit == tree.cdcs_a2


def test_it_warns_about_numeric_id_and_phone_cells(tree):
    rows = [
        MEMBER_HEADER,
        member_row("Vũ Văn Một", "CDCS-A1", id_number=101090456789, phone=912345678),
        member_row("Vũ Văn Hai", "CDCS-A1", id_number=1090000002),
        member_row("Vũ Văn Ba", "CDCS-A1", id_number=12345678),  # 8 digits: no zeros to restore
    ]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "Số điện thoại"), (3, "Số CCCD")]
    assert "đã khôi phục thành “0912345678”" in preview.warnings[0].message
    assert "đã khôi phục thành “001090000002”" in preview.warnings[1].message
    assert [(r.data["id_number"], r.data.get("phone")) for r in preview.rows] == [
        ("101090456789", "0912345678"), ("001090000002", None),
    ]  # fmt: skip
    assert errors_of(preview) == [
        (4, "Số CCCD", "Số CCCD “12345678” không hợp lệ (cần 12 chữ số, hoặc 9 với CMND cũ)."),
    ]


def test_it_accepts_the_date_forms_of_spreadsheets(tree):
    rows = [
        MEMBER_HEADER,
        member_row("Đỗ Văn A", "CDCS-A1", born="5/9/1990"),
        member_row("Đỗ Văn B", "CDCS-A1", born="1990-09-05"),
        member_row("Đỗ Văn C", "CDCS-A1", born=33121),  # Excel serial of 05/09/1990
        member_row("Đỗ Văn D", "CDCS-A1", born=date(1990, 9, 5)),  # a date cell
        member_row("Đỗ Văn E", "CDCS-A1", born="05.09.1990"),
    ]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert preview.errors == []
    assert {r.data["birth_date"] for r in preview.rows} == {date(1990, 9, 5)}


def test_it_accepts_separate_name_columns(tree):
    rows = [
        ["Họ", "Tên đệm", "Tên", "Mã đơn vị"],
        ["Trịnh", "Công", "Sơn", "CDCS-A1"],
        ["Trịnh", "", "", "CDCS-A1"],
    ]
    preview = preview_members(officer_a(tree), sheet_of(rows, "csv"))
    assert errors_of(preview) == [(3, "Tên", "Thiếu tên (cột “Tên”).")]
    assert preview.rows[0].full_name == "Trịnh Công Sơn"


def test_it_updates_matched_members_and_transfers_them(tree):
    actor = officer_a(tree)
    rows = [
        MEMBER_HEADER,
        # Same CCCD, name without accents, new phone, another unit: update + transfer.
        member_row(
            "Nguyen Van Duc", "CDCS-A2", born="01/05/1990", id_number="001090000001", phone="0988000111"
        ),
        # No CCCD in the file: matched by unit + name + birth date (Trần Thị Ánh has no birth date).
        member_row("Trần Thị Ánh", "CDCS-A2", gender="Nữ", born="", position="Kế toán"),
    ]
    preview = preview_members(actor, sheet_of(rows))
    assert preview.errors == []
    assert [(r.action, r.transfer) for r in preview.rows] == [("update", True), ("update", False)]
    assert preview.rows[0].changes == {"phone": "0988000111", "ethnicity": "Kinh"}
    save_members(actor, sheet_of(rows))

    duc = Member.objects.get(pk=tree.member_a1.pk)
    assert (duc.phone, duc.unit, duc.full_name) == ("0988000111", tree.cdcs_a2, "Nguyễn Văn Đức")
    assert list(duc.memberships.order_by("valid_from").values_list("unit__code", flat=True)) == [
        "CDCS-A1", "CDCS-A2",
    ]  # fmt: skip
    anh = Member.objects.get(pk=tree.member_a2.pk)
    assert (anh.position, anh.gender) == ("Kế toán", "female")
    updates = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(anh.pk))
    assert updates.get().after == {"gender": "female", "ethnicity": "Kinh", "position": "Kế toán"}
    assert Member.objects.count() == 3


def test_it_refuses_a_cccd_of_a_member_outside_the_scope(tree):
    rows = [MEMBER_HEADER, member_row("Lê Văn Bình", "CDCS-A1", id_number="002090000003")]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert errors_of(preview) == [
        (2, "Số CCCD", "Số CCCD “002090000003” đã có ở một đoàn viên ngoài phạm vi quản lý của bạn.")
    ]


def test_it_reports_duplicate_people_within_the_file(tree):
    rows = [MEMBER_HEADER, member_row("Lý Văn Tư", "CDCS-A1"), member_row("Ly Van Tu", "CDCS-A1")]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert errors_of(preview) == [
        (3, "Họ và tên", "Trùng với dòng 2 (cùng họ tên và ngày sinh, cùng đơn vị).")
    ]


def test_it_uses_the_chairs_own_union_when_the_unit_cell_is_empty(tree):
    chair = actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    rows = [MEMBER_HEADER, member_row("Mạc Thị Bưởi", "")]
    preview = preview_members(chair, sheet_of(rows))
    assert preview.errors == [] and preview.rows[0].unit == tree.cdcs_a1
    preview = preview_members(officer_a(tree), sheet_of(rows))
    assert errors_of(preview) == [
        (2, "Mã đơn vị", "Thiếu mã đơn vị: tệp không có cột “Mã đơn vị”, hãy chọn đơn vị nhận danh sách.")
    ]


def test_it_refuses_readers(tree):
    reader = actor_for(tree.cdcs_a1, Role.MEMBER)
    with pytest.raises(ServiceError, match="không có quyền"):
        save_members(reader, sheet_of([MEMBER_HEADER, member_row("Mạc Văn Cam", "CDCS-A1")]))
    assert not Member.objects.filter(given_name="Cam").exists()


def test_it_works_for_the_system_actor(tree):
    rows = [MEMBER_HEADER, member_row("Cao Văn Dừa", "CDCS-B1")]
    result = save_members(SYSTEM, sheet_of(rows))
    assert result.create_count == 1
    assert Member.objects.get(given_name="Dừa").unit == tree.cdcs_b1


def test_it_refuses_to_transfer_a_member_who_joined_their_unit_today(tree):
    actor = officer_a(tree)
    first = [MEMBER_HEADER, member_row("Tạ Văn Mới", "CDCS-A1", id_number="001099000777")]
    save_members(actor, sheet_of(first))  # no "Ngày vào công đoàn": the membership starts today
    moved = [MEMBER_HEADER, member_row("Tạ Văn Mới", "CDCS-A2", id_number="001099000777")]
    preview = preview_members(actor, sheet_of(moved))
    assert errors_of(preview) == [
        (2, "Mã đơn vị", f"Đoàn viên mới sinh hoạt ở đơn vị hiện tại từ ngày {today():%d/%m/%Y}: "
         "chưa thể chuyển đơn vị hôm nay."),
    ]  # fmt: skip


def test_a_year_typed_as_birth_date_is_kept_as_the_birth_year_not_read_as_an_excel_serial(tree):
    # Before: "1985" in a text cell became the Excel serial 1985, i.e. 07/06/1905.
    rows = [MEMBER_HEADER, member_row("Phạm Văn Hai", "CDCS-A1", born="1985")]
    for fmt in ("xlsx", "csv"):
        preview = preview_members(officer_a(tree), sheet_of(rows, fmt))
        assert preview.errors == []
        assert "birth_date" not in preview.rows[0].data and preview.rows[0].data["birth_year"] == 1985


def test_the_bulk_insert_writes_what_the_orm_builder_writes(tree):
    """The import inserts rows with executemany; every column must equal services.build_member's."""
    from members.services import build_member

    rows = [
        MEMBER_HEADER,
        member_row(
            "  Nguyễn   Thị Thuỷ ",
            "CDCS-A1",
            gender="Nữ",
            born="17/4/1983",
            id_number="001183000111",
            phone="0912345678",
            joined="01/07/2021",
            position="Giáo viên",
        ),  # fmt: skip
        member_row("Lê Hoàng", "CDCS-A1", gender="", born="1986", ethnicity="", phone="0977214506"),
        member_row("Đào Văn Ánh", "CDCS-A1", born="", joined=""),
        # ASCII only, and numbers from numeric cells (their zeros restored): the search text the import
        # derives from the folded name must still be search_text_of's.
        member_row("TRAN  Van BINH", "CDCS-A1", born="02/03/1990", id_number=1190000222, phone=912000333),
        member_row("Ông Ích Khiêm", "CDCS-A1", born="1975", phone=" 0912.000.444 "),
    ]
    preview = preview_members(officer_a(tree), sheet_of(rows))
    save_members(officer_a(tree), sheet_of(rows))
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    columns = ("unit_id", "family_name", "middle_name", "given_name", "full_name", "original_full_name", "gender",
               "birth_date", "birth_year", "ethnicity", "id_number", "phone", "joined_on", "position",
               "search_text", "sort_key", "archived_at")  # fmt: skip
    for planned in preview.rows:
        built, membership = build_member(unit=planned.unit, data=planned.data, full_name=planned.full_name)
        if built.birth_date is None and planned.data.get("birth_year"):
            built.birth_year = planned.data["birth_year"]
        saved = Member.objects.get(full_name=built.full_name)
        assert {c: getattr(saved, c) for c in columns} == {c: getattr(built, c) for c in columns}
        assert saved.import_event_id == event.pk and saved.created_at is not None
        [ms] = saved.memberships.all()
        assert (ms.unit_id, ms.valid_from, ms.valid_to) == (membership.unit_id, membership.valid_from,
                                                            membership.valid_to)  # fmt: skip
    assert Member.objects.filter(import_event=event).count() == 5


def test_the_collector_is_paused_while_a_list_is_saved_and_back_on_after(tree):
    import gc

    seen = []
    rows = [MEMBER_HEADER, *many_members(3, "CDCS-A1")]
    assert gc.isenabled()
    save_members(officer_a(tree), sheet_of(rows), progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()
    with pytest.raises(ServiceError):
        save_members(officer_a(tree), sheet_of([MEMBER_HEADER, member_row("", "CDCS-A1")]))
    assert gc.isenabled()  # a refused list puts it back too
