"""Figures about units that other apps own (members today, the indicators engine later).

org knows no app above it (docs/architecture.md): the members app registers its counts here in
MembersConfig.ready(), and the tree's pages ask this module. Without a registered provider every
figure is 0, so org works (and its tests run) on its own.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any


def _none(unit_ids: Any, on: date) -> dict[int, int]:
    return {}


def _current_none(unit_ids: Iterable[int]) -> dict[int, int]:
    return {}


@dataclass
class MemberFigures:
    # Members of each unit's subtree as it stood on a day.
    in_subtree: Callable[[Iterable[int], date], dict[int, int]] = _none
    # Memberships valid on a day per unit (the unit itself, not its subtree); unit ids may be a subquery.
    by_unit: Callable[[Any, date], dict[int, int]] = _none
    # Current members whose unit is exactly this one (today).
    current_in_unit: Callable[[Iterable[int]], dict[int, int]] = _current_none


members = MemberFigures()


def register_members(*, in_subtree, by_unit, current_in_unit) -> None:
    members.in_subtree = in_subtree
    members.by_unit = by_unit
    members.current_in_unit = current_in_unit


def member_counts(unit_ids: Iterable[int], on: date) -> dict[int, int]:
    return members.in_subtree(list(unit_ids), on)


def members_in_subtree(unit_id: int, on: date) -> int:
    return member_counts([unit_id], on).get(unit_id, 0)


def members_by_unit(unit_ids: Any, on: date) -> dict[int, int]:
    return members.by_unit(unit_ids, on)


def current_members(unit_ids: Iterable[int]) -> dict[int, int]:
    return members.current_in_unit(list(unit_ids))
