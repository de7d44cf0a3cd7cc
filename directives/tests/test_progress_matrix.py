"""Following a directive from above: the unit × task matrix (late units first, late only), its export,
the reminder to the late units, the labels of recurring occurrences, and the issuer's home panel."""

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import Actor, NotPermitted
from audit.models import AuditEvent
from directives import progress as matrix
from directives import progress_views
from directives.models import TaskAssignment
from directives.reminders import remind_late
from directives.selectors import progress_summary
from directives.services import assign_from_document, report_done
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import actor_for, make_user, unit
from org.models import UnitKind

from .helpers import FED_DATE, SEED_000_ITEMS, at, issue, story

TASKS = [
    {"text": SEED_000_ITEMS[0], "deadline": "30/09/2023"},
    {"text": SEED_000_ITEMS[1], "deadline": "31/12/2099"},
    {"text": "Báo cáo kết quả thực hiện trong báo cáo 6 tháng và năm.", "recurrence": "half_yearly",
     "period_start": 2023, "period_end": 2023},
]  # fmt: skip
H1, H2 = date(2023, 6, 30), date(2023, 12, 31)


@dataclass
class World:
    st: object
    directive: object
    units: list


def _done(actor, unit_obj, order: int, due: date | None, on: date) -> None:
    a = TaskAssignment.objects.get(unit=unit_obj, task__order=order, due_date=due)
    report_done(actor, assignment=a, note="Đã thực hiện.", at=at(on))


def build(tree, extra: int = 0) -> World:
    """Five addressed units of federation A (and `extra` more grassroots unions, all open): district,
    civil servants' union and a2 are late on 3 tasks each, a1 on 1 (its second half report came late),
    the guild on none."""
    extras = [
        unit(f"CDCS-M{i}", f"Công đoàn Xí nghiệp {i:03d}", UnitKind.GRASSROOTS, tree.fed_a)
        for i in range(extra)
    ]
    st = story(tree)
    units = [tree.district_a1, st.civil, tree.cdcs_a1, tree.cdcs_a2, tree.guild, *extras]
    directive = assign_from_document(st.fed, document=st.fed_doc, tasks=TASKS, units=units)
    _done(st.chair_a1, tree.cdcs_a1, 1, date(2023, 9, 30), date(2023, 9, 20))
    _done(st.chair_a1, tree.cdcs_a1, 3, H1, date(2023, 6, 20))
    _done(st.chair_a1, tree.cdcs_a1, 3, H2, date(2024, 1, 5))  # late: done after its due date
    guild = actor_for(tree.guild, Role.GRASSROOTS_CHAIR, user=make_user(tree.guild, Role.GRASSROOTS_CHAIR))
    _done(guild, tree.guild, 1, date(2023, 9, 30), date(2023, 9, 1))
    _done(guild, tree.guild, 3, H1, date(2023, 6, 1))
    _done(guild, tree.guild, 3, H2, date(2023, 12, 1))
    return World(st, directive, units)


@pytest.fixture
def w(tree) -> World:
    return build(tree)


def _get(client, user, name: str, pk: int, **params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name, args=[pk]), params)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _matrix(client, w: World, **params):
    response, queries = _get(client, w.st.fed.user, "directives:progress", w.directive.pk, **params)
    return response.context["matrix_page"], response, queries


def test_the_late_units_come_first(client, w, tree):
    page, response, _ = _matrix(client, w)
    rows = page.rows
    assert [(r.name, r.late) for r in rows] == [
        ("Công đoàn Công ty TNHH Đức Thành", 3),
        ("Công đoàn Viên chức tỉnh An Hòa", 3),
        ("Liên đoàn Lao động huyện Đông Sơn", 3),
        ("Công đoàn Trường Tiểu học Đông Sơn", 1),
        ("Nghiệp đoàn Xe ôm Đông Sơn", 0),
    ]
    html = response.content.decode()
    assert html.index("Công đoàn Công ty TNHH Đức Thành") < html.index("Nghiệp đoàn Xe ôm Đông Sơn")
    # Four units are late, but a1's late task is done (late): the button reminds the other three.
    assert response.context["late_units"] == 3 and response.context["late_total"] == 10
    assert "Nhắc 3 đơn vị trễ hạn" in html


