from datetime import date
from types import SimpleNamespace

from directives.suggest import numbered_items, suggest_from_document
from documents.fields import Section, Task

# Seed 000 as extracted from the PDF: wrapped lines, blank lines inside paragraphs, "05-\n\nCT/TW".
SEED_000_TEXT = """ Thực hiện Công văn số 6713/TLĐ-TG ngày 25/5/2023 của Tổng LĐLĐ

Việt Nam về đẩy mạnh thực hiện Kết luận số 01-KL/TW ..., Ban Thường vụ LĐLĐ tỉnh yêu cầu các cấp công

đoàn tập trung thực hiện một số nội dung sau:

1. Đẩy mạnh hơn nữa công tác tuyên truyền, quán triệt nâng cao nhận thức

cho đoàn viên, CNVCLĐ về triển khai Kết luận số 01-KL/TW và Chỉ thị số 05-

CT/TW, chuyên đề toàn khóa, chuyên đề hàng năm.

2. Cụ thể hóa nội dung cán bộ công đoàn, CNVCLĐ học tập và làm theo Bác

đảm bảo ngắn gọn, dễ hiểu, dễ thực hiện.

3. Xây dựng và nuôi dưỡng các mô hình, điển hình, hoạt động tiêu biểu về học

tập và làm theo Bác ...

4. Đẩy mạnh việc phát hiện và tuyên truyền gương người tốt, việc tốt,

gương điển hình tiêu biểu ... vào dịp tổng kết năm 2026.

5. Tăng cường công tác kiểm tra, giám sát việc thực hiện Kết luận số 01-

KL/TW và Nghị quyết số 02-NQ/TW của Bộ Chính trị.

Nơi nhận:
- Như kính gửi;

- Tổng Liên đoàn;
"""


def test_it_finds_the_five_items_of_seed_000():
    items = numbered_items(SEED_000_TEXT)
    assert len(items) == 5
    assert items[0].startswith(
        "Đẩy mạnh hơn nữa công tác tuyên truyền, quán triệt nâng cao nhận thức cho đoàn viên"
    )
    assert "Chỉ thị số 05- CT/TW" in items[0]
    assert items[4].endswith("của Bộ Chính trị.")
    assert not any("Nơi nhận" in i or "Tổng Liên đoàn;" in i for i in items)


def _doc(sections, tasks=(), subject="", on=date(2021, 9, 20)):
    return SimpleNamespace(
        sections=sections, tasks=list(tasks), subject=subject, date=on, opening="", closing=""
    )


def test_it_takes_level_two_sections_and_skips_the_aims():
    sections = [
        Section(1, "I", "MỤC ĐÍCH, YÊU CẦU", children=[Section(2, "1", "Mục đích:", ["Nhằm tiếp tục …"])]),
        Section(
            1,
            "III",
            "TỔ CHỨC THỰC HIỆN",
            children=[
                Section(2, "1", "", ["Ban Tuyên giáo – Nữ công tham mưu triển khai kế hoạch này."]),
                Section(
                    2,
                    "2",
                    "",
                    [
                        "Các cấp công đoàn cụ thể hóa thành kế hoạch giai đoạn 2021-2025 và từng năm (năm 2021 hoàn "
                        "thành vào Quý III, các năm còn lại hoàn thành trong Quý I)."
                    ],
                ),  # fmt: skip
            ],
        ),
    ]
    tasks = suggest_from_document(
        _doc(sections, subject="Kế hoạch thực hiện Kết luận 01, giai đoạn 2021 -2025")
    )
    assert [t["text"][:20] for t in tasks] == ["Ban Tuyên giáo – Nữ ", "Các cấp công đoàn cụ"]
    assert tasks[0]["recurrence"] == ""
    assert tasks[1]["recurrence"] == "yearly"
    assert tasks[1]["schedule"] == {"2021": "2021-09-30", "other": "Q1"}
    assert (tasks[1]["period_start"], tasks[1]["period_end"]) == (2021, 2025)


def test_it_merges_tasks_the_reader_found_and_adds_the_others():
    sections = [Section(2, "1", "", ["Tổ chức hội nghị quán triệt chuyên đề năm 2024."])]
    read = [
        Task(text="hội nghị quán triệt chuyên đề năm 2024", deadline=date(2024, 3, 31)),
        Task(text="Báo cáo kết quả trong báo cáo 6 tháng và năm.", recurrence="half_yearly"),
    ]
    tasks = suggest_from_document(_doc(sections, read, on=date(2024, 1, 3)))
    assert len(tasks) == 2
    assert tasks[0]["deadline"] == date(2024, 3, 31)
    assert tasks[1]["recurrence"] == "half_yearly"
    assert (tasks[1]["period_start"], tasks[1]["period_end"]) == (2024, 2024)
