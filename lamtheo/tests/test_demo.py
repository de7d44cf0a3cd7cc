"""The Lai Châu demo: seed 002's figures computed back from the records, and the 1/7/2025 history.

The demo is built once for the module (a few seconds) inside a transaction that is rolled back at the
end; each test runs in its own savepoint on top. Every expectation is recomputed from the database
(selectors, closure joins, UnitChange/UnitLink rows), never taken from the builder's counters.
"""

import re
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import override_settings

from accounts.models import Assignment, Role
from accounts.scoping import Actor, visible_unit_ids
from lamtheo.demo.build import LOGINS, PASSWORD, build_demo
from lamtheo.demo.units import FEDERATION_CODE, OTHER_FEDERATION_CODE
from members.models import Member, Membership, OfficerRole
from members.selectors import count_members_in_subtree
from org import closure
from org.models import GRASSROOTS_KINDS, Sector, Unit, UnitChange, UnitLink, UnitSubkind, UnitSuccession
from org.selectors import parent_on, subtree_unit_ids

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AS_OF = date(2026, 3, 31)
BEFORE = date(2025, 6, 30)
REORG = date(2025, 7, 1)
PS, SE, NS, GUILD = (
    Sector.PUBLIC_SERVICE_UNIT,
    Sector.STATE_ENTERPRISE,
    Sector.NON_STATE_ENTERPRISE,
    Sector.GUILD,
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    # Function-scoped fixtures (the fast MD5 hasher of conftest.py) are not active yet: set it here too.
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHER, MEDIA_ROOT=media, DOCUMENTS_PDF_ON_ISSUE=False),
        transaction.atomic(),
    ):
        summary = build_demo(seed=7)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def fed(demo):
    return Unit.objects.get(code=FEDERATION_CODE)


def grassroots_on(unit: Unit, on: date):
    return Unit.objects.active_on(on).subtree_of(unit.pk, on).filter(kind__in=GRASSROOTS_KINDS)


