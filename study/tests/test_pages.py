"""The study pages: lists, the event form and its attendance sheet, the QR check-in, coverage, home."""

from datetime import date
from unittest import mock

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from lamtheo.testing import make_user
from members.services import create_member
from study import selectors, services
from study.models import Attendance, EventKind, StudyEvent

MAY = date(2024, 5, 10)


@pytest.fixture
def chair(client, tree):
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1"))
    return client


def _member_login(client, tree, member, unit):
    from accounts.services import create_user_with_assignment

    user, _ = create_user_with_assignment(SYSTEM, username=f"dv-{member.pk}", password="x-Mat-khau-1234",
                                          unit=unit, role=Role.MEMBER, member=member)  # fmt: skip
    client.force_login(user)
    return client


def test_a_chair_records_an_event_and_ticks_attendance(chair, tree, study):
    response = chair.post(reverse("study:event_create"), {
        "unit": tree.cdcs_a1.pk, "kind": EventKind.PERIODIC, "title": "Sinh hoạt định kỳ quý II",
        "held_on": "10/05/2024", "topic": study.topic.pk, "items": [study.item(2).pk, study.item(4).pk],
        "mode": "list",
    })  # fmt: skip
    event = StudyEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == event.get_absolute_url()
    page = chair.get(event.get_absolute_url()).content.decode()
    assert tree.member_a1.full_name in page and "Lưu điểm danh" in page
    chair.post(event.get_absolute_url(), {f"m-{tree.member_a1.pk}": "present"})
    assert Attendance.objects.get().status == "present"
    cov = selectors.coverage(SYSTEM, tree.cdcs_a1, 2024, 2)
    assert cov.rows[0].missing == [] and cov.reached == 1


def test_the_event_form_refuses_a_day_in_the_future_on_its_field(chair, tree):
    response = chair.post(reverse("study:event_create"), {
        "unit": tree.cdcs_a1.pk, "kind": EventKind.PERIODIC, "title": "Sinh hoạt", "held_on": "01/01/2999",
        "mode": "list",
    })  # fmt: skip
    assert response.status_code == 200 and "không được sau ngày hôm nay" in response.content.decode()
    assert not StudyEvent.objects.exists()


