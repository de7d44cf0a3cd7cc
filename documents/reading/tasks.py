"""Tasks: what a directive asks of its recipients, with deadlines read from the text.

- A công văn without Roman headings (S000, S001): each numbered item is one task.
- Other directive kinds: each sentence with a deadline phrase is a task.
Deadline grammar: "năm 2021 hoàn thành vào Quý III, các năm còn lại hoàn thành trong Quý I" (a yearly
schedule bounded by the plan's period, S003); "Quý II: …", "hoàn thành trong Quý I" (quarter end);
"trước ngày 15/6/2026" (that date); "trong tháng 5/2024" (month end); "trong báo cáo 6 tháng và năm"
(half-yearly, no fixed deadline, S004).
"""

import re
from collections.abc import Iterable
from datetime import date, timedelta

from ..fields import Section, Task
from ..kinds import DIRECTIVE_KINDS, DocumentKind
from .body import walk
from .dates import date_from_match, make_date, month_end, quarter_end, quarter_number

_Q = r"(?:quý|Quý|QUÝ)\s+(?P<{name}>IV|I{{1,3}}|[1-4])\b"
_YEAR = r"(?:19|20)\d\d"
SPLIT_RE = re.compile(
    rf"năm\s+(?P<y>{_YEAR})[^.;()]{{0,40}}?{_Q.format(name='q1')}[^.;)]{{0,60}}?[,;]\s*"
    rf"(?:các|những)\s+năm\s+(?:còn lại|tiếp theo|sau)[^.;()]{{0,40}}?{_Q.format(name='q2')}",
    re.IGNORECASE,
)
QUARTER_LEAD_RE = re.compile(
    rf"^(?:[-+•–]\s*)?{_Q.format(name='q')}(?:\s*(?:năm|/)\s*(?P<y>{_YEAR}))?\s*[:.\-–]"
)
QUARTER_RE = re.compile(
    rf"(?:hoàn thành|xong|trước|trong|vào|chậm nhất|cuối)\s+(?:(?:vào|trong|trước|cuối|là)\s+)?"
    rf"{_Q.format(name='q')}(?:\s*(?:năm|/)\s*(?P<y>{_YEAR}))?",
    re.IGNORECASE,
)
DATE_DEADLINE_RE = re.compile(
    r"(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không quá|hoàn thành (?:trong|vào))\s+(?:ngày\s+)?"
    rf"(?:(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})(?:\s*[/.-]\s*(?P<y>{_YEAR}))?(?![\d/])"
    rf"|(?P<d2>\d{{1,2}})\s+tháng\s+(?P<m2>\d{{1,2}})(?:\s+năm\s+(?P<y2>{_YEAR}))?)",
    re.IGNORECASE,
)
MONTH_RE = re.compile(
    rf"(?P<how>trước|trong|chậm nhất(?:\s+là)?)\s+tháng\s+(?P<m>\d{{1,2}})(?:\s*(?:năm|/)\s*(?P<y>{_YEAR}))?"
    r"(?![\d/])",
    re.IGNORECASE,
)
HALF_YEARLY_RE = re.compile(
    r"báo cáo[^.;]{0,80}?(?:6|sáu) tháng|(?:định kỳ|hằng|hàng)\s+(?:6|sáu) tháng[^.;]{0,80}?báo cáo",
    re.IGNORECASE,
)
QUARTERLY_RE = re.compile(
    r"báo cáo[^.;]{0,60}?(?:hằng|hàng)\s+quý|báo cáo quý|(?:hằng|hàng)\s+quý[^.;]{0,80}?báo cáo",
    re.IGNORECASE,
)
YEARLY_RE = re.compile(
    r"báo cáo[^.;]{0,60}?(?:hằng|hàng)\s+năm|(?:hằng|hàng)\s+năm[^.;]{0,80}?báo cáo", re.IGNORECASE
)
PERIOD_RE = re.compile(rf"giai đoạn\s+(?P<a>{_YEAR})\s*[-–—]\s*(?P<b>{_YEAR})", re.IGNORECASE)
_LOOSE_PERIOD_RE = re.compile(rf"(?<![\d/])(?P<a>{_YEAR})\s*[-–—]\s*(?P<b>{_YEAR})(?![\d/])")
_YEAR_IN_TEXT_RE = re.compile(rf"năm\s+(?P<y>{_YEAR})")
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"”’)]?\s+")
_BULLET_RE = re.compile(r"^(?:[-+•–]\s*)+")


