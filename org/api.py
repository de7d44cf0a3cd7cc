"""/api/v1/units: the union tree as it stood on a date, within the token's subtree."""

from datetime import date

from django.db.models import OuterRef, Subquery
from ninja import Field, Path, Query, Router, Schema
from pydantic import field_validator

from accounts.scoping import Actor
from lamtheo.lib.dates import OPEN_END, today
from lamtheo.schemas import ERRORS, MAX_ID, ApiError, InputDate, PageIn, PageMeta, RecordId, page_of

from .figures import members_in_subtree
from .models import Sector, Unit, UnitKind, UnitLink, UnitSubkind
from .selectors import search_units

router = Router(tags=["Đơn vị"])

AS_OF = "Ngày tra cứu (YYYY-MM-DD), mặc định hôm nay: cây đơn vị, tên và đơn vị cấp trên như tại ngày đó."


class UnitOut(Schema):
    id: int = Field(description="Mã số đơn vị trong hệ thống.")
    code: str = Field(description="Mã đơn vị.")
    name: str = Field(description="Tên đơn vị tại ngày tra cứu.")
    kind: UnitKind = Field(description="Cấp công đoàn.")
    subkind: UnitSubkind = Field(description="Loại công đoàn cấp trên trực tiếp cơ sở (rỗng nếu không có).")
    sector: Sector = Field(description="Khu vực của công đoàn cơ sở (rỗng nếu không có).")
    parent_id: int | None = Field(description="Đơn vị cấp trên trực tiếp tại ngày tra cứu (null: gốc).")
    valid_from: date = Field(description="Ngày thành lập.")
    valid_to: date | None = Field(description="Ngày kết thúc hoạt động (null: đang hoạt động).")


class UnitDetailOut(UnitOut):
    as_of: date = Field(description="Ngày tra cứu.")
    children_ids: list[int] = Field(description="Các đơn vị trực thuộc trực tiếp tại ngày tra cứu.")
    member_count: int = Field(
        description="Số đoàn viên của đơn vị và các đơn vị trực thuộc tại ngày tra cứu."
    )


class UnitPage(PageMeta):
    as_of: date = Field(description="Ngày tra cứu.")
    items: list[UnitOut]


class AsOfIn(Schema):
    as_of: InputDate | None = Field(None, description=AS_OF)


class UnitFilters(AsOfIn):
    kind: UnitKind | None = Field(None, description="Lọc theo cấp công đoàn.")
    sector: Sector | None = Field(None, description="Lọc theo khu vực.")
    q: str | None = Field(None, max_length=200, description="Tìm theo mã hoặc tên, không phân biệt dấu.")
    parent: RecordId | None = Field(None, description="Chỉ các đơn vị trực thuộc trực tiếp đơn vị này.")

    @field_validator("kind", "sector", "q", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if value == "" else value


def units_on(actor: Actor, on: date, *, kind: str = "", sector: str = "", q: str = ""):
    """The unit list's selector (org.selectors.search_units: scope, search, filters, order, name on `on`)
    with the parent as of that day, which the API gives as an id."""
    parents = UnitLink.objects.valid_on(on).filter(child=OuterRef("pk"))
    return search_units(actor, on=on, q=q, kind=kind, sector=sector).annotate(
        parent_on=Subquery(parents.values("parent_id")[:1])
    )


def _unit_out(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name_on or unit.name,
        "kind": unit.kind,
        "subkind": unit.subkind,
        "sector": unit.sector,
        "parent_id": unit.parent_on,
        "valid_from": unit.valid_from,
        "valid_to": None if unit.valid_to == OPEN_END else unit.valid_to,
    }


def _children_ids(unit_id: int, on: date):
    return UnitLink.objects.valid_on(on).filter(parent_id=unit_id).values("child_id")


def _visible_unit_or_404(actor: Actor, unit_id: int, on: date) -> Unit:
    unit = units_on(actor, on).filter(pk=unit_id).first()
    if unit is None:
        raise ApiError(404, f"Không tìm thấy đơn vị {unit_id} trong phạm vi của bạn vào ngày {on:%d/%m/%Y}.")
    return unit


@router.get(
    "",
    response={200: UnitPage, **ERRORS},
    operation_id="list_units",
    summary="Danh sách đơn vị",
    description="Các đơn vị thuộc phạm vi của token, như tại ngày `as_of`. "
    "404 nếu `parent` không thuộc phạm vi.",
)
def list_units(request, filters: Query[UnitFilters], page: Query[PageIn]):
    on = filters.as_of or today()
    units = units_on(
        request.auth, on, kind=filters.kind or "", sector=filters.sector or "", q=filters.q or ""
    )
    if filters.parent is not None:
        _visible_unit_or_404(request.auth, filters.parent, on)
        units = units.filter(id__in=_children_ids(filters.parent, on))
    return {"as_of": on, **page_of(units, page, _unit_out)}


@router.get(
    "/{unit_id}",
    response={200: UnitDetailOut, **ERRORS},
    operation_id="get_unit",
    summary="Một đơn vị",
    description="404 nếu đơn vị không thuộc phạm vi của token hoặc không hoạt động vào ngày `as_of`.",
)
def get_unit(
    request,
    at: Query[AsOfIn],
    unit_id: int = Path(..., ge=1, le=MAX_ID, description="Mã số đơn vị."),
):
    on = at.as_of or today()
    unit = _visible_unit_or_404(request.auth, unit_id, on)
    children = list(
        Unit.objects.filter(id__in=_children_ids(unit.pk, on))
        .order_by("code", "id")
        .values_list("id", flat=True)
    )
    return {
        **_unit_out(unit),
        "as_of": on,
        "children_ids": children,
        "member_count": members_in_subtree(unit.pk, on),
    }


@router.get(
    "/{unit_id}/children",
    response={200: UnitPage, **ERRORS},
    operation_id="list_unit_children",
    summary="Các đơn vị trực thuộc",
    description="Đơn vị trực thuộc trực tiếp, như tại ngày `as_of`. 404 như với một đơn vị.",
)
def list_unit_children(
    request,
    at: Query[AsOfIn],
    page: Query[PageIn],
    unit_id: int = Path(..., ge=1, le=MAX_ID, description="Mã số đơn vị cấp trên."),
):
    on = at.as_of or today()
    _visible_unit_or_404(request.auth, unit_id, on)
    children = units_on(request.auth, on).filter(id__in=_children_ids(unit_id, on))
    return {"as_of": on, **page_of(children, page, _unit_out)}