def test_the_event_page_shows_the_qr_code_on_the_day(chair, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    with mock.patch("study.views.today", return_value=MAY):
        page = chair.get(event.get_absolute_url()).content.decode()
    assert "<svg" in page and reverse("study:check_in", args=[selectors.check_in_code(event)]) in page
    assert "<svg" not in chair.get(event.get_absolute_url()).content.decode()  # another day: no code


def test_a_member_checks_in_with_the_link(client, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    url = reverse("study:check_in", args=[selectors.check_in_code(event)])
    _member_login(client, tree, tree.member_a1, tree.cdcs_a1)
    with mock.patch("study.services.today", return_value=MAY):
        page = client.post(url).content.decode()
    assert "đã được ghi nhận có mặt" in page
    assert Attendance.objects.get(member=tree.member_a1).source == "qr"


def test_the_check_in_page_refuses_another_unions_member(client, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    _member_login(client, tree, tree.member_a2, tree.cdcs_a2)
    response = client.post(reverse("study:check_in", args=[selectors.check_in_code(event)]))
    assert response.status_code == 403 and not Attendance.objects.exists()


def test_the_check_in_page_says_when_the_code_expired(client, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    _member_login(client, tree, tree.member_a1, tree.cdcs_a1)
    page = client.post(reverse("study:check_in", args=[selectors.check_in_code(event)])).content.decode()
    assert "Mã điểm danh đã hết hạn" in page and not Attendance.objects.exists()


def test_the_check_in_link_asks_for_a_login_first(client, tree, study):
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    url = reverse("study:check_in", args=[selectors.check_in_code(event)])
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_attendance_sheet_is_paginated_and_searchable(chair, tree, study):
    for i in range(35):
        create_member(
            SYSTEM, unit=tree.cdcs_a1, full_name=f"Hoàng Văn Số{i:02d}", data={}, on=date(2021, 1, 1)
        )
    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    page = chair.get(event.get_absolute_url()).content.decode()
    assert page.count('data-member="') == 30
    found = chair.get(event.get_absolute_url(), {"q": "duc"}).content.decode()
    assert found.count('data-member="') == 1 and tree.member_a1.full_name in found


def test_the_coverage_page_lists_units_with_nothing_recorded_first(client, tree, study):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY,
                          topic=study.topic, items=[study.item(2)])  # fmt: skip
    page = client.get(reverse("study:coverage"), {"period": "2024-Q2"}).content.decode()
    assert "Quý II/2024" in page
    body = page[page.index('id="coverage-rows"') :]
    assert body.index(tree.guild.name) < body.index(tree.cdcs_a1.name)
    assert "%)" not in page.replace("\u00a0%)", "")  # every share written 4,5 % with its space kept


def test_the_lists_and_the_export_answer(client, tree, study):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    services.record_event(
        SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt Đức Thành", held_on=MAY
    )
    services.create_outreach_item(SYSTEM, unit=tree.cdcs_a1, channel="news", on=MAY, title="Tin học tập")
    services.create_training_course(
        SYSTEM, unit=tree.fed_a, title="Lớp tập huấn báo cáo viên", on=MAY, ends_on=MAY
    )
    assert (
        "Sinh hoạt Đức Thành" in client.get(reverse("study:event_list"), {"q": "duc thanh"}).content.decode()
    )
    assert "Tin học tập" in client.get(reverse("study:outreach_list")).content.decode()
    assert "Lớp tập huấn báo cáo viên" in client.get(reverse("study:course_list")).content.decode()
    assert study.topic.title in client.get(reverse("study:topic_list")).content.decode()
    assert (
        "Quý 2: (2), (4)" in client.get(reverse("study:topic_detail", args=[study.topic.pk])).content.decode()
    )
    export = client.get(reverse("study:event_export"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_event_list_makes_as_many_queries_for_a_longer_page(client, tree, django_assert_max_num_queries):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("study:event_list"))
    for _ in range(5):
        services.record_event(SYSTEM, unit=tree.cdcs_a2, kind="forum", title="Diễn đàn", held_on=MAY)
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("study:event_list"))
    assert len(six) == len(one)


def test_the_home_panels(client, tree, study):
    from lamtheo.lib import dates

    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="tinh-a"))
    with mock.patch.object(dates, "today", return_value=MAY):
        page = client.get(reverse("home"), {"on": "10/05/2024"}).content.decode()
    assert 'id="study-lagging"' in page and tree.guild.name in page
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chu-tich-a1"))
    page = client.get(reverse("home"), {"on": "10/05/2024"}).content.decode()
    assert 'id="study-to-study"' in page and study.item(2).title in page


def test_attachments_are_checked_and_downloaded(chair, tree, study):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = services.record_event(SYSTEM, unit=tree.cdcs_a1, kind="periodic", title="Sinh hoạt", held_on=MAY)
    url = reverse("study:attachment_upload", args=[event.pk])
    chair.post(url, {"file": SimpleUploadedFile("anh.png", b"not a png")})
    chair.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    assert not event.attachments.exists()
    chair.post(url, {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 minutes")})
    attachment = event.attachments.get()
    response = chair.get(reverse("study:attachment_download", args=[event.pk, attachment.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_a_hostile_attendance_key_is_ignored_not_a_crash(chair, tree, study):
    chair.post(reverse("study:event_create"), {
        "unit": tree.cdcs_a1.pk, "kind": EventKind.PERIODIC, "title": "Sinh hoạt định kỳ quý III",
        "held_on": "10/08/2024", "topic": study.topic.pk, "items": [study.item(2).pk], "mode": "list",
    })  # fmt: skip
    url = StudyEvent.objects.get().get_absolute_url()
    for key in ("m-²", "m-" + "9" * 25):
        assert chair.post(url, {key: "present", f"m-{tree.member_a1.pk}": "present"}).status_code == 302
    assert Attendance.objects.get().member == tree.member_a1
