"""Kinds of official documents (DOMAIN.md §1.4): app code, Vietnamese name, type code in the symbol."""

from django.db import models


class DocumentKind(models.TextChoices):
    CONG_VAN = "cong_van", "Công văn"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    HUONG_DAN = "huong_dan", "Hướng dẫn"
    BAO_CAO = "bao_cao", "Báo cáo"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    THONG_BAO = "thong_bao", "Thông báo"
    NGHI_QUYET = "nghi_quyet", "Nghị quyết"
    CHI_THI = "chi_thi", "Chỉ thị"
    THONG_TRI = "thong_tri", "Thông tri"
    TO_TRINH = "to_trinh", "Tờ trình"
    CHUONG_TRINH = "chuong_trinh", "Chương trình"
    GIAY_MOI = "giay_moi", "Giấy mời"
    BIEN_BAN = "bien_ban", "Biên bản"
    QUY_CHE = "quy_che", "Quy chế"
    QUY_DINH = "quy_dinh", "Quy định"
    KET_LUAN = "ket_luan", "Kết luận"


# Type code written in the symbol ("18/BC-LĐLĐ"). A công văn has none.
TYPE_CODES: dict[str, str] = {
    DocumentKind.CONG_VAN: "",
    DocumentKind.KE_HOACH: "KH",
    DocumentKind.HUONG_DAN: "HD",
    DocumentKind.BAO_CAO: "BC",
    DocumentKind.QUYET_DINH: "QĐ",
    DocumentKind.THONG_BAO: "TB",
    DocumentKind.NGHI_QUYET: "NQ",
    DocumentKind.CHI_THI: "CT",
    DocumentKind.THONG_TRI: "TTr",
    DocumentKind.TO_TRINH: "TTr",
    DocumentKind.CHUONG_TRINH: "CTr",
    DocumentKind.GIAY_MOI: "GM",
    DocumentKind.BIEN_BAN: "BB",
    DocumentKind.QUY_CHE: "QC",
    DocumentKind.QUY_DINH: "QyĐ",
    DocumentKind.KET_LUAN: "KL",
}

# Title line printed above the subject (UPPER); a công văn has a "V/v" line instead.
TITLES: dict[str, str] = {k.value: k.label.upper() for k in DocumentKind if k != DocumentKind.CONG_VAN}

# Kinds whose title line is ambiguous by code (TTr): the reader decides by the title line.
KIND_BY_TITLE: dict[str, str] = {title: kind for kind, title in TITLES.items()}
KIND_BY_CODE: dict[str, str] = {
    code: kind for kind, code in TYPE_CODES.items() if code and kind != DocumentKind.TO_TRINH
}

# Kinds that direct lower units and so can create tasks.
DIRECTIVE_KINDS = {
    DocumentKind.CONG_VAN,
    DocumentKind.KE_HOACH,
    DocumentKind.HUONG_DAN,
    DocumentKind.CHI_THI,
    DocumentKind.THONG_TRI,
    DocumentKind.CHUONG_TRINH,
    DocumentKind.NGHI_QUYET,
}

# Kinds that are meant for members by default (a study topic, a guidance, a programme, a notice); the
# others (letters, reports, decisions, proposals) are internal to the officers. The draft may override.
FOR_MEMBERS_KINDS = {
    DocumentKind.HUONG_DAN,
    DocumentKind.KE_HOACH,
    DocumentKind.CHUONG_TRINH,
    DocumentKind.THONG_BAO,
}


def for_members_by_default(kind: str) -> bool:
    return kind in FOR_MEMBERS_KINDS
