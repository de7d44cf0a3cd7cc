"""The province officer opens "Số liệu", picks the five-year period, clicks the member count of one
sector, lands on the list of those members and exports it (a real browser: Playwright and Chromium).

Screenshots of the page at desktop size and on a 390×844 phone are kept for a person to look at (lamtheo.browser_tests.shots).
"""

import io
from datetime import date

from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.browser_tests import BROWSER_TEST, shots
from lamtheo.testing import PASSWORD, make_user
from members.services import create_member
from org.models import Sector

pytestmark = BROWSER_TEST


def test_the_officer_drills_from_a_sector_figure_to_its_members_and_exports_them(
    live_server, page, tree, tmp_path
):
    for name in ("Phạm Thị Hoa", "Vũ Văn Nam"):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name=name, data={}, on=date(2022, 3, 1))
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.click("nav >> text=Số liệu")
    page.wait_for_selector("#figures-table")
    page.click("[data-preset=so-ket-5-nam]")
    page.wait_for_selector("text=Sơ kết 5 năm 2021–2026")
    assert page.locator("[data-period]").inner_text() == "Sơ kết 5 năm 2021–2026"
    headers = page.locator("#figures-table thead th").all_inner_texts()
    assert headers[2:] == ["2021", "2022", "2023", "2024", "2025", "2026", "Cả kỳ"]
    page.wait_for_function("document.querySelector('#chart-years') && Chart.getChart('chart-years')")
    folder = shots(tmp_path)
    page.screenshot(path=str(folder / "so-lieu-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(folder / "so-lieu-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    cell = page.locator(
        f"#figures-table tr[data-indicator=members_by_sector][data-part={Sector.PUBLIC_SERVICE_UNIT}] "
        "td[data-cell=total] a"
    )
    assert cell.inner_text() == "3"
    cell.click()
    page.wait_for_selector("#records-table")
    assert "Đoàn viên công đoàn — Đơn vị sự nghiệp" in page.locator("h1").inner_text()
    assert page.locator("[data-figure=count]").inner_text() == "3"
    listed = sorted(page.locator("#records-table tbody td:nth-child(2)").all_inner_texts())
    assert listed == sorted(["Nguyễn Văn Đức", "Phạm Thị Hoa", "Vũ Văn Nam"])
    page.screenshot(path=str(folder / "ds-doan-vien-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(folder / "ds-doan-vien-390.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#export-records")
    with open(download_info.value.path(), "rb") as handle:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(handle.read())).get_sheet_by_index(0).to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert sorted(r[1] for r in rows[header + 1 : -1]) == listed
    assert rows[-1][0] == "Tổng cộng: 3 người"
    assert download_info.value.suggested_filename.startswith("members-by-sector-")

    page.click("text=Vũ Văn Nam")  # each row opens its record
    page.wait_for_selector("h1")
    assert "Vũ Văn Nam" in page.locator("h1").inner_text()
