"""The study figures from summary rows (indicators.summary): distinct counts (members reached, events held
by several units) from DistinctRow, sums and plain counts from SummaryRow, with known answers.

`from_rows()` makes the engine's direct path (engine.records) fail, so a test under it shows that the
figure came from the rows; `direct()` makes the engine count the records, for the same question. Run on
PostgreSQL too: `bash scripts/with_postgres.sh .venv/bin/pytest -n 0 -q study/tests/test_indicator_summaries.py`.
"""

import contextlib
from datetime import date
from unittest import mock

import pytest

from accounts.scoping import SYSTEM
from indicators import engine, registry, summary
from indicators.models import DistinctRow, SummaryState
from org.services import move_unit
from study import services
from study.models import AttendanceStatus, EventKind

PRESENT = AttendanceStatus.PRESENT


def _event(unit, on, *, co_hosts=(), kind=EventKind.PERIODIC, members=()):
    event = services.record_event(
        SYSTEM, unit=unit, kind=kind, title="Sinh hoạt chuyên đề", held_on=on, co_hosts=co_hosts
    )
    if members:
        services.set_attendance(SYSTEM, event=event, marks={m.pk: PRESENT for m in members})
    return event


@contextlib.contextmanager
def from_rows():
    with mock.patch.object(engine, "records", side_effect=AssertionError("counted from the records")):
        yield


@contextlib.contextmanager
def direct():
    with mock.patch.object(engine, "_summarised", lambda ind: False):
        yield


def _ind(code):
    return registry.get(code)


def _w(start, end):
    return engine.window_for(start, end)


def _figure(code, unit, window):
    fig = engine.compute(SYSTEM, _ind(code), unit.pk, window)
    return engine.total_of(fig.value), {y: engine.total_of(v) for y, v in fig.by_year.items()}


def _children(code, unit, window):
    out = engine.by_child(SYSTEM, _ind(code), unit.pk, window)
    return {k: engine.total_of(v) for k, v in out.items() if engine.total_of(v)}


def _quarters(code, unit, window):
    out = engine.by_quarter(SYSTEM, _ind(code), unit.pk, window)
    return {k: engine.total_of(v) for k, v in out.items() if engine.total_of(v)}


@pytest.fixture
def built(db):
    def build():
        summary.rebuild()
        assert SummaryState.objects.filter(code="study_members_reached").exists()

    return build


def test_every_study_count_opts_in_to_summary_rows():
    codes = {i.code for i in summary.summarised()}
    assert {
        "study_members_reached",
        "study_events",
        "contests",
        "study_participants",
        "outreach_items",
        "outreach_programs",
        "training_courses",
    } <= codes


def test_a_member_reached_in_two_quarters_and_two_years_counts_once_for_the_period(tree, built):
    _event(tree.cdcs_a1, date(2024, 2, 5), members=[tree.member_a1])
    _event(tree.cdcs_a1, date(2024, 8, 5), members=[tree.member_a1])
    _event(
        tree.cdcs_a1,
        date(2025, 5, 5),
        members=[
            tree.member_a1,
        ],
    )
    _event(tree.cdcs_a2, date(2025, 5, 6), members=[tree.member_a2])
    built()
    assert DistinctRow.objects.filter(code="study_members_reached").count() == 2  # one row per member here
    window = _w(date(2024, 1, 1), date(2026, 1, 1))
    with from_rows():
        assert _figure("study_members_reached", tree.fed_a, window) == (2, {2024: 1, 2025: 2})
        assert _quarters("study_members_reached", tree.fed_a, window) == {
            (2024, 1): 1,
            (2024, 3): 1,
            (2025, 2): 2,
        }
        assert _children("study_members_reached", tree.root, window) == {tree.fed_a.pk: 2}
        assert _children("study_members_reached", tree.district_a1, window) == {
            tree.cdcs_a1.pk: 1,
            tree.cdcs_a2.pk: 1,
        }
        assert _figure("study_members_reached", tree.fed_b, window) == (0, {2024: 0, 2025: 0})
        # lượt: one per attendance (the participants kept on each host row), from the per-day rows
        assert _figure("study_participants", tree.fed_a, window) == (4, {2024: 2, 2025: 2})


