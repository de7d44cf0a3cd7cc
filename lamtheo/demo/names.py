"""Vietnamese personal names for demo and benchmark data, by ethnic group.

Lai Châu is home to Thái, Mông, Dao, Hà Nhì, Giáy, Lự, Khơ Mú, La Hủ, Mảng and Kinh people, among
others. Each group has its own family names and naming patterns: Thái and Giáy names look like
"Lò Văn Khăm" / "Lò Thị Xiêng", Mông men often carry "A" or "Seo" as middle name ("Giàng A Páo"), Dao
men "Láo", "Lở", "Sành" ("Tẩn Láo San"), Hà Nhì names are three syllables with a lineage middle name
("Pờ Xá Chừ"). The lists are weighted: a name appears several times when it is common.

Only data and one function live here; nothing touches the database.
"""

import random
from dataclasses import dataclass

from lamtheo.lib.text import nfc

Weighted = tuple[tuple[str, int], ...]


def weighted(spec: str) -> Weighted:
    """'Nguyễn:30 Trần:10 Lê' -> (('Nguyễn', 30), ('Trần', 10), ('Lê', 1)); '_' stands for a space."""
    out = []
    for token in spec.split():
        name, _, weight = token.partition(":")
        out.append((nfc(name.replace("_", " ")), int(weight or 1)))
    return tuple(out)


@dataclass(frozen=True)
class EthnicNames:
    ethnicity: str
    families: Weighted
    middles_male: Weighted
    middles_female: Weighted
    givens_male: Weighted
    givens_female: Weighted


KINH = EthnicNames(
    "Kinh",
    weighted(
        "Nguyễn:30 Trần:10 Lê:8 Phạm:6 Hoàng:5 Vũ:4 Đỗ:3 Bùi:3 Đặng:3 Ngô:2 Dương:2 Đinh:2 Phan:2 "
        "Trịnh:2 Hà:2 Lương Cao Tạ Đào Mai Lại Chu Trương Hồ Kiều Nông Tô Lưu"
    ),
    weighted(
        "Văn:20 Đức:5 Minh:5 Quang:4 Hữu:3 Xuân:3 Thanh:3 Ngọc:2 Công:3 Tiến:2 Trọng:2 Mạnh:2 Đình:3 Anh Duy Bá Hoàng"
    ),
    weighted(
        "Thị:25 Thị_Thu:4 Thị_Thanh:4 Thị_Ngọc:3 Thị_Minh:2 Thị_Hồng:3 Thu:3 Ngọc:3 Thanh:2 Thùy:2 Phương:2 Hồng:2 Kim Mai Hải"
    ),
    weighted(
        "Anh:3 Bình:2 Cường:2 Dũng:3 Đức:2 Giang Hải:3 Hiếu Hòa Hùng:3 Huy:2 Khánh Kiên Lâm Long:2 Mạnh Minh:3 "
        "Nam:3 Nghĩa Phong Phúc Quân Quang Sơn:3 Tài Thắng:2 Thành:2 Tiến Toàn Trung:2 Tuấn:3 Tùng Việt Vinh Hưng Khoa Đạt"
    ),
    weighted(
        "Anh:2 Chi Dung:2 Giang Hà:3 Hằng:2 Hạnh Hiền:2 Hoa:3 Hương:3 Huyền:2 Lan:2 Liên Linh:3 Loan Mai:2 Nga "
        "Ngân Nhung Oanh Phương:2 Quyên Tâm Thảo:2 Thủy:2 Trang:3 Uyên Vân Yến:2 Hậu Ly Nhàn"
    ),
)

THAI = EthnicNames(
    "Thái",
    weighted("Lò:25 Lường:12 Tòng:8 Quàng:8 Cầm:6 Điêu:5 Lù:4 Vì:4 Hoàng:4 Hà:3 Mào:2 Bạc:2 Kiểm:2 Khoàng:2"),
    weighted("Văn:30"),
    weighted("Thị:30"),
    weighted(
        "Khăm:3 Ín:2 Pánh:2 Thoan:2 Biên:2 Xuân Thanh:2 Ngoan Hoan Sơn:2 Tiến Thắng:2 Dũng Hùng:2 Chung Duẩn "
        "Hặc Inh Pọm Tươi Phong Quyết Hoàn Khiêm Tuân"
    ),
    weighted(
        "Ín:2 Xiêng:2 Ngọc Hương:3 Thảo Phượng Hằng:2 Ánh Hoa:2 Lả Piếng Xuân Thu Hiên Hòn Ly Mai Hà Nga Ương Ọn"
    ),
)

MONG = EthnicNames(
    "Mông",
    weighted("Giàng:20 Sùng:15 Vàng:14 Thào:12 Lý:10 Lầu:6 Hờ:4 Mùa:5 Hạng:4 Tráng:3 Chang:3 Vừ:3 Cứ:3 Má:2"),
    weighted("A:60 Seo:15 Văn:10 Sái:3 Chá:3"),
    weighted("Thị:40 Mỷ:3"),
    weighted(
        "Páo:3 Chư:3 Sử:2 Lử:2 Dơ:2 Tủa:2 Lềnh:2 Chớ:2 Chá Dế Sáu Dình Giống Hồ Kháng Lầu Nhè Pó Súa Thề Vư Chứ Dìa"
    ),
    weighted("Mỷ:3 Dua:2 Sua:2 Chá Pằng Dợ Xúa Vá Nhìa Mai:2 Dung:2 Say Dính Di Chư Làu Mỉ Dinh"),
)

