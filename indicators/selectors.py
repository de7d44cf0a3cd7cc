"""Reads for the "Số liệu" page: the acting unit's indicators × years, and one indicator by child unit."""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.scoping import Actor
from org.models import Unit
from org.selectors import name_on_subquery

from . import engine
from .registry import Indicator, Kind, Window, all_indicators

# Presets of the period picker: code → (label, start, end exclusive), relative to `today`.


def presets(today: date) -> list[tuple[str, str, date, date]]:
    y = today.year
    half = (date(y, 1, 1), date(y, 7, 1)) if today.month <= 6 else (date(y, 7, 1), date(y + 1, 1, 1))
    q = (today.month - 1) // 3
    quarter = (date(y, 3 * q + 1, 1), date(y + (q == 3), (3 * q + 3) % 12 + 1, 1))
    return [
        ("quy", "Quý này", *quarter),
        ("6-thang", "6 tháng", *half),
        ("nam", "Năm nay", date(y, 1, 1), date(y + 1, 1, 1)),
        ("so-ket-5-nam", "Sơ kết 5 năm 2021–2026", date(2021, 1, 1), date(2027, 1, 1)),
    ]


@dataclass
class Row:
    indicator: Indicator
    total: float
    years: list[tuple[int, float]]
    parts: list[tuple[str, str, float]]  # (code, label, value over the whole period)


@dataclass
class ChildRow:
    unit: Unit | None  # None: the records of the acting unit itself
    name: str
    total: float
    ended: bool


def table(actor: Actor, unit_id: int, window: Window) -> list[Row]:
    rows = []
    for ind in all_indicators():
        f = engine.compute(actor, ind, unit_id, window)
        parts = (
            [(k, ind.part_label(k), v) for k, v in f.value.items() if k != "total"]
            if isinstance(f.value, dict)
            else []
        )
        years = [(y, engine.total_of(v)) for y, v in f.by_year.items()]
        rows.append(Row(ind, engine.total_of(f.value), years, parts))
    return rows


def children(actor: Actor, ind: Indicator, unit_id: int, window: Window) -> list[ChildRow]:
    """The breakdown by child unit, lagging (smallest) first; units that ended in the period included."""
    if ind.kind is Kind.RATE:
        return []
    values = engine.by_child(actor, ind, unit_id, window)
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=[k for k in values if k is not None]).annotate(
            name_on=name_on_subquery(window.on)
        )
    }
    rows = [
        ChildRow(
            units.get(k) if k is not None else None,
            (getattr(units[k], "name_on", None) or units[k].name)
            if k is not None
            else "Tại đơn vị (không thuộc đơn vị trực thuộc)",
            engine.total_of(v),
            k is not None and units[k].valid_to <= window.end - timedelta(days=1),
        )
        for k, v in values.items()
        if k is None and engine.total_of(v) or k is not None
    ]
    return sorted(rows, key=lambda r: (r.unit is None, r.total, r.name))
