"""The "Số liệu" page and the drill-down: the list holds exactly the records the figure counts.

CĐCS A2 (province A) moves under province B on 1/7/2024: its records before the move are province A's.
"""

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from accounts.models import Role
from accounts.scoping import SYSTEM
from directives.models import AssignmentStatus, Directive, DirectiveTask, TaskAssignment
from documents.models import Direction, Document, Status
from indicators import engine, registry, selectors
from lamtheo.testing import actor_for, build_small_tree, make_user
from lamtheo.testing import unit as make_unit
from members.services import create_member
from org.models import Sector, UnitKind
from org.services import dissolve_unit, move_unit

pytestmark = pytest.mark.django_db
Y2024 = {"from": "2024-01-01", "to": "2024-12-31"}
WINDOW = engine.window_for(date(2024, 1, 1), date(2025, 1, 1))
FIGURES = reverse("indicators:figures")


def aware(y: int, m: int, d: int) -> datetime:
    return timezone.make_aware(datetime(y, m, d, 9))


@pytest.fixture
def tree(client):
    t = build_small_tree()
    move_unit(SYSTEM, unit=t.cdcs_a2, new_parent=t.fed_b, on=date(2024, 7, 1))
    t.user = make_user(t.fed_a, Role.FEDERATION_STAFF, username="tinh-a")
    client.force_login(t.user)
    return t


def doc(issuer, on: date, kind: str = "ke_hoach") -> Document:
    return Document.objects.create(kind=kind, direction=Direction.OUTGOING, status=Status.ISSUED,
                                   issuer_unit=issuer, owner_unit=issuer, date=on, subject=f"Kế hoạch {on}")  # fmt: skip


def records_of(tree) -> None:
    """Plans and tasks in and around 2024, some before CĐCS A2's move and some after."""
    doc(tree.cdcs_a1, date(2024, 2, 1))
    doc(tree.cdcs_a2, date(2024, 3, 1), kind="huong_dan")
    doc(tree.cdcs_a2, date(2024, 9, 1))  # after the move: province B's
    doc(tree.cdcs_a1, date(2023, 9, 1))  # before the period
    d = Directive.objects.create(document=doc(tree.fed_a, date(2024, 1, 5)), issuer_unit=tree.fed_a)
    task = DirectiveTask.objects.create(directive=d, order=1, text="Báo cáo kết quả học tập")
    made = [
        TaskAssignment.objects.create(task=task, unit=tree.cdcs_a1, due_date=date(2024, 5, 1),
                                      status=AssignmentStatus.DONE, acknowledged_at=aware(2024, 2, 1),
                                      relayed_at=aware(2024, 2, 2), done_at=aware(2024, 5, 10)),
        TaskAssignment.objects.create(task=task, unit=tree.cdcs_a2, due_date=date(2024, 6, 1)),
        TaskAssignment.objects.create(task=task, unit=tree.guild, due_date=date(2024, 8, 1),
                                      status=AssignmentStatus.DONE, done_at=aware(2024, 7, 1)),
    ]  # fmt: skip
    TaskAssignment.objects.filter(pk__in=[t.pk for t in made]).update(created_at=aware(2024, 1, 6))


def drill(client, unit_id: int, code: str, **params) -> list:
    """Every record the drill-down lists (all its pages), as primary keys."""
    response = client.get(reverse("indicators:records", args=[unit_id, code]), {**Y2024, **params})
    assert response.status_code == 200
    page = response.context["page"]
    pks = [obj.pk for obj in page.object_list]
    for n in range(2, page.paginator.num_pages + 1):
        more = client.get(reverse("indicators:records", args=[unit_id, code]), {**Y2024, **params, "page": n})
        pks += [obj.pk for obj in more.context["page"].object_list]
    assert len(pks) == response.context["count"]
    return pks


