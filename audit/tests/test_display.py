"""The audit page speaks the officer's language: labels, names with links, choice labels, dd/mm/yyyy,
times in Asia/Ho_Chi_Minh; no attnames, ids or raw codes."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from accounts.models import Assignment
from accounts.scoping import SYSTEM
from accounts.services import issue_api_token
from audit.display import is_known
from audit.models import AuditEvent
from audit.services import record
from lamtheo.testing import actor_for, make_user
from members.models import Gender
from members.services import archive_member, transfer_members, update_member
from org.services import move_unit, rename_unit, update_unit

URL = reverse("audit:event_list")
# The apps whose records the audit page shows (docs/architecture.md, "How to add an app").
PROJECT_APPS = ("org", "members", "accounts", "documents", "directives", "study")
D = date(2025, 7, 1)


@pytest.fixture
def officer(client, tree):
    user = make_user(tree.fed_a)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def history(officer, tree):
    """The kinds of change an officer of province A makes, each leaving its event."""
    actor = actor_for(tree.fed_a, user=officer.user)
    update_member(
        actor, member=tree.member_a1, data={"gender": Gender.FEMALE, "birth_date": date(1990, 3, 12)}
    )
    transfer_members(actor, member_ids=[tree.member_a1.pk], target=tree.cdcs_a2, on=D)
    archive_member(actor, member=tree.member_a2, on=D, reason="Nghỉ hưu")
    update_unit(actor, unit=tree.cdcs_a1, data={"place": "Đông Sơn"})
    move_unit(actor, unit=tree.cdcs_a2, new_parent=tree.fed_a, on=D, decision_ref="12/QĐ-LĐLĐ")
    rename_unit(actor, unit=tree.guild, new_name="Nghiệp đoàn Nghề cá An Hòa", on=D)
    issue_api_token(SYSTEM, assignment=Assignment.objects.get(user=officer.user), name="Cổng tỉnh")
    return actor


def page_text(response) -> str:
    """The words of the log table (not the page's style sheet or scripts)."""
    html = response.content.decode()
    table = html[html.index('class="table table-sm align-top mb-0 audit-log"') :].split("</section>")[0]
    return re.sub(r"<[^>]+>", " ", table)


def test_every_key_written_by_the_services_has_a_vietnamese_label(history, tree):
    for event in AuditEvent.objects.all():
        for part in (event.before, event.after):
            for key in part or {}:
                assert is_known(event.model, key), f"{event.model}: {key} ({event.summary})"


def test_the_page_shows_labels_names_choices_and_dates_not_raw_values(officer, history, tree):
    response = officer.get(URL)
    html = response.content.decode()
    text = page_text(response)
    # Labels from the models' verbose_name (and the kit's labels for keys beside the fields).
    for label in (
        "Giới tính",
        "Ngày sinh",
        "Đơn vị",
        "Địa danh",
        "Đơn vị cấp trên",
        "Ngày hiệu lực",
        "Lý do",
    ):
        assert label in text, label
    for raw in ("unit_id", "birth_date", "gender", "left_on", "assignment_id", "user_id", "parent"):
        assert not re.search(rf"\b{raw}\b", text), raw
    # Choices by their label, dates dd/mm/yyyy.
    assert "Nữ" in text and "female" not in text
    assert "12/03/1990" in text and "1990-03-12" not in text
    assert "01/07/2025" in text and "2025-07-01" not in text
    # Related records by name, with links to their pages; no "#id" anywhere.
    assert tree.cdcs_a2.name in text and tree.member_a1.full_name in text
    assert f'href="{reverse("org:unit_detail", args=[tree.cdcs_a2.pk])}"' in html
    assert f'href="{reverse("members:member_detail", args=[tree.member_a1.pk])}"' in html
    assert not re.search(r"#\d+", text)


def test_times_are_shown_in_vietnam_time(officer, tree):
    event = record(SYSTEM, action=AuditEvent.Action.UPDATE, obj=tree.cdcs_a1, after={"place": "x"})
    AuditEvent.objects.filter(pk=event.pk).update(at=datetime(2025, 3, 10, 23, 30, tzinfo=UTC))
    archived = datetime(2025, 3, 10, 20, 0, tzinfo=UTC).isoformat()
    record(SYSTEM, action=AuditEvent.Action.ARCHIVE, obj=tree.member_b1, after={"archived_at": archived})
    response = officer.get(URL, {"unit": tree.cdcs_a1.pk})
    row = page_text(response)
    assert "11/03/2025" in row and "06:30" in row  # UTC 23:30 is 06:30 the next day in Hà Nội


def test_a_datetime_value_is_shown_in_vietnam_time(tree):
    from audit.display import Names, show_value

    shown = show_value("members.member", "archived_at", "2025-03-10T20:00:00+00:00", Names())
    assert [s.text for s in shown] == ["11/03/2025 03:00"]


def test_a_record_that_is_gone_is_named_without_its_id(officer, tree):
    record(SYSTEM, action=AuditEvent.Action.UPDATE, model="members.member", object_id="987654",
           unit_id=tree.cdcs_a1.pk, before={"unit_id": 987655}, after={"unit_id": tree.cdcs_a1.pk})  # fmt: skip
    text = page_text(officer.get(URL, {"unit": tree.cdcs_a1.pk}))
    assert "không còn trong hệ thống" in text
    assert "987654" not in text and "987655" not in text


def test_every_field_of_every_record_kind_has_a_vietnamese_label():
    from django.apps import apps

    missing = [
        f"{model._meta.label_lower}.{field.attname}"
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.concrete_fields
        if not is_known(model._meta.label_lower, field.attname)
    ]
    assert not missing, missing


def test_a_long_task_is_named_cut_at_80_characters_with_an_ellipsis():
    from types import SimpleNamespace

    from audit.display import NAMERS

    _queryset, name = NAMERS["directives.taskassignment"]
    text = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026, cụ thể hóa bằng việc làm"
    shown = name(SimpleNamespace(task=SimpleNamespace(text=text), unit=SimpleNamespace(name="CĐCS A")))
    before, after = shown.split(" → ")
    assert before.endswith("…") and len(before) <= 80 and text.startswith(before[:-1].rstrip())
    assert after == "CĐCS A"
    short = name(
        SimpleNamespace(task=SimpleNamespace(text="Báo cáo quý"), unit=SimpleNamespace(name="CĐCS A"))
    )
    assert short == "Báo cáo quý → CĐCS A"
