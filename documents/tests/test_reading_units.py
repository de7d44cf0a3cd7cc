"""Sub-parsers of the reader: number-symbol, dated place line, citations, headings, signature, recipients,
deadlines, files (.txt/.docx/.pdf) and the read_document command. No database."""

import io
import json
import unicodedata
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from documents.fields import Recipient
from documents.reading import DocumentReadError, read_file, read_text
from documents.reading.citations import find_citations
from documents.reading.codes import split_symbol
from documents.reading.dates import heading_value, parse_date_phrase, quarter_end, roman_to_int
from documents.reading.prep import prepare
from documents.reading.recipients import parse_recipients, purpose_code
from documents.reading.signature import is_name
from documents.reading.tasks import analyse, find_period, sentences
from documents.writing import with_end_mark

DATE_LINE = "Lai Châu, ngày 20 tháng 4 năm 2026"


def header(number_line: str, date_line: str = DATE_LINE) -> str:
    return f"{number_line}\n{date_line}\n"


def has_warning(warnings: list[str], *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in warnings)


# --- number and symbol (DOMAIN.md §1.3 reader regex) -------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "symbol", "kind", "issuer"),
    [
        ("Số: 18 /BC-LĐLĐ", "18", "18/BC-LĐLĐ", "bao_cao", "LĐLĐ"),
        ("Số: 299/CĐCT – TGNC", "299", "299/CĐCT-TGNC", "cong_van", "CĐCT"),
        ("Số: 06b /NQ-TLĐ", "06b", "06b/NQ-TLĐ", "nghi_quyet", "TLĐ"),
        ("Số: 1013 /QĐ-TLĐ", "1013", "1013/QĐ-TLĐ", "quyet_dinh", "TLĐ"),
        ("Số: 138/2010/KH-CĐGD", "138", "138/2010/KH-CĐGD", "ke_hoach", "CĐGD"),
        ("Số: /HDBX-CĐ", "", "/HDBX-CĐ", "cong_van", "HDBX"),
        ("Số : 05/KH-LĐLĐ", "05", "05/KH-LĐLĐ", "ke_hoach", "LĐLĐ"),
        ("Số: 4173/TLĐ-ToC", "4173", "4173/TLĐ-ToC", "cong_van", "TLĐ"),
    ],
)
def test_it_reads_number_symbol_variants(line, number, symbol, kind, issuer):
    f = read_text(header(line))
    assert (f.number, f.symbol, f.kind, split_symbol(f.symbol).issuer) == (number, symbol, kind, issuer)
    assert f.issuer == ""  # the code in the symbol is not taken as the issuer's name


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("Số: 18 /BC-LĐLĐ", ("khoảng trắng hoặc gạch dài", "18 /BC-LĐLĐ")),
        ("Số: 299/CĐCT – TGNC", ("khoảng trắng hoặc gạch dài",)),
        ("Số : 05/KH-LĐLĐ", ("trước dấu hai chấm",)),
        ("Số: /HDBX-CĐ", ("chưa được đánh số",)),
        ("Số: 5/BC-LĐLĐ", ("Số dưới 10", "05")),
        ("Số 05/BC-LĐLĐ", ("Thiếu dấu hai chấm",)),
    ],
)
def test_it_warns_about_number_symbol_deviations(line, words):
    assert has_warning(read_text(header(line)).warnings, *words)


def test_a_well_formed_number_line_gives_no_symbol_warning():
    warnings = read_text(header("Số: 18/BC-LĐLĐ")).warnings
    assert not has_warning(warnings, "Số")


def test_body_text_starting_with_so_is_not_a_number_line():
    f = read_text("Số lượng đoàn viên tăng 5% so với năm trước.")
    assert f.symbol == ""


def test_split_symbol_tells_named_kinds_letters_and_party_documents_apart():
    assert split_symbol("18/BC-LĐLĐ").type_code == "BC"
    letter = split_symbol("299/CĐCT-TGNC")
    assert (letter.type_code, letter.issuer, letter.unit) == ("", "CĐCT", "TGNC")
    party = split_symbol("08-QĐi/TW")
    assert (party.family, party.type_code, party.issuer, party.kind) == ("party", "QĐi", "TW", "quy_dinh")
    assert split_symbol("30/2020/NĐ-CP").family == "legal"


