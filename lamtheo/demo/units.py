"""The Lai Châu union tree for the demo, before and after the 1/7/2025 reorganisation.

Figures on 31/3/2026 follow the five-year review (seed 002, Số 18/BC-LĐLĐ): 85 grassroots unions,
24 public-service units (2,516 members), 60 enterprises, 6 with state capital and 54 without
(1,561 members), and one guild (24 members): 4,101 members.

Before 1/7/2025 the provincial federation had eight district federations (LĐLĐ huyện, thành phố),
the sector unions for education and health, and the provincial civil-servants union. On 1/7/2025
(DOMAIN §2.3) the district federations and the local sector unions ended; commune/ward unions were set
up where about ten or more grassroots unions remained (one of them also manages the neighbouring
former district), the rest of the grassroots unions moved directly under the provincial federation,
grassroots unions of administrative agencies ended, and district health centres became regional ones.
Unit names are realistic but the enterprises and all people are invented.
"""

from dataclasses import dataclass, field
from datetime import date

from org.models import Sector, UnitKind, UnitSubkind

CONFEDERATION_FOUNDED = date(1929, 7, 28)
PROVINCE_FOUNDED = date(2004, 1, 1)  # today's Lai Châu province dates from 1/1/2004
FOUNDED = date(2015, 1, 1)  # start of the recorded history of the lower levels
MEDIA_MERGER = date(2025, 3, 1)
REORG = date(2025, 7, 1)
AS_OF = date(2026, 3, 31)

REORG_DECISION = "Quyết định số 125/QĐ-LĐLĐ ngày 25/6/2025"
COMMUNE_DECISION = "Quyết định số 126/QĐ-LĐLĐ ngày 25/6/2025"
SECTOR_UNIONS_DECISION = "Quyết định số 127/QĐ-LĐLĐ ngày 25/6/2025"
GRASSROOTS_DECISION = "Quyết định số 128/QĐ-LĐLĐ ngày 25/6/2025"
MEDIA_DECISION = "Quyết định số 41/QĐ-LĐLĐ ngày 24/02/2025"

CONFEDERATION = {
    "code": "TLD",
    "name": "Tổng Liên đoàn Lao động Việt Nam",
    "kind": UnitKind.CONFEDERATION,
    "short_name": "Tổng LĐLĐ Việt Nam",
    "issuer_code": "TLĐ",
    "place": "Hà Nội",
    "header_name": "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM",
}
FEDERATION_CODE = "LDLD-LAICHAU"
FEDERATION = {
    "code": FEDERATION_CODE,
    "name": "Liên đoàn Lao động tỉnh Lai Châu",
    "kind": UnitKind.PROVINCIAL_FEDERATION,
    "short_name": "LĐLĐ tỉnh Lai Châu",
    "issuer_code": "LĐLĐ",
    "place": "Lai Châu",
    "header_parent": "TỔNG LĐLĐ VIỆT NAM",
    "header_name": "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
}
OTHER_FEDERATION_CODE = "LDLD-DIENBIEN"
OTHER_FEDERATION = {
    "code": OTHER_FEDERATION_CODE,
    "name": "Liên đoàn Lao động tỉnh Điện Biên",
    "kind": UnitKind.PROVINCIAL_FEDERATION,
    "short_name": "LĐLĐ tỉnh Điện Biên",
    "issuer_code": "LĐLĐ",
    "place": "Điện Biên",
    "header_parent": "TỔNG LĐLĐ VIỆT NAM",
    "header_name": "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN",
}


@dataclass(frozen=True)
class UpperPlan:
    """An upper-grassroots union. `fate` on 1/7/2025: 'stays', 'dissolve' (children to the federation),
    'commune:<key>' (children to a new commune union created on that day), 'merge:<key>' (merged with the
    other districts of that key into a new commune union)."""

    key: str
    code: str
    name: str
    short_name: str
    subkind: str
    place: str
    issuer_code: str
    fate: str
    founded: date = FOUNDED


