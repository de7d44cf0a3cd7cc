"""The reader on the five seed documents: the fields a person reads off each of them (DOMAIN.md §1.12).

The seeds are an extra corpus found in settings.SEEDS_DIR; without them this module is skipped and the
project's own samples (test_reading_samples.py) still test the reader."""

import functools
from datetime import date
from pathlib import Path

import pytest

from documents.fields import DocumentFields
from documents.reading import read_file, read_text
from documents.samples import seeds_dir, seeds_missing_reason

pytestmark = pytest.mark.skipif(
    bool(seeds_missing_reason()), reason=seeds_missing_reason() or "seeds present"
)
SEEDS = seeds_dir()


def seed_path(number: int) -> Path:
    (path,) = SEEDS.glob(f"{number:03d}_*.txt")
    return path


@functools.cache
def seed(number: int) -> DocumentFields:
    return read_text(seed_path(number).read_text(encoding="utf-8"))


def symbols(fields: DocumentFields) -> list[str]:
    return [c.symbol for c in fields.citations]


def citation(fields: DocumentFields, symbol: str):
    return next(c for c in fields.citations if c.symbol == symbol)


def has_warning(fields: DocumentFields, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in fields.warnings)


def top_numbers(fields: DocumentFields) -> list[str]:
    return [s.number for s in fields.sections]


# --- S000: a công văn without header, number, title or signature --------------------------------


def test_it_reads_seed_000_as_an_unnumbered_letter():
    f = seed(0)
    assert f.kind == "cong_van"
    assert (f.number, f.symbol, f.date) == ("", "", None)
    assert has_warning(f, "Không tìm thấy số, ký hiệu")
    assert has_warning(f, "ngày tháng ban hành")


def test_it_reads_seed_000_citations_across_hyphenated_line_breaks():
    f = seed(0)
    assert symbols(f) == ["6713/TLĐ-TG", "01-KL/TW", "05-CT/TW", "02-NQ/TW"]
    letter = citation(f, "6713/TLĐ-TG")
    assert (letter.kind, letter.date, letter.family) == ("cong_van", date(2023, 5, 25), "state")
    assert letter.issuer == "Tổng LĐLĐ Việt Nam"
    resolution = citation(f, "02-NQ/TW")
    assert (resolution.kind, resolution.date, resolution.family) == ("nghi_quyet", date(2021, 6, 12), "party")
    assert citation(f, "05-CT/TW").kind == "chi_thi"


def test_it_reads_seed_000_five_numbered_items_as_tasks():
    f = seed(0)
    assert len(f.tasks) == 5
    assert f.tasks[0].text.startswith("Đẩy mạnh hơn nữa công tác tuyên truyền")
    assert "05-CT/TW" in f.tasks[0].text  # the "05-\nCT/TW" break is rejoined
    assert f.tasks[4].text.endswith("cán bộ công đoàn vi phạm.")
    assert [s.number for s in f.sections] == ["1", "2", "3", "4", "5"]
    assert f.opening.startswith("Thực hiện Công văn số 6713/TLĐ-TG ngày 25/5/2023")


def test_it_reports_seed_000_cut_off_recipients_and_missing_signature():
    f = seed(0)
    assert [r.name for r in f.recipients] == [
        "Như kính gửi",
        "Tổng Liên đoàn",
        "Ban Tuyên giáo Tỉnh ủy",
        "Ban Dân vận Tỉnh ủy",
    ]
    assert has_warning(f, "Nơi nhận", "bị cắt")
    assert has_warning(f, "Không tìm thấy phần chữ ký")
    assert f.signer.name == ""


# --- S001: công văn 299/CĐCT – TGNC ------------------------------------------------------------


def test_it_reads_seed_001_header():
    f = seed(1)
    assert f.kind == "cong_van"
    assert (f.number, f.symbol, f.issuer) == ("299", "299/CĐCT-TGNC", "")  # "CĐCT" is a code, not a name
    assert (f.date, f.place) == (date(2023, 6, 1), "Hà Nội")
    assert f.subject.startswith("đẩy mạnh thực hiện Kết luận số 01-KL/TW")
    assert f.subject.endswith("về tiếp tục thực hiện Chỉ thị 05-CT/TW")  # three V/v lines joined
    assert f.addressees == [
        "Công đoàn cấp trên trực tiếp cơ sở, công đoàn cơ sở trực thuộc Công đoàn Công Thương Việt Nam"
    ]
    assert has_warning(f, "khoảng trắng hoặc gạch dài", "299/CĐCT – TGNC")


def test_it_reads_seed_001_citations():
    f = seed(1)
    assert {"6713/TLĐ-TG", "01-KL/TW", "05-CT/TW", "02-NQ/TW"} <= set(symbols(f))
    assert citation(f, "6713/TLĐ-TG").date == date(2023, 5, 25)  # "25/05/2023"
    assert citation(f, "6713/TLĐ-TG").issuer == "Tổng Liên đoàn Lao động Việt Nam"
    assert citation(f, "01-KL/TW").date == date(2021, 5, 18)
    assert "299/CĐCT-TGNC" not in symbols(f)  # its own number is not a citation


