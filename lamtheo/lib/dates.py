"""Dates: effective dating, and the one parser of dates that people type or files hold.

An interval is [valid_from, valid_to) with OPEN_END for 'still valid'.

`parse_date` is used by the form fields, the importers and the API alike. It reads:
- dd/mm/yyyy (also with "-" or "." between the parts), the form users type;
- yyyy-mm-dd, the ISO form of the API and of old bookmarks;
- a date or datetime, as the spreadsheet reader gives formatted cells;
- an Excel serial number, but only from a numeric cell (an int or a float): text made of digits is
  never a serial, so "2015" is not 07/07/1905.
A bare year ("1985") is refused with a message that says so: dates are stored as days, and an officer
who only knows the year is asked to write 01/01/1985 on purpose rather than have a day made up for them.
"""

import re
from datetime import date, datetime, timedelta

from django.utils import timezone

from .errors import ServiceError
from .text import nfc

# A far-future date instead of NULL keeps range predicates simple and indexable on both databases.
OPEN_END = date(9999, 12, 31)

# The dates a person may enter: OPEN_END and the day before it are kept for the open interval.
MIN_DAY, MAX_DAY = date(1900, 1, 1), date(9998, 12, 31)

_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YEAR = re.compile(r"^\d{4}$")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 01/01/1900 once Excel's 1900 leap-year bug is counted
_EXCEL_LAST = 2958465  # 31/12/9999


def today() -> date:
    return timezone.localdate()


def format_vn(d: date | None) -> str:
    """dd/mm/yyyy, the form users read and type."""
    return d.strftime("%d/%m/%Y") if d else ""


def parse_date(value: object) -> date | None:
    """The date in `value` (see the module docstring), None when empty; ServiceError in Vietnamese."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _in_range(value.date(), format_vn(value.date()))
    if isinstance(value, date):
        return _in_range(value, format_vn(value))
    if isinstance(value, bool):
        raise ServiceError(f"Ngày “{value}” không hợp lệ.")
    if isinstance(value, int | float):
        if not 1 <= value <= _EXCEL_LAST:
            raise ServiceError(f"Ngày “{value:g}” không hợp lệ.")
        day = _EXCEL_EPOCH + timedelta(days=int(value))
        return _in_range(day, format_vn(day))
    text = nfc(str(value))
    if not text:
        return None
    shown = text[:40]
    if _YEAR.match(text):
        raise ServiceError(
            f"Ngày “{shown}” chỉ có năm: hãy nhập đủ ngày/tháng/năm (nếu chỉ biết năm, ghi 01/01/{text})."
        )
    m = _DMY.match(text)
    parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
    if parts is None:
        m = _ISO.match(text)
        parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
    if parts is None:
        raise ServiceError(f"Ngày “{shown}” không đúng dạng ngày/tháng/năm.")
    try:
        day = date(*parts)
    except ValueError:
        raise ServiceError(f"Ngày “{shown}” không tồn tại.") from None
    return _in_range(day, shown)


def _in_range(day: date, shown: str) -> date:
    if not MIN_DAY <= day <= MAX_DAY:
        raise ServiceError(f"Ngày “{shown}” nằm ngoài khoảng cho phép (từ năm 1900).")
    return day
