"""Import past study events, outreach items and training courses from .xlsx/.csv.

The same wizard as members and units (lamtheo.imports): every row checked and shown before anything is
saved, then all rows saved in one transaction or none, through the app's own services (so every row is
scoped, checked and audited like one typed in a form). A row that matches a record already there (same
unit, day, kind and title, accents and case aside) is "unchanged": importing a file twice adds nothing.
A file without a unit-code column goes to the acting unit.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accounts.scoping import Actor
from audit.models import AuditEvent
from audit.services import record
from lamtheo.imports.registry import Importer, register
from lamtheo.lib.dates import parse_date, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.lists import format_number
from lamtheo.lib.spreadsheet import (
    Field,
    ImportPreview,
    Issue,
    Sheet,
    cell_text,
    match_header,
    row_is_blank,
    save_all_or_nothing,
)
from lamtheo.lib.text import fold
from org.models import Unit

from . import services
from .models import AttendanceMode, EventKind, OutreachChannel, OutreachItem, StudyEventHost, TrainingCourse

UNIT = Field("unit_code", "Mã đơn vị", ("Mã công đoàn", "Mã CĐCS", "Mã"), kind="string", width=14,
             note="Mã của đơn vị tổ chức; để trống cột này: đơn vị đang làm việc.")  # fmt: skip


@dataclass
class RecordRow:
    """One valid row: what it will create (or that it is there already)."""

    row: int
    unit: Unit
    values: dict[str, Any]
    action: str  # "create" or "unchanged"

    @property
    def action_label(self) -> str:
        return "Thêm mới" if self.action == "create" else "Đã có, không đổi"


@dataclass(frozen=True)
class RecordKind:
    """How one kind of record is read from a row and written."""

    name: str
    title: str
    what: str  # in the audit summary: "hoạt động học tập"
    fields: tuple[Field, ...]
    parse: Callable[[Callable[[str], Any], Callable[[str, str], None]], dict[str, Any]]
    key: Callable[[int, dict[str, Any]], tuple]
    existing: Callable[[list[int]], set[tuple]]  # the keys already recorded for these units
    create: Callable[[Actor, Unit, dict[str, Any]], Any]
    columns: tuple[tuple[str, Callable[[RecordRow], Any]], ...]
    instructions: tuple[str, ...] = ()


def _choice(label: str, choices, text: str, error) -> str | None:
    wanted = fold(text)
    for value, shown in choices:
        if wanted in (fold(shown), fold(value)):
            return value
    error(label, f"“{text}” không phải một giá trị của cột này ({', '.join(s for _, s in choices)}).")
    return None


def _day(label: str, value: Any, error, *, required: bool = True) -> date | None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        if required:
            error(label, "Chưa nhập ngày.")
        return None
    try:
        day = parse_date(value)
    except ServiceError as exc:
        error(label, exc.message)
        return None
    if day > today():
        error(label, "Ngày không được sau ngày hôm nay (chỉ nhập hoạt động đã diễn ra).")
        return None
    return day


MAX_HEAD_COUNT = 1_000_000  # people at one event or course: more is a typing error


def _count(label: str, value: Any, error) -> int:
    text = cell_text(value).replace(".", "").replace(",", "").strip()
    if not text:
        return 0
    if not text.isdecimal():  # not isdigit(): '²' is a digit that int() refuses
        error(label, f"“{cell_text(value)}” không phải một số người.")
        return 0
    if int(text) > MAX_HEAD_COUNT:
        error(label, f"“{cell_text(value)}” người là quá lớn (tối đa {format_number(MAX_HEAD_COUNT)}).")
        return 0
    return int(text)


def _text(label: str, value: Any, error, *, required: bool = False, max_length: int = 400) -> str:
    text = cell_text(value)
    if required and not text:
        error(label, "Chưa nhập.")
    if len(text) > max_length:
        error(label, f"Dài quá {max_length} ký tự.")
    return text


# ------------------------------------------------------------------------------------ study events
EVENT_FIELDS = (
    UNIT,
    Field("held_on", "Ngày tổ chức", ("Ngày", "Thời gian"), kind="date", width=14, note="dd/mm/yyyy"),
    Field(
        "kind",
        "Hình thức",
        ("Loại hoạt động", "Hình thức tổ chức"),
        width=26,
        choices=tuple(label for _, label in EventKind.choices),
    ),  # fmt: skip
    Field("title", "Tên hoạt động", ("Nội dung", "Tên hội nghị", "Chủ đề"), width=44),
    Field(
        "member_count", "Số đoàn viên tham dự", ("Số đoàn viên", "Đoàn viên tham dự"), kind="number", width=14
    ),
    Field(
        "worker_count",
        "Số CNVCLĐ chưa là đoàn viên",
        ("Số CNVCLĐ", "Người lao động"),
        kind="number",
        width=14,
    ),
    Field("place", "Địa điểm", (), width=24),
    Field("note", "Ghi chú", (), width=24),
)


def _parse_event(get, error) -> dict[str, Any]:
    kind_text = _text("Hình thức", get("kind"), error, required=True)
    return {
        "held_on": _day("Ngày tổ chức", get("held_on"), error),
        "kind": _choice("Hình thức", EventKind.choices, kind_text, error) if kind_text else None,
        "title": _text("Tên hoạt động", get("title"), error, required=True),
        "member_count": _count("Số đoàn viên tham dự", get("member_count"), error),
        "worker_count": _count("Số CNVCLĐ chưa là đoàn viên", get("worker_count"), error),
        "place": _text("Địa điểm", get("place"), error, max_length=300),
        "note": _text("Ghi chú", get("note"), error, max_length=2000),
    }


def _event_keys(unit_ids: list[int]) -> set[tuple]:
    hosts = StudyEventHost.objects.filter(unit_id__in=unit_ids, live=True).values_list(
        "unit_id", "held_on", "kind", "event__title"
    )
    return {(u, d, k, fold(t)) for u, d, k, t in hosts}


def _create_event(actor: Actor, unit: Unit, v: dict[str, Any]):
    return services.record_event(
        actor, unit=unit, kind=v["kind"], title=v["title"], held_on=v["held_on"], mode=AttendanceMode.COUNTS,
        place=v["place"], note=v["note"], head_counts={unit.pk: (v["member_count"], v["worker_count"])},
    )  # fmt: skip


EVENTS = RecordKind(
    name="study_events",
    title="Hoạt động học tập (đã diễn ra)",
    what="hoạt động học tập",
    fields=EVENT_FIELDS,
    parse=_parse_event,
    key=lambda unit_id, v: (unit_id, v["held_on"], v["kind"], fold(v["title"])),
    existing=_event_keys,
    create=_create_event,
    columns=(
        ("Ngày", lambda r: r.values["held_on"]),
        ("Hình thức", lambda r: EventKind(r.values["kind"]).label),
        ("Tên hoạt động", lambda r: r.values["title"]),
        ("Đoàn viên", lambda r: r.values["member_count"]),
        ("CNVCLĐ", lambda r: r.values["worker_count"]),
    ),
    instructions=("Mỗi dòng là một hoạt động đã diễn ra; số người tham dự ghi bằng số lượng.",),
)


# --------------------------------------------------------------------------------- outreach items
OUTREACH_FIELDS = (
    UNIT,
    Field("on", "Ngày đăng", ("Ngày", "Ngày phát"), kind="date", width=14, note="dd/mm/yyyy"),
    Field(
        "channel",
        "Hình thức",
        ("Loại tin bài", "Kênh"),
        width=30,
        choices=tuple(label for _, label in OutreachChannel.choices),
    ),  # fmt: skip
    Field("title", "Tiêu đề", ("Tên tin bài", "Tên chương trình"), width=44),
    Field("link", "Đường dẫn", ("Link", "Liên kết"), width=30),
)


def _parse_outreach(get, error) -> dict[str, Any]:
    channel_text = _text("Hình thức", get("channel"), error, required=True)
    link = _text("Đường dẫn", get("link"), error, max_length=500)
    if link and not link.lower().startswith(("http://", "https://")):
        error("Đường dẫn", "Đường dẫn phải bắt đầu bằng http:// hoặc https://.")
    return {
        "on": _day("Ngày đăng", get("on"), error),
        "channel": _choice("Hình thức", OutreachChannel.choices, channel_text, error)
        if channel_text
        else None,
        "title": _text("Tiêu đề", get("title"), error, required=True),
        "link": link,
    }


def _outreach_keys(unit_ids: list[int]) -> set[tuple]:
    rows = OutreachItem.objects.filter(unit_id__in=unit_ids, deleted_at__isnull=True).values_list(
        "unit_id", "on", "channel", "title"
    )
    return {(u, d, c, fold(t)) for u, d, c, t in rows}


OUTREACH = RecordKind(
    name="outreach_items",
    title="Tin, bài, chương trình tuyên truyền",
    what="tin, bài tuyên truyền",
    fields=OUTREACH_FIELDS,
    parse=_parse_outreach,
    key=lambda unit_id, v: (unit_id, v["on"], v["channel"], fold(v["title"])),
    existing=_outreach_keys,
    create=lambda actor, unit, v: services.create_outreach_item(
        actor, unit=unit, channel=v["channel"], on=v["on"], title=v["title"], link=v["link"]
    ),
    columns=(
        ("Ngày", lambda r: r.values["on"]),
        ("Hình thức", lambda r: OutreachChannel(r.values["channel"]).label),
        ("Tiêu đề", lambda r: r.values["title"]),
    ),
)


# ------------------------------------------------------------------------------- training courses
TRAINING_FIELDS = (
    UNIT,
    Field("title", "Tên lớp tập huấn", ("Tên lớp", "Chủ đề", "Nội dung tập huấn"), width=44),
    Field("on", "Từ ngày", ("Ngày khai giảng", "Ngày bắt đầu"), kind="date", width=14, note="dd/mm/yyyy"),
    Field(
        "ends_on",
        "Đến ngày",
        ("Ngày kết thúc", "Ngày bế giảng"),
        kind="date",
        width=14,
        note="dd/mm/yyyy; để trống: cùng ngày bắt đầu.",
    ),  # fmt: skip
    Field("place", "Địa điểm", (), width=24),
    Field("trainers", "Giảng viên", ("Báo cáo viên",), width=24),
    Field(
        "participant_count", "Số học viên", ("Số người tham dự", "Số lượng học viên"), kind="number", width=12
    ),
)


def _parse_training(get, error) -> dict[str, Any]:
    start = _day("Từ ngày", get("on"), error)
    end = _day("Đến ngày", get("ends_on"), error, required=False) or start
    if start and end and end < start:
        error("Đến ngày", "Ngày kết thúc trước ngày bắt đầu.")
    return {
        "title": _text("Tên lớp tập huấn", get("title"), error, required=True),
        "on": start,
        "ends_on": end,
        "place": _text("Địa điểm", get("place"), error, max_length=300),
        "trainers": _text("Giảng viên", get("trainers"), error, max_length=400),
        "participant_count": _count("Số học viên", get("participant_count"), error),
    }


def _training_keys(unit_ids: list[int]) -> set[tuple]:
    rows = TrainingCourse.objects.filter(unit_id__in=unit_ids, deleted_at__isnull=True).values_list(
        "unit_id", "on", "title"
    )
    return {(u, d, fold(t)) for u, d, t in rows}


TRAINING = RecordKind(
    name="training_courses",
    title="Lớp tập huấn",
    what="lớp tập huấn",
    fields=TRAINING_FIELDS,
    parse=_parse_training,
    key=lambda unit_id, v: (unit_id, v["on"], fold(v["title"])),
    existing=_training_keys,
    create=lambda actor, unit, v: services.create_training_course(
        actor,
        unit=unit,
        title=v["title"],
        on=v["on"],
        ends_on=v["ends_on"],
        place=v["place"],
        trainers=v["trainers"],
        participant_count=v["participant_count"],
    ),  # fmt: skip
    columns=(
        ("Từ ngày", lambda r: r.values["on"]),
        ("Tên lớp", lambda r: r.values["title"]),
        ("Học viên", lambda r: r.values["participant_count"]),
    ),
)


# ------------------------------------------------------------------------------------ the import
@dataclass
class RecordImportPreview(ImportPreview[RecordRow]):
    kind: str = ""
    skipped: list[int] = field(default_factory=list)


def _units_by_code(actor: Actor, codes: set[str]) -> dict[str, Unit]:
    wanted = {variant for c in codes for variant in (c, c.upper(), c.lower())}  # codes as people type them
    found = Unit.objects.visible_to(actor).filter(code__in=wanted)
    return {u.code.casefold(): u for u in found}


def preview_records(kind: RecordKind, actor: Actor, sheet: Sheet) -> RecordImportPreview:
    """Check every row of the sheet; save nothing."""
    result = RecordImportPreview(filename=sheet.filename, kind=kind.name)
    header = match_header(sheet, kind.fields)
    result.errors.extend(header.issues)
    for title in header.unknown:
        result.warnings.append(Issue(sheet.row_number(header.row_index), title, "Cột này không được đọc."))
    needed = [f for f in kind.fields if f.key in ("title", "held_on", "on")]
    for f in needed:
        if not header.has(f.key):
            result.errors.append(Issue(None, f.title, f"Tệp thiếu cột “{f.title}”."))
    if result.errors:
        return result
    acting = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    data = [(i, row) for i, row in enumerate(sheet.rows) if i > header.row_index and not row_is_blank(row)]
    result.data_rows = len(data)

    def getter(row):
        return lambda key: (
            row[header.columns[key]] if header.has(key) and header.columns[key] < len(row) else None
        )

    codes = {cell_text(getter(row)("unit_code")) for _, row in data} - {""}
    units = _units_by_code(actor, codes)
    drafts: list[tuple[int, Unit, dict[str, Any]]] = []
    for i, row in data:
        number = sheet.row_number(i)
        errors: list[Issue] = []

        def error(column: str, message: str, number=number, errors=errors) -> None:
            errors.append(Issue(number, column, message))

        get = getter(row)
        code = cell_text(get("unit_code"))
        unit = units.get(code.casefold()) if code else acting
        if unit is None:
            error(
                UNIT.title,
                f"Không có đơn vị mã “{code}” trong phạm vi của bạn." if code else "Chưa có đơn vị.",
            )
        values = kind.parse(get, error)
        if errors:
            result.errors.extend(errors)
        else:
            drafts.append((number, unit, values))
    existing = kind.existing(list({u.pk for _, u, _ in drafts}))
    seen: dict[tuple, int] = {}
    for number, unit, values in drafts:
        key = kind.key(unit.pk, values)
        if key in seen:
            result.errors.append(Issue(number, "", f"Trùng với dòng {seen[key]} của tệp."))
            continue
        seen[key] = number
        result.rows.append(RecordRow(number, unit, values, "unchanged" if key in existing else "create"))
    return result


def save_records(kind: RecordKind, actor: Actor, sheet: Sheet) -> RecordImportPreview:
    """Check again, then create every new row in one transaction, or nothing."""

    def save(actor: Actor, result: RecordImportPreview) -> None:
        for r in result.rows:
            if r.action != "create":
                continue
            try:
                kind.create(actor, r.unit, r.values)
            except ServiceError as exc:
                raise ServiceError(f"Dòng {r.row}: {exc.message} Chưa lưu dòng nào.", field="file") from exc
        unit_id = actor.unit_id or (result.rows[0].unit.pk if result.rows else None)
        record(actor, action=AuditEvent.Action.IMPORT, model=f"study.{kind.name}", object_id=sheet.filename[:64],
               unit_id=unit_id, after=result.counts(), summary=result.saved_summary(kind.what))  # fmt: skip

    return save_all_or_nothing(actor, sheet, preview=lambda a, s: preview_records(kind, a, s), save=save)


def register_importers() -> None:
    for order, kind in enumerate((EVENTS, OUTREACH, TRAINING), start=40):
        register(
            Importer(
                name=kind.name.replace("_", "-"),
                title=kind.title,
                template_filename=f"mau-nhap-{kind.name.replace('_', '-')}.xlsx",
                fields=kind.fields,
                instructions=kind.instructions,
                preview=lambda actor, sheet, kind=kind: preview_records(kind, actor, sheet),
                save=lambda actor, sheet, kind=kind: save_records(kind, actor, sheet),
                columns=(("Đơn vị", lambda r: r.unit.name), *kind.columns),
                done_url={
                    "study_events": "study:event_list",
                    "outreach_items": "study:outreach_list",
                    "training_courses": "study:course_list",
                }[kind.name],  # fmt: skip
                order=order,
            )
        )