def test_it_reads_seed_001_signature_recipients_and_tasks():
    f = seed(1)
    assert (f.signer.authority, f.signer.title, f.signer.name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Lê Thị Đức",
    )
    names = [r.name for r in f.recipients]
    assert names[0] == "Như trên"
    assert names[-1] == "Lưu: VP, TG-NC"  # the "*Q*" OCR mark is gone
    assert f.recipients[-1].purpose == "lưu"
    assert len(f.tasks) == 5
    assert all("*" not in t.text for t in f.tasks)
    assert has_warning(f, "nhiễu")


# --- S002: báo cáo 18 /BC-LĐLĐ -----------------------------------------------------------------


def test_it_reads_seed_002_header():
    f = seed(2)
    assert f.kind == "bao_cao"
    assert (f.number, f.symbol, f.issuer) == ("18", "18/BC-LĐLĐ", "")  # "LĐLĐ" is a code, not a name
    assert (f.date, f.place) == (date(2026, 4, 20), "Lai Châu")
    assert f.subject.startswith("Sơ kết 05 năm thực hiện Kết luận số 01-KL/TW")
    assert f.opening.startswith("Thực hiện Kế hoạch số 80/KH-TLĐ")
    assert has_warning(f, "18 /BC-LĐLĐ")


def test_it_reads_seed_002_signature_through_bold_markup():
    f = seed(2)
    assert f.signer.authority == "TM. BAN THƯỜNG VỤ"
    assert f.signer.title == "PHÓ CHỦ TỊCH"
    assert f.signer.name == "Lò Thị Hằng"


def test_it_reads_seed_002_citations_with_kinds_and_dates():
    f = seed(2)
    expected = [
        "80/KH-TLĐ", "288/KH-LĐLĐ", "51/HD-LĐLĐ", "56/HD-LĐLĐ", "69/HD-LĐLĐ", "04/HD-LĐLĐ",
        "44-KH/TU", "37/HD-TLĐ", "47-HD/BTGTU", "01-KL/TW", "05-CT/TW",
    ]  # fmt: skip
    assert set(expected) <= set(symbols(f))
    assert len(symbols(f)) == len(set(symbols(f)))
    assert citation(f, "80/KH-TLĐ").kind == "ke_hoach"
    assert citation(f, "80/KH-TLĐ").date == date(2026, 3, 27)
    assert citation(f, "56/HD-LĐLĐ").date == date(2023, 2, 18)
    assert citation(f, "69/HD-LĐLĐ").date == date(2023, 1, 3)
    assert citation(f, "04/HD-LĐLĐ").date == date(2024, 1, 4)  # "số 04/HD-LĐLĐ, ngày 04/01/2024"
    assert citation(f, "47-HD/BTGTU").family == "party"
    assert citation(f, "05-CT/TW").date == date(2016, 5, 15)


def test_it_warns_seed_002_citation_numbers_out_of_date_order():
    f = seed(2)
    assert has_warning(f, "không cùng thứ tự", "56/HD-LĐLĐ", "69/HD-LĐLĐ")
    assert not has_warning(f, "không cùng thứ tự", "51/HD-LĐLĐ")  # other years are not compared


def test_it_keeps_seed_002_headings_as_written_and_warns():
    f = seed(2)
    assert top_numbers(f) == ["I", "II", "III", "II", "III"]
    assert [s.title for s in f.sections][3] == "ĐÁNH GIÁ CHUNG"
    assert [c.number for c in f.sections[2].children] == ["1", "2", "3", "3", "4"]
    assert has_warning(f, "Đánh số đề mục", "“II.” đứng sau “III.”")
    assert has_warning(f, "Đánh số đề mục", "“3.” đứng sau “3.”")
    bullets = f.sections[4].children[0].paragraphs
    assert bullets[0].startswith("- Tiếp tục triển khai thực hiện có hiệu quả Kết luận số 01-KL/TW")
    assert f.closing.startswith("Trên đây là báo cáo kết quả Sơ kết 05 năm")


def test_it_reads_seed_002_recipients_with_a_group_purpose():
    f = seed(2)
    assert [(r.name, r.purpose) for r in f.recipients] == [
        ("Tổng LĐLĐ Việt Nam", "b/c"),
        ("Ban Tuyên giáo và DV Tỉnh ủy", "b/c"),
        ("Ban TT UBMTTQ Việt Nam tỉnh", "b/c"),
        ("Lưu: Ban CTCĐ", "lưu"),
    ]
    assert f.tasks == []  # a report asks nothing of its recipients


# --- S003: kế hoạch 2021-2025 without header ---------------------------------------------------


def test_it_reads_seed_003_plan_without_number():
    f = seed(3)
    assert f.kind == "ke_hoach"
    assert (f.number, f.symbol) == ("", "")
    assert has_warning(f, "Không tìm thấy số, ký hiệu")
    assert f.subject.startswith("Thực hiện Kết luận số 01-KL/TW")
    assert f.subject.endswith("giai đoạn 2021 -2025")
    assert f.opening.startswith("Thực hiện Kế hoạch số 57-KH/TU")