def test_late_only_keeps_the_units_with_a_late_task(client, w, tree):
    page, response, _ = _matrix(client, w, late="1")
    assert [r.name for r in page.rows][-1] == "Công đoàn Trường Tiểu học Đông Sơn"
    assert tree.guild.name not in [r.name for r in page.rows] and page.paginator.count == 4
    assert "Chỉ đơn vị trễ hạn" in response.content.decode()
    page, _, _ = _matrix(client, w, late="1", level=UnitKind.GRASSROOTS)
    assert [r.name for r in page.rows] == [
        "Công đoàn Công ty TNHH Đức Thành",
        "Công đoàn Trường Tiểu học Đông Sơn",
    ]


def test_each_cell_holds_the_status_of_one_unit_for_one_occurrence(client, w, tree):
    page, response, _ = _matrix(client, w)
    columns = response.context["columns"]
    assert [(c.order, c.due_date, c.label) for c in columns] == [
        (1, date(2023, 9, 30), ""),
        (2, date(2099, 12, 31), ""),
        (3, H1, "Báo cáo 6 tháng năm 2023"),
        (3, H2, "Báo cáo năm 2023"),
    ]
    by_name = {r.name: [c.text for c in r.cells] for r in page.rows}
    assert by_name[tree.cdcs_a1.name] == [
        "Đã hoàn thành",
        "Đã giao",
        "Đã hoàn thành",
        "Đã hoàn thành · Trễ hạn",
    ]
    assert by_name[tree.cdcs_a2.name] == [
        "Đã giao · Trễ hạn",
        "Đã giao",
        "Đã giao · Trễ hạn",
        "Đã giao · Trễ hạn",
    ]
    assert by_name[tree.guild.name] == ["Đã hoàn thành", "Đã giao", "Đã hoàn thành", "Đã hoàn thành"]


def test_a_unit_seen_from_the_district_has_no_cell_for_what_it_was_not_given(client, w, tree):
    """The district sees its own subtree only; a unit not given an occurrence shows an empty cell."""
    TaskAssignment.objects.filter(unit=tree.guild, task__order=2).delete()
    district = w.st.district
    columns = matrix.occurrence_columns(progress_summary(district, w.directive, on=date(2026, 1, 1)))
    units = list(matrix.matrix_units(district, w.directive, on=date(2026, 1, 1)))
    rows = matrix.fill_rows(district, w.directive, units, columns, on=date(2026, 1, 1))
    assert {r.name for r in rows} == {
        tree.district_a1.name,
        tree.cdcs_a1.name,
        tree.cdcs_a2.name,
        tree.guild.name,
    }
    guild = next(r for r in rows if r.name == tree.guild.name)
    assert guild.cells[1].assignment is None and guild.cells[1].text == ""