def find_period(*texts: str) -> tuple[int, int] | None:
    """The plan's period: 'giai đoạn 2021-2025', '2021 -2025'."""
    for regex in (PERIOD_RE, _LOOSE_PERIOD_RE):
        for text in texts:
            m = regex.search(text or "")
            if m and 0 < int(m["b"]) - int(m["a"]) <= 10:
                return int(m["a"]), int(m["b"])
    return None


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in _SENTENCE_END_RE.finditer(text):
        nxt = text[m.end() : m.end() + 1]
        token = text[start : m.start()].rsplit(" ", 1)[-1]
        if nxt and (nxt.isupper() or nxt in '“"(-+') and not (len(token) <= 2 and token.isupper()):
            out.append(text[start : m.end()].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _year(explicit: str | None, sentence: str, default: int | None) -> int | None:
    if explicit:
        return int(explicit)
    m = _YEAR_IN_TEXT_RE.search(sentence)
    return int(m["y"]) if m else default


def analyse(sentence: str, year: int | None, period: tuple[int, int] | None) -> Task | None:
    """A Task when the sentence carries a deadline or a reporting period; None otherwise."""
    task = Task(text=_BULLET_RE.sub("", sentence).strip())
    m = SPLIT_RE.search(sentence)
    if m:
        first_year, q1, q2 = int(m["y"]), quarter_number(m["q1"]), quarter_number(m["q2"])
        task.deadline = quarter_end(first_year, q1)
        task.recurrence = "yearly"
        task.schedule = {str(first_year): task.deadline.isoformat()}
        if period:
            for y in range(period[0], period[1] + 1):
                if y != first_year:
                    task.schedule[str(y)] = quarter_end(y, q2).isoformat()
        task.schedule["other"] = f"Q{q2}"
        return task
    task.deadline = _deadline(sentence, year)
    if HALF_YEARLY_RE.search(sentence):
        task.recurrence = "half_yearly"
    elif QUARTERLY_RE.search(sentence):
        task.recurrence = "quarterly"
    elif YEARLY_RE.search(sentence):
        task.recurrence = "yearly"
    return task if task.deadline or task.recurrence else None


def _deadline(sentence: str, year: int | None) -> date | None:
    m = QUARTER_LEAD_RE.match(sentence) or QUARTER_RE.search(sentence)
    if m:
        y = _year(m["y"], sentence, year)
        return quarter_end(y, quarter_number(m["q"])) if y else None
    m = DATE_DEADLINE_RE.search(sentence)
    if m:
        found = date_from_match(m) if (m["y"] or m["y2"]) else None
        if found is None and year:
            found = make_date(year, m["m"] or m["m2"], m["d"] or m["d2"])
        if found:
            return found
    m = MONTH_RE.search(sentence)
    if m:
        y = _year(m["y"], "", year)
        month = int(m["m"])
        if y and 1 <= month <= 12:
            if m["how"].lower() == "trước":
                return date(y, month, 1) - timedelta(days=1)
            return month_end(y, month)
    return None


def _section_text(section: Section) -> str:
    parts = [section.title, *section.paragraphs]
    parts.extend(_section_text(child) for child in section.children)
    return " ".join(p for p in parts if p)


def _units(sections: Iterable[Section]) -> Iterable[str]:
    for s in walk(list(sections)):
        yield s.title
        yield from s.paragraphs


def extract_tasks(
    *, kind: str, sections: list[Section], closing: str, doc_date: date | None, period: tuple[int, int] | None
) -> list[Task]:
    if kind and kind not in DIRECTIVE_KINDS:
        return []
    year = doc_date.year if doc_date else (period[0] if period else None)
    tasks: list[Task] = []
    units: list[str] = []
    letter = kind == DocumentKind.CONG_VAN and sections and all(s.level >= 2 for s in sections)
    if letter:
        for section in sections:
            text = _section_text(section)
            found = [t for t in (analyse(s, year, period) for s in sentences(text)) if t]
            task = found[0] if found else Task(text="")
            task.text = text
            tasks.append(task)
    else:
        units.extend(_units(sections))
    units.extend(closing.split("\n") if closing else [])
    for unit in units:
        for sentence in sentences(unit):
            found_task = analyse(sentence, year, period)
            if found_task:
                tasks.append(found_task)
    return tasks
