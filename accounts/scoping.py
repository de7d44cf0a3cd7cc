"""The one place where "what may this actor see and do" is decided.

An Actor is (user, acting unit, role, own member record). What a role may do comes from the permission
table (accounts.permissions); on which records, from the union tree: the subtree of the acting unit as
it stood on a day (UnitClosure). Every scoped model's queryset derives from ScopedQuerySet, so that
`Model.objects.visible_to(actor)` and `Model.objects.restrict(actor, action)` mean the same everywhere.

Only the explicit SYSTEM actor (commands, demo data) bypasses the checks; an Actor without a user is an
ordinary, unprivileged actor.

This module reaches the tree through the app registry, not by importing org.models: org.models builds its
querysets on ScopedQuerySet, so the import goes one way (org → accounts.scoping).
"""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.apps import apps
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate

from lamtheo.lib.dates import today
from lamtheo.lib.errors import Refused

from .permissions import Action, Scope, scopes

if TYPE_CHECKING:
    from org.models import UnitClosure


class NotPermitted(Refused):
    """The actor's role or scope does not allow the change (a service refuses it). Pages show it on
    their form, or answer 403 where they have none (lamtheo.lib.forms)."""


@dataclass(frozen=True, eq=False)
class Actor:
    """Who is acting, for which unit, in which role; member_id is their own member record, if any."""

    user: Any
    unit_id: int | None
    role: str
    member_id: int | None = None

    @property
    def is_system(self) -> bool:
        return self is SYSTEM

    def scopes(self, action: str) -> frozenset[Scope]:
        if self.is_system:
            return frozenset(Scope)
        return scopes(self.role, action)

    def may(self, action: str, scope: Scope | None = None) -> bool:
        """May the role do `action` at all (scope None), or with this scope."""
        granted = self.scopes(action)
        return bool(granted) if scope is None else scope in granted

    @property
    def is_officer(self) -> bool:
        """Sees personal data across the subtree (the officers' pages, lists and exports)."""
        return self.may(Action.VIEW_PERSONAL, Scope.SUBTREE)

    @property
    def can_write(self) -> bool:
        return self.may(Action.CHANGE, Scope.SUBTREE)

    @property
    def sees_member_lists(self) -> bool:
        """Pages through the subtree's members (officers, inspectors); a plain member sees only their own."""
        return self.may(Action.VIEW_MEMBERS, Scope.SUBTREE)

    @property
    def can_export(self) -> bool:
        return self.may(Action.EXPORT, Scope.SUBTREE)


SYSTEM = Actor(user=None, unit_id=None, role="operator")


def _closure() -> "type[UnitClosure]":
    return apps.get_model("org", "UnitClosure")  # type: ignore[return-value]


def subtree_ids(unit_id: int, on: date | None = None) -> QuerySet:
    """Subquery of the ids of `unit_id` and the units below it on `on` (default today)."""
    day = on or today()
    return (
        _closure()
        .objects.filter(ancestor_id=unit_id, valid_from__lte=day, valid_to__gt=day)
        .values("descendant_id")
    )


def visible_unit_ids(actor: Actor, on: date | None = None) -> QuerySet:
    """Subquery of unit ids in the actor's subtree on `on`. SYSTEM sees every unit."""
    if actor.is_system:
        return apps.get_model("org", "Unit").objects.values("id")
    if actor.unit_id is None:
        return _closure().objects.none().values("descendant_id")
    return subtree_ids(actor.unit_id, on)


def unit_is_visible(actor: Actor, unit_id: int | None, on: date | None = None) -> bool:
    if unit_id is None:
        return False
    if actor.is_system:
        return apps.get_model("org", "Unit").objects.filter(pk=unit_id).exists()
    return visible_unit_ids(actor, on).filter(descendant_id=unit_id).exists()


def require(actor: Actor, action: str, *unit_ids: int | None) -> None:
    """Services call this first: the role must allow `action`, on units of the actor's subtree."""
    if actor.is_system:
        return
    if not actor.may(action, Scope.SUBTREE):
        raise NotPermitted("Vai trò của bạn không được thực hiện việc này.")
    for unit_id in unit_ids:
        if not unit_is_visible(actor, unit_id):
            raise NotPermitted("Đơn vị này nằm ngoài phạm vi quản lý của bạn.", field="unit")