def test_writes_after_the_build_keep_the_rows_exact(tree, built):
    built()
    event = _event(tree.cdcs_a1, date(2024, 2, 5), members=[tree.member_a1])
    window = _w(date(2024, 1, 1), date(2025, 1, 1))
    with from_rows():
        assert _figure("study_members_reached", tree.fed_a, window)[0] == 1
        assert _figure("study_events", tree.fed_a, window)[0] == 1
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.ABSENT})
    with from_rows():
        assert _figure("study_members_reached", tree.fed_a, window)[0] == 0
    services.update_event(SYSTEM, event=event, title="Sinh hoạt chuyên đề", held_on=date(2025, 1, 3))
    with from_rows():
        assert _figure("study_events", tree.fed_a, window)[0] == 0
    services.delete_event(SYSTEM, event=event)
    with from_rows():
        assert _figure("study_events", tree.fed_a, _w(date(2025, 1, 1), date(2026, 1, 1)))[0] == 0
    services.create_outreach_item(
        SYSTEM, unit=tree.cdcs_a1, channel="website", on=date(2024, 3, 1), title="Tin"
    )
    services.create_training_course(
        SYSTEM, unit=tree.cdcs_a1, title="Lớp tập huấn", on=date(2024, 3, 1), ends_on=date(2024, 3, 2)
    )
    with from_rows():
        assert _figure("outreach_items", tree.fed_a, window)[0] == 1
        assert _figure("training_courses", tree.fed_a, window)[0] == 1
    for ind in summary.summarised():
        assert summary.diff(ind) == [], ind.code


def test_an_event_shared_by_two_units_counts_once_for_the_common_parent_and_once_for_each_host(tree, built):
    _event(tree.cdcs_a1, date(2024, 5, 10), co_hosts=[tree.cdcs_a2], kind=EventKind.CONFERENCE)
    _event(tree.cdcs_a1, date(2024, 6, 10), co_hosts=[tree.cdcs_b1], kind=EventKind.CONTEST)
    built()
    window = _w(date(2024, 1, 1), date(2025, 1, 1))
    with from_rows():
        assert _figure("study_events", tree.district_a1, window)[0] == 1
        assert _figure("study_events", tree.cdcs_a1, window)[0] == 1
        assert _figure("study_events", tree.cdcs_a2, window)[0] == 1
        assert _children("study_events", tree.district_a1, window) == {tree.cdcs_a1.pk: 1, tree.cdcs_a2.pk: 1}
        parts = engine.compute(SYSTEM, _ind("study_events"), tree.fed_a.pk, window).value
        assert parts["conference"] == 1 and parts["total"] == 1
        assert _figure("contests", tree.root, window)[0] == 1  # the common ancestor of a1 and b1
        assert _children("contests", tree.root, window) == {tree.fed_a.pk: 1, tree.fed_b.pk: 1}