UPPERS = [
    UpperPlan("gd", "LC-CDGD", "Công đoàn ngành Giáo dục tỉnh Lai Châu", "CĐ ngành Giáo dục Lai Châu",
              UnitSubkind.LOCAL_SECTOR, "Lai Châu", "CĐGD", "dissolve"),
    UpperPlan("yt", "LC-CDYT", "Công đoàn ngành Y tế tỉnh Lai Châu", "CĐ ngành Y tế Lai Châu",
              UnitSubkind.LOCAL_SECTOR, "Lai Châu", "CĐYT", "dissolve"),
    UpperPlan("vc", "LC-CDVC", "Công đoàn Viên chức tỉnh Lai Châu", "CĐ Viên chức tỉnh Lai Châu",
              UnitSubkind.CIVIL_SERVANTS, "Lai Châu", "CĐVC", "stays"),
    UpperPlan("tp", "LC-LDLD-TP", "Liên đoàn Lao động thành phố Lai Châu", "LĐLĐ thành phố Lai Châu",
              UnitSubkind.DISTRICT, "Lai Châu", "LĐLĐ", "commune:tanphong"),
    UpperPlan("td", "LC-LDLD-TD", "Liên đoàn Lao động huyện Tam Đường", "LĐLĐ huyện Tam Đường",
              UnitSubkind.DISTRICT, "Tam Đường", "LĐLĐ", "merge:tamduong"),
    UpperPlan("pt", "LC-LDLD-PT", "Liên đoàn Lao động huyện Phong Thổ", "LĐLĐ huyện Phong Thổ",
              UnitSubkind.DISTRICT, "Phong Thổ", "LĐLĐ", "merge:tamduong"),
    UpperPlan("sh", "LC-LDLD-SH", "Liên đoàn Lao động huyện Sìn Hồ", "LĐLĐ huyện Sìn Hồ",
              UnitSubkind.DISTRICT, "Sìn Hồ", "LĐLĐ", "dissolve"),
    UpperPlan("mt", "LC-LDLD-MT", "Liên đoàn Lao động huyện Mường Tè", "LĐLĐ huyện Mường Tè",
              UnitSubkind.DISTRICT, "Mường Tè", "LĐLĐ", "dissolve"),
    UpperPlan("nn", "LC-LDLD-NN", "Liên đoàn Lao động huyện Nậm Nhùn", "LĐLĐ huyện Nậm Nhùn",
              UnitSubkind.DISTRICT, "Nậm Nhùn", "LĐLĐ", "dissolve"),
    UpperPlan("tu", "LC-LDLD-TU", "Liên đoàn Lao động huyện Than Uyên", "LĐLĐ huyện Than Uyên",
              UnitSubkind.DISTRICT, "Than Uyên", "LĐLĐ", "merge:thanuyen"),
    UpperPlan("tnu", "LC-LDLD-TNU", "Liên đoàn Lao động huyện Tân Uyên", "LĐLĐ huyện Tân Uyên",
              UnitSubkind.DISTRICT, "Tân Uyên", "LĐLĐ", "merge:thanuyen"),
]  # fmt: skip


@dataclass(frozen=True)
class CommunePlan:
    key: str
    code: str
    name: str
    short_name: str
    place: str


COMMUNES = [
    CommunePlan("tanphong", "LC-CDP-TANPHONG", "Công đoàn phường Tân Phong", "CĐ phường Tân Phong", "Tân Phong"),
    CommunePlan("tamduong", "LC-CDX-TAMDUONG", "Công đoàn xã Tam Đường", "CĐ xã Tam Đường", "Tam Đường"),
    CommunePlan("thanuyen", "LC-CDX-THANUYEN", "Công đoàn xã Than Uyên", "CĐ xã Than Uyên", "Than Uyên"),
]  # fmt: skip


@dataclass(frozen=True)
class GrassrootsPlan:
    """A grassroots union. `before`: parent key until 1/7/2025 ('fed' = the provincial federation;
    None when founded later). `after`: parent key on 31/3/2026 (None when it ended)."""

    code: str
    name: str
    sector: str
    profile: str
    before: str | None
    after: str | None
    size: tuple[int, int]
    founded: date = FOUNDED
    kind: str = UnitKind.GRASSROOTS
    renamed_to: str = ""  # new name from 1/7/2025
    place: str = "Lai Châu"


