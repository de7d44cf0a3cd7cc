"""Field rules shared by forms, the importer and the API. Messages are Vietnamese.

Dates are read by lamtheo.lib.dates.parse_date."""

import re
from datetime import date

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import ascii_digits, nfc

_NON_DIGITS = re.compile(r"[^0-9]")
_ID_NUMBER = re.compile(r"[0-9]{9}|[0-9]{12}")
_PHONE = re.compile(r"0\d{9}")


def clean_id_number(value: object) -> str:
    """CCCD has 12 digits, the old CMND 9; leading zeros are kept (value must be text)."""
    raw = ascii_digits(nfc(str(value))) if value is not None else ""
    if not raw:
        return ""
    # [0-9], not \d: \d matches every script's digits, and "０１..." would then be a second copy of a CCCD.
    if not _ID_NUMBER.fullmatch(raw):
        raise ServiceError(
            f"Số CCCD “{raw}” không hợp lệ (cần 12 chữ số, hoặc 9 với CMND cũ).", field="id_number"
        )
    return raw


def clean_phone(value: object) -> str:
    """Vietnamese phone: 10 digits starting with 0 (or +84 / 84 followed by 9 digits)."""
    raw = nfc(str(value)) if value is not None else ""
    if not raw:
        return ""
    digits = _NON_DIGITS.sub("", ascii_digits(raw))
    if digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    if not _PHONE.fullmatch(digits):
        raise ServiceError(
            f"Số điện thoại “{raw}” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0).", field="phone"
        )
    return digits


# The union admits workers from 15 years of age (Điều lệ Công đoàn Việt Nam).
MIN_JOIN_AGE = 15


def birthday(born: date, years: int) -> date:
    """The day `born` turns `years` old."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February in a non-leap year
        return date(born.year + years, 3, 1)


def check_dates(birth_date: date | None, joined_on: date | None, *, today: date) -> None:
    """Birth and union-join dates that make sense: none ahead of today, none before 1900, and no
    joining before the minimum age. ServiceError names the field."""
    for key, label, value in (
        ("birth_date", "Ngày sinh", birth_date),
        ("joined_on", "Ngày vào công đoàn", joined_on),
    ):
        if value is None:
            continue
        if value > today:
            raise ServiceError(f"{label} {value:%d/%m/%Y} ở tương lai.", field=key)
        if value.year < 1900:
            raise ServiceError(f"{label} {value:%d/%m/%Y} không hợp lệ.", field=key)
    if birth_date and joined_on and joined_on < birthday(birth_date, MIN_JOIN_AGE):
        raise ServiceError(
            f"Ngày vào công đoàn {joined_on:%d/%m/%Y} khi chưa đủ {MIN_JOIN_AGE} tuổi "
            f"(sinh ngày {birth_date:%d/%m/%Y}).",
            field="joined_on",
        )


# CCCD digit 4 encodes the century of birth and the gender (0/1: 1900s man/woman, 2/3: 2000s, ...);
# digits 5-6 are the last two digits of the birth year.
def id_number_warnings(id_number: str, birth_date: date | None, gender: str) -> list[str]:
    """Contradictions between a 12-digit CCCD and the birth date or gender: warnings, not errors
    (the number or the date may be the one mistyped)."""
    if len(id_number) != 12 or not id_number.isascii() or not id_number.isdigit():
        return []
    code = int(id_number[3])
    warnings = []
    if birth_date is not None:
        year = 1900 + 100 * (code // 2) + int(id_number[4:6])
        if year != birth_date.year:
            warnings.append(
                f"Số CCCD “{id_number}” ứng với năm sinh {year}, khác ngày sinh {birth_date:%d/%m/%Y}: "
                "hãy kiểm tra lại."
            )
    coded_gender = "female" if code % 2 else "male"
    if gender in ("male", "female") and gender != coded_gender:
        label = {"male": "nam", "female": "nữ"}
        warnings.append(
            f"Số CCCD “{id_number}” ứng với giới tính {label[coded_gender]}, khác giới tính đã ghi "
            f"({label[gender]}): hãy kiểm tra lại."
        )
    return warnings
