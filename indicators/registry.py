"""Indicator definitions: declared once, in the app that owns the records (`<app>/indicators.py`).

An indicator names the records it counts (`records(window)`, a queryset of one model, not yet limited
to a subtree), where each record sits in the tree (`unit_field`) and in time (`date_field`, for counts
over a period; a state indicator counts what holds on one day and has none). The engine adds the
subtree, the period, the breakdowns and the scoping, so adding an indicator changes no engine code.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.db.models import QuerySet


class Kind(StrEnum):
    COUNT = "count"  # records dated inside the period
    STATE = "state"  # records holding on a day (end of the period, or as_of)
    RATE = "rate"  # one indicator over another, in %
    MONEY = "money"  # a sum of an amount field over records dated inside the period


KIND_LABELS = {
    Kind.COUNT: "Số phát sinh trong kỳ",
    Kind.STATE: "Số có tại ngày",
    Kind.RATE: "Tỷ lệ",
    Kind.MONEY: "Tổng số tiền trong kỳ",
}


@dataclass(frozen=True)
class Window:
    """What a records() factory may need: the period [start, end) and the day a state is read on."""

    start: date
    end: date  # exclusive
    on: date  # the day of a state indicator, and the "today" of lateness


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit_of_measure: str
    kind: Kind
    description: str  # Vietnamese: how it is counted (hover text, report annex)
    records: Callable[[Window], QuerySet] | None = None
    unit_field: str = "unit"  # the record's own unit
    date_field: str | None = None  # COUNT/MONEY: the record's date (DateField or DateTimeField)
    part_field: str | None = None  # the field whose value names the part
    parts: tuple[tuple[str, str], ...] = ()  # (code, Vietnamese label), in display order
    amount_field: str | None = None  # MONEY; on a COUNT: sum this number kept on each record (head counts)
    distinct_field: str | None = None  # COUNT: count distinct values (an event held by several units, once)
    numerator: str | None = None  # RATE: indicator codes
    denominator: str | None = None
    order: int = 100

    @property
    def has_parts(self) -> bool:
        return bool(self.parts)

    def part_label(self, code: str) -> str:
        return dict(self.parts).get(code, code or "Chưa xác định")


_REGISTRY: dict[str, Indicator] = {}


class RegistryError(Exception):
    pass


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY and _REGISTRY[indicator.code] != indicator:
        raise RegistryError(f"Indicator {indicator.code} declared twice.")
    if indicator.kind in (Kind.COUNT, Kind.MONEY) and not indicator.date_field:
        raise RegistryError(f"Indicator {indicator.code}: a count over a period needs date_field.")
    if indicator.kind is Kind.RATE and not (indicator.numerator and indicator.denominator):
        raise RegistryError(f"Indicator {indicator.code}: a rate needs numerator and denominator.")
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.code))


__all__ = ["Indicator", "Kind", "Window", "register", "get", "all_indicators"]
