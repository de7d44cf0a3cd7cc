"""Import units (đơn vị) from a spreadsheet: validate every row, preview, then create all or nothing.

Rows are created in file order through org.services.create_unit, so a parent may be a unit created by
an earlier row of the same file. A code that already exists in the actor's subtree is not created
again (importing the same file twice adds nothing); its sector, place and issuer code are updated
through org.services.update_unit when the file says otherwise. Names, levels and parents change only
through the reorganisation pages (they are dated and need a decision).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from accounts.scoping import Actor
from audit.models import AuditEvent
from audit.services import record
from lamtheo.imports.registry import Importer
from lamtheo.lib.dates import parse_date, today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import (
    Field,
    ImportPreview,
    Issue,
    Sheet,
    cell_text,
    match_header,
    save_all_or_nothing,
)
from lamtheo.lib.text import fold

from .models import GRASSROOTS_KINDS, Sector, Unit, UnitKind, UnitSubkind
from .services import UnitSpec, create_unit, update_unit

KIND = "units"

_IMPORTABLE_KINDS = [k for k in UnitKind if k != UnitKind.CONFEDERATION]
_RANK = {
    UnitKind.CONFEDERATION: 0,
    UnitKind.PROVINCIAL_FEDERATION: 1,
    UnitKind.NATIONAL_SECTOR_UNION: 1,
    UnitKind.UPPER_GRASSROOTS: 2,
    UnitKind.GRASSROOTS: 3,
    UnitKind.GUILD: 3,
}

FIELDS = (
    Field("code", "Mã đơn vị", ("Mã", "Mã công đoàn"), kind="string", width=14,
          note="Mã duy nhất của đơn vị, ví dụ CDCS-0123."),
    Field("name", "Tên đơn vị", ("Tên công đoàn", "Tên"), width=40),
    Field("kind", "Cấp", ("Cấp công đoàn", "Loại đơn vị", "Cấp đơn vị"), width=30,
          choices=tuple(k.label for k in _IMPORTABLE_KINDS)),
    Field("sector", "Khu vực", ("Khu vực, loại hình", "Loại hình"), width=30,
          choices=tuple(s.label for s in Sector if s)),
    Field("parent_code", "Mã đơn vị cấp trên", ("Mã cấp trên", "Đơn vị cấp trên"), kind="string", width=16,
          note="Mã của đơn vị cấp trên trực tiếp: một đơn vị đã có, hoặc một đơn vị ở dòng phía trên."),
    Field("founded_on", "Ngày thành lập", ("Ngày thành lập đơn vị",), kind="date", width=14,
          note="dd/mm/yyyy; để trống: hôm nay."),
    Field("place", "Địa danh", ("Địa điểm",), width=16),
    Field("issuer_code", "Chữ viết tắt", ("Chữ viết tắt trong ký hiệu văn bản", "Viết tắt"), width=14,
          note="Chữ viết tắt tên đơn vị trong ký hiệu văn bản, ví dụ LĐLĐ, CĐCS."),
)  # fmt: skip
FIELD_BY_KEY = {f.key: f for f in FIELDS}
REQUIRED = ("code", "name", "kind")
INSTRUCTIONS = (
    "Hướng dẫn nhập danh sách đơn vị",
    "Mỗi dòng của trang “Dữ liệu” là một đơn vị; dòng 1 là dòng tiêu đề, giữ nguyên tên các cột.",
    "Bắt buộc: “Mã đơn vị”, “Tên đơn vị”, “Cấp”. “Mã đơn vị cấp trên” để trống: trực thuộc đơn vị của bạn.",
    "Cấp: " + "; ".join(k.label for k in _IMPORTABLE_KINDS) + ".",
    "Khu vực (với công đoàn cơ sở): " + "; ".join(s.label for s in Sector if s) + ".",
    "Đơn vị cấp trên phải là đơn vị đã có trong phạm vi quản lý của bạn, hoặc một đơn vị ở dòng phía trên.",
    "Nhập lại cùng một tệp không tạo đơn vị trùng: mã đã có sẽ được bỏ qua (hoặc cập nhật khu vực, "
    "địa danh, chữ viết tắt).",
)
UPDATABLE = ("sector", "place", "issuer_code")


def _choices_lookup() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    kinds: dict[str, tuple[str, str]] = {}
    for k in UnitKind:
        kinds[fold(k.label)] = (k.value, "")
        kinds[fold(k.value)] = (k.value, "")
    for subkind in UnitSubkind:
        if subkind:
            kinds.setdefault(fold(subkind.label), (UnitKind.UPPER_GRASSROOTS, subkind.value))
            kinds.setdefault(fold(subkind.value), (UnitKind.UPPER_GRASSROOTS, subkind.value))
    aliases = {
        "cdcs": UnitKind.GRASSROOTS, "cong doan co so": UnitKind.GRASSROOTS, "co so": UnitKind.GRASSROOTS,
        "nghiep doan": UnitKind.GUILD, "ndcs": UnitKind.GUILD,
        "cap tren co so": UnitKind.UPPER_GRASSROOTS, "cong doan cap tren co so": UnitKind.UPPER_GRASSROOTS,
        "cong doan cap tren truc tiep co so": UnitKind.UPPER_GRASSROOTS, "cdctcs": UnitKind.UPPER_GRASSROOTS,
        "ldld tinh": UnitKind.PROVINCIAL_FEDERATION, "lien doan lao dong tinh": UnitKind.PROVINCIAL_FEDERATION,
        "cong doan nganh trung uong": UnitKind.NATIONAL_SECTOR_UNION,
        "ldld huyen": UnitKind.UPPER_GRASSROOTS,
    }  # fmt: skip
    for alias, kind in aliases.items():
        kinds.setdefault(alias, (kind, "district" if alias == "ldld huyen" else ""))
    sectors: dict[str, str] = {}
    for s in Sector:
        if s:
            sectors[fold(s.label)] = s.value
            sectors[fold(s.value)] = s.value
    sector_aliases = {
        "fdi": Sector.FDI_ENTERPRISE, "doanh nghiep fdi": Sector.FDI_ENTERPRISE,
        "doanh nghiep nha nuoc": Sector.STATE_ENTERPRISE, "dnnn": Sector.STATE_ENTERPRISE,
        "ngoai nha nuoc": Sector.NON_STATE_ENTERPRISE, "doanh nghiep tu nhan": Sector.NON_STATE_ENTERPRISE,
        "su nghiep cong lap": Sector.PUBLIC_SERVICE_UNIT, "hanh chinh": Sector.ADMINISTRATIVE_AGENCY,
        "hcsn": Sector.ADMINISTRATIVE_AGENCY, "htx": Sector.COOPERATIVE,
    }  # fmt: skip
    for alias, value in sector_aliases.items():
        sectors.setdefault(alias, value)
    return kinds, sectors


@dataclass
class UnitRow:
    row: int
    spec: UnitSpec
    parent_code: str
    founded_on: date
    existing: Unit | None = None
    changes: dict[str, str] = field(default_factory=dict)

    @property
    def action(self) -> str:
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def action_label(self) -> str:
        return {"create": "Thêm mới", "update": "Cập nhật", "unchanged": "Đã có, không đổi"}[self.action]

    @property
    def kind_label(self) -> str:
        return UnitKind(self.spec.kind).label


@dataclass
class UnitImportPreview(ImportPreview[UnitRow]):
    kind = KIND


def preview_units(actor: Actor, sheet: Sheet) -> UnitImportPreview:
    """Check every row against the rules, the tree and the rows above it; save nothing."""
    preview = UnitImportPreview(filename=sheet.filename)
    header = match_header(sheet, FIELDS)
    preview.start_from(sheet, header)
    if preview.errors:
        return preview  # read in a wrong encoding: nothing else is worth saying
    preview.errors.extend(header.issues)
    header_row = sheet.row_number(header.row_index)
    for key in REQUIRED:
        if not header.has(key):
            title = FIELD_BY_KEY[key].title
            preview.errors.append(Issue(header_row, title, f"Thiếu cột “{title}”."))
    for title in header.unknown:
        preview.warnings.append(Issue(header_row, title, f"Cột “{title}” không được dùng, bỏ qua."))
    if preview.errors:
        return preview

    raw_rows: list[tuple[int, dict[str, Any]]] = []
    for index in header.data_indices:
        cells = sheet.rows[index]
        values = {key: cells[col] if col < len(cells) else "" for key, col in header.columns.items()}
        raw_rows.append((sheet.row_number(index), values))
    preview.data_rows = len(raw_rows)
    if not raw_rows:
        preview.errors.append(
            Issue(None, "", f"Tệp “{sheet.filename}” không có dòng dữ liệu nào dưới dòng tiêu đề.")
        )
        return preview

    codes = {cell_text(v.get("code")).upper() for _r, v in raw_rows}
    codes |= {cell_text(v.get("parent_code")).upper() for _r, v in raw_rows}
    codes.discard("")
    code_list = sorted(codes)
    existing: dict[str, Unit] = {}
    visible: set[int] = set()
    for i in range(0, len(code_list), 900):
        chunk = code_list[i : i + 900]
        existing.update({u.code: u for u in Unit.objects.filter(code__in=chunk)})
        visible.update(Unit.objects.visible_to(actor).filter(code__in=chunk).values_list("id", flat=True))
    own = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    if own is not None:
        existing.setdefault(own.code, own)
        visible.add(own.pk)

    kinds, sectors = _choices_lookup()
    last_row_of_code: dict[str, int] = {}
    for r, v in raw_rows:
        last_row_of_code[cell_text(v.get("code")).upper()] = r
    in_file: dict[str, tuple[int, UnitRow | None]] = {}  # code -> (row, planned row or None if it had errors)
    now = today()
    for row, values in raw_rows:
        errors: list[Issue] = []

        def error(key: str, message: str, row: int = row, errors: list[Issue] = errors) -> None:
            errors.append(Issue(row, FIELD_BY_KEY[key].title, message))

        code = cell_text(values.get("code")).upper()
        name = cell_text(values.get("name"))
        kind_text = cell_text(values.get("kind"))
        sector_text = cell_text(values.get("sector"))
        parent_code = cell_text(values.get("parent_code")).upper()
        place = cell_text(values.get("place"))
        issuer_code = cell_text(values.get("issuer_code"))

        if not code:
            error("code", "Thiếu mã đơn vị.")
        elif len(code) > _max_length("code"):
            error("code", f"Mã đơn vị quá dài (tối đa {_max_length('code')} ký tự).")
        elif code in in_file:
            error("code", f"Mã đơn vị “{code}” trùng với dòng {in_file[code][0]}.")
        if not name:
            error("name", "Thiếu tên đơn vị.")
        elif len(name) > _max_length("name"):
            error("name", "Tên đơn vị quá dài (tối đa 255 ký tự).")
        kind, subkind = kinds.get(fold(kind_text), ("", ""))
        if not kind_text:
            error("kind", "Thiếu cấp đơn vị.")
        elif not kind:
            error("kind", f"Cấp “{kind_text}” không hợp lệ.")
        elif kind == UnitKind.CONFEDERATION:
            error("kind", "Không thể nhập cấp Tổng Liên đoàn.")
        sector = ""
        if sector_text:
            sector = sectors.get(fold(sector_text), "")
            if not sector:
                error("sector", f"Khu vực “{sector_text}” không hợp lệ.")
        for key, value in (("place", place), ("issuer_code", issuer_code)):
            limit = _max_length(key)
            if len(value) > limit:
                error(key, f"Quá dài (tối đa {limit} ký tự).")
        founded_on = now
        raw_date = values.get("founded_on")
        try:
            parsed = parse_date(raw_date.strip() if isinstance(raw_date, str) else raw_date)
        except ServiceError as exc:
            error("founded_on", exc.message)
            parsed = None
        if parsed is not None:
            if parsed > now:
                error("founded_on", f"Ngày thành lập {parsed:%d/%m/%Y} ở tương lai.")
            else:
                founded_on = parsed

        # The parent: a unit created by a row above, or an existing unit of the actor's subtree.
        parent_code = parent_code or (own.code if own is not None else "")
        parent_entry = in_file.get(parent_code)
        planned_parent = parent_entry[1] if parent_entry else None
        if not parent_code:
            error("parent_code", "Thiếu mã đơn vị cấp trên.")
        elif parent_code == code:
            error("parent_code", "Đơn vị không thể trực thuộc chính nó.")
        elif parent_entry is not None and (planned_parent is None or planned_parent.existing is None):
            # A unit created by a row above (if that row has errors, they are reported there).
            if planned_parent is not None and kind:
                _check_parent_rank(error, planned_parent.spec.kind, kind, parent_code)
                if planned_parent.founded_on > founded_on:
                    error("founded_on", f"Ngày thành lập trước ngày thành lập của đơn vị cấp trên "
                                        f"“{parent_code}” (dòng {parent_entry[0]}).")  # fmt: skip
        else:
            parent = existing.get(parent_code)
            if parent is None and last_row_of_code.get(parent_code, 0) > row:
                error("parent_code", f"Đơn vị cấp trên “{parent_code}” phải ở dòng phía trên dòng này.")
            elif parent is None:
                error("parent_code", f"Mã đơn vị cấp trên “{parent_code}” không tồn tại.")
            elif parent.pk not in visible:
                error("parent_code", f"Đơn vị cấp trên “{parent_code}” nằm ngoài phạm vi quản lý của bạn.")
            elif kind:
                _check_parent_rank(error, parent.kind, kind, parent_code)
                if not parent.is_active_on(founded_on):
                    error("founded_on", f"Đơn vị cấp trên “{parent.name}” không hoạt động vào ngày "
                                        f"{founded_on:%d/%m/%Y}.")  # fmt: skip

        planned_row: UnitRow | None = None
        current = existing.get(code) if code else None
        if current is not None and current.pk not in visible:
            error("code", f"Mã đơn vị “{code}” đã được dùng cho một đơn vị ngoài phạm vi quản lý của bạn.")
        if not errors:
            spec = UnitSpec(code=code, name=name, kind=kind, subkind=subkind, sector=sector,
                            place=place, issuer_code=issuer_code)  # fmt: skip
            planned_row = UnitRow(row=row, spec=spec, parent_code=parent_code, founded_on=founded_on)
            if current is not None:
                planned_row.existing = current
                wanted = {"sector": sector, "place": place, "issuer_code": issuer_code}
                planned_row.changes = {
                    k: v for k, v in wanted.items() if v and getattr(current, k) != v
                }  # empty cells never erase
                if fold(current.name) != fold(name) or current.kind != kind:
                    preview.warnings.append(
                        Issue(row, "Tên đơn vị", f"Đơn vị “{code}” đã có với tên “{current.name}” "
                              f"({current.get_kind_display()}): tên và cấp không đổi khi nhập dữ liệu.")
                    )  # fmt: skip
            preview.rows.append(planned_row)
        preview.errors.extend(errors)
        if code and code not in in_file:
            in_file[code] = (row, planned_row)
    return preview


def _max_length(name: str) -> int:
    return int(getattr(Unit._meta.get_field(name), "max_length", 0) or 0)


def _check_parent_rank(error, parent_kind: str, kind: str, parent_code: str) -> None:
    if parent_kind in GRASSROOTS_KINDS:
        error("parent_code", f"“{parent_code}” là công đoàn cơ sở, không thể có đơn vị trực thuộc.")
    elif _RANK[UnitKind(kind)] <= _RANK[UnitKind(parent_kind)] and not (
        kind == parent_kind == UnitKind.UPPER_GRASSROOTS
    ):
        error("kind", f"{UnitKind(kind).label} không thể trực thuộc {UnitKind(parent_kind).label.lower()}.")


def save_units(actor: Actor, sheet: Sheet) -> UnitImportPreview:
    """Validate again, then create / update every row in file order, in one transaction."""
    return save_all_or_nothing(actor, sheet, preview=preview_units, save=_save)


def _save(actor: Actor, preview: UnitImportPreview) -> None:
    created: dict[str, Unit] = {}
    for r in preview.rows:
        if r.existing is not None:
            if r.changes:
                update_unit(actor, unit=r.existing, data=r.changes)
            created[r.spec.code] = r.existing
            continue
        parent = created.get(r.parent_code) or Unit.objects.get(code=r.parent_code)
        try:
            created[r.spec.code] = create_unit(actor, spec=r.spec, parent=parent, on=r.founded_on)
        except ServiceError as exc:  # a rule of the service the preview did not foresee
            key = {"parent": "parent_code", "on": "founded_on"}.get(exc.field or "", exc.field or "")
            title = FIELD_BY_KEY.get(key, FIELD_BY_KEY["code"]).title
            raise ServiceError(f"Dòng {r.row}, cột “{title}”: {exc.message} Chưa lưu dòng nào.") from exc
    record(
        actor,
        action=AuditEvent.Action.IMPORT,
        model="org.unit",
        unit_id=actor.unit_id,
        after=preview.counts(),
        summary=preview.saved_summary("đơn vị"),
    )


def template_fields() -> list[Field]:
    return list(FIELDS)


IMPORTER = Importer(
    name=KIND,
    title="Đơn vị",
    template_filename="mau-nhap-don-vi.xlsx",
    fields=template_fields(),
    instructions=INSTRUCTIONS,
    preview=preview_units,
    save=save_units,
    columns=(
        ("Dòng", lambda r: r.row),
        ("Thao tác", lambda r: r.action_label),
        ("Mã đơn vị", lambda r: r.spec.code),
        ("Tên đơn vị", lambda r: r.spec.name),
        ("Cấp", lambda r: r.kind_label),
        ("Cấp trên", lambda r: r.parent_code),
        ("Ngày thành lập", lambda r: r.founded_on),
    ),
    done_url="org:tree",
    order=10,
    as_fields=lambda r: {
        "code": r.spec.code,
        "name": r.spec.name,
        "kind": r.spec.kind,
        "sector": r.spec.sector,
        "parent": r.parent_code,
        "valid_from": r.founded_on,
        "place": r.spec.place,
        "issuer_code": r.spec.issuer_code,
        **({"changes": sorted(r.changes)} if r.changes else {}),
    },
)


__all__ = [
    "FIELDS",
    "IMPORTER",
    "INSTRUCTIONS",
    "UnitImportPreview",
    "UnitRow",
    "preview_units",
    "save_units",
]
