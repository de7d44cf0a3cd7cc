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


def split_title(text: str) -> tuple[str, str]:
    """A short heading is all title; a numbered paragraph keeps its first sentence as title."""
    text = text.strip()
    if len(text) <= _LONG_TITLE:
        return text.rstrip(":.").strip(), ""
    m = re.search(r"[.!?](?=\s+[A-ZĐÀ-Ỹ“\"(])", text)
    if m and m.start() <= _LONG_TITLE * 2:
        return text[: m.start()].strip(), text[m.end() :].strip()
    return text, ""


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
            title, extra = split_title(rest)
            tree.add(Section(level=level, number=number, title=title, paragraphs=[extra] if extra else []))
        elif tree.stack:
            tree.stack[-1].paragraphs.append(p.text)
        else:
            opening.append(p.text)
    if closing and closing[-1].endswith(END_MARK):
        closing[-1] = closing[-1][: -len(END_MARK)].rstrip() + "."
    elif not closing and tree.stack and tree.stack[-1].paragraphs:
        last = tree.stack[-1].paragraphs
        if last[-1].endswith(END_MARK):
            last[-1] = last[-1][: -len(END_MARK)].rstrip() + "."
    body.opening = "\n".join(opening)
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
