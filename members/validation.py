"""Field rules shared by forms, the importer and the API. Messages are Vietnamese."""

import re
from datetime import date, datetime, timedelta

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import nfc

_DIGITS = re.compile(r"\D")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)


def clean_id_number(value: object) -> str:
    """CCCD has 12 digits, the old CMND 9; leading zeros are kept (value must be text)."""
    raw = nfc(str(value)) if value is not None else ""
    if not raw:
        return ""
    if not re.fullmatch(r"\d{9}|\d{12}", raw):
        raise ServiceError(
            f"Số CCCD “{raw}” không hợp lệ (cần 12 chữ số, hoặc 9 với CMND cũ).", field="id_number"
        )
    return raw


def clean_phone(value: object) -> str:
    """Vietnamese phone: 10 digits starting with 0 (or +84 / 84 followed by 9 digits)."""
    raw = nfc(str(value)) if value is not None else ""
    if not raw:
        return ""
    digits = _DIGITS.sub("", raw)
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not re.fullmatch(r"0\d{9}", digits):
        raise ServiceError(
            f"Số điện thoại “{raw}” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).", field="phone"
        )
    return digits


def parse_date(value: object) -> date | None:
    """dd/mm/yyyy, ISO yyyy-mm-dd, an Excel serial, or a date/datetime from the spreadsheet reader."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ServiceError(f"Ngày “{value}” không hợp lệ.")
    text = nfc(str(value))
    if re.fullmatch(r"\d{4,5}(\.0)?", text):
        return parse_date(float(text))
    m = _DMY.match(text)
    parts = (int(m[3]), int(m[2]), int(m[1])) if m else None
    if parts is None:
        m = _ISO.match(text)
        parts = (int(m[1]), int(m[2]), int(m[3])) if m else None
    if parts is None:
        raise ServiceError(f"Ngày “{text}” không đúng dạng ngày/tháng/năm.")
    try:
        return date(*parts)
    except ValueError:
        raise ServiceError(f"Ngày “{text}” không tồn tại.") from None
