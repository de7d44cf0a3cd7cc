"""Build the Lai Châu demo: the union tree with its history, 4,101 members, officers and logins.

The tree goes through the real services (create_unit, move_unit, merge_units, dissolve_unit,
rename_unit), in date order, so UnitLink, UnitChange, UnitSuccession, the closure table and the audit
trail are what a user would have produced. Members are bulk-inserted (with fill_derived) and summed up
in one audit event per province; the few dated transfers and merges of members go through the services.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Assignment, Role
from accounts.scoping import SYSTEM
from accounts.services import create_user_with_assignment
from audit.models import AuditEvent
from audit.services import record
from lamtheo.lib.dates import OPEN_END
from members.models import Gender, Member, Membership, OfficerRole
from members.services import fill_derived, transfer_members
from org.models import Unit, UnitKind, UnitLink
from org.services import (
    UnitSpec,
    create_unit,
    dissolve_unit,
    merge_units,
    move_unit,
    rename_unit,
    update_unit,
)
from study.demo import DemoStudy, build_study

from . import names
from . import units as plan
from .documents import DemoDocuments, build_documents
from .units import AS_OF, FOUNDED, REORG, GrassrootsPlan

PASSWORD = "laichau2026"
TRANSFER_ON = date(2024, 8, 15)  # start of the school year: a few staff change workplace
# (from, to): one member of the `to` unit came from the `from` unit on TRANSFER_ON.
TRANSFERS = [
    ("LC-SN02", "LC-SN03"), ("LC-SN05", "LC-SN06"), ("LC-SN07", "LC-SN01"),
    ("LC-SN09", "LC-SN10"), ("LC-SN11", "LC-SN12"), ("LC-SN13", "LC-SN15"),
]  # fmt: skip
FORMER_SHARE = 0.05  # members who left before the reorganisation (retired, changed job)
TERM_START = date(2023, 7, 1)  # grassroots congresses of the 2023–2028 term
FEDERATION_TERM_START = date(2023, 9, 1)
MIXES = {"public_service": names.MIX_PUBLIC_SERVICE, "enterprise": names.MIX_ENTERPRISE,
         "farmers": names.MIX_FARMERS}  # fmt: skip
PHONE_PREFIXES = (
    "096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038", "039",
    "091", "094", "088", "083", "084", "085", "081", "082", "090", "093", "089",
)  # fmt: skip
LAI_CHAU_ID_PREFIX, DIEN_BIEN_ID_PREFIX = "012", "011"


@dataclass(frozen=True)
class LoginPlan:
    username: str
    role: str
    unit_code: str
    full_name: str = ""  # empty: the name of the linked member


LOGINS = [
    LoginPlan("tinh", Role.FEDERATION_STAFF, plan.FEDERATION_CODE, "Hoàng Thị Thu Hà"),
    LoginPlan("capcs", Role.UPPER_OFFICER, plan.UPPER_LOGIN_UNIT_CODE, "Lò Văn Thoan"),
    LoginPlan("chutich", Role.GRASSROOTS_CHAIR, plan.CHAIR_UNIT_CODE),
    LoginPlan("doanvien", Role.MEMBER, plan.CHAIR_UNIT_CODE),
    LoginPlan("kiemtra", Role.INSPECTOR, plan.FEDERATION_CODE, "Tòng Văn Biên"),
    LoginPlan("quantri", Role.OPERATOR, "TLD", "Quản trị hệ thống"),
    LoginPlan("tinhkhac", Role.FEDERATION_STAFF, plan.OTHER_FEDERATION_CODE, "Quàng Thị Ngọc"),
]


@dataclass(frozen=True)
class Login:
    username: str
    role: str  # Vietnamese label
    unit: str
    full_name: str


@dataclass
class DemoSummary:
    """What build_demo() made. Counts are the builder's own; tests recompute them from the database."""

    seed: int
    federation_id: int
    other_federation_id: int
    grassroots_units: int
    members: int
    member_rows: int
    membership_rows: int
    seconds: float
    logins: list[Login] = field(default_factory=list)
    password: str = PASSWORD
    documents: "DemoDocuments | None" = None
    study: "DemoStudy | None" = None


@dataclass
class _Person:
    member: Member
    spans: list[tuple[Unit, date, date]]  # memberships as first inserted
    final_code: str | None = None  # the grassroots unit on AS_OF (None: no longer a member)
    final_start: date | None = None  # when the membership there began


def demo_exists() -> bool:
    return Unit.objects.filter(code=plan.FEDERATION_CODE).exists()


