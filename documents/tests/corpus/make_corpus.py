"""Writes the reader's test corpus (issue 10 point 7): the project's own documents, in the layouts real
documents arrive in. Run it to regenerate the .txt files and expected.json after editing BASES:

    .venv/bin/python documents/tests/corpus/make_corpus.py

Every text here is the project's own (invented units, people and figures), modelled on the layouts of
public union and state documents: clean copies, web-page copies (site name, menus, breadcrumbs, posting
date and visitor counters above the header; related news and copyright below), PDF text layers (the two
header columns run together on one line, page marks, the Nơi nhận and signature columns on one line),
copies whose header was lost (only "BÁO CÁO" or a heading such as "Kế hoạch triển khai …" remains),
written variants ("Số : 25/2019/KH-CĐN", "Số: 12a /QĐ-LĐLĐ", "CỘNG HOÀ", words run together), and
copies pasted into Word (.docx: the header in a table, one paragraph a line).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLES = {
    "ke_hoach": "KẾ HOẠCH", "bao_cao": "BÁO CÁO", "huong_dan": "HƯỚNG DẪN", "thong_bao": "THÔNG BÁO",
    "quyet_dinh": "QUYẾT ĐỊNH", "giay_moi": "GIẤY MỜI", "to_trinh": "TỜ TRÌNH", "nghi_quyet": "NGHỊ QUYẾT",
    "chuong_trinh": "CHƯƠNG TRÌNH",
}  # fmt: skip
LABELS = {
    "ke_hoach": "Kế hoạch", "bao_cao": "Báo cáo", "huong_dan": "Hướng dẫn", "thong_bao": "Thông báo",
    "chuong_trinh": "Chương trình",
}  # fmt: skip


@dataclass
class Base:
    name: str
    kind: str
    parent: str
    issuer: str
    number: str
    symbol_written: str  # as on the "Số:" line
    symbol: str  # normalised
    place: str
    day: int
    month: int
    year: int
    subject: str
    body: list[str]
    recipients: list[str]  # "- …" items as written, the last one "Lưu: …"
    authority: str
    title: str
    signer: str
    addressees: list[str] = field(default_factory=list)


BASES = [
    Base("cv-ra-soat", "cong_van", "LĐLĐ TỈNH HÀ GIANG", "CÔNG ĐOÀN GIÁO DỤC TỈNH", "31", "31/CĐGD-TC",
         "31/CĐGD-TC", "Hà Giang", 9, 3, 2026, "rà soát đoàn viên công đoàn năm 2026",
         ["Thực hiện Công văn số 118/LĐLĐ-TC ngày 02/3/2026 của Liên đoàn Lao động tỉnh, Ban Thường vụ "
          "Công đoàn Giáo dục tỉnh đề nghị các công đoàn cơ sở thực hiện một số việc sau:",
          "1. Rà soát danh sách đoàn viên đến ngày 31/3/2026, đối chiếu với danh sách viên chức của nhà trường.",
          "2. Cập nhật đoàn viên chuyển đến, chuyển đi vào phần mềm quản lý đoàn viên trước ngày 15/4/2026.",
          "3. Gửi báo cáo kết quả rà soát về Công đoàn Giáo dục tỉnh (qua Ban Tổ chức) trước ngày 20/4/2026.",
          "Đề nghị các công đoàn cơ sở quan tâm thực hiện./."],
         ["Như kính gửi;", "LĐLĐ tỉnh (b/c);", "Lưu: VT, TC."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
         "Vàng Thị Mỷ", ["Các công đoàn cơ sở trực thuộc"]),
    Base("kh-the-thao", "ke_hoach", "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN", "14",
         "14/KH-LĐLĐ", "14/KH-LĐLĐ", "Điện Biên", 5, 2, 2026,
         "Tổ chức Hội thao công nhân, viên chức, lao động năm 2026",
         ["Thực hiện Chương trình công tác năm 2026, Ban Thường vụ Liên đoàn Lao động tỉnh xây dựng Kế "
          "hoạch tổ chức Hội thao như sau:",
          "I. MỤC ĐÍCH, YÊU CẦU",
          "1. Mục đích",
          "Tạo sân chơi lành mạnh, tăng cường giao lưu giữa đoàn viên các công đoàn cơ sở.",
          "2. Yêu cầu",
          "Tổ chức an toàn, tiết kiệm, đúng thành phần vận động viên là đoàn viên công đoàn.",
          "II. TỔ CHỨC THỰC HIỆN",
          "1. Ban Tuyên giáo - Nữ công xây dựng điều lệ hội thao, gửi các đơn vị trước ngày 15/3/2026.",
          "2. Các công đoàn cấp trên trực tiếp cơ sở đăng ký đoàn vận động viên trước ngày 10/4/2026.",
          "Trên đây là Kế hoạch tổ chức Hội thao năm 2026 của Ban Thường vụ Liên đoàn Lao động tỉnh./."],
         ["Thường trực LĐLĐ tỉnh;", "Các CĐ cấp trên trực tiếp cơ sở;", "Lưu: VT, TG-NC."],
         "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lò Văn Thắng"),
    Base("bc-quy-1", "bao_cao", "LĐLĐ TỈNH SƠN LA", "LĐLĐ HUYỆN MỘC CHÂU", "07", "07/BC-LĐLĐ",
         "07/BC-LĐLĐ", "Mộc Châu", 28, 3, 2026, "Kết quả hoạt động công đoàn quý I năm 2026",
         ["Ban Thường vụ Liên đoàn Lao động huyện báo cáo kết quả hoạt động quý I năm 2026 như sau:",
          "I. KẾT QUẢ ĐẠT ĐƯỢC",
          "1. Công tác tổ chức",
          "Kết nạp mới 126 đoàn viên, thành lập mới 02 công đoàn cơ sở; tổng số 4.315 đoàn viên.",
          "2. Công tác chăm lo",
          "Thăm hỏi, tặng 412 suất quà cho đoàn viên có hoàn cảnh khó khăn với tổng trị giá 206 triệu đồng.",
          "II. PHƯƠNG HƯỚNG QUÝ II",
          "Tiếp tục phát triển đoàn viên trong doanh nghiệp ngoài nhà nước.",
          "Trên đây là báo cáo kết quả hoạt động công đoàn quý I năm 2026 của Liên đoàn Lao động huyện./."],
         ["LĐLĐ tỉnh (b/c);", "Thường trực Huyện ủy (b/c);", "Lưu: VT."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
         "Hà Thị Nga"),
    Base("hd-dai-hoi", "huong_dan", "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH YÊN BÁI", "05",
         "05/HD-LĐLĐ", "05/HD-LĐLĐ", "Yên Bái", 12, 1, 2026, "Tổ chức đại hội công đoàn cơ sở nhiệm kỳ 2026 - 2031",
         ["Căn cứ Điều lệ Công đoàn Việt Nam, Ban Thường vụ Liên đoàn Lao động tỉnh hướng dẫn tổ chức đại "
          "hội công đoàn cơ sở như sau:",
          "I. THỜI GIAN TỔ CHỨC",
          "Đại hội công đoàn cơ sở hoàn thành trước ngày 30/6/2026.",
          "II. NỘI DUNG ĐẠI HỘI",
          "1. Tổng kết nhiệm kỳ 2023 - 2026, xây dựng phương hướng nhiệm kỳ mới.",
          "2. Bầu Ban Chấp hành và bầu đại biểu dự đại hội công đoàn cấp trên.",
          "Trên đây là hướng dẫn tổ chức đại hội công đoàn cơ sở nhiệm kỳ 2026 - 2031./."],
         ["Các CĐ cấp trên trực tiếp cơ sở;", "Các CĐCS trực thuộc;", "Lưu: VT, ToC."],
         "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Nguyễn Thị Thu Hà"),
    Base("tb-ket-luan", "thong_bao", "LĐLĐ HUYỆN TAM ĐƯỜNG", "CĐCS TRƯỜNG THCS BẢN GIANG", "03",
         "03/TB-CĐCS", "03/TB-CĐCS", "Tam Đường", 6, 4, 2026, "Kết luận hội nghị Ban Chấp hành tháng 4 năm 2026",
         ["Ngày 03/4/2026, Ban Chấp hành công đoàn cơ sở họp thường kỳ, thống nhất kết luận như sau:",
          "1. Tổ chức thăm hỏi đoàn viên ốm đau trong tháng 4 năm 2026.",
          "2. Phát động phong trào thi đua chào mừng Tháng Công nhân năm 2026.",
          "Ban Chấp hành công đoàn cơ sở thông báo để các tổ công đoàn biết, thực hiện./."],
         ["Các tổ công đoàn;", "Lưu: BCH."], "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Phan Văn Dũng"),
    Base("qd-khen", "quyet_dinh", "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI", "12a",
         "12a /QĐ-LĐLĐ", "12a/QĐ-LĐLĐ", "Lào Cai", 20, 5, 2026,
         "Về việc khen thưởng tập thể có thành tích xuất sắc trong Tháng Công nhân năm 2026",
         ["BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH LÀO CAI",
          "Căn cứ Điều lệ Công đoàn Việt Nam;",
          "Xét đề nghị của Ban Tuyên giáo - Nữ công,",
          "QUYẾT ĐỊNH:",
          "Điều 1. Tặng Giấy khen cho 15 tập thể có thành tích xuất sắc trong Tháng Công nhân năm 2026.",
          "Điều 2. Quyết định có hiệu lực kể từ ngày ký./."],
         ["Như Điều 2;", "Lưu: VT, TG-NC."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Giàng Seo Phử"),
    Base("kh-2019", "ke_hoach", "LĐLĐ TỈNH NGHỆ AN", "CÔNG ĐOÀN NGÀNH Y TẾ", "25", "25/2019/KH-CĐN",
         "25/2019/KH-CĐN", "Vinh", 14, 8, 2019, "Tổ chức tập huấn nghiệp vụ công tác kiểm tra năm 2019",
         ["Thực hiện Chương trình công tác năm 2019, Ban Thường vụ Công đoàn ngành Y tế xây dựng kế hoạch "
          "tập huấn như sau:",
          "1. Đối tượng",
          "Ủy viên Ủy ban Kiểm tra công đoàn cơ sở trực thuộc.",
          "2. Thời gian",
          "Tổ chức trong tháng 9 năm 2019.",
          "Trên đây là Kế hoạch tập huấn nghiệp vụ công tác kiểm tra năm 2019./."],
         ["Các CĐCS trực thuộc;", "Lưu: VT, UBKT."], "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Trần Văn Hải"),
    Base("gm-hoi-nghi", "giay_moi", "LĐLĐ TỈNH LAI CHÂU", "CÔNG ĐOÀN VIÊN CHỨC TỈNH", "09", "09/GM-CĐVC",
         "09/GM-CĐVC", "Lai Châu", 2, 3, 2026, "Dự Hội nghị tổng kết công tác công đoàn năm 2025",
         ["Ban Thường vụ Công đoàn Viên chức tỉnh trân trọng kính mời Chủ tịch các công đoàn cơ sở trực "
          "thuộc dự Hội nghị tổng kết công tác công đoàn năm 2025.",
          "Thời gian: 08 giờ 00 ngày 10/3/2026.",
          "Địa điểm: Hội trường Công đoàn Viên chức tỉnh.",
          "Rất mong các đồng chí tham dự đầy đủ, đúng giờ./."],
         ["Như trên;", "Lưu: VT."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Giàng Thị Sua"),
    Base("tt-khen", "to_trinh", "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH CAO BẰNG", "21",
         "21/TTr-LĐLĐ", "21/TTr-LĐLĐ", "Cao Bằng", 15, 11, 2025,
         "Đề nghị tặng Bằng khen của Tổng Liên đoàn Lao động Việt Nam năm 2025",
         ["Căn cứ kết quả bình xét thi đua năm 2025, Ban Thường vụ Liên đoàn Lao động tỉnh đề nghị Đoàn "
          "Chủ tịch Tổng Liên đoàn xét tặng Bằng khen cho 06 tập thể và 12 cá nhân.",
          "Kính đề nghị Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam xem xét, quyết định./."],
         ["Như trên;", "Lưu: VT, TĐKT."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nông Văn Tú",
         ["Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"]),
    Base("cv-an-toan", "cong_van", "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH HÒA BÌNH", "236",
         "236/LĐLĐ-CSPL", "236/LĐLĐ-CSPL", "Hòa Bình", 22, 4, 2026,
         "hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm 2026",
         ["Thực hiện Kế hoạch số 65/KH-TLĐ ngày 10/3/2026 của Tổng Liên đoàn Lao động Việt Nam, Ban Thường "
          "vụ Liên đoàn Lao động tỉnh đề nghị các cấp công đoàn:",
          "1. Tuyên truyền về an toàn, vệ sinh lao động tới đoàn viên, người lao động trong tháng 5/2026.",
          "2. Phối hợp với người sử dụng lao động kiểm tra điều kiện làm việc tại doanh nghiệp.",
          "3. Báo cáo kết quả về Liên đoàn Lao động tỉnh trước ngày 15/6/2026.",
          "Đề nghị các đơn vị triển khai thực hiện./."],
         ["Như kính gửi;", "Tổng LĐLĐ Việt Nam (b/c);", "Lưu: VT, CSPL."], "TM. BAN THƯỜNG VỤ",
         "PHÓ CHỦ TỊCH", "Bùi Văn Khánh",
         ["Các LĐLĐ huyện, thành phố", "Các công đoàn ngành, CĐCS trực thuộc"]),
    Base("ct-tuyen-giao", "chuong_trinh", "LĐLĐ TỈNH TUYÊN QUANG", "LĐLĐ THÀNH PHỐ TUYÊN QUANG", "02",
         "02/CTr-LĐLĐ", "02/CTr-LĐLĐ", "Tuyên Quang", 8, 1, 2026, "Công tác tuyên giáo công đoàn năm 2026",
         ["Ban Thường vụ Liên đoàn Lao động thành phố ban hành Chương trình công tác tuyên giáo năm 2026 "
          "như sau:",
          "I. NHIỆM VỤ TRỌNG TÂM",
          "1. Tuyên truyền kỷ niệm 97 năm Ngày thành lập Công đoàn Việt Nam.",
          "2. Tổ chức học tập chuyên đề năm 2026 trong cán bộ, đoàn viên.",
          "II. TỔ CHỨC THỰC HIỆN",
          "Các công đoàn cơ sở xây dựng kế hoạch thực hiện trước ngày 28/02/2026.",
          "Trên đây là Chương trình công tác tuyên giáo công đoàn năm 2026./."],
         ["LĐLĐ tỉnh (b/c);", "Các CĐCS;", "Lưu: VT."], "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Ma Thị Hường"),
    Base("bc-thang-cn", "bao_cao", "LĐLĐ TỈNH BẮC KẠN", "CĐCS CÔNG TY CỔ PHẦN KHOÁNG SẢN NA RÌ", "04",
         "04/BC-CĐCS", "04/BC-CĐCS", "Na Rì", 30, 5, 2026, "Kết quả thực hiện Tháng Công nhân năm 2026",
         ["Thực hiện Kế hoạch của Liên đoàn Lao động tỉnh, Ban Chấp hành công đoàn cơ sở báo cáo như sau:",
          "1. Kết quả",
          "Tổ chức 03 buổi đối thoại với người sử dụng lao động, trao 85 suất quà cho công nhân.",
          "2. Kiến nghị",
          "Đề nghị Liên đoàn Lao động tỉnh hỗ trợ kinh phí xây nhà Mái ấm Công đoàn.",
          "Trên đây là báo cáo kết quả Tháng Công nhân năm 2026 của công đoàn cơ sở./."],
         ["LĐLĐ tỉnh (b/c);", "Lưu: VT."], "TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "Hoàng Văn Lợi"),
]  # fmt: skip


def _header(b: Base, *, national: str = NATIONAL, squeeze: bool = False) -> list[str]:
    number_line = f"Số: {b.symbol_written}"
    date_line = f"{b.place}, ngày {b.day:02d} tháng {b.month:02d} năm {b.year}"
    if b.name == "kh-2019":
        number_line = f"Số : {b.symbol_written}"
    lines = [b.parent, b.issuer, national, MOTTO, number_line]
    if b.kind == "cong_van":
        lines.append(f"V/v {b.subject}")
    lines.append(date_line)
    if squeeze:  # a web copy that lost spaces
        lines = [
            b.parent,
            b.issuer,
            national.replace("CỘNG HÒA", "CỘNGHÒA")
            .replace("XÃ HỘI", "XÃHỘI")
            .replace("CHỦ NGHĨA", "CHỦNGHĨA"),
            "Độclập - Tựdo - Hạnhphúc",
            number_line.replace("Số: ", "Số:"),
            *([f"V/v {b.subject}"] if b.kind == "cong_van" else []),
            f"{b.place}, ngày{b.day:02d} tháng{b.month:02d} năm{b.year}",
        ]
    return lines


def _title(b: Base, *, squeeze: bool = False) -> list[str]:
    lines = []
    if b.kind != "cong_van":
        title = TITLES[b.kind]
        lines += [title.replace(" ", "") if squeeze else title, b.subject]
    if b.addressees:
        if len(b.addressees) == 1:
            lines.append(f"Kính gửi: {b.addressees[0]}")
        else:
            lines.append("Kính gửi:")
            lines += [f"- {a};" for a in b.addressees[:-1]] + [f"- {b.addressees[-1]}."]
    return lines


def _tail(b: Base) -> list[str]:
    return ["Nơi nhận:", *[f"- {r}" for r in b.recipients], b.authority, b.title, "", "(Đã ký)", "", b.signer]


def clean(b: Base) -> str:
    return "\n".join([*_header(b), *_title(b), "", *b.body, *_tail(b)]) + "\n"


def old_tone(b: Base) -> str:
    return "\n".join(
        [*_header(b, national="CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), *_title(b), *b.body, *_tail(b)]
    )


def web(b: Base, *, squeeze: bool = False) -> str:
    site = b.issuer.title().replace("Cđcs", "CĐCS").replace("Lđlđ", "LĐLĐ")
    above = [
        f"{site} - Trang thông tin điện tử",
        "Trang chủ | Giới thiệu | Tin tức - Sự kiện | Văn bản | Thư viện ảnh | Liên hệ",
        "Trang chủ > Văn bản > Văn bản chỉ đạo, điều hành",
        f"Ngày đăng: {b.day:02d}/{b.month:02d}/{b.year} 15:20 | Lượt xem: 2.318",
        f"Ngày {b.day}/{b.month}/{b.year}, {site} đã ban hành văn bản số {b.symbol} về "
        f"{b.subject[:1].lower() + b.subject[1:]}. Toàn văn như sau:",
        "",
    ]
    below = [
        "",
        "Tin liên quan:",
        "» Hội nghị Ban Chấp hành mở rộng lần thứ 4",
        "» Trao Mái ấm Công đoàn cho đoàn viên khó khăn",
        "Số lượt truy cập: 104.552 | Đang trực tuyến: 17",
        f"Bản quyền thuộc {site}. Địa chỉ: tổ 5, phường Đồng Tâm.",
    ]
    title = _title(b, squeeze=squeeze)
    tail = _tail(b)
    if squeeze:
        tail = [t.replace("Nơi nhận:", "Nơinhận:") for t in tail]
        title = [t.replace("Kính gửi:", "Kínhgửi:") for t in title]
    return "\n".join([*above, *_header(b, squeeze=squeeze), *title, *b.body, *tail, *below]) + "\n"


def pdf_layer(b: Base) -> str:
    """The text layer of a PDF: two header columns on one line, page marks, tail columns side by side."""
    number_line = f"Số: {b.symbol_written}" if b.name != "kh-2019" else f"Số : {b.symbol_written}"
    header = [f"{b.parent} {NATIONAL}", f"{b.issuer} {MOTTO}"]
    date_line = f"{b.place}, ngày {b.day:02d} tháng {b.month:02d} năm {b.year}"
    if b.kind == "cong_van":
        header += [f"{number_line} {date_line}", f"V/v {b.subject}"]
    else:
        header += [f"{number_line} {date_line}"]
    half = max(2, len(b.body) // 2)
    body = [*b.body[:half], "Trang 1/2", "2", *b.body[half:]]
    items = [f"- {r}" for r in b.recipients]
    right = [b.authority, b.title]
    tail = [
        f"Nơi nhận: {right[0]}",
        f"{items[0]} {right[1]}",
        *items[1:-1],
        f"{items[-1]} {b.signer}",
        "Trang 2/2",
    ]
    return "\n".join([*header, *_title(b), *body, *tail]) + "\n"


def lost_header(b: Base) -> str:
    """Only the title line and what follows: the header block was not copied."""
    return "\n".join([*_title(b), "", *b.body, *_tail(b)]) + "\n"


def lost_header_heading(b: Base) -> str:
    """Only a sentence-case heading 'Kế hoạch triển khai …' stands above the body."""
    subject = b.subject[:1].lower() + b.subject[1:]
    return "\n".join([f"{LABELS[b.kind]} {subject}", "", *b.body, *_tail(b)]) + "\n"


def no_title(b: Base) -> str:
    """A header without the title line: the kind comes from the symbol's type code."""
    return "\n".join([*_header(b), b.subject, *b.body, *_tail(b)]) + "\n"


