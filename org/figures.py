"""Figures about units that other apps own: members, counted by the indicators engine when it can.

org knows no app above it (docs/architecture.md): the members app registers its counts here in
MembersConfig.ready(), and the tree's pages ask this module. Without a registered provider every
figure is 0, so org works (and its tests run) on its own. The subtree member totals come from the
indicators engine's summary rows (`members_by_sector`, registered by members/indicators.py) when they
are built, from the memberships otherwise; each links to the engine's drill-down of its records.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from lamtheo.lib.urls import IdUrl


def _none(unit_ids: Any, on: date) -> dict[int, int]:
    return {}


def _current_none(unit_ids: Iterable[int]) -> dict[int, int]:
    return {}


def _no_summary(unit_ids: list[int], on: date) -> dict[int, int] | None:
    return None


def _no_own_summary(unit_ids: Any, on: date) -> dict[int, int] | None:
    return None


def _no_link(on: date) -> IdUrl:
    return IdUrl()


@dataclass
class MemberFigures:
    # Members of each unit's subtree as it stood on a day.
    in_subtree: Callable[[Iterable[int], date], dict[int, int]] = _none
    # Memberships valid on a day per unit (the unit itself, not its subtree); unit ids may be a subquery.
    by_unit: Callable[[Any, date], dict[int, int]] = _none
    # Current members whose unit is exactly this one (today).
    current_in_unit: Callable[[Iterable[int]], dict[int, int]] = _current_none
    # The engine's subtree totals on a day (its summary rows), None when it cannot answer from them.
    from_summary: Callable[[list[int], date], dict[int, int] | None] = _no_summary
    # The same for each unit's own members (not its subtree); unit ids may be a subquery.
    own_from_summary: Callable[[Any, date], dict[int, int] | None] = _no_own_summary
    # The drill-down of a subtree total on a day, for any unit id (lamtheo.lib.urls.IdUrl).
    records_link: Callable[[date], IdUrl] = _no_link


members = MemberFigures()


def register_members(*, in_subtree, by_unit, current_in_unit) -> None:
    members.in_subtree = in_subtree
    members.by_unit = by_unit
    members.current_in_unit = current_in_unit


def register_engine(*, from_summary, own_from_summary, records_link) -> None:
    members.from_summary = from_summary
    members.own_from_summary = own_from_summary
    members.records_link = records_link


def member_counts(unit_ids: Iterable[int], on: date) -> dict[int, int]:
    ids = list(unit_ids)
    counts = members.from_summary(ids, on)
    return members.in_subtree(ids, on) if counts is None else counts


def member_counts_link(on: date) -> IdUrl:
    """The URLs of the records behind the units' member totals on `on`: `link(unit_id)` ("" for every
    unit when no engine is registered)."""
    return members.records_link(on)


def members_in_subtree(unit_id: int, on: date) -> int:
    return member_counts([unit_id], on).get(unit_id, 0)


def members_by_unit(unit_ids: Any, on: date) -> dict[int, int]:
    counts = members.own_from_summary(unit_ids, on)
    return members.by_unit(unit_ids, on) if counts is None else counts


def current_members(unit_ids: Iterable[int]) -> dict[int, int]:
    return members.current_in_unit(list(unit_ids))