PS, SE, NS, AD = (
    Sector.PUBLIC_SERVICE_UNIT,
    Sector.STATE_ENTERPRISE,
    Sector.NON_STATE_ENTERPRISE,
    Sector.ADMINISTRATIVE_AGENCY,
)
SCHOOL = (40, 110)


def _schools() -> list[GrassrootsPlan]:
    names = [
        ("Trường THPT Chuyên Lê Quý Đôn", (55, 95), "Lai Châu"),
        ("Trường THPT Thành phố Lai Châu", SCHOOL, "Lai Châu"),
        ("Trường THPT Tam Đường", SCHOOL, "Tam Đường"),
        ("Trường THPT Bình Lư", SCHOOL, "Tam Đường"),
        ("Trường THPT Phong Thổ", SCHOOL, "Phong Thổ"),
        ("Trường THPT Dào San", SCHOOL, "Phong Thổ"),
        ("Trường THPT Sìn Hồ", SCHOOL, "Sìn Hồ"),
        ("Trường THPT Mường Tè", SCHOOL, "Mường Tè"),
        ("Trường THPT Than Uyên", SCHOOL, "Than Uyên"),
        ("Trường THPT Mường Kim", SCHOOL, "Than Uyên"),
        ("Trường THPT Tân Uyên", SCHOOL, "Tân Uyên"),
        ("Trường Phổ thông Dân tộc Nội trú tỉnh Lai Châu", (60, 110), "Lai Châu"),
    ]
    return [
        GrassrootsPlan(f"LC-SN{i:02d}", f"Công đoàn {n}", PS, "school", "gd", "fed", size, place=place)
        for i, (n, size, place) in enumerate(names, start=1)
    ]


# Public service units: 12 schools + 7 health + 5 under the civil-servants union = 24 on 31/3/2026.
PUBLIC_SERVICE = _schools() + [
    GrassrootsPlan("LC-SN13", "Công đoàn Bệnh viện Đa khoa tỉnh Lai Châu", PS, "hospital", "yt", "fed", (180, 250)),
    GrassrootsPlan("LC-SN14", "Công đoàn Bệnh viện Y dược cổ truyền tỉnh Lai Châu", PS, "hospital", "yt", "fed", (60, 130)),
    GrassrootsPlan("LC-SN15", "Công đoàn Trung tâm Kiểm soát bệnh tật tỉnh Lai Châu", PS, "health", "yt", "fed", (50, 110)),
    GrassrootsPlan("LC-SN16", "Công đoàn Trung tâm Y tế huyện Sìn Hồ", PS, "health", "yt", "fed", (80, 200),
                   renamed_to="Công đoàn Trung tâm Y tế khu vực Sìn Hồ", place="Sìn Hồ"),
    GrassrootsPlan("LC-SN17", "Công đoàn Trung tâm Y tế huyện Phong Thổ", PS, "health", "yt", "fed", (80, 200),
                   renamed_to="Công đoàn Trung tâm Y tế khu vực Phong Thổ", place="Phong Thổ"),
    GrassrootsPlan("LC-SN18", "Công đoàn Trung tâm Y tế huyện Mường Tè", PS, "health", "yt", "fed", (80, 200),
                   renamed_to="Công đoàn Trung tâm Y tế khu vực Mường Tè", place="Mường Tè"),
    # Merged on 1/7/2025 from the two district health centres below (MERGERS).
    GrassrootsPlan("LC-SN19", "Công đoàn Trung tâm Y tế khu vực Than Uyên", PS, "health", None, "fed", (120, 240),
                   founded=REORG, place="Than Uyên"),
    GrassrootsPlan("LC-SN20", "Công đoàn Trường Cao đẳng Cộng đồng Lai Châu", PS, "college", "vc", "vc", (60, 120)),
    # Merged on 1/3/2025 from the newspaper and the radio-television station (MERGERS).
    GrassrootsPlan("LC-SN21", "Công đoàn Báo và Phát thanh, Truyền hình Lai Châu", PS, "media", None, "vc", (70, 130),
                   founded=MEDIA_MERGER),
    GrassrootsPlan("LC-SN22", "Công đoàn Trung tâm Dịch vụ việc làm tỉnh Lai Châu", PS, "agency", "vc", "vc", (40, 70)),
    GrassrootsPlan("LC-SN23", "Công đoàn Ban Quản lý Khu bảo tồn thiên nhiên Mường Tè", PS, "forest", "vc", "vc", (40, 60),
                   place="Mường Tè"),
    GrassrootsPlan("LC-SN24", "Công đoàn Cơ quan Liên đoàn Lao động tỉnh Lai Châu", PS, "union_office", "vc", "vc", (22, 35)),
]  # fmt: skip


