"""Schemas shared by every router of the JSON API: errors and limit/offset pages."""

import re
from datetime import date
from typing import Annotated, Any

from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from lamtheo.lib.dates import parse_date
from lamtheo.lib.errors import ServiceError


class FieldError(Schema):
    field: str = Field(description="Trường (hoặc tham số) bị lỗi, ví dụ `id_number` hay `as_of`.")
    message: str = Field(description="Mô tả lỗi bằng tiếng Việt.")


class Error(Schema):
    """Every error answer of the API: a Vietnamese message, and the fields at fault where known."""

    detail: str = Field(description="Thông báo lỗi bằng tiếng Việt, hiển thị được cho người dùng.")
    errors: list[FieldError] | None = Field(
        None, description="Lỗi theo từng trường (chỉ có với lỗi dữ liệu 422)."
    )


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_NOT_ISO = "Ngày không hợp lệ (dạng YYYY-MM-DD)."


def _read_date(value: object) -> date | None:
    """A request's date: the API's contract is YYYY-MM-DD text (a JSON number is no date); the day itself
    is read and checked by the one parser (lamtheo.lib.dates), with its Vietnamese messages."""
    if value is None or isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        raise PydanticCustomError("date_vn", "{message}", {"message": _NOT_ISO})
    try:
        return parse_date(value[:40])
    except ServiceError as exc:
        raise PydanticCustomError("date_vn", "{message}", {"message": exc.message}) from None


# A date in a request: YYYY-MM-DD, refused with the forms' Vietnamese messages.
InputDate = Annotated[
    date,
    BeforeValidator(_read_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]


class ApiError(HttpError):
    """An error whose message is already Vietnamese: lamtheo.api answers it as Error with that message."""


# Declared on every operation so that the schema tells the truth about what can come back
# (429: the token's rate limit; 500: a fault of the system, answered in the same shape).
ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error, 429: Error, 500: Error}
WRITE_ERRORS: dict[int, Any] = {400: Error, 403: Error, **ERRORS}

MAX_LIMIT = 500
# Far beyond any real list (the whole confederation has ~11 M members), far below what the databases'
# 64-bit OFFSET and ids overflow on: larger values are a 422, not a crash.
MAX_OFFSET = 100_000_000
MAX_ID = 2**63 - 1

# A record id in a path or filter: positive and within the databases' integer range.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID)]


class PageIn(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Số bản ghi mỗi trang (1–{MAX_LIMIT}).")
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=f"Bỏ qua bao nhiêu bản ghi đầu tiên (0–{MAX_OFFSET:,}).".replace(",", "."),
    )


def page_of(queryset, page: PageIn, build=None, count: int | None = None) -> dict[str, Any]:
    """One page of `queryset` and the total count (`count` when the caller has it): two queries."""
    rows = list(queryset[page.offset : page.offset + page.limit])
    return {
        "count": queryset.count() if count is None else count,
        "limit": page.limit,
        "offset": page.offset,
        "items": [build(row) for row in rows] if build else rows,
    }


class PageMeta(Schema):
    count: int = Field(description="Tổng số bản ghi thỏa điều kiện (mọi trang).")
    limit: int = Field(description="Số bản ghi tối đa của trang này.")
    offset: int = Field(description="Vị trí bắt đầu của trang này.")
