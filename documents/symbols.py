"""Number-symbol ("số, ký hiệu") and dated place line, per Nghị định 30/2020 (DOMAIN.md §1.3, §1.5)."""

import re
from datetime import date

from lamtheo.lib.text import nfc

from .kinds import TYPE_CODES

WRITER_SYMBOL_RE = re.compile(r"^(0[1-9]|[1-9]\d+)/[A-ZĐ][A-ZĐa-z]*(-[A-ZĐ][A-ZĐa-z&]*)+$")


def format_number(number: int) -> str:
    """Numbers under 10 get a leading zero: 5 -> "05"."""
    return f"{number:02d}"


def build_symbol(*, kind: str, number: int, issuer_code: str, drafting_code: str = "") -> str:
    """'18/BC-LĐLĐ' for named kinds; '299/CĐCT-TGNC' for a công văn (issuer then drafting unit)."""
    type_code = TYPE_CODES.get(kind, "")
    if type_code:
        return f"{format_number(number)}/{type_code}-{issuer_code}"
    groups = [g for g in (issuer_code, drafting_code) if g]
    return f"{format_number(number)}/{'-'.join(groups)}"


def format_date_line(place: str, d: date) -> str:
    """'Lai Châu, ngày 20 tháng 4 năm 2026'; day < 10 and months 1, 2 take a leading zero."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{place}, ngày {d.day:02d} tháng {month} năm {d.year}"


_DASHES = re.compile(r"\s*[-–—]\s*")
_SLASH = re.compile(r"\s*/\s*")
_PARTY = re.compile(r"^(?P<num>\d+[a-z]?)-(?P<type>[A-ZĐ][A-Za-zĐđ]*)/(?P<issuer>[A-ZĐ]+)$")
_PARTY_STATE_STYLE = re.compile(
    r"^(?P<num>\d+[a-z]?)/(?P<type>NQ|KL|CT|QĐ|QĐi|HD|KH|TB)-(?P<issuer>TW|BCT|BBT)$"
)


def normalize_symbol(raw: str) -> str:
    """Remove spaces around separators, unify dashes; map Party documents written in state style.

    '299/CĐCT – TGNC' -> '299/CĐCT-TGNC'; '18 /BC-LĐLĐ' -> '18/BC-LĐLĐ'; '20/NQ-TW' -> '20-NQ/TW'.
    """
    s = nfc(raw).strip().rstrip(".,;:")
    s = _DASHES.sub("-", s)
    s = _SLASH.sub("/", s)
    s = s.replace(" ", "")
    m = _PARTY_STATE_STYLE.match(s)
    if m:
        return f"{m['num']}-{m['type']}/{m['issuer']}"
    return s
