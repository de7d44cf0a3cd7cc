"""Random writes and random reorganisations through the real services, summary rows built.

After every step: the stored summary rows equal a fresh derivation (what check_indicators compares), and
every summarised indicator read from the rows equals the same indicator counted straight from the records
(the engine's direct path: records() with the closure valid on each record's day), for several units and
periods, in total, per year, per quarter and per child unit; a state's days read together (PostgreSQL's
way) and one by one (SQLite's) give the same answers. Run on PostgreSQL too:
`bash scripts/with_postgres.sh .venv/bin/pytest -n 0 -q indicators/tests/test_summary_property.py`.
"""

import contextlib
import os
from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import transaction
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.scoping import SYSTEM
from indicators import engine, registry, summary
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import build_small_tree
from members.models import Member
from members.services import archive_member, create_member, transfer_members
from org.models import GRASSROOTS_KINDS, Sector, Unit, UnitKind
from org.services import UnitSpec, create_unit, dissolve_unit, merge_units, move_unit, split_unit, update_unit
from study import services as study
from study.models import AttendanceStatus, EventKind, OutreachChannel, StudyEvent

settings.register_profile(
    "indicator-summaries",
    max_examples=int(os.environ.get("SUMMARY_MACHINE_EXAMPLES", "25")),
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    # SUMMARY_MACHINE_SHRINK=0 reports the first failing run as found (shrinking these runs takes minutes).
    phases=tuple(
        p for p in Phase if os.environ.get("SUMMARY_MACHINE_SHRINK", "1") == "1" or p is not Phase.shrink
    ),
)
PROFILE = settings.get_profile("indicator-summaries")

OFFSETS = (-900, -400, -120, -1, 0, 30)
days = st.sampled_from(OFFSETS).map(lambda offset: today() + timedelta(days=offset))
picks = st.integers(min_value=0, max_value=1000)
SECTORS = [s.value for s in Sector if s.value]
KINDS = list(EventKind.values)
STATUSES = list(AttendanceStatus.values)
CHANNELS = list(OutreachChannel.values)
STUDY_CODES = (
    "study_members_reached",
    "study_events",
    "contests",
    "study_participants",
    "outreach_items",
    "outreach_programs",
    "training_courses",
)


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def windows() -> list:
    """Any periods, and periods of whole quarters (the distinct counts then read their rows)."""
    t = today()
    return [
        engine.window_for(t - timedelta(days=1000), t + timedelta(days=60)),
        engine.window_for(date(t.year - 1, 1, 1), date(t.year + 1, 1, 1)),
        engine.window_for(t - timedelta(days=400), t - timedelta(days=100)),
        engine.window_for(t - timedelta(days=1), t + timedelta(days=1)),
        engine.window_for(date(t.year - 3, 1, 1), date(t.year + 1, 1, 1)),
        engine.window_for(_quarter_start(t - timedelta(days=400)), _quarter_start(t + timedelta(days=92))),
    ]


class SummaryMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        build_small_tree()
        summary.rebuild()
        self.serial = 0
        self.steps = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _unit(self, pick: int, *, grassroots: bool | None = None) -> Unit:
        units = Unit.objects.order_by("pk")
        if grassroots is True:
            units = units.filter(kind__in=GRASSROOTS_KINDS)
        elif grassroots is False:
            units = units.exclude(kind__in=GRASSROOTS_KINDS)
        ids = list(units.values_list("pk", flat=True))
        return Unit.objects.get(pk=ids[pick % len(ids)])

    def _spec(self, grassroots: bool, sector: int = 0) -> UnitSpec:
        self.serial += 1
        kind = UnitKind.GRASSROOTS if grassroots else UnitKind.UPPER_GRASSROOTS
        return UnitSpec(
            code=f"SP-{self.serial}",
            name=f"Đơn vị thử {self.serial}",
            kind=kind,
            sector=SECTORS[sector % len(SECTORS)] if grassroots else "",
        )

    def _try(self, call, **kwargs) -> None:
        with contextlib.suppress(ServiceError), transaction.atomic():  # refused: nothing changed
            call(SYSTEM, **kwargs)

    @rule(parent=picks, grassroots=st.booleans(), sector=picks, on=days)
    def create(self, parent, grassroots, sector, on):
        spec = self._spec(grassroots, sector)
        self._try(create_unit, spec=spec, parent=self._unit(parent, grassroots=False), on=on)

    @rule(unit=picks, parent=picks, on=days)
    def move(self, unit, parent, on):
        self._try(move_unit, unit=self._unit(unit), new_parent=self._unit(parent, grassroots=False), on=on)

    @rule(first=picks, second=picks, into_existing=st.booleans(), on=days)
    def merge(self, first, second, into_existing, on):
        sources = [self._unit(first, grassroots=True)]
        other = self._unit(second, grassroots=True)
        if into_existing:
            self._try(merge_units, sources=sources, target=other, parent=None, on=on)
            return
        parent = Unit.objects.filter(child_links__child=sources[0]).order_by("pk").last()
        self._try(merge_units, sources=[*sources, other], target=self._spec(True), parent=parent, on=on)

    @rule(unit=picks, part=st.integers(min_value=-1, max_value=1), on=days)
    def split(self, unit, part, on):
        source = self._unit(unit, grassroots=True)
        members = dict.fromkeys(Member.objects.filter(unit=source).values_list("pk", flat=True), part)
        parts = [self._spec(True, 1), self._spec(True, 2)]
        self._try(split_unit, source=source, parts=parts, member_part=members, on=on)

    @rule(unit=picks, on=days)
    def dissolve(self, unit, on):
        self._try(dissolve_unit, unit=self._unit(unit), on=on)

    @rule(unit=picks, sector=picks)
    def change_sector(self, unit, sector):
        self._try(update_unit, unit=self._unit(unit, grassroots=True), data={"sector": SECTORS[sector % 6]})

    @rule(unit=picks, on=days)
    def add_member(self, unit, on):
        union = self._unit(unit, grassroots=True)
        self.serial += 1
        self._try(create_member, unit=union, data={}, full_name=f"Nguyễn Văn Thử {self.serial}", on=on)

    @rule(member=picks, unit=picks, on=days)
    def transfer(self, member, unit, on):
        ids = list(Member.objects.current().order_by("pk").values_list("pk", flat=True))
        if ids:
            target = self._unit(unit, grassroots=True)
            self._try(transfer_members, member_ids=[ids[member % len(ids)]], target=target, on=on)

    @rule(member=picks, on=days)
    def archive(self, member, on):
        members = list(Member.objects.current().order_by("pk"))
        if members:
            self._try(archive_member, member=members[member % len(members)], on=on)

    @rule(unit=picks, co_host=picks, kind=picks, on=days, marks=st.lists(picks, min_size=1, max_size=3))
    def study_event(self, unit, co_host, kind, on, marks):
        host, other = self._unit(unit, grassroots=True), self._unit(co_host)
        with contextlib.suppress(ServiceError), transaction.atomic():
            event = study.record_event(SYSTEM, unit=host, kind=KINDS[kind % len(KINDS)], title="Sinh hoạt",
                                       held_on=on, co_hosts=[other] if co_host % 2 else [])  # fmt: skip
            members = list(
                Member.objects.filter(unit__in=[host, other], archived_at__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if members and marks:
                chosen = {
                    members[m % len(members)]: STATUSES[m % 4] if m % 4 < 3 else "present" for m in marks
                }
                study.set_attendance(SYSTEM, event=event, marks=chosen)

    def _event_of(self, pick: int):
        ids = list(
            StudyEvent.objects.filter(deleted_at__isnull=True).order_by("pk").values_list("pk", flat=True)
        )
        return StudyEvent.objects.get(pk=ids[pick % len(ids)]) if ids else None

    @rule(event=picks, on=days, delete=st.booleans())
    def study_correct(self, event, on, delete):
        found = self._event_of(event)
        if found is None:
            return
        if delete:
            self._try(study.delete_event, event=found)
        else:
            self._try(study.update_event, event=found, title=found.title, held_on=on)

    @rule(unit=picks, channel=picks, on=days, course=st.booleans())
    def outreach(self, unit, channel, on, course):
        if course:
            self._try(study.create_training_course, unit=self._unit(unit), title="Lớp", on=on, ends_on=on)
        else:
            self._try(study.create_outreach_item, unit=self._unit(unit), channel=CHANNELS[channel % len(CHANNELS)],
                      on=on, title="Tin")  # fmt: skip

    @invariant()
    def rows_equal_a_fresh_derivation(self):
        for ind in summary.summarised():
            assert summary.diff(ind) == [], ind.code

    @invariant()
    def figures_equal_direct_counts(self):
        """One period per step (in turn), for the root, a province and a few other units."""
        self.steps += 1
        every = windows()
        window = every[self.steps % len(every)]
        units = list(Unit.objects.order_by("pk").values_list("pk", flat=True))
        for unit_id in {units[0], units[1], *units[2 + self.steps % 3 :: 4]}:
            # the members reached at every step, one other study figure in turn
            study_codes = ("study_members_reached", STUDY_CODES[1 + self.steps % (len(STUDY_CODES) - 1)])
            for code in ("units_grassroots_by_sector", "members_by_sector", *study_codes):
                ind = registry.get(code)
                fast = _answers(ind, unit_id, window)
                with mock.patch.object(engine, "_summarised", lambda ind: False):
                    slow = _answers(ind, unit_id, window)
                assert fast == slow, (code, unit_id, window)
                if ind.kind is registry.Kind.STATE:  # the days read together, or one by one (other vendor)
                    flipped = not summary.batch_snapshot_days()
                    with mock.patch.object(summary, "batch_snapshot_days", lambda f=flipped: f):
                        assert _answers(ind, unit_id, window) == fast, (code, unit_id, window, flipped)


def _answers(ind, unit_id, window):
    fig = engine.compute(SYSTEM, ind, unit_id, window)
    children = engine.by_child(SYSTEM, ind, unit_id, window)
    return (
        fig.value,
        fig.by_year,
        engine.by_quarter(SYSTEM, ind, unit_id, window)
        if window.end - window.start < timedelta(400)
        else None,
        {k: v for k, v in children.items() if engine.total_of(v) or k is not None},
    )


@pytest.mark.django_db(transaction=False)
def test_summaries_stay_exact_under_random_writes_and_reorganisations():
    assert summary.summarised(), "no indicator opts in to summary rows"
    run_state_machine_as_test(SummaryMachine, settings=PROFILE)
