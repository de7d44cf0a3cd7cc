"""Whole journeys in a real browser (Playwright driving Debian's Chromium), as an officer lives them."""

import csv
import io

from accounts.models import Role
from documents.models import Document
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, make_user

pytestmark = BROWSER_TEST


def login(page, live_server, user, next_url="/"):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}{next_url}")


def members_csv(tree) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Họ và tên", "Mã đơn vị", "Giới tính", "Ngày sinh", "Số CCCD", "Số điện thoại"])
    writer.writerow(["Phạm Thị Hoa", tree.cdcs_a1.code, "Nữ", "12/03/1991", "001191000111", "0912000111"])
    writer.writerow(["Vũ Văn Nam", tree.cdcs_a1.code, "Nam", "31/02/1990", "001090000222", "0912000222"])
    writer.writerow(["Hà Văn Sơn", "KHONG-CO", "Nam", "01/01/1988", "001088000333", "0912000333"])
    return out.getvalue().encode("utf-8")


def test_an_officer_browses_the_tree_finds_a_member_and_imports_a_file_with_errors(
    live_server, page, tree, tmp_path
):
    login(page, live_server, make_user(tree.fed_a, Role.FEDERATION_STAFF))
    assert "Liên đoàn Lao động tỉnh An Hòa" in page.content()

    page.click("text=Cây tổ chức")
    page.wait_for_selector(f"text={tree.district_a1.name}")
    assert tree.fed_b.name not in page.content()  # another province's subtree stays out of sight

    page.goto(f"{live_server.url}/doan-vien/")
    page.fill("#id_q", "nguyen van duc")
    page.wait_for_function("document.querySelectorAll('#member-rows tbody tr').length === 1")
    assert "Nguyễn Văn Đức" in page.locator("#member-rows").inner_text()

    upload = tmp_path / "doan-vien.csv"
    upload.write_bytes(members_csv(tree))
    page.goto(f"{live_server.url}/doan-vien/")
    page.click("text=Nhập từ Excel")
    page.set_input_files("input[type=file]", str(upload))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    page.wait_for_selector("text=không tồn tại")
    body = page.locator("main").inner_text()
    assert "31/02/1990" in body and "KHONG-CO" in body
    page.screenshot(path=str(tmp_path / "import-errors.png"), full_page=True)
    from members.models import Member

    assert not Member.objects.filter(full_name="Phạm Thị Hoa").exists()  # nothing saved while errors remain


def test_an_officer_composes_a_letter_downloads_it_and_registers_a_web_copy(
    live_server, page, tree, tmp_path
):
    login(page, live_server, make_user(tree.fed_a, Role.FEDERATION_STAFF))
    page.goto(f"{live_server.url}/van-ban/soan-thao/")
    page.select_option("#id_kind", "cong_van")
    page.fill("#id_drafting_code", "TGNC")
    page.fill("#id_date", "2026-11-20")
    page.fill("#id_subject", "đẩy mạnh học tập và làm theo Bác năm 2026")
    page.fill("#id_addressees", "Các công đoàn cấp trên trực tiếp cơ sở")
    page.fill(
        "#id_body",
        "1. Tuyên truyền\nĐẩy mạnh tuyên truyền Kết luận số 01-KL/TW.\n2. Kiểm tra\nTăng cường kiểm tra.",
    )
    page.fill("#id_recipients", "Như trên\nLưu: VT, TGNC")
    page.fill("#id_signer_authority", "TM. BAN THƯỜNG VỤ")
    page.fill("#id_signer_title", "PHÓ CHỦ TỊCH")
    page.fill("#id_signer_name", "Lò Thị Hằng")
    page.get_by_role("button", name="Lưu dự thảo và xem trước").click()
    page.click("text=Ban hành…")
    page.get_by_role("button", name="Xác nhận ban hành").click()
    letter = Document.objects.get(subject__startswith="đẩy mạnh học tập")
    assert letter.status == "issued" and letter.symbol == "01/LĐLĐ-TGNC"
    with page.expect_download() as download:
        page.click("text=Tải .docx")
    docx = tmp_path / "cong-van.docx"
    download.value.save_as(docx)
    from documents.reading import read_file

    assert read_file(docx).symbol == "01/LĐLĐ-TGNC"

    page.goto(f"{live_server.url}/van-ban/tai-len/")
    from documents.samples import SAMPLES

    web_copy = tmp_path / SAMPLES["web-copy"].filename
    web_copy.write_bytes(SAMPLES["web-copy"].content())
    page.set_input_files("input[type=file]", str(web_copy))
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_selector("text=Kiểm tra và vào sổ văn bản đến")
    assert page.input_value("#id_kind") == "cong_van"
    assert "45/LĐLĐ-CTCĐ" in page.input_value("#id_citations")
    # The reader misses a web copy's header below the site lines: the officer types what the page shows.
    page.fill("#id_symbol", "1234/LĐLĐ-TGNC")
    page.fill("#id_date", "2026-03-17")
    page.fill("#id_subject", "rà soát, cập nhật danh sách đoàn viên năm 2026")
    page.get_by_role("button", name="Vào sổ", exact=True).click()
    page.wait_for_url("**/van-ban/*/")
    registered = Document.objects.get(symbol="1234/LĐLĐ-TGNC")
    assert registered.direction == "incoming"
    assert "45/LĐLĐ-CTCĐ" in set(registered.citations.values_list("cited_symbol", flat=True))
    page.screenshot(path=str(tmp_path / "registered.png"), full_page=True)