@dataclass(frozen=True)
class MergePlan:
    sources: list[GrassrootsPlan]
    target_code: str
    on: date
    decision_ref: str
    shares: list[float] = field(default_factory=list)  # share of the target's members in each source


MERGERS = [
    MergePlan(
        [
            GrassrootsPlan("LC-SN91", "Công đoàn Trung tâm Y tế huyện Than Uyên", PS, "health", "yt", None, (0, 0),
                           place="Than Uyên"),
            GrassrootsPlan("LC-SN92", "Công đoàn Trung tâm Y tế huyện Tân Uyên", PS, "health", "yt", None, (0, 0),
                           place="Tân Uyên"),
        ],
        "LC-SN19", REORG, GRASSROOTS_DECISION, [0.55, 0.45],
    ),
    MergePlan(
        [
            GrassrootsPlan("LC-SN93", "Công đoàn Báo Lai Châu", PS, "media", "vc", None, (0, 0)),
            GrassrootsPlan("LC-SN94", "Công đoàn Đài Phát thanh - Truyền hình tỉnh Lai Châu", PS, "media", "vc", None,
                           (0, 0)),
        ],
        "LC-SN21", MEDIA_MERGER, MEDIA_DECISION, [0.4, 0.6],
    ),
]  # fmt: skip

# Grassroots unions of administrative agencies: ended on 1/7/2025 with the district level.
ADMINISTRATIVE = [
    GrassrootsPlan("LC-HC01", "Công đoàn Cơ quan Ủy ban nhân dân thành phố Lai Châu", AD, "admin", "tp", None, (15, 30)),
    GrassrootsPlan("LC-HC02", "Công đoàn Cơ quan Ủy ban nhân dân huyện Tam Đường", AD, "admin", "td", None, (15, 30),
                   place="Tam Đường"),
    GrassrootsPlan("LC-HC03", "Công đoàn Cơ quan Ủy ban nhân dân huyện Than Uyên", AD, "admin", "tu", None, (15, 30),
                   place="Than Uyên"),
    GrassrootsPlan("LC-HC04", "Công đoàn Cơ quan Huyện ủy Mường Tè", AD, "admin", "mt", None, (12, 25),
                   place="Mường Tè"),
]  # fmt: skip

STATE_ENTERPRISES = [
    GrassrootsPlan("LC-DN01", "Công đoàn Công ty TNHH MTV Xổ số kiến thiết Lai Châu", SE, "lottery", "fed", "fed", (15, 30)),
    GrassrootsPlan("LC-DN02", "Công đoàn Công ty Cổ phần Cấp nước Lai Châu", SE, "water", "fed", "fed", (40, 80)),
    GrassrootsPlan("LC-DN03", "Công đoàn Công ty Cổ phần Quản lý và Xây dựng đường bộ Lai Châu", SE, "roads", "fed", "fed",
                   (30, 70)),
    GrassrootsPlan("LC-DN04", "Công đoàn Công ty Cổ phần Môi trường và Đô thị Lai Châu", SE, "urban", "fed", "fed", (40, 80)),
    GrassrootsPlan("LC-DN05", "Công đoàn Công ty TNHH MTV Khai thác công trình thủy lợi Lai Châu", SE, "irrigation", "fed",
                   "fed", (30, 60)),
    GrassrootsPlan("LC-DN06", "Công đoàn Công ty Cổ phần Sách và Thiết bị trường học Lai Châu", SE, "trade", "fed", "fed",
                   (8, 20)),
]  # fmt: skip

