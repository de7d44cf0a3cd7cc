"""The engine on lamtheo.testing's small tree, with known answers, including a unit that changed parent.

CĐCS A2 (province A, district A1) moves under province B on 1/7/2024: its records dated before the move
count for district A1 and province A, those from the move on for province B.
"""

from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.scoping import SYSTEM
from directives.models import AssignmentStatus, Directive, DirectiveTask, TaskAssignment
from documents.models import Direction, Document, Status
from indicators import engine, registry
from lamtheo.testing import actor_for, build_small_tree
from lamtheo.testing import unit as make_unit
from members.services import create_member
from org.models import Sector, UnitKind
from org.services import move_unit

pytestmark = pytest.mark.django_db
MOVE = date(2024, 7, 1)
Y2024 = engine.window_for(date(2024, 1, 1), date(2025, 1, 1))


@pytest.fixture
def tree():
    t = build_small_tree()
    move_unit(SYSTEM, unit=t.cdcs_a2, new_parent=t.fed_b, on=MOVE)
    return t


def doc(issuer, on: date, kind: str = "ke_hoach", status: str = Status.ISSUED) -> Document:
    return Document.objects.create(
        kind=kind, direction=Direction.OUTGOING, status=status, issuer_unit=issuer, owner_unit=issuer, date=on
    )


def compute(code: str, unit, window=Y2024, actor=SYSTEM):
    return engine.compute(actor, registry.get(code), unit.pk, window)


def test_a_record_counts_for_the_parent_of_its_date(tree):
    before, after = doc(tree.cdcs_a2, date(2024, 3, 1)), doc(tree.cdcs_a2, date(2024, 9, 1))
    doc(tree.cdcs_a2, date(2024, 9, 2), status=Status.DRAFT)  # a draft is not issued
    doc(tree.cdcs_a2, date(2024, 9, 3), kind="bao_cao")  # a report directs nobody
    assert compute("plans_issued", tree.district_a1).value["total"] == 1
    assert compute("plans_issued", tree.fed_a).value["total"] == 1
    assert compute("plans_issued", tree.fed_b).value["total"] == 1
    assert compute("plans_issued", tree.root).value["total"] == 2
    ind = registry.get("plans_issued")
    assert list(engine.records(SYSTEM, ind, tree.fed_a.pk, Y2024)) == [before]
    assert list(engine.records(SYSTEM, ind, tree.fed_b.pk, Y2024)) == [after]


def test_by_year_and_by_child(tree):
    doc(tree.cdcs_a1, date(2023, 5, 1))
    doc(tree.cdcs_a1, date(2024, 5, 1), kind="huong_dan")
    doc(tree.cdcs_a2, date(2024, 3, 1))
    doc(tree.district_a1, date(2024, 4, 1))
    window = engine.window_for(date(2023, 1, 1), date(2025, 1, 1))
    figure = compute("plans_issued", tree.district_a1, window)
    assert figure.value["total"] == 4
    assert figure.by_year[2023]["total"] == 1 and figure.by_year[2024]["total"] == 3
    assert figure.by_year[2024]["huong_dan"] == 1
    children = engine.by_child(SYSTEM, registry.get("plans_issued"), tree.district_a1.pk, window)
    totals = {k: engine.total_of(v) for k, v in children.items()}
    # CĐCS A2 ended its link during the period: still listed, with what it did while it was here.
    assert totals == {tree.cdcs_a1.pk: 2, tree.cdcs_a2.pk: 1, tree.guild.pk: 0, None: 1}


