"""Browser test: the province officer opens a registered guidance, clicks "Lập lịch học tập từ văn bản
này", finds the items and quarters the reader found, corrects one quarter and saves the schedule."""

from pathlib import Path

from accounts.models import Role
from accounts.scoping import SYSTEM
from documents.reading import read_text
from lamtheo.browser_tests import BROWSER_TEST, login, shots
from lamtheo.testing import make_user
from study.models import StudySchedule

pytestmark = BROWSER_TEST
GUIDANCE = Path(__file__).resolve().parent / "fixtures" / "huong-dan-hoc-tap-2025.txt"


def test_the_officer_sets_the_schedule_from_the_guidance(live_server, page, tree, tmp_path):
    from documents.services import register_incoming

    fields = read_text(GUIDANCE.read_text(encoding="utf-8"))
    document = register_incoming(SYSTEM, fields=fields, owner_unit=tree.fed_a, original_file=None)
    login(page, live_server, make_user(tree.fed_a, Role.FEDERATION_STAFF, username="can-bo-tinh-a"))
    page.goto(f"{live_server.url}{document.get_absolute_url()}")
    page.get_by_role("link", name="Lập lịch học tập từ văn bản này").click()
    page.wait_for_selector("#schedule-from-document")
    assert page.input_value("#id_q1") == "(1), (4)" and page.input_value("#id_q3") == "(3), (4)"
    assert page.input_value("#id_year") == "2025"
    assert page.input_value("#id_items").splitlines()[1].startswith("(2) Học tập và làm theo Bác về kỷ luật")
    page.screenshot(path=shots(tmp_path) / "schedule-from-document.png", full_page=True)
    page.fill("#id_q3", "(3)")  # the user corrects the reader before saving
    page.get_by_role("button", name="Lưu lịch học tập").click()
    page.wait_for_selector("#topic-items")
    assert "Đã lập lịch học tập từ văn bản." in page.content()
    schedule = StudySchedule.objects.get()
    got = sorted((e.quarter, e.item.number if e.item else "note") for e in schedule.entries.all())
    assert got == [(1, 1), (1, 4), (2, 2), (2, 4), (3, 3), (4, "note")]
    assert schedule.unit == tree.fed_a and schedule.topic.items.count() == 4