def test_the_drill_down_lists_exactly_what_is_counted_for_every_indicator(client, tree):
    """For each indicator with records: the total, each year, each part and each child cell list exactly
    the records the engine counts, and their number is the figure."""
    records_of(tree)
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=tree.user)
    checked = 0
    for ind in registry.all_indicators():
        if ind.records is None:
            continue
        figure = engine.compute(actor, ind, tree.fed_a.pk, WINDOW)
        counted = sorted(engine.records(actor, ind, tree.fed_a.pk, WINDOW).values_list("pk", flat=True))
        listed = drill(client, tree.fed_a.pk, ind.code)
        assert sorted(listed) == counted, ind.code
        assert len(listed) == engine.total_of(figure.value), ind.code
        if isinstance(figure.value, dict):
            for part, n in figure.value.items():
                if part != "total":
                    assert len(drill(client, tree.fed_a.pk, ind.code, part=part)) == n, (ind.code, part)
        for child, value in engine.by_child(actor, ind, tree.fed_a.pk, WINDOW).items():
            where = {"within": tree.fed_a.pk} if child else {"own": "1"}
            rows = drill(client, child or tree.fed_a.pk, ind.code, **where)
            assert len(rows) == engine.total_of(value), (ind.code, child)
        checked += 1
    assert checked >= 8
    # Known answers on this tree: CĐCS A2's plan of March is province A's; its September plan is not.
    assert len(drill(client, tree.fed_a.pk, "plans_issued")) == 3  # two plans and the directive's letter
    assert len(drill(client, tree.fed_a.pk, "tasks_late")) == 2


def test_the_page_shows_figures_years_parts_and_children_with_links(client, tree):
    records_of(tree)
    for i in range(3):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name=f"Phạm Văn Số {i}", data={}, on=date(2020, 1, 1))
    response = client.get(
        FIGURES, {"from": "01/01/2023", "to": "31/12/2024", "chi_tieu": "members_by_sector"}
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Đoàn viên công đoàn" in text and "Liên đoàn Lao động huyện Đông Sơn" in text
    rows = {(t["row"].indicator.code, t["row"].part): t for t in response.context["table"]}
    members = rows[("members_by_sector", None)]
    assert [y for y, _ in members["row"].years] == [2023, 2024]
    assert members["row"].total == 4  # a2 left the province on 1/7/2024: 3 new + Đức
    public = rows[("members_by_sector", Sector.PUBLIC_SERVICE_UNIT)]
    assert public["row"].total == 4 and public["row"].label == Sector.PUBLIC_SERVICE_UNIT.label
    url = reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"])
    assert f"{url}?from=2023-01-01&amp;to=2024-12-31&amp;part=public_service_unit" in text
    assert f"{url}?from=2024-01-01&amp;to=2024-12-31&amp;part=public_service_unit" in text
    # Hover text: the indicator's description on its cells.
    assert f'title="{registry.get("members_by_sector").description}"' in text
    # The breakdown by child unit: the district, with its parts.
    children = response.context["children"]
    assert [c["row"].name for c in children] == ["Liên đoàn Lao động huyện Đông Sơn"]
    assert dict(children[0]["row"].parts)[Sector.PUBLIC_SERVICE_UNIT] == 4
    assert "chart-years" in text and "vendor/chartjs-4.6.1/chart.umd.min.js" in text
    assert response.context["charts"]["children"]["data"] == [4]


def test_the_lagging_units_come_first(client, tree):
    for i in range(2):
        u = make_unit(f"CDCS-T{i}", f"Công đoàn T{i}", UnitKind.GRASSROOTS, tree.fed_a, sector=Sector.GUILD)
        for k in range(i * 3):
            create_member(SYSTEM, unit=u, full_name=f"Hoàng Văn {i}{k}", data={}, on=date(2020, 1, 1))
    gone = make_unit("CDCS-T9", "Công đoàn Giải thể", UnitKind.GRASSROOTS, tree.fed_a, sector=Sector.GUILD)
    dissolve_unit(SYSTEM, unit=gone, on=date(2024, 5, 1))
    response = client.get(FIGURES, {**Y2024, "chi_tieu": "members_by_sector"})
    rows = [c["row"] for c in response.context["children"]]
    live = [r.total for r in rows if not r.ended]
    assert live == sorted(live) and live[0] == 0 and rows[0].name == "Công đoàn T0"
    # A unit that ended during the period is shown, marked, after the live ones (it is not lagging).
    assert [r.name for r in rows if r.ended] == [rows[-1].name] == ["Công đoàn Giải thể"]
    assert "đã kết thúc" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "start", "end", "label"),
    [
        ({"ky": "so-ket-5-nam"}, date(2021, 1, 1), date(2027, 1, 1), "Sơ kết 5 năm 2021–2026"),
        ({"ky": "2024-Q2"}, date(2024, 4, 1), date(2024, 7, 1), "Quý II/2024"),
        ({"ky": "2025"}, date(2025, 1, 1), date(2026, 1, 1), "Năm 2025"),
        ({"from": "01/07/2024", "to": "31/12/2024"}, date(2024, 7, 1), date(2025, 1, 1), "từ 01/07/2024"),
    ],
)
def test_the_period_picker(client, tree, params, start, end, label):
    response = client.get(FIGURES, params)
    period = response.context["period"]
    assert (period.start, period.end) == (start, end) and period.label.startswith(label)
    assert not period.error