# --- place and date (§1.5) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("Lai Châu, ngày 03 tháng 01 năm 2024", "Lai Châu", date(2024, 1, 3)),
        ("Hà Nội, ngày 01 tháng 6 năm 2023", "Hà Nội", date(2023, 6, 1)),
        ("CĐGD        TP. Hồ Chí Minh, ngày 05 tháng 02 năm 2010", "TP. Hồ Chí Minh", date(2010, 2, 5)),
        ("Số: 18/BC-LĐLĐ Lai Châu, ngày 20 tháng 4 năm 2026", "Lai Châu", date(2026, 4, 20)),
        ("*Lai Châu, ngày 20 tháng 4 năm 2026*", "Lai Châu", date(2026, 4, 20)),
    ],
)
def test_it_reads_the_dated_place_line(line, place, day):
    f = read_text(line)
    assert (f.place, f.date) == (place, day)


def test_a_dated_citation_in_the_body_is_not_the_date_line():
    f = read_text("Thực hiện Chỉ thị số 05-CT/TW, ngày 15 tháng 5 năm 2016\ncủa Bộ Chính trị, như sau:")
    assert f.date is None
    assert f.opening == "Thực hiện Chỉ thị số 05-CT/TW, ngày 15 tháng 5 năm 2016 của Bộ Chính trị, như sau:"
    assert f.citations[0].date == date(2016, 5, 15)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("Lai Châu, ngày 03 tháng  01 năm 2024", ("khoảng trắng thừa", "tháng  01")),
        ("Lai Châu, ngày 3 tháng 01 năm 2024", ("Ngày dưới 10", "ngày 03")),
        ("Lai Châu, ngày 13 tháng 1 năm 2024", ("Tháng 1, 2", "tháng 01")),
        ("Lai Châu, ngày 13 tháng 06 năm 2024", ("Tháng từ 3",)),
        ("Lai Châu, ngày 31 tháng 02 năm 2024", ("không hợp lệ",)),
    ],
)
def test_it_warns_about_date_line_deviations(line, words):
    assert has_warning(read_text(line).warnings, *words)


def test_date_phrases():
    assert parse_date_phrase("ban hành ngày 25/05/2023 của") == date(2023, 5, 25)
    assert parse_date_phrase("ngày 15 tháng 5 năm 2016") == date(2016, 5, 15)
    assert parse_date_phrase("ngày 31/02/2023") is None
    assert quarter_end(2021, 3) == date(2021, 9, 30)
    assert quarter_end(2024, 1) == date(2024, 3, 31)
    assert (roman_to_int("IV"), roman_to_int("XII")) == (4, 12)
    assert (heading_value("III"), heading_value("2.1"), heading_value("đ")) == (3, 1, 5)


# --- header blocks -----------------------------------------------------------------------------

FLAT_HEADER = """LIÊN ĐOÀN LAO ĐỘNG TP. HỒ CHÍ MINH        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CÔNG ĐOÀN GIÁO DỤC        Độc lập - Tự do - Hạnh phúc
Số: 138/2010/KH-CĐGD        TP. Hồ Chí Minh, ngày 05 tháng 02 năm 2010

KẾ HOẠCH
Tổng kết 4 năm thực hiện cuộc vận động

Căn cứ Hướng dẫn số 12/HD-LĐLĐ ngày 10/01/2010 của Liên đoàn Lao động Thành phố;
Công đoàn Giáo dục Thành phố xây dựng kế hoạch như sau:
"""


