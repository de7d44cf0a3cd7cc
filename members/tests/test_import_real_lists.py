"""The member lists officers really have (issue #11): exported and hand-made forms, legacy encodings,
lost zeros, no unit-code column. Each file is written here in the form unions use, with our own names
and numbers; each is imported with every member and field checked, and the skipped rows noted."""

import codecs
import unicodedata
from datetime import date

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from lamtheo.lib import legacy_vietnamese as legacy
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import read_spreadsheet
from lamtheo.testing import actor_for
from members.importing import preview_members, save_members
from members.models import Member

from ._lists import cp1258, csv_text, latin, workbook

FIELDS = ("full_name", "gender", "birth_date", "birth_year", "id_number", "phone", "position", "ethnicity")


def chair(tree):
    return actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)


def imported(tree):
    """The members of CĐCS A1 that the tree did not hold, as tuples of FIELDS, in name order."""
    return sorted(
        tuple(getattr(m, f) for f in FIELDS)
        for m in Member.objects.filter(unit=tree.cdcs_a1).exclude(full_name__in=TREE_MEMBERS)
    )


TREE_MEMBERS = ("Nguyễn Văn Đức", "Trần Thị Mai", "Lê Văn Hùng")


def notes_of(preview):
    return [(n.row, n.message) for n in preview.notes]


def import_twice(actor, data, filename, **kwargs):
    """Preview, save, then import the same file again: the second time changes nothing."""
    sheet = read_spreadsheet(data, filename, **kwargs)
    preview = preview_members(actor, sheet)
    assert preview.errors == [], preview.errors
    save_members(actor, sheet)
    creates = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE)
    created_before = creates.count()  # counted, not compared by id: PostgreSQL's ids go on across tests
    again = preview_members(actor, read_spreadsheet(data, filename, **kwargs))
    assert (again.create_count, again.update_count, again.errors) == (0, 0, [])
    save_members(actor, read_spreadsheet(data, filename, **kwargs))
    assert creates.count() == created_before
    return preview


# --- Layouts ----------------------------------------------------------------------------------------

HAND_MADE = [
    [("LIÊN ĐOÀN LAO ĐỘNG HUYỆN ĐÔNG SƠN", {"merge": (1, 3)}), "", "", "", "",
     ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {"merge": (1, 5)})],
    [("CĐCS CÔNG TY MAY AN PHÚ", {"merge": (1, 3)}), "", "", "", "", ("Độc lập - Tự do - Hạnh phúc", {"merge": (1, 5)})],
    [],
    [("DANH SÁCH ĐOÀN VIÊN CÔNG ĐOÀN NĂM 2026", {"merge": (1, 10)})],
    [("(Kèm theo Báo cáo số 07/BC-CĐCS ngày 05/01/2026)", {"merge": (1, 10)})],
    [("STT", {"merge": (2, 1)}), ("Họ và tên", {"merge": (2, 1)}), ("Năm sinh", {"merge": (1, 2)}), "",
     ("Căn cước công dân", {"merge": (1, 2)}), "", ("SĐT", {"merge": (2, 1)}), ("Chức vụ", {"merge": (2, 1)}),
     ("Trình độ", {"merge": (1, 2)}), "", ("Ghi chú", {"merge": (2, 1)})],
    ["", "", "Nam", "Nữ", "Số", "Ngày cấp", "", "", "Chuyên môn", "Lý luận chính trị", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
    [1, "Hà Văn Tùng", "1979", "", 37079004521, "12/03/2021", 912004317, "Tổ trưởng", "Kỹ sư", "Sơ cấp", ""],
    [2, "Đinh Thị Hằng", "", "17/4/1983", "037183002266", "12/03/2021", "0977 214 506", "Công nhân", "", "", ""],
    [3, "Vi Thị Lụa", "", 1988, "", "", "'0388123456", "Thủ kho", "Trung cấp", "", "mới chuyển đến"],
    [4, "Lò Văn Sáng", "9-11-1979", "", "037079 009 912", "", "0912.345.678", "Bảo vệ", "", "", ""],
    ["Tổng cộng: 4 đoàn viên", "", "", "", "", "", "", "", "", "", ""],
    ["Trong đó: nữ 2", "", "", "", "", "", "", "", "", "", ""],
    [],
    ["", "", "", "", "", "", ("Đông Sơn, ngày 15 tháng 01 năm 2026", {"merge": (1, 5)})],
    ["", ("NGƯỜI LẬP BIỂU", {"merge": (1, 2)}), "", "", "", "", ("TM. BAN CHẤP HÀNH", {"merge": (1, 5)})],
    ["", "", "", "", "", "", ("CHỦ TỊCH", {"merge": (1, 5)})],
    ["", ("Bùi Thị Nga", {"merge": (1, 2)}), "", "", "", "", ("Mai Văn Quế", {"merge": (1, 5)})],
]  # fmt: skip


