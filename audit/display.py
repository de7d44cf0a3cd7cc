"""What an audit event's before/after values mean, in words an officer reads.

Events keep raw values (field attnames, ids, choice codes, ISO dates in UTC) so that they stay exact; this
module turns them into Vietnamese for the audit page: the field's label (the model's verbose_name, or
the label below for the keys services write beside model fields), related records by name with a link,
choices by their label, dates dd/mm/yyyy, times in the site's time zone (Asia/Ho_Chi_Minh), numbers
4.101. Names of related records are fetched once per kind of record for a whole page.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator

from lamtheo.lib.dates import OPEN_END

# Kinds of value a key can hold.
TEXT, DATE, DATETIME, NUMBER, BOOL = "text", "date", "datetime", "number", "bool"


@dataclass(frozen=True)
class Key:
    """What a key of before/after means: its label and its kind (a kind "ref:<model>" points to records)."""

    label: str
    kind: str = TEXT
    many: bool = False


def ref(model: str, label: str, many: bool = False) -> Key:
    return Key(label, f"ref:{model}", many)


# Keys that services write beside (or instead of) model fields, and model fields without a Vietnamese
# verbose_name. (model, key) first, then key alone.
KEYS: dict[str, Key] = {
    "unit": ref("org.unit", "Đơn vị"),
    "unit_id": ref("org.unit", "Đơn vị"),
    "parent": ref("org.unit", "Đơn vị cấp trên"),
    "child": ref("org.unit", "Đơn vị trực thuộc"),
    "merged": ref("org.unit", "Các đơn vị hợp nhất", many=True),
    "split_into": ref("org.unit", "Tách thành", many=True),
    "units": ref("org.unit", "Các đơn vị được giao", many=True),
    "member": ref("members.member", "Đoàn viên"),
    "member_id": ref("members.member", "Đoàn viên"),
    "user": ref("auth.user", "Tài khoản"),
    "user_id": ref("auth.user", "Tài khoản"),
    "assignment": ref("accounts.assignment", "Phân công"),
    "assignment_id": ref("accounts.assignment", "Phân công"),
    "document": ref("documents.document", "Văn bản"),
    "directive": ref("directives.directive", "Văn bản chỉ đạo"),
    "task": ref("directives.directivetask", "Nhiệm vụ"),
    "parent_assignment": ref("directives.taskassignment", "Nhiệm vụ cấp trên giao"),
    "created_by": ref("auth.user", "Người tạo"),
    "uploaded_by": ref("auth.user", "Người tải lên"),
    "valid_from": Key("Từ ngày", DATE),
    "valid_to": Key("Đến ngày", DATE),
    "on": Key("Ngày hiệu lực", DATE),
    "dissolved_on": Key("Ngày giải thể", DATE),
    "left_on": Key("Ngày thôi sinh hoạt", DATE),
    "created_at": Key("Thời điểm tạo", DATETIME),
    "updated_at": Key("Thời điểm sửa", DATETIME),
    "archived_at": Key("Thời điểm lưu trữ", DATETIME),
    "revoked_at": Key("Thời điểm thu hồi", DATETIME),
    "name": Key("Tên"),
    "decision": Key("Quyết định"),
    "decision_ref": Key("Số quyết định"),
    "reason": Key("Lý do"),
    "file": Key("Tệp"),
    "role": Key("Vai trò"),
    "tasks": Key("Số nhiệm vụ", NUMBER),
    "rows": Key("Số dòng hợp lệ", NUMBER),
    "created": Key("Thêm mới", NUMBER),
    "updated": Key("Cập nhật", NUMBER),
    "unchanged": Key("Không đổi", NUMBER),
    "transferred": Key("Chuyển đơn vị", NUMBER),
    "left_out": Key("Dòng lỗi không nhập", NUMBER),
    "address": Key("Địa chỉ truy cập"),
    "size": Key("Dung lượng (byte)", NUMBER),
    "position": Key("Thứ tự", NUMBER),
    "year": Key("Năm", NUMBER),
    "depth": Key("Cấp", NUMBER),
}
MODEL_KEYS: dict[tuple[str, str], Key] = {
    ("documents.document", "role"): Key("Loại tệp"),
    ("documents.document", "recipients"): Key("Nơi nhận"),
    ("members.member", "position"): Key("Chức vụ, nghề nghiệp"),
    ("accounts.apitoken", "name"): Key("Tên token"),
    ("accounts.loginthrottle", "key"): Key("Khóa đếm"),
    ("documents.documentcitation", "family"): Key("Nhóm dẫn chiếu"),
}

# Derived or secret values kept in snapshots: recomputed from the others, never shown.
HIDDEN = frozenset({"id", "search_text", "sort_key", "key_hash", "kind_group"})

# Kinds of record whose verbose_name is missing or English.
MODEL_LABELS = {
    "auth.user": "tài khoản",
    "accounts.apitoken": "token API",
    "accounts.loginthrottle": "bộ đếm đăng nhập sai",
    "members.membership": "quá trình sinh hoạt",
    "org.unitname": "tên đơn vị",
    "org.unitlink": "quan hệ trực thuộc",
    "org.unitsuccession": "kế thừa đơn vị",
}

# Where a record of a given kind can be opened.
RECORD_URLS = {
    "org.unit": "org:unit_detail",
    "members.member": "members:member_detail",
    "documents.document": "documents:document_detail",
}


def _user_name(user) -> str:
    full = user.get_full_name()
    return f"{full} ({user.username})" if full else user.username


# How a record of each kind is named: (queryset builder, name of one row).
NAMERS: dict[str, tuple[Callable[[], models.QuerySet], Callable[[Any], str]]] = {
    "org.unit": (lambda: apps.get_model("org.unit").objects.only("id", "name", "code"), lambda u: u.name),
    "members.member": (
        lambda: apps.get_model("members.member").objects.only("id", "full_name"),
        lambda m: m.full_name,
    ),
    "auth.user": (lambda: get_user_model().objects.all(), _user_name),
    "accounts.assignment": (
        lambda: apps.get_model("accounts.assignment").objects.select_related("user", "unit"),
        lambda a: f"{_user_name(a.user)}: {a.get_role_display()}, {a.unit.name}",
    ),
    "directives.directive": (
        lambda: apps.get_model("directives.directive").objects.select_related("document"),
        str,
    ),
    "directives.taskassignment": (
        lambda: apps.get_model("directives.taskassignment").objects.select_related("task", "unit"),
        lambda a: f"{Truncator(a.task.text).chars(80)} → {a.unit.name}",
    ),
}


def model_label(model: str) -> str:
    """Vietnamese name of a record kind: "members.member" -> "đoàn viên"."""
    if model in MODEL_LABELS:
        return MODEL_LABELS[model]
    try:
        return str(apps.get_model(model)._meta.verbose_name)
    except (LookupError, ValueError):
        return "hồ sơ"


def _model_field(model: str, key: str) -> models.Field | None:
    try:
        field = apps.get_model(model)._meta.get_field(key)
    except (LookupError, ValueError, Exception):  # FieldDoesNotExist, unknown model
        return None
    return field if isinstance(field, models.Field) else None


def _has_own_label(field: models.Field) -> bool:
    return str(field.verbose_name) != field.name.replace("_", " ")


def describe(model: str, key: str) -> Key:
    """The label and kind of `key` in an event about `model`."""
    if (model, key) in MODEL_KEYS:
        return MODEL_KEYS[(model, key)]
    field = _model_field(model, key)
    known = KEYS.get(key)
    if field is not None:
        label = str(field.verbose_name) if _has_own_label(field) else (known.label if known else "")
        label = label[:1].upper() + label[1:] if label else ""
        if field.is_relation and field.related_model is not None:
            return ref(
                field.related_model._meta.label_lower,
                label or model_label(field.related_model._meta.label_lower).capitalize(),
            )
        if isinstance(field, models.DateTimeField):
            return Key(label, DATETIME)
        if isinstance(field, models.DateField):
            return Key(label, DATE)
        if isinstance(field, models.BooleanField):
            return Key(label, BOOL)
        if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
            return Key(label, NUMBER)
        if label:
            return Key(label, TEXT)
    if known is not None:
        return known
    return Key("Thông tin khác")


def is_known(model: str, key: str) -> bool:
    return key in HIDDEN or describe(model, key).label != "Thông tin khác"


def choice_label(model: str, key: str, value: Any) -> str | None:
    field = _model_field(model, key)
    if field is None or not field.choices:
        return None
    return dict(field.flatchoices).get(value)


@dataclass
class Shown:
    """One value as shown: text, and a link when it names a record that has a page."""

    text: str
    url: str = ""


class Names:
    """Names of the records a page of events refers to, fetched in one query per kind of record."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[int]] = defaultdict(set)
        self.found: dict[str, dict[int, str]] = {}

    def want(self, model: str, value: Any) -> None:
        for pk in value if isinstance(value, list) else [value]:
            if isinstance(pk, int) and not isinstance(pk, bool):
                self.wanted[model].add(pk)
            elif isinstance(pk, str) and pk.isdigit():
                self.wanted[model].add(int(pk))

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            if model in NAMERS:
                queryset, name = NAMERS[model]
                rows = queryset().filter(pk__in=ids)
            else:
                try:
                    rows = apps.get_model(model)._default_manager.filter(pk__in=ids)
                except (LookupError, ValueError):
                    continue
                name = str
            self.found[model] = {row.pk: name(row) for row in rows}

    def show(self, model: str, pk: Any) -> Shown:
        key = int(pk) if isinstance(pk, str) and pk.isdigit() else pk
        name = self.found.get(model, {}).get(key)
        if name is None:
            return Shown(f"{model_label(model).capitalize()} (không còn trong hệ thống)")
        return Shown(name, record_url(model, key))