def test_it_reads_a_flattened_two_column_header():
    f = read_text(FLAT_HEADER)
    assert f.issuer_parent == "LIÊN ĐOÀN LAO ĐỘNG TP. HỒ CHÍ MINH"
    assert f.issuer == "CÔNG ĐOÀN GIÁO DỤC"  # the printed name wins over the code CĐGD
    assert (f.symbol, f.kind, f.date, f.place) == (
        "138/2010/KH-CĐGD",
        "ke_hoach",
        date(2010, 2, 5),
        "TP. Hồ Chí Minh",
    )
    assert f.subject == "Tổng kết 4 năm thực hiện cuộc vận động"
    assert f.opening.split("\n")[0].startswith("Căn cứ Hướng dẫn số 12/HD-LĐLĐ")
    assert not has_warning(f.warnings, "phần đầu")


@pytest.mark.parametrize(
    "motto",
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
    ],
)
def test_motto_lines_are_not_issuers(motto):
    f = read_text(f"LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU\n{motto}\nSố: 18/BC-LĐLĐ\n{DATE_LINE}\n")
    assert (f.issuer_parent, f.issuer) == ("", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU")
    assert not has_warning(f.warnings, "quốc hiệu")


def test_it_joins_issuer_lines_that_wrap():
    f = read_text("TỔNG LIÊN ĐOÀN LAO ĐỘNG\nVIỆT NAM\nSố: 933/QĐ-TLĐ\nHà Nội, ngày 14 tháng 5 năm 2024\n")
    assert (f.issuer_parent, f.issuer) == ("", "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM")


def test_it_reads_old_style_titles_glued_to_a_capitalised_subject():
    f = read_text("HƯỚNGDẪN XÂY DỰNG CÔNG ĐOÀN CƠ SỞ VỮNG MẠNH\n\nThực hiện Nghị quyết Đại hội, …")
    assert (f.kind, f.subject) == ("huong_dan", "XÂY DỰNG CÔNG ĐOÀN CƠ SỞ VỮNG MẠNH")


def test_the_title_decides_the_kind_even_against_the_code():
    f = read_text("Số: 01/TTr-TLĐ\nHà Nội, ngày 27 tháng 10 năm 2006\nTỜ TRÌNH\nVề việc khen thưởng\n")
    assert f.kind == "to_trinh"
    f = read_text("Số: 18/KH-LĐLĐ\nLai Châu, ngày 20 tháng 4 năm 2026\nBÁO CÁO\nSơ kết\n")
    assert f.kind == "bao_cao"
    assert has_warning(f.warnings, "không khớp mã", "KH")


def test_without_a_title_the_code_then_the_letter_decides_the_kind():
    assert read_text(header("Số: 12/KH-LĐLĐ")).kind == "ke_hoach"
    f = read_text(header("Số: 12/LĐLĐ-VP") + "V/v tổ chức hội nghị\nKính gửi: Các công đoàn cơ sở\n")
    assert (f.kind, f.subject, f.addressees) == ("cong_van", "tổ chức hội nghị", ["Các công đoàn cơ sở"])


def test_it_reads_a_list_of_addressees():
    f = read_text(
        header("Số: 12/LĐLĐ-VP") + "V/v x\nKính gửi:\n- Công đoàn ngành Giáo dục;\n- Công đoàn ngành Y tế.\n"
    )
    assert f.addressees == ["Công đoàn ngành Giáo dục", "Công đoàn ngành Y tế"]
    f = read_text("V/v x\nKính gửi: Ban Tuyên giáo - Nữ công; - Văn phòng.\n")
    assert f.addressees == ["Ban Tuyên giáo - Nữ công", "Văn phòng"]


# --- citations (three grammars) ----------------------------------------------------------------


def test_it_reads_the_three_citation_grammars():
    text = (
        "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; Kế hoạch số 80/KH-TLĐ ngày "
        "27/3/2026 của Tổng Liên đoàn Lao động Việt Nam về việc sơ kết; Kết luận số 01-KL/TW, ngày "
        "18/5/2021 của Bộ Chính trị; Công văn số 6713/TLĐ-TG ngày 25/5/2023."
    )
    citations, _ = find_citations(text)
    assert [(c.symbol, c.family, c.kind) for c in citations] == [
        ("30/2020/NĐ-CP", "legal", ""),
        ("80/KH-TLĐ", "state", "ke_hoach"),
        ("01-KL/TW", "party", "ket_luan"),
        ("6713/TLĐ-TG", "state", "cong_van"),
    ]
    assert [c.date for c in citations] == [
        date(2020, 3, 5),
        date(2026, 3, 27),
        date(2021, 5, 18),
        date(2023, 5, 25),
    ]
    assert [c.issuer for c in citations][:3] == [
        "Chính phủ",
        "Tổng Liên đoàn Lao động Việt Nam",
        "Bộ Chính trị",
    ]


def test_it_reads_a_legal_number_before_trying_the_state_pattern():
    citations, _ = find_citations("Luật Công đoàn số 50/2024/QH15 và Kế hoạch 138/2010/KH-CĐGD")
    assert [(c.symbol, c.family) for c in citations] == [
        ("50/2024/QH15", "legal"),
        ("138/2010/KH-CĐGD", "legal"),
    ]


def test_state_style_party_citations_are_the_same_document():
    citations, _ = find_citations("Nghị quyết 20/NQ-TW và Nghị quyết số 20-NQ/TW ngày 01/11/2012")
    (only,) = citations
    assert (only.symbol, only.raw, only.family, only.date) == (
        "20-NQ/TW",
        "20/NQ-TW",
        "party",
        date(2012, 11, 1),
    )


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("Kết luận số 01-KL/TWcủa Bộ Chính trị", "01-KL/TW"),
        ("Kế hoạch số 80/KH-TLĐcủa Tổng Liên đoàn", "80/KH-TLĐ"),
        ("Chỉ thị số 05- CT/TW về", "05-CT/TW"),
        ("Công văn số 299/CĐCT – TGNC ngày 01/6/2023", "299/CĐCT-TGNC"),
        ("Công văn số 12/LĐLĐ-VP - Ban Tuyên giáo", "12/LĐLĐ-VP"),
        ("Quy định số 08-QĐi/TW", "08-QĐi/TW"),
    ],
)
def test_it_cleans_citation_edges(text, symbol):
    citations, _ = find_citations(text)
    assert [c.symbol for c in citations] == [symbol]