def demo_logins() -> list[Login]:
    """The demo logins found in the database, in LOGINS order."""
    wanted = {p.username: p for p in LOGINS}
    found = {
        a.user.username: a
        for a in Assignment.objects.filter(user__username__in=wanted).select_related("user", "unit")
    }
    return [
        Login(p.username, found[p.username].get_role_display(), found[p.username].unit.name,
              found[p.username].user.first_name)
        for p in LOGINS
        if p.username in found
    ]  # fmt: skip


def build_demo(seed: int = 2026) -> DemoSummary:
    """Build the whole demo in one transaction. Refuses when the Lai Châu federation exists."""
    started = time.perf_counter()
    plan.check_plan()
    with transaction.atomic():
        if demo_exists():
            raise ValueError("Dữ liệu minh họa LĐLĐ tỉnh Lai Châu đã có trong cơ sở dữ liệu.")
        builder = _Builder(seed)
        summary = builder.run()
        summary.documents = build_documents(get_user_model().objects.get(username="tinh"))
        summary.study = build_study(Unit.objects.get(pk=summary.federation_id), seed)
        # The demo's rows were written in bulk: derive the indicators' summary rows from them once, as
        # `manage.py rebuild_indicators` does after a bulk load, so that figures are read from summaries.
        from indicators.summary import rebuild

        rebuild()
    summary.seconds = round(time.perf_counter() - started, 2)
    return summary


def allocate(rng: random.Random, ranges: list[tuple[int, int]], total: int) -> list[int]:
    """Random sizes within ranges that add up to total exactly."""
    low, high = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
    if not low <= total <= high:
        raise ValueError(f"Cannot reach {total} with sizes between {low} and {high}")
    sizes = [rng.randint(a, b) for a, b in ranges]
    gap = total - sum(sizes)
    while gap:
        i = rng.randrange(len(sizes))
        step = 1 if gap > 0 else -1
        if ranges[i][0] <= sizes[i] + step <= ranges[i][1]:
            sizes[i] += step
            gap -= step
    return sizes


def _aware(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, dtime(8, 0)))


def _years_after(d: date, years: int) -> date:
    return date(d.year + years, d.month, min(d.day, 28))