def test_a_hand_made_list_without_a_unit_column_goes_to_the_chairs_union(tree):
    actor = chair(tree)
    data = workbook(HAND_MADE)
    preview = import_twice(actor, data, "ds-doan-vien-2026.xlsx")
    assert notes_of(preview) == [
        (1, "Dòng tiêu đề phía trên bảng: bỏ qua."),
        (2, "Dòng tiêu đề phía trên bảng: bỏ qua."),
        (4, "Dòng tiêu đề phía trên bảng: bỏ qua."),
        (5, "Dòng tiêu đề phía trên bảng: bỏ qua."),
        (8, "Dòng đánh số cột (1), (2)…: bỏ qua."),
        (13, "Dòng tổng cộng dưới bảng: bỏ qua."),
        (14, "Dòng tổng cộng dưới bảng: bỏ qua."),
        (16, "Dòng ngày tháng dưới bảng: bỏ qua."),
        (17, "Phần ký tên dưới bảng: bỏ qua."),
        (18, "Phần ký tên dưới bảng: bỏ qua."),
        (19, "Phần ký tên dưới bảng: bỏ qua."),
    ]
    assert [(w.row, w.column) for w in preview.warnings] == [
        (7, "Căn cước công dân › Ngày cấp"),
        (7, "Trình độ › Chuyên môn"),
        (7, "Trình độ › Lý luận chính trị"),
        (7, "Ghi chú"),
        (9, "Số CCCD"),
        (9, "Số điện thoại"),
    ]
    assert "đã khôi phục thành “037079004521”" in preview.warnings[4].message
    assert "đã khôi phục thành “0912004317”" in preview.warnings[5].message
    assert imported(tree) == sorted([
        ("Hà Văn Tùng", "male", None, 1979, "037079004521", "0912004317", "Tổ trưởng", ""),
        ("Đinh Thị Hằng", "female", date(1983, 4, 17), 1983, "037183002266", "0977214506", "Công nhân", ""),
        ("Vi Thị Lụa", "female", None, 1988, "", "0388123456", "Thủ kho", ""),
        ("Lò Văn Sáng", "male", date(1979, 11, 9), 1979, "037079009912", "0912345678", "Bảo vệ", ""),
    ])  # fmt: skip


def test_an_upper_unit_still_loads_many_unions_through_a_unit_column(tree):
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF)
    rows = [
        ["TT", "Họ tên", "Mã CĐCS", "Giới tính", "Ngày tháng năm sinh", "Số CCCD/CMND", "Điện thoại di động"],
        ["1", "Kha Văn Lực", "CDCS-A1", "Nam", "03.02.1990", "001090123456", "0901234567"],
        ["2", "Ông Thị Mận", "CDCS-A2", "Nữ", "6/9/88", "001188654321", ""],
    ]
    data = csv_text(rows, ";").encode("utf-8-sig")
    preview = import_twice(actor, data, "nhieu-cdcs.csv")
    assert [(r.row, r.unit.code, r.data["birth_date"]) for r in preview.rows] == [
        (2, "CDCS-A1", date(1990, 2, 3)),
        (3, "CDCS-A2", date(1988, 9, 6)),
    ]
    # Without a unit column and acting for an upper unit, the unit comes from the wizard / --unit.
    no_column = [[r[0], r[1], r[3], r[4]] for r in rows]
    sheet = read_spreadsheet(csv_text(no_column).encode(), "khong-ma.csv")
    refused = preview_members(actor, sheet)
    assert [e.message for e in refused.errors] == [
        "Tệp không có cột “Mã đơn vị”: hãy chọn đơn vị nhận danh sách."
    ]
    chosen = preview_members(actor, sheet, unit=tree.cdcs_a2)
    assert chosen.errors == [] and {r.unit for r in chosen.rows} == {tree.cdcs_a2}


