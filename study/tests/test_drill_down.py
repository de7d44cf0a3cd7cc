"""The drill-down of the study figures lists a shared event once, with its hosts named: the list is as
long as the figure (which counts distinct events), for the common parent and for each child cell."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM
from indicators import engine, registry
from lamtheo.testing import make_user
from study import services
from study.models import AttendanceStatus, EventKind

Y2024 = {"from": "2024-01-01", "to": "2024-12-31"}
WINDOW = engine.window_for(date(2024, 1, 1), date(2025, 1, 1))


@pytest.fixture
def officer(client, tree):
    client.force_login(make_user(tree.fed_a, Role.FEDERATION_STAFF, username="can-bo-tinh-a"))
    return client


def _event(unit, *, title, kind=EventKind.CONFERENCE, co_hosts=(), on=date(2024, 5, 10)):
    return services.record_event(SYSTEM, unit=unit, kind=kind, title=title, held_on=on, co_hosts=co_hosts)


@pytest.fixture
def events(tree):
    shared = _event(tree.cdcs_a1, title="Hội nghị quán triệt chung", co_hosts=[tree.cdcs_a2])
    alone = _event(tree.cdcs_a1, title="Sinh hoạt riêng A1", kind=EventKind.PERIODIC, on=date(2024, 6, 3))
    contest = _event(tree.cdcs_a2, title="Cuộc thi tìm hiểu chung", kind=EventKind.CONTEST,
                     co_hosts=[tree.cdcs_a1, tree.guild])  # fmt: skip
    for event in (shared, alone):
        services.set_attendance(SYSTEM, event=event, marks={tree.member_a1.pk: AttendanceStatus.PRESENT})
    return shared, alone, contest


def _listed(client, unit_id, code, **params):
    response = client.get(reverse("indicators:records", args=[unit_id, code]), {**Y2024, **params})
    assert response.status_code == 200
    return response.context["count"], response.context["rows"]


@pytest.mark.parametrize("code", ["study_events", "contests", "study_members_reached"])
def test_the_drill_down_lists_as_many_rows_as_the_figure_for_the_parent_and_each_child(
    officer, tree, events, code
):
    ind = registry.get(code)
    figure = engine.total_of(engine.compute(SYSTEM, ind, tree.fed_a.pk, WINDOW).value)
    count, rows = _listed(officer, tree.fed_a.pk, code)
    assert count == figure == len(rows) and figure >= 1
    assert len({r.label for r in rows}) == len(rows)  # each event (member) once
    for child, value in engine.by_child(SYSTEM, ind, tree.district_a1.pk, WINDOW).items():
        where = {"within": tree.district_a1.pk} if child else {"own": "1"}
        assert _listed(officer, child or tree.district_a1.pk, code, **where)[0] == engine.total_of(value)


def test_a_shared_event_is_one_row_naming_its_hosts(officer, tree, events):
    count, rows = _listed(officer, tree.fed_a.pk, "study_events")
    assert count == 2  # the shared conference and A1's own session, not three host rows
    shared = next(r for r in rows if r.label == "Hội nghị quán triệt chung")
    assert shared.unit == f"{tree.cdcs_a1.name}, {tree.cdcs_a2.name}"  # lead unit first
    count, rows = _listed(officer, tree.fed_a.pk, "contests")
    assert count == 1 and rows[0].unit == f"{tree.cdcs_a2.name}, {tree.cdcs_a1.name}, {tree.guild.name}"
    page = officer.get(
        reverse("indicators:records", args=[tree.fed_a.pk, "contests"]), Y2024
    ).content.decode()
    assert page.count("Cuộc thi tìm hiểu chung") == 1


def test_the_export_lists_the_shared_event_once(officer, tree, events):
    import io

    from python_calamine import CalamineWorkbook

    response = officer.get(reverse("indicators:records", args=[tree.fed_a.pk, "study_events"]),
                           {**Y2024, "xuat": "xlsx"})  # fmt: skip
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    cells = [str(c) for row in book.get_sheet_by_index(0).to_python() for c in row]
    assert cells.count("Hội nghị quán triệt chung") == 1
    assert f"{tree.cdcs_a1.name}, {tree.cdcs_a2.name}" in cells
