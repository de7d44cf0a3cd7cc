"""The acceptance rules of issue #12 (core): the seed 004 schedule as data and its coverage, lower units
only add to a schedule, a shared event counts once for the common parent, QR check-in refusals."""

from datetime import date
from unittest import mock

import pytest

from accounts.models import Role
from accounts.scoping import SYSTEM, NotPermitted
from indicators import engine, registry
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for
from study import selectors, services
from study.models import (
    Attendance,
    AttendanceMode,
    AttendanceSource,
    AttendanceStatus,
    EventKind,
    ScheduleEntry,
)

from .conftest import member_actor

MAY = date(2024, 5, 10)


def _event(unit, items, *, on=MAY, co_hosts=(), kind=EventKind.PERIODIC, **kw):
    return services.record_event(
        SYSTEM, unit=unit, kind=kind, title="Sinh hoạt định kỳ quý II", held_on=on, co_hosts=co_hosts,
        topic=items[0].topic if items else None, items=items, **kw,
    )  # fmt: skip


def test_the_seed_004_schedule_is_data(tree, study):
    rows = ScheduleEntry.objects.filter(schedule__unit=tree.fed_a, schedule__year=2024)
    by_quarter = {}
    for e in rows.select_related("item"):
        by_quarter.setdefault(e.quarter, []).append(e.item.number if e.item else "review")
    assert {q: sorted(v, key=str) for q, v in by_quarter.items()} == {
        1: [1, 4],
        2: [2, 4],
        3: [3, 4],
        4: ["review"],
    }
    # The federation's schedule applies to a grassroots union below it.
    applying = selectors.applying_entries(tree.cdcs_a1.pk, 2024, 2, on=MAY)
    assert sorted(e.item.number for e in applying) == [2, 4]


def test_coverage_for_q2_2024_lists_the_units_that_have_not_studied_item_2(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2), study.item(4)])
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    _event(tree.cdcs_a2, [study.item(4)])  # a2 met but left item (2) out

    cov = selectors.coverage(SYSTEM, tree.fed_a, 2024, 2)

    missing = {r.unit.code for r in cov.missing(study.item(2))}
    assert missing == {"CDCS-A2", "ND-A"}  # the guild recorded nothing at all
    assert cov.rows[0].unit.code == "ND-A" and cov.rows[0].nothing_recorded  # nothing recorded first
    a1 = next(r for r in cov.rows if r.unit.code == "CDCS-A1")
    assert a1.missing == [] and a1.reached == 1 and a1.share == 100.0
    assert [i.number for i in cov.scheduled] == [2, 4]
    assert cov.reached == 1 and cov.members == 2  # a1 and a2 have one member each
    assert [r.unit.code for r in cov.lagging] == ["ND-A"]


def test_each_member_is_reached_once_in_a_quarter(tree, study):
    for on in (date(2024, 4, 5), date(2024, 6, 5)):
        event = _event(tree.cdcs_a1, [study.item(2)], on=on)
        services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    cov = selectors.coverage(SYSTEM, tree.cdcs_a1, 2024, 2)
    assert cov.reached == 1 and cov.rows[0].events == 2


def test_excused_and_absent_members_are_not_reached(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.EXCUSED})
    assert selectors.coverage(SYSTEM, tree.cdcs_a1, 2024, 2).reached == 0


def test_a_lower_unit_cannot_drop_an_item_of_the_upper_schedule(tree, study):
    district = actor_for(tree.district_a1, Role.UPPER_OFFICER)
    with pytest.raises(ServiceError, match=r"Không thể bỏ nội dung \(2\) khỏi Quý 2"):
        services.set_schedule(district, unit=tree.district_a1, topic=study.topic, year=2024,
                              quarters={1: [1, 4], 2: [4], 3: [3, 4]})  # fmt: skip
    assert not ScheduleEntry.objects.filter(schedule__unit=tree.district_a1).exists()


def test_a_lower_unit_may_add_items(tree, study):
    district = actor_for(tree.district_a1, Role.UPPER_OFFICER)
    services.set_schedule(district, unit=tree.district_a1, topic=study.topic, year=2024,
                          quarters={1: [1, 4], 2: [1, 2, 4], 3: [3, 4]})  # fmt: skip
    applying = selectors.applying_entries(tree.cdcs_a1.pk, 2024, 2, on=MAY)
    assert sorted({e.item.number for e in applying}) == [1, 2, 4]
    cov = selectors.coverage(SYSTEM, tree.fed_a, 2024, 2)
    assert [i.number for i in next(r for r in cov.rows if r.unit.code == "CDCS-A1").scheduled] == [1, 2, 4]


def test_a_lower_unit_cannot_change_the_upper_schedule(tree, study):
    district = actor_for(tree.district_a1, Role.UPPER_OFFICER)
    with pytest.raises(NotPermitted):
        services.set_schedule(district, unit=tree.fed_a, topic=study.topic, year=2024, quarters={2: [4]})


def _count(code, unit, start=date(2024, 1, 1), end=date(2025, 1, 1)):
    ind = registry.get(code)
    return engine.compute(SYSTEM, ind, unit.pk, engine.window_for(start, end)).value


