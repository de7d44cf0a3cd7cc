"""The audit page and the 404 page in a real browser, on a desktop and on a 390×844 phone."""

from datetime import date

import pytest

from accounts.models import Role
from lamtheo.browser_tests import BROWSER_TEST, login, shots
from lamtheo.testing import actor_for, make_user
from members.models import Gender
from members.services import transfer_members, update_member
from org.services import move_unit

pytestmark = BROWSER_TEST
SIZES = {"desktop": (1366, 900), "laptop": (1024, 768), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_the_audit_log_reads_as_vietnamese_on_desktop_and_phone(live_server, page, tree, tmp_path, size):
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF, username="canbo-nhatky")
    actor = actor_for(tree.fed_a, user=user)
    update_member(
        actor, member=tree.member_a1, data={"gender": Gender.FEMALE, "birth_date": date(1990, 3, 12)}
    )
    transfer_members(actor, member_ids=[tree.member_a1.pk], target=tree.cdcs_a2, on=date(2025, 7, 1))
    move_unit(actor, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=date(2025, 7, 1), decision_ref="12/QĐ-LĐLĐ")

    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    login(page, live_server, user)
    page.goto(f"{live_server.url}/nhat-ky/")
    for details in page.locator("details").all()[:4]:
        details.locator("summary").click()
    table = page.locator("table.audit-log")
    text = table.text_content()  # closed <details> included
    for words in (
        "Giới tính",
        "Nữ",
        "Ngày sinh",
        "12/03/1990",
        "Đơn vị cấp trên",
        "01/07/2025",
        tree.cdcs_a2.name,
    ):
        assert words in text, words
    for raw in ("unit_id", "birth_date", "female", "1990-03-12", "#"):
        assert raw not in text, raw
    # The page itself never scrolls sideways; only the table does, inside its frame.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots(tmp_path) / f"audit-{size}.png"))
    page.screenshot(path=str(shots(tmp_path) / f"audit-{size}-full.png"), full_page=True)


@pytest.mark.parametrize("size", SIZES)
def test_the_404_page_is_vietnamese_in_the_sites_layout(live_server, page, tree, tmp_path, size, settings):
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF, username="canbo-404")
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    login(page, live_server, user)
    response = page.goto(f"{live_server.url}/to-chuc/don-vi/{tree.fed_b.pk}/")
    assert response.status == 404
    assert "Không tìm thấy trang" in page.locator("main").inner_text()
    assert page.locator("nav.navbar").is_visible()
    page.screenshot(path=str(shots(tmp_path) / f"404-{size}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