def test_presets_follow_today():
    p = {x.code: x for x in selectors.presets(date(2026, 8, 15))}
    assert (p["quy"].start, p["quy"].end) == (date(2026, 7, 1), date(2026, 10, 1))
    assert (p["6-thang"].start, p["6-thang"].end) == (date(2026, 7, 1), date(2027, 1, 1))
    assert (p["nam"].start, p["nam"].end) == (date(2026, 1, 1), date(2027, 1, 1))
    assert p["so-ket-5-nam"].label == "Sơ kết 5 năm 2021–2026"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "31/02/2024"}, ""),
        ({"ky": "2024-Q7"}, "Không hiểu kỳ"),
        ({"from": "2024-05-01", "to": "2024-01-01"}, "phải sau"),
    ],
)
def test_a_bad_period_gives_a_message_not_a_crash(client, tree, params, message):
    response = client.get(FIGURES, params)
    assert response.status_code == 200
    assert response.context["period"].error and message in response.context["period"].error


def test_the_period_is_typed_as_dd_mm_yyyy_not_in_a_native_date_picker(client, tree):
    """A native date input shows mm/dd/yyyy in an English browser: the period boxes are typed text."""
    response = client.get(FIGURES, {"from": "01/07/2024", "to": "31/12/2024"})
    text = response.content.decode()
    assert 'type="date"' not in text
    assert 'value="01/07/2024"' in text and 'value="31/12/2024"' in text


def test_a_part_cell_lists_that_part_and_the_search_ignores_accents(client, tree):
    url = reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"])
    response = client.get(url, {**Y2024, "part": "public_service_unit"})
    assert [row.label for row in response.context["rows"]] == [tree.member_a1.full_name]
    assert [
        r.label
        for r in client.get(url, {"from": "2024-01-01", "to": "2024-06-30", "q": "van duc"}).context["rows"]
    ] == [tree.member_a1.full_name]
    assert client.get(url, {**Y2024, "q": "Ánh", "part": "public_service_unit"}).context["count"] == 0
    # Rows open their record.
    assert tree.member_a1.get_absolute_url() in response.content.decode()