def test_header_names_as_unions_write_them(tree):
    rows = [
        ["Số TT", "HỌ VÀ TÊN", "Giới", "Ngày, tháng, năm sinh", "Dân tộc", "Số định danh cá nhân", "Số ĐT",
         "Chức danh, nghề nghiệp", "Ngày kết nạp"],
        ["1", "Tạ  Quang   Vĩnh ", "nam", "2/1/1975", "Tày", "019075 000 123", "0913 000 111", "Lái xe", "1/5/2010"],
    ]  # fmt: skip
    preview = import_twice(chair(tree), workbook(rows), "tieu-de-khac.xlsx")
    assert preview.warnings == [] and preview.notes == []
    member = Member.objects.get(full_name="Tạ Quang Vĩnh")
    assert (member.family_name, member.middle_name, member.given_name) == ("Tạ", "Quang", "Vĩnh")
    assert (member.gender, member.birth_date, member.ethnicity, member.id_number, member.phone, member.position,
            member.joined_on) == ("male", date(1975, 1, 2), "Tày", "019075000123", "0913000111", "Lái xe",
                                  date(2010, 5, 1))  # fmt: skip


def test_the_table_ends_where_stt_stops_being_a_number(tree):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Năm sinh"],
        [1, "Kiều Văn Tân", "Nam", 1980],
        ["", "", "", ""],
        [2, "Lương Thị Xuân", "Nữ", "1992"],
        ["Cộng", "2", "", ""],
        ["", "Người lập", "", ""],
        ["", "Hứa Văn Hải", "", ""],
    ]
    preview = import_twice(chair(tree), workbook(rows), "het-stt.xlsx")
    assert notes_of(preview) == [
        (5, "Dòng tổng cộng dưới bảng: bỏ qua."),
        (6, "Phần ký tên dưới bảng: bỏ qua."),
        (7, "Phần ký tên dưới bảng: bỏ qua."),
    ]
    assert imported(tree) == sorted([
        ("Kiều Văn Tân", "male", None, 1980, "", "", "", ""),
        ("Lương Thị Xuân", "female", None, 1992, "", "", "", ""),
    ])  # fmt: skip


# --- Values -----------------------------------------------------------------------------------------


def test_dates_typed_in_every_common_form_and_real_date_cells(tree):
    rows = [
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Ngày vào công đoàn"],
        [1, "Mạc Văn Một", "Nam", "17/4/1983", date(2012, 6, 1)],
        [2, "Mạc Văn Hai", "Nam", "9-11-1979", 41061],  # a serial in a numeric cell: 01/06/2012
        [3, "Mạc Thị Ba", "Nữ", "03.02.1990", "01/06/2012"],
        [4, "Mạc Thị Bốn", "Nữ", "6/9/88", ""],
        [5, "Mạc Văn Năm", "Nam", "1986", ""],
        [6, "Mạc Văn Sáu", "Nam", date(1991, 12, 31), ""],
        [7, "Mạc Văn Bảy", "Nam", "1995-07-08", ""],
    ]
    import_twice(chair(tree), workbook(rows), "ngay-sinh.xlsx")
    got = {
        m.full_name: (m.birth_date, m.birth_year, m.joined_on)
        for m in Member.objects.filter(full_name__startswith="Mạc")
    }
    assert got == {
        "Mạc Văn Một": (date(1983, 4, 17), 1983, date(2012, 6, 1)),
        "Mạc Văn Hai": (date(1979, 11, 9), 1979, date(2012, 6, 1)),
        "Mạc Thị Ba": (date(1990, 2, 3), 1990, date(2012, 6, 1)),
        "Mạc Thị Bốn": (date(1988, 9, 6), 1988, None),
        "Mạc Văn Năm": (None, 1986, None),
        "Mạc Văn Sáu": (date(1991, 12, 31), 1991, None),
        "Mạc Văn Bảy": (date(1995, 7, 8), 1995, None),
    }


