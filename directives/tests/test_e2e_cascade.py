"""The cascade in a real browser, on a 390×844 phone and on a desktop: the province issues a guidance and
assigns its tasks; the upper-grassroots officer finds it in the incoming book, relays it in one step; its
grassroots unions see their tasks (issue #10, seeds 000 → 001)."""

from datetime import timedelta

import pytest

from accounts.models import Role
from directives.models import TaskAssignment
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.lib.dates import today
from lamtheo.testing import PASSWORD, make_user
from org.models import Unit

pytestmark = BROWSER_TEST
SIZES = {"phone": (390, 844), "desktop": (1366, 900)}
ITEMS = [
    "Tổ chức hội nghị quán triệt chuyên đề năm 2026 cho cán bộ công đoàn.",
    "Tuyên truyền gương người tốt, việc tốt trên trang thông tin của công đoàn.",
]


def login(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("size", SIZES)
def test_the_province_issues_the_district_relays_in_one_step_and_the_unions_see_their_tasks(
    live_server, page, tree, settings, tmp_path, size
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_PDF_ON_ISSUE = False
    Unit.objects.filter(pk=tree.district_a1.pk).update(issuer_code="LĐLĐ")  # its symbols: 01/KH-LĐLĐ
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    province = make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh")
    district = make_user(tree.district_a1, Role.UPPER_OFFICER, username="huyen")
    chair = make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich")
    deadline = (today() + timedelta(days=60)).strftime("%d/%m/%Y")
    earlier = (today() + timedelta(days=30)).strftime("%d/%m/%Y")

    # The province composes and issues the guidance, then assigns its tasks to the units below.
    login(page, live_server, province)
    page.goto(f"{live_server.url}/van-ban/soan-thao/")
    page.select_option("#id_kind", "huong_dan")
    page.fill("#id_subject", "học tập chuyên đề năm 2026")
    page.fill("#id_opening", "Ban Thường vụ LĐLĐ tỉnh hướng dẫn như sau:")
    page.fill("#id_body", "\n".join(f"{i}. {t}" for i, t in enumerate(ITEMS, 1)))
    page.select_option("#id_deliver_to", "children")
    page.get_by_role("button", name="Lưu dự thảo và xem trước").click()
    page.get_by_role("link", name="Ban hành…").click()
    page.get_by_role("button", name="Xác nhận ban hành").click()
    page.get_by_role("link", name="Giao nhiệm vụ cho đơn vị trực thuộc").click()
    for i in range(len(ITEMS)):
        page.fill(f"#id_task-{i}-deadline", deadline)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    page.wait_for_url("**/nhiem-vu/chi-dao/**")
    symbol = TaskAssignment.objects.filter(unit=tree.district_a1).first().task.directive.document.symbol

    # The district officer finds it in the incoming book and relays it in one step.
    login(page, live_server, district)
    page.goto(f"{live_server.url}/van-ban/so-den/")
    book = page.locator("#incoming-book")
    assert symbol in book.inner_text() and "Chưa xử lý" in book.inner_text()
    book.get_by_role("link", name=symbol).click()
    assert page.locator("#incoming-entry").is_visible()
    page.get_by_role("link", name="Soạn văn bản triển khai").click()
    assert f"Thực hiện Hướng dẫn số {symbol}" in page.locator("#id_opening").input_value()
    page.fill("#id_item-0-text", "Tổ chức hội nghị quán triệt tại từng công đoàn cơ sở.")
    page.fill("#id_item-0-deadline", earlier)
    page.get_by_role("button", name="Lưu dự thảo văn bản triển khai").click()
    page.get_by_role("link", name="Ban hành…").click()
    page.get_by_role("button", name="Xác nhận ban hành").click()
    page.wait_for_url("**/van-ban/*/")
    assert "Đã ban hành" in page.locator("h1").inner_text()
    page.screenshot(path=str(tmp_path / f"relay-{size}.png"), full_page=True)

    # Its grassroots unions see their tasks, with the adapted wording and the earlier deadline.
    login(page, live_server, chair)
    page.goto(f"{live_server.url}/nhiem-vu/")
    tasks = page.locator("table").first.inner_text()
    assert "Tổ chức hội nghị quán triệt tại từng công đoàn cơ sở." in tasks
    assert earlier in tasks and ITEMS[1][:40] in tasks
    assert TaskAssignment.objects.filter(unit__in=[tree.cdcs_a1, tree.cdcs_a2, tree.guild]).count() == 6
