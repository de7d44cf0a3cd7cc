"""Field rules shared by forms, the importer and the API. Messages are Vietnamese.

Dates are read by lamtheo.lib.dates.parse_date."""

import re

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import nfc

_DIGITS = re.compile(r"\D")


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
