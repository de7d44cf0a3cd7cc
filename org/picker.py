"""The unit picker's search: units the actor may pick, found by a few typed letters (no accents needed).

Used by the JSON endpoint behind the Tom Select picker (views.unit_search) and by the picker fields
(org.fields) so that the list offered and the units accepted follow the same rules.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from accounts.scoping import Actor
from lamtheo.lib.dates import today
from lamtheo.lib.text import fold

from .models import GRASSROOTS_KINDS, Unit, UnitKind
from .selectors import parent_choices, peer_choices, subtree_unit_ids

MAX_RESULTS = 20
GRASSROOTS, UPPER = "grassroots", "upper"  # a level instead of one kind: CĐCS and guilds, or the rest


@dataclass(frozen=True)
class PickRule:
    """Which units a picker offers: active on `on`, of `kind` (a UnitKind, GRASSROOTS or UPPER), not in
    the subtree of `not_under`, or only the units `peers_of` may merge with."""

    kind: str = ""
    on: date | None = None
    not_under: int | None = None
    peers_of: int | None = None

    def params(self) -> dict[str, str]:
        """The rule as the endpoint's query parameters."""
        out = {"kind": self.kind, "not_under": self.not_under, "peers_of": self.peers_of}
        if self.on:
            out["on"] = self.on.isoformat()
        return {k: str(v) for k, v in out.items() if v}


def pickable_units(actor: Actor, rule: PickRule) -> QuerySet[Unit]:
    """Every unit the actor may pick under `rule` (the picker fields validate against this)."""
    on = rule.on or today()
    if rule.peers_of is not None:
        unit = Unit.objects.visible_to(actor, on=on).filter(pk=rule.peers_of).first()
        if unit is None:
            return Unit.objects.none()
        return peer_choices(actor, unit, on)
    if rule.kind == UPPER:
        return parent_choices(actor, on, exclude_subtree_of=rule.not_under)
    units = Unit.objects.visible_to(actor, on=on).active_on(on)
    if rule.kind == GRASSROOTS:
        units = units.filter(kind__in=GRASSROOTS_KINDS)
    elif rule.kind in UnitKind.values:
        units = units.filter(kind=rule.kind)
    if rule.not_under is not None:
        units = units.exclude(id__in=subtree_unit_ids(rule.not_under, on))
    return units


def search(actor: Actor, rule: PickRule, q: str = "") -> list[dict[str, object]]:
    """At most MAX_RESULTS units matching every typed word, by name, as the picker shows them."""
    units = pickable_units(actor, rule)
    for word in fold(q).split()[:8]:
        units = units.filter(search_text__contains=word)
    units = units.order_by("name", "id").only("id", "name", "code")[:MAX_RESULTS]
    return [{"value": u.pk, "text": label(u)} for u in units]


def label(unit: Unit) -> str:
    return f"{unit.name} ({unit.code})"
