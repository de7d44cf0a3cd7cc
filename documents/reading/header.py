"""The blocks above the body: issuer, motto, number-symbol, dated place line, title, subject, Kính gửi.

DOMAIN.md §1.2-§1.7. Any of them may be missing (S000, S003, S004 lost their headers) or flattened
onto one line; what is missing is reported by the caller from the HeaderInfo flags.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from ..kinds import KIND_BY_TITLE
from ..symbols import normalize_symbol
from .codes import split_symbol
from .dates import make_date
from .prep import (
    BULLET,
    CLOSING,
    DATE,
    DATE_RE,
    KINH_GUI,
    MOTTO,
    NUM,
    NUMBER,
    NUMBER_RE,
    OPENING,
    ROMAN,
    TEXT,
    UPPER,
    VV,
    Paragraph,
    collapse,
)

_TITLES = {title.replace(" ", ""): kind for title, kind in KIND_BY_TITLE.items()}
_ORG_START = re.compile(
    r"^(?:TỔNG|LIÊN ĐOÀN|LĐLĐ|CÔNG ĐOÀN|CĐCS|CĐ|BAN|ĐẢNG|ĐOÀN|ĐẠI HỘI|NGHIỆP ĐOÀN|ỦY BAN|UỶ BAN|UBND|"
    r"HỘI|SỞ|BỘ|TRƯỜNG|CÔNG TY|TẬP ĐOÀN|HỌC VIỆN|VIỆN|TRUNG TÂM|CHI BỘ|HUYỆN ỦY|TỈNH ỦY|THÀNH ỦY)\b"
)
_UNFINISHED_RE = re.compile(r"\b(?:LAO ĐỘNG|CÔNG ĐOÀN|NGÀNH|BAN|CỦA|VÀ|CÁC)$")
_DOUBLE_SPACE_RE = re.compile(r"ngày {2,}|\s{2,}tháng|tháng {2,}|\s{2,}năm|năm {2,}")
_VV_PREFIX_RE = re.compile(r"^v/v\s*[:.]?\s*", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^Kính\s*gửi\s*:?\s*", re.IGNORECASE)


@dataclass
class HeaderInfo:
    number: str = ""
    symbol: str = ""
    number_line: str = ""  # the "Số: …" line as written
    issuer: str = ""
    issuer_parent: str = ""
    issuer_code: str = ""
    date: dt.date | None = None
    place: str = ""
    title: str = ""
    title_kind: str = ""
    subject: str = ""
    vv: bool = False
    addressees: list[str] = field(default_factory=list)
    motto: bool = False
    draft: bool = False  # a "DỰ THẢO" mark above the header
    skipped: list[str] = field(default_factory=list)  # lines above the header (web page, PDF)
    warnings: list[str] = field(default_factory=list)


def title_kind(text: str) -> tuple[str, str]:
    """('ke_hoach', rest of the line) when text starts with a type name in capitals ('HƯỚNGDẪN XÂY …')."""
    squeezed = text.replace(" ", "")
    for title, kind in sorted(_TITLES.items(), key=lambda kv: -len(kv[0])):
        if squeezed == title:
            return kind, ""
        if squeezed.startswith(title):
            rest = text[_end_of(text, len(title)) :].strip()
            if rest and rest[0].isalpha() and rest.upper() == rest:
                return kind, rest
    return "", ""


def _end_of(text: str, letters: int) -> int:
    """Index just after the first `letters` non-space characters of text."""
    count = 0
    for i, ch in enumerate(text):
        count += ch != " "
        if count == letters:
            return i + 1
    return len(text)


def parse_number_line(text: str, raw: str, info: HeaderInfo) -> None:
    m = NUMBER_RE.match(text)
    if not m:
        return
    num, year, sym = m["num"], m["year"], m["sym"]
    written = f"{num}/{year}/{sym}" if year else f"{num}/{sym}"
    info.number = num
    info.symbol = normalize_symbol(written)
    info.number_line = text
    info.issuer_code = split_symbol(info.symbol).issuer
    shown = raw[m.start() : m.end()].strip()
    if re.search(r"\s[/\-–—]|[/\-–—]\s|–|—", m.group().split("Số", 1)[1].lstrip(" :")):
        info.warnings.append(
            f"Số, ký hiệu viết có khoảng trắng hoặc gạch dài: “{shown}” (đúng: “{info.symbol}”)"
        )
    if re.match(r"Số\s+:", m.group().strip()):
        info.warnings.append(f"Có khoảng trắng trước dấu hai chấm: “{shown}” (đúng: “Số: …”)")
    elif not m["colon"]:
        info.warnings.append(f"Thiếu dấu hai chấm sau “Số”: “{shown}”")
    if not num:
        info.warnings.append(f"Văn bản chưa được đánh số: “{shown}”")
    elif re.fullmatch(r"[1-9][a-z]?", num):
        info.warnings.append(f"Số dưới 10 phải có số 0 đứng trước: “{num}” (đúng: “0{num}”)")


def parse_date_line(text: str, raw: str, info: HeaderInfo) -> None:
    m = DATE_RE.search(text)
    if not m:
        return
    place = re.split(r"\s{2,}|\t", m["place"])[-1].strip(" *-–")
    if "/" in place:  # "Số: 18/BC-LĐLĐ Lai Châu" flattened with one space
        words = place.split()
        last = max(n for n, w in enumerate(words) if "/" in w)
        place = " ".join(words[last + 1 :])
    info.place = place
    info.date = make_date(m["y"], m["m"], m["d"])
    phrase = text[m.start("d") - len("ngày ") : m.end()]
    if info.date is None:
        info.warnings.append(f"Ngày ban hành không hợp lệ: “{phrase}”")
        return
    raw_m = re.search(r"ngày.*?năm\s*\d{4}", raw)
    if raw_m and _DOUBLE_SPACE_RE.search(raw_m.group()):
        info.warnings.append(f"Dòng ngày tháng có khoảng trắng thừa: “{raw_m.group()}”")
    if len(m["d"]) == 1:
        info.warnings.append(
            f"Ngày dưới 10 phải có số 0 đứng trước: “ngày {m['d']}” (đúng: “ngày 0{m['d']}”)"
        )
    month = int(m["m"])
    if month < 3 and len(m["m"]) == 1:
        info.warnings.append(
            f"Tháng 1, 2 phải có số 0 đứng trước: “tháng {m['m']}” (đúng: “tháng 0{m['m']}”)"
        )
    elif month >= 3 and m["m"].startswith("0"):
        info.warnings.append(f"Tháng từ 3 trở đi không có số 0 đứng trước: “tháng {m['m']}”")


def _issuer_groups(lines: list[tuple[str, int]], paragraph_mode: bool) -> list[str]:
    """Header lines -> bodies: a line not starting with an organisation word continues the one above."""
    groups: list[str] = []
    for text, gap in lines:
        # a line break inside one .docx paragraph wraps a name ("LIÊN ĐOÀN LAO ĐỘNG" / "TỈNH LAI CHÂU"),
        # unless the new line starts a body of its own after a complete one ("LĐLĐ TỈNH SƠN LA" /
        # "LĐLĐ HUYỆN MỘC CHÂU", a header cell typed with Shift+Enter)
        wrapped = paragraph_mode and gap == 0
        if wrapped and groups and _ORG_START.match(text) and not _UNFINISHED_RE.search(groups[-1]):
            wrapped = False
        if groups and (wrapped or not _ORG_START.match(text)):
            groups[-1] = f"{groups[-1]} {text}"
        else:
            groups.append(text)
    return groups


def _kinh_gui(paragraphs: list[Paragraph], i: int, info: HeaderInfo) -> int:
    text = _KINH_GUI_RE.sub("", paragraphs[i].text).strip()
    if text:
        info.addressees.extend(_addressee_items(text))
    i += 1
    while i < len(paragraphs) and paragraphs[i].kind == BULLET:
        info.addressees.extend(_addressee_items(paragraphs[i].text))
        i += 1
    return i


def _addressee_items(text: str) -> list[str]:
    items = [collapse(p).lstrip("-–•+ ").rstrip(" ;.,") for p in text.split(";")]
    return [item for item in items if item]


# The header is looked for in the first part of the text only (issue 10 point 7).
_SEARCH_PARAGRAPHS = 60
_BODY_KINDS = (OPENING, CLOSING, ROMAN, NUM)
_DRAFT_RE = re.compile(r"^(?:BẢN\s*)?DỰ\s*THẢO(?:\s*(?:LẦN\s*)?\d+)?$")


def _is_header_anchor(p: Paragraph) -> bool:
    if p.kind in (MOTTO, NUMBER, DATE):
        return True
    return p.kind == UPPER and bool(title_kind(p.text)[0])


def find_header_start(paragraphs: list[Paragraph]) -> int:
    """Index of the header's first paragraph: 0, or past what a web page or a PDF put above it (site
    name, menus, breadcrumbs, posting date). The header starts at its first anchor (national name,
    "Số: …", the dated place line, a title line such as "KẾ HOẠCH") and the issuer lines just above it.
    Nothing is skipped when the lines above the anchor hold body text (an opening, a heading)."""
    limit = min(len(paragraphs), _SEARCH_PARAGRAPHS)
    anchor = next((i for i in range(limit) if _is_header_anchor(paragraphs[i])), None)
    if not anchor:
        return 0
    start = anchor
    while start > 0 and paragraphs[start - 1].kind in (UPPER, MOTTO):  # the issuer lines, wrapped or not
        start -= 1
    if any(p.kind in _BODY_KINDS for p in paragraphs[:start]):
        return 0
    return start


def _loose_title(paragraphs: list[Paragraph], i: int, info: HeaderInfo) -> int:
    """A header lost but a heading left: 'Kế hoạch triển khai …' in sentence case as the first line."""
    if i >= len(paragraphs) or paragraphs[i].kind not in (TEXT, UPPER):
        return i
    first = paragraphs[i].lines[0]
    text = first.text
    if len(text) > 300 or text.endswith((".", ";", ":")):
        return i
    for label, kind in sorted(KIND_BY_TITLE.items(), key=lambda kv: -len(kv[0])):
        word = label.capitalize()
        if text.startswith(word + " ") and text[len(word) + 1 : len(word) + 2].islower():
            info.title, info.title_kind = word, kind
            rest = text[len(word) :].strip()
            info.subject = rest[:1].upper() + rest[1:]
            more = paragraphs[i].lines[1:]
            if more:  # a hard-wrapped text joined the heading to the paragraph below it
                paragraphs.insert(i + 1, Paragraph(more[0].kind, " ".join(ln.text for ln in more), more))
            return i + 1
    return i


def parse_header(paragraphs: list[Paragraph], *, paragraph_mode: bool = False) -> tuple[HeaderInfo, int]:
    """Header fields and the index of the first body paragraph."""
    info = HeaderInfo()
    issuer_lines: list[tuple[str, int]] = []
    i = find_header_start(paragraphs)
    if i:
        skipped = [p.text for p in paragraphs[:i]]
        lines = sum(len(p.lines) for p in paragraphs[:i])
        info.warnings.append(
            f"Đã bỏ qua {lines} dòng phía trên phần đầu văn bản (tên trang web, trình đơn, ngày đăng…), "
            f"bắt đầu bằng “{_short(skipped[0])}”"
        )
        info.skipped = skipped
    while i < len(paragraphs) and _DRAFT_RE.match(paragraphs[i].text):
        info.draft = True
        i += 1
    start = i
    numbered = dated = False
    while i < len(paragraphs):
        p = paragraphs[i]
        if p.kind == MOTTO:
            info.motto = True
        elif p.kind == NUMBER and not numbered:
            numbered = True
            parse_number_line(p.text, p.first.raw, info)
            if not dated and DATE_RE.search(p.text):  # "Số: 18/BC-LĐLĐ Lai Châu, ngày …" (PDF)
                dated = True
                parse_date_line(p.text, p.first.raw, info)
        elif p.kind == DATE and not dated:
            dated = True
            parse_date_line(p.text, p.first.raw, info)
        elif p.kind == VV and not info.vv and not info.title:
            info.vv = True
            info.subject = _VV_PREFIX_RE.sub("", p.text).strip()
        elif p.kind == KINH_GUI and not info.addressees:
            i = _kinh_gui(paragraphs, i, info)
            continue
        elif p.kind == UPPER and not info.title and not info.vv:
            kind, rest = title_kind(p.text)
            if not kind and i + 1 < len(paragraphs) and paragraphs[i + 1].kind == UPPER:
                kind, rest = title_kind(f"{p.text} {paragraphs[i + 1].text}")  # "KẾ" / "HOẠCH"
                if kind:
                    i += 1
            if kind:
                info.title, info.title_kind = p.text, kind
                i = _subject_after_title(paragraphs, i + 1, rest, info)
                continue
            if not info.addressees:
                issuer_lines.append((p.text, p.first.gap))
        else:
            break
        i += 1
    groups = _issuer_groups(issuer_lines, paragraph_mode)
    if groups:
        info.issuer = groups[-1]
        info.issuer_parent = " ".join(groups[:-1])
    if i == start and not info.title:
        i = _loose_title(paragraphs, i, info)
    return info, i


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _subject_after_title(paragraphs: list[Paragraph], i: int, rest: str, info: HeaderInfo) -> int:
    """The subject: the title's own rest, else the next paragraph (UPPER subjects may wrap)."""
    parts = [rest] if rest else []
    if not parts and i < len(paragraphs) and paragraphs[i].kind in (TEXT, OPENING, UPPER, CLOSING):
        parts.append(paragraphs[i].text)
        upper = paragraphs[i].kind == UPPER
        i += 1
        while upper and i < len(paragraphs) and paragraphs[i].kind == UPPER:
            parts.append(paragraphs[i].text)
            i += 1
    info.subject = " ".join(parts)
    # a "Kính gửi" may follow the subject of a report or a tờ trình
    while i < len(paragraphs) and paragraphs[i].kind in (KINH_GUI, DATE, NUMBER):
        p = paragraphs[i]
        if p.kind == KINH_GUI:
            i = _kinh_gui(paragraphs, i, info)
            continue
        if p.kind == DATE and info.date is None:
            parse_date_line(p.text, p.first.raw, info)
        elif p.kind == NUMBER and not info.number_line:
            parse_number_line(p.text, p.first.raw, info)
        i += 1
    return i
