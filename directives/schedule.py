"""Deadlines of tasks: occurrences of recurring tasks, schedule rules, and reading them from text.

A schedule maps a year (as a string) or "other" to a rule, for yearly tasks
({"2021": "2021-09-30", "other": "Q1"}: "năm 2021 hoàn thành vào Quý III, các năm còn lại hoàn thành
trong Quý I"), or "H1"/"H2" (half-yearly) and "Q1".."Q4" (quarterly) to a day of that period.
A rule is an ISO date, "Q1".."Q4" (end of the quarter), "H1"/"H2" (end of the half), "MM-DD" or "dd/mm".
"""

import calendar
import re
from datetime import date

from lamtheo.lib.dates import parse_date
from lamtheo.lib.errors import ServiceError

MAX_YEARS = 10
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_QUARTER_NAMES = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


def quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except ValueError:
        return None


def parse_vn_date(value: str) -> date | None:
    """A date as lamtheo.lib.dates.parse_date reads it; None when the text is not one."""
    try:
        return parse_date(value)
    except ServiceError:
        return None


def rule_date(rule: str, year: int) -> date:
    """The date a schedule rule gives in `year`. Raises ServiceError on a rule it cannot read."""
    rule = (rule or "").strip()
    full = parse_vn_date(rule)
    if full:
        return full
    m = re.fullmatch(r"[Qq]([1-4])", rule)
    if m:
        return quarter_end(year, int(m[1]))
    m = re.fullmatch(r"[Hh]([12])", rule)
    if m:
        return quarter_end(year, 2 * int(m[1]))
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", rule)  # MM-DD
    if m and (d := _safe_date(year, int(m[1]), int(m[2]))):
        return d
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", rule)  # dd/mm
    if m and (d := _safe_date(year, int(m[2]), int(m[1]))):
        return d
    raise ServiceError(f"Không đọc được thời hạn “{rule}”.", field="schedule")


def occurrences(
    *,
    deadline: date | None,
    recurrence: str,
    schedule: dict[str, str] | None,
    period_start: int | None,
    period_end: int | None,
) -> list[date | None]:
    """The due dates of a task: one for a one-off task, one per year / half / quarter otherwise."""
    schedule = {str(k): v for k, v in (schedule or {}).items()}
    if not recurrence:
        return [deadline]
    if period_start is None or period_end is None:
        raise ServiceError("Nhiệm vụ định kỳ cần có năm bắt đầu và năm kết thúc.", field="period")
    if period_end < period_start:
        raise ServiceError("Năm kết thúc phải sau năm bắt đầu.", field="period")
    if period_end - period_start + 1 > MAX_YEARS:
        raise ServiceError(f"Giai đoạn của nhiệm vụ định kỳ tối đa {MAX_YEARS} năm.", field="period")
    years = range(period_start, period_end + 1)
    if recurrence == "yearly":
        out: list[date | None] = []
        for y in years:
            rule = schedule.get(str(y)) or schedule.get("other")
            if rule:
                out.append(rule_date(rule, y))
            elif deadline:
                out.append(_safe_date(y, deadline.month, deadline.day))
            else:
                out.append(date(y, 12, 31))
        return out
    if recurrence == "half_yearly":
        return [rule_date(schedule.get(f"H{h}") or f"H{h}", y) for y in years for h in (1, 2)]
    if recurrence == "quarterly":
        return [rule_date(schedule.get(f"Q{q}") or f"Q{q}", y) for y in years for q in (1, 2, 3, 4)]
    raise ServiceError("Kiểu định kỳ không hợp lệ.", field="recurrence")


def default_period(
    *, schedule: dict[str, str] | None, deadline: date | None, doc_date: date | None, text: str = ""
) -> tuple[int | None, int | None]:
    """A period for a recurring task: 'giai đoạn 2021-2025' in the text, else the years named in the
    schedule, else the deadline's or the document's year."""
    m = re.search(r"giai\s+đoạn\s*((?:19|20)\d\d)\s*[-–—]\s*((?:19|20)\d\d)", text or "", re.IGNORECASE)
    if m:
        return int(m[1]), int(m[2])
    years = sorted(int(k) for k in (schedule or {}) if str(k).isdigit())
    if years:
        return years[0], years[-1]
    year = deadline.year if deadline else (doc_date.year if doc_date else None)
    return year, year


# --- the schedule as officers type and read it -------------------------------------------------------


def _rule_from_words(value: str) -> str:
    value = value.strip()
    d = parse_vn_date(value)
    if d:
        return d.isoformat()
    m = re.fullmatch(r"(?:quý|q)\s*(IV|I{1,3}|[1-4])", value, re.IGNORECASE)
    if m:
        q = m[1].upper()
        return f"Q{_ROMAN.get(q) or int(q)}"
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})", value)
    if m and _safe_date(2000, int(m[2]), int(m[1])):
        return f"{int(m[2]):02d}-{int(m[1]):02d}"
    raise ServiceError(
        f"Không đọc được thời hạn “{value}”: nhập ngày dd/mm/yyyy, dd/mm hoặc “Quý I”…“Quý IV”.",
        field="schedule",
    )


