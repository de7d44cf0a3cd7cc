"""What a reorganisation tells the apps above the tree.

The tree knows no app above it. An app whose records belong to units (members, and later the open
tasks of directives) registers a handler in its AppConfig.ready(); each reorganisation service calls
every handler inside its own transaction, after the tree and its closure are updated, with a
`Reorganisation` saying what changed. A handler that refuses raises ServiceError: the whole
reorganisation is then rolled back.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.scoping import Actor

    from .models import Unit, UnitChange


@dataclass(frozen=True)
class Reorganisation:
    """One reorganisation as the apps above see it.

    sources: the units whose work ends on `on` (merge, split, dissolve) or that changed (create, move,
    rename). targets: the units that continue it (the merged unit, the parts of a split).
    successor: source id → the unit that takes its records by default (absent for a dissolve).
    placements: per record kind (a model label such as "members.member"), record id → index in
    `targets` of the part that takes it (a split); records not listed go to the default successor.
    """

    kind: str  # a UnitChange.Kind value
    on: date
    actor: "Actor"
    change: "UnitChange"
    sources: tuple["Unit", ...]
    targets: tuple["Unit", ...] = ()
    successor: Mapping[int, "Unit"] = field(default_factory=dict)
    placements: Mapping[str, Mapping[int, int]] = field(default_factory=dict)

    def ends_units(self) -> bool:
        from .models import UnitChange

        return self.kind in (UnitChange.Kind.MERGE, UnitChange.Kind.SPLIT, UnitChange.Kind.DISSOLVE)


Handler = Callable[[Reorganisation], None]
_handlers: list[Handler] = []


def on_reorganised(handler: Handler) -> Handler:
    """Register `handler` (idempotent, so that a second ready() does not call it twice)."""
    if handler not in _handlers:
        _handlers.append(handler)
    return handler


def handlers() -> tuple[Handler, ...]:
    return tuple(_handlers)


PreviewLines = Callable[[Sequence["Unit"], str, date], list[str]]
_previews: list[PreviewLines] = []


def on_preview(contributor: PreviewLines) -> PreviewLines:
    """Register `contributor(sources, successor_name, on) -> lines`: what the app's records will do in a
    merge or split, shown on its confirmation page (idempotent)."""
    if contributor not in _previews:
        _previews.append(contributor)
    return contributor


def preview_lines(*, sources: Sequence["Unit"], successor: str, on: date) -> list[str]:
    """Every app's lines for the confirmation page of a merge or split."""
    lines: list[str] = []
    for contributor in tuple(_previews):
        lines += contributor(sources, successor, on)
    return lines


@dataclass(frozen=True)
class Placeable:
    """Records of an app that a split may place part by part (`placements[label]`): `records(unit, on)`
    gives (record id, Vietnamese label) for the records of the unit to place, bounded by the app."""

    label: str  # a model label, the key of Reorganisation.placements
    heading: str  # Vietnamese: the fieldset's legend on the split form
    records: Callable[["Unit", date], list[tuple[int, str]]]


_placeables: dict[str, Placeable] = {}


def on_placeable(placeable: Placeable) -> Placeable:
    """Register records that the split form lets the officer place (idempotent per label)."""
    _placeables[placeable.label] = placeable
    return placeable


def placeables() -> tuple[Placeable, ...]:
    return tuple(_placeables.values())


def notify(event: Reorganisation) -> None:
    """Called by org.services inside the reorganisation's transaction."""
    for handler in tuple(_handlers):
        handler(event)
