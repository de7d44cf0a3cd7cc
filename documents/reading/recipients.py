"""Nơi nhận (DOMAIN.md §1.10): '- A;' items, purposes '(b/c)', group marks '} (B/c)', 'Lưu: VT, …'."""

import re

from ..fields import Recipient

_PURPOSE_WORDS = {
    "báo cáo": "b/c",
    "thực hiện": "t/h",
    "phối hợp": "p/h",
    "chỉ đạo": "c/đ",
    "theo dõi": "t/d",
    "biết": "biết",
    "biết và thực hiện": "t/h",
    "phối hợp thực hiện": "p/h",
    "chỉ đạo thực hiện": "c/đ",
}
_BULLET_RE = re.compile(r"^[-–—+•]\s*")
_GROUP_RE = re.compile(r"^\}\s*\(?\s*(?P<purpose>[^()]*?)\s*\)?\s*[;.,]?$")
_INLINE_GROUP_RE = re.compile(r"\s*\}\s*(?=\()")
_PURPOSE_RE = re.compile(r"\s*\((?P<purpose>[^()]{1,30})\)\s*[;.,]?$")
_ARCHIVE_RE = re.compile(r"^Lưu\s*:?\s*(?P<rest>.*)$", re.IGNORECASE)


def purpose_code(text: str) -> str:
    """'B/c' -> 'b/c'; 'để báo cáo' -> 'b/c'; '' when text is not a purpose."""
    value = " ".join(text.lower().split())
    value = re.sub(r"^để\s+", "", value).rstrip(" ;.,")
    if re.fullmatch(r"[a-zđ]\s*/\s*[a-zđ]", value):
        return value.replace(" ", "")
    return _PURPOSE_WORDS.get(value, "")


def parse_recipients(items: list[str]) -> tuple[list[Recipient], list[str]]:
    """Recipients from the raw items (one per '- …' line, continuations already joined)."""
    recipients: list[Recipient] = []
    pending: list[Recipient] = []  # items a following '} (B/c)' applies to
    archive = False
    expanded: list[str] = []
    for item in items:  # "- C; } (B/c)" -> "- C;" + "} (B/c)"
        parts = _INLINE_GROUP_RE.split(item, maxsplit=1)
        expanded.append(parts[0])
        if len(parts) > 1:
            expanded.append("}" + parts[1])
    for item in expanded:
        text = _BULLET_RE.sub("", item.strip()).strip()
        if not text:
            continue
        group = _GROUP_RE.match(text) if text.startswith("}") else None
        if group:
            purpose = purpose_code(group["purpose"])
            for r in pending:
                r.purpose = purpose
            pending = []
            continue
        m = _ARCHIVE_RE.match(text)
        if m and (text[3:4] in (":", " ") or not m["rest"]):
            rest = m["rest"].strip().rstrip(" ;.,")
            recipients.append(Recipient(f"Lưu: {rest}" if rest else "Lưu", "lưu"))
            archive = True
            continue
        purpose = ""
        pm = _PURPOSE_RE.search(text)
        if pm and purpose_code(pm["purpose"]):
            purpose = purpose_code(pm["purpose"])
            text = text[: pm.start()]
        recipient = Recipient(text.strip().rstrip(" ;.,").strip(), purpose)
        if not recipient.name:
            continue
        recipients.append(recipient)
        if not purpose:
            pending.append(recipient)
    warnings = []
    if recipients and not archive:
        last = items[-1].strip()
        if last.endswith("."):
            warnings.append("Nơi nhận thiếu dòng “Lưu: …”")
        else:
            warnings.append(f"Phần Nơi nhận có thể bị cắt: không có dòng “Lưu: …”, mục cuối là “{last}”")
    return recipients, warnings
