"""A paginator that never counts more than it shows: past `cap` rows the count is "hơn 10.000".

Counting a province's 1.4 M members costs more than the page itself; nobody pages that far.
The count is `SELECT COUNT(*) FROM (… LIMIT cap + 1)`, which stops at cap + 1 rows.
"""

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator

COUNT_CAP = 10_000


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        rows: Any = self.object_list
        if hasattr(rows, "order_by"):  # a QuerySet: the count drops its ordering and stops at cap + 1
            return rows.order_by()[: self.cap + 1].count()
        return len(rows[: self.cap + 1])

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
        return f"hơn {thousands(self.cap)}" if self.capped else thousands(self.count)