def record_url(model: str, pk: Any) -> str:
    route = RECORD_URLS.get(model)
    if not route or not isinstance(pk, int):
        return ""
    try:
        return reverse(route, args=[pk])
    except NoReverseMatch:
        return ""


def _date(value: Any) -> str:
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return "Không thời hạn" if day == OPEN_END else day.strftime("%d/%m/%Y")


def _datetime(value: Any) -> str:
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _number(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    return str(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, int):
        return _number(value)
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)


def show_value(model: str, key: str, value: Any, names: Names) -> list[Shown]:
    """`value` of `key` as one or more shown pieces (several for a list of records)."""
    if value is None:
        return [Shown("—")]
    if value == "":
        return [Shown("(trống)")]
    described = describe(model, key)
    if described.kind.startswith("ref:"):
        target = described.kind[4:]
        values = value if isinstance(value, list) else [value]
        return [names.show(target, v) for v in values] or [Shown("—")]
    label = choice_label(model, key, value)
    if label is not None:
        return [Shown(str(label))]
    if described.kind == DATE:
        return [Shown(_date(value))]
    if described.kind == DATETIME:
        return [Shown(_datetime(value))]
    if described.kind == BOOL or isinstance(value, bool):
        return [Shown("Có" if value else "Không")]
    if described.kind == NUMBER:
        return [Shown(_number(value))]
    return [Shown(_plain(value))]


def want_names(model: str, values: Iterable[tuple[str, Any]], names: Names) -> None:
    for key, value in values:
        described = describe(model, key)
        if described.kind.startswith("ref:") and value is not None:
            names.want(described.kind[4:], value)
