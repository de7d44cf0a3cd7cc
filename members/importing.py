"""Import members (đoàn viên) from a spreadsheet: validate every row, preview, then save all or nothing.

preview_members() reads nothing but the database and returns a MemberImportPreview listing every bad
row (row number as the spreadsheet shows it, column title, Vietnamese reason) and what saving would do.
save_members() re-validates inside one transaction and refuses (ServiceError) while any error remains.

Matching an existing member (so importing the same file twice adds nobody):
1. by Số CCCD when the row has one (the same person must then have the same folded name and, where both
   are known, the same birth date: otherwise the row is an error);
2. else (or when that CCCD is not on file) by (đơn vị, folded họ và tên, ngày sinh) among current
   members without a CCCD or with the same one.
A matched member is updated with the non-empty cells that differ (an empty cell never erases a value;
names are identity and are not changed by an import); a different Mã đơn vị transfers them from today.
"""

import functools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.scoping import Actor
from audit.models import AuditEvent
from audit.services import record, record_many, snapshot
from lamtheo.imports.registry import Importer
from lamtheo.lib.dates import OPEN_END, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import (
    Field,
    HeaderMatch,
    ImportPreview,
    Issue,
    Sheet,
    cell_text,
    collector_paused,
    match_header,
    save_all_or_nothing,
)
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import fold, nfc, person_sort_key
from org.models import Unit

from . import import_jobs
from .import_values import number_text, parse_birth, parse_day, restore_id_number, restore_phone
from .models import Gender, Member, Membership
from .services import derived_names, fill_derived, search_text_of, transfer_members
from .validation import MIN_JOIN_AGE, birthday, check_dates, clean_id_number, clean_phone, id_number_warnings

KIND = "members"
CHUNK = 900  # below SQLite's historical 999 bound variables

GENDER_CHOICES = (Gender.MALE.label, Gender.FEMALE.label)

_BIRTH_PARENTS = ("Năm sinh", "Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày")
FIELDS = (
    Field("full_name", "Họ và tên", ("Họ tên", "Họ và tên đoàn viên", "Tên đoàn viên", "Họ, tên", "Họ và tên khai sinh",
          "Họ tên đoàn viên", "Đoàn viên"), width=28,
          note="Hoặc dùng ba cột “Họ”, “Tên đệm”, “Tên”."),
    Field("family_name", "Họ", ("Họ và tên › Họ",), width=10),
    Field("middle_name", "Tên đệm", ("Tên lót", "Họ và tên › Tên đệm", "Chữ đệm"), width=14),
    Field("given_name", "Tên", ("Họ và tên › Tên", "Tên gọi"), width=10),
    Field("unit_code", "Mã đơn vị", ("Mã công đoàn cơ sở", "Mã CĐCS", "Mã đơn vị công đoàn", "Mã công đoàn"),
          kind="string", width=14,
          note="Mã công đoàn cơ sở hoặc nghiệp đoàn cơ sở nơi đoàn viên sinh hoạt; để trống: đơn vị đang chọn."),
    Field("unit_name", "Đơn vị", ("Tên đơn vị", "Tên công đoàn cơ sở", "Tên CĐCS", "Công đoàn cơ sở",
          "Tên công đoàn"), kind="string"),
    Field("gender", "Giới tính", ("Phái", "Nam/Nữ", "Nam, nữ", "Giới"), choices=GENDER_CHOICES, width=10),
    Field("birth_date", "Ngày sinh", ("Ngày tháng năm sinh", "Sinh ngày", "Năm sinh", "Ngày, tháng, năm sinh",
          "Ngày/tháng/năm sinh", "Ngày sinh (dd/mm/yyyy)"), kind="date", width=13,
          note="dd/mm/yyyy, hoặc chỉ năm sinh"),
    Field("birth_male", "Năm sinh › Nam", tuple(f"{p} › Nam" for p in _BIRTH_PARENTS)),
    Field("birth_female", "Năm sinh › Nữ", tuple(f"{p} › Nữ" for p in _BIRTH_PARENTS)),
    Field("ethnicity", "Dân tộc", width=12),
    Field("id_number", "Số CCCD", ("CCCD", "Số căn cước", "Số căn cước công dân", "Số CMND/CCCD",
          "Số CCCD/CMND", "CMND", "Số CMND", "Căn cước công dân", "Căn cước", "CCCD/CMND", "CMND/CCCD",
          "Căn cước công dân › Số", "CCCD › Số", "Số định danh cá nhân", "Số định danh", "Mã định danh",
          "Số CCCD/ĐDCN", "Căn cước công dân › Số CCCD"), kind="string", width=16,
          note="12 chữ số (hoặc 9 với CMND cũ); giữ dạng văn bản để không mất số 0 ở đầu."),
    Field("phone", "Số điện thoại", ("Điện thoại", "SĐT", "Số ĐT", "Di động", "Điện thoại di động", "ĐT",
          "ĐTDĐ", "Số di động", "Số điện thoại di động", "Điện thoại liên hệ", "Liên hệ"), kind="string",
          width=14, note="10 chữ số, bắt đầu bằng 0."),
    Field("joined_on", "Ngày vào công đoàn", ("Ngày gia nhập công đoàn", "Ngày kết nạp", "Ngày vào CĐ",
          "Ngày kết nạp công đoàn", "Ngày kết nạp đoàn viên", "Ngày vào Công đoàn Việt Nam",
          "Ngày gia nhập", "Ngày vào"), kind="date", width=14, note="dd/mm/yyyy"),
    Field("position", "Chức vụ", ("Chức vụ, nghề nghiệp", "Nghề nghiệp", "Chức danh", "Chức vụ/Chức danh",
          "Chức danh, nghề nghiệp", "Chức vụ, chức danh", "Công việc", "Vị trí công việc", "Chức vụ hiện nay"),
          width=22),
)  # fmt: skip
FIELD_BY_KEY = {f.key: f for f in FIELDS}
TEMPLATE_KEYS = (
    "full_name", "unit_code", "gender", "birth_date", "ethnicity", "id_number", "phone", "joined_on", "position",
)  # fmt: skip
INSTRUCTIONS = (
    "Hướng dẫn nhập danh sách đoàn viên",
    "Mỗi dòng của trang “Dữ liệu” là một đoàn viên; dòng 1 là dòng tiêu đề, giữ nguyên tên các cột.",
    "Bắt buộc: “Họ và tên” (hoặc ba cột “Họ”, “Tên đệm”, “Tên”) và “Mã đơn vị” (mã công đoàn cơ sở).",
    "Ngày ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1990. Giới tính: Nam hoặc Nữ.",
    "Số CCCD và số điện thoại để ở dạng văn bản (cột đã định dạng sẵn) để giữ số 0 ở đầu.",
    "Nhập lại cùng một tệp không tạo đoàn viên trùng: đoàn viên đã có được nhận ra theo số CCCD, "
    "hoặc theo đơn vị + họ tên + ngày sinh.",
    "Ô để trống không xóa dữ liệu đã có. Có thể lưu tệp dạng .csv (UTF-8, dấu phẩy hoặc chấm phẩy).",
)
# Columns of the members export that the import does not read (it reads "Mã đơn vị").
IGNORED_TITLES = ("STT", "TT", "Số thứ tự")
# Fields an import may set on an existing member (names are identity, never changed by an import).
UPDATABLE = ("gender", "birth_date", "birth_year", "ethnicity", "id_number", "phone", "joined_on", "position")


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    LABELS = {CREATE: "Thêm mới", UPDATE: "Cập nhật", UNCHANGED: "Không đổi"}


