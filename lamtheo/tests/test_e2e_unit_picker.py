"""The unit picker on a phone (390×844, Debian's Chromium): type a few letters without accents, pick a unit."""

from accounts.models import Role
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, make_user

pytestmark = BROWSER_TEST
PHONE = {"width": 390, "height": 844}


def pick(page, select_id: str, typed: str, label: str) -> None:
    """Open the picker of <select id=select_id>, type, and tap the matching unit."""
    page.locator(f".ts-control:has(#{select_id}-ts-control)").click()
    page.keyboard.type(typed)
    # The results are redrawn as each letter arrives, so an option found a moment ago may be gone: wait
    # for one that is shown and fits the screen, measured in the page itself.
    page.wait_for_function(
        """([label, width]) => [...document.querySelectorAll('.ts-dropdown .option')].some(o => {
            const r = o.getBoundingClientRect();
            return o.textContent.includes(label) && r.width > 0 && r.left >= 0 && r.right <= width;
        })""",
        arg=[label, PHONE["width"]],
    )
    page.locator(".ts-dropdown .option", has_text=label).click()
    # Results refresh as each letter arrives: go on only once the form's own select holds the unit.
    page.wait_for_function(
        "([id, label]) => [...document.getElementById(id).selectedOptions].some(o => o.text.includes(label))",
        arg=[select_id, label],
    )


def test_an_officer_on_a_phone_filters_and_transfers_with_the_picker(live_server, page, tree, tmp_path):
    page.set_viewport_size(PHONE)
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/doan-vien/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/doan-vien/")
    assert page.locator("#member-rows tbody tr").count() == 2

    # The member list's unit filter: the table follows the picked unit (htmx on the select's change).
    pick(page, "id_unit", "duc thanh", "Công đoàn Công ty TNHH Đức Thành")
    page.wait_for_function("document.querySelectorAll('#member-rows tbody tr').length === 1")
    assert "Trần Thị Ánh" in page.locator("#member-rows").inner_text()
    assert f"unit={tree.cdcs_a2.pk}" in page.url
    page.screenshot(path=str(tmp_path / "picker-filter.png"), full_page=True)

    # The transfer form: pick the receiving union and save.
    page.goto(f"{live_server.url}{tree.member_a1.get_absolute_url()}")
    page.get_by_role("button", name="Chuyển đơn vị").first.click()
    pick(page, "transfer_unit", "cong ty", "Công đoàn Công ty TNHH Đức Thành")
    page.locator("#transfer-panel button[type=submit]").click()
    page.wait_for_selector("text=Đã chuyển Nguyễn Văn Đức về Công đoàn Công ty TNHH Đức Thành")
    tree.member_a1.refresh_from_db()
    assert tree.member_a1.unit_id == tree.cdcs_a2.pk


def test_the_merge_page_picks_several_units_on_a_phone(live_server, page, tree, tmp_path):
    page.set_viewport_size(PHONE)
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a-hop-nhat")
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/to-chuc/don-vi/{tree.cdcs_a1.pk}/hop-nhat/")
    pick(page, "id_others", "xe om", "Nghiệp đoàn Xe ôm Đông Sơn")
    page.keyboard.type("duc thanh")
    page.locator(".ts-dropdown .option", has_text="Công đoàn Công ty TNHH Đức Thành").click()
    chosen = page.evaluate("[...document.querySelector('#id_others').selectedOptions].map(o => o.value)")
    assert sorted(chosen) == sorted([str(tree.guild.pk), str(tree.cdcs_a2.pk)])
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "picker-merge.png"), full_page=True)
