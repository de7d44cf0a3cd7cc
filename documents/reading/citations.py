"""Citations of other documents in the three grammars of DOMAIN.md §1.3.

- legal and old union numbers with a year: 30/2020/NĐ-CP, 138/2010/KH-CĐGD (tried first);
- Party: 01-KL/TW, 57-KH/TU, 08-QĐi/TW, also glued to the next word ("01-KL/TWcủa", S003);
- state / union: 80/KH-TLĐ, and letters 6713/TLĐ-TG, 299/CĐCT – TGNC.

Each citation is normalised with normalize_symbol (so 20/NQ-TW and 20-NQ/TW are one document), typed
from the word before it ("Kế hoạch số …"), dated from "ngày d/m/yyyy" after it and attributed from
"của <issuer>". Duplicates keep the first mention, completed by later ones.
"""

import re
from collections import defaultdict
from datetime import date

from ..fields import Citation
from ..symbols import normalize_symbol
from .codes import TYPE_WORD_RE, TYPE_WORDS, kind_label, split_symbol
from .dates import date_from_match

_LEGAL = r"(?P<legal>\d+/(?:19|20)\d\d/[A-ZĐ\d][A-Za-zĐđ\d]*(?:-[A-ZĐ][A-Za-zĐđ\d]*)*)"
_PARTY = r"(?P<party>\d+[a-z]?-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ]+)"
_STATE = r"(?P<state>\d+[a-z]?\s*/\s*[A-ZĐ][A-Za-zĐđ\d]*(?:\s*[-–—]\s*[A-ZĐ][A-Za-zĐđ&\d]*)+)"
CITATION_RE = re.compile(rf"(?<![\w/.\-])(?:{_LEGAL}|{_PARTY}|{_STATE})")

# "05- CT/TW" (S004) and "05 -CT/TW": a Party number split from its type
_SPLIT_PARTY_RE = re.compile(r"(?<![\w/])(\d+[a-z]?)\s*-\s+(?=[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ])")
_DATE_AFTER_RE = re.compile(
    r"^\s*[,;]?\s*(?:ban hành\s+)?ngày\s*(?:"
    r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d))"
)
# The issuer ends before the next citation too: "của Bộ Chính trị Chỉ thị số 05-CT/TW …" gives
# "Bộ Chính trị", not "Bộ Chính trị Chỉ thị số 05-CT/TW của TW Công văn số 6713" (issue 10 point 5).
_NEXT_CITATION = "|".join(sorted(map(re.escape, TYPE_WORDS), key=len, reverse=True))
_ISSUER_AFTER_RE = re.compile(
    r"^\s*[,;]?\s*(?:của|do)\s+(?P<issuer>[^,;.:“”\"()/\d\n]{2,80}?)"
    r"(?=\s+(?:về|và|khóa|khoá|ngày|tại|trong|nhiệm kỳ|giai đoạn|ban hành|nhằm|đã|gồm|với|thì|đối với|số"
    rf"|{_NEXT_CITATION})\b|\s*\d|[,;.:“”\"()/]|$)",
    re.IGNORECASE,
)
# Party rules are "Quy định" with QĐi (08-QĐi/TW) or, before 2017, QĐ (Quy định 66-QĐ/TW)
_PARTY_ALIASES = {("quy_dinh", "QĐ"), ("quy_dinh", "QĐi")}


def prepare_flat(text: str) -> str:
    return _SPLIT_PARTY_RE.sub(r"\1-", text)


def _clean_state(raw: str, next_char: str) -> str:
    """Drop what the state pattern took from the next word: 'KH-TLĐcủa' -> 'KH-TLĐ'; '- Người' -> ''."""
    if next_char.isalpha():
        raw = re.sub(r"[a-zđ]+$", "", raw)
    while True:
        m = re.search(r"(\s*)[-–—](\s*)([^\s\-–—]*)$", raw)
        if not m:
            return ""
        spaced = bool(m.group(1) or m.group(2))
        group = m.group(3)
        if group and not (spaced and not _code_like(group)):
            return raw
        raw = raw[: m.start()]