def docx_paste(b: Base) -> bytes:
    """A copy typed or pasted into Word: the header in a two-column table, the rest one paragraph a line."""
    from io import BytesIO

    from docx import Document

    doc = Document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = f"{b.parent}\n{b.issuer}"
    table.cell(0, 1).text = f"{NATIONAL}\n{MOTTO}"
    number = f"Số: {b.symbol_written}" + (f"\nV/v {b.subject}" if b.kind == "cong_van" else "")
    table.cell(1, 0).text = number
    table.cell(1, 1).text = f"{b.place}, ngày {b.day:02d} tháng {b.month:02d} năm {b.year}"
    for line in [*_title(b), *b.body, *_tail(b)]:
        if line:
            doc.add_paragraph(line)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def expected(b: Base, layout: str) -> dict:
    recipients = [r.rstrip(";.").rsplit(" (", 1)[0] for r in b.recipients]
    e = {
        "kind": b.kind, "number": b.number, "symbol": b.symbol, "date": f"{b.year}-{b.month:02d}-{b.day:02d}",
        "place": b.place, "issuer": b.issuer, "issuer_parent": b.parent, "subject": b.subject,
        "signer_authority": b.authority, "signer_title": b.title, "signer_name": b.signer,
        "recipients": recipients, "addressees": b.addressees,
    }  # fmt: skip
    if layout.startswith("lost"):
        e.update(number="", symbol="", date=None, place="", issuer="", issuer_parent="")
    if layout == "no-title":
        e["subject"] = ""  # a person reads the kind from the code, and no trích yếu under a title
    return e


