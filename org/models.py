"""The union tree with its history.

UnitLink (effective-dated parent links) is the source of truth; UnitClosure is derived from it by
org.closure and answers "the subtree of X as it stood on date D" with one indexed range predicate.
"""

from datetime import date

from django.db import models

from accounts.scoping import ScopedQuerySet
from lamtheo.lib.dates import OPEN_END, today


class UnitKind(models.TextChoices):
    CONFEDERATION = "confederation", "Tổng Liên đoàn Lao động Việt Nam"
    PROVINCIAL_FEDERATION = "provincial_federation", "Liên đoàn Lao động tỉnh, thành phố"
    NATIONAL_SECTOR_UNION = "national_sector_union", "Công đoàn ngành Trung ương và tương đương"
    UPPER_GRASSROOTS = "upper_grassroots", "Công đoàn cấp trên trực tiếp cơ sở"
    GRASSROOTS = "grassroots", "Công đoàn cơ sở"
    GUILD = "guild", "Nghiệp đoàn cơ sở"


GRASSROOTS_KINDS = (UnitKind.GRASSROOTS, UnitKind.GUILD)


class UnitSubkind(models.TextChoices):
    NONE = "", "—"
    DISTRICT = "district", "LĐLĐ huyện, quận, thị xã, thành phố thuộc tỉnh"
    LOCAL_SECTOR = "local_sector", "Công đoàn ngành địa phương"
    CIVIL_SERVANTS = "civil_servants", "Công đoàn Viên chức tỉnh"
    INDUSTRIAL_ZONE = "industrial_zone", "Công đoàn các khu công nghiệp"
    COMMUNE = "commune", "Công đoàn xã, phường, đặc khu"
    CORPORATION = "corporation", "Công đoàn tổng công ty"
    AGENCIES = "agencies", "Công đoàn cơ quan"


class Sector(models.TextChoices):
    NONE = "", "—"
    PUBLIC_SERVICE_UNIT = "public_service_unit", "Đơn vị sự nghiệp công lập"
    ADMINISTRATIVE_AGENCY = "administrative_agency", "Cơ quan hành chính, Đảng, đoàn thể"
    STATE_ENTERPRISE = "state_enterprise", "Doanh nghiệp có vốn nhà nước"
    NON_STATE_ENTERPRISE = "non_state_enterprise", "Doanh nghiệp ngoài nhà nước"
    FDI_ENTERPRISE = "fdi_enterprise", "Doanh nghiệp có vốn đầu tư nước ngoài"
    COOPERATIVE = "cooperative", "Hợp tác xã"
    GUILD = "guild", "Nghiệp đoàn"


class UnitQuerySet(ScopedQuerySet["Unit"]):
    unit_field = "id"

    def active_on(self, on: date | None = None) -> "UnitQuerySet":
        on = on or today()
        return self.filter(valid_from__lte=on, valid_to__gt=on)

    def subtree_of(self, unit_id: int, on: date | None = None) -> "UnitQuerySet":
        on = on or today()
        return self.filter(
            id__in=UnitClosure.objects.valid_on(on).filter(ancestor_id=unit_id).values("descendant_id")
        )

    def grassroots(self) -> "UnitQuerySet":
        return self.filter(kind__in=GRASSROOTS_KINDS)


class Unit(models.Model):
    """A node of the union tree. Identity (code, kind, sector) is stable; name and parent are dated."""

    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)  # current name; history in UnitName
    short_name = models.CharField("tên viết tắt", max_length=120, blank=True)
    kind = models.CharField("cấp", max_length=30, choices=UnitKind.choices, db_index=True)
    subkind = models.CharField("loại", max_length=30, choices=UnitSubkind.choices, blank=True, default="")
    sector = models.CharField("khu vực", max_length=30, choices=Sector.choices, blank=True, default="")
    header_parent = models.CharField("dòng cơ quan chủ quản (tiêu đề văn bản)", max_length=200, blank=True)
    header_name = models.CharField("dòng tên cơ quan ban hành (tiêu đề văn bản)", max_length=200, blank=True)
    issuer_code = models.CharField("chữ viết tắt trong ký hiệu văn bản", max_length=30, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    valid_from = models.DateField("ngày thành lập", default=date(1929, 7, 28))
    valid_to = models.DateField("ngày kết thúc", default=OPEN_END)
    search_text = models.CharField(max_length=400, editable=False, db_index=True, default="")

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lt=models.F("valid_to")), name="unit_valid_range"
            )
        ]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("org:unit_detail", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.pk

    @property
    def is_grassroots(self) -> bool:
        return self.kind in GRASSROOTS_KINDS

    def is_active_on(self, on: date) -> bool:
        return self.valid_from <= on < self.valid_to


class UnitName(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(max_length=255)
    valid_from = models.DateField()
    valid_to = models.DateField(default=OPEN_END)

    class Meta:
        ordering = ["unit", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lt=models.F("valid_to")), name="unitname_valid_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitLinkQuerySet(models.QuerySet["UnitLink"]):
    def valid_on(self, on: date) -> "UnitLinkQuerySet":
        return self.filter(valid_from__lte=on, valid_to__gt=on)


class UnitLink(models.Model):
    """child sits under parent from valid_from (inclusive) to valid_to (exclusive)."""

    child = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="parent_links")
    parent = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="child_links")
    valid_from = models.DateField()
    valid_to = models.DateField(default=OPEN_END)

    objects = UnitLinkQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["parent", "valid_from", "valid_to"]),
            models.Index(fields=["child", "valid_from", "valid_to"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lt=models.F("valid_to")), name="unitlink_valid_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.parent_id} [{self.valid_from}, {self.valid_to})"


class UnitClosureQuerySet(models.QuerySet["UnitClosure"]):
    def valid_on(self, on: date) -> "UnitClosureQuerySet":
        return self.filter(valid_from__lte=on, valid_to__gt=on)


class UnitClosure(models.Model):
    """Derived: ancestor has descendant at `depth` below it during [valid_from, valid_to).

    Rebuilt only by org.closure, called by the reorganisation services in their transaction.
    """

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_index=False)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField()
    valid_to = models.DateField()

    objects = UnitClosureQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["ancestor", "valid_from", "valid_to", "descendant"], name="closure_anc_idx"),
            models.Index(
                fields=["descendant", "valid_from", "valid_to", "ancestor"], name="closure_desc_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ancestor_id} ⊇ {self.descendant_id} [{self.valid_from}, {self.valid_to})"


class UnitChange(models.Model):
    """A reorganisation, as decided: its kind, date and decision reference."""

    class Kind(models.TextChoices):
        CREATE = "create", "Thành lập"
        MOVE = "move", "Chuyển đơn vị cấp trên"
        RENAME = "rename", "Đổi tên"
        MERGE = "merge", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVE = "dissolve", "Giải thể, chấm dứt hoạt động"

    kind = models.CharField("loại thay đổi", max_length=20, choices=Kind.choices)
    date = models.DateField("ngày hiệu lực", db_index=True)
    decision_ref = models.CharField("quyết định", max_length=200, blank=True)
    note = models.TextField("ghi chú", blank=True)
    units = models.ManyToManyField(Unit, related_name="changes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "thay đổi tổ chức"
        verbose_name_plural = "thay đổi tổ chức"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class UnitSuccession(models.Model):
    """predecessor's work continues in successor from `date` (merge, split)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessions")
    date = models.DateField()
    change = models.ForeignKey(UnitChange, on_delete=models.PROTECT, related_name="successions")

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id} ({self.date})"
