from datetime import date

import pytest

from accounts.models import Role
from audit.models import AuditEvent
from directives.models import AssignmentStatus, Directive, DirectiveTask, TaskAssignment
from directives.services import NotAllowed, assign_from_document
from directives.suggest import suggest_from_document
from documents.fields import Task
from documents.kinds import DocumentKind
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for

from .helpers import FED_DATE, SEED_000_ITEMS, federation_letter, issue


def test_it_addresses_the_five_tasks_to_the_direct_children(tree):
    civil, fed, doc = federation_letter(tree)
    directive = assign_from_document(fed, document=doc, tasks=suggest_from_document(doc))

    tasks = list(DirectiveTask.objects.filter(directive=directive))
    assert [t.order for t in tasks] == [1, 2, 3, 4, 5]
    assert tasks[0].text == SEED_000_ITEMS[0]
    rows = TaskAssignment.objects.filter(task__directive=directive)
    assert rows.count() == 10
    assert set(rows.values_list("unit_id", flat=True)) == {tree.district_a1.pk, civil.pk}
    assert set(rows.values_list("status", flat=True)) == {AssignmentStatus.ASSIGNED}
    assert directive.issuer_unit == tree.fed_a
    events = AuditEvent.objects.filter(model="directives.taskassignment", action="create")
    assert events.count() == 10


def test_it_addresses_an_explicit_list_of_units_of_the_subtree(tree):
    _civil, fed, doc = federation_letter(tree)
    directive = assign_from_document(
        fed,
        document=doc,
        tasks=[{"text": "Báo cáo", "deadline": "30/09/2023"}],
        units=[tree.cdcs_a1, tree.guild],
    )
    rows = TaskAssignment.objects.filter(task__directive=directive)
    assert sorted(rows.values_list("unit_id", "due_date")) == sorted(
        [(tree.cdcs_a1.pk, date(2023, 9, 30)), (tree.guild.pk, date(2023, 9, 30))]
    )


def test_it_expands_the_seed_003_task_into_one_assignment_a_year(tree):
    _civil, fed, _doc = federation_letter(tree)
    plan = issue(fed, tree.fed_a, subject="Kế hoạch thực hiện Kết luận số 01-KL/TW, giai đoạn 2021 -2025",
                 on=date(2021, 9, 20), kind=DocumentKind.KE_HOACH, items=["Cụ thể hóa thành kế hoạch."])  # fmt: skip
    task = Task(text="Cụ thể hóa thành kế hoạch học tập và làm theo Bác giai đoạn 2021-2025 và từng năm.",
                recurrence="yearly", schedule={"2021": "2021-09-30", "other": "Q1"})  # fmt: skip
    half = {"text": "Báo cáo trong báo cáo 6 tháng và năm.", "recurrence": "half_yearly", "period_start": 2024,
            "period_end": 2024}  # fmt: skip
    directive = assign_from_document(fed, document=plan, tasks=[task, half], units=[tree.district_a1])

    first, second = DirectiveTask.objects.filter(directive=directive)
    assert (first.period_start, first.period_end) == (2021, 2025)  # from "giai đoạn 2021 -2025"
    assert list(first.assignments.values_list("due_date", flat=True)) == [
        date(2021, 9, 30), date(2022, 3, 31), date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31),
    ]  # fmt: skip
    assert list(second.assignments.values_list("due_date", flat=True)) == [
        date(2024, 6, 30),
        date(2024, 12, 31),
    ]


def test_it_refuses_drafts_reports_and_a_second_assignment(tree):
    _civil, fed, doc = federation_letter(tree)
    draft = issue(fed, tree.fed_a, subject="Dự thảo", on=FED_DATE, items=["Việc 1"], issued=False)
    with pytest.raises(ServiceError, match="đã ban hành"):
        assign_from_document(fed, document=draft, tasks=[{"text": "Việc 1"}])
    report = issue(
        fed, tree.fed_a, subject="Báo cáo", on=FED_DATE, kind=DocumentKind.BAO_CAO, items=["Kết quả"]
    )
    with pytest.raises(ServiceError, match="không phải loại văn bản chỉ đạo"):
        assign_from_document(fed, document=report, tasks=[{"text": "Việc 1"}])
    assign_from_document(fed, document=doc, tasks=[{"text": "Việc 1"}])
    with pytest.raises(ServiceError, match="đã được giao nhiệm vụ"):
        assign_from_document(fed, document=doc, tasks=[{"text": "Việc 2"}])
    assert Directive.objects.count() == 1


def test_it_refuses_units_outside_the_issuer_subtree_and_empty_task_lists(tree):
    _civil, fed, doc = federation_letter(tree)
    with pytest.raises(ServiceError, match="Chỉ giao nhiệm vụ cho đơn vị trực thuộc"):
        assign_from_document(fed, document=doc, tasks=[{"text": "Việc 1"}], units=[tree.cdcs_b1])
    with pytest.raises(ServiceError, match="ít nhất một nhiệm vụ"):
        assign_from_document(fed, document=doc, tasks=[])
    with pytest.raises(ServiceError, match="dd/mm/yyyy"):
        assign_from_document(fed, document=doc, tasks=[{"text": "Việc 1", "deadline": "31/02/2023"}])
    assert not Directive.objects.exists()


def test_it_lets_only_officers_of_the_issuer_or_above_assign(tree):
    _civil, _fed, doc = federation_letter(tree)
    for actor in (
        actor_for(tree.fed_b, Role.FEDERATION_STAFF),
        actor_for(tree.district_a1, Role.UPPER_OFFICER),
        actor_for(tree.fed_a, Role.MEMBER),
        actor_for(tree.fed_a, Role.INSPECTOR),
    ):
        with pytest.raises(NotAllowed):
            assign_from_document(actor, document=doc, tasks=[{"text": "Việc 1"}])
    national = actor_for(tree.root, Role.NATIONAL_STAFF)
    assert assign_from_document(national, document=doc, tasks=[{"text": "Việc 1"}]).pk