def test_numbers_that_lost_their_zeros_or_are_written_in_groups(tree):
    rows = [
        ["STT", "Họ và tên", "Số CCCD", "Số điện thoại"],
        [1, "Âu Văn Khánh", 1085004217, 912345678],  # 10 digits: two zeros lost; 9-digit phone
        [2, "Âu Thị Khuê", 35190004217, "035 190 004 217"],  # a CCCD where a phone should be: refused
        [3, "Âu Văn Kiên", "'001086007788", "0912.345.670"],
        [4, "Âu Văn Kỳ", "001 086 007 789", "'0977214507"],
    ]
    preview = preview_members(chair(tree), read_spreadsheet(workbook(rows), "so.xlsx"))
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Số điện thoại")]
    assert [(w.row, w.column, w.message) for w in preview.warnings] == [
        (2, "Số CCCD", "Ô “1085004217” ở dạng số đã mất số 0 ở đầu: đã khôi phục thành “001085004217” "
                       "(CCCD có 12 chữ số). Hãy định dạng cột là văn bản."),
        (2, "Số điện thoại", "Ô “912345678” ở dạng số đã mất số 0 ở đầu: đã khôi phục thành “0912345678”."),
        (3, "Số CCCD", "Ô “35190004217” ở dạng số đã mất số 0 ở đầu: đã khôi phục thành “035190004217” "
                       "(CCCD có 12 chữ số). Hãy định dạng cột là văn bản."),
    ]  # fmt: skip
    assert [(r.full_name, r.data.get("id_number"), r.data.get("phone")) for r in preview.rows] == [
        ("Âu Văn Khánh", "001085004217", "0912345678"),
        ("Âu Văn Kiên", "001086007788", "0912345670"),
        ("Âu Văn Kỳ", "001086007789", "0977214507"),
    ]


def test_names_with_stray_spaces_nfd_and_the_old_tone_placement_kept_as_written(tree):
    nfd = unicodedata.normalize("NFD", "Trần Thị Thuỷ")
    rows = [["STT", "Họ và tên", "Giới tính"], [1, f"  {nfd}  ", "Nữ"], [2, "Đỗ   Thị  Hoà", "Nữ"]]
    import_twice(chair(tree), csv_text(rows).encode("utf-8"), "ten.csv")
    names = sorted(Member.objects.filter(unit=tree.cdcs_a1).values_list("full_name", flat=True))
    assert "Trần Thị Thuỷ" in names and "Đỗ Thị Hoà" in names  # not "Thủy", not "Hòa"
    assert "Đỗ Thị Hòa" not in names and all(unicodedata.is_normalized("NFC", n) for n in names)


def test_duplicates_by_name_and_cccd_even_when_one_row_has_a_birth_date(tree):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh", "Số CCCD"],
        [1, "Từ Văn Lâm", "12/12/1985", "001085012345"],
        [2, "Từ Văn Lâm", "", "001085012345"],
        [3, "Từ Văn Lâm", "", ""],  # the same name, a CCCD missing: the same person again
        [4, "Từ Văn Lâm", "01/01/1990", ""],  # another birth date: a namesake
    ]
    preview = preview_members(chair(tree), read_spreadsheet(workbook(rows), "trung.xlsx"))
    assert [(e.row, e.message) for e in preview.errors] == [
        (3, "Số CCCD “001085012345” trùng với dòng 2."),
        (4, "Trùng với dòng 2 (cùng họ tên và số CCCD, cùng đơn vị)."),
    ]
    assert [r.row for r in preview.rows] == [2, 5]


# --- Encodings --------------------------------------------------------------------------------------

