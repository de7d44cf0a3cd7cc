"""The reader on the project's own samples (documents/samples): the five documents written by the
project's writer read back field for field, and the hand-made layouts read as far as the reader goes."""

from datetime import date

import pytest

from documents.reading import read_file
from documents.samples import SAMPLES
from documents.samples.written import WRITTEN


def read(name: str):
    s = SAMPLES[name]
    return read_file(s.content(), s.filename)


@pytest.mark.parametrize("name", sorted(WRITTEN))
def test_a_written_sample_reads_back_its_header_signer_and_citations(name):
    written, got = WRITTEN[name](), read(name)
    assert (got.kind, got.number, got.symbol) == (written.kind, written.number, written.symbol)
    assert (got.date, got.place, got.subject) == (written.date, written.place, written.subject)
    assert got.signer == written.signer
    assert {c.symbol for c in written.citations} <= {c.symbol for c in got.citations}
    assert got.warnings == []


def test_the_letter_gives_one_task_per_numbered_point_with_its_deadline():
    tasks = read("cong-van-45").tasks
    assert len(tasks) == 4
    assert tasks[-1].deadline == date(2026, 6, 15)


def test_the_guidance_gives_quarterly_deadlines_and_a_half_yearly_report():
    tasks = read("huong-dan-03").tasks
    assert {t.deadline for t in tasks if t.text.startswith("Quý")} == {
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
    }
    assert [t.recurrence for t in tasks if t.deadline is None] == ["half_yearly"]


def test_the_report_keeps_its_figures_as_written():
    f = read("bao-cao-18")
    text = " ".join(p for s in f.sections for c in [s, *s.children] for p in c.paragraphs)
    assert "Tổng số 4.101 đoàn viên" in text and "24 CĐCS đơn vị sự nghiệp" in text
    assert f.tasks == []  # a report asks nothing of its recipients


def test_the_web_copy_gives_its_numbered_points_signer_and_recipients():
    f = read("web-copy")
    assert [s.number for s in f.sections] == ["1", "2", "3"]
    assert [t.deadline for t in f.tasks] == [None, date(2026, 4, 15), date(2026, 4, 20)]
    assert f.signer.name == "Giàng Thị Sua"
    assert [r.name for r in f.recipients] == ["Như kính gửi", "LĐLĐ tỉnh", "Lưu: VT, TC"]


def test_the_web_copy_gives_its_header_below_the_site_lines():
    f = read("web-copy")
    assert (f.symbol, f.date, f.place) == ("12/CĐVC-TC", date(2026, 3, 17), "Lai Châu")
    assert (f.issuer_parent, f.issuer) == ("LĐLĐ TỈNH LAI CHÂU", "CÔNG ĐOÀN VIÊN CHỨC TỈNH")
    assert any(w.startswith("Đã bỏ qua 5 dòng phía trên phần đầu") for w in f.warnings)


def test_the_pdf_text_layer_gives_its_header_from_run_together_columns():
    f = read("pdf-text-layer")
    assert (f.kind, f.symbol, f.date, f.place) == ("ke_hoach", "09/KH-LĐLĐ", date(2026, 1, 20), "Lai Châu")
    assert f.subject.startswith("Tổ chức Giải bóng chuyền hơi")
    assert [s.number for s in f.sections] == ["I", "II", "III"]
    assert [t.deadline for t in f.tasks] == [date(2026, 2, 28), date(2026, 3, 31)]


def test_the_pdf_text_layer_gives_its_signer():
    f = read("pdf-text-layer")
    assert (f.signer.authority, f.signer.title, f.signer.name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "Lường Thị Mai",
    )
    assert [r.name for r in f.recipients][-1] == "Lưu: VT, Ban CTCĐ"
    assert (f.issuer_parent, f.issuer) == ("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU", "BAN THƯỜNG VỤ")
    assert any("số trang" in w and "Trang 1/2" in w for w in f.warnings)


def test_the_docx_with_a_table_header_gives_its_fields():
    f = read("table-header")
    assert (f.kind, f.symbol, f.date, f.place) == ("thong_bao", "05/TB-CĐCS", date(2026, 4, 2), "Phong Thổ")
    assert f.subject == "Kết quả Hội nghị Ban Chấp hành công đoàn cơ sở tháng 4 năm 2026"
    assert (f.signer.authority, f.signer.name) == ("TM. BAN CHẤP HÀNH", "Phan Văn Hùng")
    assert [s.number for s in f.sections] == ["1", "2"]