def members_by_sector(unit: Unit, on: date) -> dict[str, int]:
    rows = (
        Membership.objects.valid_on(on)
        .filter(unit_id__in=subtree_unit_ids(unit.pk, on))
        .values_list("unit__sector")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def members_by_closure_join(unit: Unit, on: date) -> int:
    """The same count written as the explicit join of ENGINEERING §B.2."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM members_membership m "
            "JOIN org_unitclosure c ON c.descendant_id = m.unit_id "
            "WHERE c.ancestor_id = %s AND c.valid_from <= %s AND c.valid_to > %s "
            "AND m.valid_from <= %s AND m.valid_to > %s",
            [unit.pk, on, on, on, on],
        )
        return cursor.fetchone()[0]


def test_it_has_the_units_of_seed_002_by_sector(fed):
    units = grassroots_on(fed, AS_OF)
    assert units.count() == 85
    assert dict(units.values_list("sector").annotate(n=Count("id"))) == {PS: 24, SE: 6, NS: 54, GUILD: 1}
    assert units.filter(kind="guild").count() == 1


def test_it_has_the_members_of_seed_002_by_sector(fed):
    by_sector = members_by_sector(fed, AS_OF)
    assert by_sector[PS] == 2516
    assert by_sector[SE] + by_sector[NS] == 1561
    assert by_sector[GUILD] == 24
    assert sum(by_sector.values()) == 4101
    assert count_members_in_subtree(fed.pk, AS_OF) == 4101
    assert members_by_closure_join(fed, AS_OF) == 4101


def test_the_federation_home_page_shows_the_same_figures(fed):
    """The home panel's key figures come from the indicators engine (indicators/home.py)."""
    from datetime import timedelta

    from indicators import engine
    from indicators.home import KEY_FIGURES
    from indicators.selectors import key_figures

    user = get_user_model().objects.get(username="tinh")
    actor = Actor(user=user, unit_id=fed.pk, role=Role.FEDERATION_STAFF)
    window = engine.window_for(date(AS_OF.year, 1, 1), AS_OF + timedelta(days=1))
    figures = {f.indicator.code: f for f in key_figures(actor, fed.pk, window, KEY_FIGURES)}
    units, members = figures["units_grassroots_by_sector"], figures["members_by_sector"]
    assert (units.value, members.value) == (85, 4101)
    u, m = ({code: v for code, _, v in f.parts} for f in (units, members))
    assert (u[PS], m[PS]) == (24, 2516)
    assert u[SE] + u[NS] == 60 and m[SE] + m[NS] == 1561
    assert (u[GUILD], m[GUILD]) == (1, 24)


def test_the_figures_were_different_before_the_reorganisation(fed):
    """A report for 2024 counts the units of 2024: the agency unions, the pre-merger units."""
    units = grassroots_on(fed, date(2024, 12, 31))
    assert units.filter(sector=Sector.ADMINISTRATIVE_AGENCY).count() > 0
    assert units.count() != 85
    assert count_members_in_subtree(fed.pk, date(2024, 12, 31)) == members_by_closure_join(
        fed, date(2024, 12, 31)
    )
    assert count_members_in_subtree(fed.pk, date(2024, 12, 31)) != 4101


def test_the_closure_table_is_consistent(demo):
    assert closure.check() == []


def _changes_on(day: date):
    changes = list(UnitChange.objects.filter(date=day).prefetch_related("units"))
    by_kind: dict[str, list[UnitChange]] = {}
    for change in changes:
        by_kind.setdefault(change.kind, []).append(change)
    return changes, by_kind


def test_the_tree_changes_on_1_july_2025_exactly_as_recorded(fed):
    changes, by_kind = _changes_on(REORG)
    assert changes, "the reorganisation must be recorded"
    assert all("25/6/2025" in c.decision_ref for c in changes)

    successions = list(UnitSuccession.objects.filter(date=REORG))
    merged_away = {s.predecessor_id for s in successions}
    merged_into = {s.predecessor_id: s.successor_id for s in successions}
    dissolved = {u.pk for c in by_kind.get("dissolve", []) for u in c.units.all()}
    created = {u.pk for c in by_kind.get("create", []) for u in c.units.all()}
    created |= {s.successor_id for s in successions if s.successor.valid_from == REORG}

    active_before = set(Unit.objects.active_on(BEFORE).values_list("id", flat=True))
    active_after = set(Unit.objects.active_on(REORG).values_list("id", flat=True))
    assert active_before - active_after == dissolved | merged_away
    assert active_after - active_before == created

    parent_before = dict(UnitLink.objects.valid_on(BEFORE).values_list("child_id", "parent_id"))
    parent_after = dict(UnitLink.objects.valid_on(REORG).values_list("child_id", "parent_id"))
    started = set(UnitLink.objects.filter(valid_from=REORG).values_list("child_id", "parent_id"))
    moves = {}
    for change in by_kind.get("move", []):
        ids = {u.pk for u in change.units.all()}
        (moved, new_parent), *_ = [(c, p) for c, p in started if {c, p} == ids]
        moves[moved] = new_parent
    assert moves, "grassroots unions were re-parented"

    reparented = {
        child for child in active_before & active_after if parent_before.get(child) != parent_after.get(child)
    }
    explained = set(moves) | {child for child in reparented if parent_before.get(child) in merged_away}
    assert reparented == explained
    for child in reparented:
        old, new = parent_before[child], parent_after[child]
        assert new == moves.get(child, merged_into.get(old))
        assert child in set(Unit.objects.subtree_of(old, BEFORE).values_list("id", flat=True))
        assert child in set(Unit.objects.subtree_of(new, REORG).values_list("id", flat=True))
        assert child not in set(Unit.objects.subtree_of(old, REORG).values_list("id", flat=True))
        assert getattr(parent_on(child, BEFORE), "pk", None) == old
        assert getattr(parent_on(child, REORG), "pk", None) == new


def test_the_district_federations_ended_on_1_july_2025(fed):
    districts = Unit.objects.filter(subkind=UnitSubkind.DISTRICT)
    assert districts.count() == 8
    in_before = set(Unit.objects.subtree_of(fed.pk, BEFORE).values_list("id", flat=True))
    in_after = set(Unit.objects.subtree_of(fed.pk, REORG).values_list("id", flat=True))
    for district in districts:
        assert district.valid_to == REORG
        assert district.pk in in_before
        assert district.pk not in in_after
        assert UnitLink.objects.valid_on(REORG).filter(parent=district).count() == 0
    communes = Unit.objects.active_on(AS_OF).filter(subkind=UnitSubkind.COMMUNE)
    assert communes.count() >= 1
    assert all(c.valid_from == REORG for c in communes)


def test_members_kept_their_history_through_the_reorganisation(fed):
    ended = Membership.objects.filter(valid_to=REORG, unit_id__in=subtree_unit_ids(fed.pk, BEFORE)).count()
    started = Membership.objects.filter(valid_from=REORG, unit_id__in=subtree_unit_ids(fed.pk, REORG)).count()
    assert (
        count_members_in_subtree(fed.pk, REORG) == count_members_in_subtree(fed.pk, BEFORE) - ended + started
    )
    current = Membership.objects.valid_on(AS_OF).filter(unit_id__in=subtree_unit_ids(fed.pk, AS_OF))
    assert current.filter(valid_from__lt=REORG).count() > 2000
    # Transfers: a membership that ends the day the next one, in another unit, begins.
    spans: dict[int, list[tuple[date, date, int]]] = {}
    for member_id, start, end, unit_id in Membership.objects.values_list(
        "member_id", "valid_from", "valid_to", "unit_id"
    ):
        spans.setdefault(member_id, []).append((start, end, unit_id))
    transferred = {
        member_id
        for member_id, rows in spans.items()
        for (_s1, end, unit1) in rows
        for (start, _e2, unit2) in rows
        if end == start and unit1 != unit2
    }
    assert len(transferred) >= 5
    assert Member.objects.filter(archived_at__isnull=False).count() > 0


def test_members_look_like_lai_chau_members(fed):
    ids = Membership.objects.valid_on(AS_OF).filter(unit_id__in=subtree_unit_ids(fed.pk, AS_OF))
    members = list(Member.objects.filter(pk__in=ids.values("member_id")).select_related("unit"))
    assert len(members) == 4101
    assert len({m.id_number for m in members}) == 4101
    for m in members:
        assert re.fullmatch(r"012[0-3]\d{8}", m.id_number), m.id_number
        assert m.birth_date is not None and date(1966, 1, 1) <= m.birth_date <= date(2005, 12, 31)
        century_gender = (2 if m.birth_date.year >= 2000 else 0) + (1 if m.gender == "female" else 0)
        assert m.id_number[3] == str(century_gender)
        assert m.id_number[4:6] == f"{m.birth_date.year % 100:02d}"
        assert re.fullmatch(r"0[938]\d{8}", m.phone), m.phone
        assert m.joined_on is not None and m.joined_on <= AS_OF
        assert m.full_name == " ".join(p for p in (m.family_name, m.middle_name, m.given_name) if p)
        assert m.position
    ethnicities = {m.ethnicity for m in members}
    assert {"Kinh", "Thái", "Mông", "Dao", "Hà Nhì", "Giáy"} <= ethnicities
    families = {m.family_name for m in members}
    assert {"Lò", "Giàng", "Tẩn", "Nguyễn"} <= families
    public = [m for m in members if m.unit and m.unit.sector == PS]
    women = sum(m.gender == "female" for m in public) / len(public)
    assert 0.45 <= women <= 0.6


def test_every_grassroots_union_has_a_chair_and_the_federation_vice_chairs(fed):
    for unit in grassroots_on(fed, AS_OF):
        chairs = OfficerRole.objects.filter(
            unit=unit, kind="chair", valid_from__lte=AS_OF, valid_to__gt=AS_OF
        )
        assert chairs.count() == 1, unit.name
        assert Membership.objects.valid_on(AS_OF).filter(member=chairs[0].member, unit=unit).exists()
    vice = OfficerRole.objects.filter(unit=fed, kind="vice_chair").select_related("member")
    assert vice.count() >= 2
    assert "Lò Thị Hằng" in {r.member.full_name for r in vice}


def test_the_second_province_is_outside_lai_chau(fed):
    other = Unit.objects.get(code=OTHER_FEDERATION_CODE)
    for on in (BEFORE, AS_OF):
        lai_chau = set(Unit.objects.subtree_of(fed.pk, on).values_list("id", flat=True))
        dien_bien = set(Unit.objects.subtree_of(other.pk, on).values_list("id", flat=True))
        assert len(dien_bien) == 4
        assert not lai_chau & dien_bien
    assert grassroots_on(other, AS_OF).count() == 3
    assert 50 <= count_members_in_subtree(other.pk, AS_OF) <= 70
    staff = Assignment.objects.get(user__username="tinhkhac")
    actor = Actor(user=staff.user, unit_id=staff.unit_id, role=staff.role)
    visible = set(visible_unit_ids(actor, AS_OF).values_list("descendant_id", flat=True))
    assert fed.pk not in visible
    assert not visible & set(grassroots_on(fed, AS_OF).values_list("id", flat=True))


def test_the_demo_logins_act_where_they_should(fed):
    expected = {p.username: (p.role, p.unit_code) for p in LOGINS}
    assert set(expected) == {"tinh", "capcs", "chutich", "doanvien", "kiemtra", "quantri", "tinhkhac"}
    for username, (role, code) in expected.items():
        assignment = Assignment.objects.select_related("unit").get(user__username=username)
        assert (assignment.role, assignment.unit.code) == (role, code)
        assert assignment.unit.is_active_on(AS_OF)
    capcs = Assignment.objects.get(user__username="capcs")
    assert capcs.unit.subkind == UnitSubkind.COMMUNE
    chair = Assignment.objects.get(user__username="chutich")
    assert chair.unit.sector == PS
    assert OfficerRole.objects.filter(member=chair.member, unit=chair.unit, kind="chair").exists()
    member = Assignment.objects.get(user__username="doanvien")
    assert member.member is not None and member.member.unit_id == chair.unit_id
    assert get_user_model().objects.get(username="doanvien").check_password(PASSWORD)


def _counts() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        Member.objects.count(),
        Membership.objects.count(),
        UnitChange.objects.count(),
        get_user_model().objects.count(),
    )