@dataclass(slots=True)
class MemberRow:
    """One valid row, ready to save."""

    row: int
    full_name: str
    unit: Unit
    data: dict[str, Any]  # PROFILE_FIELDS values from the file (names included)
    action: str = Action.CREATE
    existing: Member | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # for updates: field -> new value
    transfer: bool = False
    folded_name: str = field(default="", repr=False)  # fold(full_name), as the checks computed it

    @property
    def action_label(self) -> str:
        return "Chuyển đơn vị" if self.transfer else Action.LABELS[self.action]


@dataclass
class MemberImportPreview(ImportPreview[MemberRow]):
    kind = KIND
    import_event_id: int | None = None  # once saved: the import's audit event, which the new members point at


class _Draft:
    """A row being checked: parsed values and the problems found so far (a slotted class: one is made
    per row, 100,000 for a province's list)."""

    __slots__ = ("row", "full_name", "family_name", "middle_name", "given_name", "unit_code", "unit_name",
                 "values", "unit", "errors", "_folded")  # fmt: skip

    def __init__(self, row: int) -> None:
        self.row = row
        self.full_name = self.family_name = self.middle_name = self.given_name = ""
        self.unit_code = ""
        self.unit_name = ""  # the "Đơn vị" column's text, checked against the unit the row goes to
        self.values: dict[str, Any] = {}
        self.unit: Unit | None = None
        self.errors: list[Issue] = []
        self._folded: str | None = None

    @property
    def folded_name(self) -> str:
        """fold(full_name), computed once: the matching and the duplicate checks read it several times."""
        if self._folded is None:
            self._folded = fold(self.full_name)
        return self._folded

    def title(self, key: str) -> str:
        return FIELD_BY_KEY[key].title

    def error(self, key: str, message: str) -> None:
        self.errors.append(Issue(self.row, FIELD_BY_KEY[key].title, message))

    def warn(self, warnings: list[Issue], key: str, message: str) -> None:
        warnings.append(Issue(self.row, FIELD_BY_KEY[key].title, message))


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _parse_gender(text: str) -> str | None:
    folded = fold(text)
    for value, label in Gender.choices:
        if folded in (fold(label), value):
            return value
    return {"m": Gender.MALE, "f": Gender.FEMALE, "nu gioi": Gender.FEMALE, "nam gioi": Gender.MALE}.get(
        folded
    )


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_birth(value: Any, now: date) -> tuple[date | None, int | None]:
    born, year = parse_birth(value, now=now)
    check_dates(born, None, today=now)
    return born, year


def _read_joined(value: Any, now: date) -> date | None:
    joined = parse_day(value, now=now)
    check_dates(None, joined, today=now)
    return joined


def _is_plain_digits(value: Any, length: int) -> bool:
    """Text of exactly `length` ASCII digits: a CCCD or phone as most lists write it, nothing to clean."""
    return value.__class__ is str and len(value) == length and value.isdigit() and value.isascii()