# Non-state enterprises by former district: (district key, new parent, [(name, profile)]).
_NON_STATE_BY_DISTRICT = [
    ("tp", "tanphong", [
        ("Công ty TNHH Xây dựng Hoàng Anh Lai Châu", "build"),
        ("Công ty Cổ phần Đầu tư và Xây dựng Tân Phong", "build"),
        ("Công ty TNHH Thương mại và Dịch vụ Đoàn Kết", "trade"),
        ("Công ty Cổ phần Vận tải Hành khách Lai Châu", "transport"),
        ("Công ty TNHH Tư vấn Thiết kế Xây dựng Trường Sơn", "consult"),
        ("Công ty Cổ phần Bê tông và Vật liệu xây dựng Lai Châu", "materials"),
        ("Công ty TNHH Khách sạn Mường Thanh Lai Châu", "hotel"),
        ("Công ty TNHH Một thành viên Minh Phát Lai Châu", "trade"),
        ("Công ty Cổ phần Dược phẩm Lai Châu", "pharma"),
        ("Công ty TNHH In và Quảng cáo Đoàn Kết", "print"),
        ("Công ty Cổ phần Đầu tư Phát triển Hưng Thịnh", "build"),
        ("Công ty TNHH Xăng dầu Thành Đạt", "fuel"),
        ("Công ty TNHH Dịch vụ Bảo vệ Sông Đà Lai Châu", "security"),
        ("Công ty Cổ phần Nước sạch Phúc Khánh", "water"),
        ("Công ty TNHH Thời trang và May mặc Tân Phong", "garment"),
        ("Công ty TNHH Nội thất Gỗ Lai Châu", "wood"),
        ("Công ty Cổ phần Thực phẩm Sạch Tây Bắc", "food"),
        ("Công ty TNHH Điện máy và Công nghệ Quyết Tiến", "trade"),
    ]),
    ("td", "tamduong", [
        ("Công ty Cổ phần Chè Tam Đường", "tea"),
        ("Công ty TNHH Chè Bình Lư", "tea"),
        ("Công ty Cổ phần Khai thác Khoáng sản Đông Pao", "mining"),
        ("Công ty TNHH Du lịch Sinh thái Pu Ta Leng", "hotel"),
        ("Công ty Cổ phần Thủy điện Bản Bo", "hydro"),
        ("Công ty TNHH Vật liệu Xây dựng Sơn Bình", "materials"),
        ("Công ty Cổ phần Mắc ca Tam Đường", "farm"),
    ]),
    ("pt", "tamduong", [
        ("Công ty Cổ phần Thủy điện Nậm Na", "hydro"),
        ("Công ty Cổ phần Thủy điện Nậm Na 2", "hydro"),
        ("Công ty TNHH Thương mại Cửa khẩu Ma Lù Thàng", "trade"),
        ("Công ty Cổ phần Chè Dào San", "tea"),
    ]),
    ("tu", "thanuyen", [
        ("Công ty Cổ phần Thủy điện Nậm Mở", "hydro"),
        ("Công ty Cổ phần Thủy điện Mường Kim", "hydro"),
        ("Công ty TNHH Chè Than Uyên", "tea"),
        ("Công ty Cổ phần Xây dựng và Thương mại Mường Than", "build"),
        ("Công ty TNHH Nông sản Sạch Phúc Than", "farm"),
        ("Công ty TNHH Khai thác Đá Mường Mít", "mining"),
    ]),
    ("tnu", "thanuyen", [
        ("Công ty Cổ phần Trà Tân Uyên", "tea"),
        ("Công ty TNHH Chè Phúc Khoa", "tea"),
        ("Công ty Cổ phần Thủy điện Nậm Sỏ", "hydro"),
        ("Công ty TNHH Nông lâm nghiệp Tân Uyên", "farm"),
        ("Công ty TNHH Vận tải Hưng Phát Tân Uyên", "transport"),
    ]),
    ("sh", "fed", [
        ("Công ty Cổ phần Thủy điện Nậm Củm", "hydro"),
        ("Công ty TNHH Dược liệu Sìn Hồ", "farm"),
        ("Công ty Cổ phần Thủy điện Nậm Tăm", "hydro"),
    ]),
    ("mt", "fed", [
        ("Công ty Cổ phần Thủy điện Pắc Ma", "hydro"),
        ("Công ty TNHH Quế Mường Tè", "farm"),
        ("Công ty TNHH Xây dựng Ka Lăng", "build"),
    ]),
    ("nn", "fed", [
        ("Công ty Cổ phần Thủy điện Nậm Nhùn", "hydro"),
        ("Công ty TNHH Lâm sản Nậm Hàng", "wood"),
        ("Công ty TNHH Vận tải và Du lịch Lê Lợi", "transport"),
    ]),
]  # fmt: skip

