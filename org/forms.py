"""Forms of the union-tree pages: the "as of" date, unit filters and the reorganisation forms.

The forms only parse and check input; the changes themselves are made by org.services.
"""

from django import forms

from accounts.scoping import Actor
from lamtheo.lib.dates import today
from lamtheo.lib.forms import DateField
from lamtheo.lib.text import nfc

from . import reorganisation
from .fields import UnitChoiceField, UnitMultipleChoiceField
from .models import GRASSROOTS_KINDS, Sector, Unit, UnitKind, UnitSubkind
from .picker import UPPER, PickRule
from .services import UnitSpec


def _text(
    label: str, *, required: bool = True, max_length: int = 200, help_text: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        error_messages={
            "required": f"Vui lòng nhập {label.lower()}.",
            "max_length": f"{label} dài quá {max_length} ký tự.",
        },
    )


# --- Unit attributes and creation ------------------------------------------------------------------


class DecisionMixin(forms.Form):
    on = DateField(label="Ngày hiệu lực", initial=today)
    decision_ref = _text("Số quyết định", help_text="Ví dụ: 125/QĐ-LĐLĐ ngày 20/6/2025.")


class UnitEditForm(forms.Form):
    """The undated attributes (org.services.EDITABLE_FIELDS); name and parent have their own forms."""

    short_name = _text("Tên viết tắt", required=False, max_length=120)
    subkind = forms.ChoiceField(label="Loại", required=False, choices=UnitSubkind.choices)
    sector = forms.ChoiceField(label="Khu vực", required=False, choices=Sector.choices)
    header_parent = _text("Dòng cơ quan chủ quản (tiêu đề văn bản)", required=False)
    header_name = _text("Dòng tên cơ quan ban hành (tiêu đề văn bản)", required=False)
    issuer_code = _text("Chữ viết tắt trong ký hiệu văn bản", required=False, max_length=30)
    place = _text("Địa danh", required=False, max_length=100)

    @classmethod
    def initial_for(cls, unit: Unit) -> dict[str, str]:
        return {name: getattr(unit, name) for name in cls.base_fields}


class UnitSpecForm(forms.Form):
    """What a new unit is (for create, merge into a new unit, split)."""

    code = _text("Mã đơn vị", max_length=40)
    name = _text("Tên đơn vị", max_length=255)
    kind = forms.ChoiceField(label="Cấp", choices=UnitKind.choices[1:])
    subkind = forms.ChoiceField(label="Loại", required=False, choices=UnitSubkind.choices)
    sector = forms.ChoiceField(label="Khu vực (với CĐCS)", required=False, choices=Sector.choices)

    def clean_code(self) -> str:
        code = nfc(self.cleaned_data["code"]).upper()
        if Unit.objects.filter(code=code).exists():
            raise forms.ValidationError(f"Mã đơn vị “{code}” đã tồn tại.")
        return code

    def clean(self):
        data = super().clean()
        if data.get("kind") in GRASSROOTS_KINDS and data.get("subkind"):
            self.add_error("subkind", "Công đoàn cơ sở không có loại của công đoàn cấp trên.")
        return data

    def spec(self) -> UnitSpec:
        data = self.cleaned_data
        return UnitSpec(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            subkind=data.get("subkind") or "",
            sector=data.get("sector") or "",
        )