class _RowReader:
    """Reads the data rows of one preview into drafts. Each field's column is looked up once, and each
    distinct cell of the columns whose values repeat down a list (dates, gender, position, ethnicity,
    unit) is read once: a list of 100,000 members has a few thousand distinct dates."""

    def __init__(self, header: HeaderMatch, warnings: list[Issue], now: date) -> None:
        self.columns = header.columns
        self.width = max(self.columns.values(), default=-1) + 1
        self.by_name = header.has("full_name")
        self.name_key = "full_name" if self.by_name else "given_name"
        self.warnings = warnings
        self.now = now
        self.texts: dict[tuple[str, Any], str] = {}
        self.read: dict[tuple[Any, type, Any], tuple[Any, str]] = {}
        self.genders: dict[str, str | None] = {}
        self.adult_on: dict[date, date] = {}
        self.limits = {key: _max_length(key) for key in ("full_name", "family_name", "middle_name", "given_name",
                                                          "ethnicity", "position")}  # fmt: skip

    def _cells(self, cells: list[Any]) -> dict[str, Any]:
        if len(cells) < self.width:
            cells = [*cells, *[""] * (self.width - len(cells))]
        return {key: cells[col] for key, col in self.columns.items()}

    def _text(self, key: str, value: Any) -> str:
        """cell_text of a column whose values repeat, once per distinct value."""
        cached = self.texts.get((key, value))
        if cached is None or value.__class__ is not str:  # 1, 1.0 and True are one key: only text is kept
            cached = cell_text(value)
            if value.__class__ is str:
                self.texts[(key, value)] = cached
        return cached

    def _once(self, read: Any, value: Any) -> tuple[Any, str]:
        """(read(value), "") or (None, the refusal), once per distinct cell."""
        key = (read, value.__class__, value)
        hit = self.read.get(key)
        if hit is None:
            try:
                hit = (read(value, self.now), "")
            except ServiceError as exc:
                hit = (None, exc.message)
            self.read[key] = hit
        return hit

    def row(self, cells: list[Any], row: int) -> _Draft:
        got = self._cells(cells)
        draft = _Draft(row)
        self._names(draft, got)
        if "unit_code" in got:
            draft.unit_code = self._text("unit_code", got["unit_code"]).upper()
        if "unit_name" in got:
            draft.unit_name = self._text("unit_name", got["unit_name"])
        gender = self._text("gender", got["gender"]) if "gender" in got else ""
        if gender:
            if gender not in self.genders:
                self.genders[gender] = _parse_gender(gender)
            parsed = self.genders[gender]
            if parsed is None:
                draft.error("gender", f"Giới tính “{gender}” không hợp lệ (Nam hoặc Nữ).")
            else:
                draft.values["gender"] = parsed
        self._dates(draft, got, gender)
        self._numbers(draft, got)
        for key in ("ethnicity", "position"):
            if key in got:
                text = self._text(key, got[key])
                if text:
                    draft.values[key] = text
        self._lengths(draft)
        return draft

    def _names(self, draft: _Draft, got: dict[str, Any]) -> None:
        full = cell_text(got["full_name"]) if self.by_name else ""
        if full:
            # cell_text is NFC with single spaces: split_full_name's words, without normalising again
            words = full.split(" ")
            draft.full_name = full
            if len(words) == 1:
                draft.given_name = full
            else:
                draft.family_name, draft.middle_name, draft.given_name = (
                    words[0],
                    " ".join(words[1:-1]),
                    words[-1],
                )
        else:
            draft.family_name = cell_text(got.get("family_name", ""))
            draft.middle_name = cell_text(got.get("middle_name", ""))
            draft.given_name = cell_text(got.get("given_name", ""))
            draft.full_name = " ".join(
                p for p in (draft.family_name, draft.middle_name, draft.given_name) if p
            )
        if not draft.given_name:
            draft.error(self.name_key, "Thiếu họ tên." if not draft.full_name else "Thiếu tên (cột “Tên”).")

    def _dates(self, draft: _Draft, got: dict[str, Any], gender: str) -> None:
        values = draft.values
        birth_key = "birth_date"
        birth_raw = got.get("birth_date", "")
        # The hand-made form: the birth year or date under "Năm sinh › Nam" or "› Nữ" gives the gender too.
        for key, gender_value in (("birth_male", Gender.MALE), ("birth_female", Gender.FEMALE)):
            raw = got.get(key, "")
            if raw == "" or _blank(raw):
                continue
            if birth_key != "birth_date" or not _blank(birth_raw):
                draft.error(key, "Năm sinh ghi ở cả hai cột Nam và Nữ.")
                break
            birth_key, birth_raw = key, raw
            if values.get("gender", gender_value) != gender_value:
                draft.error("gender", f"Giới tính “{gender}” khác cột “{draft.title(key)}”.")
            values["gender"] = gender_value
        birth, message = self._once(_read_birth, birth_raw)
        born = year = None
        if message:
            draft.error(birth_key, message)
        else:
            born, year = birth
            if born is not None:
                values["birth_date"] = born
            if year is not None:
                values["birth_year"] = year
        joined, message = self._once(_read_joined, got.get("joined_on", ""))
        if message:
            draft.error("joined_on", message)
        elif joined is not None:
            values["joined_on"] = joined
        if joined is None:
            return
        if born is not None:
            # Each date alone was checked when read: only the minimum age at joining is left.
            adult = self.adult_on.get(born)
            if adult is None:
                adult = self.adult_on[born] = birthday(born, MIN_JOIN_AGE)
            if joined >= adult:
                return
        elif not year:
            return
        else:
            born = date(year, 12, 31)  # the latest day of the year: never a false refusal
        try:
            check_dates(born, joined, today=self.now)
        except ServiceError as exc:
            draft.error("joined_on", exc.message)

    def _numbers(self, draft: _Draft, got: dict[str, Any]) -> None:
        values = draft.values
        if "id_number" in got:
            value = got["id_number"]
            if _is_plain_digits(value, 12):
                values["id_number"] = value  # the common case: nothing to clean or restore
            else:
                self._number(draft, "id_number", value, clean_id_number, restore_id_number)
        if "phone" in got:
            value = got["phone"]
            if _is_plain_digits(value, 10) and value[0] == "0":
                values["phone"] = value
            else:
                self._number(draft, "phone", value, clean_phone, restore_phone)
        if values.get("id_number"):
            for warning in id_number_warnings(values["id_number"], values.get("birth_date"),
                                              values.get("gender", "")):  # fmt: skip
                draft.warn(self.warnings, "id_number", warning)

    def _number(self, draft: _Draft, key: str, value: Any, clean: Any, restore: Any) -> None:
        if value.__class__ is float and value >= 0 and value.is_integer():
            digits, numeric = str(int(value)), True  # number_text of a numeric cell, the phones of most lists
        else:
            digits, numeric = number_text(value)
        digits, warning = restore(digits, numeric)
        if _is_plain_digits(digits, 12 if key == "id_number" else 10) and (
            key == "id_number" or digits[0] == "0"
        ):
            number = digits  # what clean() returns for it
        else:
            try:
                number = clean(digits)
            except ServiceError as exc:
                draft.error(key, exc.message)
                return
        if warning:
            draft.warn(self.warnings, key, warning)
        if number:
            draft.values[key] = number

    def _lengths(self, draft: _Draft) -> None:
        limits, values = self.limits, draft.values
        if (
            len(draft.full_name) > limits["full_name"]
            or len(draft.family_name) > limits["family_name"]
            or len(draft.middle_name) > limits["middle_name"]
            or len(draft.given_name) > limits["given_name"]
            or len(values.get("ethnicity", "")) > limits["ethnicity"]
            or len(values.get("position", "")) > limits["position"]
        ):
            _check_lengths(draft)


