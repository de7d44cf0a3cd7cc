"""Accounts: assignments, login throttling."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Assignment, LoginThrottle
from accounts.permissions import Action
from accounts.scoping import Actor, require
from audit.models import AuditEvent
from audit.services import record, snapshot
from org.models import Unit


@transaction.atomic
def create_user_with_assignment(
    actor: Actor, *, username: str, password: str, unit: Unit, role: str, full_name: str = "",
    member=None, valid_from: date | None = None,
):  # fmt: skip
    require(actor, Action.CHANGE, unit.pk)
    User = get_user_model()
    user = User.objects.create_user(username=username, password=password, first_name=full_name[:150])
    assignment = Assignment.objects.create(
        user=user, unit=unit, role=role, member=member, valid_from=valid_from or date(2000, 1, 1)
    )
    record(actor, action=AuditEvent.Action.CREATE, obj=assignment, unit_id=unit.pk, after=snapshot(assignment),
           summary=f"Tạo tài khoản {username} ({assignment.get_role_display()})")  # fmt: skip
    return user, assignment


def login_locked_until(username: str):
    throttle = LoginThrottle.objects.filter(username=username.lower()).first()
    if throttle and throttle.locked_until and throttle.locked_until > timezone.now():
        return throttle.locked_until
    return None


@transaction.atomic
def register_failed_login(username: str) -> None:
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username.lower())
    if throttle.locked_until and throttle.locked_until <= timezone.now():
        throttle.failures = 0
        throttle.locked_until = None
    throttle.failures += 1
    if throttle.failures >= settings.LOGIN_MAX_FAILURES:
        throttle.locked_until = timezone.now() + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    throttle.save()


def register_successful_login(username: str) -> None:
    LoginThrottle.objects.filter(username=username.lower()).delete()