def test_the_drill_down_exports_its_rows(client, tree):
    url = reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"])
    response = client.get(url, {"from": "2024-01-01", "to": "2024-06-30", "xuat": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = CalamineWorkbook.from_filelike(
        io.BytesIO(b"".join(response.streaming_content))
    ).get_sheet_by_index(0)
    rows = sheet.to_python()
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert sorted(r[1] for r in rows[header + 1 : -1]) == sorted(
        [tree.member_a1.full_name, tree.member_a2.full_name]
    )
    assert rows[-1][0] == "Tổng cộng: 2 người"


def test_the_figures_export_has_one_sheet_per_breakdown(client, tree):
    records_of(tree)
    response = client.get(FIGURES, {**Y2024, "xuat": "xlsx"})
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    names = book.sheet_names
    assert names[0] == "Theo năm"
    non_rate = [i for i in registry.all_indicators() if i.kind is not registry.Kind.RATE]
    assert len(names) == 1 + len(non_rate)
    by_year = book.get_sheet_by_name("Theo năm").to_python()
    members = next(r for r in by_year if r[0] == "Đoàn viên công đoàn")
    assert members[1] == "người" and members[-1] == 1  # Đức; Ánh left with CĐCS A2 on 1/7
    kids = book.get_sheet_by_name(registry.get("plans_issued").label[:31]).to_python()
    district = next(r for r in kids if r[0] == tree.district_a1.name)
    assert district[-1] == 2


def test_another_province_gets_404(client, tree):
    url = reverse("indicators:records", args=[tree.fed_b.pk, "members_by_sector"])
    assert client.get(url, Y2024).status_code == 404
    assert client.get(reverse("indicators:records", args=[tree.fed_a.pk, "nope"])).status_code == 404
    huge = reverse("indicators:records", args=[2**70, "members_by_sector"])
    assert client.get(huge).status_code == 404
    url = reverse("indicators:records", args=[tree.fed_a.pk, "members_by_sector"])
    assert client.get(url, {"within": str(2**70)}).status_code == 404
    assert client.get(url, {"within": "abc"}).status_code == 404
    # A child cell naming a unit of province B "within" province A lists nothing of B's.
    cell = client.get(reverse("indicators:records", args=[tree.cdcs_b1.pk, "members_by_sector"]),
                      {**Y2024, "within": tree.fed_a.pk})  # fmt: skip
    assert cell.status_code == 404  # not even B's union's name in the heading


def grow(tree, start: int, n: int) -> None:
    """n more grassroots units under the district, each with a member, a plan and a task."""
    d = Directive.objects.create(document=doc(tree.fed_a, date(2024, 1, 5)), issuer_unit=tree.fed_a)
    task = DirectiveTask.objects.create(directive=d, order=1, text="Báo cáo")
    for i in range(start, start + n):
        u = make_unit(
            f"CDCS-N{i}", f"Công đoàn N{i}", UnitKind.GRASSROOTS, tree.district_a1, sector=Sector.GUILD
        )
        create_member(SYSTEM, unit=u, full_name=f"Nguyễn Văn N{i}", data={}, on=date(2020, 1, 1))
        doc(u, date(2024, 2, 1))
        TaskAssignment.objects.create(task=task, unit=u, due_date=date(2024, 3, 1))


def queries(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("chosen", ["members_by_sector", "plans_issued", "tasks_late"])
def test_the_pages_query_count_does_not_grow_with_units(client, tree, chosen):
    """N units then 3N: the province's page, its drill-down, and the district's page (whose breakdown
    by child unit has N, then 3N rows) cost the same number of queries."""
    district_user = make_user(tree.district_a1, Role.FEDERATION_STAFF, username="huyen")
    page = {"ky": "so-ket-5-nam", "chi_tieu": chosen}
    drill_url = reverse("indicators:records", args=[tree.fed_a.pk, chosen])

    def measure() -> tuple[int, int, int]:
        client.force_login(tree.user)
        province = queries(client, FIGURES, page), queries(client, drill_url, {"ky": "so-ket-5-nam"})
        client.force_login(district_user)
        return (*province, queries(client, FIGURES, page))

    n = 3
    grow(tree, 0, n)
    first = measure()
    grow(tree, n, 2 * n)
    assert measure() == first


def test_figures_format_the_vietnamese_way():
    from lamtheo.lib.lists import format_figure

    assert format_figure(4101) == "4.101"
    nbsp = "\u00a0"  # the unit never wraps onto a line of its own
    assert format_figure(98.5, "%") == f"98,5{nbsp}%"
    assert format_figure(3_200_000_000, "đồng") == f"3,2{nbsp}tỷ đồng"
    assert format_figure(450_000_000, "đồng") == f"450{nbsp}triệu đồng"
    assert format_figure(12_500, "đồng") == f"12.500{nbsp}đồng"
    assert format_figure(None, "%") == "—"
    assert format_figure(1234.56) == "1.234,6"


def test_a_workbook_of_tables_names_its_sheets_as_excel_allows():
    from lamtheo.lib.xlsx_export import Column, Table, TitleBlock, tables_bytes

    long = "Nhiệm vụ đã triển khai xuống cấp dưới: theo đơn vị"
    data = tables_bytes(
        [
            Table(long, [Column("A")], [["x"]]),
            Table(long, [Column("A")], [["y"]]),
            Table("a/b?", [Column("A")], []),
        ],
        title=TitleBlock(unit="LĐLĐ tỉnh", title="Số liệu", on=date(2026, 3, 31)),
    )
    names = CalamineWorkbook.from_filelike(io.BytesIO(data)).sheet_names
    assert [len(n) <= 31 for n in names] == [True] * 3
    assert names[0] == long[:31] and names[1].endswith("(2)") and names[2] == "a b"


def test_a_member_opens_the_figures_page_without_a_crash(client, tree):
    """A role that may not view some indicator's records (a member and the study attendance) gets empty
    figures for it, not a 500 (the empty record list still carries the day annotation)."""
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER, username="doanvien-a1"))
    response = client.get(FIGURES, Y2024)
    assert response.status_code == 200
    member = actor_for(tree.cdcs_a1, Role.MEMBER)
    for ind in registry.all_indicators():
        if ind.records is not None and ind.kind is not registry.Kind.RATE:
            engine.compute(member, ind, tree.cdcs_a1.pk, WINDOW)


def test_a_member_sees_a_dash_not_a_zero_for_figures_whose_records_are_not_theirs_to_see(client, tree):
    """The union's member count is the officers' (its records are the member list): a plain member gets
    "—" without a link for it and for the rate built on it, while the chair of the same union gets it."""
    client.force_login(make_user(tree.cdcs_a1, Role.MEMBER, username="doanvien-a1"))
    body = client.get(FIGURES, Y2024).content.decode()
    members = reverse("indicators:records", args=[tree.cdcs_a1.pk, "members_by_sector"])
    assert members not in body
    member_rows = {r.indicator.code: r for r in selectors.table(actor_for(tree.cdcs_a1, Role.MEMBER),
                                                                tree.cdcs_a1.pk, WINDOW)}  # fmt: skip
    hidden = member_rows["members_by_sector"]
    assert hidden.hidden and hidden.total is None and all(v is None for _y, v in hidden.years)
    rates = [r for r in member_rows.values() if r.indicator.kind is registry.Kind.RATE]
    assert rates and all(r.hidden for r in rates if "members_by_sector" in (r.indicator.denominator,))
    assert not member_rows["units_grassroots_by_sector"].hidden  # a count of unions is nobody's personal data
    assert "Chỉ cán bộ công đoàn xem được" in body
    sheet = client.get(FIGURES, {**Y2024, "xuat": "xlsx"})
    assert sheet.status_code == 200
    cells = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet.streaming_content))).get_sheet_by_index(
        0
    )
    members_row = next(r for r in cells.to_python() if r and r[0] == hidden.indicator.label)
    assert 0 not in members_row[1:] and 0.0 not in members_row[1:]  # no false zero in the file either
    client.force_login(make_user(tree.cdcs_a1, Role.GRASSROOTS_CHAIR, username="chutich-a1"))
    chair = client.get(FIGURES, Y2024).content.decode()
    assert members in chair and "Chỉ cán bộ công đoàn xem được" not in chair
    chair_rows = {r.indicator.code: r for r in selectors.table(actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR),
                                                               tree.cdcs_a1.pk, WINDOW)}  # fmt: skip
    assert chair_rows["members_by_sector"].total > 0


