"""The schedule read from the guidance that announces it (issue 12, point 2): the mapping from the reader's
result to a schedule draft, the pre-filled page, and the save through the study services."""

from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM, Actor
from documents.fields import DocumentFields, Section, Task
from documents.reading import read_text
from documents.samples.written import guidance
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import make_user
from study import services
from study.from_document import read_schedule
from study.models import ScheduleEntry, StudySchedule, Topic, TopicScope

GUIDANCE = Path(__file__).resolve().parent / "fixtures" / "huong-dan-hoc-tap-2025.txt"
ITEM_4 = "Nhiệm vụ, giải pháp của các cấp công đoàn tỉnh trong học tập và làm theo Bác năm 2025"


def _read():
    return read_text(GUIDANCE.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the mapping (no database)


def test_the_guidance_gives_its_items_quarters_and_review_note():
    draft = read_schedule(_read())
    assert draft.found and draft.year == 2025
    assert len(draft.items) == 4 and draft.items[3] == ITEM_4
    assert draft.items[0] == "Học tập và làm theo Bác về tinh thần trách nhiệm của người cán bộ công đoàn"
    assert draft.quarters == {1: [1, 4], 2: [2, 4], 3: [3, 4]}
    assert draft.notes == {4: "Sơ kết, đánh giá việc học tập và làm theo Bác năm 2025; xây dựng báo cáo năm."}
    assert draft.title.startswith("Học tập và làm theo Bác về tinh thần trách nhiệm, kỷ luật lao động")
    assert draft.guidance_ref == "Hướng dẫn số 07/HD-LĐLĐ ngày 08/01/2025"


def test_without_the_readers_tasks_the_quarter_lines_of_the_text_are_read():
    """The project's written guidance sample carries no tasks: its "+ Quý I: nội dung (1)" lines count."""
    fields = guidance()
    assert fields.tasks == []
    draft = read_schedule(fields)
    assert len(draft.items) == 3 and draft.quarters == {1: [1], 2: [2], 3: [3]} and draft.year == 2025


def test_references_to_items_the_document_does_not_have_are_left_out():
    fields = DocumentFields(
        kind="huong_dan", subject="Học tập chuyên đề năm 2026", date=date(2026, 1, 5),
        sections=[Section(level=1, number="I", title="NỘI DUNG", paragraphs=["(1) Một.", "(2) Hai."])],
        tasks=[Task(text="Quý I: nội dung (1) và (7)", deadline=date(2026, 3, 31)),
               Task(text="Quý II: nội dung (2)", deadline=date(2026, 6, 30))],
    )  # fmt: skip
    draft = read_schedule(fields)
    assert draft.items == ["Một", "Hai"] and draft.quarters == {1: [1], 2: [2]} and draft.year == 2026


def test_a_letter_without_a_schedule_is_not_offered():
    fields = DocumentFields(
        kind="cong_van", subject="Về việc báo cáo", date=date(2025, 3, 1),
        sections=[Section(level=2, number="1", title="Báo cáo số liệu trước ngày 15/3/2025.")],
        tasks=[Task(text="Báo cáo số liệu trước ngày 15/3/2025.", deadline=date(2025, 3, 15))],
    )  # fmt: skip
    assert not read_schedule(fields).found


# ---------------------------------------------------------------- the page and the service


@pytest.fixture
def registered(tree):
    from documents.services import register_incoming

    return register_incoming(SYSTEM, fields=_read(), owner_unit=tree.fed_a, original_file=None)


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="can-bo-tinh-a"))
    return client


def _post_data(tree, **changes):
    data = {
        "unit": tree.fed_a.pk, "year": 2025, "topic": "new", "title": "Chuyên đề năm 2025 của tỉnh A",
        "items": "(1) Trách nhiệm\n(2) Kỷ luật lao động\n(3) Tiết kiệm\n(4) Nhiệm vụ, giải pháp",
        "q1": "(1), (4)", "q2": "(2), (4)", "q3": "(3), (4)", "q4": "", "note1": "", "note2": "", "note3": "",
        "note4": "Sơ kết năm",
    }  # fmt: skip
    return {**data, **changes}


def test_the_document_page_offers_the_button_and_the_form_comes_pre_filled(officer, registered):
    page = officer.get(registered.get_absolute_url()).content.decode()
    url = reverse("study:schedule_from_document", args=[registered.pk])
    assert "Lập lịch học tập từ văn bản này" in page and url in page
    form = officer.get(url).content.decode()
    assert 'value="(1), (4)"' in form and 'value="(3), (4)"' in form
    assert f"(4) {ITEM_4}" in form and "Sơ kết, đánh giá việc học tập" in form
    assert 'value="2025"' in form


def test_saving_the_corrected_form_creates_the_topic_and_its_schedule(officer, tree, registered):
    url = reverse("study:schedule_from_document", args=[registered.pk])
    response = officer.post(url, _post_data(tree, q3="(3)"))  # the user corrects Q3 before saving
    topic = Topic.objects.get(year=2025)
    assert response.status_code == 302 and response["Location"] == reverse(
        "study:topic_detail", args=[topic.pk]
    )
    assert [i.title for i in topic.items.all()] == ["Trách nhiệm", "Kỷ luật lao động", "Tiết kiệm",
                                                    "Nhiệm vụ, giải pháp"]  # fmt: skip
    assert topic.issuer_unit == tree.fed_a and topic.scope == TopicScope.YEAR
    schedule = StudySchedule.objects.get(topic=topic)
    assert schedule.unit == tree.fed_a and schedule.guidance_ref == "Hướng dẫn số 07/HD-LĐLĐ ngày 08/01/2025"
    got = sorted((e.quarter, e.item.number if e.item else e.note) for e in schedule.entries.all())
    assert got == [(1, 1), (1, 4), (2, 2), (2, 4), (3, 3), (4, "Sơ kết năm")]