def test_a_unit_moved_mid_quarter_counts_its_records_for_the_parent_of_their_day(tree, built):
    """Rows built before the move: the move (org.closure.rebuild) splits them at the move's day."""
    _event(tree.cdcs_a1, date(2024, 2, 1), members=[tree.member_a1])  # under federation A
    _event(tree.cdcs_a1, date(2024, 3, 1), members=[tree.member_a1])  # under federation B by then
    _event(tree.cdcs_a1, date(2024, 11, 1), members=[tree.member_a1])
    built()
    move_unit(SYSTEM, unit=tree.cdcs_a1, new_parent=tree.fed_b, on=date(2024, 2, 15))
    q1 = _w(date(2024, 1, 1), date(2024, 4, 1))
    year = _w(date(2024, 1, 1), date(2025, 1, 1))
    with from_rows():
        assert _figure("study_members_reached", tree.fed_a, q1)[0] == 1
        assert _figure("study_members_reached", tree.fed_b, q1)[0] == 1
        assert _figure("study_members_reached", tree.root, q1)[0] == 1  # the same member, once
        assert _children("study_members_reached", tree.root, q1) == {tree.fed_a.pk: 1, tree.fed_b.pk: 1}
        assert _quarters("study_members_reached", tree.fed_a, year) == {(2024, 1): 1}
        assert _quarters("study_members_reached", tree.fed_b, year) == {(2024, 1): 1, (2024, 4): 1}
        assert _figure("study_events", tree.fed_a, year)[0] == 1
        assert _figure("study_events", tree.fed_b, year)[0] == 2
    # and mid-year: moved back on 1 July, the November event counts for federation A again
    move_unit(SYSTEM, unit=tree.cdcs_a1, new_parent=tree.district_a1, on=date(2024, 7, 1))
    with from_rows():
        assert _quarters("study_members_reached", tree.fed_a, year) == {(2024, 1): 1, (2024, 4): 1}
        assert _quarters("study_members_reached", tree.fed_b, year) == {(2024, 1): 1}
        assert _figure("study_members_reached", tree.fed_a, year)[0] == 1
    for ind in summary.summarised():
        assert summary.diff(ind) == [], ind.code


def test_a_window_not_of_whole_quarters_is_counted_from_the_records(tree, built):
    _event(tree.cdcs_a1, date(2024, 2, 1), members=[tree.member_a1])
    _event(tree.cdcs_a2, date(2024, 5, 20), members=[tree.member_a2])
    built()
    window = _w(date(2024, 1, 15), date(2024, 5, 31))
    with mock.patch.object(engine, "records", wraps=engine.records) as spy:
        assert _figure("study_members_reached", tree.fed_a, window) == (2, {2024: 2})
        assert spy.called
    with direct():
        assert _figure("study_members_reached", tree.fed_a, window) == (2, {2024: 2})
    with mock.patch.object(engine, "records", wraps=engine.records) as spy:  # before the mask's first quarter
        assert _figure("study_members_reached", tree.fed_a, _w(date(2015, 1, 1), date(2025, 1, 1)))[0] == 2
        assert spy.called


def test_a_window_of_whole_quarters_reads_the_rows_and_equals_the_records(tree, built):
    for i, day in enumerate([date(2024, 1, 1), date(2024, 3, 31), date(2024, 4, 1), date(2025, 12, 31)]):
        member = [tree.member_a1, tree.member_a2][i % 2]
        _event(member.unit, day, members=[member], co_hosts=[tree.cdcs_a1, tree.cdcs_a2])
    built()
    for window in [_w(date(2024, 1, 1), date(2024, 4, 1)), _w(date(2024, 4, 1), date(2026, 1, 1))]:
        for code in ("study_members_reached", "study_events", "study_participants"):
            for unit in (tree.root, tree.fed_a, tree.district_a1, tree.cdcs_a2):
                with from_rows():
                    fast = (
                        _figure(code, unit, window),
                        _children(code, unit, window),
                        _quarters(code, unit, window),
                    )
                with direct():
                    slow = (
                        _figure(code, unit, window),
                        _children(code, unit, window),
                        _quarters(code, unit, window),
                    )
                assert fast == slow, (code, unit.code, window)


def test_check_indicators_reports_a_distinct_row_that_differs_from_the_records(tree, built):
    import io

    from django.core.management import call_command

    _event(tree.cdcs_a1, date(2024, 2, 5), members=[tree.member_a1])
    built()
    out = io.StringIO()
    call_command("check_indicators", "--code", "study_members_reached", stdout=out)
    assert "khớp" in out.getvalue()
    DistinctRow.objects.filter(code="study_members_reached").update(mask=1 << 40)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("check_indicators", "--code", "study_members_reached", stdout=out, stderr=io.StringIO())
    assert f"giá trị {tree.member_a1.pk}" in out.getvalue()
    assert "05/02/2024" in out.getvalue()