def _sheet(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


@pytest.mark.parametrize("params", [{}, {"late": "1"}, {"late": "1", "level": UnitKind.GRASSROOTS}])
def test_the_export_has_the_rows_of_the_page(client, w, params):
    page, _, _ = _matrix(client, w, **params)
    response, _ = _get(client, w.st.fed.user, "directives:progress_export", w.directive.pk, **params)
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert "tien-do-" in response["Content-Disposition"]
    rows = _sheet(b"".join(response.streaming_content))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Đơn vị")
    assert rows[header][5:] == [
        c.title for c in matrix.occurrence_columns(progress_summary(w.st.fed, w.directive))
    ]
    body = rows[header + 1 : -1]
    expected = [matrix.export_values(r) for r in page.rows]
    assert [[str(v) if not isinstance(v, (int, float)) else int(v) for v in r] for r in body] == expected
    assert rows[-1][0] == f"Tổng cộng: {len(page.rows)} đơn vị"


def test_the_export_walks_every_page(client, tree, monkeypatch):
    """Past one page (and in chunks past EXPORT_ALL units), the export lists every unit in the page order."""
    monkeypatch.setattr(matrix, "EXPORT_CHUNK", 3)
    monkeypatch.setattr(matrix, "EXPORT_ALL", 5)
    monkeypatch.setattr(progress_views, "MATRIX_PAGE_SIZE", 4)
    w = build(tree, extra=4)
    pages = [_matrix(client, w, page=n)[0] for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [4, 4, 1]
    response, _ = _get(client, w.st.fed.user, "directives:progress_export", w.directive.pk)
    rows = _sheet(b"".join(response.streaming_content))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Đơn vị")
    names = [r[0] for r in rows[header + 1 : -1]]
    assert names == [r.name for p in pages for r in p.rows]


def test_the_reminder_reaches_the_late_units_and_is_logged(client, w, tree):
    events = AuditEvent.objects.count()
    n = remind_late(w.st.fed, directive=w.directive, note="Đề nghị  khẩn trương báo cáo.")
    assert n == 9  # district, civil servants, a2: 3 open late tasks each; a1's late one is done
    reminded = TaskAssignment.objects.filter(reminded_at__isnull=False)
    assert {a.unit_id for a in reminded} == {tree.district_a1.pk, w.st.civil.pk, tree.cdcs_a2.pk}
    logged = AuditEvent.objects.order_by("id")[events:]
    assert len(logged) == 9
    assert all("đã quá hạn: Đề nghị khẩn trương báo cáo." in e.summary for e in logged)
    assert {e.object_id for e in logged} == {str(a.pk) for a in reminded}

    client.force_login(make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR, username="chair-a2-home"))
    home = client.get("/").content.decode()
    assert f"Cấp trên nhắc {timezone.localdate():%d/%m/%Y}" in home
    assert "Cấp trên nhắc ngày" in client.get(reverse("directives:task_list")).content.decode()


def test_the_district_reminds_only_its_own_late_units(w, tree):
    assert remind_late(w.st.district, directive=w.directive) == 3  # a2; the district's own tasks excluded
    assert set(
        TaskAssignment.objects.filter(reminded_at__isnull=False).values_list("unit_id", flat=True)
    ) == {tree.cdcs_a2.pk}
    with pytest.raises(ServiceError, match="Không có đơn vị nào trễ hạn"):
        remind_late(w.st.fed, directive=w.directive, level=UnitKind.GUILD)


def test_a_late_unit_is_not_offered_to_remind_itself(client, w, tree):
    response, _ = _get(client, w.st.district.user, "directives:progress", w.directive.pk)
    assert (
        response.context["late_units"] == 1
    )  # a2 below it; the district's own late tasks are not its to remind
    assert "Nhắc 1 đơn vị trễ hạn" in response.content.decode()
    TaskAssignment.objects.filter(unit=tree.cdcs_a2).update(status="done", done_at=timezone.now())
    response, _ = _get(client, w.st.district.user, "directives:progress", w.directive.pk)
    assert response.context["late_units"] == 0 and 'id="remind-late"' not in response.content.decode()


def test_the_reminder_is_refused_to_outsiders(client, w, tree):
    outsider = actor_for(tree.fed_b, Role.FEDERATION_STAFF, user=make_user(tree.fed_b))
    member = Actor(user=make_user(tree.cdcs_a1, Role.MEMBER, username="dv-a1"), unit_id=tree.cdcs_a1.pk,
                   role=Role.MEMBER, member_id=tree.member_a1.pk)  # fmt: skip
    reminders = AuditEvent.objects.filter(model="directives.taskassignment", action=AuditEvent.Action.UPDATE)
    events = reminders.count()
    for actor in (outsider, member):
        with pytest.raises(NotPermitted):
            remind_late(actor, directive=w.directive)
    client.force_login(outsider.user)
    assert client.post(reverse("directives:progress_remind", args=[w.directive.pk])).status_code == 404
    client.force_login(member.user)
    assert client.post(reverse("directives:progress_remind", args=[w.directive.pk])).status_code == 403
    assert reminders.count() == events
    assert not TaskAssignment.objects.filter(reminded_at__isnull=False).exists()


def test_the_page_reminds_in_one_step(client, w):
    client.force_login(w.st.fed.user)
    response = client.post(reverse("directives:progress_remind", args=[w.directive.pk]), {"note": "Nhắc"})
    assert response.status_code == 302 and response["Location"].endswith("?late=1#bang")
    assert TaskAssignment.objects.filter(reminded_at__isnull=False).count() == 9
    html = client.get(response["Location"]).content.decode()
    assert "Đã nhắc 9 nhiệm vụ trễ hạn" in html


def test_recurring_occurrences_are_labelled_on_every_page(client, w, tree):
    _, response, _ = _matrix(client, w)
    html = response.content.decode()
    assert "Báo cáo 6 tháng năm 2023" in html and "Báo cáo năm 2023" in html
    client.force_login(make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR, username="chair-a2-labels"))
    tasks = client.get(reverse("directives:task_list")).content.decode()
    assert tasks.count("Báo cáo 6 tháng năm 2023") == 1 and tasks.count("Báo cáo năm 2023") == 1
    home = client.get("/").content.decode()
    assert "Báo cáo 6 tháng năm 2023" in home and "Báo cáo năm 2023" in home


