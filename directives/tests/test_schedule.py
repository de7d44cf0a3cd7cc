from datetime import date

import pytest

from directives.schedule import (
    default_period,
    detect_deadline,
    format_schedule,
    occurrences,
    parse_schedule_text,
    rule_date,
)
from lamtheo.lib.errors import ServiceError

SEED_003 = (
    "Các cấp công đoàn căn cứ kế hoạch này, chỉ đạo và tổ chức triển khai thực hiện Kết luận số 01-KL/TW "
    "của Bộ Chính trị sát với đặc điểm, điều kiện thực tế của địa phương, ngành, cơ quan, đơn vị; đồng thời "
    "cụ thể hóa thành kế hoạch học tập và làm\ntheo Bác giai đoạn 2021-2025 và từng năm (năm 2021 hoàn thành "
    "vào Quý III, các \n\nnăm còn lại hoàn thành trong Quý I)."
)
SEED_004 = (
    "Báo cáo kết quả triển khai thực hiện về LĐLĐ tỉnh (qua Ban Tuyên giáo \n\n- Nữ công) trong báo cáo "
    "6 tháng và năm."
)


def test_it_expands_the_seed_003_schedule_to_one_deadline_a_year():
    dates = occurrences(
        deadline=None,
        recurrence="yearly",
        schedule={"2021": "2021-09-30", "other": "Q1"},
        period_start=2021,
        period_end=2025,
    )
    assert dates == [
        date(2021, 9, 30),
        date(2022, 3, 31),
        date(2023, 3, 31),
        date(2024, 3, 31),
        date(2025, 3, 31),
    ]


def test_it_reads_the_seed_003_deadline_sentence():
    found = detect_deadline(SEED_003)
    assert found == {"recurrence": "yearly", "schedule": {"2021": "2021-09-30", "other": "Q1"}}
    assert default_period(schedule=found["schedule"], deadline=None, doc_date=None, text=SEED_003) == (
        2021,
        2025,
    )


def test_it_reads_six_monthly_and_yearly_reports_as_half_yearly():
    assert detect_deadline(SEED_004) == {"recurrence": "half_yearly"}
    dates = occurrences(
        deadline=None, recurrence="half_yearly", schedule={}, period_start=2024, period_end=2025
    )
    assert dates == [date(2024, 6, 30), date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31)]


def test_it_expands_quarterly_tasks_with_an_optional_day_per_quarter():
    dates = occurrences(
        deadline=None, recurrence="quarterly", schedule={"Q1": "04-05"}, period_start=2024, period_end=2024
    )
    assert dates == [date(2024, 4, 5), date(2024, 6, 30), date(2024, 9, 30), date(2024, 12, 31)]


def test_it_keeps_a_one_off_deadline_and_a_missing_one():
    assert occurrences(
        deadline=date(2023, 9, 30), recurrence="", schedule={}, period_start=None, period_end=None
    ) == [date(2023, 9, 30)]
    assert occurrences(deadline=None, recurrence="", schedule={}, period_start=None, period_end=None) == [
        None
    ]


def test_it_refuses_a_recurring_task_without_period_or_over_ten_years():
    with pytest.raises(ServiceError):
        occurrences(deadline=None, recurrence="yearly", schedule={}, period_start=None, period_end=None)
    with pytest.raises(ServiceError):
        occurrences(deadline=None, recurrence="yearly", schedule={}, period_start=2020, period_end=2040)


def test_it_parses_and_formats_the_schedule_officers_type():
    schedule = parse_schedule_text("Năm 2021: 30/09/2021; các năm còn lại: Quý I")
    assert schedule == {"2021": "2021-09-30", "other": "Q1"}
    assert format_schedule(schedule) == "2021: 30/09/2021; khác: Quý I"
    assert parse_schedule_text(format_schedule(schedule)) == schedule
    assert parse_schedule_text("khác: 15/12") == {"other": "12-15"}
    assert rule_date("12-15", 2024) == date(2024, 12, 15)
    with pytest.raises(ServiceError):
        parse_schedule_text("2021 30/09/2021")
    with pytest.raises(ServiceError):
        parse_schedule_text("2021: sớm")


def test_it_reads_a_plain_deadline():
    assert detect_deadline("Báo cáo kết quả về LĐLĐ tỉnh trước ngày 15/11/2023.") == {
        "deadline": date(2023, 11, 15)
    }
    assert detect_deadline("Tuyên truyền sâu rộng trong CNVCLĐ.") == {}
