"""The JSON API (/api/v1/): one NinjaAPI, a router per app, bearer-token auth bound to an assignment.

Every error comes back as lamtheo.schemas.Error ({"detail": "<Vietnamese>", "errors": [...]}) through the
handlers below; every operation declares the error statuses it can answer (ERRORS in lamtheo.schemas).
"""

import logging
import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from accounts.models import ApiToken
from accounts.scoping import Actor
from lamtheo.lib.errors import Refused, ServiceError
from lamtheo.schemas import ApiError


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the token's assignment must be valid today and its user active."""

    def authenticate(self, request, token: str):
        row = (
            ApiToken.objects.filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True)
            .select_related("assignment__user")
            .first()
        )
        if row is None:
            return None
        a = row.assignment
        today = timezone.localdate()
        if not (a.valid_from <= today < a.valid_to) or not a.user.is_active:
            return None
        request.actor = Actor(user=a.user, unit_id=a.unit_id, role=a.role, member_id=a.member_id)
        request.api_token = row
        return request.actor


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (settings.API_RATE_LIMIT, e.g. "1200/min"); 429 beyond it."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_LIMIT)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        token = getattr(request, "api_token", None)
        # The key's hash, not the row id: ids can come back (rolled-back tests), hashes do not.
        return self.cache_format % {"scope": self.scope, "ident": token.key_hash[:32]} if token else None


logger = logging.getLogger(__name__)


class VietnameseJSONRenderer(JSONRenderer):
    """Keep Vietnamese readable in the payload ("Đức", not "\\u0110\\u1ee9c")."""

    json_dumps_params = {"ensure_ascii": False}


# Response descriptions in the schema, in Vietnamese (ninja writes the English reason phrase).
RESPONSE_DESCRIPTIONS = {
    "200": "Thành công.",
    "201": "Đã tạo.",
    "400": "Nội dung yêu cầu không đọc được (JSON không hợp lệ).",
    "401": "Chưa xác thực: thiếu token, token sai, đã thu hồi hoặc phân công đã hết hạn.",
    "403": "Vai trò của token không được phép thực hiện thao tác này.",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi đơn vị của token.",
    "422": "Dữ liệu gửi lên không hợp lệ; `errors` chỉ ra từng trường.",
    "429": "Quá nhiều yêu cầu với token này; thử lại sau số giây ở tiêu đề Retry-After.",
    "500": "Lỗi của hệ thống (đã được ghi lại); không có gì được lưu dở dang.",
}


class LamTheoAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    response["description"] = RESPONSE_DESCRIPTIONS.get(str(status), response["description"])
        return schema


api = LamTheoAPI(
    title="LamTheo API",
    version="1",
    description=(
        "Đơn vị, đoàn viên của hệ thống LamTheo. Xác thực bằng token (`Authorization: Bearer <token>`), "
        "cấp bằng lệnh `manage.py create_api_token`. Mỗi token gắn với một phân công (đơn vị, vai trò): "
        'chỉ thấy cây đơn vị trực thuộc đơn vị đó. Mọi lỗi trả về dạng `{"detail": "..."}`.'
    ),
    auth=TokenAuth(),
    throttle=TokenRateThrottle(),
    urls_namespace="api",
    renderer=VietnameseJSONRenderer(),
)


# --- errors -------------------------------------------------------------------------------------

HTTP_MESSAGES = {
    400: "Không đọc được nội dung yêu cầu (cần JSON hợp lệ).",
    401: "Chưa xác thực: cần token hợp lệ trong tiêu đề Authorization: Bearer <token>.",
    403: "Bạn không có quyền thực hiện thao tác này.",
    404: "Không tìm thấy.",
    405: "Phương thức không được hỗ trợ.",
    429: "Quá nhiều yêu cầu, vui lòng thử lại sau.",
    500: "Lỗi hệ thống: yêu cầu chưa được thực hiện và không có gì được lưu dở dang. Lỗi đã được ghi lại.",
}


