"""Logins: lockout after repeated failures, and an audit event for every login and failed login.

Three counters, each a LoginThrottle row, so that nobody can lock an account out from afar for long and
look-alike names count as the account they log in to:
- (account, address): LOGIN_MAX_FAILURES within LOGIN_LOCKOUT_MINUTES locks that address out of that
  account for LOGIN_LOCKOUT_MINUTES (the ordinary lockout: the user elsewhere is not affected);
- account from any address: LOGIN_ACCOUNT_MAX_FAILURES locks the account for the shorter
  LOGIN_ACCOUNT_LOCKOUT_MINUTES (slows a guesser spread over many addresses without locking it forever);
- address for any name: LOGIN_ADDRESS_MAX_FAILURES locks the address (a sprayer of names).
The account is the one Django's backend would log in to: the username NFKC-normalised (as
AuthenticationForm does: fullwidth "ｃａｐｃｓ" is "capcs") and matched without regard to case; a name
that matches no account is counted under its casefolded NFKC form. Rows expire after their window and
the table is capped at LOGIN_THROTTLE_MAX_ROWS (made-up names go first), so it cannot grow without bound.
Failed logins are audited for real accounts (scoped to the account's unit); for made-up names only the
lockout of an address is, which bounds the audit log as well.

Why not django-axes (8.x, maintained): it locks on one set of parameters with one limit and one cool-off
(no short account-wide lock beside a longer per-address one), keeps a row per (name, address, user
agent) without a cap, writes its own access logs instead of our audit events, and adds a backend and a
middleware; the rules above are some 150 lines here.
"""

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Assignment, LoginThrottle
from accounts.scoping import SYSTEM, Actor
from audit.models import AuditEvent
from audit.services import record


@dataclass(frozen=True)
class Tier:
    name: str
    max_failures: int
    minutes: int


def _tiers() -> dict[str, Tier]:
    return {
        "pair": Tier("pair", settings.LOGIN_MAX_FAILURES, settings.LOGIN_LOCKOUT_MINUTES),
        "account": Tier(
            "account", settings.LOGIN_ACCOUNT_MAX_FAILURES, settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES
        ),
        "address": Tier(
            "address", settings.LOGIN_ADDRESS_MAX_FAILURES, settings.LOGIN_ADDRESS_LOCKOUT_MINUTES
        ),
    }


def normalise_username(username: str) -> str:
    """The name as Django's login form hands it to the backend (NFKC), trimmed."""
    return unicodedata.normalize("NFKC", username or "").strip()


def resolve_account(username: str):
    """The user a typed name refers to (NFKC, any case), or None."""
    name = normalise_username(username)
    if not name:
        return None
    users = get_user_model().objects
    return users.filter(username=name).first() or users.filter(username__iexact=name).order_by("pk").first()


def client_address(request) -> str:
    """The client's address; behind the HTTPS proxy, the one the proxy appended to X-Forwarded-For."""
    if settings.BEHIND_HTTPS_PROXY:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if forwarded:
            return forwarded[-1][:45]
    return (request.META.get("REMOTE_ADDR") or "")[:45]


@dataclass(frozen=True)
class Attempt:
    """Who is trying to log in, from where: the keys their failures count under."""

    user: Any  # the resolved account (a user model instance), or None for a made-up name
    account_key: str
    address: str

    @classmethod
    def of(cls, username: str, address: str, user=None) -> "Attempt":
        """`user`: the account that just logged in, when known; else the one the name resolves to."""
        user = user or resolve_account(username)
        account_key = f"user:{user.pk}" if user else f"name:{normalise_username(username).casefold()[:150]}"
        return cls(user=user, account_key=account_key, address=address)

    def keys(self) -> dict[str, str]:
        return {
            "pair": f"pair|{self.account_key}|{self.address}",
            "account": f"account|{self.account_key}",
            "address": f"address|{self.address}",
        }


def locked_until(attempt: Attempt) -> datetime | None:
    """The latest end of a lock that applies to this attempt, or None when it may try."""
    now = timezone.now()
    ends = LoginThrottle.objects.filter(key__in=attempt.keys().values(), locked_until__gt=now).values_list(
        "locked_until", flat=True
    )
    return max((end for end in ends if end is not None), default=None)


