"""In a real browser (Debian's Chromium): the search box refreshes the table through htmx."""

import pytest

from accounts.models import Role
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, make_user

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_it_filters_the_table_while_typing(live_server, page, tree, tmp_path):
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/doan-vien/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/doan-vien/")
    rows = page.locator("#member-rows tbody tr")
    assert rows.count() == 2

    page.fill("#id_q", "Duc")
    page.wait_for_function("document.querySelectorAll('#member-rows tbody tr').length === 1")
    assert rows.first.inner_text().startswith("1\tNguyễn Văn Đức")
    assert "q=Duc" in page.url  # the URL follows the search (hx-push-url)
    assert "q=Duc" in page.locator("#export-link").get_attribute("href")
    page.screenshot(path=str(tmp_path / "member-list.png"), full_page=True)