class ChildCreateForm(UnitSpecForm, DecisionMixin):
    decision_ref = _text("Số quyết định", required=False)

    def __init__(self, *args, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [
            (k, label)
            for k, label in UnitKind.choices
            if k
            not in (UnitKind.CONFEDERATION, UnitKind.PROVINCIAL_FEDERATION, UnitKind.NATIONAL_SECTOR_UNION)
            or parent.kind == UnitKind.CONFEDERATION
        ]
        self.fields["kind"].choices = allowed
        self.fields["kind"].initial = UnitKind.GRASSROOTS


# --- Reorganisations --------------------------------------------------------------------------------


class MoveForm(DecisionMixin):
    new_parent = UnitChoiceField(label="Đơn vị cấp trên mới")
    field_order = ["new_parent", "on", "decision_ref"]

    def __init__(self, *args, actor: Actor, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].set_rule(actor, PickRule(kind=UPPER, not_under=unit.pk))


class RenameForm(DecisionMixin):
    new_name = _text("Tên mới", max_length=255)
    field_order = ["new_name", "on", "decision_ref"]


class DissolveForm(DecisionMixin):
    pass


MERGE_NEW, MERGE_EXISTING = "new", "existing"


class MergeForm(DecisionMixin):
    """This unit and `others` end; their children and members continue in a new or an existing unit."""

    others = UnitMultipleChoiceField(
        label="Các đơn vị cùng hợp nhất",
        required=False,
        help_text="Gõ vài chữ của tên hoặc mã rồi chọn; có thể chọn nhiều đơn vị.",
    )
    mode = forms.ChoiceField(
        label="Đơn vị sau hợp nhất",
        choices=[(MERGE_NEW, "Thành lập đơn vị mới"), (MERGE_EXISTING, "Sáp nhập vào một đơn vị đang có")],
        widget=forms.RadioSelect,
        initial=MERGE_NEW,
    )
    target = UnitChoiceField(label="Đơn vị tiếp nhận", required=False)
    code = _text("Mã đơn vị mới", required=False, max_length=40)
    name = _text("Tên đơn vị mới", required=False, max_length=255)
    kind = forms.ChoiceField(label="Cấp của đơn vị mới", required=False, choices=UnitKind.choices[1:])
    subkind = forms.ChoiceField(label="Loại", required=False, choices=UnitSubkind.choices)
    sector = forms.ChoiceField(label="Khu vực (với CĐCS)", required=False, choices=Sector.choices)
    parent = UnitChoiceField(label="Đơn vị cấp trên của đơn vị mới", required=False)
    # Document header of the new unit: taken from the predecessor (or its parent), for the officer to confirm.
    header_parent = _text("Dòng cơ quan chủ quản (tiêu đề văn bản)", required=False, max_length=200)
    header_name = _text("Dòng tên cơ quan ban hành (tiêu đề văn bản)", required=False, max_length=200)
    issuer_code = _text("Chữ viết tắt trong ký hiệu văn bản", required=False, max_length=30)
    place = _text("Địa danh", required=False, max_length=100)
    field_order = ["others", "mode", "target", "code", "name", "kind", "subkind", "sector", "parent",
                   "header_parent", "header_name", "issuer_code", "place"]  # fmt: skip

    def __init__(self, *args, actor: Actor, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        for name, value in header_defaults(unit).items():
            self.fields[name].initial = value
        peers = PickRule(peers_of=unit.pk)
        self.fields["others"].set_rule(actor, peers)
        self.fields["target"].set_rule(actor, peers)
        self.fields["parent"].set_rule(actor, PickRule(kind=UPPER))
        self.fields["kind"].initial = unit.kind
        self.fields["sector"].initial = unit.sector
        self.fields["subkind"].initial = unit.subkind

    def clean(self):
        data = super().clean()
        others = list(data.get("others") or [])
        if data.get("mode") == MERGE_EXISTING:
            target = data.get("target")
            if target is None:
                self.add_error("target", "Vui lòng chọn đơn vị tiếp nhận.")
            elif target in others:
                self.add_error(
                    "target", "Đơn vị tiếp nhận không được nằm trong danh sách đơn vị bị sáp nhập."
                )
        elif data.get("mode") == MERGE_NEW:
            if not others:
                self.add_error("others", "Cần ít nhất hai đơn vị để hợp nhất: hãy chọn thêm đơn vị.")
            code = nfc(data.get("code")).upper()
            if not code:
                self.add_error("code", "Vui lòng nhập mã đơn vị mới.")
            elif Unit.objects.filter(code=code).exists():
                self.add_error("code", f"Mã đơn vị “{code}” đã tồn tại.")
            data["code"] = code
            if not nfc(data.get("name")):
                self.add_error("name", "Vui lòng nhập tên đơn vị mới.")
            if not data.get("kind"):
                self.add_error("kind", "Vui lòng chọn cấp của đơn vị mới.")
        return data

    @property
    def sources(self) -> list[Unit]:
        return [self.unit, *self.cleaned_data.get("others", [])]

    def target_spec(self) -> UnitSpec | Unit:
        data = self.cleaned_data
        if data["mode"] == MERGE_EXISTING:
            return data["target"]
        return UnitSpec(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            subkind=data.get("subkind") or "",
            sector=data.get("sector") or "",
            header_parent=nfc(data.get("header_parent")),
            header_name=nfc(data.get("header_name")).upper(),
            issuer_code=nfc(data.get("issuer_code")),
            place=nfc(data.get("place")),
        )


def header_defaults(unit: Unit) -> dict[str, str]:
    """A merged unit's document header, from its predecessor `unit` or, where it has none, its parent
    (the parent's name line heads the child's documents): pre-filled for the officer to confirm."""
    from .selectors import parent_on

    parent = parent_on(unit.pk, today())
    parent_line = (parent.header_name or parent.name.upper()) if parent is not None else ""
    return {
        "header_parent": unit.header_parent or parent_line,
        "header_name": "",
        "issuer_code": unit.issuer_code or (parent.issuer_code if parent is not None else ""),
        "place": unit.place or (parent.place if parent is not None else ""),
    }


SPLIT_PARTS = 4


def _part_choice(label: str) -> forms.TypedChoiceField:
    """Which new unit (1..SPLIT_PARTS) takes a child or a record; the first by default."""
    return forms.TypedChoiceField(
        label=label,
        choices=[(i, f"Đơn vị {i}") for i in range(1, SPLIT_PARTS + 1)],
        coerce=int,
        initial=1,
        required=False,
        widget=forms.Select(attrs={"class": "form-select-sm"}),
    )


class SplitForm(DecisionMixin):
    """The unit ends; from 2 to SPLIT_PARTS new units continue it. Children go to the part chosen
    for them (the first by default); members go to the first part."""

    def __init__(self, *args, unit: Unit, children: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.children = children
        for i in range(1, SPLIT_PARTS + 1):
            self.fields[f"p{i}_code"] = _text(f"Mã đơn vị {i}", required=False, max_length=40)
            self.fields[f"p{i}_name"] = _text(f"Tên đơn vị {i}", required=False, max_length=255)
            self.fields[f"p{i}_sector"] = forms.ChoiceField(
                label=f"Khu vực của đơn vị {i}", required=False, choices=Sector.choices, initial=unit.sector
            )
            for name in (f"p{i}_code", f"p{i}_name", f"p{i}_sector"):
                self.fields[name].widget.attrs["aria-label"] = self.fields[name].label
        # Records of the apps above (open tasks…) placed one by one, like the children.
        self.placeable_groups = []
        for placeable in reorganisation.placeables():
            names = []
            for record_id, label in placeable.records(unit, today()):
                name = f"place_{placeable.label.replace('.', '_')}_{record_id}"
                self.fields[name] = _part_choice(label)
                names.append((name, record_id))
            if names:
                self.placeable_groups.append((placeable, names))
        for child in children:
            self.fields[f"child_{child.pk}"] = _part_choice(child.name)

    def part_rows(self):
        return [
            (self[f"p{i}_code"], self[f"p{i}_name"], self[f"p{i}_sector"]) for i in range(1, SPLIT_PARTS + 1)
        ]

    def part_fieldsets(self):
        """(legend, fields) of each "which new unit takes it" group: the children, then the apps' records."""
        groups = [("Đơn vị trực thuộc chuyển về", [self[f"child_{c.pk}"] for c in self.children])]
        groups += [(p.heading, [self[name] for name, _ in names]) for p, names in self.placeable_groups]
        return [(heading, fields) for heading, fields in groups if fields]

    def clean(self):
        data = super().clean()
        parts: list[UnitSpec] = []
        slots: dict[int, int] = {}  # slot number on the form -> index in parts
        seen: set[str] = set()
        for i in range(1, SPLIT_PARTS + 1):
            code = nfc(data.get(f"p{i}_code")).upper()
            name = nfc(data.get(f"p{i}_name"))
            if not code and not name:
                continue
            if not code:
                self.add_error(f"p{i}_code", f"Vui lòng nhập mã đơn vị {i}.")
                continue
            if not name:
                self.add_error(f"p{i}_name", f"Vui lòng nhập tên đơn vị {i}.")
                continue
            if code in seen:
                self.add_error(f"p{i}_code", f"Mã “{code}” bị trùng giữa các đơn vị mới.")
                continue
            if Unit.objects.filter(code=code).exists():
                self.add_error(f"p{i}_code", f"Mã đơn vị “{code}” đã tồn tại.")
                continue
            seen.add(code)
            slots[i] = len(parts)
            parts.append(
                UnitSpec(
                    code=code,
                    name=name,
                    kind=self.unit.kind,
                    subkind=self.unit.subkind,
                    sector=data.get(f"p{i}_sector") or "",
                )
            )
        if len(parts) < 2 and not self.errors:
            raise forms.ValidationError(
                "Cần ít nhất hai đơn vị mới khi chia tách: nhập mã và tên cho từng đơn vị."
            )
        child_part: dict[int, int] = {}
        for child in self.children:
            slot = data.get(f"child_{child.pk}") or 1
            if slot not in slots:
                self.add_error(f"child_{child.pk}", f"Đơn vị mới số {slot} chưa được nhập.")
                continue
            child_part[child.pk] = slots[slot]
        self.placements: dict[str, dict[int, int]] = {}
        for placeable, names in self.placeable_groups:
            chosen = self.placements.setdefault(placeable.label, {})
            for name, record_id in names:
                slot = data.get(name) or 1
                if slot not in slots:
                    self.add_error(name, f"Đơn vị mới số {slot} chưa được nhập.")
                    continue
                chosen[record_id] = slots[slot]
        self.parts = parts
        self.child_part = child_part
        return data
