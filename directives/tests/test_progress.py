from datetime import date

import pytest
from django.http import Http404

from accounts.models import Role
from directives.models import Directive, TaskAssignment
from directives.selectors import get_directive, progress, tasks_for_unit, unit_assignments
from directives.services import acknowledge, assign_from_document, relay_many, report_done
from directives.suggest import suggest_from_document
from lamtheo.testing import actor_for

from .helpers import DISTRICT_DATE, at, district_letter, story

DUE = date(2023, 9, 30)


@pytest.fixture
def s(tree):
    """Federation A → district A1 (relays) → a1 (done), a2 (acknowledged), guild (nothing);
    Công đoàn Viên chức (nothing). Task 1 due 30/09/2023, task 3 due 31/12/2023."""
    st = story(tree)
    tasks = suggest_from_document(st.fed_doc)
    tasks[0]["deadline"] = DUE
    tasks[2]["deadline"] = date(2023, 12, 31)
    st.directive = assign_from_document(st.fed, document=st.fed_doc, tasks=tasks)
    district_rows = list(TaskAssignment.objects.filter(unit=tree.district_a1).order_by("task__order"))
    acknowledge(st.district, assignment=district_rows[0], at=at(date(2023, 6, 7)))
    relay_many(
        st.district, assignments=district_rows, relay_document=district_letter(st), at=at(DISTRICT_DATE)
    )
    a1 = TaskAssignment.objects.get(unit=tree.cdcs_a1, task__order=1)
    acknowledge(st.chair_a1, assignment=a1, at=at(date(2023, 6, 20)))
    report_done(
        st.chair_a1, assignment=a1, note="Hội nghị quán triệt ngày 15/9/2023.", at=at(date(2023, 9, 15))
    )
    acknowledge(st.chair_a2, assignment=TaskAssignment.objects.get(unit=tree.cdcs_a2, task__order=1))
    return st


def _first(st, actor, on):
    return progress(actor, st.directive, on=on)[0]


def test_it_shows_who_acknowledged_relayed_and_did_the_task_and_who_is_late(s):
    t = _first(s, s.fed, on=date(2023, 10, 15))
    assert len(t.occurrences) == 1 and t.occurrences[0].due_date == DUE
    occ = t.occurrences[0]
    roots = {r.unit.pk: r for r in occ.roots}
    assert set(roots) == {s.tree.district_a1.pk, s.civil.pk}
    district = roots[s.tree.district_a1.pk]
    assert district.assignment.status == "relayed" and district.assignment.relay_document.symbol
    below = {r.unit.pk: r for r in district.children}
    assert below[s.tree.cdcs_a1.pk].assignment.status == "done" and not below[s.tree.cdcs_a1.pk].late
    assert below[s.tree.cdcs_a2.pk].assignment.status == "acknowledged" and below[s.tree.cdcs_a2.pk].late
    assert below[s.tree.guild.pk].assignment.status == "assigned" and below[s.tree.guild.pk].late
    assert roots[s.civil.pk].late
    assert (district.below.total, district.below.done, district.below.late) == (3, 1, 2)
    c = t.counts
    assert (c.total, c.assigned, c.acknowledged, c.relayed, c.done, c.late) == (5, 2, 1, 1, 1, 4)
    assert (t.direct.total, t.direct.relayed, t.direct.assigned, t.direct.late) == (2, 1, 1, 2)
    assert [r.depth for r in occ.rows].count(1) == 3


def test_it_is_not_late_before_the_due_date_nor_without_one(s):
    assert _first(s, s.fed, on=date(2023, 9, 1)).counts.late == 0
    second = progress(s.fed, s.directive, on=date(2030, 1, 1))[1]
    assert second.counts.total == 5 and second.counts.late == 0


def test_it_flags_a_task_done_after_its_due_date_as_late(s):
    a2 = TaskAssignment.objects.get(unit=s.tree.cdcs_a2, task__order=1)
    report_done(s.chair_a2, assignment=a2, note="Đã tổ chức.", at=at(date(2023, 10, 2)))
    rows = {r.unit.pk: r for r in _first(s, s.fed, on=date(2023, 10, 15)).occurrences[0].rows}
    assert rows[s.tree.cdcs_a2.pk].assignment.status == "done" and rows[s.tree.cdcs_a2.pk].late
    assert not rows[s.tree.cdcs_a1.pk].late
    late_ids = set(
        unit_assignments(s.chair_a2, unit_id=s.tree.cdcs_a2.pk, status="late", on=date(2023, 10, 15))
    )
    assert a2 in late_ids


def test_it_reads_progress_in_two_queries(s, django_assert_num_queries):
    with django_assert_num_queries(2):
        result = progress(s.fed, s.directive, on=date(2023, 10, 15))
    assert sum(t.counts.total for t in result) == 25


def test_it_shows_each_level_its_own_subtree(s):
    district_view = _first(s, s.district, on=date(2023, 10, 15))
    assert [r.unit.pk for r in district_view.occurrences[0].roots] == [s.tree.district_a1.pk]
    assert district_view.counts.total == 4
    chair_view = _first(s, s.chair_a1, on=date(2023, 10, 15))
    assert [r.unit.pk for r in chair_view.occurrences[0].roots] == [s.tree.cdcs_a1.pk]


def test_it_hides_federation_a_directives_from_province_b(s):
    b = actor_for(s.tree.fed_b, Role.FEDERATION_STAFF)
    assert not Directive.objects.visible_to(b).exists()
    assert not TaskAssignment.objects.visible_to(b).exists()
    with pytest.raises(Http404):
        get_directive(b, s.directive.pk)
    assert get_directive(s.chair_a1, s.directive.pk) == s.directive


def test_it_lists_the_open_tasks_of_a_unit_by_due_date(s):
    mine = tasks_for_unit(s.chair_a1, on=date(2024, 1, 10))
    assert mine.open_count == 4 and mine.late_count == 1
    assert [a.task.order for a in mine.items][0] == 3  # the dated one first, then the undated ones
    assert all(a.status != "done" for a in mine.items)
    everything = list(unit_assignments(s.chair_a1, unit_id=s.tree.cdcs_a1.pk, on=date(2024, 1, 10)))
    assert everything[-1].task.order == 1 and everything[-1].status == "done"  # done last
    assert tasks_for_unit(actor_for(s.tree.fed_b, Role.FEDERATION_STAFF), s.tree.cdcs_a1.pk).open_count == 0