def parse_schedule_text(text: str) -> dict[str, str]:
    """'2021: 30/09/2021; khác: Quý I' -> {'2021': '2021-09-30', 'other': 'Q1'}."""
    out: dict[str, str] = {}
    for part in re.split(r"[;\n]+", text or ""):
        if not part.strip():
            continue
        key, sep, value = part.partition(":")
        if not sep:
            key, sep, value = part.partition("=")
        if not sep:
            raise ServiceError(
                f"Lịch thời hạn “{part.strip()}” cần dạng “năm: thời hạn”, ví dụ “2021: 30/09/2021”.",
                field="schedule",
            )
        key = re.sub(r"(?i)^\s*năm\s+", "", key).strip().lower()
        if key.isdigit() and len(key) == 4:
            out[key] = _rule_from_words(value)
        elif key in {"khác", "other", "còn lại", "các năm khác", "các năm còn lại"}:
            out["other"] = _rule_from_words(value)
        else:
            raise ServiceError(f"Không hiểu năm “{key}” trong lịch thời hạn.", field="schedule")
    return out


def _rule_words(rule: str) -> str:
    m = re.fullmatch(r"Q([1-4])", rule)
    if m:
        return _QUARTER_NAMES[int(m[1])]
    d = parse_vn_date(rule)
    if d:
        return d.strftime("%d/%m/%Y")
    m = re.fullmatch(r"(\d{1,2})-(\d{1,2})", rule)
    if m:
        return f"{int(m[2]):02d}/{int(m[1]):02d}"
    return rule


def format_schedule(schedule: dict[str, str] | None) -> str:
    """{'2021': '2021-09-30', 'other': 'Q1'} -> '2021: 30/09/2021; khác: Quý I' (parse_schedule_text's input)."""
    schedule = schedule or {}
    parts = [f"{k}: {_rule_words(v)}" for k, v in sorted(schedule.items()) if str(k).isdigit()]
    if schedule.get("other"):
        parts.append(f"khác: {_rule_words(schedule['other'])}")
    return "; ".join(parts)


# --- deadlines as the documents write them -----------------------------------------------------------

_YEAR_QUARTER = re.compile(
    r"năm\s+((?:19|20)\d\d)\s+hoàn\s+thành\s+(?:vào|trong)\s+quý\s+(IV|I{1,3})", re.IGNORECASE
)
_OTHER_QUARTER = re.compile(
    r"các\s+năm\s+(?:còn\s+lại|khác|tiếp\s+theo)\s+hoàn\s+thành\s+(?:vào|trong)\s+quý\s+(IV|I{1,3})",
    re.IGNORECASE,
)
_BEFORE_DATE = re.compile(
    r"(?:trước|chậm\s+nhất|hạn)\s+(?:ngày\s+)?(\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4})", re.IGNORECASE
)


def detect_deadline(text: str) -> dict:
    """Deadline fields read from a task's text: recurrence, schedule, deadline. Empty when none."""
    text = " ".join((text or "").split())
    years = {m[1]: f"Q{_ROMAN[m[2].upper()]}" for m in _YEAR_QUARTER.finditer(text)}
    other = _OTHER_QUARTER.search(text)
    if years or other:
        schedule = {y: rule_date(q, int(y)).isoformat() for y, q in years.items()}
        if other:
            schedule["other"] = f"Q{_ROMAN[other[1].upper()]}"
        return {"recurrence": "yearly", "schedule": schedule}
    if re.search(r"báo\s+cáo\s+6\s+tháng\s+và\s+(?:cả\s+)?năm|6\s+tháng\s+và\s+năm", text, re.IGNORECASE):
        return {"recurrence": "half_yearly"}
    if re.search(r"\b(?:hằng|hàng|mỗi|từng)\s+quý\b", text, re.IGNORECASE):
        return {"recurrence": "quarterly"}
    m = _BEFORE_DATE.search(text)
    if m and (d := parse_vn_date(re.sub(r"\s", "", m[1]))):
        return {"deadline": d}
    return {}


# --- naming the occurrences of a recurring task --------------------------------------------------------


def occurrence_label(
    *,
    recurrence: str,
    due_date: date | None,
    schedule: dict[str, str] | None = None,
    deadline: date | None = None,
    period_start: int | None = None,
    period_end: int | None = None,
) -> str:
    """What tells one occurrence of a recurring task from the others: "Báo cáo 6 tháng năm 2026" and
    "Báo cáo năm 2026" (half-yearly), "Quý II/2026" (quarterly), "Năm 2026" (yearly); "" for a one-off
    task. The position among the task's occurrences decides (a half-year's report may be due in July);
    a due date that is not one of them (moved earlier on relay) falls back on its month."""
    if not recurrence or due_date is None:
        return ""
    per_year = {"half_yearly": 2, "quarterly": 4, "yearly": 1}.get(recurrence)
    if per_year is None:
        return ""
    try:
        dues = occurrences(
            deadline=deadline, recurrence=recurrence, schedule=schedule,
            period_start=period_start, period_end=period_end,
        )  # fmt: skip
    except ServiceError:
        dues = []
    if due_date in dues and period_start is not None:
        index = dues.index(due_date)
        year, part = period_start + index // per_year, index % per_year
    else:
        year, part = due_date.year, (due_date.month - 1) * per_year // 12
    if recurrence == "half_yearly":
        return f"Báo cáo 6 tháng năm {year}" if part == 0 else f"Báo cáo năm {year}"
    if recurrence == "quarterly":
        return f"{_QUARTER_NAMES[part + 1]}/{year}"
    return f"Năm {year}"


def task_occurrence_label(task, due_date: date | None) -> str:
    """occurrence_label for a DirectiveTask (duck-typed: schedule knows no model)."""
    return occurrence_label(
        recurrence=task.recurrence, due_date=due_date, schedule=task.schedule, deadline=task.deadline,
        period_start=task.period_start, period_end=task.period_end,
    )  # fmt: skip