# TCVN3 (ABC) text as Excel keeps it (the Windows-1252 characters of its bytes), typed from the table.
TCVN3_ROWS = [
    [("danh s¸ch ®oµn viªn", {"font": ".VnTimeH"})],
    [("stt", {"font": ".VnTimeH"}), ("hä vµ tªn", {"font": ".VnTimeH"}), ("giíi tÝnh", {"font": ".VnTimeH"}),
     ("n¨m sinh", {"font": ".VnTimeH"}), ("d©n téc", {"font": ".VnTimeH"}), ("chøc vô", {"font": ".VnTimeH"})],
    [1, "NguyÔn V¨n An", "Nam", "1980", "Kinh", "C«ng nh©n"],
    [2, "TrÇn ThÞ Thuû", "N÷", "1985", "M­êng", "KÕ to¸n"],
    [3, "Ph¹m §øc M¹nh", "Nam", "1990", "Kinh", "Tæ tr­ëng"],
    [4, "Lª ThÞ Hång", "N÷", "1992", "Kinh", "Thñ quü"],
    [("ng­êi lËp biÓu", {"font": ".VnTimeH"})],
]  # fmt: skip
# The same people in VNI Windows (a letter, then its mark), typed from the table.
VNI_ROWS = [
    ["DANH SAÙCH ÑOAØN VIEÂN"],
    ["STT", "Hoï vaø teân", "Giôùi tính", "Naêm sinh", "Daân toäc", "Chöùc vuï"],
    [1, "Nguyeãn Vaên An", "Nam", "1980", "Kinh", "Coâng nhaân"],
    [2, "Traàn Thò Thuyû", "Nöõ", "1985", "Möôøng", "Keá toaùn"],
    [3, "Phaïm Ñöùc Maïnh", "Nam", "1990", "Kinh", "Toå tröôûng"],
    [4, "Leâ Thò Hoàng", "Nöõ", "1992", "Kinh", "Thuû quyõ"],
    ["NGÖÔØI LAÄP BIEÅU"],
]
PEOPLE = sorted([
    ("Nguyễn Văn An", "male", None, 1980, "", "", "Công nhân", "Kinh"),
    ("Trần Thị Thuỷ", "female", None, 1985, "", "", "Kế toán", "Mường"),
    ("Phạm Đức Mạnh", "male", None, 1990, "", "", "Tổ trưởng", "Kinh"),
    ("Lê Thị Hồng", "female", None, 1992, "", "", "Thủ quỹ", "Kinh"),
])  # fmt: skip
SKIPPED = [(1, "Dòng tiêu đề phía trên bảng: bỏ qua."), (7, "Phần ký tên dưới bảng: bỏ qua.")]


def test_tcvn3_in_xlsx_cells_with_capitals_fonts(tree):
    data = workbook(TCVN3_ROWS, font=".VnTime")
    sheet = read_spreadsheet(data, "tcvn3.xlsx")
    assert (sheet.detected_encoding, sheet.encoding) == (legacy.TCVN3, legacy.TCVN3)
    assert sheet.rows[0][0] == "DANH SÁCH ĐOÀN VIÊN"  # .VnTimeH: lower-case codes drawn as capitals
    preview = import_twice(chair(tree), data, "tcvn3.xlsx")
    assert notes_of(preview) == SKIPPED and preview.encoding == legacy.TCVN3
    assert imported(tree) == PEOPLE


def test_vni_in_xlsx_cells(tree):
    data = workbook(VNI_ROWS, font="VNI-Times")
    assert read_spreadsheet(data, "vni.xlsx").detected_encoding == legacy.VNI
    preview = import_twice(chair(tree), data, "vni.xlsx")
    assert notes_of(preview) == SKIPPED
    assert imported(tree) == PEOPLE


def test_vni_found_from_the_characters_alone(tree):
    # No VNI font (the file was re-saved with Arial): the character mix still says VNI.
    sheet = read_spreadsheet(workbook(VNI_ROWS, font="Arial"), "vni-arial.xlsx")
    assert sheet.detected_encoding == legacy.VNI and sheet.rows[2][1] == "Nguyễn Văn An"


