import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.db import models

from lamtheo.lib.dates import OPEN_END, today


class Role(models.TextChoices):
    FEDERATION_STAFF = "federation_staff", "Cán bộ Liên đoàn (tỉnh, ngành TW)"
    UPPER_OFFICER = "upper_officer", "Cán bộ công đoàn cấp trên trực tiếp cơ sở"
    GRASSROOTS_CHAIR = "grassroots_chair", "Chủ tịch công đoàn cơ sở"
    INSPECTOR = "inspector", "Ủy ban kiểm tra"
    MEMBER = "member", "Đoàn viên"
    OPERATOR = "operator", "Quản trị hệ thống"
    NATIONAL_STAFF = "national_staff", "Cán bộ Tổng Liên đoàn"


# Roles of officers: they see members' personal data within their subtree and may write.
OFFICER_ROLES = frozenset(
    {Role.FEDERATION_STAFF, Role.UPPER_OFFICER, Role.GRASSROOTS_CHAIR, Role.OPERATOR, Role.NATIONAL_STAFF}
)
# Roles that may edit the tree and members (inspectors and members only read).
WRITER_ROLES = OFFICER_ROLES


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def valid_on(self, on: date | None = None) -> "AssignmentQuerySet":
        on = on or today()
        return self.filter(valid_from__lte=on, valid_to__gt=on)


class Assignment(models.Model):
    """A user acts for `unit` in `role` during [valid_from, valid_to)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT)
    valid_from = models.DateField(default=date(2000, 1, 1))
    valid_to = models.DateField(default=OPEN_END)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "valid_from"]
        verbose_name = "phân công"
        verbose_name_plural = "phân công"

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class LoginThrottle(models.Model):
    """Failed logins counted under one key (accounts/login.py): an (account, address) pair, an account
    from anywhere, or an address for any name. `locked_until` blocks further attempts under that key."""

    key = models.CharField(max_length=250, unique=True)
    # False for names that match no account: those rows are pruned first when the table is full.
    known_account = models.BooleanField(default=False)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(db_index=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class ApiToken(models.Model):
    """Bearer token for the JSON API, bound to one assignment (so to one unit and role)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="tokens")
    name = models.CharField("tên", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, assignment: Assignment, name: str) -> tuple["ApiToken", str]:
        key = secrets.token_urlsafe(32)
        return cls.objects.create(assignment=assignment, name=name, key_hash=cls.hash_key(key)), key