def test_state_indicators_count_the_tree_of_the_day(tree):
    units_b = compute("units_grassroots_by_sector", tree.fed_b).value
    assert units_b["total"] == 2 and units_b[Sector.NON_STATE_ENTERPRISE] == 1
    units_a = compute("units_grassroots_by_sector", tree.fed_a).value
    assert (units_a["total"], units_a[Sector.PUBLIC_SERVICE_UNIT], units_a[Sector.GUILD]) == (2, 1, 1)
    first_half = engine.window_for(date(2024, 1, 1), date(2024, 7, 1))
    assert compute("units_grassroots_by_sector", tree.fed_a, first_half).value["total"] == 3
    assert compute("members_by_sector", tree.fed_b).value == {
        **{code: 0 for code, _ in registry.get("members_by_sector").parts},
        Sector.PUBLIC_SERVICE_UNIT: 1,
        Sector.NON_STATE_ENTERPRISE: 1,
        "total": 2,
    }
    assert compute("members_by_sector", tree.district_a1, first_half).value["total"] == 2
    multi = compute(
        "members_by_sector", tree.district_a1, engine.window_for(date(2023, 1, 1), date(2025, 1, 1))
    )
    assert multi.by_year[2023]["total"] == 2 and multi.by_year[2024]["total"] == 1


def test_directive_tasks(tree):
    d = Directive.objects.create(document=doc(tree.fed_a, date(2024, 1, 5)), issuer_unit=tree.fed_a)
    task = DirectiveTask.objects.create(directive=d, order=1, text="Báo cáo")
    aware = lambda y, m, dd: timezone.make_aware(datetime(y, m, dd, 9))  # noqa: E731
    done_late = TaskAssignment.objects.create(
        task=task, unit=tree.cdcs_a1, due_date=date(2024, 5, 1), status=AssignmentStatus.DONE,
        acknowledged_at=aware(2024, 2, 1), done_at=aware(2024, 5, 10),
    )  # fmt: skip
    open_late = TaskAssignment.objects.create(task=task, unit=tree.cdcs_a2, due_date=date(2024, 6, 1))
    on_time = TaskAssignment.objects.create(
        task=task,
        unit=tree.guild,
        due_date=date(2024, 8, 1),
        status=AssignmentStatus.DONE,
        done_at=aware(2024, 7, 1),
    )
    TaskAssignment.objects.filter(pk__in=[done_late.pk, open_late.pk, on_time.pk]).update(
        created_at=aware(2024, 1, 6)
    )
    assert compute("tasks_assigned", tree.fed_a).value == 3
    assert compute("tasks_acknowledged", tree.fed_a).value == 1
    assert compute("tasks_done", tree.fed_a).value == 2
    assert compute("tasks_late", tree.fed_a).value == 2
    # CĐCS A2's open task fell due before its move: it stays province A's late task.
    assert compute("tasks_late", tree.fed_b).value == 0
    late = engine.records(SYSTEM, registry.get("tasks_late"), tree.fed_a.pk, Y2024)
    assert set(late) == {done_late, open_late}


def test_scoping(tree):
    actor_b = actor_for(tree.fed_b)
    with pytest.raises(engine.IndicatorError):
        compute("members_by_sector", tree.district_a1, actor=actor_b)
    with pytest.raises(engine.IndicatorError):
        compute("members_by_sector", tree.root, actor=actor_b)
    assert compute("members_by_sector", tree.fed_b, actor=actor_b).value["total"] == 2


def queries_for(unit) -> int:
    with CaptureQueriesContext(connection) as ctx:
        for ind in registry.all_indicators():
            engine.compute(SYSTEM, ind, unit.pk, Y2024)
            if ind.kind is not registry.Kind.RATE:  # a rate has no breakdown by child yet
                engine.by_child(SYSTEM, ind, unit.pk, Y2024)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_units(tree):
    first = queries_for(tree.fed_a)
    for i in range(6):
        u = make_unit(
            f"CDCS-X{i}", f"Công đoàn X{i}", UnitKind.GRASSROOTS, tree.district_a1, sector=Sector.GUILD
        )
        create_member(SYSTEM, unit=u, full_name=f"Nguyễn Văn X{i}", data={}, on=date(2020, 1, 1))
        doc(u, date(2024, 2, 1))
    assert queries_for(tree.fed_a) == first


def test_a_period_longer_than_ten_years_is_refused():
    from datetime import date as day

    from indicators.engine import IndicatorError, window_for

    assert window_for(day(2021, 1, 1), day(2031, 1, 1)).end == day(2031, 1, 1)  # ten years: allowed
    with pytest.raises(IndicatorError, match="dài nhất 10 năm"):
        window_for(day(2000, 1, 1), day(2101, 1, 1))