def test_it_rejoins_symbols_broken_over_lines():
    f = read_text("Thực hiện Chỉ thị số 05-\n\nCT/TW và Kết luận số 01-\nKL/TW của Bộ Chính trị.")
    assert [c.symbol for c in f.citations] == ["05-CT/TW", "01-KL/TW"]


def test_dates_and_counts_are_not_citations():
    text = "Ngày 25/5/2023 (19/5/1890-19/5/2025), thu nhập 3-4 triệu đồng/người/tháng, 1.800 hội nghị."
    assert find_citations(text)[0] == []


def test_it_reads_worded_citation_dates_and_keeps_the_first_mention():
    citations, _ = find_citations(
        "Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị. Thực hiện Chỉ thị 05-CT/TW."
    )
    (only,) = citations
    assert (only.date, only.issuer, only.kind) == (date(2016, 5, 15), "Bộ Chính trị", "chi_thi")


def test_it_warns_when_the_type_word_and_code_disagree():
    _, warnings = find_citations("Thực hiện Kế hoạch số 145-HD/BTGTU ngày 19/12/2023")
    assert has_warning(warnings, "không khớp mã", "145-HD/BTGTU", "Hướng dẫn")
    _, warnings = find_citations("Quy định 66-QĐ/TW và Quy định số 08-QĐi/TW")
    assert warnings == []


def test_it_warns_when_numbers_and_dates_disagree_within_one_issuer_and_year():
    _, warnings = find_citations(
        "Hướng dẫn số 56/HD-LĐLĐ ngày 18/02/2023; Hướng dẫn số 69/HD-LĐLĐ ngày 03/01/2023; "
        "Kế hoạch số 70/KH-LĐLĐ ngày 01/01/2023"
    )
    assert len(warnings) == 1
    assert has_warning(warnings, "56/HD-LĐLĐ", "69/HD-LĐLĐ")