# Founded after the reorganisation: (new parent, founding date, name, profile).
_NON_STATE_LATER = [
    ("tanphong", date(2025, 9, 15), "Công ty TNHH Thương mại Điện tử Lai Châu Xanh", "trade"),
    ("thanuyen", date(2025, 10, 1), "Công ty Cổ phần Chè Shan Tuyết Tân Uyên", "tea"),
    ("tamduong", date(2025, 11, 20), "Công ty TNHH Dâu tây Tam Đường", "farm"),
    ("tanphong", date(2026, 1, 12), "Công ty Cổ phần Logistics Tây Bắc", "transport"),
    ("fed", date(2026, 2, 2), "Công ty TNHH Năng lượng Tái tạo Lai Châu", "energy"),
]

SIZE_BY_PROFILE = {
    "hydro": (12, 45), "tea": (20, 80), "build": (10, 50), "trade": (8, 30), "transport": (10, 40),
    "consult": (8, 20), "materials": (12, 45), "hotel": (12, 40), "pharma": (10, 35), "print": (8, 20),
    "fuel": (8, 25), "security": (15, 50), "water": (10, 40), "garment": (30, 80), "wood": (10, 35),
    "food": (10, 40), "mining": (15, 55), "farm": (10, 45), "energy": (8, 20),
}  # fmt: skip
_PLACES = {"tp": "Lai Châu", "td": "Tam Đường", "pt": "Phong Thổ", "tu": "Than Uyên", "tnu": "Tân Uyên",
           "sh": "Sìn Hồ", "mt": "Mường Tè", "nn": "Nậm Nhùn", "tanphong": "Lai Châu", "tamduong": "Tam Đường",
           "thanuyen": "Than Uyên", "fed": "Lai Châu"}  # fmt: skip


def _non_state() -> list[GrassrootsPlan]:
    out: list[GrassrootsPlan] = []
    for district, after, rows in _NON_STATE_BY_DISTRICT:
        for name, profile in rows:
            code = f"LC-DN{len(out) + 7:02d}"
            out.append(GrassrootsPlan(code, f"Công đoàn {name}", NS, profile, district, after,
                                      SIZE_BY_PROFILE[profile], place=_PLACES[district]))  # fmt: skip
    for after, founded, name, profile in _NON_STATE_LATER:
        code = f"LC-DN{len(out) + 7:02d}"
        out.append(GrassrootsPlan(code, f"Công đoàn {name}", NS, profile, None, after,
                                  SIZE_BY_PROFILE[profile], founded=founded, place=_PLACES[after]))  # fmt: skip
    return out


NON_STATE_ENTERPRISES = _non_state()

GUILD = GrassrootsPlan("LC-ND01", "Nghiệp đoàn Nông sản Tam Đường", Sector.GUILD, "guild", "td", "tamduong",
                       (24, 24), kind=UnitKind.GUILD, place="Tam Đường")  # fmt: skip

# The targets of seed 002 (sector -> (units, members)); enterprises share one member total.
TARGET_UNITS = {PS: 24, SE: 6, NS: 54, Sector.GUILD: 1}
TARGET_MEMBERS = {"public_service": 2516, "enterprise": 1561, "guild": 24}
TARGET_TOTAL_MEMBERS = 4101

# The small second province: federation -> 3 grassroots unions (about 60 members).
OTHER_GRASSROOTS = [
    GrassrootsPlan("DB-SN01", "Công đoàn Trường THPT Phan Đình Giót", PS, "school", "other", "other", (24, 24),
                   place="Điện Biên"),
    GrassrootsPlan("DB-DN01", "Công đoàn Công ty Cổ phần Xi măng Điện Biên", SE, "materials", "other", "other",
                   (20, 20), place="Điện Biên"),
    GrassrootsPlan("DB-DN02", "Công đoàn Công ty TNHH Cà phê Mường Ảng", NS, "farm", "other", "other", (16, 16),
                   place="Điện Biên"),
]  # fmt: skip