def test_it_reads_seed_003_citations_including_glued_party_symbols():
    f = seed(3)
    assert {"57-KH/TU", "01-KL/TW", "05-CT/TW", "67/HD-LĐLĐ"} <= set(symbols(f))
    assert not any("TWc" in s for s in symbols(f))  # "01-KL/TWcủa"
    assert citation(f, "67/HD-LĐLĐ").date == date(2021, 8, 27)  # "ngày \n\n27/8/2021của"
    assert citation(f, "57-KH/TU").issuer == "Tỉnh ủy Lào Cai"


def test_it_reads_seed_003_yearly_deadline_schedule():
    f = seed(3)
    (task,) = [t for t in f.tasks if t.schedule]
    assert task.deadline == date(2021, 9, 30)
    assert task.recurrence == "yearly"
    assert task.schedule["2021"] == "2021-09-30"
    assert task.schedule["other"] == "Q1"
    assert [task.schedule[str(y)] for y in range(2022, 2026)] == [f"{y}-03-31" for y in range(2022, 2026)]
    assert "2020" not in task.schedule and "2026" not in task.schedule  # bounded by "giai đoạn 2021 -2025"
    assert "năm 2021 hoàn thành vào Quý III" in task.text


def test_it_reads_seed_003_sub_levels_and_headings_with_colons():
    f = seed(3)
    assert top_numbers(f) == ["I", "II", "III"]
    assert [c.title for c in f.sections[0].children] == ["Mục đích:", "Yêu cầu:"]  # as written
    years = f.sections[1].children[1].children
    assert [(s.level, s.number, s.title) for s in years][0] == (3, "2.1", "Năm 2021.")  # as written
    assert [s.number for s in years] == ["2.1", "2.2", "2.3", "2.4", "2.5"]
    assert not has_warning(f, "Đánh số đề mục")


def test_it_untangles_seed_003_interleaved_recipients_and_signature():
    f = seed(3)
    assert (f.signer.authority, f.signer.title, f.signer.name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Đỗ Lê Tín",
    )
    names = [r.name for r in f.recipients]
    assert names[:2] == ["TT Tỉnh ủy", "Đoàn Chủ tịch TLĐ"]
    assert names[-1] == "Lưu: VT, Ban TG-NC"
    assert len(names) == 10
    assert not any("CHỦ TỊCH" in n or "Tín" in n for n in names)


# --- S004: hướng dẫn 2024 ----------------------------------------------------------------------


def test_it_reads_seed_004_header_with_double_space_in_the_date():
    f = seed(4)
    assert f.kind == "huong_dan"
    assert (f.date, f.place) == (date(2024, 1, 3), "Lai Châu")
    assert has_warning(f, "khoảng trắng thừa", "tháng  01")
    assert f.subject == (
        "Tổ chức học tập, quán triệt, tuyên truyền Chuyên đề học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh năm 2024"
    )


def test_it_reads_seed_004_citations_and_the_type_disagreement():
    f = seed(4)
    assert {"145-HD/BTGTU", "288/KH-LĐLĐ", "51/HD-LĐLĐ", "21-KL/TW", "01-KL/TW", "05-CT/TW"} <= set(
        symbols(f)
    )
    plan = citation(f, "145-HD/BTGTU")
    assert (plan.kind, plan.date) == ("ke_hoach", date(2023, 12, 19))  # as the text names it
    assert has_warning(f, "không khớp mã", "145-HD/BTGTU")
    assert citation(f, "21-KL/TW").date == date(2021, 10, 25)  # "21-\n\nKL/TW, ngày 25/10/2021"


def test_it_reads_seed_004_items_bullets_and_tasks():
    f = seed(4)
    form = f.sections[1].children[1]
    assert form.title == "Hình thức, thời gian tổ chức học tập, quán triệt"
    assert any(p.startswith("(1) Học tập và làm theo") for p in form.paragraphs)
    assert any(p.startswith("+ Quý I: Gồm các nội dung (1) và (4)") for p in form.paragraphs)
    (report,) = [t for t in f.tasks if t.recurrence == "half_yearly"]
    assert report.deadline is None
    assert report.text.startswith(
        "Báo cáo kết quả triển khai thực hiện về LĐLĐ tỉnh (qua Ban Tuyên giáo - Nữ công)"
    )
    quarters = {t.deadline for t in f.tasks if t.text.startswith("Quý")}
    assert quarters == {date(2024, 3, 31), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)}


def test_it_reads_seed_004_signature_and_wrapped_recipient():
    f = seed(4)
    assert (f.signer.authority, f.signer.title, f.signer.name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Hoàng Văn Trinh",
    )
    assert "Các LĐLĐ huyện, thành phố, CĐ ngành, CĐ Viên chức tỉnh" in [r.name for r in f.recipients]
    assert f.recipients[-1] == type(f.recipients[-1])("Lưu: TgNc, VT", "lưu")


# --- all seeds --------------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(5))
def test_it_reads_each_seed_file_like_its_text(number):
    from_file = read_file(seed_path(number))
    assert from_file.to_json() == seed(number).to_json()
