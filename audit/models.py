from django.conf import settings
from django.db import models

from accounts.permissions import Action
from accounts.scoping import ScopedQuerySet


class AuditEventQuerySet(ScopedQuerySet["AuditEvent"]):
    """History: an event is seen by the subtree that held its unit on the day it happened, so the events
    of a dissolved or moved union stay with the upper units it belonged to then."""

    date_field = "at"
    view_action = Action.VIEW_AUDIT


class AuditEvent(models.Model):
    """One change to one record: who, acting for which unit, when, what, before and after."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Sửa"
        ARCHIVE = "archive", "Lưu trữ / kết thúc"
        RESTORE = "restore", "Khôi phục"
        REORGANISE = "reorganise", "Sắp xếp tổ chức"
        IMPORT = "import", "Nhập dữ liệu"
        LOGIN = "login", "Đăng nhập"
        LOGIN_FAILED = "login_failed", "Đăng nhập sai"
        ISSUE = "issue", "Ban hành"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    acting_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The unit the changed record belongs to: the audit page scopes by it.
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    model = models.CharField(max_length=60, db_index=True)  # "members.member"
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["unit", "at"]),
            models.Index(fields=["model", "object_id"]),
        ]
        verbose_name = "sự kiện nhật ký"
        verbose_name_plural = "nhật ký thay đổi"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()} {self.model}#{self.object_id}"
