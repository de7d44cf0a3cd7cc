"""Study and outreach: programmes, topics and their items, quarterly schedules, study events with their
attendance, outreach items and training courses.

Where each record sits in the tree:
- Programme: national, seen by everyone (no unit).
- Topic, StudySchedule: issued by a unit for its subtree, so seen by the issuer's subtree *and* by the
  units above and below it (a grassroots union reads the province's topic): `TopicQuerySet.visible_to`.
- StudyEvent: held by one or several units (`StudyEventHost`); dated, so seen by the subtree that held
  any of its hosts on the event's day. Counted once per host (each host's figures) and once for a common
  ancestor (the indicators count distinct events).
- Attendance: one row per member and event (or per member and item for self-study, `source=self_study`,
  event empty): the member's unit and the day are copied onto the row, so that coverage and the
  indicators read one table.
- OutreachItem, TrainingCourse: one unit, one date.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.permissions import Action
from accounts.scoping import Actor, ScopedQuerySet, subtree_ids
from lamtheo.lib.dates import OPEN_END, today


class ProgrammeKind(models.TextChoices):
    DIRECTIVE = "directive", "Chỉ thị"
    CONCLUSION = "conclusion", "Kết luận"
    CONGRESS_TERM = "congress_term", "Nhiệm kỳ Đại hội Đảng"
    OTHER = "other", "Khác"


class Programme(models.Model):
    """What the study work implements: Chỉ thị 05-CT/TW, Kết luận 01-KL/TW, a Party congress term."""

    kind = models.CharField("loại", max_length=20, choices=ProgrammeKind.choices)
    code = models.CharField("ký hiệu", max_length=40, unique=True)
    title = models.CharField("tên chương trình", max_length=400)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến trước ngày", default=OPEN_END)

    class Meta:
        ordering = ["valid_from", "code"]
        verbose_name = "chương trình học tập"
        verbose_name_plural = "chương trình học tập"

    def __str__(self) -> str:
        return self.code


def _ancestor_ids(unit_id: int, on=None):
    from django.apps import apps

    day = on or today()
    closure = apps.get_model("org", "UnitClosure")
    return closure.objects.filter(descendant_id=unit_id, valid_from__lte=day, valid_to__gt=day).values(
        "ancestor_id"
    )


class IssuedQuerySet(ScopedQuerySet):
    """Records a unit issues for its subtree (topics, schedules): seen by the issuer's subtree, by the
    units above the issuer and by the units below it; records without an issuer by everyone."""

    unit_field = "issuer_unit"

    def visible_to(self, actor: Actor, on=None):
        if actor.is_system:
            return self.all()
        if actor.unit_id is None or not actor.may(self.view_action):
            return self.none()
        field = self.unit_field
        return self.filter(
            Q(**{f"{field}__isnull": True})
            | Q(**{f"{field}__in": subtree_ids(actor.unit_id, on)})
            | Q(**{f"{field}__in": _ancestor_ids(actor.unit_id, on)})
        )


class TopicScope(models.TextChoices):
    TERM = "term", "Chuyên đề toàn khóa"
    YEAR = "year", "Chuyên đề năm"


class Topic(models.Model):
    """A study topic (chuyên đề): term-wide (XIII 2021–2026, XIV from 2026) or for one year; issued by a
    unit (one province's yearly topic differs from another's), with numbered items (1)..(n)."""

    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.PROTECT, related_name="topics",
        verbose_name="chương trình",
    )  # fmt: skip
    scope = models.CharField("phạm vi", max_length=10, choices=TopicScope.choices)
    term = models.CharField("nhiệm kỳ Đại hội Đảng", max_length=10, blank=True)  # "XIII", "XIV"
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    title = models.CharField("tên chuyên đề", max_length=600)
    issuer_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="study_topics",
        verbose_name="đơn vị ban hành",
    )  # fmt: skip
    party_committee = models.CharField("cấp ủy biên soạn", max_length=200, blank=True)
    guidance_ref = models.CharField("văn bản hướng dẫn", max_length=200, blank=True)
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến trước ngày", default=OPEN_END)
    search_text = models.CharField(max_length=800, editable=False, default="")
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = IssuedQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="term") | Q(year__isnull=False), name="study_topic_year_needs_year"
            )
        ]
        verbose_name = "chuyên đề"
        verbose_name_plural = "chuyên đề"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int | None:
        return self.issuer_unit_id


class TopicItem(models.Model):
    """Content item (n) of a topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="items", verbose_name="chuyên đề")
    number = models.PositiveSmallIntegerField("số thứ tự")
    title = models.CharField("nội dung", max_length=600)

    class Meta:
        ordering = ["topic", "number"]
        constraints = [models.UniqueConstraint(fields=["topic", "number"], name="study_item_number_unique")]
        verbose_name = "nội dung chuyên đề"
        verbose_name_plural = "nội dung chuyên đề"

    def __str__(self) -> str:
        return f"({self.number}) {self.title}"

    @property
    def label(self) -> str:
        return f"({self.number})"


