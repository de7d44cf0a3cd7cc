"""Coverage's members reached is the engine's figure study_members_reached for the quarter (never a second
way), whether the engine answers from its distinct summary rows or from the records; the per-union counts
and the members per union (members_by_sector's snapshots) are the same both ways."""

from datetime import date

import pytest

from accounts.scoping import SYSTEM
from indicators import engine, registry, summary
from indicators.models import SummaryState
from study import selectors, services
from study.models import AttendanceStatus, EventKind

Q2 = (date(2024, 4, 1), date(2024, 7, 1))


def _event(unit, items, on):
    return services.record_event(
        SYSTEM, unit=unit, kind=EventKind.PERIODIC, title="Sinh hoạt định kỳ", held_on=on,
        topic=items[0].topic, items=items,
    )  # fmt: skip


def _engine_reached(unit):
    ind = registry.get("study_members_reached")
    return engine.total_of(engine.compute(SYSTEM, ind, unit.pk, engine.window_for(*Q2)).value)


@pytest.fixture
def reached(tree, study):
    """a1's member at two events of Q2 (reached once), a2's member excused, one more a1 event in Q1."""
    for on in (date(2024, 4, 5), date(2024, 6, 5), date(2024, 2, 5)):
        event = _event(tree.cdcs_a1, [study.item(2)], on)
        services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    event = _event(tree.cdcs_a2, [study.item(2)], date(2024, 5, 5))
    services.set_attendance(SYSTEM, event=event, marks={tree.member_a2.pk: AttendanceStatus.EXCUSED})
    return tree


def _per_union(cov):
    return {r.unit.code: r.reached for r in cov.rows}


def _members(cov):
    return cov.members, {r.unit.code: r.members for r in cov.rows}


def test_coverage_reached_is_the_engines_figure_from_the_records(reached):
    assert not SummaryState.objects.filter(code="study_members_reached").exists()
    cov = selectors.coverage(SYSTEM, reached.fed_a, 2024, 2)
    assert cov.reached == _engine_reached(reached.fed_a) == 1
    assert _per_union(cov)["CDCS-A1"] == 1 and _per_union(cov)["CDCS-A2"] == 0


def test_coverage_reached_is_the_engines_figure_from_the_summary_rows(reached, study):
    first = selectors.coverage(SYSTEM, reached.fed_a, 2024, 2)
    before, members = _per_union(first), _members(first)
    summary.rebuild()
    assert SummaryState.objects.filter(code="study_members_reached").exists()
    cov = selectors.coverage(SYSTEM, reached.fed_a, 2024, 2)
    assert cov.reached == _engine_reached(reached.fed_a) == 1
    assert _per_union(cov) == before
    # The members per union: the engine's quarter-end snapshots of members_by_sector, the same numbers.
    assert _members(cov) == members and cov.members == 2
    # A write after the build reaches the rows the coverage reads.
    event = _event(reached.cdcs_a2, [study.item(2)], date(2024, 6, 20))
    services.set_attendance(SYSTEM, event=event, marks={reached.member_a2.pk: AttendanceStatus.PRESENT})
    cov = selectors.coverage(SYSTEM, reached.fed_a, 2024, 2)
    assert cov.reached == _engine_reached(reached.fed_a) == 2
    assert _per_union(cov)["CDCS-A2"] == 1
