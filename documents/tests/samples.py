"""Realistic DocumentFields for tests of the writer and the reader (round trip).

Modelled on the seeds (DOMAIN.md §1, S001-S004): a provincial federation (LĐLĐ tỉnh Lai Châu) under
the Tổng LĐLĐ, signed "TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH / Lò Thị Hằng".
"""

from datetime import date

from documents.fields import DocumentFields, Recipient, Section, Signer
from documents.kinds import DocumentKind
from documents.symbols import build_symbol

ISSUER = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
ISSUER_PARENT = "TỔNG LĐLĐ VIỆT NAM"
ISSUER_CODE = "LĐLĐ"
DRAFTING_CODE = "CTCĐ"
PLACE = "Lai Châu"
DATE = date(2026, 4, 20)
NUMBER = 18

SIGNER = Signer(authority="TM. BAN THƯỜNG VỤ", title="PHÓ CHỦ TỊCH", name="Lò Thị Hằng")

_TOPIC = (
    "05 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện "
    "Chỉ thị số 05-CT/TW về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"
)

SUBJECTS: dict[str, str] = {
    DocumentKind.CONG_VAN: "đẩy mạnh thực hiện Kết luận số 01-KL/TW của Bộ Chính trị",
    DocumentKind.KE_HOACH: "Tổ chức các hoạt động Tháng Công nhân năm 2026",
    DocumentKind.HUONG_DAN: "Xây dựng và nhân rộng mô hình “Học tập và làm theo Bác” năm 2026",
    DocumentKind.BAO_CAO: f"Sơ kết {_TOPIC} trong CNVCLĐ",
    DocumentKind.QUYET_DINH: "Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc",
    DocumentKind.THONG_BAO: "Kết luận của Ban Thường vụ tại hội nghị sơ kết công tác quý I năm 2026",
    DocumentKind.NGHI_QUYET: "Về nhiệm vụ trọng tâm công tác công đoàn năm 2026",
    DocumentKind.CHI_THI: "Về tăng cường công tác tuyên truyền trong đoàn viên, người lao động",
    DocumentKind.THONG_TRI: "Về việc đánh giá, xếp loại chất lượng công đoàn cơ sở năm 2026",
    DocumentKind.TO_TRINH: "Đề nghị tặng Bằng khen của Ban Chấp hành Tổng Liên đoàn",
    DocumentKind.CHUONG_TRINH: "Công tác tuyên giáo công đoàn năm 2026",
    DocumentKind.GIAY_MOI: "Dự hội nghị sơ kết 05 năm thực hiện Kết luận số 01-KL/TW",
    DocumentKind.BIEN_BAN: "Hội nghị Ban Thường vụ Liên đoàn Lao động tỉnh tháng 4 năm 2026",
    DocumentKind.QUY_CHE: "Làm việc của Ban Chấp hành Liên đoàn Lao động tỉnh khóa XIV",
    DocumentKind.QUY_DINH: "Về tiêu chí đánh giá, xếp loại công đoàn cơ sở",
    DocumentKind.KET_LUAN: "Của Ban Thường vụ về công tác tuyên giáo 6 tháng đầu năm 2026",
}

# Kinds sent upward or to named addressees carry "Kính gửi" (DOMAIN.md §1.7).
ADDRESSEES: dict[str, list[str]] = {
    DocumentKind.CONG_VAN: [
        "Công đoàn các xã, phường trực thuộc",
        "Công đoàn cơ sở trực thuộc Liên đoàn Lao động tỉnh",
    ],
    DocumentKind.BAO_CAO: ["Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"],
    DocumentKind.TO_TRINH: ["Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"],
}

