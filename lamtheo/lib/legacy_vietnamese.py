"""Legacy Vietnamese 8-bit text: TCVN3 (ABC) and VNI Windows, as older offices' files still hold it.

Excel keeps such text as the Windows-1252 characters of its bytes, shown in Vietnamese only through a
font (.VnTime, .VnTimeH, .VnArial… for TCVN3; VNI-Times, VNI-Helve… for VNI). A CSV saved from such a
sheet holds the bytes themselves; we read those bytes as Windows-1252 too ("raw" text below), so that
every conversion starts from the same form:

- TCVN3 (TCVN 5712:1993, the ABC table): one byte per letter. Lower-case letters with their tones, and
  seven capitals (Ă Â Ê Ô Ơ Ư Đ). Other capitals with tones have no code: the ".VnTimeH" fonts draw
  the lower-case codes as capitals, so a cell in such a font is converted and then upper-cased.
- VNI Windows: a base letter followed by a mark byte (tone, or shape + tone), the marks in lower case
  after lower-case letters and in upper case after capitals; i, y with some tones and đ are one byte.
- Windows-1258 (only for 8-bit CSV): the code page, whose tone marks are combining characters.

The tables below are built from the published definitions (letter by letter, tone by tone), not copied.
`detect` scores each candidate by how Vietnamese its result looks (valid letters, one tone per word)
and by the fonts the workbook uses; `convert` returns NFC Unicode. A cell that already holds Unicode
Vietnamese letters (ắ, đ, ơ…) is never converted, so a sheet mixing old and new text comes out right.
"""

import re
import unicodedata
from collections.abc import Iterable

UNICODE = "unicode"
TCVN3 = "tcvn3"
VNI = "vni"
CP1258 = "cp1258"

LABELS = {
    UNICODE: "Unicode",
    TCVN3: "TCVN3 (ABC, phông .VnTime)",
    VNI: "VNI Windows (phông VNI-Times)",
    CP1258: "Windows-1258",
}

# --- The tables ----------------------------------------------------------------------------------

# Tones in the order of both tables: none, sắc, huyền, hỏi, ngã, nặng (Unicode combining marks).
_TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def _with_tone(base: str, tone: int) -> str:
    return unicodedata.normalize("NFC", base + _TONE_MARKS[tone])


# TCVN3 (ABC): for each base letter, its code without a tone and with sắc, huyền, hỏi, ngã, nặng.
_TCVN3_LETTERS = {
    "a": "a\xb8\xb5\xb6\xb7\xb9",
    "ă": "\xa8\xbe\xbb\xbc\xbd\xc6",
    "â": "\xa9\xca\xc7\xc8\xc9\xcb",
    "e": "e\xd0\xcc\xce\xcf\xd1",
    "ê": "\xaa\xd5\xd2\xd3\xd4\xd6",
    "i": "i\xdd\xd7\xd8\xdc\xde",
    "o": "o\xe3\xdf\xe1\xe2\xe4",
    "ô": "\xab\xe8\xe5\xe6\xe7\xe9",
    "ơ": "\xac\xed\xea\xeb\xec\xee",
    "u": "u\xf3\xef\xf1\xf2\xf4",
    "ư": "\xad\xf8\xf5\xf6\xf7\xf9",
    "y": "y\xfd\xfa\xfb\xfc\xfe",
}
_TCVN3_SINGLE = {
    "\xae": "đ",
    "\xa1": "Ă",
    "\xa2": "Â",
    "\xa3": "Ê",
    "\xa4": "Ô",
    "\xa5": "Ơ",
    "\xa6": "Ư",
    "\xa7": "Đ",
}


def _tcvn3_table() -> dict[str, str]:
    table = dict(_TCVN3_SINGLE)
    for base, codes in _TCVN3_LETTERS.items():
        for tone, code in enumerate(codes):
            if code.isascii():
                continue  # the plain letter is itself
            table[code] = _with_tone(base, tone)
    return table


TCVN3_TABLE = _tcvn3_table()
_TCVN3_TRANSLATE = str.maketrans(TCVN3_TABLE)

