"""Shared test actors and trees (healthchecks' hc/test.py style)."""

from dataclasses import dataclass
from datetime import date

from accounts.models import Role
from accounts.scoping import SYSTEM, Actor
from accounts.services import create_user_with_assignment
from members.models import Member
from members.services import create_member
from org.models import Sector, Unit, UnitKind, UnitSubkind
from org.services import UnitSpec, create_unit

PASSWORD = "matkhau-thu-123"
START = date(2020, 1, 1)


@dataclass
class SmallTree:
    """Two provinces. A: federation A → district A1 → CĐCS a1, a2 (+ guild g); B: federation B → CĐCS b1."""

    root: Unit
    fed_a: Unit
    district_a1: Unit
    cdcs_a1: Unit
    cdcs_a2: Unit
    guild: Unit
    fed_b: Unit
    cdcs_b1: Unit
    member_a1: Member
    member_a2: Member
    member_b1: Member


def unit(code: str, name: str, kind: str, parent: Unit | None, **extra) -> Unit:
    spec = UnitSpec(code=code, name=name, kind=kind, **extra)
    return create_unit(SYSTEM, spec=spec, parent=parent, on=START)


def build_small_tree() -> SmallTree:
    root = unit(
        "TLD",
        "Tổng Liên đoàn Lao động Việt Nam",
        UnitKind.CONFEDERATION,
        None,
        issuer_code="TLĐ",
        place="Hà Nội",
    )
    fed_a = unit("LDLD-A", "Liên đoàn Lao động tỉnh An Hòa", UnitKind.PROVINCIAL_FEDERATION, root,
                 issuer_code="LĐLĐ", place="An Hòa", header_parent="TỔNG LĐLĐ VIỆT NAM")  # fmt: skip
    district = unit("LDLD-A1", "Liên đoàn Lao động huyện Đông Sơn", UnitKind.UPPER_GRASSROOTS, fed_a,
                    subkind=UnitSubkind.DISTRICT)  # fmt: skip
    a1 = unit("CDCS-A1", "Công đoàn Trường Tiểu học Đông Sơn", UnitKind.GRASSROOTS, district,
              sector=Sector.PUBLIC_SERVICE_UNIT)  # fmt: skip
    a2 = unit("CDCS-A2", "Công đoàn Công ty TNHH Đức Thành", UnitKind.GRASSROOTS, district,
              sector=Sector.NON_STATE_ENTERPRISE)  # fmt: skip
    guild = unit("ND-A", "Nghiệp đoàn Xe ôm Đông Sơn", UnitKind.GUILD, district, sector=Sector.GUILD)
    fed_b = unit(
        "LDLD-B", "Liên đoàn Lao động tỉnh Bình Sơn", UnitKind.PROVINCIAL_FEDERATION, root, issuer_code="LĐLĐ"
    )
    b1 = unit(
        "CDCS-B1",
        "Công đoàn Bệnh viện Bình Sơn",
        UnitKind.GRASSROOTS,
        fed_b,
        sector=Sector.PUBLIC_SERVICE_UNIT,
    )
    m_a1 = create_member(SYSTEM, unit=a1, full_name="Nguyễn Văn Đức",
                         data={"birth_date": date(1990, 5, 1), "id_number": "001090000001", "phone": "0912345678",
                               "gender": "male"}, on=START)  # fmt: skip
    m_a2 = create_member(
        SYSTEM, unit=a2, full_name="Trần Thị Ánh", data={"id_number": "001190000002"}, on=START
    )
    m_b1 = create_member(SYSTEM, unit=b1, full_name="Lê Văn Bình", data={"id_number": "002090000003",
                         "phone": "0987654321", "birth_date": date(1985, 1, 2)}, on=START)  # fmt: skip
    return SmallTree(root, fed_a, district, a1, a2, guild, fed_b, b1, m_a1, m_a2, m_b1)


def make_user(unit: Unit, role: str = Role.FEDERATION_STAFF, username: str | None = None):
    username = username or f"{role}-{unit.code}".lower()
    user, assignment = create_user_with_assignment(
        SYSTEM, username=username, password=PASSWORD, unit=unit, role=role
    )
    return user


def actor_for(unit: Unit, role: str = Role.FEDERATION_STAFF, user=None) -> Actor:
    return Actor(user=user, unit_id=unit.pk, role=role)
