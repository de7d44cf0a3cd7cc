"""/api/v1/me: who the token acts as (for clients checking their configuration)."""

from ninja import Field, Router, Schema

from lamtheo.schemas import Error
from org.models import Unit

from .models import Role

router = Router(tags=["Tài khoản"])


class MeOut(Schema):
    username: str = Field(description="Tên đăng nhập của người được cấp token.")
    unit_id: int = Field(
        description="Đơn vị mà token thay mặt; token chỉ thấy cây đơn vị trực thuộc đơn vị này."
    )
    unit_code: str = Field(description="Mã đơn vị.")
    unit_name: str = Field(description="Tên đơn vị.")
    role: Role = Field(description="Vai trò tại đơn vị.")
    role_label: str = Field(description="Tên vai trò bằng tiếng Việt.")
    is_officer: bool = Field(description="Là cán bộ công đoàn: được xem dữ liệu cá nhân và thêm đoàn viên.")
    token_name: str = Field(description="Tên đặt cho token khi cấp.")


@router.get(
    "",
    response={200: MeOut, 401: Error, 429: Error, 500: Error},
    operation_id="get_me",
    summary="Token hiện tại",
    description="Người dùng, đơn vị và vai trò mà token thay mặt.",
)
def me(request):
    actor = request.auth
    unit = Unit.objects.only("code", "name").get(pk=actor.unit_id)
    return {
        "username": actor.user.get_username(),
        "unit_id": unit.pk,
        "unit_code": unit.code,
        "unit_name": unit.name,
        "role": actor.role,
        "role_label": Role(actor.role).label,
        "is_officer": actor.is_officer,
        "token_name": request.api_token.name,
    }
