"""The body: opening paragraphs, the tree of headings with their paragraphs, and the closing.

Levels (DOMAIN.md §1.8): "I." 1, "1." 2, "1.1." 3, "1.1.1." and "a)" 4. "(1)" items and "-"/"+" bullets
are paragraphs of the heading above them, kept as written. Numbering is taken as written: S002 goes
III → "3." twice → II → III; each break is reported, never repaired.
"""

import re
from dataclasses import dataclass, field

from ..fields import Section
from .dates import heading_value
from .prep import ALPHA, ALPHA_RE, CLOSING, NUM, NUM_RE, ROMAN, ROMAN_RE, Paragraph

END_MARK = "./."
_LONG_TITLE = 160


@dataclass
class Body:
    opening: str = ""
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    warnings: list[str] = field(default_factory=list)


def heading_parts(p: Paragraph) -> tuple[int, str, str]:
    """(level, number, text after the number) of a heading paragraph."""
    if p.kind == ROMAN:
        m = ROMAN_RE.match(p.text)
        assert m is not None
        return 1, m["num"], m["title"]
    if p.kind == NUM:
        m = NUM_RE.match(p.text)
        assert m is not None
        number = m["multi"] or m["single"]
        return min(2 + number.count("."), 4), number, m["title"]
    m = ALPHA_RE.match(p.text)
    assert m is not None
    return 4, m["num"], m["title"]


_SENTENCE_END_RE = re.compile(r"[.;!?…][\"”’)]*$")
_INNER_SENTENCE_RE = re.compile(r"[.!?;][\"”’)]*\s+\S")
_SHORT_HEADING_WORDS = 12


def is_heading_text(text: str, *, has_content: bool = True) -> bool:
    """A heading is short and is not a sentence: 'Mục đích', 'Mục đích:', 'Năm 2021.' with its points
    below it. A numbered point written as sentences ('1. Rà soát danh sách … đến ngày 31/3/2026.',
    '1. Tuyên truyền. Tăng cường …') is a paragraph, bold nowhere (issue 10 points 5 and 6)."""
    text = text.strip()
    if not text or len(text) > _LONG_TITLE or _INNER_SENTENCE_RE.search(text):
        return False
    if _SENTENCE_END_RE.search(text):
        return has_content and len(text.split()) <= _SHORT_HEADING_WORDS
    return True


def split_title(text: str) -> tuple[str, str]:
    """(title, paragraph) of a numbered line, text kept as written: a heading is all title; a numbered
    paragraph has no title and keeps its whole text, full stops included."""
    text = text.strip()
    if is_heading_text(text):
        return text, ""
    return "", text


def _settle(sections: list[Section]) -> None:
    """A short point ending as a sentence with nothing under it ('1. Việc một.') is a paragraph."""
    for s in sections:
        _settle(s.children)
        if (
            s.level > 1
            and s.title
            and not s.paragraphs
            and not s.children
            and not is_heading_text(s.title, has_content=False)
        ):
            s.title, s.paragraphs = "", [s.title]


class _Tree:
    def __init__(self, warnings: list[str]) -> None:
        self.roots: list[Section] = []
        self.stack: list[Section] = []
        self.warnings = warnings
        # The last heading of each level under each parent (0 for the roots): the numbering check looks
        # up its predecessor here instead of scanning the siblings, which made reading quadratic.
        self.last: dict[tuple[int, int], Section] = {}

    def add(self, section: Section) -> None:
        while self.stack and self.stack[-1].level >= section.level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.roots
        key = (id(parent) if parent else 0, section.level)
        self._check(section, parent, self.last.get(key))
        self.last[key] = section
        siblings.append(section)
        self.stack.append(section)

    def _check(self, section: Section, parent: Section | None, prev: Section | None) -> None:
        label = _label(section)
        if prev is not None and heading_value(section.number) != heading_value(prev.number) + 1:
            self.warnings.append(
                f"Đánh số đề mục không liên tục: “{label}” đứng sau “{_label(prev)}” ({_short(section.title)})"
            )
        if "." in section.number and parent is not None and parent.level == section.level - 1:
            prefix = section.number.rsplit(".", 1)[0]
            if parent.number != prefix:
                self.warnings.append(
                    f"Số đề mục “{label}” không thuộc đề mục cha “{_label(parent)}” ({_short(section.title)})"
                )


def _label(section: Section) -> str:
    return f"{section.number})" if section.level == 4 and section.number.isalpha() else f"{section.number}."


def _short(text: str, size: int = 50) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def parse_body(paragraphs: list[Paragraph]) -> Body:
    body = Body()
    tree = _Tree(body.warnings)
    opening: list[str] = []
    closing: list[str] = []
    for p in paragraphs:
        if closing or p.kind == CLOSING:
            closing.append(p.text)
        elif p.kind in (ROMAN, NUM, ALPHA):
            level, number, rest = heading_parts(p)
            title, extra = (rest.strip(), "") if level == 1 else split_title(rest)
            tree.add(Section(level=level, number=number, title=title, paragraphs=[extra] if extra else []))
        elif tree.stack:
            tree.stack[-1].paragraphs.append(p.text)
        else:
            opening.append(p.text)
    body.opening = "\n".join(opening)
    _settle(tree.roots)
    body.sections = tree.roots
    body.closing = "\n".join(closing)
    body.warnings.extend(_quote_warnings(paragraphs))
    return body


def _quote_warnings(paragraphs: list[Paragraph]) -> list[str]:
    """Straight quotes left over at paragraph ends: '… doanh nghiệp."' (S002)."""
    stray = [p for p in paragraphs if p.text.endswith('."') and p.text.count('"') % 2 == 1]
    if not stray:
        return []
    return [f"Dấu ngoặc kép thừa ở cuối {len(stray)} đoạn (ví dụ: “…{stray[0].text[-40:]}”)"]


def walk(sections: list[Section]):
    """Sections depth first."""
    for s in sections:
        yield s
        yield from walk(s.children)