def test_a_document_does_not_cite_itself():
    f = read_text(header("Số: 18/BC-LĐLĐ") + "BÁO CÁO\nSơ kết\n\nThực hiện Kế hoạch số 80/KH-TLĐ.")
    assert [c.symbol for c in f.citations] == ["80/KH-TLĐ"]


# --- paragraphs and headings -------------------------------------------------------------------


def test_it_detects_hard_wrapped_text():
    wrapped = "\n\n".join(["Một dòng văn bản được ngắt cứng ở khoảng tám mươi ký tự như bản trích xuất"] * 6)
    assert prepare(wrapped).wrapped
    assert not prepare("\n\n".join(["Một đoạn rất dài. " * 20] * 6)).wrapped


def test_it_builds_the_heading_tree_with_all_levels():
    f = read_text(
        "KẾ HOẠCH\nTổ chức\n\nThực hiện …, như sau:\n\nI. MỤC ĐÍCH:\n1. Mục đích:\n- Ý một;\n+ Ý hai.\n"
        "1.1. Chi tiết.\na) Điểm a\nb) Điểm b\n(1) Nội dung một.\nII. TỔ CHỨC THỰC HIỆN\n"
    )
    (first, second) = f.sections
    assert (first.level, first.number, first.title) == (1, "I", "MỤC ĐÍCH:")  # as written
    one = first.children[0]
    assert (one.level, one.title, one.paragraphs) == (2, "Mục đích:", ["- Ý một;", "+ Ý hai."])
    sub = one.children[0]
    assert (sub.level, sub.number, sub.title) == (3, "1.1", "Chi tiết.")
    assert [(s.level, s.number) for s in sub.children] == [(4, "a"), (4, "b")]
    assert sub.children[1].paragraphs == ["(1) Nội dung một."]
    assert second.title == "TỔ CHỨC THỰC HIỆN"
    assert not has_warning(f.warnings, "Đánh số")


def test_it_warns_about_sub_numbers_of_another_parent():
    f = read_text("I. NỘI DUNG\n1. Một\n2.1. Hai một\n")
    assert has_warning(f.warnings, "“2.1.”", "“1.”")


def test_it_keeps_closing_and_its_end_mark_as_written():
    f = read_text("1. Việc một.\n\nTrên đây là kế hoạch; đề nghị các cấp công đoàn thực hiện./.\n")
    assert f.closing == "Trên đây là kế hoạch; đề nghị các cấp công đoàn thực hiện./."
    assert (f.sections[0].title, f.sections[0].paragraphs) == ("", ["Việc một."])  # a point, not a heading


def test_a_bullet_inside_parentheses_continues_its_paragraph():
    f = read_text("1. Nhiệm vụ\n- Báo cáo về LĐLĐ tỉnh (qua Ban Tuyên giáo\n\n- Nữ công) trong tháng.\n")
    assert f.sections[0].paragraphs == ["- Báo cáo về LĐLĐ tỉnh (qua Ban Tuyên giáo - Nữ công) trong tháng."]


# --- signature and recipients -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "signer"),
    [
        (
            "**TM. BAN THƯỜNG VỤ\nPHÓ CHỦ TỊCH**\n\nLò Thị Hằng",
            ("TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Lò Thị Hằng"),
        ),
        (
            "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn An",
            ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"),
        ),
        (
            "TM . BAN CHẤP HÀNH\nCHỦ TỊCH\n\n\nNGUYỄN VĂN AN",
            ("TM. BAN CHẤP HÀNH", "CHỦ TỊCH", "NGUYỄN VĂN AN"),
        ),
        ("CHỦ TỊCH\n\nNguyễn Đình Khang", ("", "CHỦ TỊCH", "Nguyễn Đình Khang")),
    ],
)
def test_it_reads_signature_variants(tail, signer):
    f = read_text("1. Việc một.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n" + tail)
    assert (f.signer.authority, f.signer.title, f.signer.name) == signer


def test_a_signature_without_noi_nhan_is_found_at_the_end():
    f = read_text("1. Việc một.\n\nCHỦ TỊCH\n\nNguyễn Đình Khang")
    assert (f.signer.title, f.signer.name) == ("CHỦ TỊCH", "Nguyễn Đình Khang")
    assert has_warning(f.warnings, "Không có phần Nơi nhận")