_M = TypeVar("_M", bound=models.Model)


class ScopedQuerySet(QuerySet[_M]):
    """Base of every scoped model's queryset (NetBox's RestrictedQuerySet is the model).

    A subclass declares where its records sit in the tree:
    - unit_field: the unit a record belongs to ("id" for Unit itself);
    - date_field: for dated (historical) records, the date (or datetime) that places a record in time:
      such a record is seen by the actors whose subtree held its unit *on that date* (a dissolved union's
      audit events stay with the upper unit);
    - self_field: the path to the member a "self" scope matches ("pk" for Member, "member" for the rest);
    - view_action: the action that visible_to() checks.
    """

    unit_field: str = "unit"
    date_field: str | None = None
    self_field: str | None = None
    view_action: str = Action.VIEW

    def visible_to(self, actor: Actor, on: date | None = None) -> Self:
        """The records the actor may see: the subtree on `on` (default today; for dated records, each
        record's own date), plus the actor's own records where the role has the "self" scope."""
        return self.restrict(actor, self.view_action, on=on)

    def restrict(
        self, actor: Actor, action: str, on: date | None = None, *, unit_field: str | None = None,
        ended_field: str | None = None,
    ) -> Self:  # fmt: skip
        """The records on which the actor may do `action`: none when the role may not do it at all.

        unit_field and ended_field serve records placed by an annotation: ended_field (an exclusive end
        date) scopes them by the tree on their last day, as it stood while they were there."""
        if actor.is_system:
            return self.all()
        granted = actor.scopes(action)
        conditions: list[Q] = []
        if Scope.SUBTREE in granted and actor.unit_id is not None:
            unit_field = unit_field or self.unit_field
            if ended_field is not None:
                conditions.append(_held_until(actor.unit_id, unit_field, ended_field))
            else:
                conditions.append(self._in_subtree(actor.unit_id, on, unit_field))
        if Scope.SELF in granted and actor.member_id is not None and self.self_field:
            conditions.append(Q(**{self.self_field: actor.member_id}))
        if not conditions:
            return self.none()
        condition = conditions[0]
        for other in conditions[1:]:
            condition |= other
        return self.filter(condition)

    def in_units(self, unit_ids: QuerySet, unit_field: str) -> Q:
        """Records placed in one of `unit_ids` (a subquery). Override for records reached two ways."""
        return Q(**{f"{unit_field}__in": unit_ids})

    def _in_subtree(self, unit_id: int, on: date | None, unit_field: str) -> Q:
        if self.date_field is None or on is not None:
            return self.in_units(subtree_ids(unit_id, on), unit_field)
        # History: the closure row valid on the record's own date (closure_desc_idx: one range probe).
        field = self.model._meta.get_field(self.date_field)
        day: Any = OuterRef(self.date_field)
        if isinstance(field, models.DateTimeField):
            day = TruncDate(ExpressionWrapper(day, output_field=models.DateTimeField()))  # local date
        held = _closure().objects.filter(
            ancestor_id=unit_id, descendant_id=OuterRef(unit_field), valid_from__lte=day, valid_to__gt=day
        )
        return Q(Exists(held))


def _held_until(unit_id: int, unit_field: str, ended_field: str) -> Q:
    """unit_field lay in unit_id's subtree on the day before ended_field (valid_from < end <= valid_to)."""
    held = _closure().objects.filter(
        ancestor_id=unit_id,
        descendant_id=OuterRef(unit_field),
        valid_from__lt=OuterRef(ended_field),
        valid_to__gte=OuterRef(ended_field),
    )
    return Q(Exists(held))


def can_see_personal_data(actor: Actor, member) -> bool:
    """Birth date, ID number and phone: the role's "view_personal" scopes, on the member's unit (the current
    one, or for a member without one, the unit of their last membership), or the actor's own record."""
    if actor.is_system:
        return True
    granted = actor.scopes(Action.VIEW_PERSONAL)
    if Scope.SELF in granted and actor.member_id is not None and actor.member_id == member.pk:
        return True
    if Scope.SUBTREE not in granted:
        return False
    if member.unit_id is not None:
        return unit_is_visible(actor, member.unit_id)
    return (
        type(member)
        .objects.filter(pk=member.pk)
        .without_unit_visible_to(actor, Action.VIEW_PERSONAL)
        .exists()
    )
