"""Tasks suggested from a directive document: the tasks its reader found, else each level-2 section
("1.", "2." ...) of its body, else each numbered item of its plain text.

Used to prefill the assign page; the officer edits the list before anything is created.
"""

import re
from datetime import date

from .schedule import default_period, detect_deadline

_ROMAN_HEADING = re.compile(r"^\s*(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+(?P<title>.*)$")
_ITEM = re.compile(r"^\s*(?P<num>\d{1,2})\.\s+(?P<rest>\S.*)$")
_END = re.compile(r"^\s*(?:Nơi\s+nhận|Trên\s+đây\s+là|TM\.\s|KT\.\s)", re.IGNORECASE)
# Sections that state aims, not work to do.
_NOT_TASKS = re.compile(r"MỤC\s+ĐÍCH|YÊU\s+CẦU|KẾT\s+QUẢ|ĐÁNH\s+GIÁ|TÌNH\s+HÌNH", re.IGNORECASE)


def _join(lines: list[str]) -> str:
    return " ".join(" ".join(lines).split())


def numbered_items(text: str) -> list[str]:
    """The text of each top numbered item, in order, its wrapped lines joined."""
    items: list[list[str]] = []
    current: list[str] | None = None
    expected = 1
    skipping = False
    for line in (text or "").splitlines():
        if _END.match(line):
            break
        heading = _ROMAN_HEADING.match(line)
        if heading:
            current, expected = None, 1
            skipping = bool(_NOT_TASKS.search(heading["title"]))
            continue
        item = _ITEM.match(line)
        if item and int(item["num"]) in (expected, 1):
            expected = int(item["num"]) + 1
            if skipping:
                current = None
                continue
            current = [item["rest"]]
            items.append(current)
            continue
        if current is not None and line.strip():
            current.append(line.strip())
    return [t for t in (_join(lines) for lines in items) if t]


def suggest_tasks(text: str, *, doc_date: date | None = None, subject: str = "") -> list[dict]:
    """Task dicts (text, deadline, recurrence, schedule, period_start, period_end) from plain text."""
    return [_with_period(_suggest_one(item), doc_date, subject) for item in numbered_items(text)]


def _section_text(section) -> str:
    parts = [section.title, *section.paragraphs]
    for child in section.children:
        parts.append(_section_text(child))
    return " ".join(" ".join(p for p in parts if p).split())


def _level2_texts(sections) -> list[str]:
    out: list[str] = []
    for s in sections:
        if s.level == 1:
            if not _NOT_TASKS.search(s.title):
                out += _level2_texts(s.children)
        elif s.level == 2:
            text = _section_text(s)
            if text:
                out.append(text)
    return out


def _with_period(task: dict, doc_date: date | None, subject: str) -> dict:
    if task["recurrence"] and (task.get("period_start") is None or task.get("period_end") is None):
        start, end = default_period(
            schedule=task["schedule"], deadline=task["deadline"], doc_date=doc_date,
            text=f"{task['text']} {subject}",
        )  # fmt: skip
        task["period_start"], task["period_end"] = start, end
    return task


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def suggest_from_document(document) -> list[dict]:
    """Suggested task dicts for an issued document (documents.Document): one per level-2 section of its
    body (or numbered item of its plain text); a task the reader found inside a section lends that
    section its deadline, one found elsewhere is added."""
    subject = document.subject or ""
    texts = _level2_texts(document.sections)
    if texts:
        out = [_suggest_one(t) for t in texts]
    else:
        out = [_suggest_one(t) for t in numbered_items("\n".join([document.opening, document.closing]))]
    for t in document.tasks:
        if not t.text.strip():
            continue
        found = {"deadline": t.deadline, "recurrence": t.recurrence, "schedule": dict(t.schedule)}
        host = next((o for o in out if _fold(t.text) in _fold(o["text"])), None)
        if host is None:
            out.append({"text": " ".join(t.text.split()), **found, "period_start": None, "period_end": None})
        elif t.deadline or t.recurrence:
            host.update(found)
    return [_with_period(o, document.date, subject) for o in out]


def _suggest_one(text: str) -> dict:
    found = detect_deadline(text)
    return {
        "text": text,
        "deadline": found.get("deadline"),
        "recurrence": found.get("recurrence", ""),
        "schedule": found.get("schedule", {}),
        "period_start": None,
        "period_end": None,
    }
