"""The project's own documents in the five genres the union exchanges, as fields for the writer.

The texts are written for LamTheo (people and figures invented, figures matching the Lai Châu demo);
they follow the layout of Nghị định 30/2020 and the wording habits of union documents. The tests read
back what render_docx writes from them, and the demo registers them.
"""

from datetime import date

from ..fields import Citation, DocumentFields, Recipient, Section, Signer
from ..kinds import DocumentKind

FEDERATION = "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"
CONFEDERATION = "TỔNG LĐLĐ VIỆT NAM"
PLACE = "Lai Châu"
VICE_CHAIR = Signer("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lường Thị Mai")
CHAIR = Signer("TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Tẩn Văn Chiến")
KEEP = Recipient("Lưu: VT, Ban CTCĐ", "lưu")


def _items(texts: list[str], level: int = 2) -> list[Section]:
    return [Section(level=level, number=str(i), title="", paragraphs=[t]) for i, t in enumerate(texts, 1)]


def letter() -> DocumentFields:
    """Công văn: four numbered tasks for every level, one with a deadline."""
    return DocumentFields(
        kind=DocumentKind.CONG_VAN,
        number="45",
        symbol="45/LĐLĐ-CTCĐ",
        issuer=FEDERATION,
        issuer_parent=CONFEDERATION,
        date=date(2026, 3, 10),
        place=PLACE,
        subject="tổ chức các hoạt động hưởng ứng Tháng Công nhân năm 2026",
        addressees=["Các công đoàn cấp trên trực tiếp cơ sở", "Các công đoàn cơ sở trực thuộc LĐLĐ tỉnh"],
        opening=(
            "Thực hiện Công văn số 1520/TLĐ-TG ngày 02/3/2026 của Tổng Liên đoàn Lao động Việt Nam về việc "
            "tổ chức Tháng Công nhân năm 2026, Ban Thường vụ Liên đoàn Lao động tỉnh đề nghị các cấp công "
            "đoàn thực hiện tốt một số nội dung sau:"
        ),
        sections=_items(
            [
                "Tuyên truyền rộng rãi chủ đề Tháng Công nhân năm 2026 trên bảng tin, nhóm mạng xã hội của "
                "công đoàn cơ sở; treo băng rôn, khẩu hiệu tại nơi làm việc đông người lao động.",
                "Tổ chức đối thoại giữa ban chấp hành công đoàn cơ sở với người sử dụng lao động, tập trung vào "
                "tiền lương, thời giờ làm việc và bữa ăn ca; ghi biên bản và theo dõi việc thực hiện.",
                "Thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn, bị tai nạn lao động hoặc mắc bệnh hiểm "
                "nghèo; ưu tiên người lao động ở các xã vùng cao.",
                "Báo cáo kết quả tổ chức Tháng Công nhân về Liên đoàn Lao động tỉnh (qua Ban Công tác công đoàn) "
                "trước ngày 15/6/2026.",
            ]
        ),  # fmt: skip
        closing="Nhận được Công văn này, đề nghị các đơn vị nghiêm túc triển khai thực hiện./.",
        recipients=[
            Recipient("Như kính gửi"),
            Recipient("Tổng LĐLĐ Việt Nam", "b/c"),
            Recipient("Thường trực LĐLĐ tỉnh"),
            KEEP,
        ],
        signer=VICE_CHAIR,
        citations=[Citation(symbol="1520/TLĐ-TG", kind="cong_van", date=date(2026, 3, 2))],
    )


