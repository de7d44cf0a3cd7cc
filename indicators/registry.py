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
class Summary:
    """Opt-in to summary rows (indicators.summary): the engine then answers from per-unit, per-day rows
    kept exact by the services that write the records (lamtheo.lib.tallies.records_changed).

    source: every record that may ever count, whatever the window (the indicator's records() must be
    source() narrowed to the window: to its day for a COUNT, to the records holding on `on` for a STATE).
    STATE: valid_from / valid_to name the record's validity [from, to). depends_on: labels of other models
    whose writes change the rows (e.g. "org.unit" when the part is read from the unit).
    """

    source: Callable[[], QuerySet]
    valid_from: str | None = None
    valid_to: str | None = None
    depends_on: tuple[str, ...] = ()


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
    # The drill-down lists one row per distinct_field value (its first record), naming the units of all its
    # records (a shared event once, with its hosts): its length is then the figure.
    list_distinct: bool = False
    numerator: str | None = None  # RATE: indicator codes
    denominator: str | None = None
    order: int = 100
    summary: Summary | None = None  # opt-in to summary rows (COUNT and STATE)

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
    if indicator.summary is not None:
        if indicator.kind not in (Kind.COUNT, Kind.STATE):
            raise RegistryError(f"Indicator {indicator.code}: only counts and states have summary rows.")
        if indicator.kind is Kind.STATE and not (indicator.summary.valid_from and indicator.summary.valid_to):
            raise RegistryError(
                f"Indicator {indicator.code}: a state's summary needs valid_from and valid_to."
            )
    _REGISTRY[indicator.code] = indicator
    return indicator


def get(code: str) -> Indicator | None:
    return _REGISTRY.get(code)


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda i: (i.order, i.code))


__all__ = ["Indicator", "Kind", "Summary", "Window", "register", "get", "all_indicators"]
