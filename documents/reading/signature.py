"""The tail of a document: where it starts, and its split into Nơi nhận items and the signature.

The signature is "prefix line? + title line(s) + name" (DOMAIN.md §1.9). Extracted texts print the Nơi
nhận column and the signature column one after the other (S001, S002, docx tables) or interleaved line
by line (S003: "Nơi nhận:", "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "- TT Tỉnh ủy;" … "Đỗ Lê Tín").
Lines are told apart by their shape: '-' items go to Nơi nhận, UPPER lines to the signature, a
capitalised 2-6 word line to the signer's name.
"""

import re
from dataclasses import dataclass, field

from ..fields import Signer
from .prep import BULLET, HEADINGS, NOI_NHAN, SIGN_PREFIX, TEXT, UPPER, Line, collapse

_SKIP_RE = re.compile(r"^\(?\s*(?:đã ký|ký tên|ký,|ký và|đóng dấu|chữ ký|\(ký)", re.IGNORECASE)
_NOI_NHAN_RE = re.compile(r"^N[ơo]i\s*nh[ậa]n\s*:?\s*", re.IGNORECASE)
_PREFIX_RE = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*")


def is_name(text: str) -> bool:
    """'Lò Thị Hằng', 'Đỗ Lê Tín': 2-6 capitalised words, nothing else."""
    words = text.split()
    if not 2 <= len(words) <= 6:
        return False
    return all(w[0].isupper() and w.isalpha() and (len(w) == 1 or w[1:].islower()) for w in words)


def find_tail_start(lines: list[Line]) -> int:
    """Index of the first line of the Nơi nhận / signature block (len(lines) when there is none)."""
    last_heading = max((ln.index for ln in lines if ln.kind in HEADINGS), default=-1)
    noi = [ln.index for ln in lines if ln.kind == NOI_NHAN and ln.index > last_heading]
    sign = [ln.index for ln in lines if ln.kind == SIGN_PREFIX and ln.index > last_heading]
    candidates = [noi[-1]] if noi else []
    if sign:
        candidates.append(sign[0])
    if candidates:
        return min(candidates)
    # a bare signature at the very end: "CHỦ TỊCH" / "Nguyễn Văn A"
    if len(lines) >= 2 and lines[-1].kind == TEXT and is_name(lines[-1].text) and lines[-2].kind == UPPER:
        start = len(lines) - 2
        while start > 0 and lines[start - 1].kind == UPPER and start > len(lines) - 4:
            start -= 1
        return start
    return len(lines)


@dataclass
class Tail:
    items: list[str] = field(default_factory=list)  # raw Nơi nhận items
    noi_nhan: bool = False
    signer: Signer = field(default_factory=Signer)


def split_tail(lines: list[Line]) -> Tail:
    tail = Tail()
    titles: list[str] = []
    names: list[str] = []
    item_open = False  # the last line was a Nơi nhận item not yet ended by ';' or '.'
    for line in lines:
        text = line.text
        if line.kind == NOI_NHAN:
            tail.noi_nhan = True
            rest = _NOI_NHAN_RE.sub("", text).strip()
            if rest:
                tail.items.append(rest)
            item_open = bool(rest) and not rest.endswith((";", "."))
            continue
        if _SKIP_RE.match(text):
            continue
        if line.kind == SIGN_PREFIX and not tail.signer.authority:
            tail.signer.authority = _PREFIX_RE.sub(lambda m: f"{m.group(1)}. ", text)
            item_open = False
            continue
        if line.kind == BULLET:
            tail.items.append(text)
            item_open = not text.endswith((";", ".")) and not _is_archive(text)
            continue
        if line.kind in (UPPER, SIGN_PREFIX):
            if titles and (line.gap >= 2 or names) and _upper_name(text):
                names.append(text)
            elif not names:
                titles.append(text)
            item_open = False
            continue
        if item_open and tail.items and line.gap <= 2 and not is_name(text):
            tail.items[-1] = f"{tail.items[-1]} {text}"
            item_open = not text.endswith((";", "."))
            continue
        if is_name(text):
            names.append(text)
        elif tail.noi_nhan and not names:
            tail.items.append(text)  # an item written without a dash
            item_open = not text.endswith((";", "."))
    tail.signer.title = collapse(" ".join(titles))
    tail.signer.name = names[-1] if names else ""
    return tail


def _is_archive(text: str) -> bool:
    return bool(re.match(r"^[-–—+•]?\s*Lưu\b", text, re.IGNORECASE))


def _upper_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 6 and all(w.isalpha() for w in words)


def signature_warnings(signer: Signer) -> list[str]:
    if not (signer.authority or signer.title or signer.name):
        return ["Không tìm thấy phần chữ ký (thẩm quyền, chức vụ, họ tên người ký)"]
    warnings = []
    if not signer.name:
        warnings.append("Thiếu họ tên người ký")
    if not signer.title and not signer.authority:
        warnings.append("Thiếu chức vụ của người ký")
    return warnings