@pytest.mark.parametrize(("rows", "encoding"), [(TCVN3_ROWS, legacy.TCVN3), (VNI_ROWS, legacy.VNI)])
def test_legacy_csv_files(tree, rows, encoding):
    plain = [[c[0] if isinstance(c, tuple) else c for c in row] for row in rows]
    text = csv_text(plain, ",")
    if encoding == legacy.TCVN3:  # a CSV has no fonts: the capitals font's lines stay lower case
        assert text.startswith("danh s¸ch")
    data = latin(text)
    sheet = read_spreadsheet(data, "cu.csv")
    assert sheet.detected_encoding == encoding
    import_twice(chair(tree), data, "cu.csv")
    assert imported(tree) == PEOPLE


UNICODE_ROWS = [
    ["STT", "Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Chức vụ"],
    [1, "Nguyễn Văn An", "Nam", "1980", "Kinh", "Công nhân"],
    [2, "Trần Thị Thuỷ", "Nữ", "1985", "Mường", "Kế toán"],
    [3, "Phạm Đức Mạnh", "Nam", "1990", "Kinh", "Tổ trưởng"],
    [4, "Lê Thị Hồng", "Nữ", "1992", "Kinh", "Thủ quỹ"],
]


@pytest.mark.parametrize(
    ("name", "encode", "delimiter", "detected"),
    [
        ("utf8-bom", lambda t: t.encode("utf-8-sig"), ",", legacy.UNICODE),
        ("utf8", lambda t: t.encode("utf-8"), ";", legacy.UNICODE),
        ("utf16", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "\t", legacy.UNICODE),
        ("utf16-no-bom", lambda t: t.encode("utf-16-le"), "\t", legacy.UNICODE),
        ("cp1258", cp1258, ",", legacy.CP1258),
    ],
)
def test_csv_encodings_and_separators(tree, name, encode, delimiter, detected):
    data = encode(csv_text(UNICODE_ROWS, delimiter))
    sheet = read_spreadsheet(data, f"{name}.csv")
    assert sheet.detected_encoding == detected
    import_twice(chair(tree), data, f"{name}.csv")
    assert imported(tree) == PEOPLE


def test_windows_1258_tone_marks_are_combining_characters():
    data = cp1258("Họ và tên\r\nNguyễn Văn An\r\n")
    assert "\u0303".encode("cp1258") in data  # ễ = ê + a combining tilde byte
    sheet = read_spreadsheet(data, "a.csv")
    assert sheet.rows[1] == ["Nguyễn Văn An"] and unicodedata.is_normalized("NFC", sheet.rows[1][0])


def test_a_wrong_override_gives_a_clear_message_not_garbage(tree):
    data = workbook(VNI_ROWS, font="VNI-Times")
    sheet = read_spreadsheet(data, "vni.xlsx", encoding=legacy.TCVN3)
    preview = preview_members(chair(tree), sheet)
    assert [(e.column, e.message) for e in preview.errors] == [
        ("Bảng mã", "Bảng mã đã chọn (TCVN3 (ABC, phông .VnTime)) không khớp với dữ liệu trong tệp: đọc theo "
                    "bảng mã này, chữ tiếng Việt bị sai. Dữ liệu có dạng VNI Windows (phông VNI-Times); hãy chọn "
                    "lại bảng mã."),
    ]  # fmt: skip
    assert preview.rows == [] and not preview.can_save and not preview.can_save_valid
    with pytest.raises(ServiceError):
        save_members(chair(tree), sheet)
    assert imported(tree) == []
    # Chosen by hand and right: read as chosen.
    right = read_spreadsheet(data, "vni.xlsx", encoding=legacy.VNI)
    assert right.encoding_error == "" and right.rows[2][1] == "Nguyễn Văn An"
    # Unicode forced on a TCVN3 file is refused too.
    forced = read_spreadsheet(workbook(TCVN3_ROWS, font=".VnTime"), "t.xlsx", encoding=legacy.UNICODE)
    assert "Dữ liệu có dạng TCVN3" in forced.encoding_error


