"""Reads of transfers between unions (chuyển sinh hoạt): both sides see them, nobody else."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.scoping import Actor, visible_unit_ids

from .models import MemberTransfer

LIST_LIMIT = 100


def _transfers(actor: Actor) -> QuerySet[MemberTransfer]:
    return MemberTransfer.objects.visible_to(actor).select_related("member", "from_unit", "to_unit")


def incoming(actor: Actor) -> QuerySet[MemberTransfer]:
    """Transfers to the actor's subtree, pending ones first."""
    return (
        _transfers(actor)
        .filter(to_unit_id__in=visible_unit_ids(actor))
        .order_by("-status", "-released_on", "-id")  # "released" sorts after "accepted": descending
    )


def outgoing(actor: Actor) -> QuerySet[MemberTransfer]:
    return _transfers(actor).filter(from_unit_id__in=visible_unit_ids(actor)).order_by("-released_on", "-id")


def get_transfer(actor: Actor, pk: int) -> MemberTransfer:
    return get_object_or_404(_transfers(actor), pk=pk)