def test_a_period_longer_than_ten_years_falls_back_to_this_year_with_a_message(client, tree):
    response = client.get(reverse("indicators:figures"), {"from": "01/01/2000", "to": "31/12/2100"})
    assert response.status_code == 200
    assert "dài nhất 10 năm" in response.content.decode()


def test_a_long_list_read_in_the_broad_form_holds_the_same_records(client, tree, monkeypatch):
    """Past COUNT_CAP records a state's drill-down reads its pages in the broad form ("unit + 0", the part
    as a set of units, the units in a second query): the same records, part by part, as the plain form."""
    for unit in (tree.cdcs_a1, tree.guild):
        for i in range(3):
            create_member(SYSTEM, unit=unit, full_name=f"Lê Thị Dài {i}", data={}, on=date(2020, 1, 1))
    parts = ("", Sector.PUBLIC_SERVICE_UNIT, Sector.GUILD)
    plain = {p: drill(client, tree.fed_a.pk, "members_by_sector", part=p) for p in parts}
    assert len(plain[Sector.GUILD]) == 3 and len(plain[""]) > len(plain[Sector.PUBLIC_SERVICE_UNIT]) >= 3
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    for p in parts:
        with CaptureQueriesContext(connection) as ctx:
            broad = drill(client, tree.fed_a.pk, "members_by_sector", part=p)
        assert broad == plain[p], p
        assert any("+ 0" in q["sql"] for q in ctx.captured_queries), "the broad form was not used"