# VNI Windows: mark bytes after a lower-case base (upper-case bases take the upper-case byte).
_VNI_TONES = {"\xf9": 1, "\xf8": 2, "\xfb": 3, "\xf5": 4, "\xef": 5}  # ù ø û õ ï
_VNI_CIRCUMFLEX = {"\xe2": 0, "\xe1": 1, "\xe0": 2, "\xe5": 3, "\xe3": 4, "\xe4": 5}  # â á à å ã ä
_VNI_BREVE = {"\xea": 0, "\xe9": 1, "\xe8": 2, "\xfa": 3, "\xfc": 4, "\xeb": 5}  # ê é è ú ü ë
# One-byte letters: ơ ư (horn, then a tone byte may follow), đ, and i / y with some tones.
_VNI_SINGLE = {"\xf4": "ơ", "\xf6": "ư", "\xf1": "đ", "\xed": "í", "\xec": "ì", "\xe6": "ỉ", "\xf3": "ĩ",
               "\xf2": "ị", "\xee": "ỵ"}  # fmt: skip


def _vni_table() -> dict[str, str]:
    """Every VNI sequence (1 to 3 characters) → its Unicode letter, both cases."""
    table: dict[str, str] = {}

    def add(sequence: str, letter: str) -> None:
        table[sequence] = letter
        table[sequence.upper()] = letter.upper()

    for code, letter in _VNI_SINGLE.items():
        add(code, letter)
    for horn in ("\xf4", "\xf6"):  # ơ, ư with a tone
        for code, tone in _VNI_TONES.items():
            add(horn + code, _with_tone(_VNI_SINGLE[horn], tone))
    for base in "aeiouy":
        for code, tone in _VNI_TONES.items():
            add(base + code, _with_tone(base, tone))
    for base, shaped in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for code, tone in _VNI_CIRCUMFLEX.items():
            add(base + code, _with_tone(shaped, tone))
    for code, tone in _VNI_BREVE.items():
        add("a" + code, _with_tone("ă", tone))
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(s) for s in sorted(VNI_TABLE, key=len, reverse=True)))

# Letters that only Unicode Vietnamese text holds: a cell with one of them is never converted.
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u0128\u0129\u0168\u0169\u1ea0-\u1ef9]"
)


