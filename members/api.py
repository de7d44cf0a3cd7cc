"""/api/v1/members: current members of the token's subtree; officers may add members."""

from datetime import date

from ninja import Field, Path, Query, Router, Schema
from pydantic import ConfigDict, field_validator

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.lists import COUNT_CAP, capped_count, format_number
from lamtheo.lib.text import nfc
from lamtheo.schemas import (
    ERRORS,
    MAX_ID,
    WRITE_ERRORS,
    ApiError,
    InputDate,
    PageIn,
    PageMeta,
    RecordId,
    page_of,
)
from org.models import Unit

from . import selectors
from .models import Gender, Member
from .selectors import is_broad
from .services import create_member

router = Router(tags=["Đoàn viên"])

PERSONAL = "Dữ liệu cá nhân: null nếu token không được xem (chỉ cán bộ của đơn vị và cấp trên)."


class MemberOut(Schema):
    id: int = Field(description="Mã số đoàn viên trong hệ thống.")
    full_name: str = Field(description="Họ và tên.")
    family_name: str = Field(description="Họ.")
    middle_name: str = Field(description="Tên đệm.")
    given_name: str = Field(description="Tên.")
    gender: Gender | None = Field(description="Giới tính (null: chưa ghi).")
    unit_id: int | None = Field(description="Công đoàn cơ sở đang sinh hoạt.")
    unit_code: str | None = Field(description="Mã công đoàn cơ sở đang sinh hoạt.")
    joined_on: date | None = Field(description="Ngày vào công đoàn.")
    position: str = Field(description="Chức vụ, nghề nghiệp.")
    personal_data_visible: bool = Field(
        description="Token có được xem dữ liệu cá nhân của đoàn viên này không."
    )
    birth_date: date | None = Field(description=f"Ngày sinh. {PERSONAL}")
    id_number: str | None = Field(description=f"Số CCCD. {PERSONAL}")
    phone: str | None = Field(description=f"Số điện thoại. {PERSONAL}")


class MemberPage(PageMeta):
    count_capped: bool = Field(
        description=f"true: có hơn `count` đoàn viên; số đếm dừng ở {format_number(COUNT_CAP)} như trên trang "
        "danh sách (các trang sau vẫn đọc được bằng `offset`)."
    )
    items: list[MemberOut]


class MemberFilters(Schema):
    unit: RecordId | None = Field(None, description="Chỉ đoàn viên của đơn vị này và các đơn vị trực thuộc.")
    q: str | None = Field(
        None,
        max_length=200,
        description="Tìm theo họ tên, không phân biệt dấu; theo số CCCD, số điện thoại nếu token được xem "
        "dữ liệu cá nhân.",
    )


class MemberIn(Schema):
    """A new member. Send either the name parts or full_name (split at its first and last space)."""

    model_config = ConfigDict(extra="forbid")

    unit_id: RecordId = Field(description="Công đoàn cơ sở (hoặc nghiệp đoàn cơ sở) của đoàn viên.")
    full_name: str = Field("", max_length=200, description="Họ và tên, dùng khi không gửi các phần tên.")
    family_name: str = Field("", max_length=60, description="Họ.")
    middle_name: str = Field("", max_length=80, description="Tên đệm.")
    given_name: str = Field("", max_length=60, description="Tên.")
    gender: Gender | None = Field(None, description="Giới tính.")
    birth_date: InputDate | None = Field(None, description="Ngày sinh (YYYY-MM-DD).")
    ethnicity: str = Field("", max_length=60, description="Dân tộc.")
    id_number: str = Field("", max_length=20, description="Số CCCD (12 chữ số) hoặc CMND cũ (9), dạng chuỗi.")
    phone: str = Field("", max_length=20, description="Số điện thoại (10 chữ số, bắt đầu bằng 0).")
    joined_on: InputDate | None = Field(None, description="Ngày vào công đoàn (YYYY-MM-DD).")
    position: str = Field("", max_length=150, description="Chức vụ, nghề nghiệp.")

    @field_validator(
        "full_name", "family_name", "middle_name", "given_name", "ethnicity", "id_number", "phone", "position"
    )
    @classmethod
    def _nfc(cls, value: str) -> str:
        return nfc(value)