OPENING = (
    "Thực hiện Kế hoạch số 80/KH-TLĐ ngày 27/3/2026 của Tổng Liên đoàn Lao động Việt Nam về việc sơ kết "
    + _TOPIC
    + " trong CNVCLĐ, Ban Thường vụ Liên đoàn Lao động tỉnh triển khai như sau:"
)
DECISION_OPENING = (
    "Căn cứ Luật Công đoàn số 50/2024/QH15 ngày 27 tháng 11 năm 2024;\n"
    "Căn cứ Quy chế Khen thưởng của tổ chức Công đoàn ban hành kèm theo Quyết định số 999/QĐ-TLĐ "
    "ngày 29/5/2024 của Tổng Liên đoàn Lao động Việt Nam;\n"
    "Xét đề nghị của Ban Công tác công đoàn."
)
CLOSING = (
    "Trên đây là nội dung triển khai của Ban Thường vụ Liên đoàn Lao động tỉnh; đề nghị các cấp công đoàn "
    "nghiêm túc tổ chức thực hiện, báo cáo kết quả về Liên đoàn Lao động tỉnh (qua Ban Công tác công đoàn) "
    "trước ngày 15/6/2026."
)


def sample_sections() -> list[Section]:
    """Two levels: I. / 1., 2. and II. / 1., with sentence-case level-2 titles."""
    return [
        Section(
            level=1,
            number="I",
            title="Mục đích, yêu cầu",
            children=[
                Section(
                    level=2,
                    number="1",
                    title="Mục đích",
                    paragraphs=[
                        "Đánh giá toàn diện kết quả học tập và làm theo tư tưởng, đạo đức, phong cách "
                        "Hồ Chí Minh trong đội ngũ cán bộ, đoàn viên và người lao động trên địa bàn tỉnh.",
                        "- Biểu dương, khen thưởng kịp thời các tập thể, cá nhân tiêu biểu; nhân rộng các "
                        "mô hình hay, cách làm hiệu quả.",
                    ],
                ),
                Section(
                    level=2,
                    number="2",
                    title="Yêu cầu",
                    paragraphs=[
                        "Việc sơ kết phải thiết thực, hiệu quả, tránh hình thức; gắn với nhiệm vụ chính trị "
                        "của từng cơ quan, đơn vị, doanh nghiệp và phong trào thi đua của công đoàn.",
                    ],
                ),
            ],
        ),
        Section(
            level=1,
            number="II",
            title="Nội dung và thời gian thực hiện",
            children=[
                Section(
                    level=2,
                    number="1",
                    title="Nội dung",
                    paragraphs=[
                        "Các công đoàn cơ sở xây dựng báo cáo theo đề cương gửi kèm; đánh giá rõ ưu điểm, "
                        "hạn chế, nguyên nhân và bài học kinh nghiệm; đề xuất khen thưởng (nếu có).",
                        "+ Quý II: hoàn thành báo cáo sơ kết ở cơ sở và gửi về Liên đoàn Lao động tỉnh.",
                    ],
                ),
            ],
        ),
    ]


def sample_recipients(kind: str) -> list[Recipient]:
    first = [Recipient("Như trên")] if kind in ADDRESSEES else []
    return [
        *first,
        Recipient("Tổng LĐLĐ Việt Nam", "b/c"),
        Recipient("Ban Tuyên giáo và Dân vận Tỉnh ủy", "b/c"),
        Recipient("Thường trực LĐLĐ tỉnh"),
        Recipient("Các ban, văn phòng LĐLĐ tỉnh"),
        Recipient("Lưu: VT, Ban CTCĐ"),
    ]


def sample_symbol(kind: str, number: int = NUMBER) -> str:
    return build_symbol(kind=kind, number=number, issuer_code=ISSUER_CODE, drafting_code=DRAFTING_CODE)


def sample_fields(kind: str) -> DocumentFields:
    """A complete, realistic document of the given DocumentKind value."""
    kind = DocumentKind(kind).value
    return DocumentFields(
        kind=kind,
        number=f"{NUMBER:02d}",
        symbol=sample_symbol(kind),
        issuer=ISSUER,
        issuer_parent=ISSUER_PARENT,
        date=DATE,
        place=PLACE,
        subject=SUBJECTS[kind],
        recipients=sample_recipients(kind),
        addressees=list(ADDRESSEES.get(kind, [])),
        signer=Signer(SIGNER.authority, SIGNER.title, SIGNER.name),
        opening=DECISION_OPENING if kind == DocumentKind.QUYET_DINH else OPENING,
        sections=sample_sections(),
        closing=CLOSING,
    )
