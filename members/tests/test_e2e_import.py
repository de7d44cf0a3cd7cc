"""A chair loads the union's hand-made list (no unit column): sees the restored zeros as warnings and the
signature rows skipped, downloads the file of bad rows, saves the valid rows, fixes the bad one in the
downloaded file and imports it."""

import io

from python_calamine import CalamineWorkbook

from accounts.models import Role
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, make_user
from members.models import Member

from ._lists import workbook
from .test_import_wizard_lists import HAND_MADE, with_bad_row

pytestmark = BROWSER_TEST


def test_a_chair_imports_a_hand_made_list_and_fixes_the_bad_row(live_server, page, tree, tmp_path):
    user = make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/nhap-du-lieu/members/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/members/")

    original = tmp_path / "danh-sach-doan-vien-2026.xlsx"
    original.write_bytes(workbook(with_bad_row(HAND_MADE)))
    page.set_input_files("#id_file", str(original))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/members/xem-truoc/")

    warnings = page.locator("#import-warnings").inner_text()
    assert "đã khôi phục thành “037079004521”" in warnings and "đã khôi phục thành “0912004317”" in warnings
    skipped = page.locator("#import-skipped").inner_text()
    assert "Phần ký tên dưới bảng: bỏ qua." in skipped and "Dòng tổng cộng dưới bảng: bỏ qua." in skipped
    assert "Ngày “31/02/1980” không tồn tại." in page.locator("#import-errors").inner_text()
    assert page.locator("button:has-text('Lưu')").first.is_disabled()

    with page.expect_download() as download_info:
        page.click("#import-error-file")
    with open(download_info.value.path(), "rb") as handle:
        book = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    rows = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    assert rows[2][1] == "Nông Văn Lỗi" and "không tồn tại" in rows[2][-1]

    page.click("#import-save-valid button")  # the explicit choice: the 4 valid rows now
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/members/ket-qua/")
    assert "1 dòng lỗi chưa nhập" in page.locator("#import-result").inner_text()
    assert Member.objects.filter(unit=tree.cdcs_a1).count() == 1 + 4

    fixed_rows = [list(r) for r in rows]
    fixed_rows[2][2] = "28/02/1980"  # the officer corrects the date in the downloaded file
    fixed = tmp_path / "dong-loi-da-sua.xlsx"
    fixed.write_bytes(workbook(fixed_rows))
    page.goto(f"{live_server.url}/nhap-du-lieu/members/")
    page.set_input_files("#id_file", str(fixed))
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/members/xem-truoc/")
    assert "1 dòng hợp lệ" in page.locator("#import-summary").inner_text()
    page.locator("button:has-text('Lưu')").first.click()
    page.wait_for_url(f"{live_server.url}/nhap-du-lieu/members/ket-qua/")
    assert "1 thêm mới" in page.locator("#import-result").inner_text()
    member = Member.objects.get(full_name="Nông Văn Lỗi")
    assert (member.unit, member.gender, str(member.birth_date)) == (tree.cdcs_a1, "male", "1980-02-28")