@functools.cache
def _max_length(name: str) -> int:
    return int(getattr(Member._meta.get_field(name), "max_length", 0) or 0)


def _check_lengths(draft: _Draft) -> None:
    """Longer than the database column: refuse (PostgreSQL would fail the whole save)."""
    name_parts = {"full_name": draft.full_name, "family_name": draft.family_name,
                  "middle_name": draft.middle_name, "given_name": draft.given_name}  # fmt: skip
    for key, value in name_parts.items():
        limit = _max_length(key)
        if len(value) > limit:
            column = "full_name" if draft.full_name and key != "full_name" else key
            draft.error(column, f"{FIELD_BY_KEY[key].title} quá dài (tối đa {limit} ký tự).")
            break
    for key in ("ethnicity", "position"):
        limit = _max_length(key)
        if len(draft.values.get(key, "")) > limit:
            draft.error(key, f"Quá dài (tối đa {limit} ký tự).")


def _resolve_units(
    actor: Actor, drafts: list[_Draft], unit: Unit | None = None, warnings: list[Issue] | None = None
) -> None:
    """Mã đơn vị → a grassroots unit, active today, inside the actor's subtree. An empty cell (or no
    such column) means `unit` (chosen in the wizard or given by --unit), else the actor's own unit when
    that is a grassroots union."""
    default_code = unit.code if unit is not None else ""
    if not default_code and actor.unit_id is not None and any(not d.unit_code for d in drafts):
        own = Unit.objects.filter(pk=actor.unit_id).only("code", "kind").first()
        default_code = own.code if own is not None and own.is_grassroots else ""
    codes = sorted({d.unit_code for d in drafts if d.unit_code} | ({default_code} if default_code else set()))
    units: dict[str, Unit] = {}
    visible: set[int] = set()
    for chunk in _chunks(codes):
        units.update({u.code: u for u in Unit.objects.filter(code__in=chunk)})
        if actor.is_system:
            visible.update(u.pk for u in units.values())
        else:
            visible.update(Unit.objects.visible_to(actor).filter(code__in=chunk).values_list("id", flat=True))
    on = today()
    for d in drafts:
        code = d.unit_code or default_code
        if not code:
            d.error(
                "unit_code", "Thiếu mã đơn vị: tệp không có cột “Mã đơn vị”, hãy chọn đơn vị nhận danh sách."
            )
            continue
        unit = units.get(code)
        if unit is None:
            d.error("unit_code", f"Mã đơn vị “{code}” không tồn tại.")
        elif unit.pk not in visible:
            d.error("unit_code", f"Đơn vị “{code}” nằm ngoài phạm vi quản lý của bạn.")
        elif not unit.is_grassroots:
            d.error("unit_code", f"“{unit.name}” ({code}) không phải công đoàn cơ sở hoặc nghiệp đoàn cơ sở.")
        elif not unit.is_active_on(on):
            d.error("unit_code", f"“{unit.name}” ({code}) đã ngừng hoạt động.")
        else:
            d.unit = unit
    _check_unit_names(drafts, warnings)


_ABBREVIATIONS = {"cdcs": "cong doan co so", "ndcs": "nghiep doan co so", "cd": "cong doan"}


