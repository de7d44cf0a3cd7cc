"""Vietnamese text: NFC normalisation, accent folding for search, and a sort key.

Python's NFD trick leaves đ/Đ alone, so fold() maps them explicitly. The sort key follows the
Vietnamese dictionary order (A Á... Ă Â B C D Đ E Ê ... O Ô Ơ ... U Ư ...): letters first, then the
tones in the order none, huyền, hỏi, ngã, sắc, nặng. It is made of digits only, so every database
collation orders it the same way.
"""

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Combining marks that make a different letter (primary difference).
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Tone marks (secondary difference), in Vietnamese dictionary order after "no tone".
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_CODE = {letter: f"{20 + i:02d}" for i, letter in enumerate(_ALPHABET)}
_DIGIT_CODE = {str(d): f"{10 + d:02d}" for d in range(10)}


# Control and format characters: C0/C1 controls, bidi overrides and isolates, zero-width spaces and
# joiners, the BOM. Invisible in a page, they make two equal-looking names or codes differ.
_INVISIBLE = frozenset({"Cc", "Cf"})


def strip_invisible(value: str) -> str:
    """Drop control and format characters (bidi, zero-width); whitespace controls become spaces."""
    if value.isprintable():  # the common case, checked in C
        return value
    return "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )


def ascii_digits(value: str) -> str:
    """Any Unicode decimal digit (Arabic-Indic ٣, fullwidth ３...) as its ASCII digit."""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in value)


def nfc(value: str | None) -> str:
    """NFC-normalise, drop invisible characters, trim and collapse runs of whitespace."""
    if not value:
        return ""
    text = str(value)
    # Already clean (the common case, checked in C): printable means no control, format or other
    # space character than " ".
    if (
        text.isprintable()
        and "  " not in text
        and text[0] != " "
        and text[-1] != " "
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    return _SPACES.sub(" ", strip_invisible(unicodedata.normalize("NFC", text))).strip()


def nfc_lines(value: str | None) -> str:
    """NFC and trimmed like nfc(), line by line: keeps the line breaks of multi-line text."""
    if not value:
        return ""
    return "\n".join(nfc(line) for line in str(value).splitlines()).strip()


def fold(value: str | None) -> str:
    """Accent-insensitive, case-insensitive form used for search: "Nguyễn Văn Đức" -> "nguyen van duc"."""
    if not value:
        return ""
    text = str(value)
    if text.isascii():
        return _SPACES.sub(" ", text.casefold()).strip()
    words = [w.lower() if w.isascii() else _fold_word(w) for w in text.split()]
    return " ".join(words if "" not in words else [w for w in words if w])  # marks alone fold to nothing


@functools.lru_cache(maxsize=65_536)  # words repeat: names, units, positions
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def _letters(word: str) -> list[tuple[str, str]]:
    """Split a word into (letter, tone digit) pairs, letters carrying their shape marks."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES:
            if out:
                out[-1] = (out[-1][0], _TONES[ch])
        elif ch in (_BREVE, _CIRCUMFLEX, _HORN):
            if out:
                out[-1] = (unicodedata.normalize("NFC", out[-1][0] + ch), out[-1][1])
        elif unicodedata.combining(ch):
            continue
        else:
            out.append((ch, "0"))
    return out


# Every ASCII character's code, for the parts without a mark (numbers, names typed without accents).
_ASCII_CODE = {chr(i): _LETTER_CODE.get(chr(i)) or _DIGIT_CODE.get(chr(i)) or "99" for i in range(128)}
_ASCII_CODE[" "] = "01"


@functools.lru_cache(maxsize=65_536)  # names repeat: a list of 100,000 members has a few thousand parts
def sort_key_part(value: str | None) -> str:
    """Digits-only key for one string: letter codes, a terminator, then tone digits."""
    text = nfc(value)
    if text.isascii():  # no marks: the letters' codes as they are, and no tone anywhere
        return "".join([_ASCII_CODE[ch] for ch in text.lower()]) + "00" + "0" * len(text)
    return _marked_key(text)


def _marked_key(text: str) -> str:
    letters = _letters(text)
    primary = []
    for letter, _tone in letters:
        if letter == " ":
            primary.append("01")
        else:
            primary.append(_LETTER_CODE.get(letter) or _DIGIT_CODE.get(letter) or "99")
    tones = "".join(tone for _letter, tone in letters)
    return "".join(primary) + "00" + tones


def vietnamese_sort_key(*parts: str | None) -> str:
    """Key for a sequence of fields compared in order, e.g. (given, middle, family)."""
    return "0".join([sort_key_part(p) for p in parts])


def person_sort_key(family: str, middle: str, given: str) -> str:
    """Vietnamese list order: given name, then middle name, then family name."""
    return vietnamese_sort_key(given, middle, family)


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Minh Khai' -> ('Nguyễn', 'Thị Minh', 'Khai'): family at the first space, given at the last."""
    words = nfc(full_name).split(" ")
    words = [w for w in words if w]
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]