def _acting(user) -> Actor:
    first = Assignment.objects.valid_on().filter(user=user).order_by("id").first()
    if first is None:
        return Actor(user=user, unit_id=None, role="")
    return Actor(user=user, unit_id=first.unit_id, role=first.role)


def _unit_of(user) -> int | None:
    return (
        Assignment.objects.filter(user=user)
        .order_by("-valid_to", "id")
        .values_list("unit_id", flat=True)
        .first()
    )


@transaction.atomic
def register_failed_login(attempt: Attempt) -> None:
    """Count the failure under each key, lock the keys past their limit, prune, audit."""
    now = timezone.now()
    tiers = _tiers()
    newly_locked: list[str] = []
    for tier_name, key in attempt.keys().items():
        tier = tiers[tier_name]
        row = LoginThrottle.objects.select_for_update().filter(key=key).first()
        if row is None:
            row = LoginThrottle(key=key, last_failure_at=now)
        expired = row.last_failure_at <= now - timedelta(minutes=tier.minutes)
        lock_over = row.locked_until is not None and row.locked_until <= now
        if row.pk is None or expired or lock_over:
            row.failures, row.locked_until = 0, None
        row.failures += 1
        row.last_failure_at = now
        row.known_account = attempt.user is not None or tier_name == "address"
        if row.failures >= tier.max_failures and row.locked_until is None:
            row.locked_until = now + timedelta(minutes=tier.minutes)
            newly_locked.append(tier_name)
        row.save()
    _prune(now)
    _audit_failure(attempt, newly_locked)


def _audit_failure(attempt: Attempt, newly_locked: list[str]) -> None:
    locks = {
        "pair": f"khóa địa chỉ {attempt.address} với tài khoản này {settings.LOGIN_LOCKOUT_MINUTES} phút",
        "account": f"tạm khóa tài khoản {settings.LOGIN_ACCOUNT_LOCKOUT_MINUTES} phút",
        "address": f"khóa địa chỉ {attempt.address} {settings.LOGIN_ADDRESS_LOCKOUT_MINUTES} phút",
    }
    said = "; ".join(locks[t] for t in newly_locked)
    if attempt.user is not None:
        user = attempt.user
        record(
            SYSTEM,
            action=AuditEvent.Action.LOGIN_FAILED,
            model="auth.user",
            object_id=str(user.pk),
            unit_id=_unit_of(user),
            after={"address": attempt.address},
            summary=f"Đăng nhập sai vào tài khoản {user.username} từ địa chỉ {attempt.address}"
            + (f": {said}" if said else ""),
        )
    elif "address" in newly_locked:
        record(
            SYSTEM,
            action=AuditEvent.Action.LOGIN_FAILED,
            after={"address": attempt.address},
            summary=f"Đăng nhập sai nhiều lần từ địa chỉ {attempt.address} (tên không có thật): {said}",
        )


def _prune(now: datetime) -> None:
    """Forget counters whose window is over; past the cap, drop made-up names' rows, oldest first."""
    longest = max(t.minutes for t in _tiers().values())
    LoginThrottle.objects.filter(last_failure_at__lt=now - timedelta(minutes=longest)).filter(
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    ).delete()
    cap = settings.LOGIN_THROTTLE_MAX_ROWS
    excess = LoginThrottle.objects.count() - cap
    if excess > 0:
        oldest = LoginThrottle.objects.filter(known_account=False).order_by("last_failure_at", "id")
        LoginThrottle.objects.filter(pk__in=list(oldest.values_list("pk", flat=True)[:excess])).delete()


@transaction.atomic
def register_successful_login(attempt: Attempt) -> None:
    """The password was right: this address's and the account's counters start again (not the address's
    own counter, which counts every name tried from it)."""
    keys = attempt.keys()
    LoginThrottle.objects.filter(key__in=[keys["pair"], keys["account"]]).delete()
    user = attempt.user
    actor = _acting(user)
    record(
        actor,
        action=AuditEvent.Action.LOGIN,
        model="auth.user",
        object_id=str(user.pk),
        unit_id=actor.unit_id if actor.unit_id is not None else _unit_of(user),
        after={"address": attempt.address},
        summary=f"Đăng nhập từ địa chỉ {attempt.address}",
    )