class ScheduleQuerySet(IssuedQuerySet):
    unit_field = "unit"


class StudySchedule(models.Model):
    """A unit's quarterly study schedule for one topic and year. A schedule applies to the unit's whole
    subtree; a lower unit's own schedule may add items but keeps every item of the schedules above it
    (study.services.set_schedule refuses to drop one)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="study_schedules", verbose_name="đơn vị"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="schedules", verbose_name="chuyên đề"
    )
    year = models.PositiveSmallIntegerField("năm")
    guidance_ref = models.CharField("văn bản hướng dẫn", max_length=200, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "topic", "year"], condition=Q(deleted_at__isnull=True),
                name="study_schedule_unique",
            )
        ]  # fmt: skip
        verbose_name = "lịch học tập"
        verbose_name_plural = "lịch học tập"

    def __str__(self) -> str:
        return f"Lịch học tập {self.year} – {self.topic}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class ScheduleEntry(models.Model):
    """Quarter → item. An entry without an item is a quarter's other work (Q4: review of the year)."""

    schedule = models.ForeignKey(
        StudySchedule, on_delete=models.CASCADE, related_name="entries", verbose_name="lịch học tập"
    )
    quarter = models.PositiveSmallIntegerField("quý")
    item = models.ForeignKey(
        TopicItem, null=True, blank=True, on_delete=models.PROTECT, related_name="schedule_entries",
        verbose_name="nội dung",
    )  # fmt: skip
    note = models.CharField("ghi chú", max_length=600, blank=True)

    class Meta:
        ordering = ["schedule", "quarter", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "quarter", "item"], name="study_entry_unique"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="study_entry_quarter"),
        ]
        verbose_name = "nội dung theo quý"
        verbose_name_plural = "nội dung theo quý"

    def __str__(self) -> str:
        return f"Quý {self.quarter}: {self.item or self.note}"


class EventKind(models.TextChoices):
    CONFERENCE = "conference", "Hội nghị quán triệt"
    THEMATIC = "thematic", "Sinh hoạt chuyên đề"
    PERIODIC = "periodic", "Sinh hoạt định kỳ"
    SEMINAR = "seminar", "Tọa đàm"
    FORUM = "forum", "Diễn đàn"
    CONTEST = "contest", "Hội thi, cuộc thi"


class AttendanceMode(models.TextChoices):
    LIST = "list", "Điểm danh theo danh sách đoàn viên"
    COUNTS = "counts", "Số lượng người tham dự"


class StudyEventQuerySet(ScopedQuerySet["StudyEvent"]):
    """Dated: seen by the subtrees that held any of the event's hosts on the event's day."""

    unit_field = "unit"
    date_field = "held_on"

    def live(self) -> "StudyEventQuerySet":
        return self.filter(deleted_at__isnull=True)

    def _in_subtree(self, unit_id, on, unit_field):
        if unit_field != self.unit_field:
            return super()._in_subtree(unit_id, on, unit_field)
        hosts = StudyEventHost.objects.filter(event=OuterRef("pk"))
        return Q(Exists(hosts.filter(StudyEventHost.objects.all()._in_subtree(unit_id, on, "unit"))))


