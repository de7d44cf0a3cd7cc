"""/api/v1/indicators (definitions) and /api/v1/units/{id}/indicators (figures), within the token's subtree."""

from datetime import date, timedelta

from ninja import Field, Path, Query, Router, Schema
from pydantic import model_validator

from lamtheo.lib.dates import MAX_DAY, MIN_DAY, today
from lamtheo.schemas import ERRORS, MAX_ID, ApiError

from .engine import IndicatorError, window_for
from .output import definition, figures_for
from .registry import all_indicators, get
from .views import records_url

router = Router(tags=["Số liệu"])
unit_router = Router(tags=["Số liệu"])

Value = int | float | dict[str, int | float] | None


class PartOut(Schema):
    code: str = Field(description="Mã phần (ví dụ mã khu vực `public_service_unit`).")
    label: str = Field(description="Tên phần.")


class DefinitionOut(Schema):
    code: str = Field(description="Mã chỉ tiêu.")
    label: str = Field(description="Tên chỉ tiêu.")
    unit_of_measure: str = Field(description="Đơn vị tính (CĐCS, người, văn bản, %…).")
    kind: str = Field(
        description="count: phát sinh trong kỳ; state: có tại ngày; rate: tỷ lệ; money: số tiền."
    )
    description: str = Field(description="Cách tính, bằng tiếng Việt.")
    parts: list[PartOut] = Field(description="Các phần của chỉ tiêu (rỗng nếu không chia phần).")


class FigureOut(Schema):
    code: str
    label: str
    unit_of_measure: str
    value: Value = Field(
        description="Tổng của cây đơn vị trong kỳ: một số, hoặc các phần kèm `total`; null nếu token không được "
        "xem các bản ghi mà chỉ tiêu đếm (ví dụ đoàn viên thường và danh sách đoàn viên)."
    )
    by_year: dict[str, Value] = Field(description="Năm → giá trị, cùng dạng với `value`.")
    records_url: str | None = Field(
        None, description="Trang danh sách các bản ghi được đếm (cùng đơn vị, kỳ); null với tỷ lệ."
    )


class FiguresOut(Schema):
    unit_id: int
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    as_of: date
    items: list[FigureOut]


class PeriodIn(Schema):
    start: date | None = Field(
        None, alias="from", description="Ngày đầu kỳ (YYYY-MM-DD), mặc định 1/1 năm nay."
    )
    end: date | None = Field(None, alias="to", description="Ngày cuối kỳ, tính cả ngày đó; mặc định hôm nay.")
    as_of: date | None = Field(None, description="Ngày đọc các chỉ tiêu trạng thái; mặc định ngày cuối kỳ.")

    @model_validator(mode="after")
    def _defaults(self):
        self.end = self.end or today()
        self.start = self.start or date(self.end.year, 1, 1)
        return self


@router.get(
    "",
    response={200: list[DefinitionOut], **ERRORS},
    operation_id="list_indicators",
    summary="Danh sách chỉ tiêu",
    description="Định nghĩa các chỉ tiêu: mã, tên, đơn vị tính, cách tính và các phần.",
)
def list_indicators(request):
    return [definition(i) for i in all_indicators()]


@unit_router.get(
    "/{unit_id}/indicators",
    response={200: FiguresOut, **ERRORS},
    by_alias=True,
    operation_id="unit_indicators",
    summary="Số liệu của một đơn vị",
    description="Mọi chỉ tiêu của đơn vị và các đơn vị trực thuộc (theo cây tại ngày của từng bản ghi) "
    "trong kỳ `from`–`to`. 404 nếu đơn vị không thuộc phạm vi của token.",
)
def unit_indicators(
    request,
    period: Query[PeriodIn],
    unit_id: int = Path(..., ge=1, le=MAX_ID, description="Mã số đơn vị."),
):
    assert period.start and period.end
    for day in (period.start, period.end, period.as_of):
        if day is not None and not MIN_DAY <= day <= MAX_DAY:
            raise ApiError(422, f"Ngày {day.isoformat()} nằm ngoài khoảng cho phép (từ năm 1900).")
    try:
        window = window_for(period.start, period.end + timedelta(days=1), period.as_of)
    except IndicatorError as exc:
        raise ApiError(422, exc.message) from exc
    try:
        items = figures_for(request.auth, unit_id, window)
    except IndicatorError as exc:
        raise ApiError(404, f"Không tìm thấy đơn vị {unit_id} trong phạm vi của bạn.") from exc
    for item in items:
        ind = get(item["code"])
        seen = ind and ind.records and not item.pop("hidden", False)
        item["records_url"] = records_url(item["code"], unit_id, window.start, window.end) if seen else None
    return {"unit_id": unit_id, "from": window.start, "to": period.end, "as_of": window.on, "items": items}