def _byte_char(b: int) -> str:
    try:
        return bytes([b]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return chr(b)


_RAW = [_byte_char(b) for b in range(256)]
_RAW_BYTE = {ch: b for b, ch in enumerate(_RAW)}


def to_raw(data: bytes) -> str:
    """8-bit bytes as the Windows-1252 text Excel would show (undefined bytes as Latin-1)."""
    return data.decode("ascii") if data.isascii() else "".join(_RAW[b] for b in data)


def _raw_bytes(text: str) -> bytes | None:
    try:
        return bytes(_RAW_BYTE[ch] for ch in text)
    except KeyError:
        return None


def convert(text: str, encoding: str, *, upper: bool = False) -> str:
    """`text` (raw, see the module docstring) in `encoding` as NFC Unicode."""
    if not text or encoding == UNICODE or (text.isascii() and not upper):
        return unicodedata.normalize("NFC", text)
    if _UNICODE_ONLY.search(text):
        return unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        out = text.translate(_TCVN3_TRANSLATE)
    elif encoding == VNI:
        out = _VNI_PATTERN.sub(lambda m: VNI_TABLE[m.group(0)], text)
    elif encoding == CP1258:
        data = _raw_bytes(text)
        out = data.decode("cp1258", errors="replace") if data is not None else text
    else:
        raise ValueError(f"unknown encoding {encoding!r}")
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


# --- Detection ------------------------------------------------------------------------------------

_TONES = set(_TONE_MARKS[1:])
_WORD = re.compile(r"[^\s0-9,.;:/()\-–\"'!?]+")
_VOWELS = set("aăâeêioôơuưy")
_LETTERS = _VOWELS | set("bcdđfghjklmnpqrstvwxz")
# The vowel groups a Vietnamese syllable may hold (tones left out), "qu" and "gi" counted as onsets.
_NUCLEI_TEXT = (
    "a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy "
    "ưa ưi ươ ưu yê iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu"
)
_NUCLEI = frozenset(_NUCLEI_TEXT.split(" "))


def _word_score(word: str) -> int:
    """+1 for a word that reads as a Vietnamese syllable with diacritics, 0 for a plain one, -3 for one
    no Vietnamese syllable can be: a letter outside the alphabet (¸, ø, û…), two tones, or a vowel
    group no syllable has ("aâ", "uyeã": a VNI mark read as a letter)."""
    lower = word.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    tones = sum(1 for ch in decomposed if ch in _TONES)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    if tones > 1 or any(ch not in _LETTERS for ch in bare):
        return -3
    if not word.islower() and not word.isupper() and not word[1:].islower():
        return -1  # mixed case inside a word ("NguyÔn")
    if bare.startswith("qu") or (bare.startswith("gi") and len(bare) > 2 and bare[2] in _VOWELS):
        bare = bare[2:] if bare.startswith("qu") else bare[2:]
    groups = re.findall("[aăâeêioôơuưy]+", bare)
    if not word.isascii() and (len(groups) > 1 or (groups and groups[0] not in _NUCLEI)):
        return -3
    return 1 if tones or not bare.isascii() else 0


def plausibility(texts: Iterable[str]) -> int:
    return sum(_word_score(w) for text in texts for w in _WORD.findall(text))


def _sample(texts: Iterable[str], limit: int = 400) -> list[str]:
    sample = []
    for text in texts:
        if text and not text.isascii():
            sample.append(text)
            if len(sample) >= limit:
                break
    return sample


def scores(texts: Iterable[str], candidates: Iterable[str]) -> dict[str, int]:
    sample = _sample(texts)
    return {c: plausibility(convert(t, c) for t in sample) for c in candidates}


def detect(
    texts: Iterable[str], *, candidates: tuple[str, ...] = (UNICODE, TCVN3, VNI), font_hint: str = ""
) -> str:
    """The candidate whose conversion of `texts` looks most Vietnamese; the fonts break ties and tip
    close calls. Plain ASCII text is Unicode."""
    texts = _sample(texts)
    if not texts:
        return candidates[0]
    if candidates[0] == UNICODE and sum(1 for t in texts if _UNICODE_ONLY.search(t)) * 5 > len(texts):
        return UNICODE  # most cells hold letters only Unicode has (ắ, đ, ơ…): nothing to weigh
    found = scores(texts, candidates)
    if font_hint in found:
        found[font_hint] += 2
    best = max(candidates, key=lambda c: (found[c], c == candidates[0]))
    return best if found[best] > found[candidates[0]] else candidates[0]


def check_choice(
    texts: Iterable[str], chosen: str, *, candidates: tuple[str, ...] = (UNICODE, TCVN3, VNI)
) -> str:
    """ "" when `chosen` reads the text as well as any other candidate, else a Vietnamese message
    naming the encoding that fits (a wrong override must not turn names into garbage)."""
    found = scores(list(texts), set(candidates) | {chosen})
    best = max(found, key=lambda c: found[c])
    if found[chosen] >= found[best] or found[best] - found[chosen] < 3:
        return ""
    return (
        f"Bảng mã đã chọn ({LABELS[chosen]}) không khớp với dữ liệu trong tệp: đọc theo bảng mã này, "
        f"chữ tiếng Việt bị sai. Dữ liệu có dạng {LABELS[best]}; hãy chọn lại bảng mã."
    )


_TCVN3_FONT = re.compile(r"^\.vn", re.IGNORECASE)
_VNI_FONT = re.compile(r"^vni[- ]", re.IGNORECASE)


def font_encoding(font_name: str) -> str:
    if _TCVN3_FONT.match(font_name.strip()):
        return TCVN3
    if _VNI_FONT.match(font_name.strip()):
        return VNI
    return UNICODE


def is_capitals_font(font_name: str) -> bool:
    """.VnTimeH, .VnArialH…: TCVN3 fonts that draw lower-case codes as capitals."""
    name = font_name.strip()
    return bool(_TCVN3_FONT.match(name)) and name.endswith("H")