def plan() -> DocumentFields:
    """Kế hoạch: aims, activities by period, who does what; grounded in a Party conclusion."""
    return DocumentFields(
        kind=DocumentKind.KE_HOACH,
        number="21",
        symbol="21/KH-LĐLĐ",
        issuer=FEDERATION,
        issuer_parent=CONFEDERATION,
        date=date(2026, 2, 16),
        place=PLACE,
        subject="Đưa việc học tập và làm theo Bác vào sinh hoạt công đoàn thường xuyên năm 2026",
        opening=(
            "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị, Ban Thường vụ Liên đoàn Lao "
            "động tỉnh xây dựng Kế hoạch đưa việc học tập và làm theo Bác vào sinh hoạt công đoàn thường "
            "xuyên năm 2026, cụ thể như sau:"
        ),
        sections=[
            Section(
                level=1,
                number="I",
                title="MỤC ĐÍCH, YÊU CẦU",
                children=[
                    Section(
                        level=2,
                        number="1",
                        title="Mục đích",
                        paragraphs=[
                            "Giúp mỗi đoàn viên chọn một việc làm cụ thể, làm được ngay tại tổ công đoàn, và tự theo "
                            "dõi việc thực hiện hằng tháng.",
                        ],
                    ),
                    Section(
                        level=2,
                        number="2",
                        title="Yêu cầu",
                        paragraphs=[
                            "Ngắn gọn, không hình thức; lồng ghép với sinh hoạt định kỳ, không tổ chức thêm cuộc họp.",
                        ],
                    ),
                ],
            ),
            Section(
                level=1,
                number="II",
                title="NỘI DUNG VÀ THỜI GIAN",
                children=[
                    Section(
                        level=2,
                        number="1",
                        title="Đăng ký việc làm theo Bác",
                        paragraphs=[
                            "Các công đoàn cơ sở hướng dẫn đoàn viên đăng ký, hoàn thành trong tháng 3 năm 2026.",
                        ],
                    ),
                    Section(
                        level=2,
                        number="2",
                        title="Sinh hoạt chuyên đề",
                        paragraphs=[
                            "Mỗi quý một buổi sinh hoạt chuyên đề gắn với một câu chuyện về Bác; ghi vào sổ sinh hoạt.",
                        ],
                    ),
                ],
            ),
            Section(
                level=1,
                number="III",
                title="TỔ CHỨC THỰC HIỆN",
                paragraphs=[
                    "Ban Công tác công đoàn theo dõi, tổng hợp, báo cáo Thường trực LĐLĐ tỉnh trước ngày "
                    "15/12/2026.",
                ],
            ),
        ],  # fmt: skip
        closing="Trên đây là Kế hoạch năm 2026 của Ban Thường vụ Liên đoàn Lao động tỉnh./.",
        recipients=[Recipient("Tổng LĐLĐ Việt Nam", "b/c"), Recipient("Các CĐ cấp trên cơ sở"), KEEP],
        signer=VICE_CHAIR,
        citations=[Citation(symbol="01-KL/TW", kind="ket_luan", date=date(2021, 5, 18), family="party")],
    )


def guidance() -> DocumentFields:
    """Hướng dẫn: study items, a quarterly schedule with deadlines, a half-yearly reporting duty."""
    return DocumentFields(
        kind=DocumentKind.HUONG_DAN,
        number="03",
        symbol="03/HD-LĐLĐ",
        issuer=FEDERATION,
        issuer_parent=CONFEDERATION,
        date=date(2025, 1, 6),
        place=PLACE,
        subject="Học tập Chuyên đề năm 2025 trong các cấp công đoàn tỉnh",
        opening=(
            "Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị, Ban Thường vụ Liên đoàn Lao động "
            "tỉnh hướng dẫn việc học tập Chuyên đề năm 2025 như sau:"
        ),
        sections=[
            Section(
                level=1,
                number="I",
                title="NỘI DUNG HỌC TẬP",
                paragraphs=[
                    "(1) Những điều Bác dạy về tác phong làm việc của cán bộ công đoàn.",
                    "(2) Tiết kiệm thời gian, của công trong cơ quan, doanh nghiệp.",
                    "(3) Gương người tốt, việc tốt trong công nhân, viên chức, lao động của tỉnh.",
                ],
            ),
            Section(
                level=1,
                number="II",
                title="THỜI GIAN HỌC TẬP",
                paragraphs=[
                    "+ Quý I: nội dung (1), hoàn thành trước ngày 31/3/2025.",
                    "+ Quý II: nội dung (2), hoàn thành trước ngày 30/6/2025.",
                    "+ Quý III: nội dung (3), hoàn thành trước ngày 30/9/2025.",
                ],
            ),
            Section(
                level=1,
                number="III",
                title="BÁO CÁO",
                paragraphs=[
                    "Báo cáo kết quả học tập về LĐLĐ tỉnh (qua Ban Công tác công đoàn) trong báo cáo 6 tháng và năm.",
                ],
            ),
        ],  # fmt: skip
        closing="Trong quá trình thực hiện, có vướng mắc đề nghị phản ánh về Ban Công tác công đoàn./.",
        recipients=[Recipient("Các CĐ cấp trên cơ sở"), Recipient("Các CĐCS trực thuộc"), KEEP],
        signer=VICE_CHAIR,
    )