def test_the_breakdown_shows_the_lagging_children_first_and_every_one_on_request(client, tree, monkeypatch):
    from indicators import views

    for i in range(2):
        create_member(SYSTEM, unit=tree.cdcs_a1, full_name=f"Trần Văn Đủ {i}", data={}, on=date(2020, 1, 1))
    monkeypatch.setattr(views, "CHILDREN_SHOWN", 1)
    params = {**Y2024, "chi_tieu": "members_by_sector"}
    client.force_login(make_user(tree.district_a1, Role.FEDERATION_STAFF, username="huyen-a"))
    response = client.get(FIGURES, params)
    shown = [c["row"].unit.pk for c in response.context["children"] if c["row"].unit]
    assert len(shown) == 1 and shown[0] != tree.cdcs_a1.pk  # the lagging one, not the union with members
    assert response.context["children_hidden"] == 2
    assert "Xem tất cả 3 đơn vị" in response.content.decode()
    every = client.get(FIGURES, {**params, "tat_ca": "1"})
    units = {c["row"].unit.pk for c in every.context["children"] if c["row"].unit}
    assert (
        units == {tree.cdcs_a1.pk, tree.cdcs_a2.pk, tree.guild.pk} and every.context["children_hidden"] == 0
    )


@pytest.mark.parametrize("code", ["tasks_late", "members_by_sector"])
def test_the_records_test_each_ancestor_once(tree, code):
    """The actor's own unit is the count's unit and the actor's scope: its subtree is tested once (the
    late tasks of the five-year page: 5.7 -> 2.2 ms at province scale on PostgreSQL); a unit below it,
    or a child's cell (`within`), adds one test per other ancestor. The same records either way."""
    actor = actor_for(tree.fed_a, Role.FEDERATION_STAFF, user=tree.user)
    ind = registry.get(code)
    test = "EXISTS" if ind.kind is registry.Kind.COUNT else "org_unitclosure"

    def tests(unit_id, **kw) -> int:
        return str(engine.records(actor, ind, unit_id, WINDOW, **kw).query).count(test)

    assert tests(tree.fed_a.pk) == 1
    assert tests(tree.district_a1.pk) == 2
    assert tests(tree.cdcs_a1.pk, within=tree.district_a1.pk) == 3
    assert tests(tree.cdcs_a1.pk, within=tree.cdcs_a1.pk) == 2
    records_of(tree)
    own = engine.records(actor, ind, tree.fed_a.pk, WINDOW)
    assert set(own) == set(engine.records(actor, ind, tree.fed_a.pk, WINDOW, within=tree.fed_a.pk))


# The template's markup of the two tables' cells before the view wrote them (views._figure_link).
TABLE_CELLS = (
    '{% for v, url in years %}<td class="text-end">{% if url %}<a href="{{ url }}" title="{{ ind.description }}"'
    '{% if not v %} class="link-secondary"{% endif %}>{{ v|chiso:ind.unit_of_measure }}</a>{% else %}'
    '<span title="{{ ind.description }}">{{ v|chiso:ind.unit_of_measure }}</span>{% endif %}</td>{% endfor %}'
    '\n      <td class="text-end{% if not r.part %} fw-bold{% endif %}" data-cell="total">{% if total_url %}'
    '<a href="{{ total_url }}" title="{{ ind.description }}">{{ r.total|chiso:ind.unit_of_measure }}</a>'
    '{% else %}<span title="{{ ind.description }}">{{ r.total|chiso:ind.unit_of_measure }}</span>{% endif %}</td>'
)
CHILD_CELLS = (
    '{% for v, url in parts %}<td class="text-end"><a href="{{ url }}">{{ v|chiso:chosen.unit_of_measure }}</a>'
    '</td>{% endfor %}\n          <td class="text-end fw-semibold"><a href="{{ url }}">'
    "{{ c.total|chiso:chosen.unit_of_measure }}</a></td>"
)