def _unit_name_key(text: str) -> str:
    """A unit's name as lists write it: accents, case, punctuation and "CĐCS"/"CĐ" set aside."""
    words = "".join(ch if ch.isalnum() else " " for ch in fold(text)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def _names_unit(key: str, unit: Unit) -> bool:
    name = _unit_name_key(unit.name)
    return key in (name, _unit_name_key(unit.code)) or (len(key) >= 8 and (key in name or name in key))


def _check_unit_names(drafts: list[_Draft], warnings: list[Issue] | None = None) -> None:
    """A text "Đơn vị" column that names another union (by name or code) than the one the row goes to
    (the chosen union, or the row's Mã đơn vị) refuses the row: it would silently land in the wrong
    union. Text that names no union known here (a department, say) and does not match the row's union is
    a warning, once per distinct text."""
    texts = {d.unit_name for d in drafts if d.unit_name and d.unit is not None}
    if not texts:
        return
    keys = {t: _unit_name_key(t) for t in texts}
    wanted = set(keys.values())
    others: dict[str, Unit] = {}
    for unit in Unit.objects.only("id", "code", "name", "kind").order_by("-valid_to", "id"):
        for key in (_unit_name_key(unit.name), _unit_name_key(unit.code)):
            if key in wanted:
                others.setdefault(key, unit)
    verdict: dict[tuple[str, int], str] = {}  # "" fits, "other": names another union, "unknown"
    unknown: dict[tuple[str, int], list[_Draft]] = {}
    for d in drafts:
        if not d.unit_name or d.unit is None:
            continue
        pair = (d.unit_name, d.unit.pk)
        if pair not in verdict:
            key = keys[d.unit_name]
            other = others.get(key)
            if _names_unit(key, d.unit) or (other is not None and other.pk == d.unit.pk):
                verdict[pair] = ""
            else:
                verdict[pair] = "other" if other is not None else "unknown"
        if verdict[pair] == "other":
            other = others[keys[d.unit_name]]
            d.error("unit_name", f"Cột “Đơn vị” ghi “{d.unit_name}” ({other.code}), khác đơn vị nhận dòng này "
                                 f"“{d.unit.name}” ({d.unit.code}): hãy chọn đúng đơn vị, ghi cột “Mã đơn vị”, "
                                 "hoặc sửa cột “Đơn vị”.")  # fmt: skip
            d.unit = None  # neither matched nor counted as a duplicate in a union it is not going to
        elif verdict[pair] == "unknown":
            unknown.setdefault(pair, []).append(d)
    if warnings is None:
        return
    for (text, _unit_id), rows in unknown.items():
        first = rows[0]
        assert first.unit is not None
        more = f" (và {len(rows) - 1} dòng khác)" if len(rows) > 1 else ""
        first.warn(warnings, "unit_name", f"Cột “Đơn vị” ghi “{text}”{more}, không phải tên đơn vị nhận "
                                          f"“{first.unit.name}” ({first.unit.code}): các dòng này vẫn nhập vào "
                                          f"“{first.unit.name}”.")  # fmt: skip


def _same_birth(born_a: date | None, year_a: int | None, born_b: date | None, year_b: int | None) -> bool:
    """Compatible birth data: equal where both are known (a year alone agrees with a date of that year)."""
    if born_a is not None and born_b is not None:
        return born_a == born_b
    if year_a is not None and year_b is not None:
        return year_a == year_b
    return True


def _compatible(
    id_a: str, born_a: date | None, year_a: int | None, id_b: str, born_b: date | None, year_b: int | None
) -> bool:
    """Two records of one name in one union are one person when their CCCD and birth agree where both
    have them; without a CCCD on either side, a birth known on one side only is not enough."""
    if id_a and id_b:
        return id_a == id_b and _same_birth(born_a, year_a, born_b, year_b)
    if not _same_birth(born_a, year_a, born_b, year_b):
        return False
    if not (id_a or id_b):
        return (born_a is None and year_a is None) == (born_b is None and year_b is None)
    return True


def _same_person(member: Member, d: _Draft) -> bool:
    return fold(member.full_name) == d.folded_name and _same_birth(
        member.birth_date, member.birth_year, d.values.get("birth_date"), d.values.get("birth_year")
    )


def _all_of(values: list[str]) -> Any:
    """The right side of `__in` for every value in one query parameter, however many they are: a JSON
    array read by json_each on SQLite, an array on PostgreSQL (a CCCD is looked up across the country,
    so a province's list asks for 100,000 of them)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", (values,))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(values),))
    return values


def _match(actor: Actor, drafts: list[_Draft]) -> dict[int, Member]:
    """Existing member for each draft row (row number → member); adds errors for clashes."""
    ids = sorted({d.values["id_number"] for d in drafts if d.values.get("id_number")})
    # "id_number <> ''" lets SQLite answer from the partial unique index (else it scans the table).
    with_id = ~Q(id_number="")
    by_id = {m.id_number: m for m in Member.objects.filter(with_id, id_number__in=_all_of(ids)).order_by()}
    visible_ids = {m.pk for m in by_id.values()}
    if not actor.is_system:
        visible_ids = {
            pk
            for chunk in _chunks(sorted(visible_ids))
            for pk in Member.objects.visible_to(actor).filter(pk__in=chunk).values_list("id", flat=True)
        }
    # (unit, folded name, birth date) -> [(member id, its CCCD)] for the current members of the file's units
    unit_ids = sorted({d.unit.id for d in drafts if d.unit is not None})
    by_key: dict[tuple[int, str], list[tuple[int, str, date | None, int | None]]] = {}
    names = {d.folded_name for d in drafts if d.full_name}
    for chunk in _chunks(unit_ids):
        for pk, unit_id, search_name, born, year, id_number in (
            Member.objects.current()
            .filter(unit_id__in=chunk)
            .values_list("id", "unit_id", "full_name", "birth_date", "birth_year", "id_number")
        ):
            folded = fold(search_name)
            if folded in names:
                by_key.setdefault((unit_id, folded), []).append((pk, id_number, born, year))

    matched: dict[int, Member] = {}
    wanted: dict[int, list[_Draft]] = {}
    for d in drafts:
        id_number = d.values.get("id_number", "")
        member = by_id.get(id_number) if id_number else None
        if member is not None:
            if member.archived_at is not None:
                d.error("id_number", f"Số CCCD “{id_number}” thuộc một đoàn viên đã thôi sinh hoạt; "
                                     "hãy khôi phục đoàn viên đó trước khi nhập.")  # fmt: skip
            elif member.pk not in visible_ids:
                d.error(
                    "id_number", f"Số CCCD “{id_number}” đã có ở một đoàn viên ngoài phạm vi quản lý của bạn."
                )
            elif not _same_person(member, d):
                born_on = f", sinh ngày {member.birth_date:%d/%m/%Y}" if member.birth_date else ""
                d.error(
                    "id_number",
                    f"Số CCCD “{id_number}” trùng với đoàn viên đã có “{member.full_name}”{born_on}.",
                )
            else:
                matched[d.row] = member
            continue
        if d.unit is None or not d.full_name:
            continue
        # Same unit, name and birth (a missing one agrees), and no other CCCD: the same person.
        born, year = d.values.get("birth_date"), d.values.get("birth_year")
        candidates = [
            pk
            for pk, other_id, other_born, other_year in by_key.get((d.unit.id, d.folded_name), [])
            if _compatible(id_number, born, year, other_id, other_born, other_year)
        ]
        if candidates:
            wanted.setdefault(candidates[0], []).append(d)
    for chunk in _chunks(sorted(wanted)):
        for member in Member.objects.filter(pk__in=chunk):
            for d in wanted[member.pk]:
                matched[d.row] = member
    return matched


def _check_duplicates(drafts: list[_Draft], matched: dict[int, Member]) -> None:
    """Two rows for one person: the same CCCD, the same member on file, or the same unit and name
    whose CCCD and birth agree where both rows have them (one row with a birth date and the other
    without is still the same person)."""
    seen_id: dict[str, int] = {}
    seen_name: dict[tuple[int, str], list[_Draft]] = {}
    seen_member: dict[int, int] = {}
    for d in drafts:
        id_number = d.values.get("id_number", "")
        if id_number:
            if id_number in seen_id:
                d.error("id_number", f"Số CCCD “{id_number}” trùng với dòng {seen_id[id_number]}.")
                continue
            seen_id[id_number] = d.row
        member = matched.get(d.row)
        if member is not None:
            if member.pk in seen_member:
                d.error("full_name" if d.full_name else "id_number",
                        f"Trùng đoàn viên “{member.full_name}” với dòng {seen_member[member.pk]}.")  # fmt: skip
                continue
            seen_member[member.pk] = d.row
        if d.unit is None or not d.full_name:
            continue
        key = (d.unit.id, d.folded_name)
        others = seen_name.get(key)
        if others is None:  # the common case: the first row of this name in this union
            seen_name[key] = [d]
            continue
        born, year = d.values.get("birth_date"), d.values.get("birth_year")
        for other in others:
            other_id = other.values.get("id_number", "")
            if not _compatible(id_number, born, year, other_id, other.values.get("birth_date"),
                               other.values.get("birth_year")):  # fmt: skip
                continue
            what = "cùng họ tên và số CCCD" if id_number or other_id else "cùng họ tên và ngày sinh"
            d.error("full_name", f"Trùng với dòng {other.row} ({what}, cùng đơn vị).")
            break
        else:
            others.append(d)


def _plan(d: _Draft, member: Member | None) -> MemberRow:
    data = d.values  # the draft is done with: its values become the row's, names added
    changes = (
        {k: data[k] for k in UPDATABLE if k in data and getattr(member, k) != data[k]}
        if member is not None
        else {}
    )
    data["family_name"], data["middle_name"], data["given_name"] = d.family_name, d.middle_name, d.given_name
    assert d.unit is not None
    row = MemberRow(row=d.row, full_name=d.full_name, unit=d.unit, data=data, existing=member,
                    folded_name=d.folded_name)  # fmt: skip
    if member is None:
        return row
    row.changes = changes
    row.transfer = member.unit_id != d.unit.pk
    row.action = Action.UPDATE if row.changes or row.transfer else Action.UNCHANGED
    return row


def preview_members(
    actor: Actor, sheet: Sheet, *, unit: Unit | None = None, progress: Any = None
) -> MemberImportPreview:
    """Check every row of `sheet` against the rules and the database; save nothing. Rows without a
    unit code go to `unit`, else to the actor's own grassroots union."""
    with collector_paused():
        return _preview(actor, sheet, unit=unit, progress=progress)


def _preview(actor: Actor, sheet: Sheet, *, unit: Unit | None, progress: Any) -> MemberImportPreview:
    preview = MemberImportPreview(filename=sheet.filename)
    header = match_header(sheet, FIELDS, ignore=IGNORED_TITLES)
    preview.start_from(sheet, header)
    if preview.errors:
        return preview  # read in a wrong encoding: nothing else is worth saying
    preview.errors.extend(header.issues)
    header_row = sheet.row_number(header.row_index)
    has_name = header.has("full_name") or header.has("given_name")
    if not has_name:
        preview.errors.append(Issue(header_row, "Họ và tên",
                              "Thiếu cột “Họ và tên” (hoặc các cột “Họ”, “Tên đệm”, “Tên”)."))  # fmt: skip
    if not header.has("unit_code") and unit is None and not _own_grassroots(actor):
        preview.errors.append(Issue(header_row, "Mã đơn vị",
                              "Tệp không có cột “Mã đơn vị”: hãy chọn đơn vị nhận danh sách."))  # fmt: skip
    for title in header.unknown:
        preview.warnings.append(Issue(header_row, title, f"Cột “{title}” không được dùng, bỏ qua."))
    if preview.errors:
        return preview

    drafts = []
    total = len(header.data_indices)
    reader = _RowReader(header, preview.warnings, today())
    rows = sheet.rows
    for n, index in enumerate(header.data_indices, start=1):
        drafts.append(reader.row(rows[index], sheet.row_number(index)))
        if progress is not None and n % 5000 == 0:
            progress(int(0.8 * n), total)  # reading the rows is most of the work; matching the rest
    preview.data_rows = len(drafts)
    if not drafts:
        preview.errors.append(
            Issue(None, "", f"Tệp “{sheet.filename}” không có dòng dữ liệu nào dưới dòng tiêu đề.")
        )
        return preview

    _resolve_units(actor, drafts, unit, preview.warnings)
    matched = _match(actor, drafts)
    _check_duplicates(drafts, matched)
    planned = {d.row: _plan(d, matched.get(d.row)) for d in drafts if not d.errors}
    _check_transfer_dates(planned, {d.row: d for d in drafts})
    if progress is not None:
        progress(total, total)
    order = {f.title: i for i, f in enumerate(FIELDS)}
    for d in drafts:
        if d.errors:
            preview.errors.extend(sorted(d.errors, key=lambda e: order.get(e.column, 99)))
        else:
            preview.rows.append(planned[d.row])
    return preview


def _own_grassroots(actor: Actor) -> bool:
    if actor.unit_id is None:
        return False
    own = Unit.objects.filter(pk=actor.unit_id).only("kind").first()
    return own is not None and own.is_grassroots


def _check_transfer_dates(planned: dict[int, MemberRow], drafts: dict[int, _Draft]) -> None:
    """A transfer starts today: the current membership must have started before today."""
    moving = {r.existing.pk: row for row, r in planned.items() if r.transfer and r.existing is not None}
    on = today()
    for chunk in _chunks(sorted(moving)):
        for member_id, since in Membership.objects.filter(
            member_id__in=chunk, valid_from__gte=on, valid_to__gt=on
        ).values_list("member_id", "valid_from"):
            drafts[moving[member_id]].error(
                "unit_code",
                f"Đoàn viên mới sinh hoạt ở đơn vị hiện tại từ ngày {since:%d/%m/%Y}: "
                "chưa thể chuyển đơn vị hôm nay.",
            )


def save_members(
    actor: Actor, sheet: Sheet, *, unit: Unit | None = None, only_valid: bool = False, progress: Any = None
) -> MemberImportPreview:
    """Validate again and save every row in one transaction; ServiceError while any row is bad, unless
    `only_valid` (the officer's explicit choice: the bad rows are left out, listed in the error file)."""
    with collector_paused():
        return save_all_or_nothing(
            actor, sheet, preview=lambda a, s: preview_members(a, s, unit=unit, progress=_first_half(progress)),
            save=lambda a, p: _save(a, p, progress=progress),
            conflict="Dữ liệu vừa bị thay đổi trong khi nhập (ví dụ một số CCCD vừa được thêm)",
            only_valid=only_valid,
        )  # fmt: skip


def _first_half(progress: Any) -> Any:
    """The save checks every row again first: that is the first half of its progress bar."""
    if progress is None:
        return None
    return lambda done, total: progress(done, 2 * total)


def _save(actor: Actor, preview: MemberImportPreview, progress: Any = None) -> None:
    """Members created by the import are recorded by its one audit event (file, counts; each new member
    points at it through Member.import_event); changes to members already on file keep an event each."""
    on = today()
    new_rows = [r for r in preview.rows if r.action == Action.CREATE]
    total = 2 * preview.data_rows
    if progress is not None:
        progress(preview.data_rows, total)
    transfers: dict[int, tuple[Unit, list[int]]] = {}
    for r in preview.rows:
        if r.transfer and r.existing is not None:
            transfers.setdefault(r.unit.pk, (r.unit, []))[1].append(r.existing.pk)
    event = record(
        actor,
        action=AuditEvent.Action.IMPORT,
        model="members.member",
        unit_id=actor.unit_id,
        after={
            **preview.counts(),
            "transferred": sum(len(ids) for _unit, ids in transfers.values()),
            **({"left_out": preview.error_rows} if preview.only_valid else {}),
        },
        summary=preview.saved_summary("đoàn viên")
        + (f"; {preview.error_rows} dòng lỗi không nhập" if preview.only_valid else ""),
    )
    preview.import_event_id = event.pk
    if new_rows:
        _insert_new_members(new_rows, event, on, progress=progress, done=preview.data_rows, total=total)

    events: list[dict[str, Any]] = []
    updated: list[Member] = []
    fields: set[str] = set()
    for r in preview.rows:
        if r.action != Action.UPDATE or not r.changes:
            continue
        if r.existing is None:
            continue
        member = r.existing
        before = snapshot(member, r.changes)
        for key, value in r.changes.items():
            setattr(member, key, value)
        fill_derived(member)
        fields.update(r.changes)
        updated.append(member)
        events.append({"action": AuditEvent.Action.UPDATE, "obj": member, "before": before,
                       "after": snapshot(member, r.changes), "summary": f"Nhập: sửa đoàn viên {member.full_name} (dòng {r.row})"})  # fmt: skip
    if updated:
        fields.update({"search_text", "sort_key", "full_name"})
        Member.objects.bulk_update(updated, sorted(fields), batch_size=500)
    record_many(actor, events)

    for unit, member_ids in transfers.values():
        transfer_members(actor, member_ids=member_ids, target=unit, on=on)
    if progress is not None:
        progress(total, total)


def _insert_rows(cursor: Any, table: str, columns: tuple[str, ...], insert: str, rows: list[tuple]) -> None:
    """PostgreSQL: COPY (executemany there costs a round trip a row); SQLite: executemany."""
    if connection.vendor == "postgresql":
        quote = connection.ops.quote_name
        with cursor.cursor.copy(f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        cursor.executemany(insert, rows)


_MEMBER_COLUMNS = (
    "unit_id", "family_name", "middle_name", "given_name", "full_name", "original_full_name", "gender",
    "birth_date", "birth_year", "ethnicity", "id_number", "phone", "joined_on", "position", "search_text",
    "sort_key", "archived_at", "created_at", "import_event_id",
)  # fmt: skip
_INSERT_CHUNK = 5000
_SORT_KEY = operator.itemgetter(_MEMBER_COLUMNS.index("sort_key"))


class _Adapted(dict):
    """value -> its database form, each distinct value adapted once (the dates of a list repeat)."""

    def __init__(self, adapt: Any) -> None:
        super().__init__()
        self.adapt = adapt

    def __missing__(self, value: Any) -> Any:
        adapted = self[value] = self.adapt(value)
        return adapted


def _search_text(row: MemberRow, full: str, id_number: str, phone: str) -> str:
    """services.search_text_of, from the folded name the checks made: the CCCD and the phone are ASCII
    digits, which fold leaves as they are."""
    if not row.folded_name or row.full_name != full:
        return search_text_of(full, id_number, phone)
    return " ".join(p for p in (row.folded_name, id_number, phone) if p)[:400]


def _insert_new_members(
    rows: list[MemberRow], event: AuditEvent, on: date, *, progress: Any, done: int, total: int
) -> None:
    """The new members and their first memberships, inserted with executemany (COPY on PostgreSQL): the
    values the ORM path (services.build_member) writes, derived by the same functions, without building
    a model per row. The rows were validated by the preview just before, in this transaction."""
    write_member_rows(member_values(rows, event.pk), event.pk, on, progress=progress, done=done, total=total)
    records_changed(Membership, {r.unit.pk for r in rows})


def member_values(rows: list[MemberRow], event_id: int) -> list[tuple[Any, ...]]:
    """The members_member rows (in _MEMBER_COLUMNS order) for new members, in name order (sort_key): the
    two indexes that lead with it then grow at one end instead of taking each row at a random place,
    which made the write of 100,000 rows twice as long."""
    ops = connection.ops
    created = ops.adapt_datetimefield_value(timezone.now())
    day = _Adapted(ops.adapt_datefield_value)
    day[None] = None
    values: list[tuple[Any, ...]] = []
    for r in rows:
        data = r.data
        family, middle, given = (
            data.get("family_name", ""),
            data.get("middle_name", ""),
            data.get("given_name", ""),
        )
        full = original = r.full_name  # NFC from the checks, and the parts' join
        if not (r.folded_name and full == " ".join(p for p in (family, middle, given) if p)):
            family, middle, given, full = derived_names(family, middle, given)  # not from the checks
            original = nfc(r.full_name)
        id_number, phone = data.get("id_number", ""), data.get("phone", "")
        born, joined = data.get("birth_date"), data.get("joined_on")
        values.append((
            r.unit.id, family, middle, given, full, original, data.get("gender", ""), day[born],
            born.year if born is not None else data.get("birth_year"), data.get("ethnicity", ""), id_number,
            phone, day[joined], data.get("position", ""), _search_text(r, full, id_number, phone),
            person_sort_key(family, middle, given)[:400], None, created, event_id,
        ))  # fmt: skip
    values.sort(key=_SORT_KEY)
    return values


def member_insert(table: str) -> str:
    """The INSERT of member_values' rows into `table` (quoted), for executemany."""
    quote = connection.ops.quote_name
    return (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in _MEMBER_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_MEMBER_COLUMNS))})"
    )


