"""A member on a phone (390×844) opens the self-study material from their home page, takes the quiz and
passes; the pass counts as their study of the item."""

from accounts.models import Role
from accounts.scoping import SYSTEM
from accounts.services import create_user_with_assignment
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, actor_for
from study import selfstudy
from study.models import Attendance, AttendanceSource

pytestmark = BROWSER_TEST
PHONE = {"width": 390, "height": 844}
QUIZ = """Bác Hồ đọc Tuyên ngôn độc lập năm nào?
* 1945
- 1954
- 1930

Những đức tính Bác dạy cán bộ?
* Cần
* Kiệm
- Xa hoa
"""


def test_a_member_on_a_phone_takes_the_quiz_and_passes(live_server, page, tree, study, tmp_path):
    material = selfstudy.publish_material(
        actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR), unit=tree.cdcs_a1, item=study.item(2),
        title="Đổi mới sáng tạo theo lời Bác", body="Tài liệu đọc trong ca nghỉ.", quiz=QUIZ, pass_percent=100,
    )  # fmt: skip
    create_user_with_assignment(SYSTEM, username="dv-ca-dem", password=PASSWORD, unit=tree.cdcs_a1,
                                role=Role.MEMBER, member=tree.member_a1)  # fmt: skip
    page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # "Nộp bài?" confirmation
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/")
    page.fill("#id_username", "dv-ca-dem")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.locator("#home-materials a", has_text=material.title).click()
    page.get_by_role("button", name="Làm bài kiểm tra").click()
    page.wait_for_selector("#quiz")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )  # no sideways scroll
    for answer in ("1945", "Cần", "Kiệm"):
        page.get_by_label(answer, exact=True).check()
    page.screenshot(path=str(tmp_path / "quiz-phone.png"), full_page=True)
    page.get_by_role("button", name="Nộp bài").click()
    page.wait_for_selector("#result")
    assert "Đạt: 2/2 câu đúng" in page.locator("#result").inner_text()
    page.screenshot(path=str(tmp_path / "quiz-result-phone.png"), full_page=True)
    assert Attendance.objects.filter(
        member=tree.member_a1, item=material.item, source=AttendanceSource.SELF_STUDY
    ).exists()
