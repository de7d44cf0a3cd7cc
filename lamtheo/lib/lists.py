"""The list kit: the page of a list, the "as of" day of a page, and numbers as Vietnamese write them.

Templates: lists/_pagination.html (one pager for every list, keeps the other query parameters),
lists/_as_of.html (the "as of" date box), and the `so` filter (4.101) from the `kit` template library,
loaded in every template (settings.TEMPLATES builtins).
"""

from datetime import date

from django.core.paginator import Page, Paginator

from .dates import parse_date, today
from .errors import ServiceError


def paginate(request, items, per_page: int) -> Page:
    """The page `?page=` asks for (the last one when past the end, the first when not a number).

    `page.elided_range` lists the page numbers to show, with Paginator.ELLIPSIS for the gaps."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
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