def write_member_rows(
    values: list[tuple[Any, ...]],
    event_id: int,
    on: date,
    *,
    progress: Any = None,
    done: int = 0,
    total: int = 0,
) -> None:
    """The database's part of an import: the member rows, then their first memberships, made by the
    database from the rows just written (no ids back to Python and out again): from the day of joining
    (else `on`), not before the union itself started. bench/import_members.py times it alone too."""
    ops = connection.ops
    quote = ops.quote_name
    table = quote(Member._meta.db_table)
    insert = member_insert(table)
    with connection.cursor() as cursor:
        for start in range(0, len(values), _INSERT_CHUNK):
            _insert_rows(cursor, table, _MEMBER_COLUMNS, insert, values[start : start + _INSERT_CHUNK])
            if progress is not None:
                progress(
                    done + int(0.8 * min(start + _INSERT_CHUNK, len(values)) * done / len(values)), total
                )
        memberships, units = quote(Membership._meta.db_table), quote(Unit._meta.db_table)
        greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
        member_id, unit_id, valid_from, valid_to = map(
            quote, ("member_id", "unit_id", "valid_from", "valid_to")
        )
        cursor.execute(
            f"INSERT INTO {memberships} ({member_id}, {unit_id}, {valid_from}, {valid_to}) "
            f"SELECT m.{quote('id')}, m.{unit_id}, {greatest}(COALESCE(m.{quote('joined_on')}, %s), u.{valid_from}), %s "
            f"FROM {table} m JOIN {units} u ON u.{quote('id')} = m.{unit_id} WHERE m.{quote('import_event_id')} = %s",
            [ops.adapt_datefield_value(on), ops.adapt_datefield_value(OPEN_END), event_id],
        )  # fmt: skip
        if cursor.rowcount != len(values):
            raise ServiceError(
                "Dữ liệu vừa bị thay đổi trong khi nhập: chưa lưu dòng nào, hãy xem trước lại."
            )


