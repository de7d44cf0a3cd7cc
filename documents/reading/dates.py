"""Dates, quarters and Roman numerals as written in union documents."""

import calendar
import re
from datetime import date

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
QUARTER_RE = r"(?:quý|QUÝ|Quý)\s+(?P<q>IV|I{1,3}|[1-4])\b"

# "25/5/2023", "25/05/2023", "25-5-2023", "15 tháng 5 năm 2016"
NUMERIC_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
WORDED_DATE = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d)"
DATE_PHRASE_RE = re.compile(rf"(?:{NUMERIC_DATE}|{WORDED_DATE})")


def make_date(year: int | str, month: int | str, day: int | str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def date_from_match(m: re.Match[str]) -> date | None:
    """A date from a match of DATE_PHRASE_RE (or any regex using the same group names)."""
    groups = m.groupdict()
    if groups.get("d"):
        return make_date(groups["y"], groups["m"], groups["d"])
    if groups.get("d2"):
        return make_date(groups["y2"], groups["m2"], groups["d2"])
    return None


def parse_date_phrase(text: str) -> date | None:
    """The first date in text: '25/5/2023', 'ngày 15 tháng 5 năm 2016'."""
    m = DATE_PHRASE_RE.search(text)
    return date_from_match(m) if m else None


def roman_to_int(value: str) -> int:
    total, prev = 0, 0
    for ch in reversed(value.upper()):
        v = ROMAN_VALUES.get(ch, 0)
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def quarter_number(value: str) -> int:
    return int(value) if value.isdigit() else roman_to_int(value)


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_ALPHABET = "abcdđeghiklmnopqrstuvxy"  # Vietnamese order of "a)" headings (no f, j, w, z)


def heading_value(number: str) -> int:
    """Position of a heading number: 'III' -> 3, '2.1' -> 1, 'đ' -> 5."""
    last = number.split(".")[-1]
    if last.isdigit():
        return int(last)
    if len(last) == 1 and last in _ALPHABET:
        return _ALPHABET.index(last) + 1
    return roman_to_int(last)
