from datetime import date

from django.db import models
from django.db.models import OuterRef, Subquery

from accounts.permissions import Action
from accounts.scoping import Actor, ScopedQuerySet
from lamtheo.lib.dates import OPEN_END, today


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"
    OTHER = "other", "Khác"


class MemberQuerySet(ScopedQuerySet["Member"]):
    """Scoped by the current unit (visible_to). A member without one (archived, or waiting for a new
    union) belongs to the unit of their last membership: without_unit_visible_to applies that rule."""

    self_field = "pk"
    view_action = Action.VIEW_MEMBERS

    def current(self) -> "MemberQuerySet":
        return self.filter(archived_at__isnull=True, unit__isnull=False)

    def visible_to(self, actor, on=None, *, broad: bool = False) -> "MemberQuerySet":
        """`broad`: the scope holds most members (a province). The unit test is then written as
        "unit_id + 0", which no database answers from an index, so a list in name order walks the
        sort_key index and stops at the page instead of sorting 1.4 M rows (SQLite's plan)."""
        if not broad:
            return super().visible_to(actor, on)
        plain = models.ExpressionWrapper(models.F("unit_id") + 0, output_field=models.IntegerField())
        return self.alias(unit_scan=plain).restrict(actor, self.view_action, on=on, unit_field="unit_scan")

    def with_last_unit(self) -> "MemberQuerySet":
        last = Membership.objects.filter(member=OuterRef("pk")).order_by("-valid_to", "-id")
        return self.alias(
            last_unit_id=Subquery(last.values("unit_id")[:1]), last_end=Subquery(last.values("valid_to")[:1])
        )

    def without_unit_visible_to(self, actor: Actor, action: str = Action.VIEW_MEMBERS) -> "MemberQuerySet":
        """Members with no current unit (archived, or waiting after their union ended): seen by the
        subtree that held their last membership's unit on its last day (also when that unit is gone)."""
        return (
            self.filter(unit__isnull=True)
            .with_last_unit()
            .restrict(actor, action, unit_field="last_unit_id", ended_field="last_end")
        )

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
    # The precision of a birth date: the year alone when only that is known ("Năm sinh: 1986"), else
    # the year of birth_date (kept by fill_derived), so that ages and year filters read one column.
    birth_year = models.PositiveSmallIntegerField("năm sinh", null=True, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=60, blank=True)
    id_number = models.CharField("số CCCD", max_length=20, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    joined_on = models.DateField("ngày vào công đoàn", null=True, blank=True)
    position = models.CharField("chức vụ, nghề nghiệp", max_length=150, blank=True)
    search_text = models.CharField(max_length=400, editable=False, default="")
    sort_key = models.CharField(max_length=400, editable=False, default="")
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The import that created this member: one audit event per import (file, counts), not one per
    # member; the member page shows "Nhập từ tệp … ngày …" from it, and it lists the rows it created.
    import_event = models.ForeignKey(
        "audit.AuditEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

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
            # A province's list and search in name order: the walk of this index tests the search words,
            # the unit and archived_at without reading a table row (a search reads ~50,000 entries for
            # 50 matches; from the table that was 300 ms on PostgreSQL). It also serves a plain name sort.
            models.Index(
                fields=["sort_key", "id", "search_text", "unit", "archived_at"], name="member_name_walk"
            ),
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


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    self_field = "member"
    view_action = Action.VIEW_MEMBERS

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


class OfficerRoleQuerySet(ScopedQuerySet["OfficerRole"]):
    """Officers of a unit are seen (by name) by everyone of its subtree, members included."""

    self_field = "member"


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
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến trước ngày", default=OPEN_END)
    decision_ref = models.CharField("số quyết định", max_length=100, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    end_decision_ref = models.CharField("số quyết định thôi giữ chức danh", max_length=100, blank=True)

    objects = OfficerRoleQuerySet.as_manager()

    # One holder at a time; the other kinds (phó chủ tịch, ủy viên) have several.
    SINGLE_HOLDER = (Kind.CHAIR, Kind.INSPECTION_CHAIR)

    class Meta:
        ordering = ["unit", "kind"]
        verbose_name = "chức danh công đoàn"
        verbose_name_plural = "chức danh công đoàn"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.member}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class MemberTransferQuerySet(ScopedQuerySet):
    """Seen by both sides: the subtree of the sending union and that of the receiving union."""

    unit_field = "from_unit"
    self_field = "member"
    view_action = Action.VIEW_MEMBERS

    def in_units(self, unit_ids, unit_field: str):
        return models.Q(from_unit_id__in=unit_ids) | models.Q(to_unit_id__in=unit_ids)


class MemberTransfer(models.Model):
    """Chuyển sinh hoạt công đoàn to a union outside the sender's scope: the sending union releases the
    member with a letter of introduction (membership ends there), the receiving union accepts (a new
    membership starts). Both sides keep the record."""

    class Status(models.TextChoices):
        RELEASED = "released", "Chờ đơn vị mới tiếp nhận"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        CANCELLED = "cancelled", "Đã hủy, sinh hoạt lại ở đơn vị cũ"

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="transfers_out", verbose_name="đơn vị chuyển đi"
    )
    to_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="transfers_in", verbose_name="đơn vị chuyển đến"
    )
    status = models.CharField(
        "trạng thái", max_length=20, choices=Status.choices, default=Status.RELEASED, db_index=True
    )
    reason = models.TextField("lý do chuyển sinh hoạt")
    decision_ref = models.CharField("số quyết định, văn bản", max_length=100)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    released_on = models.DateField("ngày thôi sinh hoạt ở đơn vị cũ")
    accepted_on = models.DateField("ngày sinh hoạt ở đơn vị mới", null=True, blank=True)
    accept_decision_ref = models.CharField("số quyết định tiếp nhận", max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MemberTransferQuerySet.as_manager()

    class Meta:
        ordering = ["-released_on", "-id"]
        indexes = [
            models.Index(fields=["to_unit", "status"], name="transfer_to_status_idx"),
            models.Index(fields=["from_unit", "status"], name="transfer_from_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status="released"),
                name="transfer_one_pending_per_member",
            )
        ]
        verbose_name = "chuyển sinh hoạt công đoàn"
        verbose_name_plural = "chuyển sinh hoạt công đoàn"

    def __str__(self) -> str:
        return f"{self.member}: {self.from_unit} → {self.to_unit} ({self.released_on:%d/%m/%Y})"

    @property
    def audit_unit_id(self) -> int:
        return self.from_unit_id