class _Builder:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.picker = names.Picker(self.rng)
        self.units: dict[str, Unit] = {}  # plan keys ("fed", "gd", "tanphong", ...) and unit codes
        self.id_numbers: set[str] = set(
            Member.objects.exclude(id_number="").values_list("id_number", flat=True)
        )
        self.phones: set[str] = set()
        self.people: list[_Person] = []
        self.transfers: list[tuple[_Person, str]] = []
        self.admin_people: list[_Person] = []
        self.member_rows = 0
        self.membership_rows = 0
        self.sizes: dict[str, int] = {}
        self.current: dict[str, list[_Person]] = {}  # grassroots code -> its members on AS_OF
        self.chairs: dict[str, Member] = {}  # unit code -> chair
        self.positions: dict[str, names.Weighted] = {
            k: names.weighted(s.positions) for k, s in plan.STAFF.items()
        }

    # ----------------------------------------------------------------------------- the run
    def run(self) -> DemoSummary:
        self.plan_sizes()
        self.tree_before()
        self.people_before()
        self.insert_people()
        self.transfer(TRANSFER_ON)
        for merger in plan.MERGERS:
            if merger.on < REORG:
                self.merge(merger)
        self.reorganise()
        self.units_after()
        self.people_after()
        self.insert_people()
        self.officers()
        logins = self.logins()
        self.audit_summary()
        return DemoSummary(
            seed=self.seed,
            federation_id=self.units["fed"].pk,
            other_federation_id=self.units["other"].pk,
            grassroots_units=len(plan.final_grassroots()),
            members=sum(self.sizes[p.code] for p in plan.final_grassroots()),
            member_rows=self.member_rows,
            membership_rows=self.membership_rows,
            seconds=0.0,
            logins=logins,
        )

    def plan_sizes(self) -> None:
        groups = [
            (plan.PUBLIC_SERVICE, plan.TARGET_MEMBERS["public_service"]),
            ([*plan.STATE_ENTERPRISES, *plan.NON_STATE_ENTERPRISES], plan.TARGET_MEMBERS["enterprise"]),
            ([plan.GUILD], plan.TARGET_MEMBERS["guild"]),
        ]
        for plans, total in groups:
            for p, n in zip(plans, allocate(self.rng, [p.size for p in plans], total), strict=True):
                self.sizes[p.code] = n
        for p in [*plan.ADMINISTRATIVE, *plan.OTHER_GRASSROOTS]:
            self.sizes[p.code] = self.rng.randint(*p.size)

    # ----------------------------------------------------------------------------- units
    def _create(self, fields: dict, parent: Unit | None, on: date, decision_ref: str = "") -> Unit:
        spec = UnitSpec(**fields)
        return create_unit(SYSTEM, spec=spec, parent=parent, on=on, decision_ref=decision_ref)

    def _grassroots(self, p: GrassrootsPlan, parent: Unit, on: date, decision_ref: str = "") -> Unit:
        unit = self._create(
            {
                "code": p.code, "name": p.name, "kind": p.kind, "sector": p.sector,
                "header_parent": (parent.short_name or parent.name).upper(), "header_name": p.name.upper(),
                "issuer_code": "NĐCS" if p.kind == UnitKind.GUILD else "CĐCS", "place": p.place,
            },
            parent, on, decision_ref,
        )  # fmt: skip
        self.units[p.code] = unit
        return unit

    def tree_before(self) -> None:
        root = Unit.objects.filter(code=plan.CONFEDERATION["code"]).first()
        if root is None:
            root = self._create(plan.CONFEDERATION, None, plan.CONFEDERATION_FOUNDED)
        self.units["TLD"] = root
        self.units["fed"] = self._create(plan.FEDERATION, root, plan.PROVINCE_FOUNDED)
        self.units["other"] = self._create(plan.OTHER_FEDERATION, root, plan.PROVINCE_FOUNDED)
        fed = self.units["fed"]
        for up in plan.UPPERS:
            self.units[up.key] = self._create(
                {
                    "code": up.code, "name": up.name, "kind": UnitKind.UPPER_GRASSROOTS, "subkind": up.subkind,
                    "short_name": up.short_name, "header_parent": "LĐLĐ TỈNH LAI CHÂU",
                    "header_name": up.name.upper(), "issuer_code": up.issuer_code, "place": up.place,
                },
                fed, up.founded,
            )  # fmt: skip
        before = [p for p in plan.final_grassroots() if p.before is not None]
        before += [s for m in plan.MERGERS for s in m.sources] + plan.ADMINISTRATIVE + plan.OTHER_GRASSROOTS
        for p in before:
            assert p.before is not None
            self._grassroots(p, self.units[p.before], p.founded)

    def merge(self, merger: plan.MergePlan) -> Unit:
        target = next(p for p in plan.final_grassroots() if p.code == merger.target_code)
        parent = self.units[target.after or "fed"]
        unit = merge_units(
            SYSTEM,
            sources=[self.units[s.code] for s in merger.sources],
            target=UnitSpec(
                code=target.code, name=target.name, kind=target.kind, sector=target.sector,
                header_parent=(parent.short_name or parent.name).upper(), header_name=target.name.upper(),
                issuer_code="CĐCS", place=target.place,
            ),
            parent=parent, on=merger.on, decision_ref=merger.decision_ref,
        )  # fmt: skip
        self.units[target.code] = unit
        return unit

    def _children(self, unit: Unit, on: date) -> list[Unit]:
        ids = UnitLink.objects.valid_on(on).filter(parent=unit).values("child_id")
        return list(Unit.objects.filter(id__in=ids).order_by("code"))

    def reorganise(self) -> None:
        """1/7/2025: the district level ends (DOMAIN §2.3)."""
        on, fed = REORG, self.units["fed"]
        # Grassroots unions of administrative agencies end; their people leave the union's records.
        for p in plan.ADMINISTRATIVE:
            dissolve_unit(SYSTEM, unit=self.units[p.code], on=on, decision_ref=plan.GRASSROOTS_DECISION)
        Member.objects.filter(pk__in=[x.member.pk for x in self.admin_people]).update(archived_at=_aware(on))
        # District health centres become regional ones.
        for merger in plan.MERGERS:
            if merger.on == on:
                self.merge(merger)
        for p in plan.PUBLIC_SERVICE:
            if p.renamed_to:
                rename_unit(SYSTEM, unit=self.units[p.code], new_name=p.renamed_to, on=on,
                            decision_ref=plan.GRASSROOTS_DECISION)  # fmt: skip
        communes = {c.key: c for c in plan.COMMUNES}

        def commune_spec(key: str) -> UnitSpec:
            c = communes[key]
            return UnitSpec(
                code=c.code, name=c.name, kind=UnitKind.UPPER_GRASSROOTS, subkind="commune",
                short_name=c.short_name, header_parent="LĐLĐ TỈNH LAI CHÂU", header_name=c.name.upper(),
                issuer_code="CĐ", place=c.place,
            )  # fmt: skip

        merging: dict[str, list[Unit]] = {}
        for up in plan.UPPERS:
            unit = self.units[up.key]
            action, _, key = up.fate.partition(":")
            if action == "stays":
                continue
            if action == "merge":
                merging.setdefault(key, []).append(unit)
                continue
            if action == "commune":
                target = create_unit(SYSTEM, spec=commune_spec(key), parent=fed, on=on,
                                     decision_ref=plan.COMMUNE_DECISION)  # fmt: skip
                self.units[key] = target
            else:
                target = fed
            decision = plan.SECTOR_UNIONS_DECISION if up.subkind == "local_sector" else plan.REORG_DECISION
            for child in self._children(unit, on):
                move_unit(SYSTEM, unit=child, new_parent=target, on=on, decision_ref=decision)
            dissolve_unit(SYSTEM, unit=unit, on=on, decision_ref=decision)
        for key, sources in merging.items():
            self.units[key] = merge_units(
                SYSTEM, sources=sources, target=commune_spec(key), parent=fed, on=on,
                decision_ref=plan.COMMUNE_DECISION,
            )  # fmt: skip
        # The header line "parent body" of each moved grassroots union follows its new parent.
        for p in plan.final_grassroots():
            grassroots = self.units.get(p.code)
            if grassroots is None:
                continue
            link = UnitLink.objects.valid_on(on).filter(child=grassroots).select_related("parent").first()
            if link is None:
                continue
            header = (link.parent.short_name or link.parent.name).upper()
            if grassroots.header_parent != header:
                update_unit(SYSTEM, unit=grassroots, data={"header_parent": header})

    def units_after(self) -> None:
        for number, p in enumerate(
            sorted((p for p in plan.final_grassroots() if p.before is None and p.code not in self.units),
                   key=lambda p: p.founded),
            start=3,
        ):  # fmt: skip
            parent = self.units[p.after or "fed"]
            decided = p.founded - timedelta(days=7)
            ref = f"Quyết định số {number:02d}/QĐ-{parent.issuer_code} ngày {decided.day:02d}/{decided.month:02d}/{decided.year}"
            self._grassroots(p, parent, p.founded, ref)

    # ----------------------------------------------------------------------------- people
    def _date(self, lo: date, hi: date) -> date:
        return lo + timedelta(days=self.rng.randint(0, max(0, (hi - lo).days)))

    def _id_number(self, prefix: str, birth: date, female: bool) -> str:
        digit = (2 if birth.year >= 2000 else 0) + (1 if female else 0)
        while True:
            value = f"{prefix}{digit}{birth.year % 100:02d}{self.rng.randrange(10**6):06d}"
            if value not in self.id_numbers:
                self.id_numbers.add(value)
                return value

    def _phone(self) -> str:
        while True:
            value = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
            if value not in self.phones:
                self.phones.add(value)
                return value

    def _member(
        self, p: GrassrootsPlan, unit: Unit | None, join_from: date, join_to: date, id_prefix: str
    ) -> Member:
        staff = plan.STAFF[p.profile]
        female = self.rng.random() < staff.female
        ethnicity = self.picker.ethnicity(MIXES[staff.mix])
        family, middle, given = self.picker.name(ethnicity, female)
        birth_hi = min(date(2005, 12, 31), _years_after(join_to, -20))
        birth = self._date(date(1966, 1, 1), birth_hi)
        # Most people join the union when they start working (age 20-28); new units enrol on founding.
        lo = max(join_from, _years_after(birth, 20), date(1990, 1, 1))
        joined = _years_after(birth, self.rng.randint(20, 28)) + timedelta(days=self.rng.randint(0, 364))
        if not lo <= joined <= join_to:
            joined = self._date(lo, min(join_to, lo + timedelta(days=400)) if joined < lo else join_to)
        member = Member(
            unit=unit, family_name=family, middle_name=middle, given_name=given,
            gender=Gender.FEMALE if female else Gender.MALE, birth_date=birth, ethnicity=ethnicity,
            id_number=self._id_number(id_prefix, birth, female), phone=self._phone(), joined_on=joined,
            position=self.picker.pick(self.positions[p.profile]),
        )  # fmt: skip
        fill_derived(member)
        member.original_full_name = member.full_name
        return member

    def _add(self, p: GrassrootsPlan, unit: Unit, n: int, *, join_from: date, join_to: date,
             final: bool = True, id_prefix: str = LAI_CHAU_ID_PREFIX) -> list[_Person]:  # fmt: skip
        out = []
        for _ in range(n):
            member = self._member(p, unit, join_from, join_to, id_prefix)
            assert member.joined_on is not None
            start = max(member.joined_on, unit.valid_from)
            person = _Person(member, [(unit, start, OPEN_END)], p.code if final else None, start)
            out.append(person)
        self.people += out
        return out

    def _add_former(self, p: GrassrootsPlan, unit: Unit, n: int) -> None:
        """Members who left before the reorganisation: a closed membership, archived record."""
        for _ in range(n):
            member = self._member(p, None, date(1990, 1, 1), REORG - timedelta(days=400), LAI_CHAU_ID_PREFIX)
            assert member.joined_on is not None
            start = max(member.joined_on, unit.valid_from)
            left = self._date(start + timedelta(days=180), REORG - timedelta(days=1))
            member.archived_at = _aware(left)
            self.people.append(_Person(member, [(unit, start, left)]))

    def people_before(self) -> None:
        """Members of every unit that existed before the reorganisation (inserted before it runs)."""
        moving_in = {to: frm for frm, to in TRANSFERS}
        for p in plan.final_grassroots():
            if p.before is None:
                continue
            unit, n = self.units[p.code], self.sizes[p.code]
            if p.code in moving_in:
                source = self.units[moving_in[p.code]]
                person = self._add(
                    p, source, 1, join_from=date(1990, 1, 1), join_to=TRANSFER_ON - timedelta(days=1)
                )[0]
                person.final_code = p.code
                person.final_start = TRANSFER_ON
                self.transfers.append((person, p.code))
                n -= 1
            if p.code == plan.UNION_OFFICE_CODE:
                leaders = self._add(p, unit, 3, join_from=date(1990, 1, 1), join_to=date(2020, 1, 1))
                self._name(leaders[1].member, "Lò", "Thị", "Hằng", female=True, ethnicity="Thái")
                n -= 3
            self._add(p, unit, n, join_from=date(1990, 1, 1), join_to=AS_OF)
            self._add_former(p, unit, round(n * FORMER_SHARE))
        for merger in plan.MERGERS:
            target_plan = next(p for p in plan.final_grassroots() if p.code == merger.target_code)
            total = self.sizes[target_plan.code]
            counts = [round(total * share) for share in merger.shares[:-1]]
            counts.append(total - sum(counts))
            for source_plan, n in zip(merger.sources, counts, strict=True):
                people = self._add(source_plan, self.units[source_plan.code], n, join_from=date(1990, 1, 1),
                                   join_to=merger.on - timedelta(days=1))  # fmt: skip
                for person in people:
                    person.final_code, person.final_start = target_plan.code, merger.on
        for p in plan.ADMINISTRATIVE:
            unit = self.units[p.code]
            self.admin_people += self._add(p, unit, self.sizes[p.code], join_from=date(1990, 1, 1),
                                           join_to=REORG - timedelta(days=1), final=False)  # fmt: skip
        for p in plan.OTHER_GRASSROOTS:
            self._add(p, self.units[p.code], self.sizes[p.code], join_from=date(1990, 1, 1), join_to=AS_OF,
                      id_prefix=DIEN_BIEN_ID_PREFIX)  # fmt: skip

    def people_after(self) -> None:
        for p in plan.final_grassroots():
            if p.before is None and all(m.target_code != p.code for m in plan.MERGERS):
                self._add(p, self.units[p.code], self.sizes[p.code], join_from=p.founded, join_to=AS_OF)

    def _name(
        self, member: Member, family: str, middle: str, given: str, *, female: bool, ethnicity: str
    ) -> None:
        member.family_name, member.middle_name, member.given_name = family, middle, given
        member.gender = Gender.FEMALE if female else Gender.MALE
        member.ethnicity = ethnicity
        assert member.birth_date is not None
        self.id_numbers.discard(member.id_number)
        member.id_number = self._id_number(member.id_number[:3], member.birth_date, female)
        fill_derived(member)
        member.original_full_name = member.full_name

    def insert_people(self) -> None:
        pending = [p for p in self.people if p.member.pk is None]
        Member.objects.bulk_create([p.member for p in pending], batch_size=500)
        memberships = [
            Membership(member=p.member, unit=unit, valid_from=start, valid_to=end)
            for p in pending
            for unit, start, end in p.spans
        ]
        Membership.objects.bulk_create(memberships, batch_size=500)
        self.member_rows += len(pending)
        self.membership_rows += len(memberships)

    def transfer(self, on: date) -> None:
        by_target: dict[str, list[int]] = {}
        for person, code in self.transfers:
            by_target.setdefault(code, []).append(person.member.pk)
        for code, ids in by_target.items():
            transfer_members(SYSTEM, member_ids=ids, target=self.units[code], on=on)

    # ----------------------------------------------------------------------------- officers, logins
    def officers(self) -> None:
        current: dict[str, list[_Person]] = {}
        for person in self.people:
            if person.final_code:
                current.setdefault(person.final_code, []).append(person)
        roles = []
        for p in [*plan.final_grassroots(), *plan.OTHER_GRASSROOTS]:
            people = sorted(current[p.code], key=lambda x: x.member.pk)
            picks = self.rng.sample(people, 2 if len(people) >= 100 else 1)
            for kind, person in zip(
                (OfficerRole.Kind.CHAIR, OfficerRole.Kind.VICE_CHAIR), picks, strict=False
            ):
                assert person.final_start is not None
                roles.append(OfficerRole(member=person.member, unit=self.units[p.code], kind=kind,
                                         valid_from=max(person.final_start, TERM_START)))  # fmt: skip
        office = sorted(current[plan.UNION_OFFICE_CODE], key=lambda x: x.member.pk)[:3]
        kinds = (OfficerRole.Kind.CHAIR, OfficerRole.Kind.VICE_CHAIR, OfficerRole.Kind.VICE_CHAIR)
        for kind, person in zip(kinds, office, strict=True):
            roles.append(OfficerRole(member=person.member, unit=self.units["fed"], kind=kind,
                                     valid_from=FEDERATION_TERM_START))  # fmt: skip
        OfficerRole.objects.bulk_create(roles)
        self.current = current
        self.chairs = {r.unit.code: r.member for r in roles if r.kind == OfficerRole.Kind.CHAIR}

    def logins(self) -> list[Login]:
        password = make_password(PASSWORD)  # hashed once: the hasher is deliberately slow
        chair = self.chairs[plan.CHAIR_UNIT_CODE]
        ordinary = sorted(
            (x for x in self.current[plan.CHAIR_UNIT_CODE]
             if x.member.pk != chair.pk and x.final_start and x.final_start < REORG),
            key=lambda x: x.member.pk,
        )[0].member  # fmt: skip
        members = {"chutich": chair, "doanvien": ordinary}
        out = []
        for login in LOGINS:
            unit = self.units.get(login.unit_code) or Unit.objects.get(code=login.unit_code)
            member = members.get(login.username)
            full_name = login.full_name or (member.full_name if member else "")
            user, assignment = create_user_with_assignment(
                SYSTEM, username=login.username, password=None,  # type: ignore[arg-type]
                unit=unit, role=login.role, full_name=full_name, member=member, valid_from=unit.valid_from,
            )  # fmt: skip
            get_user_model().objects.filter(pk=user.pk).update(
                password=password,
                is_staff=login.role == Role.OPERATOR,
                is_superuser=login.role == Role.OPERATOR,
            )
            out.append(Login(login.username, assignment.get_role_display(), unit.name, full_name))
        return out

    def audit_summary(self) -> None:
        def event(unit_code: str, province: str, codes: list[str]) -> None:
            inserted = [p for p in self.people if p.spans[0][0].code in codes or p.final_code in codes]
            current = [p for p in inserted if p.final_code]
            record(
                SYSTEM, action=AuditEvent.Action.IMPORT, model="members.member", unit_id=self.units[unit_code].pk,
                summary=f"Nạp dữ liệu minh họa {province}: {len(current)} đoàn viên đang sinh hoạt, "
                        f"{len(inserted)} hồ sơ đoàn viên",
                after={"seed": self.seed, "members_current": len(current), "member_records": len(inserted),
                       "as_of": AS_OF.isoformat()},
            )  # fmt: skip

        other = [p.code for p in plan.OTHER_GRASSROOTS]
        lai_chau = [code for code in self.units if code.startswith("LC-")]
        event("fed", "LĐLĐ tỉnh Lai Châu", lai_chau)
        event("other", "LĐLĐ tỉnh Điện Biên", other)


__all__ = ["AS_OF", "FOUNDED", "LOGINS", "PASSWORD", "REORG", "DemoSummary", "Login", "build_demo",
           "demo_exists", "demo_logins"]  # fmt: skip