def test_names():
    assert is_name("Lò Thị Hằng") and is_name("Đỗ Lê Tín")
    assert not is_name("Công đoàn Công Thương") and not is_name("Ban TT, LĐLĐ;") and not is_name("An")


def test_it_reads_recipient_purposes_groups_and_the_archive_line():
    recipients, warnings = parse_recipients(
        [
            "- Tổng LĐLĐ Việt Nam;",
            "- Ban Tuyên giáo Tỉnh ủy; } (B/c)",
            "- Các CĐCS (để t/h);",
            "- Lưu: VT, TgNc.",
        ]
    )
    assert recipients == [
        Recipient("Tổng LĐLĐ Việt Nam", "b/c"),
        Recipient("Ban Tuyên giáo Tỉnh ủy", "b/c"),
        Recipient("Các CĐCS", "t/h"),
        Recipient("Lưu: VT, TgNc", "lưu"),
    ]
    assert warnings == []


def test_purpose_codes():
    assert [purpose_code(x) for x in ("B/c", "để báo cáo", "p/h", "qua Ban Tuyên giáo")] == [
        "b/c",
        "b/c",
        "p/h",
        "",
    ]


def test_it_warns_when_noi_nhan_has_no_archive_line():
    assert has_warning(parse_recipients(["- Như trên;", "- Ban Dân vận;"])[1], "bị cắt")
    assert has_warning(parse_recipients(["- Như trên;", "- Ban Dân vận."])[1], "thiếu dòng")


# --- deadlines and tasks -----------------------------------------------------------------------


def test_the_yearly_split_deadline_is_bounded_by_the_period():
    task = analyse(
        "Cụ thể hóa thành kế hoạch (năm 2021 hoàn thành vào Quý III, các năm còn lại hoàn thành trong Quý I).",
        None,
        (2021, 2023),
    )
    assert task is not None
    assert (task.deadline, task.recurrence) == (date(2021, 9, 30), "yearly")
    assert task.schedule == {"2021": "2021-09-30", "2022": "2022-03-31", "2023": "2023-03-31", "other": "Q1"}


@pytest.mark.parametrize(
    ("sentence", "deadline", "recurrence"),
    [
        ("+ Quý II: hoàn thành báo cáo sơ kết ở cơ sở.", date(2026, 6, 30), ""),
        ("Các đơn vị hoàn thành trong Quý I năm 2025.", date(2025, 3, 31), ""),
        ("Báo cáo kết quả về LĐLĐ tỉnh trước ngày 15/6/2026.", date(2026, 6, 15), ""),
        ("Gửi báo cáo trước ngày 30/11.", date(2026, 11, 30), ""),
        ("Gửi danh sách chậm nhất ngày 05 tháng 3 năm 2027.", date(2027, 3, 5), ""),
        ("Tổ chức hội nghị trong tháng 5/2026.", date(2026, 5, 31), ""),
        ("Nộp hồ sơ trước tháng 6 năm 2026.", date(2026, 5, 31), ""),
        ("Báo cáo kết quả thực hiện trong báo cáo 6 tháng và năm.", None, "half_yearly"),
        ("Báo cáo kết quả hằng quý về Ban Thường vụ.", None, "quarterly"),
    ],
)
def test_deadline_phrases(sentence, deadline, recurrence):
    task = analyse(sentence, 2026, None)
    assert task is not None
    assert (task.deadline, task.recurrence) == (deadline, recurrence)


def test_sentences_without_deadlines_are_not_tasks():
    assert analyse("Tổ chức học tập vào dịp 19/5/2022 và hằng năm.", 2022, None) is None


def test_periods_and_sentences():
    assert find_period("kế hoạch giai đoạn 2021 -2025") == (2021, 2025)
    assert find_period("(23/9/1958-23/9/2023)") is None
    assert sentences("Một việc. Hai việc tại TP. Hồ Chí Minh. ba") == [
        "Một việc.",
        "Hai việc tại TP. Hồ Chí Minh. ba",
    ]


