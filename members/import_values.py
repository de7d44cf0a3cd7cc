"""Cell values as member lists hold them, read for the import.

- Dates typed as text in every common form: 17/4/1983, 9-11-1979, 03.02.1990, 6/9/88 (two-digit years:
  up to this year's two digits → 20xx, else 19xx), ISO; real date cells; Excel serials from numeric
  cells only (lamtheo.lib.dates.parse_date). A bare year "1986" (text, or the number 1986 in a "Năm sinh"
  column) is a birth year, never a serial.
- CCCD and phone numbers: digits written in groups ("035 190 004 217", "0912.345.678"), a leading
  apostrophe, and the zeros a numeric cell lost (a CCCD has 12 digits; a 9-digit phone lacks its 0),
  restored with a warning.
"""

import re
from datetime import date
from typing import Any

from lamtheo.lib.dates import parse_date, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import cell_text
from lamtheo.lib.text import ascii_digits, nfc

_SHORT_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2})$")
_YEAR = re.compile(r"^(1[89]|20)\d{2}$")
_GROUPED_DIGITS = re.compile(r"^\+?[0-9][0-9 .\-]*[0-9]$")


def _text(value: Any) -> str:
    return nfc(value.lstrip("'’")) if isinstance(value, str) else ""


def parse_day(value: Any, *, now: date | None = None) -> date | None:
    """A date cell or text in any common form (two-digit years included); ServiceError otherwise."""
    if isinstance(value, str):
        text = _text(value)
        m = _SHORT_DMY.match(text)
        if m:
            yy = int(m[3])
            century = 2000 if yy <= (now or today()).year % 100 else 1900
            return parse_date(f"{m[1]}/{m[2]}/{century + yy}")
        return parse_date(text)
    return parse_date(value)


def parse_birth(value: Any, *, now: date | None = None) -> tuple[date | None, int | None]:
    """(birth date, birth year): a full date gives both, a bare year only the year."""
    this_year = (now or today()).year
    numeric = isinstance(value, float | int) and not isinstance(value, bool)
    if numeric and float(value).is_integer() and 1900 <= value <= this_year:
        return None, int(value)  # 1986 typed into a number cell: a year, not a serial
    if isinstance(value, str) and _YEAR.match(_text(value)):
        year = int(_text(value))
        if not 1900 <= year <= this_year:
            raise ServiceError(f"Năm sinh “{year}” không hợp lệ.")
        return None, year
    day = parse_day(value, now=now)
    return day, (day.year if day else None)


def number_text(value: Any) -> tuple[str, bool]:
    """The digits of an ID or phone cell (groups, dots, apostrophe removed) and whether the cell was
    numeric (so that its leading zeros may be lost)."""
    numeric = isinstance(value, float | int) and not isinstance(value, bool)
    text = cell_text(value).lstrip("'’").strip()
    digits = ascii_digits(text)
    if digits.isdigit():
        return digits, numeric  # the common case: nothing to take out
    if _GROUPED_DIGITS.match(digits):
        digits = re.sub(r"[ .\-]", "", digits)
    return digits, numeric


def restore_id_number(digits: str, numeric: bool) -> tuple[str, str]:
    """A CCCD has 12 digits: 10 or 11 from a numeric cell get their zeros back (with a warning)."""
    if numeric and digits.isdigit() and len(digits) in (10, 11):
        fixed = digits.zfill(12)
        return fixed, (
            f"Ô “{digits}” ở dạng số đã mất số 0 ở đầu: đã khôi phục thành “{fixed}” (CCCD có 12 chữ số). "
            "Hãy định dạng cột là văn bản."
        )
    return digits, ""


def restore_phone(digits: str, numeric: bool) -> tuple[str, str]:
    """A Vietnamese mobile number has 10 digits from 0: 9 digits (a numeric cell) get their 0 back."""
    if digits.isdigit() and len(digits) == 9 and not digits.startswith("0"):
        fixed = "0" + digits
        how = "ở dạng số đã mất" if numeric else "thiếu"
        return fixed, f"Ô “{digits}” {how} số 0 ở đầu: đã khôi phục thành “{fixed}”."
    return digits, ""