# --- After the preview ------------------------------------------------------------------------------


def test_saving_only_the_valid_rows_is_an_explicit_choice(tree):
    rows = [
        ["STT", "Họ và tên", "Ngày sinh"],
        [1, "Quách Văn Đúng", "01/02/1990"],
        [2, "Quách Văn Sai", "31/02/1990"],
    ]
    sheet = read_spreadsheet(workbook(rows), "mot-loi.xlsx")
    with pytest.raises(ServiceError, match="còn 1 lỗi"):
        save_members(chair(tree), sheet)
    assert imported(tree) == []
    result = save_members(chair(tree), sheet, only_valid=True)
    assert result.only_valid and result.create_count == 1
    assert [m[0] for m in imported(tree)] == ["Quách Văn Đúng"]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT).latest("id")
    assert event.after["left_out"] == 1 and "1 dòng lỗi không nhập" in event.summary


def test_a_sparse_member_row_is_not_taken_for_a_signature_or_a_total(tree):
    rows = [
        ["Họ và tên", "Giới tính", "Chức vụ"],  # no STT column: the footer words alone end the table
        ["Ninh Văn Chủ", "", "Chủ tịch"],
        ["Ninh Thị Kế", "", "Kế toán"],
        ["Ninh Văn Công", "", "Công nhân"],
        ["Ninh Văn Cường", "", ""],
        ["", "", "CHỦ TỊCH"],
        ["", "", "Ninh Văn Chủ"],
    ]
    preview = import_twice(chair(tree), workbook(rows), "thua.xlsx")
    assert notes_of(preview) == [(6, "Phần ký tên dưới bảng: bỏ qua."), (7, "Phần ký tên dưới bảng: bỏ qua.")]
    assert [m[0] for m in imported(tree)] == sorted(
        ["Ninh Văn Chủ", "Ninh Thị Kế", "Ninh Văn Công", "Ninh Văn Cường"]
    )


# --- A text "Đơn vị" column ---------------------------------------------------------------------------


def test_a_unit_column_naming_another_union_refuses_the_row_instead_of_filing_it_in_the_chairs(tree):
    rows = [
        ["STT", "Họ và tên", "Đơn vị", "Chức vụ"],
        [1, "Phan Văn Đúng", "Công đoàn Trường Tiểu học Đông Sơn", "Giáo viên"],  # the chair's own union
        [2, "Phan Thị Khác", "CĐ Công ty TNHH Đức Thành", "Kế toán"],  # another union (CDCS-A2)
        [3, "Phan Văn Mã", "cdcs-b1", "Bác sĩ"],  # another union by its code
        [4, "Phan Thị Tổ", "Tổ Văn phòng", "Văn thư"],  # a department: a warning, imported here
    ]
    sheet = read_spreadsheet(workbook(rows), "ds-don-vi.xlsx")
    preview = preview_members(chair(tree), sheet)
    assert [(e.row, e.column) for e in preview.errors] == [(3, "Đơn vị"), (4, "Đơn vị")]
    assert "“CĐ Công ty TNHH Đức Thành” (CDCS-A2), khác đơn vị nhận dòng này" in preview.errors[0].message
    assert "“Công đoàn Trường Tiểu học Đông Sơn” (CDCS-A1)" in preview.errors[0].message
    assert "(CDCS-B1)" in preview.errors[1].message
    [warning] = [w for w in preview.warnings if w.column == "Đơn vị"]
    assert warning.row == 5 and "“Tổ Văn phòng”" in warning.message
    assert preview.valid_count == 2
    with pytest.raises(ServiceError, match="còn 2 lỗi"):
        save_members(chair(tree), sheet)
    assert imported(tree) == []
    save_members(chair(tree), sheet, only_valid=True)
    assert [m[0] for m in imported(tree)] == ["Phan Thị Tổ", "Phan Văn Đúng"]
    assert Member.objects.filter(full_name__startswith="Phan").exclude(unit=tree.cdcs_a1).count() == 0
