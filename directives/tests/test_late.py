"""One definition of "trễ hạn" (late_q / TaskAssignment.is_late) behind every count and flag."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from directives.models import AssignmentStatus, TaskAssignment
from directives.selectors import issued_directives, progress, tasks_for_unit, unit_assignments
from directives.services import acknowledge, assign_from_document, report_done
from directives.suggest import suggest_from_document

from .helpers import at, story

DUE = date(2023, 9, 30)
ON = date(2023, 10, 15)


@pytest.fixture
def s(tree):
    """Federation A gives task 1 (due 30/09/2023) to its two children; the district reports it done
    late (02/10), the civil servants' union leaves it open."""
    st = story(tree)
    tasks = suggest_from_document(st.fed_doc)
    tasks[0]["deadline"] = DUE
    st.directive = assign_from_document(st.fed, document=st.fed_doc, tasks=tasks)
    st.district_task = TaskAssignment.objects.get(unit=tree.district_a1, task__order=1)
    acknowledge(st.district, assignment=st.district_task, at=at(date(2023, 6, 7)))
    report_done(st.district, assignment=st.district_task, note="Đã tổ chức.", at=at(date(2023, 10, 2)))
    return st


def test_a_task_done_after_its_deadline_is_late_on_every_page(s):
    tasks = progress(s.fed, s.directive, on=ON)
    assert tasks[0].counts.late == 2  # the district (done late) and the civil servants' union (open)
    issued = issued_directives(s.fed, s.tree.fed_a.pk, on=ON).get()
    assert issued.n_late == sum(t.counts.late for t in tasks) == 2

    home = tasks_for_unit(s.district, on=ON)
    late_list = list(unit_assignments(s.district, unit_id=s.tree.district_a1.pk, status="late", on=ON))
    assert home.late_count == len(late_list) == 1
    assert late_list[0].late and late_list[0].is_late(ON)


def _row(task, *, status, due, done_local: datetime | None) -> TaskAssignment:
    a = TaskAssignment.objects.get(pk=task.pk)
    a.status, a.due_date = status, due
    a.done_at = timezone.make_aware(done_local) if done_local else None
    a.save(update_fields=["status", "due_date", "done_at"])
    return a


@pytest.mark.parametrize(
    ("status", "due_offset", "done_local"),
    [
        (AssignmentStatus.ASSIGNED, -1, None),
        (AssignmentStatus.ACKNOWLEDGED, 0, None),
        (AssignmentStatus.RELAYED, 1, None),
        (AssignmentStatus.ASSIGNED, None, None),
        (AssignmentStatus.DONE, -5, datetime(2023, 10, 15, 9)),
        (AssignmentStatus.DONE, 0, datetime(2023, 10, 15, 23, 30)),  # the deadline's last local hour
        (AssignmentStatus.DONE, -1, datetime(2023, 10, 15, 0, 30)),  # UTC says the 14th, local the 15th
        (AssignmentStatus.DONE, 1, datetime(2023, 10, 15, 9)),
        (AssignmentStatus.DONE, None, datetime(2023, 10, 15, 9)),
    ],
)
def test_the_queryset_and_the_row_agree_on_every_case(s, status, due_offset, done_local):
    due = None if due_offset is None else ON + timedelta(days=due_offset)
    a = _row(s.district_task, status=status, due=due, done_local=done_local)
    in_db = TaskAssignment.objects.filter(pk=a.pk).late(ON).exists()
    annotated = TaskAssignment.objects.filter(pk=a.pk).with_late(ON).get().late
    assert in_db == bool(annotated) == a.is_late(ON)
    expected_late = (status != AssignmentStatus.DONE and due_offset is not None and due_offset < 0) or (
        status == AssignmentStatus.DONE and due_offset is not None and due_offset < 0
    )
    assert in_db == expected_late