def test_seed_demo_if_empty_does_not_duplicate(demo):
    before = _counts()
    for _ in range(2):
        out = StringIO()
        call_command("seed_demo", "--if-empty", stdout=out)
        assert "không nạp lại" in out.getvalue()
        assert PASSWORD in out.getvalue()
        for login in LOGINS:
            assert re.search(rf"^\s+{login.username}\s", out.getvalue(), re.MULTILINE)
    assert _counts() == before
    with pytest.raises(CommandError, match="đã có"):
        call_command("seed_demo", stdout=StringIO())
    assert _counts() == before


def test_the_demo_registry_holds_the_samples_and_the_2026_guidance_cascades(demo, fed):
    from directives.models import TaskAssignment
    from documents.models import Document, DocumentCitation

    symbols = set(Document.objects.filter(owner_unit=fed).values_list("symbol", flat=True))
    samples = {
        "45/LĐLĐ-CTCĐ",
        "21/KH-LĐLĐ",
        "03/HD-LĐLĐ",
        "18/BC-LĐLĐ",
        "127/QĐ-LĐLĐ",
        "12/CĐVC-TC",
        "09/KH-LĐLĐ",
    }
    assert samples | {demo.documents.guidance_symbol} <= symbols
    assert demo.documents.registered == len(samples)
    # The 2026 guidance is linked to last year's guidance, registered from the samples.
    cited = DocumentCitation.objects.get(
        citing__symbol=demo.documents.guidance_symbol, cited_symbol="03/HD-LĐLĐ"
    )
    assert cited.cited is not None and cited.cited.symbol == "03/HD-LĐLĐ"
    assignments = TaskAssignment.objects.filter(
        task__directive__document__symbol=demo.documents.guidance_symbol
    )
    assert assignments.count() == demo.documents.assignments
    statuses = set(assignments.values_list("status", flat=True))
    assert {"assigned", "acknowledged", "relayed", "done"} <= statuses
    # Relayed tasks reached grassroots unions below the relaying upper union.
    assert assignments.filter(parent_assignment__isnull=False).exists()