def report() -> DocumentFields:
    """Báo cáo: figures of the province (those of the demo's records), results by heading, next steps."""
    return DocumentFields(
        kind=DocumentKind.BAO_CAO,
        number="18",
        symbol="18/BC-LĐLĐ",
        issuer=FEDERATION,
        issuer_parent=CONFEDERATION,
        date=date(2026, 4, 20),
        place=PLACE,
        subject="Kết quả tổ chức công đoàn và phát triển đoàn viên sau sắp xếp đơn vị hành chính",
        addressees=["Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"],
        opening=(
            "Thực hiện Kế hoạch số 80/KH-TLĐ ngày 27/3/2026 của Tổng Liên đoàn Lao động Việt Nam, Liên đoàn "
            "Lao động tỉnh Lai Châu báo cáo kết quả như sau:"
        ),
        sections=[
            Section(
                level=1,
                number="I",
                title="TÌNH HÌNH TỔ CHỨC",
                children=[
                    Section(
                        level=2,
                        number="1",
                        title="Số công đoàn cơ sở",
                        paragraphs=[
                            "Đến ngày 31/3/2026, toàn tỉnh có 85 công đoàn cơ sở: 24 CĐCS đơn vị sự nghiệp, 60 CĐCS "
                            "doanh nghiệp (06 doanh nghiệp có vốn nhà nước, 54 doanh nghiệp ngoài nhà nước) và 01 "
                            "nghiệp đoàn.",
                        ],
                    ),
                    Section(
                        level=2,
                        number="2",
                        title="Số đoàn viên",
                        paragraphs=[
                            "Tổng số 4.101 đoàn viên; trong đó khu vực sự nghiệp 2.516, khu vực doanh nghiệp 1.561, "
                            "nghiệp đoàn 24 đoàn viên.",
                        ],
                    ),
                ],
            ),
            Section(
                level=1,
                number="II",
                title="KẾT QUẢ THỰC HIỆN",
                children=[
                    Section(
                        level=2,
                        number="1",
                        title="Sắp xếp tổ chức",
                        paragraphs=[
                            "Thực hiện Quyết định số 127/QĐ-LĐLĐ ngày 25/6/2025, các công đoàn ngành địa phương kết "
                            "thúc hoạt động từ ngày 01/7/2025; các CĐCS chuyển về trực thuộc LĐLĐ tỉnh.",
                        ],
                    ),
                    Section(
                        level=2,
                        number="2",
                        title="Phát triển đoàn viên",
                        paragraphs=[
                            "Kết nạp mới 212 đoàn viên, đạt 106% chỉ tiêu năm; thành lập mới 04 CĐCS doanh nghiệp.",
                        ],
                    ),
                ],
            ),
            Section(
                level=1,
                number="III",
                title="PHƯƠNG HƯỚNG THỜI GIAN TỚI",
                paragraphs=[
                    "- Rà soát danh sách đoàn viên sau sắp xếp, cập nhật đầy đủ vào phần mềm quản lý.",
                    "- Tiếp tục phát triển đoàn viên ở doanh nghiệp ngoài nhà nước.",
                ],
            ),
        ],  # fmt: skip
        closing="Trên đây là báo cáo của Liên đoàn Lao động tỉnh Lai Châu./.",
        recipients=[Recipient("Như trên"), Recipient("Thường trực Tỉnh ủy", "b/c"), KEEP],
        signer=VICE_CHAIR,
        citations=[Citation(symbol="80/KH-TLĐ", kind="ke_hoach", date=date(2026, 3, 27))],
    )


def decision() -> DocumentFields:
    """Quyết định: bases, articles; the decision behind the demo's 1/7/2025 reorganisation."""
    return DocumentFields(
        kind=DocumentKind.QUYET_DINH,
        number="127",
        symbol="127/QĐ-LĐLĐ",
        issuer=FEDERATION,
        issuer_parent=CONFEDERATION,
        date=date(2025, 6, 25),
        place=PLACE,
        subject="Về việc kết thúc hoạt động của các công đoàn ngành địa phương",
        opening="\n".join(
            [
                "Căn cứ Điều lệ Công đoàn Việt Nam;",
                "Căn cứ Quyết định số 125/QĐ-LĐLĐ ngày 25/6/2025 của Ban Thường vụ Liên đoàn Lao động tỉnh;",
                "Xét đề nghị của Ban Tổ chức,",
                "QUYẾT ĐỊNH:",
                "Điều 1. Kết thúc hoạt động của Công đoàn ngành Giáo dục và Công đoàn ngành Y tế tỉnh Lai Châu từ "
                "ngày 01/7/2025.",
                "Điều 2. Các công đoàn cơ sở trực thuộc hai công đoàn ngành chuyển về trực thuộc Liên đoàn Lao động "
                "tỉnh.",
                "Điều 3. Ban Tổ chức, Văn phòng và các đơn vị có tên tại Điều 1, Điều 2 chịu trách nhiệm thi hành "
                "Quyết định này.",
            ]
        ),  # fmt: skip
        recipients=[
            Recipient("Như Điều 3"),
            Recipient("Tổng LĐLĐ Việt Nam", "b/c"),
            Recipient("Lưu: VT, Ban TC"),
        ],
        signer=CHAIR,
    )


WRITTEN = {
    "cong-van-45": letter,
    "ke-hoach-21": plan,
    "huong-dan-03": guidance,
    "bao-cao-18": report,
    "quyet-dinh-127": decision,
}