@pytest.mark.parametrize("uom", ["người", "%", "đồng"])
@pytest.mark.parametrize("linked", [True, False])
def test_the_cells_written_by_the_view_are_the_templates_markup(tree, uom, linked):
    """views._table and _children write the cells the template wrote: the same bytes, every value escaped
    (a description with quotes and markup), a zero's link grey, no link without records."""
    from dataclasses import replace

    from django.template import Context, Template

    from indicators import views

    window = engine.window_for(date(2021, 1, 1), date(2027, 1, 1))
    ind = replace(registry.get("members_by_sector"), description='Số "đoàn viên" <b>&</b> \'cũ\'',
                  unit_of_measure=uom, records=registry.get("members_by_sector").records if linked else None)  # fmt: skip
    years = [(2021, 0), (2022, None), (2023, 4101), (2024, 98.5), (2025, 3_200_000_000), (2026, 7)]
    rows = [
        selectors.Row(ind, None, ind.label, years, 4101),
        selectors.Row(ind, "guild", "Nghiệp đoàn", years, 0),
    ]
    template = Template("{% load kit %}" + TABLE_CELLS)
    for r, t in zip(rows, views._table(rows, tree.fed_a.pk, window), strict=True):
        part = {"part": r.part} if r.part else {}

        def url(start, end, part=part) -> str:
            return views.records_url(ind.code, tree.fed_a.pk, start, end, **part) if linked else ""

        context = {"years": [(v, url(*selectors.year_window(window, y))) for y, v in years], "ind": ind, "r": r,
                   "total_url": url(window.start, window.end)}  # fmt: skip
        assert t["cells"] == template.render(Context(context))
        assert "&quot;đoàn viên&quot; &lt;b&gt;&amp;&lt;/b&gt; &#x27;cũ&#x27;" in t["cells"]
    kids = [selectors.ChildRow(tree.district_a1, "Huyện", 98.5, False, [("guild", 0), ("state_enterprise", 3)]),
            selectors.ChildRow(None, "Tại đơn vị", 0, False, [("guild", 2), ("state_enterprise", 0)])]  # fmt: skip
    template = Template("{% load kit %}" + CHILD_CELLS)
    for c, out in zip(kids, views._children(ind, kids, tree.fed_a.pk, window), strict=True):
        where = {"within": tree.fed_a.pk} if c.unit else {"own": "1"}
        target = c.unit.pk if c.unit else tree.fed_a.pk
        parts = [(v, views.records_url(ind.code, target, window.start, window.end, part=code, **where))
                 for code, v in c.parts]  # fmt: skip
        url = views.records_url(ind.code, target, window.start, window.end, **where)
        assert out["cells"] == template.render(Context({"parts": parts, "url": url, "c": c, "chosen": ind}))


def test_a_breakdown_reads_the_childrens_names_only_when_there_are_children(tree):
    """selectors.children: the units' names in one query for a unit with children, none for a grassroots
    union (its figures page has an empty breakdown)."""
    ind = registry.get("members_by_sector")

    def names_read(unit) -> tuple[list, int]:
        with CaptureQueriesContext(connection) as ctx:
            rows = selectors.children(SYSTEM, ind, unit.pk, WINDOW)
        return rows, sum(q["sql"].startswith('SELECT "org_unit"."id"') for q in ctx.captured_queries)

    rows, reads = names_read(tree.district_a1)
    assert reads == 1 and {r.name for r in rows} == {u.name for u in (tree.cdcs_a1, tree.cdcs_a2, tree.guild)}
    rows, reads = names_read(tree.cdcs_a1)
    assert reads == 0 and [(r.unit, r.total) for r in rows] == [(None, 1)]


def test_the_breakdown_orders_ties_the_vietnamese_way():
    from indicators.selectors import ChildRow, lagging_first

    names = ["Công đoàn Bệnh viện Y dược", "Công đoàn Bệnh viện Đa khoa", "THPT Thành phố", "THPT Tân Uyên"]
    unit = object()
    rows = [ChildRow(unit, n, 3, False) for n in names] + [ChildRow(unit, "A lagging", 1, False)]  # type: ignore[arg-type]
    ordered = [r.name for r in sorted(rows, key=lagging_first)]
    assert ordered == ["A lagging", "Công đoàn Bệnh viện Đa khoa", "Công đoàn Bệnh viện Y dược", "THPT Tân Uyên",
                       "THPT Thành phố"]  # fmt: skip