def test_only_directives_carry_tasks():
    text = "BÁO CÁO\nKết quả\n\nThực hiện …\n\n1. Các đơn vị báo cáo trước ngày 30/6/2026.\n"
    assert read_text(text).tasks == []
    assert [t.deadline for t in read_text(text.replace("BÁO CÁO", "KẾ HOẠCH")).tasks] == [date(2026, 6, 30)]


# --- never raises -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "Số:", "Số: /", "I.", "- }", "Nơi nhận:", "TM.", "\x00\ufeff", "Quý IV:"]
)
def test_reading_odd_texts_never_raises(text):
    f = read_text(text)
    assert isinstance(f.warnings, list)


def test_an_empty_text_says_so():
    assert read_text("").warnings == ["Văn bản trống"]


def test_a_failing_sub_parser_becomes_a_warning(monkeypatch):
    import documents.reading.document as document

    def boom(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(document, "find_citations", boom)
    f = read_text(header("Số: 18/BC-LĐLĐ") + "BÁO CÁO\nSơ kết\n")
    assert f.symbol == "18/BC-LĐLĐ"
    assert has_warning(f.warnings, "Lỗi khi đọc văn bản trích dẫn", "cần nhập tay")
    assert not has_warning(f.warnings, "RuntimeError")  # no internals in what the officer reads


# --- files --------------------------------------------------------------------------------------


def _header_docx() -> bytes:
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = "TỔNG LĐLĐ VIỆT NAM"
    left.add_paragraph("LIÊN ĐOÀN LAO ĐỘNG\nTỈNH LAI CHÂU")
    left.add_paragraph("Số: 18/BC-LĐLĐ")
    right.paragraphs[0].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc")
    right.add_paragraph("Lai Châu, ngày 20 tháng 4 năm 2026")
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Sơ kết 05 năm thực hiện Kết luận số 01-KL/TW")
    doc.add_paragraph("Thực hiện Kế hoạch số 80/KH-TLĐ ngày 27/3/2026 của Tổng Liên đoàn Lao động Việt Nam.")
    doc.add_paragraph("I. ĐẶC ĐIỂM TÌNH HÌNH")
    doc.add_paragraph("1. Khái quát")
    doc.add_paragraph("Toàn tỉnh có 85 công đoàn cơ sở")
    sign = doc.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.paragraphs[0].text = "Nơi nhận:"
    left.add_paragraph("- Tổng LĐLĐ Việt Nam (b/c);")
    left.add_paragraph("- Lưu: VT, Ban CTCĐ.")
    right.paragraphs[0].text = "TM. BAN THƯỜNG VỤ"
    right.add_paragraph("PHÓ CHỦ TỊCH")
    right.add_paragraph("")
    right.add_paragraph("Lò Thị Hằng")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_it_reads_a_docx_with_header_and_signature_tables():
    f = read_file(_header_docx(), "bao-cao.docx")
    assert (f.issuer_parent, f.issuer) == ("TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU")
    assert (f.kind, f.symbol, f.date, f.place) == ("bao_cao", "18/BC-LĐLĐ", date(2026, 4, 20), "Lai Châu")
    assert f.subject == "Sơ kết 05 năm thực hiện Kết luận số 01-KL/TW"
    assert f.sections[0].children[0].paragraphs == ["Toàn tỉnh có 85 công đoàn cơ sở"]
    assert f.recipients == [Recipient("Tổng LĐLĐ Việt Nam", "b/c"), Recipient("Lưu: VT, Ban CTCĐ", "lưu")]
    assert (f.signer.authority, f.signer.title, f.signer.name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Lò Thị Hằng",
    )
    assert f.warnings == []


@pytest.mark.parametrize("kind", ["cong_van", "ke_hoach", "quyet_dinh", "to_trinh"])
def test_it_reads_back_what_the_writer_wrote(kind):
    from documents.tests.samples import sample_fields
    from documents.writing import render_docx

    written = sample_fields(kind)
    f = read_file(render_docx(written), "van-ban.docx")
    for name in (
        "kind",
        "number",
        "symbol",
        "issuer",
        "issuer_parent",
        "date",
        "place",
        "subject",
        "addressees",
    ):
        assert getattr(f, name) == getattr(written, name), name
    assert f.signer == written.signer
    assert [r.name for r in f.recipients] == [r.name for r in written.recipients]
    assert (f.opening, f.closing) == (written.opening, with_end_mark(written.closing))
    assert f.warnings == []


def test_it_reads_the_text_layer_of_a_pdf():
    from documents.pdf import convert_to_pdf, soffice_available
    from documents.tests.samples import sample_fields
    from documents.writing import render_docx

    if not soffice_available():
        pytest.skip("LibreOffice (soffice) is not installed")
    written = sample_fields("bao_cao")
    pdf = convert_to_pdf(render_docx(written))
    assert pdf is not None
    f = read_file(pdf, "bao-cao.pdf")
    assert (f.kind, f.symbol, f.date, f.place, f.subject) == (
        written.kind,
        written.symbol,
        written.date,
        written.place,
        written.subject,
    )
    assert f.signer == written.signer


def test_a_pdf_without_text_layer_gives_a_warning():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    f = read_file(out.getvalue(), "scan.pdf")
    assert has_warning(f.warnings, "không có lớp văn bản")


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps ê, ơ, đ … precomposed and writes tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out).encode("cp1258")


