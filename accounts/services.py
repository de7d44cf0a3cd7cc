"""Accounts: assignments (logins and their lockout: accounts/login.py)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import ApiToken, Assignment, Role
from accounts.permissions import Action
from accounts.scoping import SYSTEM, Actor, NotPermitted, require, unit_is_visible
from audit.models import AuditEvent
from audit.services import record, snapshot
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.text import nfc
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


@transaction.atomic
def issue_api_token(actor: Actor, *, assignment: Assignment, name: str) -> tuple[ApiToken, str]:
    """A bearer token bound to `assignment`; the key is returned once and only its hash is kept.

    Only the system (the `create_api_token` command, run on the server) or an operator whose scope holds
    the assignment's unit may issue one: a token acts with the assignment's full rights."""
    if actor is not SYSTEM and not (
        actor.role == Role.OPERATOR and unit_is_visible(actor, assignment.unit_id)
    ):
        raise NotPermitted("Chỉ quản trị hệ thống mới được cấp token API.")
    name = nfc(name).strip()
    if not name:
        raise ServiceError("Cần đặt tên cho token.", field="name")
    if not assignment.valid_from <= today() < assignment.valid_to:
        raise ServiceError("Phân công này đã hết hiệu lực: không cấp token được.")
    token, key = ApiToken.issue(assignment, name)
    record(
        actor,
        action=AuditEvent.Action.CREATE,
        obj=token,
        unit_id=assignment.unit_id,
        after={"name": token.name, "assignment_id": assignment.pk, "user_id": assignment.user_id},
        summary=f"Cấp token API “{token.name}” cho {assignment.user.get_username()}",
    )
    return token, key