CHAIR_UNIT_CODE = "LC-SN01"  # Công đoàn Trường THPT Chuyên Lê Quý Đôn: the "chutich" and "doanvien" logins
UPPER_LOGIN_UNIT_CODE = "LC-CDP-TANPHONG"
UNION_OFFICE_CODE = "LC-SN24"


def final_grassroots() -> list[GrassrootsPlan]:
    """The 85 grassroots unions of 31/3/2026."""
    return [*PUBLIC_SERVICE, *STATE_ENTERPRISES, *NON_STATE_ENTERPRISES, GUILD]


def check_plan() -> None:
    """The plan itself matches seed 002 (guards against editing mistakes in the lists above)."""
    units = final_grassroots()
    by_sector: dict[str, int] = {}
    for plan in units:
        by_sector[plan.sector] = by_sector.get(plan.sector, 0) + 1
    if by_sector != TARGET_UNITS:
        raise ValueError(f"Demo plan has {by_sector}, expected {TARGET_UNITS}")
    codes = (
        [p.code for p in units]
        + [s.code for m in MERGERS for s in m.sources]
        + [p.code for p in ADMINISTRATIVE]
    )
    if len(codes) != len(set(codes)):
        raise ValueError("Duplicate unit codes in the demo plan")


@dataclass(frozen=True)
class Staff:
    """Who works in a kind of unit: share of women and the positions, weighted ('name:weight')."""

    female: float
    positions: str
    mix: str = "enterprise"  # names.MIX_* key: public_service, enterprise, farmers


