"""The list kit: the page of a list, the "as of" day of a page, and numbers as Vietnamese write them.

A long list counts at most `cap` rows (CappedPaginator: "hơn 10.000"): counting a province's 1.4 M
members costs more than the page itself, and nobody pages that far.

Templates: lists/_pagination.html (one pager for every list, keeps the other query parameters),
lists/_as_of.html (the "as of" date box), and the `so` filter (4.101) from the `kit` template library,
loaded in every template (settings.TEMPLATES builtins).
"""

from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator

from .dates import parse_date, today
from .errors import ServiceError

COUNT_CAP = 10_000


def paginate(request, items, per_page: int, *, cap: int | None = None, count: Any = None) -> Page:
    """The page `?page=` asks for; see page_of."""
    return page_of(items, request.GET.get("page"), per_page, cap=cap, count=count)


def page_of(items, number: Any, per_page: int, *, cap: int | None = None, count: Any = None) -> Page:
    """Page `number` of items (the last one when past the end, the first when not a number), its
    count capped at `cap` rows when given. `count`: a queryset of the same rows that counts faster than
    `items` (written for reading pages in order, not for counting).

    `page.elided_range` lists the page numbers to show, with Paginator.ELLIPSIS for the gaps."""
    paginator = CappedPaginator(items, per_page, cap=cap) if cap else Paginator(items, per_page)
    if count is not None:
        paginator.count = capped_count(count, cap) if cap else count.count()  # type: ignore[misc]
    page = paginator.get_page(number)
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]
    page.ellipsis = Paginator.ELLIPSIS  # type: ignore[attr-defined]
    return page


def parse_as_of(params) -> tuple[date, str]:
    """The "as of" day of a page from `?on=` (dd/mm/yyyy or yyyy-mm-dd), and an error message.

    An invalid date falls back to today, with a Vietnamese message for the page to show."""
    raw = (params.get("on") or params.get("ngay") or "").strip()
    if not raw:
        return today(), ""
    try:
        day = parse_date(raw[:40])
    except ServiceError as exc:
        return today(), f"Ngày đã nhập không hợp lệ. {exc.message} Đang hiển thị số liệu ngày hôm nay."
    return day or today(), ""


def format_number(value: object) -> object:
    """An integer with "." between thousands (4.101), as Vietnamese documents write it."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return f"{value:,}".replace(",", ".")


def format_decimal(value: float, digits: int = 1) -> str:
    """98.5 -> "98,5", 4101.0 -> "4.101", 1234.56 -> "1.234,6": "." between thousands, "," before decimals."""
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


MONEY_STEPS = ((1_000_000_000, "tỷ"), (1_000_000, "triệu"))


def format_figure(value: object, unit_of_measure: str = "") -> str:
    """A figure as Vietnamese documents print it: 4.101; 98,5 %; 3,2 tỷ đồng; "—" when there is none.

    Counts get no unit (the table has a column for it); a rate gets " %", a sum of money its size in
    words ("3,2 tỷ đồng", "450 triệu đồng", "12.500 đồng")."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "—" if value is None else str(value)
    number = float(value)
    # A no-break space ties the unit to its number: a narrow column never wraps "%" onto a line alone.
    if unit_of_measure == "%":
        return f"{format_decimal(number)}\u00a0%"
    if unit_of_measure == "đồng":
        for size, word in MONEY_STEPS:
            if abs(number) >= size:
                return f"{format_decimal(number / size)}\u00a0{word} đồng"
        return f"{format_decimal(number, 0)}\u00a0đồng"
    if number == int(number):
        return str(format_number(int(number)))
    return format_decimal(number)


def capped_count(items: Any, cap: int = COUNT_CAP) -> int:
    """How many items, counting at most cap + 1: a result above `cap` means "more than cap" (the list
    pages and the API's counts; a province's exact member count is a scan of 1.2 M rows)."""
    if hasattr(items, "order_by"):  # a QuerySet: the count drops its ordering and stops at cap + 1
        return items.order_by()[: cap + 1].count()
    return len(items[: cap + 1])


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        return capped_count(self.object_list, self.cap)

    def page(self, number):
        """As Paginator.page, but a capped count does not cut the last counted page short."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        """True when there are more rows than counted (the page range stops at cap rows)."""
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return f"hơn {format_number(self.cap)}" if self.capped else str(format_number(self.count))


def record_id(value: Any) -> int | None:
    """A record id from a query string or a form ("12"), or None for anything else: blank, not a
    number, zero or negative, or past what a database id column holds."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None
