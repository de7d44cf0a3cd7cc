from datetime import date

import pytest

from accounts.models import Role
from directives.models import AssignmentStatus, TaskAssignment
from directives.services import (
    NotAllowed,
    acknowledge,
    assign_from_document,
    relay,
    relay_many,
    remind,
    report_done,
    return_report,
)
from directives.suggest import suggest_from_document
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for
from org.models import Unit

from .helpers import DISTRICT_DATE, at, district_letter, issue, story


@pytest.fixture
def s(tree):
    st = story(tree)
    tasks = suggest_from_document(st.fed_doc)
    tasks[0]["deadline"] = date(2023, 9, 30)
    st.directive = assign_from_document(st.fed, document=st.fed_doc, tasks=tasks)
    return st


def _district_rows(s):
    return list(TaskAssignment.objects.filter(unit=s.tree.district_a1).order_by("task__order"))


def test_it_relays_with_the_district_letter_citing_the_federation_letter(s):
    first = _district_rows(s)[0]
    acknowledge(s.district, assignment=first, at=at(date(2023, 6, 7)))
    letter = district_letter(s)

    created = relay(s.district, assignment=first, relay_document=letter, at=at(DISTRICT_DATE))

    first.refresh_from_db()
    assert first.status == AssignmentStatus.RELAYED
    assert first.relay_document == letter
    assert first.acknowledged_at == at(date(2023, 6, 7))
    assert {a.unit_id for a in created} == {s.tree.cdcs_a1.pk, s.tree.cdcs_a2.pk, s.tree.guild.pk}
    assert all(a.parent_assignment_id == first.pk and a.due_date == date(2023, 9, 30) for a in created)
    assert all(a.status == AssignmentStatus.ASSIGNED for a in created)


def test_it_refuses_a_relay_letter_that_does_not_cite_the_upper_one(s):
    first = _district_rows(s)[0]
    other = district_letter(s, cites=["6713/TLĐ-TG"])  # cites the confederation, not the federation
    with pytest.raises(ServiceError, match=f"phải dẫn chiếu văn bản cấp trên {s.fed_doc.symbol}"):
        relay(s.district, assignment=first, relay_document=other)
    draft = district_letter(s, issued=False)
    with pytest.raises(ServiceError, match="đã ban hành"):
        relay(s.district, assignment=first, relay_document=draft)
    first.refresh_from_db()
    assert first.status == AssignmentStatus.ASSIGNED
    assert not TaskAssignment.objects.filter(parent_assignment=first).exists()


def test_it_refuses_a_letter_of_another_unit(s):
    first = _district_rows(s)[0]
    # The federation's own letter cites 6713 and is the federation's: not the district's relay.
    with pytest.raises(ServiceError, match="phải do chính"):
        relay(s.district, assignment=first, relay_document=s.fed_doc)


def test_it_relays_all_five_tasks_with_one_letter_and_not_twice(s):
    rows = _district_rows(s)
    letter = district_letter(s)
    created = relay_many(s.district, assignments=rows, relay_document=letter)
    assert len(created) == 15
    assert TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).count() == 5
    with pytest.raises(ServiceError, match="Đã triển khai"):
        relay(s.district, assignment=rows[0], relay_document=letter)


def test_it_lets_a_grassroots_union_acknowledge_and_report_done(s):
    letter = district_letter(s)
    relay_many(s.district, assignments=_district_rows(s), relay_document=letter)
    mine = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).order_by("task__order").first()

    acknowledge(s.chair_a1, assignment=mine)
    with pytest.raises(ServiceError, match="Đã tiếp nhận"):
        acknowledge(s.chair_a1, assignment=mine)
    with pytest.raises(ServiceError, match="Cần nêu kết quả"):
        report_done(s.chair_a1, assignment=mine, note="  ")
    done = report_done(s.chair_a1, assignment=mine, note="Tổ chức hội nghị quán triệt, 45 đoàn viên dự.")
    assert done.status == AssignmentStatus.DONE and done.done_at and done.report_note.startswith("Tổ chức")
    with pytest.raises(ServiceError, match="đã được báo cáo hoàn thành"):
        report_done(s.chair_a1, assignment=mine, note="Lần hai")
    # A grassroots union has no units below it to relay to.
    other = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).order_by("task__order")[1]
    Unit.objects.filter(pk=s.tree.cdcs_a1.pk).update(issuer_code="CĐTH")
    own = issue(s.chair_a1, s.tree.cdcs_a1, subject="Triển khai", on=DISTRICT_DATE, cites=[letter.symbol],
                items=["Việc"], drafting_code="CĐ")  # fmt: skip
    with pytest.raises(ServiceError, match="không có đơn vị trực thuộc"):
        relay(s.chair_a1, assignment=other, relay_document=own)


