from datetime import date

from django.db import models

from lamtheo.lib.dates import OPEN_END, today


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    OTHER = "other", "Khác"


class MemberQuerySet(models.QuerySet["Member"]):
    def current(self) -> "MemberQuerySet":
        return self.filter(archived_at__isnull=True, unit__isnull=False)

    def visible_to(self, actor, *, broad: bool = False) -> "MemberQuerySet":
        """`broad`: the scope holds most members (a province). The unit test is then written so that
        no database uses an index for it ("unit_id + 0"), and a list in name order walks the
        sort_key index and stops at the page, instead of sorting 1.4 M rows (SQLite's plan)."""
        from accounts.scoping import visible_unit_ids

        if broad:
            plain = models.ExpressionWrapper(models.F("unit_id") + 0, output_field=models.IntegerField())
            return self.alias(unit_scan=plain).filter(unit_scan__in=visible_unit_ids(actor))
        return self.filter(unit_id__in=visible_unit_ids(actor))

    def search(self, query: str, *, personal: bool = True) -> "MemberQuerySet":
        """Accent-insensitive search over name, and over ID number and phone when `personal`.

        search_text holds the ID number and phone too: who may not see them may not search by them.
        """
        from lamtheo.lib.text import fold

        needle = fold(query)
        if not needle:
            return self
        if not personal and any(ch.isdigit() for ch in needle):
            return self.none()
        qs = self
        for word in needle.split(" "):
            qs = qs.filter(search_text__contains=word)
        return qs


class Member(models.Model):
    """A union member (đoàn viên). `unit` is the current grassroots unit, kept by the services."""

    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    family_name = models.CharField("họ", max_length=60, blank=True)
    middle_name = models.CharField("tên đệm", max_length=80, blank=True)
    given_name = models.CharField("tên", max_length=60)
    full_name = models.CharField("họ và tên", max_length=200)
    original_full_name = models.CharField("họ và tên như nhập", max_length=200, blank=True)
    gender = models.CharField("giới tính", max_length=10, choices=Gender.choices, blank=True)
    birth_date = models.DateField("ngày sinh", null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=60, blank=True)
    id_number = models.CharField("số CCCD", max_length=20, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    joined_on = models.DateField("ngày vào công đoàn", null=True, blank=True)
    position = models.CharField("chức vụ, nghề nghiệp", max_length=150, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=400, editable=False, default="", db_index=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberQuerySet.as_manager()

    PERSONAL_FIELDS = ("birth_date", "id_number", "phone")

    class Meta:
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"], condition=~models.Q(id_number=""), name="member_unique_id_number"
            )
        ]
        indexes = [
            # Current members (archived_at IS NULL) of units, counted from the index alone and listed
            # in name order without a sort: a province's 1.4 M rows are never read for its count.
            # Not partial: SQLite then prefers it to the foreign-key index for "unit IN … AND archived_at IS NULL".
            models.Index(fields=["unit", "archived_at", "sort_key", "id"], name="member_unit_current_sort"),
        ]
        verbose_name = "đoàn viên"
        verbose_name_plural = "đoàn viên"

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:member_detail", args=[self.pk])

    @property
    def audit_unit_id(self) -> int | None:
        return self.unit_id


class MembershipQuerySet(models.QuerySet["Membership"]):
    def valid_on(self, on: date | None = None) -> "MembershipQuerySet":
        on = on or today()
        return self.filter(valid_from__lte=on, valid_to__gt=on)


class Membership(models.Model):
    """member belongs to the grassroots unit during [valid_from, valid_to)."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="memberships")
    valid_from = models.DateField()
    valid_to = models.DateField(default=OPEN_END)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["unit", "valid_from", "valid_to"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lt=models.F("valid_to")), name="membership_valid_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.unit_id} [{self.valid_from}, {self.valid_to})"


class OfficerRole(models.Model):
    class Kind(models.TextChoices):
        CHAIR = "chair", "Chủ tịch"
        VICE_CHAIR = "vice_chair", "Phó Chủ tịch"
        STANDING = "standing", "Ủy viên Ban Thường vụ"
        EXECUTIVE = "executive", "Ủy viên Ban Chấp hành"
        INSPECTION_CHAIR = "inspection_chair", "Chủ nhiệm Ủy ban kiểm tra"
        INSPECTION = "inspection", "Ủy viên Ủy ban kiểm tra"
        GROUP_LEADER = "group_leader", "Tổ trưởng công đoàn"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="officer_roles")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="officer_roles")
    kind = models.CharField("chức danh", max_length=30, choices=Kind.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(default=OPEN_END)

    class Meta:
        ordering = ["unit", "kind"]
        verbose_name = "chức danh công đoàn"
        verbose_name_plural = "chức danh công đoàn"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id
