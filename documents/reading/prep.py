"""Text preparation: NFC lines without markup noise, a class for each line, and paragraphs.

Extracted texts break lines anywhere: some (S000, S003, S004) are hard-wrapped at ~80 characters with
blank lines between every line, others (S001, S002) keep one line per paragraph. Paragraphs are rebuilt
from the line classes: structural lines (headings, bullets, "Số:", the dated place line, "Nơi nhận",
signature lines, UPPER lines) start a paragraph; plain text lines join the paragraph before them when
they continue it (lowercase start, hyphenated break, open parenthesis, or a hard-wrapped line).
"""

import re
import unicodedata
from dataclasses import dataclass, field

# Line classes.
BLANK = "blank"
TEXT = "text"
OPENING = "opening"  # "Thực hiện …", "Căn cứ …"
CLOSING = "closing"  # "Trên đây là …"
MOTTO = "motto"  # national name, motto, Party name, decorative rules
NUMBER = "number"  # "Số: 18/BC-LĐLĐ"
DATE = "date"  # "Lai Châu, ngày 20 tháng 4 năm 2026"
VV = "vv"  # "V/v …"
KINH_GUI = "kinh_gui"
NOI_NHAN = "noi_nhan"
SIGN_PREFIX = "sign_prefix"  # "TM. BAN THƯỜNG VỤ"
UPPER = "upper"  # title, issuer, signature title
ROMAN = "roman"  # "I. ĐẶC ĐIỂM TÌNH HÌNH"
NUM = "num"  # "1. …", "2.1. …"
ALPHA = "alpha"  # "a) …"
ITEM = "item"  # "(1) …"
BULLET = "bullet"  # "- …", "+ …"

HEADINGS = (ROMAN, NUM, ALPHA)

NUMBER_RE = re.compile(
    r"^\s*Số\s*(?P<colon>:?)\s*(?P<num>\d*[a-z]?)\s*(?:/\s*(?P<year>(?:19|20)\d\d))?\s*/\s*"
    r"(?P<sym>[^\s/]+(?:\s*[-–—]\s*[^\s/]+)*)"
)
DATE_RE = re.compile(
    r"(?P<place>[^,\n]{2,60}),\s*ngày\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
)
ROMAN_RE = re.compile(r"^(?P<num>[IVXL]{1,5})\s*[.)]\s*(?P<title>\S.*)$")
NUM_RE = re.compile(
    r"^(?:(?P<multi>\d{1,2}(?:\.\d{1,2}){1,3})\.?|(?P<single>\d{1,2})[.)])\s+(?P<title>[^\d\s].*)$"
)
ALPHA_RE = re.compile(r"^(?P<num>[a-zđ])\)\s*(?P<title>\S.*)$")
ITEM_RE = re.compile(r"^\((?P<num>\d{1,2})\)\s*\S")
BULLET_RE = re.compile(r"^[-–—+•]\s*\S|^[-–—+•]$")
SIGN_PREFIX_RE = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.\s*\S")
OPENING_RE = re.compile(r"^(?:Thực hiện|Căn cứ|Thi hành|Xét đề nghị|Theo đề nghị)\b")
CLOSING_RE = re.compile(r"^Trên đây\b")
_RULE_RE = re.compile(r"^[\s_=~*.\-–—]+$")
_NOISE_RE = re.compile(r"\s*\*[A-Z]\*")  # stray OCR marks such as "*Q*" (S001)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad"), None)
# Two columns flattened onto one line: a tab or a run of 3+ spaces, except inside a date phrase.
_COLUMN_GAP_RE = re.compile(r"\t+| {3,}")
_NO_SPLIT_BEFORE = re.compile(r"(?:ngày|tháng|năm|Số\s*:?|số)\s*$")


@dataclass
class Line:
    index: int
    raw: str  # NFC text as written (spacing kept), markup removed
    text: str  # trimmed, single spaces
    kind: str
    gap: int = 0  # blank lines before this one


@dataclass
class Paragraph:
    kind: str
    text: str
    lines: list[Line] = field(default_factory=list)
    last_len: int = 0  # length of its last physical line

    @property
    def first(self) -> Line:
        return self.lines[0]


@dataclass
class Prepared:
    lines: list[Line]
    wrapped: bool
    width: int
    noise: int = 0  # OCR marks removed
    page_marks: list[str] = field(default_factory=list)  # "Trang 1/2", lone page numbers dropped


def collapse(value: str) -> str:
    return " ".join(value.split())


def is_upper(text: str) -> bool:
    if text.upper() != text:
        return False
    return sum(1 for c in text if c.isalpha()) >= 3