def test_a_text_file_in_cp1258_is_read_with_a_warning(tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes(_cp1258("Số: 18/BC-LĐLĐ\nLai Châu, ngày 20 tháng 4 năm 2026\n"))
    f = read_file(path)
    assert (f.symbol, f.place) == ("18/BC-LĐLĐ", "Lai Châu")
    assert has_warning(f.warnings, "không phải UTF-8", "cp1258")


def test_broken_or_missing_files_raise_clear_errors(tmp_path):
    with pytest.raises(DocumentReadError, match="docx"):
        read_file(b"not a zip", "x.docx")
    with pytest.raises(DocumentReadError, match="PDF"):
        read_file(b"%PDF-1.4 broken", "x.pdf")
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing.txt")


# --- the read_document command ------------------------------------------------------------------


def test_the_command_prints_one_json_object(tmp_path):
    path = tmp_path / "cv.txt"
    path.write_text(
        "Số: 299/CĐCT – TGNC\nHà Nội, ngày 01 tháng 6 năm 2023\nV/v đẩy mạnh\n\n"
        "Thực hiện Công văn số 6713/TLĐ-TG ngày 25/05/2023.\n\n1. Tuyên truyền.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("read_document", str(path), "--json", stdout=out)
    data = json.loads(out.getvalue())
    keys = {"kind", "number", "symbol", "issuer", "date", "place", "subject", "recipients", "signer"}
    assert keys | {"citations", "sections", "tasks", "warnings"} <= set(data)
    assert (data["symbol"], data["date"], data["kind"]) == ("299/CĐCT-TGNC", "2023-06-01", "cong_van")
    assert data["citations"][0]["symbol"] == "6713/TLĐ-TG"
    assert "Đ" in out.getvalue()  # not \u escapes


def test_the_command_prints_a_vietnamese_summary(tmp_path):
    path = tmp_path / "bc.docx"
    path.write_bytes(_header_docx())
    out = io.StringIO()
    call_command("read_document", str(path), stdout=out)
    text = out.getvalue()
    assert "Loại văn bản: Báo cáo" in text
    assert "Số, ký hiệu: 18/BC-LĐLĐ" in text
    assert "Người ký: TM. BAN THƯỜNG VỤ / PHÓ CHỦ TỊCH / Lò Thị Hằng" in text


def test_the_command_names_a_missing_or_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp.*khong-co.txt"):
        call_command("read_document", str(tmp_path / "khong-co.txt"))
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"xx")
    with pytest.raises(CommandError, match="Không đọc được tệp.*hong.docx"):
        call_command("read_document", str(broken))