def test_an_existing_topic_of_the_year_is_chosen_and_no_copy_is_made(officer, tree, registered):
    draft = read_schedule(_read())
    topic = services.create_topic(SYSTEM, issuer_unit=tree.fed_a, scope=TopicScope.YEAR, year=2025,
                                  title=draft.title, items=draft.items, valid_from=date(2025, 1, 1))  # fmt: skip
    url = reverse("study:schedule_from_document", args=[registered.pk])
    form = officer.get(url).content.decode()
    assert f'<option value="{topic.pk}" selected>' in form
    officer.post(url, _post_data(tree, topic=str(topic.pk)))
    assert Topic.objects.count() == 1
    assert StudySchedule.objects.get().topic == topic


def test_a_member_and_another_province_cannot_use_it(client, tree, registered):
    url = reverse("study:schedule_from_document", args=[registered.pk])
    client.force_login(make_user(tree.fed_b, Role.FEDERATION_STAFF, username="can-bo-tinh-b"))
    assert client.get(url).status_code == 404
    client.force_login(make_user(tree.fed_a, Role.MEMBER, username="doan-vien-a"))
    assert "Lập lịch học tập" not in client.get(registered.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, _post_data(tree)).status_code == 403 and not Topic.objects.exists()


def test_a_refused_schedule_leaves_no_new_topic_behind(officer, tree, registered):
    url = reverse("study:schedule_from_document", args=[registered.pk])
    response = officer.post(url, _post_data(tree, q2="(2), (9)"))
    assert response.status_code == 200 and "Chuyên đề không có nội dung (9)" in response.content.decode()
    assert not Topic.objects.exists() and not ScheduleEntry.objects.exists()


def test_a_lower_unit_cannot_drop_an_item_the_province_set(tree, registered):
    draft = read_schedule(_read())
    topic = services.create_topic(SYSTEM, issuer_unit=tree.fed_a, scope=TopicScope.YEAR, year=2025,
                                  title=draft.title, items=draft.items, valid_from=date(2025, 1, 1))  # fmt: skip
    services.schedule_from_document(SYSTEM, document=registered, unit=tree.fed_a, year=2025, topic=topic,
                                    quarters=draft.quarters, notes=draft.notes)  # fmt: skip
    from documents.services import register_incoming

    received = register_incoming(SYSTEM, fields=_read(), owner_unit=tree.district_a1, original_file=None)
    district = Actor(user=None, unit_id=tree.district_a1.pk, role=Role.UPPER_OFFICER)
    with pytest.raises(ServiceError, match=r"Không thể bỏ nội dung \(4\) khỏi Quý 1"):
        services.schedule_from_document(district, document=received, unit=tree.district_a1, year=2025,
                                        topic=topic, quarters={1: [1], 2: [2, 4], 3: [3, 4]})  # fmt: skip
    assert not StudySchedule.objects.filter(unit=tree.district_a1).exists()
    with pytest.raises(ServiceError, match="không xem được văn bản"):  # province B's officer
        services.schedule_from_document(Actor(user=None, unit_id=tree.fed_b.pk, role=Role.FEDERATION_STAFF),
                                        document=registered, unit=tree.fed_b, year=2025, topic=None,
                                        title="Chép", items=["Một"], quarters={1: [1]})  # fmt: skip


def test_the_province_issues_its_guidance_sets_the_schedule_from_it_and_assigns_the_tasks_as_before(
    officer, tree
):
    """Issuing the guidance still creates the directive tasks (directives), the schedule comes beside it."""
    from directives.models import DirectiveTask
    from directives.services import assign_from_document
    from directives.suggest import suggest_from_document
    from documents.services import issue_document, save_draft

    fields = _read()
    fields.symbol, fields.number = "", ""  # numbered when issued
    draft = save_draft(SYSTEM, fields=fields, issuer_unit=tree.fed_a, drafting_code="TG")
    guidance = issue_document(SYSTEM, document=draft, make_pdf=False)
    page = officer.get(guidance.get_absolute_url()).content.decode()
    assert "Giao nhiệm vụ cho đơn vị trực thuộc" in page and "Lập lịch học tập từ văn bản này" in page
    url = reverse("study:schedule_from_document", args=[guidance.pk])
    assert officer.post(url, _post_data(tree)).status_code == 302
    assert StudySchedule.objects.get().guidance_ref.startswith(f"Hướng dẫn số {guidance.symbol} ngày")
    actor = Actor(user=None, unit_id=tree.fed_a.pk, role=Role.FEDERATION_STAFF)
    directive = assign_from_document(actor, document=guidance, tasks=suggest_from_document(guidance))
    texts = list(DirectiveTask.objects.filter(directive=directive).values_list("text", flat=True))
    assert texts and any("báo cáo 6 tháng và năm" in t for t in texts)
