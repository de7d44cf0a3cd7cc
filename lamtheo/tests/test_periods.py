"""Bounds, labels, codes, containment and iteration of every kind of review period."""

from datetime import date

import pytest

from lamtheo.lib.periods import (
    PeriodError,
    PeriodKind,
    half_year,
    parse_period,
    period_containing,
    quarter,
    year,
    years,
)


@pytest.mark.parametrize(
    ("q", "start", "last_day", "label"),
    [
        (1, date(2024, 1, 1), date(2024, 3, 31), "Quý I/2024"),
        (2, date(2024, 4, 1), date(2024, 6, 30), "Quý II/2024"),
        (3, date(2024, 7, 1), date(2024, 9, 30), "Quý III/2024"),
        (4, date(2024, 10, 1), date(2024, 12, 31), "Quý IV/2024"),
    ],
)
def test_quarters_have_their_bounds_and_labels(q, start, last_day, label):
    period = quarter(2024, q)
    assert (period.start, period.last_day, period.label, str(period)) == (start, last_day, label, label)
    assert period.kind is PeriodKind.QUARTER
    assert period.code == f"2024-Q{q}"


def test_half_years_have_their_bounds_and_labels():
    first, second = half_year(2025, 1), half_year(2025, 2)
    assert (first.start, first.last_day, first.label) == (
        date(2025, 1, 1),
        date(2025, 6, 30),
        "6 tháng đầu năm 2025",
    )
    assert (second.start, second.last_day, second.label) == (
        date(2025, 7, 1),
        date(2025, 12, 31),
        "6 tháng cuối năm 2025",
    )
    assert (first.code, second.code) == ("2025-H1", "2025-H2")
    assert first.end == second.start  # half-open: no day in both


def test_a_year_and_a_stage_have_their_bounds_and_labels():
    assert (year(2025).start, year(2025).end, year(2025).label) == (
        date(2025, 1, 1),
        date(2026, 1, 1),
        "Năm 2025",
    )
    stage = years(2021, 2026)
    assert (stage.start, stage.last_day) == (date(2021, 1, 1), date(2026, 12, 31))
    assert stage.label == "giai đoạn 2021–2026"
    assert stage.code == "2021-2026"
    assert stage.kind is PeriodKind.MULTI_YEAR


@pytest.mark.parametrize("code", ["2024-Q2", "2025-H1", "2025-H2", "2025", "2021-2026"])
def test_codes_round_trip(code):
    assert parse_period(code).code == code


@pytest.mark.parametrize(
    ("typed", "code"), [("2024q2", "2024-Q2"), (" 2025-h1 ", "2025-H1"), ("2021–2026", "2021-2026")]
)
def test_parsing_is_lenient_about_case_spaces_and_dashes(typed, code):
    assert parse_period(typed).code == code


@pytest.mark.parametrize(
    "bad", ["", "2024-Q5", "2025-H3", "20245", "2026-2021", "2024-2024", "Quý 2", "1800"]
)
def test_nonsense_codes_are_refused_in_vietnamese(bad):
    with pytest.raises(PeriodError) as caught:
        parse_period(bad)
    assert any(word in str(caught.value) for word in ("Không hiểu", "không hợp lệ", "phải sau", "Chỉ có"))


def test_containment_of_days_and_periods_uses_the_half_open_bounds():
    q2 = quarter(2024, 2)
    assert date(2024, 4, 1) in q2 and date(2024, 6, 30) in q2
    assert date(2024, 7, 1) not in q2 and date(2024, 3, 31) not in q2
    assert q2 in half_year(2024, 1) and q2 in year(2024) and q2 in years(2021, 2026)
    assert q2 not in half_year(2024, 2)
    assert year(2024) not in q2


def test_iteration_by_year_and_by_quarter():
    stage = years(2021, 2023)
    assert [p.label for p in stage.years()] == ["Năm 2021", "Năm 2022", "Năm 2023"]
    assert len(list(stage.quarters())) == 12
    assert [p.label for p in half_year(2025, 2).quarters()] == ["Quý III/2025", "Quý IV/2025"]
    assert [p.code for p in year(2025).halves()] == ["2025-H1", "2025-H2"]
    assert list(quarter(2024, 2).quarters()) == [quarter(2024, 2)]


def test_next_and_previous_cross_year_boundaries():
    assert quarter(2024, 4).next() == quarter(2025, 1)
    assert quarter(2025, 1).previous() == quarter(2024, 4)
    assert half_year(2025, 2).next() == half_year(2026, 1)
    assert half_year(2025, 1).previous() == half_year(2024, 2)
    assert year(2025).next() == year(2026)
    assert years(2021, 2025).next() == years(2026, 2030)
    assert years(2021, 2025).previous() == years(2016, 2020)


def test_the_period_of_a_day():
    day = date(2025, 8, 15)
    assert period_containing(PeriodKind.QUARTER, day).label == "Quý III/2025"
    assert period_containing(PeriodKind.HALF_YEAR, day).label == "6 tháng cuối năm 2025"
    assert period_containing(PeriodKind.YEAR, day).label == "Năm 2025"
    with pytest.raises(PeriodError):
        period_containing(PeriodKind.MULTI_YEAR, day)
