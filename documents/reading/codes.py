"""Type codes, type words and the parts of a number-symbol (DOMAIN.md §1.3, §1.4)."""

import re
from dataclasses import dataclass

from ..kinds import KIND_BY_CODE, TYPE_CODES, DocumentKind
from ..symbols import normalize_symbol

# Codes of Nghị định 30 Phụ lục III that can open a symbol ("18/BC-LĐLĐ"). "CĐ" (công điện) and "HĐ"
# (hợp đồng) are left out: in union symbols they are issuers (công đoàn, hội đồng).
TYPE_CODE_SET = set(KIND_BY_CODE) | {
    "TTr", "TC", "PA", "ĐA", "DA", "BGN", "BTT", "GUQ", "GGT", "GNP", "PG", "PC", "PB", "SY", "TrS", "SL",
    "NĐ", "TT", "TTLT", "QĐi",
}  # fmt: skip

# Type words as written before a cited number, longest first; kinds outside the app map to "".
TYPE_WORDS: dict[str, str] = {k.label.lower(): k.value for k in DocumentKind}
TYPE_WORDS.update(
    {
        "thông tư liên tịch": "",
        "nghị định": "",
        "thông tư": "",
        "luật": "",
        "pháp lệnh": "",
        "hiến pháp": "",
        "công điện": "",
        "quy định": DocumentKind.QUY_DINH.value,
    }
)
TYPE_WORD_RE = re.compile(
    r"(?P<word>" + "|".join(sorted(map(re.escape, TYPE_WORDS), key=len, reverse=True)) + r")"
    r"\s*(?:số)?\s*[:.]?\s*$",
    re.IGNORECASE,
)

_PARTY_RE = re.compile(r"^(?P<num>\d+[a-z]?)-(?P<type>[A-ZĐ][A-Za-zĐđ]*)/(?P<issuer>[A-ZĐ]+)$")
_LEGAL_RE = re.compile(r"^(?P<num>\d+)/(?P<year>(?:19|20)\d\d)/(?P<rest>.+)$")
_STATE_RE = re.compile(r"^(?P<num>\d*[a-z]?)/(?P<rest>.+)$")


@dataclass
class SymbolParts:
    number: str = ""
    year: str = ""
    type_code: str = ""  # "BC"; "" for a công văn
    issuer: str = ""  # "LĐLĐ", "TW"
    unit: str = ""  # drafting unit of a công văn ("TG"), or the rest after the issuer
    family: str = ""  # "state", "party", "legal"

    @property
    def kind(self) -> str:
        """App kind code named by the type code ("KH" -> ke_hoach); "" when none or unknown."""
        if self.family == "party" and self.type_code == "QĐi":
            return DocumentKind.QUY_DINH.value
        return KIND_BY_CODE.get(self.type_code, "")


def split_symbol(symbol: str) -> SymbolParts:
    """'18/BC-LĐLĐ' -> BC / LĐLĐ; '299/CĐCT-TGNC' -> letter of CĐCT, unit TGNC; '01-KL/TW' -> KL / TW."""
    s = normalize_symbol(symbol)
    m = _PARTY_RE.match(s)
    if m:
        return SymbolParts(m["num"], "", m["type"], m["issuer"], "", "party")
    m = _LEGAL_RE.match(s)
    family = "legal" if m else "state"
    m = m or _STATE_RE.match(s)
    if not m:
        return SymbolParts(family="")
    groups = [g for g in m["rest"].split("-") if g]
    parts = SymbolParts(m["num"], m.groupdict().get("year") or "", family=family)
    if groups and groups[0] in TYPE_CODE_SET:
        parts.type_code = groups[0]
        parts.issuer = groups[1] if len(groups) > 1 else ""
        parts.unit = "-".join(groups[2:])
    elif groups:
        parts.issuer = groups[0]
        parts.unit = "-".join(groups[1:])
    return parts


def kind_for_code(code: str) -> str:
    return KIND_BY_CODE.get(code, "")


def kind_label(kind: str) -> str:
    try:
        return str(DocumentKind(kind).label)
    except ValueError:
        return kind


def code_for_kind(kind: str) -> str:
    return TYPE_CODES.get(kind, "")