def test_the_issuer_home_page_shows_its_directives_and_late_units_first(client, w, tree):
    response, _ = _get(client, w.st.fed.user, "directives:progress", w.directive.pk)
    client.force_login(w.st.fed.user)
    home = client.get("/")
    panel = next(p.context["issued"] for p in home.context["panels"] if "issued" in p.context)
    item = panel.items[0]
    assert (item.total, item.late, item.late_units) == (20, response.context["late_total"], 4)
    assert item.done == sum(t.counts.done for t in response.context["tasks"])
    assert [u.name for u in item.worst] == [
        "Công đoàn Công ty TNHH Đức Thành", "Công đoàn Viên chức tỉnh An Hòa",
        "Liên đoàn Lao động huyện Đông Sơn", "Công đoàn Trường Tiểu học Đông Sơn",
    ]  # fmt: skip
    html = home.content.decode()
    assert "10 trễ hạn" in html and "4 đơn vị trễ hạn" in html
    assert f"{reverse('directives:progress', args=[w.directive.pk])}?late=1#bang" in html
    # A grassroots union that issued nothing has no such panel.
    client.force_login(make_user(tree.cdcs_a2, Role.GRASSROOTS_CHAIR, username="chair-a2-panel"))
    assert not any("issued" in p.context for p in client.get("/").context["panels"])


def test_the_query_counts_do_not_grow_with_the_units(client, tree):
    w = build(tree)
    fed = w.st.fed.user
    small = [
        _matrix(client, w)[2],
        _matrix(client, w, late="1")[2],
        _get(client, fed, "directives:progress_export", w.directive.pk)[1],
        _get(client, fed, "directives:progress", w.directive.pk, xem="luot-giao")[1],
    ]
    client.force_login(fed)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    home_small = len(ctx.captured_queries)

    for i in range(30):
        unit(f"CDCS-Q{i}", f"Công đoàn Nhà máy {i:03d}", UnitKind.GRASSROOTS, tree.fed_a)
    letter = issue(w.st.fed, tree.fed_a, subject="một văn bản khác", on=FED_DATE, items=SEED_000_ITEMS)
    bigger = assign_from_document(w.st.fed, document=letter, tasks=TASKS)
    w2 = World(w.st, bigger, [])
    big = [
        _matrix(client, w2)[2],
        _matrix(client, w2, late="1")[2],
        _get(client, fed, "directives:progress_export", bigger.pk)[1],
        _get(client, fed, "directives:progress", bigger.pk, xem="luot-giao")[1],
    ]
    assert _matrix(client, w2)[0].paginator.count == 32
    assert big == small
    client.force_login(fed)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert len(ctx.captured_queries) == home_small


@pytest.mark.parametrize(
    ("recurrence", "due", "expected"),
    [
        ("", date(2023, 9, 30), ""),
        ("half_yearly", date(2024, 6, 30), "Báo cáo 6 tháng năm 2024"),
        ("half_yearly", date(2024, 12, 31), "Báo cáo năm 2024"),
        ("quarterly", date(2024, 9, 30), "Quý III/2024"),
        ("yearly", date(2025, 3, 31), "Năm 2025"),
        ("half_yearly", date(2024, 7, 15), "Báo cáo 6 tháng năm 2024"),  # H1's report due in July
        ("half_yearly", date(2027, 11, 30), "Báo cáo năm 2027"),  # not an occurrence: by its month
    ],
)
def test_each_occurrence_has_its_own_label(recurrence, due, expected):
    from directives.schedule import occurrence_label

    schedule = {"H1": "07-15"} if due == date(2024, 7, 15) else {}
    label = occurrence_label(
        recurrence=recurrence, due_date=due, schedule=schedule, period_start=2024, period_end=2025
    )
    assert label == expected