def _error(request: HttpRequest, status: int, detail: str, errors: list | None = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


# pydantic error type → Vietnamese. {ctx} values are filled from the error's context.
_PYDANTIC_MESSAGES = {
    "missing": "Thiếu giá trị bắt buộc.",
    "date_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_from_datetime_inexact": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_type": "Ngày không hợp lệ (dạng YYYY-MM-DD).",
    "date_vn": "{message}",  # lamtheo.schemas.InputDate: the message of lamtheo.lib.dates.parse_date
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "string_type": "Phải là chuỗi ký tự (số CCCD, số điện thoại cũng gửi dạng chuỗi).",
    "string_too_long": "Dài quá {max_length} ký tự.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "enum": "Giá trị không hợp lệ; chỉ nhận: {expected}.",
    "literal_error": "Giá trị không hợp lệ; chỉ nhận: {expected}.",
    "extra_forbidden": "Trường không được hỗ trợ.",
    "model_attributes_type": "Nội dung phải là một đối tượng JSON.",
    "dict_type": "Nội dung phải là một đối tượng JSON.",
    "json_invalid": "JSON không hợp lệ.",
}
_SOURCES = {"query", "path", "body", "header", "cookie", "form", "file"}


def _field_name(loc: list | tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SOURCES:
        parts = parts[1:]
    # ninja wraps grouped params and bodies in the argument name (e.g. ["body", "payload", "phone"]).
    if len(parts) > 1 and parts[0] in {"payload", "filters", "page", "params", "at"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _pydantic_message(err: dict) -> str:
    template = _PYDANTIC_MESSAGES.get(err.get("type", ""), "Giá trị không hợp lệ.")
    ctx = {k: str(v).replace(" or ", " hoặc ") for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template.split(";")[0].rstrip(".") + "."


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field_name(e.get("loc", ())), "message": _pydantic_message(e)} for e in exc.errors]
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return _error(request, 422, f"Dữ liệu không hợp lệ. {summary}".strip(), errors)


@api.exception_handler(ServiceError)
def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return _error(request, 422, exc.message, errors)


@api.exception_handler(Refused)
def on_refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """A refusal of role or scope (accounts.scoping.NotPermitted): 403, as on the pages."""
    errors = [{"field": exc.field, "message": exc.message}] if exc.field else []
    return _error(request, 403, exc.message, errors)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, ApiError):
        return _error(request, exc.status_code, exc.message)
    return _error(request, exc.status_code, HTTP_MESSAGES.get(exc.status_code, str(exc)))


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _error(request, 401, HTTP_MESSAGES[401])
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, HTTP_MESSAGES[404])


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or HTTP_MESSAGES[403])


@api.exception_handler(Throttled)
def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = _error(request, 429, HTTP_MESSAGES[429])
    if exc.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    return response


@api.exception_handler(Exception)
def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A fault of ours: logged with its traceback, answered in the declared shape (never HTML)."""
    logger.exception("API %s %s failed", request.method, request.path, exc_info=exc)
    return _error(request, 500, HTTP_MESSAGES[500])


def not_found_response(request: HttpRequest) -> HttpResponse:
    """A path under /api/ that matches no operation (lamtheo.views.page_not_found sends it here)."""
    return _error(request, 404, "Không có địa chỉ API này. Xem danh sách ở /api/v1/docs.")


def server_error_response(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, HTTP_MESSAGES[500])


class MethodNotAllowedMiddleware:
    """ninja answers a method a path lacks with a bare English "Method not allowed" and no hook to change
    it: under /api/ such a 405 is rewritten in the declared shape, keeping its Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            answer = _error(request, 405, f"{HTTP_MESSAGES[405][:-1]} ở địa chỉ này; chỉ nhận: {allowed}.")
            answer["Allow"] = allowed
            return answer
        return response


from accounts.api import router as accounts_router  # noqa: E402
from indicators.api import router as indicators_router  # noqa: E402
from indicators.api import unit_router as unit_indicators_router  # noqa: E402
from members.api import router as members_router  # noqa: E402
from org.api import router as org_router  # noqa: E402

api.add_router("/units", org_router)
api.add_router("/units", unit_indicators_router)
api.add_router("/indicators", indicators_router)
api.add_router("/members", members_router)
api.add_router("/me", accounts_router)