def _member_out(member: Member, personal: bool) -> dict:
    return {
        "id": member.pk,
        "full_name": member.full_name,
        "family_name": member.family_name,
        "middle_name": member.middle_name,
        "given_name": member.given_name,
        "gender": member.gender or None,
        "unit_id": member.unit_id,
        "unit_code": member.unit.code if member.unit_id else None,
        "joined_on": member.joined_on,
        "position": member.position,
        "personal_data_visible": personal,
        "birth_date": member.birth_date if personal else None,
        "id_number": (member.id_number or None) if personal else None,
        "phone": (member.phone or None) if personal else None,
    }


@router.get(
    "",
    response={200: MemberPage, **ERRORS},
    operation_id="list_members",
    summary="Danh sách đoàn viên",
    description="Đoàn viên hiện tại thuộc phạm vi của token. 404 nếu `unit` không thuộc phạm vi. "
    f"`count` dừng ở {format_number(COUNT_CAP)} (`count_capped`).",
)
def list_members(request, filters: Query[MemberFilters], page: Query[PageIn]):
    """The member list page's selector, current members only."""
    actor = request.auth
    if filters.unit is not None and not Unit.objects.visible_to(actor).filter(pk=filters.unit).exists():
        raise ApiError(404, f"Không tìm thấy đơn vị {filters.unit} trong phạm vi của bạn.")
    wanted = selectors.MemberFilters(q=filters.q or "", unit_id=filters.unit)
    members = selectors.member_list(actor, wanted)
    # A province's rows are read in name order from the index (MemberQuerySet.visible_to); the count
    # goes through the plain scope filter and stops past COUNT_CAP, as the list page's does (an exact
    # count of a province is a scan of its 1.2 M members).
    rows = selectors.member_list(actor, wanted, broad=is_broad(actor)) if actor.is_officer else members
    personal = selectors.shows_personal_data_in_lists(actor)
    count = capped_count(members, COUNT_CAP)
    # A member token lists only its own record, with its own personal data (the "self" scope).
    result = page_of(
        rows, page, lambda m: _member_out(m, personal or m.pk == actor.member_id), count=min(count, COUNT_CAP)
    )
    result["count_capped"] = count > COUNT_CAP
    return result


@router.get(
    "/{member_id}",
    response={200: MemberOut, **ERRORS},
    operation_id="get_member",
    summary="Một đoàn viên",
    description="404 nếu đoàn viên không thuộc phạm vi của token hoặc đã thôi sinh hoạt.",
)
def get_member(request, member_id: int = Path(..., ge=1, le=MAX_ID, description="Mã số đoàn viên.")):
    """The member page's selector; the API answers current members only (archived ones: 404)."""
    member = selectors.get_member(request.auth, member_id)
    if member is None or member.archived_at is not None:
        raise ApiError(404, f"Không tìm thấy đoàn viên {member_id} trong phạm vi của bạn.")
    return _member_out(member, selectors.can_see_personal(request.auth, member))


# ServiceError fields of members.services, named as the API's input fields.
_FIELD_NAMES = {"unit": "unit_id"}


@router.post(
    "",
    response={201: MemberOut, **WRITE_ERRORS},
    operation_id="create_member",
    summary="Thêm đoàn viên",
    description="Chỉ cán bộ công đoàn (403 với vai trò khác). Đơn vị phải là công đoàn cơ sở thuộc phạm vi "
    "của token; lỗi dữ liệu trả về 422 với thông báo như trên giao diện.",
)
def create(request, payload: MemberIn):
    actor = request.auth
    if not actor.can_write:
        raise ApiError(403, "Chỉ cán bộ công đoàn mới được thêm đoàn viên.")
    unit = Unit.objects.visible_to(actor).active_on().filter(pk=payload.unit_id).first()
    if unit is None:
        raise ServiceError(
            f"Không tìm thấy đơn vị {payload.unit_id} trong phạm vi quản lý của bạn.", field="unit_id"
        )
    data = payload.model_dump(exclude={"unit_id", "full_name"})
    data["gender"] = data["gender"] or ""
    try:
        member = create_member(actor, unit=unit, data=data, full_name=payload.full_name)
    except ServiceError as exc:
        exc.field = _FIELD_NAMES.get(exc.field or "", exc.field)
        raise
    member.unit = unit
    return 201, _member_out(member, selectors.can_see_personal(actor, member))
