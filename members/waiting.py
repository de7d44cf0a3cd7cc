"""Members waiting for a transfer: their union was dissolved (members.reorganisation archived them)
and no union has taken them since. The upper unit finds them on its page, as the tree stood on the
day the union ended (the union is in no subtree of today)."""

from django.db.models import Exists, F, OuterRef, QuerySet

from lamtheo.lib.dates import OPEN_END
from org.models import Unit, UnitChange, UnitClosure

from .models import Membership


def waiting_for_transfer(upper: Unit) -> QuerySet[Membership]:
    """The last memberships of the members concerned (member, old union, day it ended), newest first.

    The caller has checked that the actor may see `upper`."""
    in_subtree_then = UnitClosure.objects.filter(
        ancestor=upper, descendant=OuterRef("unit_id"), valid_to=OuterRef("unit__valid_to")
    )
    later = Membership.objects.filter(member=OuterRef("member_id"), valid_to__gt=OuterRef("valid_to"))
    return (
        Membership.objects.filter(
            unit__changes__kind=UnitChange.Kind.DISSOLVE,
            unit__valid_to__lt=OPEN_END,
            valid_to=F("unit__valid_to"),
            member__unit__isnull=True,
        )
        .filter(Exists(in_subtree_then))
        .exclude(Exists(later))
        .select_related("member", "unit")
        .order_by("-valid_to", "member__sort_key", "member_id")
    )
