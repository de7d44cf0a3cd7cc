"""Review periods: quarters, half-years, years and multi-year stages, with bounds and Vietnamese labels.

A period is a half-open interval [start, end) like every dated record of the project, so "during the
period" is `start <= day < end` and the same predicate works in queries (`valid_from__lt=period.end`...).
A multi-year stage "giai đoạn 2021–2026" covers its first and last years whole (1/1/2021 to 31/12/2026).

Each period has a compact code that round-trips through `parse_period`:
"2024-Q2", "2025-H1", "2025", "2021-2026".
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# Years a period may name: wide enough for any record, narrow enough to refuse typing slips like "20245".
MIN_YEAR, MAX_YEAR = 1900, 2999


class PeriodKind(StrEnum):
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"
    MULTI_YEAR = "multi_year"


KIND_LABELS = {
    PeriodKind.QUARTER: "Quý",
    PeriodKind.HALF_YEAR: "6 tháng",
    PeriodKind.YEAR: "Năm",
    PeriodKind.MULTI_YEAR: "Giai đoạn",
}


class PeriodError(ValueError):
    """A period code or bound that makes no sense; the message is Vietnamese, ready for the user."""


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"Năm {year} không hợp lệ (từ {MIN_YEAR} đến {MAX_YEAR}).")
    return year


@dataclass(frozen=True, order=True)
class Period:
    """One review period. Build it with quarter(), half_year(), year(), years() or parse_period()."""

    start: date
    end: date  # exclusive
    kind: PeriodKind
    # Quarter (1–4) or half (1–2) within the year; 0 for years and stages.
    number: int = 0

    @property
    def first_year(self) -> int:
        return self.start.year

    @property
    def last_year(self) -> int:
        return self.last_day.year

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def code(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"{self.first_year}-Q{self.number}"
        if self.kind is PeriodKind.HALF_YEAR:
            return f"{self.first_year}-H{self.number}"
        if self.kind is PeriodKind.YEAR:
            return str(self.first_year)
        return f"{self.first_year}-{self.last_year}"

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.first_year}"
        if self.kind is PeriodKind.HALF_YEAR:
            part = "đầu" if self.number == 1 else "cuối"
            return f"6 tháng {part} năm {self.first_year}"
        if self.kind is PeriodKind.YEAR:
            return f"Năm {self.first_year}"
        return f"giai đoạn {self.first_year}–{self.last_year}"

    def __str__(self) -> str:
        return self.label

    def contains(self, other: "date | Period") -> bool:
        """A day inside the period, or a period lying wholly inside it."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= other < self.end

    __contains__ = contains

    def years(self) -> Iterator["Period"]:
        """The calendar years the period touches, in order."""
        for y in range(self.first_year, self.last_year + 1):
            yield year(y)

    def quarters(self) -> Iterator["Period"]:
        """The quarters the period covers, in order (a quarter yields itself)."""
        for y in range(self.first_year, self.last_year + 1):
            for q in range(1, 5):
                candidate = quarter(y, q)
                if self.contains(candidate):
                    yield candidate

    def halves(self) -> Iterator["Period"]:
        for y in range(self.first_year, self.last_year + 1):
            for h in (1, 2):
                candidate = half_year(y, h)
                if self.contains(candidate):
                    yield candidate

    def next(self) -> "Period":
        """The period of the same kind and length that follows."""
        if self.kind is PeriodKind.QUARTER:
            return quarter(self.first_year + self.number // 4, self.number % 4 + 1)
        if self.kind is PeriodKind.HALF_YEAR:
            return half_year(self.first_year + self.number // 2, self.number % 2 + 1)
        span = self.last_year - self.first_year + 1
        if self.kind is PeriodKind.YEAR:
            return year(self.first_year + 1)
        return years(self.first_year + span, self.last_year + span)

    def previous(self) -> "Period":
        if self.kind is PeriodKind.QUARTER:
            return quarter(self.first_year - (self.number == 1), (self.number - 2) % 4 + 1)
        if self.kind is PeriodKind.HALF_YEAR:
            return half_year(self.first_year - (self.number == 1), (self.number - 2) % 2 + 1)
        span = self.last_year - self.first_year + 1
        if self.kind is PeriodKind.YEAR:
            return year(self.first_year - 1)
        return years(self.first_year - span, self.last_year - span)


def quarter(y: int, q: int) -> Period:
    _check_year(y)
    if q not in ROMAN:
        raise PeriodError(f"Quý {q} không hợp lệ (chỉ có quý I đến IV).")
    start = date(y, 3 * q - 2, 1)
    end = date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)
    return Period(start=start, end=end, kind=PeriodKind.QUARTER, number=q)


def half_year(y: int, h: int) -> Period:
    _check_year(y)
    if h not in (1, 2):
        raise PeriodError("Chỉ có 6 tháng đầu năm (H1) và 6 tháng cuối năm (H2).")
    start = date(y, 1, 1) if h == 1 else date(y, 7, 1)
    end = date(y, 7, 1) if h == 1 else date(y + 1, 1, 1)
    return Period(start=start, end=end, kind=PeriodKind.HALF_YEAR, number=h)


def year(y: int) -> Period:
    _check_year(y)
    return Period(start=date(y, 1, 1), end=date(y + 1, 1, 1), kind=PeriodKind.YEAR)


def years(first: int, last: int) -> Period:
    """A multi-year stage covering the years first..last whole."""
    _check_year(first)
    _check_year(last)
    if last <= first:
        raise PeriodError(f"Giai đoạn {first}–{last}: năm kết thúc phải sau năm bắt đầu.")
    return Period(start=date(first, 1, 1), end=date(last + 1, 1, 1), kind=PeriodKind.MULTI_YEAR)


def period_containing(kind: PeriodKind, day: date) -> Period:
    """The quarter, half-year or year that holds `day` (a stage has no natural cut: not offered)."""
    if kind is PeriodKind.QUARTER:
        return quarter(day.year, (day.month - 1) // 3 + 1)
    if kind is PeriodKind.HALF_YEAR:
        return half_year(day.year, 1 if day.month <= 6 else 2)
    if kind is PeriodKind.YEAR:
        return year(day.year)
    raise PeriodError("Giai đoạn nhiều năm không suy ra được từ một ngày.")


_QUARTER = re.compile(r"(\d{4})-?Q([1-4])")
_HALF = re.compile(r"(\d{4})-?H([12])")
_YEAR = re.compile(r"(\d{4})")
_STAGE = re.compile(r"(\d{4})\s*[-–—]\s*(\d{4})")


def parse_period(code: str) -> Period:
    """ "2024-Q2", "2025-H1", "2025", "2021-2026" (an en dash is taken too); PeriodError otherwise."""
    text = (code or "").strip().upper()
    if m := _QUARTER.fullmatch(text):
        return quarter(int(m[1]), int(m[2]))
    if m := _HALF.fullmatch(text):
        return half_year(int(m[1]), int(m[2]))
    if m := _YEAR.fullmatch(text):
        return year(int(m[1]))
    if m := _STAGE.fullmatch(text):
        return years(int(m[1]), int(m[2]))
    raise PeriodError(
        f"Không hiểu kỳ “{code}”. Dùng dạng 2024-Q2 (quý), 2025-H1 (6 tháng), 2025 (năm) "
        "hoặc 2021-2026 (giai đoạn)."
    )