def _code_like(group: str) -> bool:
    """'TGNC', 'ToC', 'TgNc' are unit codes; 'Ban', 'Người' are words."""
    upper = sum(c.isupper() for c in group)
    return len(group) >= 2 and group[0].isupper() and upper >= len(group) - upper


def _family(symbol: str, matched: str) -> str:
    if matched == "legal":
        return "legal"
    return "party" if re.match(r"^\d+[a-z]?-[^/]+/[A-ZĐ]+$", symbol) else "state"


def find_citations(text: str, *, exclude: str = "") -> tuple[list[Citation], list[str]]:
    """Citations in order of first mention, and warnings about them."""
    flat = prepare_flat(text)
    found: dict[str, Citation] = {}
    warnings: list[str] = []
    for m in CITATION_RE.finditer(flat):
        matched = m.lastgroup or "state"
        raw = m.group()
        end = m.end()
        if matched == "state":
            raw = _clean_state(raw, flat[end : end + 1])
            if not raw:
                continue
            end = m.start() + len(raw)
        symbol = normalize_symbol(raw)
        if not symbol or symbol == exclude:
            continue
        citation = Citation(symbol=symbol, raw=raw, family=_family(symbol, matched))
        _fill_context(citation, flat[max(0, m.start() - 40) : m.start()], flat[end : end + 160], warnings)
        if symbol in found:
            first = found[symbol]
            first.kind = first.kind or citation.kind
            first.date = first.date or citation.date
            first.issuer = first.issuer or citation.issuer
        else:
            found[symbol] = citation
    citations = list(found.values())  # an issuer the text does not name stays empty ("TW" is a code)
    warnings.extend(order_warnings(citations))
    return citations, warnings


def _fill_context(citation: Citation, before: str, after: str, warnings: list[str]) -> None:
    parts = split_symbol(citation.symbol)
    code_kind = parts.kind
    word_m = TYPE_WORD_RE.search(before)
    word_kind = TYPE_WORDS.get(word_m["word"].lower(), "") if word_m else ""
    citation.kind = word_kind or code_kind
    if (
        word_kind
        and code_kind
        and word_kind != code_kind
        and (word_kind, parts.type_code) not in _PARTY_ALIASES
        and {word_kind, code_kind} != {"thong_tri", "to_trinh"}
    ):
        message = (
            f"Loại văn bản trích dẫn không khớp mã: “{word_m['word'] if word_m else ''} số {citation.raw}” "
            f"— mã {parts.type_code} là {kind_label(code_kind)}"
        )
        if message not in warnings:
            warnings.append(message)
    date_m = _DATE_AFTER_RE.match(after)
    if date_m:
        citation.date = date_from_match(date_m)
        after = after[date_m.end() :]
    issuer_m = _ISSUER_AFTER_RE.match(after)
    if issuer_m:
        citation.issuer = issuer_m["issuer"].strip()


def _number_value(number: str) -> int:
    digits = re.match(r"\d+", number)
    return int(digits.group()) if digits else -1


def order_warnings(citations: list[Citation]) -> list[str]:
    """Numbers grow through the year: within one issuer and type, a higher number dated earlier is odd."""
    groups: dict[tuple[str, str, str, int], list[tuple[int, date, Citation]]] = defaultdict(list)
    for c in citations:
        if c.date is None or c.family == "legal":
            continue
        parts = split_symbol(c.symbol)
        key = (c.family, parts.type_code, parts.issuer, c.date.year)
        groups[key].append((_number_value(parts.number), c.date, c))
    warnings = []
    for items in groups.values():
        items.sort(key=lambda item: item[0])
        for (n1, d1, c1), (n2, d2, c2) in zip(items, items[1:], strict=False):
            if n1 < n2 and d1 > d2:
                warnings.append(
                    f"Số và ngày của văn bản trích dẫn không cùng thứ tự: {c1.symbol} ngày "
                    f"{d1:%d/%m/%Y} nhưng {c2.symbol} (số lớn hơn) ngày {d2:%d/%m/%Y}"
                )
    return warnings