def test_the_demo_books_hold_incoming_entries(demo, fed):
    """Each unit the 2026 guidance reached has it in its incoming book; the province's own earlier
    documents are in its outgoing book, the 12/CĐVC-TC letter of the civil servants' union in its incoming one."""
    from documents.models import Document, EntryStatus, IncomingEntry
    from org.models import UnitClosure

    guidance = Document.objects.get(symbol=demo.documents.guidance_symbol, owner_unit=fed)
    children = set(
        UnitClosure.objects.valid_on(guidance.date)
        .filter(ancestor=fed, depth=1)
        .values_list("descendant", flat=True)
    )
    entries = IncomingEntry.objects.filter(document=guidance)
    assert children <= set(entries.values_list("unit_id", flat=True))  # and "Tổng LĐLĐ Việt Nam (b/c)"
    assert set(entries.values_list("status", flat=True)) >= {EntryStatus.PENDING, EntryStatus.DONE}
    assert IncomingEntry.objects.filter(document__symbol="12/CĐVC-TC", unit=fed).exists()
    assert Document.objects.get(symbol="18/BC-LĐLĐ", owner_unit=fed).direction == "outgoing"
    relays = Document.objects.filter(relayed_assignments__isnull=False).distinct()
    assert relays and all(IncomingEntry.objects.filter(document=r).exists() for r in relays)
