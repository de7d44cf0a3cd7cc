"""The benchmark at toy scale: its data and its cross-checks hold, on SQLite and on PostgreSQL."""

from datetime import date

import pytest

from bench.config import Config
from bench.tree_members import QUERY_DAY, count_by_child, count_subtree, run, table
from members.models import Member, Membership
from members.selectors import count_members_in_subtree
from org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_it_builds_the_tree_and_counts_members_consistently():
    result = run(Config(units=80, members=3000, moves=5, runs=2, chunk=1000))
    assert result["checks"] and all(result["checks"].values()), result["checks"]
    data = result["data"]
    assert Unit.objects.count() == data["units"] == 80
    assert Member.objects.count() == data["members"] == 3000
    assert Membership.objects.count() == data["memberships"] > 3000
    assert Unit.objects.filter(kind=UnitKind.PROVINCIAL_FEDERATION).count() == 5
    large = Unit.objects.get(code="B-P01")
    # Three independent ways to count the large province agree (after the moves of step f).
    assert count_subtree(large.pk, QUERY_DAY) == count_members_in_subtree(large.pk, QUERY_DAY)
    assert sum(count_by_child(large.pk, QUERY_DAY).values()) == count_subtree(large.pk, QUERY_DAY)
    assert count_subtree(large.pk, QUERY_DAY) < data["large_province_members_on_query_day"]
    assert count_subtree(large.pk, date(2014, 12, 31)) == 0
    assert "trung vị" in table(result)


def test_it_refuses_a_database_that_has_units(tree):
    with pytest.raises(RuntimeError, match="empty database"):
        run(Config(units=80, members=100))