class StudyEvent(models.Model):
    """A conference, study session, seminar, forum or contest, held by one unit or several together."""

    kind = models.CharField("hình thức", max_length=20, choices=EventKind.choices)
    title = models.CharField("tên hoạt động", max_length=400)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="study_events", verbose_name="đơn vị chủ trì"
    )
    held_on = models.DateField("ngày tổ chức")
    place = models.CharField("địa điểm", max_length=300, blank=True)
    topic = models.ForeignKey(
        Topic,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name="chuyên đề",
    )
    items = models.ManyToManyField(
        TopicItem, blank=True, related_name="events", verbose_name="nội dung học tập"
    )
    mode = models.CharField(
        "cách ghi người tham dự", max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.LIST
    )
    online = models.BooleanField("trực tuyến", default=False)
    entries = models.PositiveIntegerField("số lượt dự thi", null=True, blank=True)  # contests
    note = models.TextField("ghi chú", blank=True)
    search_text = models.CharField(max_length=500, editable=False, default="")
    created_by = models.ForeignKey(
        "auth.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người ghi",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = StudyEventQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "held_on"], name="study_event_unit_day")]
        verbose_name = "hoạt động học tập"
        verbose_name_plural = "hoạt động học tập"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("study:event_detail", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class HostQuerySet(ScopedQuerySet["StudyEventHost"]):
    unit_field = "unit"
    date_field = "held_on"


class StudyEventHost(models.Model):
    """One unit holding the event (the lead unit included). Head counts, where no list is ticked, are
    kept per host; `participants` (lượt) is kept by the services: present members + head counts."""

    event = models.ForeignKey(
        StudyEvent, on_delete=models.CASCADE, related_name="hosts", verbose_name="hoạt động"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="study_hosts", verbose_name="đơn vị tổ chức"
    )
    held_on = models.DateField("ngày tổ chức")  # the event's day, copied for the indicators' index
    kind = models.CharField("hình thức", max_length=20, choices=EventKind.choices)  # copied likewise
    member_count = models.PositiveIntegerField("số đoàn viên tham dự", default=0)
    worker_count = models.PositiveIntegerField("số CNVCLĐ chưa là đoàn viên tham dự", default=0)
    participants = models.PositiveIntegerField("lượt người tham dự", default=0)
    live = models.BooleanField(default=True)  # false once the event is deleted (soft)

    objects = HostQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="study_host_unique")]
        indexes = [models.Index(fields=["unit", "held_on"], name="study_host_unit_day")]
        verbose_name = "đơn vị tổ chức"
        verbose_name_plural = "đơn vị tổ chức"

    def __str__(self) -> str:
        return str(self.event)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("study:event_detail", args=[self.event_id])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Có mặt"
    EXCUSED = "excused", "Vắng có lý do"
    ABSENT = "absent", "Vắng"


class AttendanceSource(models.TextChoices):
    LIST = "list", "Điểm danh theo danh sách"
    QR = "qr", "Điểm danh bằng mã QR"
    CORRECTION = "correction", "Sửa sau buổi học"
    IMPORT = "import", "Nhập từ tệp"
    SELF_STUDY = "self_study", "Tự học"


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    unit_field = "unit"
    date_field = "on"
    self_field = "member"
    view_action = Action.VIEW_MEMBERS

    def reached(self) -> "AttendanceQuerySet":
        """Rows that count a member as reached: present at an event, or a passed self-study."""
        return self.filter(status=AttendanceStatus.PRESENT)