def test_it_refuses_members_inspectors_and_other_units(s):
    letter = district_letter(s)
    relay_many(s.district, assignments=_district_rows(s), relay_document=letter)
    mine = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).first()
    member = actor_for(s.tree.cdcs_a1, Role.MEMBER)
    with pytest.raises(NotAllowed):
        acknowledge(member, assignment=mine)
    with pytest.raises(NotAllowed):
        report_done(actor_for(s.tree.cdcs_a1, Role.INSPECTOR), assignment=mine, note="Xong")
    with pytest.raises(NotAllowed):
        acknowledge(s.chair_a2, assignment=mine)  # a sibling union
    with pytest.raises(NotAllowed):
        acknowledge(actor_for(s.tree.fed_b, Role.FEDERATION_STAFF), assignment=mine)
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ASSIGNED


def test_only_the_addressed_unit_acknowledges_relays_and_reports(s):
    """The district and the federation above a1 see a1's task but do not act on it for a1."""
    letter = district_letter(s)
    relay_many(s.district, assignments=_district_rows(s), relay_document=letter)
    mine = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1).first()
    for upper in (s.district, s.fed):
        with pytest.raises(NotAllowed, match="Chỉ “Công đoàn Trường Tiểu học Đông Sơn”"):
            acknowledge(upper, assignment=mine)
        with pytest.raises(NotAllowed):
            report_done(upper, assignment=mine, note="Xong")
    with pytest.raises(NotAllowed):
        relay(s.fed, assignment=_district_rows(s)[1], relay_document=letter)
    mine.refresh_from_db()
    assert mine.status == AssignmentStatus.ASSIGNED and mine.done_at is None


def test_upper_units_remind_and_return_a_report_with_an_audit_event(s):
    from audit.models import AuditEvent

    relay_many(s.district, assignments=_district_rows(s), relay_document=district_letter(s))
    mine = TaskAssignment.objects.filter(unit=s.tree.cdcs_a1, task__order=1).get()
    reminded = remind(s.district, assignment=mine, note="Hạn 30/9 sắp đến", at=at(date(2023, 9, 20)))
    assert reminded.reminded_at == at(date(2023, 9, 20))
    event = AuditEvent.objects.filter(object_id=str(mine.pk)).latest("id")
    assert "Nhắc Công đoàn Trường Tiểu học Đông Sơn" in event.summary and "Hạn 30/9" in event.summary
    with pytest.raises(NotAllowed):
        remind(s.chair_a1, assignment=mine)  # the addressee does not remind itself
    with pytest.raises(NotAllowed):
        remind(s.chair_a2, assignment=mine)  # nor does a sibling
    with pytest.raises(NotAllowed):
        remind(actor_for(s.tree.fed_b, Role.FEDERATION_STAFF), assignment=mine)
    with pytest.raises(ServiceError, match="Chỉ trả lại nhiệm vụ đã báo cáo"):
        return_report(s.district, assignment=mine, reason="Thiếu số liệu")

    report_done(s.chair_a1, assignment=mine, note="Đã họp", at=at(date(2023, 9, 25)))
    with pytest.raises(ServiceError, match="đã hoàn thành"):
        remind(s.district, assignment=mine)
    with pytest.raises(ServiceError, match="lý do"):
        return_report(s.fed, assignment=mine, reason="  ")
    with pytest.raises(NotAllowed):
        return_report(s.chair_a1, assignment=mine, reason="Tự trả")
    back = return_report(s.fed, assignment=mine, reason="Chưa nêu số người dự")
    assert back.status == AssignmentStatus.ACKNOWLEDGED and back.done_at is None
    assert back.return_reason == "Chưa nêu số người dự" and back.report_note == "Đã họp"
    event = AuditEvent.objects.filter(object_id=str(mine.pk)).latest("id")
    assert event.before["status"] == "done" and event.after["status"] == "acknowledged"
    assert report_done(s.chair_a1, assignment=mine, note="Đã họp, 45 người dự").status == "done"
