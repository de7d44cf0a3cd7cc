"""The permission table: which role may do which action, and on which records.

A cell holds the scopes the role has for the action:
- "subtree": records whose unit lies in the subtree of the actor's acting unit;
- "self": the actor's own member record (and what hangs from it: memberships, pledges, quiz answers).
An empty cell refuses. Views, the API and the services all ask this table (through Actor.may and
ScopedQuerySet.restrict in accounts.scoping); docs/permissions.md lists the same table and a test
compares the two.
"""

from enum import StrEnum

from .models import Role


class Action(StrEnum):
    VIEW = "view"  # units, officers, documents, directives and tasks of the subtree
    VIEW_MEMBERS = "view_members"  # member records and member lists
    VIEW_PERSONAL = "view_personal"  # birth date, CCCD and phone of a member
    CHANGE = "change"  # create, edit, move, archive: members, units, drafts, accounts, task reports
    APPROVE = "approve"  # issue, register, withdraw documents; assign directives as tasks
    EXPORT = "export"  # the member list as .xlsx
    VIEW_AUDIT = "view_audit"  # the audit log
    VIEW_INTERNAL = "view_internal"  # internal documents (all but those meant for members), drafts included
    CHECK_IN = "check_in"  # record one's own study: present at an event (its QR code), a self-study quiz


class Scope(StrEnum):
    SUBTREE = "subtree"
    SELF = "self"


SUBTREE = frozenset({Scope.SUBTREE})
SELF = frozenset({Scope.SELF})
BOTH = frozenset({Scope.SUBTREE, Scope.SELF})
NONE: frozenset[Scope] = frozenset()

_OFFICER = {
    Action.VIEW: SUBTREE,
    Action.VIEW_MEMBERS: BOTH,
    Action.VIEW_PERSONAL: BOTH,
    Action.CHANGE: SUBTREE,
    Action.APPROVE: SUBTREE,
    Action.EXPORT: SUBTREE,
    Action.VIEW_AUDIT: SUBTREE,
    Action.VIEW_INTERNAL: SUBTREE,
    Action.CHECK_IN: SELF,
}

PERMISSIONS: dict[str, dict[Action, frozenset[Scope]]] = {
    Role.NATIONAL_STAFF: _OFFICER,
    Role.FEDERATION_STAFF: _OFFICER,
    Role.UPPER_OFFICER: _OFFICER,
    Role.GRASSROOTS_CHAIR: _OFFICER,
    Role.OPERATOR: _OFFICER,
    # The inspection committee reads the subtree's members but not their personal data.
    Role.INSPECTOR: {
        Action.VIEW: SUBTREE,
        Action.VIEW_MEMBERS: BOTH,
        Action.VIEW_PERSONAL: SELF,
        Action.EXPORT: SUBTREE,
        Action.VIEW_INTERNAL: SUBTREE,
        Action.CHECK_IN: SELF,
    },
    # A member's home is their own record, their union's officers and what is addressed to their union.
    Role.MEMBER: {
        Action.VIEW: SUBTREE,
        Action.VIEW_MEMBERS: SELF,
        Action.VIEW_PERSONAL: SELF,
        Action.CHECK_IN: SELF,
    },
}


def scopes(role: str, action: str) -> frozenset[Scope]:
    """The scopes `role` has for `action` (empty: refused). Unknown roles and actions get nothing."""
    return PERMISSIONS.get(role, {}).get(action, NONE)  # type: ignore[call-overload]  # StrEnum keys hash as str