class Attendance(models.Model):
    """A member at an event (present / excused / absent), or a member's passed self-study of an item
    (source self_study, no event). `unit` is the member's union at the time, `on` the day."""

    event = models.ForeignKey(
        StudyEvent, null=True, blank=True, on_delete=models.CASCADE, related_name="attendances",
        verbose_name="hoạt động",
    )  # fmt: skip
    item = models.ForeignKey(
        TopicItem, null=True, blank=True, on_delete=models.PROTECT, related_name="attendances",
        verbose_name="nội dung tự học",
    )  # fmt: skip
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="attendances", verbose_name="đoàn viên"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="công đoàn")
    on = models.DateField("ngày")
    status = models.CharField("điểm danh", max_length=10, choices=AttendanceStatus.choices)
    source = models.CharField("nguồn", max_length=12, choices=AttendanceSource.choices)
    recorded_at = models.DateTimeField("ghi lúc", auto_now=True)
    live = models.BooleanField(default=True)  # false once the event is deleted (soft)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "member"], condition=Q(event__isnull=False), name="study_attendance_once"
            ),
            models.UniqueConstraint(
                fields=["item", "member"], condition=Q(event__isnull=True, item__isnull=False),
                name="study_self_study_once",
            ),
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["unit", "on", "member"], name="study_att_unit_day"),
            models.Index(fields=["member", "on"], name="study_att_member_day"),
            # The rows that reach a member, by unit and day, the member in the key: coverage counts the
            # members reached per union in a quarter from this index alone (index-only, in unit order).
            models.Index(
                fields=["unit", "on", "member"],
                condition=Q(status="present", live=True),
                name="study_att_reached",
            ),
        ]
        verbose_name = "điểm danh"
        verbose_name_plural = "điểm danh"

    def __str__(self) -> str:
        return f"{self.member_id} – {self.get_status_display()}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


def _attachment_path(instance: "EventAttachment", filename: str) -> str:
    return f"study/{instance.event_id}/{filename}"


class EventAttachment(models.Model):
    """Minutes, photos of an event (checked for size and type by the service)."""

    event = models.ForeignKey(
        StudyEvent, on_delete=models.CASCADE, related_name="attachments", verbose_name="hoạt động"
    )
    file = models.FileField("tệp", upload_to=_attachment_path, max_length=300)
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"

    def __str__(self) -> str:
        return self.name


class OutreachChannel(models.TextChoices):
    NEWS = "news", "Tin"
    ARTICLE = "article", "Bài viết"
    REPORTAGE = "reportage", "Phóng sự"
    RADIO = "radio", "Chương trình phát thanh"
    TV = "tv", "Chương trình truyền hình"
    FANPAGE = "fanpage", "Bài đăng fanpage"
    ZALO = "zalo", "Bài đăng Zalo"
    WEBSITE = "website", "Bài đăng cổng thông tin, website"
    BANNER = "banner", "Pano, băng rôn"


# outreach_items counts news and posts; outreach_programs counts broadcast programmes and reportages.
ITEM_CHANNELS = ("news", "article", "fanpage", "zalo", "website")
PROGRAM_CHANNELS = ("reportage", "radio", "tv")


class DatedQuerySet(ScopedQuerySet):
    unit_field = "unit"
    date_field = "on"

    def live(self):
        return self.filter(deleted_at__isnull=True)


class OutreachItem(models.Model):
    channel = models.CharField("hình thức", max_length=12, choices=OutreachChannel.choices)
    on = models.DateField("ngày đăng, phát sóng")
    title = models.CharField("tiêu đề", max_length=400)
    link = models.URLField("đường dẫn", max_length=500, blank=True)
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="outreach_items", verbose_name="đơn vị thực hiện"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="chuyên đề"
    )
    search_text = models.CharField(max_length=500, editable=False, default="")
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["unit", "on"], name="study_outreach_unit_day")]
        verbose_name = "tin, bài tuyên truyền"
        verbose_name_plural = "tin, bài tuyên truyền"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class TrainingCourse(models.Model):
    """A training course (lớp tập huấn): participants as members (ticked) or as counts."""

    title = models.CharField("tên lớp", max_length=400)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="chuyên đề"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="training_courses", verbose_name="đơn vị tổ chức"
    )
    on = models.DateField("ngày khai giảng")
    ends_on = models.DateField("ngày kết thúc")
    place = models.CharField("địa điểm", max_length=300, blank=True)
    trainers = models.CharField("giảng viên, báo cáo viên", max_length=500, blank=True)
    participant_count = models.PositiveIntegerField("số học viên", default=0)
    participants = models.ManyToManyField(
        "members.Member", blank=True, related_name="training_courses", verbose_name="học viên"
    )
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("on")), name="study_course_dates")
        ]
        verbose_name = "lớp tập huấn"
        verbose_name_plural = "lớp tập huấn"

    def __str__(self) -> str:
        return self.title

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


from .selfstudy_models import Choice, Question, QuizAttempt, StudyMaterial  # noqa: E402, F401  (self-study)
