from datetime import date

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import read_spreadsheet
from lamtheo.testing import actor_for
from org.importing import preview_units, save_units
from org.models import Sector, Unit, UnitClosure, UnitKind, UnitSubkind

from ._files import csv_bytes, xlsx

HEADER = ["Mã đơn vị", "Tên đơn vị", "Cấp", "Khu vực", "Mã đơn vị cấp trên", "Ngày thành lập", "Địa danh",
          "Chữ viết tắt"]  # fmt: skip


def sheet_of(rows, fmt="xlsx"):
    data = xlsx(rows) if fmt == "xlsx" else csv_bytes(rows, delimiter=";")
    return read_spreadsheet(data, f"don-vi.{fmt}")


def errors_of(preview):
    return [(e.row, e.column, e.message) for e in preview.errors]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_it_creates_units_in_file_order_once(tree, fmt):
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF)
    rows = [
        HEADER,
        ["ldld-a2", "Liên đoàn Lao động huyện Tây Sơn", "LĐLĐ huyện, quận, thị xã, thành phố thuộc tỉnh", "",
         "LDLD-A", "01/01/2021", "Tây Sơn", "LĐLĐ"],
        ["CDCS-A3", "Công đoàn Trường THCS Tây Sơn", "Công đoàn cơ sở", "Đơn vị sự nghiệp công lập",
         "LDLD-A2", "15/03/2021", "", ""],
        ["ND-A2", "Nghiệp đoàn Nông dân Tây Sơn", "nghiep doan co so", "", "", "2021-04-01", "", ""],
    ]  # fmt: skip
    preview = preview_units(actor, sheet_of(rows, fmt))
    assert preview.errors == []
    assert (preview.valid_count, preview.create_count) == (3, 3)

    save_units(actor, sheet_of(rows, fmt))
    district = Unit.objects.get(code="LDLD-A2")
    assert (district.kind, district.subkind, district.place, district.valid_from) == (
        UnitKind.UPPER_GRASSROOTS, UnitSubkind.DISTRICT, "Tây Sơn", date(2021, 1, 1),
    )  # fmt: skip
    school = Unit.objects.get(code="CDCS-A3")
    assert (school.kind, school.sector) == (UnitKind.GRASSROOTS, Sector.PUBLIC_SERVICE_UNIT)
    assert Unit.objects.subtree_of(tree.fed_a.pk).filter(pk=school.pk).exists()
    assert UnitClosure.objects.filter(ancestor=district, descendant=school, depth=1).exists()
    guild = Unit.objects.get(code="ND-A2")  # empty parent: the actor's unit
    assert (
        guild.kind == UnitKind.GUILD
        and UnitClosure.objects.filter(ancestor=tree.fed_a, descendant=guild, depth=1).exists()
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, model="org.unit").count() == 1

    again = save_units(actor, sheet_of(rows, fmt))
    assert (again.create_count, again.unchanged_count) == (0, 3)
    assert Unit.objects.filter(code__in=["LDLD-A2", "CDCS-A3", "ND-A2"]).count() == 3


def test_it_reports_every_bad_row_and_creates_nothing(tree):
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF)
    rows = [
        HEADER,
        ["CDCS-X1", "Công đoàn X1", "Công đoàn cơ sở", "", "CDCS-X2", "", "", ""],  # 2: parent further down
        ["CDCS-X2", "Công đoàn X2", "Công đoàn cơ sở", "", "LDLD-A1", "", "", ""],  # 3: fine
        ["CDCS-X3", "", "Công đoàn cơ sở", "", "KHONG-CO", "", "", ""],  # 4
        ["CDCS-X4", "Công đoàn X4", "Cấp lạ", "Khu lạ", "LDLD-B", "", "", ""],  # 5
        ["CDCS-X2", "Trùng mã", "Công đoàn cơ sở", "", "LDLD-A1", "", "", ""],  # 6
        ["CDCS-B1", "Mã của tỉnh B", "Công đoàn cơ sở", "", "LDLD-A1", "", "", ""],  # 7
        ["CDCS-X5", "Công đoàn X5", "Công đoàn cơ sở", "", "CDCS-A1", "30/02/2021", "", ""],  # 8
        ["LDLD-X6", "LĐLĐ tỉnh mới", "Liên đoàn Lao động tỉnh, thành phố", "", "LDLD-A1", "", "", ""],  # 9
        ["CDCS-X7", "Công đoàn X7", "Công đoàn cơ sở", "", "LDLD-A1", "01/01/2010", "", ""],  # 10
    ]
    preview = preview_units(actor, sheet_of(rows))
    assert errors_of(preview) == [
        (2, "Mã đơn vị cấp trên", "Đơn vị cấp trên “CDCS-X2” phải ở dòng phía trên dòng này."),
        (4, "Tên đơn vị", "Thiếu tên đơn vị."),
        (4, "Mã đơn vị cấp trên", "Mã đơn vị cấp trên “KHONG-CO” không tồn tại."),
        (5, "Cấp", "Cấp “Cấp lạ” không hợp lệ."),
        (5, "Khu vực", "Khu vực “Khu lạ” không hợp lệ."),
        (5, "Mã đơn vị cấp trên", "Đơn vị cấp trên “LDLD-B” nằm ngoài phạm vi quản lý của bạn."),
        (6, "Mã đơn vị", "Mã đơn vị “CDCS-X2” trùng với dòng 3."),
        (7, "Mã đơn vị", "Mã đơn vị “CDCS-B1” đã được dùng cho một đơn vị ngoài phạm vi quản lý của bạn."),
        (8, "Ngày thành lập", "Ngày “30/02/2021” không tồn tại."),
        (8, "Mã đơn vị cấp trên", "“CDCS-A1” là công đoàn cơ sở, không thể có đơn vị trực thuộc."),
        (9, "Cấp", "Liên đoàn Lao động tỉnh, thành phố không thể trực thuộc công đoàn cấp trên trực tiếp cơ sở."),
        (10, "Ngày thành lập", "Đơn vị cấp trên “Liên đoàn Lao động huyện Đông Sơn” không hoạt động vào ngày 01/01/2010."),
    ]  # fmt: skip
    assert preview.valid_count == 1
    count = Unit.objects.count()
    with pytest.raises(ServiceError, match="chưa lưu dòng nào"):
        save_units(actor, sheet_of(rows))
    assert Unit.objects.count() == count


def test_it_reports_missing_columns(tree):
    preview = preview_units(actor_for(tree.fed_a), sheet_of([["Mã đơn vị", "Khu vực"], ["X", ""]]))
    assert errors_of(preview) == [
        (1, "Tên đơn vị", "Thiếu cột “Tên đơn vị”."),
        (1, "Cấp", "Thiếu cột “Cấp”."),
    ]


def test_it_updates_place_and_sector_of_an_existing_unit_but_not_its_name(tree):
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF)
    rows = [HEADER, ["CDCS-A2", "Tên khác", "Công đoàn cơ sở", "FDI", "LDLD-A1", "", "Đông Sơn", ""]]
    preview = preview_units(actor, sheet_of(rows))
    assert preview.errors == [] and preview.rows[0].changes == {
        "sector": "fdi_enterprise",
        "place": "Đông Sơn",
    }
    assert "tên và cấp không đổi" in preview.warnings[0].message
    save_units(actor, sheet_of(rows))
    unit = Unit.objects.get(code="CDCS-A2")
    assert (unit.sector, unit.place, unit.name) == (
        "fdi_enterprise",
        "Đông Sơn",
        "Công đoàn Công ty TNHH Đức Thành",
    )
