"""org.figures' member counts: from the indicators engine's summary rows once built, from the memberships
before; the same numbers either way (a unit's own members and its subtree's)."""

from collections import Counter
from datetime import timedelta

import pytest

from indicators import summary
from indicators.models import SummaryRow, SummarySnapshot
from lamtheo.lib.dates import today
from members.models import Membership
from members.selectors import member_counts as subtree_from_memberships
from org import figures
from org.models import Unit


def own_from_memberships(on):
    return dict(Counter(Membership.objects.valid_on(on).values_list("unit_id", flat=True)))


@pytest.mark.parametrize("built", [False, True])
def test_own_and_subtree_counts_equal_the_memberships(tree, built):
    if built:
        summary.rebuild(["members_by_sector"])
    ids = list(Unit.objects.values_list("pk", flat=True))
    for on in (today(), today() - timedelta(days=400)):
        expected = own_from_memberships(on)
        assert figures.members_by_unit(ids, on) == expected
        assert figures.members_by_unit(Unit.objects.values("pk"), on) == expected
        assert figures.member_counts(ids, on) == subtree_from_memberships(ids, on)
    assert sum(own_from_memberships(today()).values()) > 0
    assert figures.members_by_unit(Unit.objects.none().values("pk"), today()) == {}
    assert figures.members_by_unit([], today()) == {} and figures.member_counts([], today()) == {}


def test_once_built_the_counts_are_the_summary_rows(tree):
    summary.rebuild(["members_by_sector"])
    on = today()
    # Changed behind the engine's back (the rows and the quarter-end snapshots it reads): the counts follow.
    for rows in (SummaryRow, SummarySnapshot):
        rows.objects.filter(code="members_by_sector", unit=tree.cdcs_a1).update(value=500)
    assert figures.members_by_unit([tree.cdcs_a1.pk], on)[tree.cdcs_a1.pk] >= 500
    assert figures.member_counts([tree.root.pk], on)[tree.root.pk] >= 500
