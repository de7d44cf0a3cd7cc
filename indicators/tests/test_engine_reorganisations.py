"""Known answers across a merge, counted directly from the records and from summary rows that the
services kept up to date (built before the merge, never rebuilt after it).

CĐCS A1 (public service, 1 member) and CĐCS A2 (non-state, 1 member), both under district A1 of
province A, merge on 1/7/2024 into a new CĐCS M (state enterprise) under province B. Before that day
their members, units and plans count for district A1 and province A; from it, for province B.
"""

from datetime import date

import pytest

from accounts.scoping import SYSTEM
from documents.models import Direction, Document, Status
from indicators import engine, registry, summary
from lamtheo.lib.tallies import records_changed
from org.models import Sector, UnitKind
from org.services import UnitSpec, merge_units

pytestmark = pytest.mark.django_db
MERGE = date(2024, 7, 1)
H1 = engine.window_for(date(2024, 1, 1), MERGE)
Y2024 = engine.window_for(date(2024, 1, 1), date(2025, 1, 1))


@pytest.fixture(params=["direct", "summary"])
def merged(request, tree):
    if request.param == "summary":
        summary.rebuild()
    for unit, day in ((tree.cdcs_a1, date(2024, 3, 1)), (tree.cdcs_a2, date(2024, 5, 1))):
        Document.objects.create(kind="ke_hoach", direction=Direction.OUTGOING, status=Status.ISSUED,
                                issuer_unit=unit, owner_unit=unit, date=day)  # fmt: skip
        records_changed(Document, [unit.pk])  # what documents.services does after its write
    spec = UnitSpec(code="CDCS-M", name="Công đoàn Công ty Hợp Nhất", kind=UnitKind.GRASSROOTS,
                    sector=Sector.STATE_ENTERPRISE)  # fmt: skip
    new = merge_units(SYSTEM, sources=[tree.cdcs_a1, tree.cdcs_a2], target=spec, parent=tree.fed_b, on=MERGE)
    Document.objects.create(kind="ke_hoach", direction=Direction.OUTGOING, status=Status.ISSUED,
                            issuer_unit=new, owner_unit=new, date=date(2024, 9, 1))  # fmt: skip
    records_changed(Document, [new.pk])
    if request.param == "summary":
        assert all(summary.diff(i) == [] for i in summary.summarised())
    return tree, new


def value(code, unit, window):
    return engine.compute(SYSTEM, registry.get(code), unit.pk, window).value


def total(code, unit, window):
    return engine.total_of(value(code, unit, window))


def test_members_follow_the_merge_from_its_date(merged):
    tree, new = merged
    assert total("members_by_sector", tree.district_a1, H1) == 2
    assert total("members_by_sector", tree.fed_b, H1) == 1
    assert total("members_by_sector", tree.district_a1, Y2024) == 0
    end = value("members_by_sector", tree.fed_b, Y2024)
    assert (end["total"], end[Sector.STATE_ENTERPRISE], end[Sector.PUBLIC_SERVICE_UNIT]) == (3, 2, 1)
    quarters = engine.by_quarter(SYSTEM, registry.get("members_by_sector"), tree.fed_b.pk, Y2024)
    assert [engine.total_of(quarters[(2024, q)]) for q in range(1, 5)] == [1, 1, 3, 3]
    kids = engine.by_child(SYSTEM, registry.get("members_by_sector"), tree.root.pk, Y2024)
    assert {k: engine.total_of(v) for k, v in kids.items()} == {tree.fed_a.pk: 0, tree.fed_b.pk: 3}
    kids = engine.by_child(SYSTEM, registry.get("members_by_sector"), tree.fed_b.pk, Y2024)
    assert {k: engine.total_of(v) for k, v in kids.items()} == {tree.cdcs_b1.pk: 1, new.pk: 2}


def test_units_end_and_begin_on_the_merge_day(merged):
    tree, new = merged
    assert total("units_grassroots_by_sector", tree.district_a1, H1) == 3
    assert total("units_grassroots_by_sector", tree.district_a1, Y2024) == 1  # the guild
    assert value("units_grassroots_by_sector", tree.fed_b, Y2024)[Sector.STATE_ENTERPRISE] == 1
    kids = engine.by_child(SYSTEM, registry.get("units_grassroots_by_sector"), tree.district_a1.pk, Y2024)
    # the merged unions ended during the period: still listed, with nothing on its last day
    assert {k: engine.total_of(v) for k, v in kids.items()} == {
        tree.cdcs_a1.pk: 0, tree.cdcs_a2.pk: 0, tree.guild.pk: 1,
    }  # fmt: skip


def test_plans_before_the_merge_stay_with_the_old_parents(merged):
    tree, new = merged
    assert total("plans_issued", tree.district_a1, Y2024) == 2
    assert total("plans_issued", tree.fed_a, Y2024) == 2
    assert total("plans_issued", tree.fed_b, Y2024) == 1
    by_year = engine.compute(SYSTEM, registry.get("plans_issued"), tree.root.pk, Y2024).by_year
    assert engine.total_of(by_year[2024]) == 3
    quarters = engine.by_quarter(SYSTEM, registry.get("plans_issued"), tree.fed_a.pk, Y2024)
    assert [engine.total_of(quarters[(2024, q)]) for q in range(1, 5)] == [1, 1, 0, 0]