LAYOUTS = {
    "clean": clean, "web": web, "web-squeezed": lambda b: web(b, squeeze=True), "pdf": pdf_layer,
    "lost-title": lost_header, "lost-heading": lost_header_heading, "old-tone": old_tone, "no-title": no_title,
    "docx": docx_paste,
}  # fmt: skip
PLAN = {
    "cv-ra-soat": ["clean", "web", "pdf", "docx"],
    "kh-the-thao": ["clean", "pdf", "lost-heading", "web-squeezed"],
    "bc-quy-1": ["web", "lost-title", "pdf", "docx"],
    "hd-dai-hoi": ["old-tone", "pdf", "lost-heading"],
    "tb-ket-luan": ["clean", "web-squeezed", "lost-heading"],
    "qd-khen": ["clean", "web"],
    "kh-2019": ["clean", "pdf", "web"],
    "gm-hoi-nghi": ["web", "old-tone"],
    "tt-khen": ["pdf", "clean", "docx"],
    "cv-an-toan": ["web", "pdf", "old-tone"],
    "ct-tuyen-giao": ["lost-heading", "web", "no-title"],
    "bc-thang-cn": ["lost-title", "clean", "no-title"],
}


def main() -> None:
    bases = {b.name: b for b in BASES}
    truth = {}
    for name, layouts in PLAN.items():
        for layout in layouts:
            content = LAYOUTS[layout](bases[name])
            file = f"{name}--{layout}.{'docx' if isinstance(content, bytes) else 'txt'}"
            if isinstance(content, bytes):
                (HERE / file).write_bytes(content)
            else:
                (HERE / file).write_text(content, encoding="utf-8")
            truth[file] = {"layout": layout, **expected(bases[name], layout)}
    (HERE / "expected.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(truth)} documents written to {HERE}")


if __name__ == "__main__":
    main()