def as_fields(row: MemberRow) -> dict[str, Any]:
    """A valid row with the model's field names (the command's --json)."""
    data = row.data
    out: dict[str, Any] = {"full_name": row.full_name, "family_name": data.get("family_name", ""),
                           "middle_name": data.get("middle_name", ""), "given_name": data.get("given_name", ""),
                           "unit": row.unit.code}  # fmt: skip
    for key in (
        "gender",
        "birth_date",
        "birth_year",
        "ethnicity",
        "id_number",
        "phone",
        "joined_on",
        "position",
    ):
        if data.get(key) not in (None, ""):
            out[key] = data[key]
    if "birth_date" in out:
        out.pop("birth_year", None)  # the date says it
    if row.existing is not None:
        out["member_id"] = row.existing.pk
        out["changes"] = sorted(row.changes)
    if row.transfer:
        out["transfer"] = True
    return out


def template_fields() -> list[Field]:
    return [FIELD_BY_KEY[k] for k in TEMPLATE_KEYS]


IMPORTER = Importer(
    name=KIND,
    title="Đoàn viên",
    template_filename="mau-nhap-doan-vien.xlsx",
    fields=template_fields(),
    instructions=INSTRUCTIONS,
    preview=preview_members,
    save=save_members,
    columns=(
        ("Dòng", lambda r: r.row),
        ("Thao tác", lambda r: r.action_label),
        ("Họ và tên", lambda r: r.full_name),
        ("Đơn vị", lambda r: r.unit.name),
        ("Ngày sinh", lambda r: r.data.get("birth_date")),
        ("Số CCCD", lambda r: r.data.get("id_number")),
        ("Số điện thoại", lambda r: r.data.get("phone")),
    ),
    done_url="members:member_list",
    order=20,
    choose_unit=True,
    save_valid=True,
    extra={
        "job_kind": import_jobs.KIND,
        "background_rows": import_jobs.BACKGROUND_ROWS,
        "preview_job_kind": "imports.preview",
    },  # fmt: skip
    as_fields=lambda r: as_fields(r),
)

__all__ = [
    "FIELDS",
    "IMPORTER",
    "INSTRUCTIONS",
    "MemberImportPreview",
    "MemberRow",
    "preview_members",
    "save_members",
]