_MOTTO_RE = re.compile(
    r"cộng\s*h(?:òa|oà|oa)\s*xã\s*hội\s*chủ\s*nghĩa|độc\s*lập.*hạnh\s*phúc|^đảng\s*cộng\s*sản\s*việt\s*nam",
    re.IGNORECASE,
)
_NOI_NHAN_RE = re.compile(r"^n[ơo]i\s*nh[ậa]n\b", re.IGNORECASE)
_KINH_GUI_RE = re.compile(r"^k[íi]nh\s*g[ửu]i\b", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """'Lai Châu, ngày 20 tháng 4 năm 2026' alone on its line; not '… số 05-CT/TW, ngày 15 tháng 5 năm 2016'."""
    m = DATE_RE.search(text)
    if not m or text[m.end() :].strip(" .*)"):
        return False
    place = m["place"].strip(" *(")
    return (
        place[:1].isupper()
        and "/" not in place
        and len(place.split()) <= 8
        and not re.search(r"\bsố\b", place)
    )


def is_motto(text: str) -> bool:
    return len(text) <= 90 and bool(_MOTTO_RE.search(text))


def classify(text: str) -> str:
    """The class of one trimmed line."""
    if not text or _RULE_RE.match(text):
        return BLANK
    if _NOI_NHAN_RE.match(text):
        return NOI_NHAN
    if _KINH_GUI_RE.match(text):
        return KINH_GUI
    if text[:3].lower() == "v/v":
        return VV
    if NUMBER_RE.match(text):
        return NUMBER
    if len(text) <= 110 and "tháng" in text and is_date_line(text):
        return DATE
    if is_motto(text):
        return MOTTO
    upper = is_upper(text)
    if upper and SIGN_PREFIX_RE.match(text):
        return SIGN_PREFIX
    for kind, regex in ((ROMAN, ROMAN_RE), (NUM, NUM_RE), (ALPHA, ALPHA_RE), (ITEM, ITEM_RE)):
        if regex.match(text):
            return kind
    if BULLET_RE.match(text) or text.startswith("}"):
        return BULLET
    if CLOSING_RE.match(text):
        return CLOSING
    if OPENING_RE.match(text):
        return OPENING
    return UPPER if upper else TEXT


def _clean(line: str) -> tuple[str, int]:
    if "*" not in line:
        return line, 0
    line, noise = _NOISE_RE.subn("", line)
    line = line.replace("**", "")
    if line.lstrip().startswith("* "):
        line = line.replace("*", "•", 1)
    return line.replace("*", ""), noise


def _split_columns(line: str) -> list[str]:
    """'CĐGD        TP. Hồ Chí Minh, ngày …' -> two lines (left column first)."""
    parts, start = [], 0
    for m in _COLUMN_GAP_RE.finditer(line):
        left = line[start : m.start()]
        if left.strip() and not _NO_SPLIT_BEFORE.search(left):
            parts.append(left)
            start = m.end()
    parts.append(line[start:])
    out: list[str] = []
    for part in parts:
        if part.strip():
            out.extend(_split_run_together(part))
    return out or [""]


# The two header columns of a PDF text layer run together with one space (issue 10 point 7):
# "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BAN THƯỜNG VỤ Độc lập - …"
_RIGHT_COLUMN_RE = re.compile(
    r"\s(?=CỘNG\s*H(?:ÒA|OÀ|OA)\s*XÃ\s*HỘI|Độc\s*lập\s*[-–—]|ĐẢNG\s*CỘNG\s*SẢN\s*VIỆT\s*NAM)"
)
# The Nơi nhận column and the signature column on one line: "Nơi nhận: TM. BAN THƯỜNG VỤ",
# "- Thường trực LĐLĐ tỉnh; PHÓ CHỦ TỊCH", "- Lưu: VT, Ban CTCĐ. Lường Thị Mai".
_TAIL_LEFT_RE = re.compile(r"^(?:N[ơo]i\s*nh[ậa]n\s*:|[-–—+•]\s*\S)", re.IGNORECASE)
_BULLET_START_RE = re.compile(r"^[-–—+•]")
_TAIL_SPLIT_RE = re.compile(r"(?:(?<=:)|(?<=[;.,]))\s+(?=\S)")
_SIGN_WORDS_RE = re.compile(
    r"^(?:(?:TM|KT|TL|TUQ|Q)\s*\.\s*\S.*|(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|TRƯỞNG\s+BAN|CHÁNH\s+VĂN\s+PHÒNG|"
    r"GIÁM\s+ĐỐC|BÍ\s+THƯ|TỔ\s+TRƯỞNG|THƯ\s+KÝ)\b.*)$"
)


def _split_run_together(part: str) -> list[str]:
    text = part.strip()
    m = _RIGHT_COLUMN_RE.search(text)
    if m and m.start() >= 3 and is_upper(text[: m.start()]):
        return [text[: m.start()], *_split_run_together(text[m.end() :])]
    if _TAIL_LEFT_RE.match(text):
        noi_nhan = not _BULLET_START_RE.match(text)
        for sm in _TAIL_SPLIT_RE.finditer(text):
            if text[sm.start() - 1] == ":" and not noi_nhan:
                continue  # "- Trưởng ban: Nguyễn Văn An" is an item, not an item beside a signature
            rest = text[sm.end() :]
            if _SIGN_WORDS_RE.match(rest) and is_upper(rest) or _is_signer_name(rest):
                return [text[: sm.start()], rest]
    return [part]


def _is_signer_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() and w[1:].islower() for w in words)


