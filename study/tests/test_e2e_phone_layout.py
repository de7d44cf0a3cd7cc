"""QA on a 390×844 phone: the attendance sheet does not repeat the union on every row, and the home page's
task card keeps its badges inside the card. Screenshots go to lamtheo.browser_tests.shots."""

from datetime import date, timedelta

from accounts.models import Role
from accounts.scoping import SYSTEM
from documents.fields import DocumentFields
from documents.kinds import DocumentKind
from lamtheo.browser_tests import BROWSER_TEST, login, shots
from lamtheo.lib.dates import today
from lamtheo.testing import make_user
from members.services import create_member
from study import services

pytestmark = BROWSER_TEST
PHONE = {"width": 390, "height": 844}


def _phone(browser):
    return browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)


def _overflowing(page, selector: str) -> list[str]:
    """Texts of the elements matching `selector` that stick out of the screen on the right."""
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
        ".map(e => e.innerText)",
    )


def test_the_attendance_sheet_fits_a_phone_and_names_the_union_once(live_server, browser, tree, tmp_path):
    for name in ("Nguyễn Thị Hồng Nhung", "Lò Văn Thắng", "Hoàng Thị Phương Thảo"):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name=name, data={}, on=date(2020, 1, 1))
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt định kỳ quý",
                                  held_on=today() - timedelta(days=1))  # fmt: skip
    shared = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="conference", title="Hội nghị chung",
                                   held_on=today() - timedelta(days=1), co_hosts=[tree.cdcs_a2])  # fmt: skip
    user = make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich-a1")
    phone = _phone(browser)
    login(phone, live_server, user)
    phone.goto(f"{live_server.url}{event.get_absolute_url()}")
    phone.screenshot(path=shots(tmp_path) / "study-attendance-390.png", full_page=True)
    sheet = phone.locator("#attendance-rows tbody")
    assert tree.cdcs_a1.name not in sheet.inner_text()  # one union: named once, above the sheet
    assert tree.cdcs_a1.name in phone.locator("#attendance-unit").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not _overflowing(phone, "#attendance-rows input")  # every radio button reachable without scrolling
    phone.goto(f"{live_server.url}{shared.get_absolute_url()}")
    phone.screenshot(path=shots(tmp_path) / "study-attendance-shared-390.png", full_page=True)
    # Several unions: each member's union under their name, no column of its own.
    assert phone.locator("#attendance-rows .member-unit").count() == 4
    assert phone.locator("#attendance-rows thead th").count() == 4
    assert not _overflowing(phone, "#attendance-rows input")


def test_the_home_task_card_keeps_its_badges_inside_on_a_phone(live_server, browser, tree, tmp_path):
    from directives.models import AssignmentStatus, TaskAssignment
    from directives.services import assign_from_document
    from documents.services import issue_document, save_draft

    fields = DocumentFields(kind=DocumentKind.CONG_VAN, subject="Về việc tổ chức học tập chuyên đề năm",
                            date=today() - timedelta(days=40))  # fmt: skip
    draft = save_draft(SYSTEM, fields=fields, issuer_unit=tree.fed_a, drafting_code="TG")
    document = issue_document(SYSTEM, document=draft, make_pdf=False)
    late = today() - timedelta(days=5)
    tasks = [{"text": f"Tổ chức học tập nội dung ({n}) của chuyên đề năm trong sinh hoạt định kỳ và báo cáo kết "
              "quả về Liên đoàn Lao động tỉnh", "deadline": late} for n in (1, 2, 3)]  # fmt: skip
    directive = assign_from_document(SYSTEM, document=document, tasks=tasks, units=[tree.cdcs_a1])
    first = TaskAssignment.objects.filter(task__directive=directive).order_by("task__order").first()
    TaskAssignment.objects.filter(pk=first.pk).update(status=AssignmentStatus.RELAYED)  # the longest badge
    user = make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich-a1")
    phone = _phone(browser)
    login(phone, live_server, user)
    phone.wait_for_selector("#my-tasks")
    phone.screenshot(path=shots(tmp_path) / "home-tasks-390.png", full_page=True)
    assert "Trễ hạn" in phone.locator("#my-tasks").inner_text()
    assert not _overflowing(phone, "#my-tasks .badge")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
