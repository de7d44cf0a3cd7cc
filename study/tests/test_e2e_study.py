"""Browser tests: a chair records a study event ticking attendance from the member list; a member checks
in on a phone (390×844) with the event's QR link."""

from accounts.models import Role
from accounts.scoping import SYSTEM
from accounts.services import create_user_with_assignment
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.lib.dates import format_vn, today
from lamtheo.testing import PASSWORD, make_user
from study import selectors, services
from study.models import Attendance, StudyEvent

pytestmark = BROWSER_TEST


def _login(page, base: str, username: str, next_url: str) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def test_a_chair_records_a_study_event_ticking_attendance(live_server, page, tree, study):
    user = make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich-a1")
    _login(page, live_server.url, user.username, "/hoc-tap/them/")
    page.wait_for_url(f"{live_server.url}/hoc-tap/them/")
    page.select_option("#id_kind", "periodic")
    page.fill("#id_title", "Sinh hoạt định kỳ quý II")
    page.fill("#id_held_on", format_vn(today()))
    page.select_option("#id_topic", str(study.topic.pk))
    page.check(f"input[name=items][value='{study.item(2).pk}']")
    page.click("button[type=submit]")
    page.wait_for_selector("#attendance-rows")
    event = StudyEvent.objects.get()
    assert page.url.endswith(event.get_absolute_url())
    page.check(f"input[name='m-{tree.member_a1.pk}'][value=present]")
    page.click("#attendance-form button[type=submit]")
    page.wait_for_selector("#attendance-summary")
    assert "Có mặt: 1" in page.locator("#attendance-summary").inner_text()
    row = Attendance.objects.get()
    assert (row.member_id, row.status, row.source) == (tree.member_a1.pk, "present", "list")


def test_a_member_checks_in_with_the_qr_link_on_a_phone(live_server, browser, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt hôm nay",
                                  held_on=today())  # fmt: skip
    user, _ = create_user_with_assignment(SYSTEM, username="doanvien-a1", password=PASSWORD, unit=tree.cdcs_a1,
                                          role=Role.MEMBER, member=tree.member_a1)  # fmt: skip
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    link = f"/hoc-tap/diem-danh/{selectors.check_in_code(event)}/"
    phone.goto(f"{live_server.url}{link}")  # scanned with the camera: not logged in yet
    phone.fill("#id_username", user.username)
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{live_server.url}{link}")
    assert "Sinh hoạt hôm nay" in phone.content()
    button = phone.get_by_role("button", name="Tôi có mặt")
    assert button.bounding_box()["width"] <= 390
    button.click()
    phone.wait_for_selector("#check-in-done")
    row = Attendance.objects.get()
    assert (row.member_id, row.status, row.source) == (tree.member_a1.pk, "present", "qr")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