# Page marks of a PDF text layer or a printed copy: "Trang 1/2", "- 2 -", a lone page number.
_PAGE_MARK_RE = re.compile(r"^(?:Trang\s*\d{1,3}(?:\s*(?:/|trên)\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–]|\d{1,3})$")


def _wrap_stats(lines: list[Line]) -> tuple[bool, int]:
    lengths = sorted(len(line.text) for line in lines if len(line.text) >= 40)
    if len(lengths) < 4:
        return False, 80
    median = lengths[len(lengths) // 2]
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))]
    return median <= 110, width


def prepare(text: str, *, wrapped: bool | None = None, page_marks: bool = True) -> Prepared:
    """Lines of text, NFC, without markup, split into columns, classified.

    page_marks: drop "Trang 1/2" and lone page-number lines (not for .docx, whose table cells may
    hold lone figures)."""
    text = unicodedata.normalize("NFC", text or "").translate(_INVISIBLE).replace("\u00a0", " ")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[Line] = []
    gap = 0
    noise = 0
    marks: list[str] = []
    for raw_line in text.split("\n"):
        if not raw_line.strip():
            gap += 1
            continue
        if page_marks and _PAGE_MARK_RE.match(raw_line.strip()):
            marks.append(raw_line.strip())
            gap += 1
            continue
        cleaned, n = _clean(raw_line)
        noise += n
        for part in _split_columns(cleaned.rstrip()):
            stripped = part.strip()
            kind = classify(collapse(stripped))
            if kind == BLANK:
                gap += 1
                continue
            out.append(Line(len(out), stripped, collapse(stripped), kind, gap))
            gap = 0
    detected, width = _wrap_stats(out)
    return Prepared(out, detected if wrapped is None else wrapped, width, noise, marks)


# --- paragraphs ---------------------------------------------------------------------------------

_TERMINAL_RE = re.compile(r"(?:[.:;!?]|[.:;!?][\"”’)]|\./\.)$")
_HYPHEN_BREAK_RE = re.compile(r"\d[a-z]?\s?-$")
_NON_JOINABLE = (MOTTO, NUMBER, DATE, NOI_NHAN, SIGN_PREFIX, UPPER)


def ends_terminal(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text))


def unclosed_paren(text: str) -> bool:
    return text.count("(") > text.count(")")


def _joins(cur: Paragraph, line: Line, wrapped: bool, width: int) -> bool:
    if cur.kind in _NON_JOINABLE:
        return False
    last = cur.text
    if line.kind == BULLET and unclosed_paren(last) and line.gap <= 3:
        return True  # "(qua Ban Tuyên giáo\n- Nữ công)" (S004)
    if cur.kind == ROMAN:  # an UPPER heading wraps onto an UPPER line
        return line.kind == UPPER and line.gap <= 1 and not ends_terminal(last)
    if line.kind != TEXT:
        return False
    first = line.text[0]
    if _HYPHEN_BREAK_RE.search(last) or first.islower():
        return True
    if ends_terminal(last):
        return False
    if first.isdigit() or (unclosed_paren(last) and line.gap <= 3):
        return True
    if wrapped:  # a line much shorter than the others ended its paragraph
        return line.gap <= 1 and cur.last_len >= 0.6 * width
    return line.gap == 0


def _glue(left: str, right: str) -> str:
    if _HYPHEN_BREAK_RE.search(left) and right[:1].isupper():
        return left.rstrip().rstrip("-").rstrip() + "-" + right  # "05-\nCT/TW" -> "05-CT/TW"
    return f"{left} {right}"


def build_paragraphs(lines: list[Line], wrapped: bool, width: int) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    for line in lines:
        cur = paragraphs[-1] if paragraphs else None
        if cur is not None and _joins(cur, line, wrapped, width):
            cur.text = _glue(cur.text, line.text)
            cur.lines.append(line)
            cur.last_len = len(line.text)
        else:
            paragraphs.append(Paragraph(line.kind, line.text, [line], len(line.text)))
    return paragraphs