DAO = EthnicNames(
    "Dao",
    weighted("Tẩn:20 Chảo:18 Lý:12 Đặng:10 Phùng:8 Triệu:6 Bàn:6 Sần:4"),
    weighted("Láo:12 Lở:10 Sành:8 Văn:15 A:4 Kin:3 Quẩy:2"),
    weighted("Thị:30 Mẩy:3 Tả:2"),
    weighted("San:3 Phìn:3 Chòi:2 Sài:2 Quẩy:2 Lở Nải:2 Vạ Chản:2 Kiềm Tả Cao Mình Chiêu Lìu Sinh Chẳn"),
    weighted("Mẩy:3 Chiêu:2 Sinh:2 Chỉn:2 Phây:2 Dùn Tả Xuân Lai Mai:2 Phấy Quẩy Liều"),
)

HA_NHI = EthnicNames(
    "Hà Nhì",
    weighted("Pờ:12 Lỳ:12 Chu:10 Lý:6 Phìn:4 Hù:4 Lò:6 Sìn:3 Chà:3 Ly:4"),
    weighted("A:6 Xá:8 Gò:5 Phù:4 Hà:4 Cà:3 Mò:3"),
    weighted("Thị:12 Mỳ:4 Xá:3 Hà:2"),
    weighted("Chừ:3 Hừ:3 Sừ:3 Xá:2 Lư:2 Phì:2 Gơ Chè Hờ Giá Sò Khừ"),
    weighted("Mé:3 Xé:2 Mơ:2 Ha:2 Hồ Chừ Dơ Là Pa Xà Mi"),
)

GIAY = EthnicNames(
    "Giáy",
    weighted("Lò:10 Vàng:8 Hoàng:8 Lù:6 Sần:3 Giàng:3 Ma:2"),
    weighted("Văn:30 Seo:2"),
    weighted("Thị:30"),
    weighted("Sơn:2 Pính:2 Chiến Tiến Dũng Hải Thào:2 Châu Phúc Sính Định Khải"),
    weighted("Hoa:2 Sen Pín Thu Lan Dung Mỷ Phượng Hiền Thúy"),
)

LU = EthnicNames(
    "Lự",
    weighted("Lò:10 Tao:8 Chang:5 Pạ:3 Lường:3"),
    weighted("Văn:20"),
    weighted("Thị:20"),
    weighted("Khăm:2 Sỏn:2 Pâng Ún Phanh Inh Xôm Hương"),
    weighted("Ín:2 Xiêng Pặng Ươi Khum Phăn Lay"),
)

KHO_MU = EthnicNames(
    "Khơ Mú",
    weighted("Lò:8 Vì:6 Quàng:4 Lường:4 Cầm:3"),
    weighted("Văn:20"),
    weighted("Thị:20"),
    weighted("Xiêng Pọm Thoong Dương Hoàn Khiêm Ngọc"),
    weighted("Ún Lả Hom Thúy Xuân Hoa"),
)

LA_HU = EthnicNames(
    "La Hủ",
    weighted("Lò:6 Lý:6 Chà:4 Vàng:4 Pờ:3 Ly:3 Phàn:2"),
    weighted("A:10 Văn:6 Phì:2"),
    weighted("Thị:10 Na:2"),
    weighted("Phạ Chừ Giá Phù Pò Xà Hừ"),
    weighted("Na Ca Xà Mi Mé Dơ"),
)

MANG = EthnicNames(
    "Mảng",
    weighted("Lò:6 Chìn:4 Lùng:3"),
    weighted("Văn:10"),
    weighted("Thị:10"),
    weighted("Khoang Mừng Phương Đôi Sơn"),
    weighted("Xanh Piếng Ánh Hoa"),
)

GROUPS: dict[str, EthnicNames] = {
    g.ethnicity: g for g in (KINH, THAI, MONG, DAO, HA_NHI, GIAY, LU, KHO_MU, LA_HU, MANG)
}

# Shares among union members. Members are public servants and wage workers, so Kinh people weigh
# more than in the population (Mông ~40 %, Thái ~32 %, Kinh ~14 %, Dao ~13 % of Lai Châu).
MIX_PUBLIC_SERVICE: Weighted = (
    ("Kinh", 44), ("Thái", 26), ("Mông", 11), ("Dao", 7), ("Giáy", 4), ("Hà Nhì", 3),
    ("Lự", 2), ("Khơ Mú", 2), ("La Hủ", 1),
)  # fmt: skip
MIX_ENTERPRISE: Weighted = (
    ("Kinh", 38), ("Thái", 25), ("Mông", 18), ("Dao", 9), ("Giáy", 4), ("Hà Nhì", 2),
    ("Lự", 2), ("Khơ Mú", 1), ("Mảng", 1),
)  # fmt: skip
MIX_FARMERS: Weighted = (("Thái", 30), ("Mông", 30), ("Dao", 20), ("Giáy", 10), ("Kinh", 10))


class Picker:
    """Weighted choice that precomputes cumulative weights (fast enough for millions of names)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._cache: dict[int, tuple[list[str], list[int]]] = {}

    def pick(self, items: Weighted) -> str:
        key = id(items)
        entry = self._cache.get(key)
        if entry is None:
            values = [v for v, _ in items]
            cum, total = [], 0
            for _, w in items:
                total += w
                cum.append(total)
            entry = self._cache[key] = (values, cum)
        values, cum = entry
        return self.rng.choices(values, cum_weights=cum)[0]

    def ethnicity(self, mix: Weighted) -> str:
        return self.pick(mix)

    def name(self, ethnicity: str, female: bool) -> tuple[str, str, str]:
        """(family, middle, given) for a person of that group and gender."""
        group = GROUPS.get(ethnicity, KINH)
        family = self.pick(group.families)
        middle = self.pick(group.middles_female if female else group.middles_male)
        given = self.pick(group.givens_female if female else group.givens_male)
        return family, middle, given
