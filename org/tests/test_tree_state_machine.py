"""Random reorganisations with random dates (past, the same day twice, today, future).

The services may refuse (ServiceError); anything else is a fault. After every step the tree is
consistent (check_tree finds nothing), no member is left without a union and not archived, and every
subtree's member count equals a direct count over Membership rows on the tree derived from the links.
"""

import contextlib
import os
from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.scoping import SYSTEM
from indicators import registry, summary
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import build_small_tree
from members.models import Member, Membership
from members.services import create_member
from org import closure
from org.figures import member_counts
from org.figures import members_in_subtree as count_members_in_subtree
from org.models import GRASSROOTS_KINDS, Unit, UnitKind, UnitLink
from org.services import UnitSpec, create_unit, dissolve_unit, merge_units, move_unit, rename_unit, split_unit

# TREE_MACHINE_EXAMPLES=500 for a long hunt; the suite keeps it short.
settings.register_profile(
    "tree-state-machine",
    max_examples=int(os.environ.get("TREE_MACHINE_EXAMPLES", "10")),
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PROFILE = settings.get_profile("tree-state-machine")

# A few dates, so that two changes often fall on the same day; some after today.
OFFSETS = (-900, -400, -120, -1, 0, 30, 400)
days = st.sampled_from(OFFSETS).map(lambda offset: today() + timedelta(days=offset))
picks = st.integers(min_value=0, max_value=1000)


class TreeMachine(RuleBasedStateMachine):
    # The counts from the memberships (no summary rows built), or from the indicators engine's summary
    # rows (SummaryTreeMachine), which the services must keep exact through every reorganisation.
    summaries = False

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        build_small_tree()
        if self.summaries:
            summary.rebuild(["members_by_sector"])
        self.serial = 0
        self.days_seen = {today()}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- helpers ---------------------------------------------------------------------------------

    def _unit(self, pick: int, *, grassroots: bool | None = None) -> Unit:
        units = Unit.objects.order_by("pk")
        if grassroots is True:
            units = units.filter(kind__in=GRASSROOTS_KINDS)
        elif grassroots is False:
            units = units.exclude(kind__in=GRASSROOTS_KINDS)
        ids = list(units.values_list("pk", flat=True))
        return Unit.objects.get(pk=ids[pick % len(ids)])

    def _spec(self, grassroots: bool) -> UnitSpec:
        self.serial += 1
        kind = UnitKind.GRASSROOTS if grassroots else UnitKind.UPPER_GRASSROOTS
        return UnitSpec(code=f"SM-{self.serial}", name=f"Đơn vị thử {self.serial}", kind=kind)

    def _try(self, on: date, call, **kwargs) -> None:
        self.days_seen.add(on)
        with contextlib.suppress(ServiceError):  # refused with a message: the tree is as before
            call(SYSTEM, on=on, **kwargs)

    # --- rules -----------------------------------------------------------------------------------

    @rule(parent=picks, grassroots=st.booleans(), on=days)
    def create(self, parent, grassroots, on):
        self._try(on, create_unit, spec=self._spec(grassroots), parent=self._unit(parent, grassroots=False))

    @rule(unit=picks, parent=picks, on=days)
    def move(self, unit, parent, on):
        self._try(on, move_unit, unit=self._unit(unit), new_parent=self._unit(parent, grassroots=False))

    @rule(unit=picks, on=days)
    def rename(self, unit, on):
        self.serial += 1
        self._try(on, rename_unit, unit=self._unit(unit), new_name=f"Tên mới {self.serial}")

    @rule(first=picks, second=picks, into_existing=st.booleans(), grassroots=st.booleans(), on=days)
    def merge(self, first, second, into_existing, grassroots, on):
        sources = [self._unit(first, grassroots=grassroots)]
        other = self._unit(second, grassroots=grassroots)
        if into_existing:
            self._try(on, merge_units, sources=sources, target=other, parent=None)
            return
        parent = Unit.objects.filter(child_links__child=sources[0]).order_by("pk").last()
        self._try(on, merge_units, sources=[*sources, other], target=self._spec(grassroots), parent=parent)

    @rule(unit=picks, part=st.integers(min_value=-1, max_value=2), on=days)
    def split(self, unit, part, on):
        source = self._unit(unit)
        parts = [self._spec(source.is_grassroots), self._spec(source.is_grassroots)]
        members = dict.fromkeys(Member.objects.filter(unit=source).values_list("pk", flat=True), part)
        self._try(on, split_unit, source=source, parts=parts, member_part=members)

    @rule(unit=picks, on=days)
    def dissolve(self, unit, on):
        self._try(on, dissolve_unit, unit=self._unit(unit))

    @rule(unit=picks)
    def add_member(self, unit):
        union = self._unit(unit, grassroots=True)
        if not union.is_active_on(today()) or union.valid_from > today():
            return
        self.serial += 1
        create_member(SYSTEM, unit=union, data={}, full_name=f"Nguyễn Văn Thử {self.serial}", on=today())

    # --- invariants ------------------------------------------------------------------------------

    @invariant()
    def tree_is_consistent(self):
        assert closure.check() == []

    @invariant()
    def no_member_is_stranded(self):
        assert not Member.objects.filter(unit__isnull=True, archived_at__isnull=True).exists()

    @invariant()
    def counts_equal_a_direct_count(self):
        unit_ids = list(Unit.objects.values_list("pk", flat=True))
        for day in sorted(self.days_seen):
            expected = direct_counts(day)
            assert member_counts(unit_ids, day) == expected, day
            for unit_id in unit_ids[:: max(1, len(unit_ids) // 4)]:
                assert count_members_in_subtree(unit_id, day) == expected.get(unit_id, 0)


def direct_counts(day: date) -> dict[int, int]:
    """Members per subtree on `day`, walking the links valid that day (no closure table)."""
    active = set(Unit.objects.active_on(day).values_list("pk", flat=True))
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in UnitLink.objects.valid_on(day).values_list("child_id", "parent_id"):
        parents[child].append(parent)
    counts: dict[int, int] = defaultdict(int)
    for unit_id in Membership.objects.valid_on(day).values_list("unit_id", flat=True):
        node: int | None = unit_id
        while node is not None and node in active:
            counts[node] += 1
            above = parents.get(node, [])
            assert len(above) <= 1, f"#{node} has {len(above)} parents on {day}"
            node = above[0] if above else None
    return dict(counts)


class SummaryTreeMachine(TreeMachine):
    summaries = True


@pytest.mark.django_db(transaction=False)
def test_random_reorganisations_keep_the_tree_and_its_counts_right():
    run_state_machine_as_test(TreeMachine, settings=PROFILE)


@pytest.mark.django_db(transaction=False)
def test_random_reorganisations_keep_the_engines_member_counts_right():
    """The tree's pages read the counts from the summary rows once built: the same as a direct count."""
    assert summary.is_built(registry.get("members_by_sector")) is False
    run_state_machine_as_test(SummaryTreeMachine, settings=PROFILE)
