"""The services keep the summary rows exact by themselves (records_changed in their transaction), for
documents and directive tasks too; check_indicators and rebuild_indicators; query counts of the reads."""

from datetime import date
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.scoping import SYSTEM
from directives.models import TaskAssignment
from directives.services import acknowledge, assign_from_document, relay_many, report_done
from directives.tests.helpers import SEED_000_ITEMS, at, district_letter, story
from documents.services import archive_document, restore_document
from indicators import engine, registry, summary
from indicators.models import SummaryRow, SummaryState
from lamtheo.testing import unit as make_unit
from members.services import create_member
from org.models import Sector, UnitKind

pytestmark = pytest.mark.django_db
WINDOW = engine.window_for(date(2020, 1, 1), date(2027, 1, 1))


@pytest.fixture(autouse=True)
def _no_pdf(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DOCUMENTS_PDF_ON_ISSUE = False


def direct(fn):
    with mock.patch.object(engine, "_summarised", lambda ind: False):
        return fn()


def assert_exact(units):
    for ind in summary.summarised():
        assert summary.diff(ind) == [], ind.code
        for u in units:
            fast = engine.compute(SYSTEM, ind, u.pk, WINDOW)
            slow = direct(lambda ind=ind, u=u: engine.compute(SYSTEM, ind, u.pk, WINDOW))
            assert (fast.value, fast.by_year) == (slow.value, slow.by_year), (ind.code, u.code)
            kids = engine.by_child(SYSTEM, ind, u.pk, WINDOW)
            assert kids == direct(lambda ind=ind, u=u: engine.by_child(SYSTEM, ind, u.pk, WINDOW)), ind.code


def test_documents_and_tasks_written_by_services_keep_their_rows(tree):
    summary.rebuild()
    assert SummaryState.objects.count() == len(summary.summarised())
    st = story(tree)  # the federation's plan, issued through documents.services
    directive = assign_from_document(
        st.fed, document=st.fed_doc, tasks=[{"text": t, "deadline": "30/09/2023"} for t in SEED_000_ITEMS]
    )
    rows = list(TaskAssignment.objects.filter(unit=tree.district_a1))
    acknowledge(st.district, assignment=rows[0], at=at(date(2023, 9, 1)))
    relay_many(st.district, assignments=rows, relay_document=district_letter(st))
    a1 = TaskAssignment.objects.filter(unit=tree.cdcs_a1).order_by("task__order").first()
    report_done(st.chair_a1, assignment=a1, note="Đã họp.", at=at(date(2023, 10, 3)))
    assert directive.pk
    plans = registry.get("plans_issued")
    assert engine.total_of(engine.compute(SYSTEM, plans, tree.root.pk, WINDOW).value) >= 2
    assert (
        engine.total_of(engine.compute(SYSTEM, registry.get("tasks_done"), tree.fed_a.pk, WINDOW).value) == 1
    )
    assert_exact([tree.root, tree.fed_a, tree.district_a1, tree.cdcs_a1])
    archive_document(st.fed, document=st.fed_doc)  # an archived plan no longer counts
    assert_exact([tree.root, tree.fed_a])
    restore_document(st.fed, document=st.fed_doc)
    assert_exact([tree.root, tree.fed_a])


def test_check_indicators_reports_every_difference_and_rebuild_repairs(tree):
    call_command("rebuild_indicators", stdout=StringIO())
    out = StringIO()
    call_command("check_indicators", stdout=out)
    assert "Mọi dòng tổng hợp khớp" in out.getvalue()
    row = SummaryRow.objects.filter(code="members_by_sector", unit=tree.cdcs_a1).first()
    row.value += 5
    row.save()
    SummaryRow.objects.filter(code="units_grassroots_by_sector", unit=tree.guild).delete()
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_indicators", stdout=out, stderr=StringIO())
    assert exit_.value.code == 1
    text = out.getvalue()
    assert "members_by_sector: 1 dòng khác biệt" in text and "CDCS-A1" in text
    assert "units_grassroots_by_sector: 1 dòng khác biệt" in text and "ND-A" in text
    call_command("rebuild_indicators", "--unit", "LDLD-A1", stdout=StringIO())
    out = StringIO()
    call_command("check_indicators", stdout=out)
    assert "Mọi dòng tổng hợp khớp" in out.getvalue()


def test_reads_from_summary_rows_take_the_same_queries_whatever_the_number_of_units(tree):
    summary.rebuild()

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            for ind in registry.all_indicators():
                engine.compute(SYSTEM, ind, tree.fed_a.pk, WINDOW)
                if ind.kind is not engine.Kind.RATE:
                    engine.by_child(SYSTEM, ind, tree.fed_a.pk, WINDOW)
        return len(ctx.captured_queries)

    first = queries()
    for i in range(6):
        u = make_unit(
            f"CDCS-Y{i}", f"Công đoàn Y{i}", UnitKind.GRASSROOTS, tree.district_a1, sector=Sector.GUILD
        )
        create_member(SYSTEM, unit=u, full_name=f"Nguyễn Văn Y{i}", data={}, on=date(2021, 1, 1))
    assert summary.diff(registry.get("members_by_sector")) == []
    assert queries() == first


YEAR_ENDS = [date(y, 12, 31) for y in range(2021, 2027)]


def _a_changing_tree(tree) -> None:
    """CĐCS A2 moves to province B in mid-2023; members join, move and leave over the years."""
    from members.services import archive_member, transfer_members
    from org.services import move_unit

    create_member(SYSTEM, unit=tree.guild, full_name="Phạm Văn Năm", data={}, on=date(2022, 3, 1))
    move_unit(SYSTEM, unit=tree.cdcs_a2, new_parent=tree.fed_b, on=date(2023, 7, 1))
    transfer_members(SYSTEM, member_ids=[tree.member_b1.pk], target=tree.cdcs_a1, on=date(2024, 2, 1))
    archive_member(SYSTEM, member=tree.member_a1, on=date(2025, 8, 1))
    summary.rebuild()


@pytest.mark.parametrize("code", ["members_by_sector", "units_grassroots_by_sector"])
def test_the_states_of_many_days_read_together_equal_them_read_one_by_one(tree, code):
    """summary.states_on_days reads the snapshot days in one query on PostgreSQL and one by one on
    SQLite (batch_snapshot_days): both ways give state_rows of each day, in a tree that changed, with a
    scope above the unit, and for days with and without snapshots (2014: before them; 15/7/2024)."""
    _a_changing_tree(tree)
    ind = registry.get(code)
    days = [date(2014, 12, 31), *YEAR_ENDS, date(2024, 7, 15), date(2024, 9, 30)]
    cases = [(tree.root.pk, []), (tree.fed_a.pk, []), (tree.fed_b.pk, [tree.root.pk]),
             (tree.district_a1.pk, [tree.fed_a.pk]), (tree.cdcs_a2.pk, [tree.fed_b.pk])]  # fmt: skip
    for unit_id, scope in cases:
        one_by_one = {
            d: sorted((p, v) for _k, p, v in summary.state_rows(ind, unit_id, d, scope=scope)) for d in days
        }
        assert any(one_by_one.values()), (code, unit_id)
        for batched, queries in ((True, 1 + 2), (False, len(days))):  # 2014 and 15/7 are read one by one
            with CaptureQueriesContext(connection) as ctx:
                got = summary.states_on_days(ind, unit_id, days, scope=scope, batched=batched)
            assert {d: sorted(rows) for d, rows in got.items()} == one_by_one, (code, unit_id, batched)
            reads = [q for q in ctx.captured_queries if "SUM(s.value)" in q["sql"]]  # not SummaryState's
            assert len(reads) == queries, (code, batched)


def test_a_five_year_state_reads_its_year_ends_in_one_query_on_postgresql(tree):
    """The figures page's five-year review: each state indicator reads its six year ends in one query on
    PostgreSQL, six single ones on SQLite (measured faster there); the same figures either way."""
    _a_changing_tree(tree)
    ind = registry.get("members_by_sector")
    window = engine.window_for(date(2021, 1, 1), date(2027, 1, 1))
    for batched in (True, False):
        with (
            mock.patch.object(summary, "batch_snapshot_days", lambda b=batched: b),
            CaptureQueriesContext(connection) as ctx,
        ):
            figure = engine.compute(SYSTEM, ind, tree.fed_a.pk, window)
        reads = [q for q in ctx.captured_queries if "indicators_summarysnapshot" in q["sql"]]
        assert len(reads) == (1 if batched else len(YEAR_ENDS)), batched
        totals = {y: engine.total_of(v) for y, v in figure.by_year.items()}
        assert totals == {2021: 2, 2022: 3, 2023: 2, 2024: 3, 2025: 2, 2026: 2}, batched
        assert figure.value == figure.by_year[2026]
    assert summary.batch_snapshot_days() is (connection.vendor == "postgresql")


def test_a_breakdown_takes_the_children_as_ids_or_as_a_subquery(tree):
    """summary's by_child reads: the children as a list of ids or as engine.children_ids (a subquery, as
    engine.by_child passes them: no parameter per child) give the same rows, for every summarised
    indicator; an empty subquery or list groups nothing."""
    _a_changing_tree(tree)
    window = engine.window_for(date(2021, 1, 1), date(2027, 1, 1))
    for unit in (tree.root, tree.fed_a, tree.district_a1):
        subquery = engine.children_ids(unit.pk, window)
        ids = list(subquery.values_list("child_id", flat=True))
        assert ids, unit.code
        for ind in summary.summarised():

            def read(kids, ind=ind, unit=unit):
                if ind.distinct_field:
                    mask = summary.mask_of(window.start, window.end)
                    return summary.distinct_rows(ind, unit.pk, mask, [mask], scope=[], by_child=kids)
                if ind.kind is registry.Kind.STATE:
                    return summary.state_rows(ind, unit.pk, window.on, scope=[], by_child=kids)
                return summary.count_rows(ind, unit.pk, window.start, window.end, scope=[], by_child=kids)

            with CaptureQueriesContext(connection) as ctx:
                by_subquery = read(subquery)
            assert "org_unitlink" in ctx.captured_queries[-1]["sql"], ind.code
            assert sorted(by_subquery, key=str) == sorted(read(ids), key=str), (ind.code, unit.code)
            assert [r for r in read(subquery.none()) if r[0] is not None] == [], ind.code
            assert sorted(read(subquery.none()), key=str) == sorted(read([]), key=str), ind.code
    members = engine.by_child(SYSTEM, registry.get("members_by_sector"), tree.root.pk, window)
    assert set(members) == set(engine.children_ids(tree.root.pk, window).values_list("child_id", flat=True))