def test_an_event_shared_by_two_units_counts_once_for_their_parent_and_once_for_each(tree, study):
    _event(tree.cdcs_a1, [study.item(2)], co_hosts=[tree.cdcs_a2], kind=EventKind.CONFERENCE)
    assert _count("study_events", tree.cdcs_a1)["total"] == 1
    assert _count("study_events", tree.cdcs_a2)["total"] == 1
    assert _count("study_events", tree.district_a1)["total"] == 1
    assert _count("study_events", tree.fed_a) == {
        "conference": 1,
        "thematic": 0,
        "periodic": 0,
        "seminar": 0,
        "forum": 0,
        "total": 1,
    }
    ind = registry.get("study_events")
    children = engine.by_child(
        SYSTEM, ind, tree.district_a1.pk, engine.window_for(date(2024, 1, 1), date(2025, 1, 1))
    )
    assert children[tree.cdcs_a1.pk]["total"] == 1 and children[tree.cdcs_a2.pk]["total"] == 1


def test_participants_add_ticked_members_and_head_counts(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)], head_counts={tree.cdcs_a1.pk: (0, 7)})
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    counted = _event(tree.cdcs_a2, [], mode=AttendanceMode.COUNTS, head_counts={tree.cdcs_a2.pk: (30, 5)})
    assert counted.hosts.get().participants == 35
    assert _count("study_participants", tree.district_a1) == 1 + 7 + 35
    assert _count("study_members_reached", tree.district_a1) == 1


def test_a_correction_is_audited_with_before_and_after(tree, study):
    from audit.models import AuditEvent

    event = _event(tree.cdcs_a1, [study.item(2)])
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.ABSENT})
    services.set_attendance(
        SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT}, correction=True
    )
    last = AuditEvent.objects.filter(model="study.attendance").order_by("-id").first()
    assert last.before == {"status": "absent"} and last.after["status"] == "present"
    assert Attendance.objects.get().source == AttendanceSource.CORRECTION


def test_only_members_of_the_host_units_are_ticked(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    with pytest.raises(ServiceError, match="Chỉ điểm danh đoàn viên"):
        services.set_attendance(SYSTEM, event=event, marks={tree.member_a2.pk: AttendanceStatus.PRESENT})


# ---------------------------------------------------------------- QR check-in


def test_a_member_of_the_union_checks_in_on_the_day(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    code = selectors.check_in_code(event)
    row = services.check_in(member_actor(tree.cdcs_a1, tree.member_a1), code=code, on=MAY)
    assert (row.status, row.source, row.unit_id) == ("present", "qr", tree.cdcs_a1.pk)
    assert event.hosts.get().participants == 1


def test_the_check_in_refuses_another_units_member(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    code = selectors.check_in_code(event)
    with pytest.raises(NotPermitted, match="không phải đoàn viên của công đoàn tổ chức"):
        services.check_in(member_actor(tree.cdcs_a2, tree.member_a2), code=code, on=MAY)
    assert not Attendance.objects.exists()


def test_the_check_in_refuses_an_expired_code(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    code = selectors.check_in_code(event)
    with pytest.raises(ServiceError, match="Mã điểm danh đã hết hạn"):
        services.check_in(member_actor(tree.cdcs_a1, tree.member_a1), code=code, on=date(2024, 5, 11))
    assert not Attendance.objects.exists()


def test_the_printed_code_stays_the_same_from_one_second_to_the_next(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    with mock.patch("django.core.signing.time.time", return_value=1_700_000_000):
        first = selectors.check_in_code(event)
    with mock.patch("django.core.signing.time.time", return_value=1_700_003_600):
        assert selectors.check_in_code(event) == first


def test_the_check_in_refuses_a_forged_code(tree, study):
    _event(tree.cdcs_a1, [study.item(2)])
    with pytest.raises(ServiceError, match="không hợp lệ"):
        services.check_in(member_actor(tree.cdcs_a1, tree.member_a1), code="abc:def", on=MAY)


def test_a_deleted_event_stops_counting(tree, study):
    event = _event(tree.cdcs_a1, [study.item(2)])
    services.delete_event(SYSTEM, event=event, reason="Ghi nhầm")
    assert _count("study_events", tree.fed_a)["total"] == 0
    assert selectors.coverage(SYSTEM, tree.cdcs_a1, 2024, 2).rows[0].nothing_recorded


def test_a_member_reached_in_two_years_counts_once_for_the_period(tree, study):
    for on in (date(2023, 5, 10), date(2024, 5, 10)):
        event = _event(tree.cdcs_a1, [], on=on)
        services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    figure = engine.compute(SYSTEM, registry.get("study_members_reached"), tree.fed_a.pk,
                            engine.window_for(date(2023, 1, 1), date(2025, 1, 1)))  # fmt: skip
    assert figure.value == 1 and figure.by_year == {2023: 1, 2024: 1}


def test_coverage_makes_as_many_queries_for_more_units(tree, study):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lamtheo.testing import unit as make_unit
    from org.models import UnitKind

    _event(tree.cdcs_a1, [study.item(2)])
    with CaptureQueriesContext(connection) as before:
        selectors.coverage(SYSTEM, tree.fed_a, 2024, 2)
    for i in range(5):
        u = make_unit(f"CDCS-Y{i}", f"Công đoàn Y{i}", UnitKind.GRASSROOTS, tree.district_a1)
        _event(u, [study.item(2), study.item(4)])
    with CaptureQueriesContext(connection) as after:
        cov = selectors.coverage(SYSTEM, tree.fed_a, 2024, 2)
    assert len(after) == len(before) and len(cov.rows) == 8
