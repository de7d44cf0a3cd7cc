"""A study schedule read from the guidance document that announces it (seed 004).

The documents reader already splits a guidance into sections and paragraphs and finds its tasks with their
deadlines ("+ Quý II: Gồm các nội dung (2) và (4)" → a task due 30/06/2024). This module turns that read
result into a schedule draft: the topic's numbered items "(1) …", the quarter each is scheduled in, and a
note for a quarter without items ("Quý IV: Tổng hợp, đánh giá …"). The draft only pre-fills a form; the
user corrects it and saving goes through `services.schedule_from_document` (scope- and role-checked).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from accounts.scoping import Actor
from documents.fields import DocumentFields
from documents.kinds import DIRECTIVE_KINDS
from documents.models import Document
from documents.reading.body import walk
from lamtheo.lib.dates import format_vn
from lamtheo.lib.text import fold, nfc

from .models import Topic, TopicScope

_ITEM_RE = re.compile(r"^\s*\((?P<n>\d{1,2})\)\s*(?P<text>\S.*)$", re.DOTALL)
_REF_RE = re.compile(r"\((?P<n>\d{1,2})\)")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_LEAD_RE = re.compile(r"^(?:[-+•–]\s*)*quý\s+(?P<q>IV|I{1,3}|[1-4])\b[^:.\-–]{0,12}[:.\-–]\s*", re.I)
_TITLE_RE = re.compile(
    r"chuyên đề(?: học tập)? năm (?P<y>(?:19|20)\d\d)\s*[:,]?\s*[“\"](?P<t>[^”\"]{5,600})[”\"]", re.I
)
_YEAR_RE = re.compile(r"năm\s+(?P<y>(?:19|20)\d\d)")
_QUARTER_END = {(3, 31): 1, (6, 30): 2, (9, 30): 3, (12, 31): 4}
NOTE_LENGTH = 600


@dataclass
class ScheduleDraft:
    """What the reader found: topic title, year, items (1)..(n), quarter → item numbers, quarter → note."""

    title: str = ""
    year: int | None = None
    items: list[str] = field(default_factory=list)
    quarters: dict[int, list[int]] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    guidance_ref: str = ""

    @property
    def found(self) -> bool:
        """A schedule worth offering: numbered items and at least one quarter that names some of them."""
        return bool(self.items) and any(self.quarters.values())


def _items(paragraphs: list[str]) -> list[str]:
    """The first run of paragraphs numbered (1), (2), … in order."""
    items: list[str] = []
    for p in paragraphs:
        m = _ITEM_RE.match(p)
        if m and int(m["n"]) == len(items) + 1:
            items.append(" ".join(m["text"].split()).rstrip(" .;"))
        elif items and m is None and not p.strip().startswith("("):
            break
    return items


def _quarter_of_deadline(day: date | None) -> int | None:
    return _QUARTER_END.get((day.month, day.day)) if day else None


def _quarter_lines(fields: DocumentFields, paragraphs: list[str]) -> list[tuple[int, int | None, str]]:
    """(quarter, year, text) of each quarter line: the reader's tasks due at a quarter's end whose text
    starts with "Quý …"; the paragraphs themselves when the reader found none (a kind without tasks)."""
    found: list[tuple[int, int | None, str]] = []
    for task in fields.tasks:
        q = _quarter_of_deadline(task.deadline)
        m = _QUARTER_LEAD_RE.match(task.text or "")
        if q and m and _ROMAN[m["q"].upper()] == q:
            found.append((q, task.deadline.year if task.deadline else None, task.text[m.end() :]))
    if found:
        return found
    for p in paragraphs:
        m = _QUARTER_LEAD_RE.match(p)
        if m:
            found.append((_ROMAN[m["q"].upper()], None, p[m.end() :]))
    return found


def read_schedule(fields: DocumentFields) -> ScheduleDraft:
    """The schedule draft of a guidance document (empty lists when it announces none)."""
    paragraphs = [
        nfc(p)
        for p in [*fields.opening.splitlines(), *(p for s in walk(fields.sections) for p in s.paragraphs)]
    ]
    draft = ScheduleDraft(items=_items(paragraphs))
    years: Counter[int] = Counter()
    for quarter, year, text in _quarter_lines(fields, paragraphs):
        if year:
            years[year] += 1
        refs = [int(n) for n in _REF_RE.findall(text) if 1 <= int(n) <= len(draft.items)]
        if refs:
            numbers = draft.quarters.setdefault(quarter, [])
            numbers.extend(n for n in refs if n not in numbers)
        elif text.strip():
            note = " ".join(text.split()).rstrip(" ;")
            draft.notes[quarter] = note[:NOTE_LENGTH]
    everything = " ".join([fields.subject, *paragraphs])
    m = _TITLE_RE.search(everything)
    if m:
        draft.title = " ".join(m["t"].split())
    if years:
        draft.year = years.most_common(1)[0][0]
    elif m:
        draft.year = int(m["y"])
    else:
        y = _YEAR_RE.search(fields.subject or "")
        draft.year = int(y["y"]) if y else (fields.date.year if fields.date else None)
    if not draft.title:
        draft.title = " ".join((fields.subject or "").split()) or (
            f"Chuyên đề năm {draft.year}" if draft.year else ""
        )
    draft.guidance_ref = guidance_ref(fields)
    return draft


def guidance_ref(fields: DocumentFields) -> str:
    """'Hướng dẫn số 03/HD-LĐLĐ ngày 06/01/2025' (what the schedule cites)."""
    from documents.kinds import DocumentKind

    label = DocumentKind(fields.kind).label if fields.kind in DocumentKind.values else "Văn bản"
    parts = [label]
    if fields.symbol:
        parts.append(f"số {fields.symbol}")
    if fields.date:
        parts.append(f"ngày {format_vn(fields.date)}")
    return " ".join(parts)[:200]


def fields_of(document: Document) -> DocumentFields:
    """The parts of a stored document the schedule is read from (no query)."""
    return DocumentFields(
        kind=document.kind, symbol=document.symbol, date=document.date, subject=document.subject,
        opening=document.opening, sections=document.sections, closing=document.closing, tasks=document.tasks,
    )  # fmt: skip


def schedule_draft(document: Document) -> ScheduleDraft | None:
    """The draft of a directing document that announces a schedule; None for any other document."""
    if document.kind not in DIRECTIVE_KINDS or document.archived_at is not None:
        return None
    draft = read_schedule(fields_of(document))
    return draft if draft.found else None


# ---------------------------------------------------------------- reads


def guidance_document(actor: Actor, pk: int) -> Document | None:
    """The document the actor may read (its registry's or delivered to its units), else None."""
    return Document.objects.visible_to(actor).active().filter(pk=pk).first()


def matching_topic(actor: Actor, draft: ScheduleDraft) -> Topic | None:
    """A yearly topic the actor sees that is the one the document announces (same year, and the same
    title or the same items), so that the schedule is set on it rather than on a copy."""
    if not draft.year:
        return None
    title, items = fold(draft.title), [fold(i) for i in draft.items]
    topics = (
        Topic.objects.visible_to(actor)
        .filter(deleted_at__isnull=True, scope=TopicScope.YEAR, year=draft.year)
        .prefetch_related("items")
    )
    for topic in topics:
        if fold(topic.title) == title or [fold(i.title) for i in topic.items.all()] == items:
            return topic
    return None


def topics_of_year(actor: Actor, year: int | None):
    qs = Topic.objects.visible_to(actor).filter(deleted_at__isnull=True)
    return qs.filter(year=year) if year else qs