STAFF = {
    "school": Staff(0.54, "Giáo_viên:40 Nhân_viên_văn_thư:2 Kế_toán:2 Nhân_viên_thiết_bị:2 Nhân_viên_y_tế_trường_học:1 "
                          "Tổ_trưởng_chuyên_môn:4 Phó_Hiệu_trưởng:2 Hiệu_trưởng:1", "public_service"),
    "hospital": Staff(0.6, "Bác_sĩ:14 Điều_dưỡng:24 Hộ_sinh:4 Dược_sĩ:3 Kỹ_thuật_viên_xét_nghiệm:3 "
                            "Kỹ_thuật_viên_chẩn_đoán_hình_ảnh:2 Hộ_lý:3 Kế_toán:2 Chuyên_viên_hành_chính:2", "public_service"),
    "health": Staff(0.52, "Bác_sĩ:10 Y_sĩ:6 Điều_dưỡng:14 Hộ_sinh:3 Dược_sĩ:3 Kỹ_thuật_viên_xét_nghiệm:3 "
                          "Cán_bộ_y_tế_dự_phòng:4 Kế_toán:2 Chuyên_viên_hành_chính:2", "public_service"),
    "college": Staff(0.5, "Giảng_viên:20 Chuyên_viên_phòng_Đào_tạo:3 Kế_toán:2 Nhân_viên_thư_viện:1", "public_service"),
    "media": Staff(0.45, "Phóng_viên:10 Biên_tập_viên:8 Kỹ_thuật_viên:5 Phát_thanh_viên:3 Quay_phim:3 Kế_toán:1",
                   "public_service"),
    "agency": Staff(0.5, "Chuyên_viên:10 Tư_vấn_viên_việc_làm:6 Kế_toán:1 Văn_thư:1", "public_service"),
    "forest": Staff(0.25, "Viên_chức_bảo_vệ_rừng:12 Kỹ_sư_lâm_nghiệp:4 Chuyên_viên:2 Kế_toán:1", "public_service"),
    "union_office": Staff(0.5, "Chuyên_viên:10 Trưởng_ban:3 Phó_Trưởng_ban:3 Kế_toán:1 Văn_thư:1 Lái_xe:1",
                          "public_service"),
    "admin": Staff(0.45, "Chuyên_viên:12 Văn_thư:2 Kế_toán:2 Lái_xe:1", "public_service"),
    "hydro": Staff(0.12, "Công_nhân_vận_hành:12 Kỹ_sư_điện:4 Trưởng_ca:3 Công_nhân_sửa_chữa:4 Bảo_vệ:2 Kế_toán:1"),
    "tea": Staff(0.62, "Công_nhân_chế_biến_chè:12 Công_nhân_chăm_sóc_chè:10 Kỹ_thuật_viên:2 Thủ_kho:1 Kế_toán:1"),
    "build": Staff(0.15, "Công_nhân_xây_dựng:14 Kỹ_sư_xây_dựng:4 Lái_máy:3 Chỉ_huy_trưởng_công_trình:1 Kế_toán:1"),
    "materials": Staff(0.2, "Công_nhân_sản_xuất:12 Lái_máy:3 Kỹ_thuật_viên:2 Thủ_kho:1 Kế_toán:1"),
    "mining": Staff(0.1, "Công_nhân_khai_thác:14 Kỹ_sư_mỏ:3 Lái_máy_xúc:3 Bảo_vệ:1 Kế_toán:1"),
    "trade": Staff(0.55, "Nhân_viên_bán_hàng:10 Nhân_viên_giao_hàng:4 Thủ_kho:2 Kế_toán:2 Nhân_viên_kinh_doanh:4"),
    "transport": Staff(0.15, "Lái_xe:14 Phụ_xe:4 Nhân_viên_điều_hành:3 Kế_toán:1 Thợ_sửa_chữa_ô_tô:2"),
    "hotel": Staff(0.6, "Lễ_tân:4 Nhân_viên_buồng_phòng:6 Đầu_bếp:3 Phục_vụ_nhà_hàng:6 Hướng_dẫn_viên:2 Kế_toán:1"),
    "farm": Staff(0.45, "Công_nhân_nông_nghiệp:14 Kỹ_thuật_viên_nông_nghiệp:3 Thủ_kho:1 Kế_toán:1", "farmers"),
    "guild": Staff(0.5, "Hộ_sản_xuất_nông_sản:16 Thu_mua_nông_sản:4 Sơ_chế_nông_sản:4", "farmers"),
    "garment": Staff(0.82, "Công_nhân_may:20 Tổ_trưởng_chuyền:2 Kỹ_thuật_viên:1 Kế_toán:1"),
    "wood": Staff(0.2, "Công_nhân_chế_biến_gỗ:12 Thợ_mộc:4 Kế_toán:1"),
    "food": Staff(0.55, "Công_nhân_chế_biến:12 Nhân_viên_kiểm_nghiệm:2 Nhân_viên_bán_hàng:3 Kế_toán:1"),
    "pharma": Staff(0.6, "Dược_sĩ:6 Nhân_viên_bán_hàng:6 Thủ_kho:2 Kế_toán:1"),
    "print": Staff(0.4, "Công_nhân_in:8 Thiết_kế_đồ_họa:3 Kế_toán:1"),
    "fuel": Staff(0.35, "Nhân_viên_bán_xăng_dầu:10 Thủ_kho:1 Kế_toán:1"),
    "security": Staff(0.1, "Nhân_viên_bảo_vệ:20 Đội_trưởng_bảo_vệ:2"),
    "consult": Staff(0.35, "Kỹ_sư_thiết_kế:8 Kỹ_sư_giám_sát:4 Kế_toán:1"),
    "energy": Staff(0.2, "Kỹ_sư_điện:6 Công_nhân_lắp_đặt:8 Kế_toán:1"),
    "lottery": Staff(0.5, "Nhân_viên_kinh_doanh:8 Kế_toán:2 Thủ_quỹ:1 Lái_xe:1"),
    "water": Staff(0.3, "Công_nhân_vận_hành_nhà_máy_nước:8 Công_nhân_đường_ống:6 Nhân_viên_thu_ngân:3 Kế_toán:1"),
    "roads": Staff(0.12, "Công_nhân_duy_tu_đường_bộ:14 Lái_máy:3 Kỹ_sư_cầu_đường:2 Kế_toán:1"),
    "urban": Staff(0.45, "Công_nhân_vệ_sinh_môi_trường:14 Công_nhân_cây_xanh:5 Lái_xe:3 Kế_toán:1"),
    "irrigation": Staff(0.2, "Công_nhân_quản_lý_thủy_nông:10 Kỹ_sư_thủy_lợi:3 Kế_toán:1"),
}  # fmt: skip
