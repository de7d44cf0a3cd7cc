"""A paginator that never counts more than it shows: past `cap` rows the count is "hơn 10.000".

Counting a province's 1.4 M members costs more than the page itself; nobody pages that far.
The count is `SELECT COUNT(*) FROM (… LIMIT cap + 1)`, which stops at cap + 1 rows.
"""

from functools import cached_property

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
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        """True when there are more rows than counted (the page range stops at cap rows)."""
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        return f"hơn {thousands(self.cap)}" if self.capped else thousands(self.count)
