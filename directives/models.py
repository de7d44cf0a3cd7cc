"""Directives flowing down the union tree as tasks.

An issued directive document (công văn, kế hoạch, hướng dẫn ...) gets one Directive; its tasks are
DirectiveTasks; each addressed unit gets one TaskAssignment per occurrence of a task (a recurring task
"hằng năm" gives one per year of its period). A unit relays an assignment to its own children with its
own letter citing the upper one: the children's assignments point to it through parent_assignment.
"""

from datetime import date

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils import timezone

from accounts.scoping import ScopedQuerySet


class Recurrence(models.TextChoices):
    NONE = "", "Một lần"
    YEARLY = "yearly", "Hằng năm"
    HALF_YEARLY = "half_yearly", "6 tháng một lần"
    QUARTERLY = "quarterly", "Hằng quý"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Đã giao"
    ACKNOWLEDGED = "acknowledged", "Đã tiếp nhận"
    RELAYED = "relayed", "Đã triển khai xuống cấp dưới"
    DONE = "done", "Đã hoàn thành"


OPEN_STATUSES = (AssignmentStatus.ASSIGNED, AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.RELAYED)


def late_q(on: date, prefix: str = "") -> Q:
    """Trễ hạn, the one definition every page uses: a dated task that is still open after its due date,
    or that was reported done (on its local calendar day) after its due date. A task due today is not
    late yet. TaskAssignment.is_late is the same rule in Python. `prefix` reaches assignments through a
    relation ("tasks__assignments__" from a Directive)."""
    p = prefix
    open_past_due = Q(**{f"{p}due_date__lt": on}) & ~Q(**{f"{p}status": AssignmentStatus.DONE})
    done_after_due = Q(**{f"{p}status": AssignmentStatus.DONE, f"{p}done_at__date__gt": F(f"{p}due_date")})
    return open_past_due | done_after_due


class DirectiveQuerySet(ScopedQuerySet["Directive"]):
    unit_field = "issuer_unit"

    def in_units(self, unit_ids, unit_field: str) -> Q:
        """Directives issued in the actor's subtree, or addressed (at any level) to a unit in it."""
        addressed = TaskAssignment.objects.filter(unit_id__in=unit_ids).values("task__directive_id")
        return Q(**{f"{unit_field}__in": unit_ids}) | Q(id__in=addressed)


class Directive(models.Model):
    """The tasks set by one issued directive document."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="directive", verbose_name="văn bản"
    )
    issuer_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="directives", verbose_name="đơn vị ban hành"
    )
    created_at = models.DateTimeField("ngày giao", auto_now_add=True)

    objects = DirectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "văn bản chỉ đạo"
        verbose_name_plural = "văn bản chỉ đạo"

    def __str__(self) -> str:
        return str(self.document)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directives:progress", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.issuer_unit_id


class DirectiveTask(models.Model):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField("thứ tự")
    text = models.TextField("nội dung nhiệm vụ")
    deadline = models.DateField("thời hạn", null=True, blank=True)
    recurrence = models.CharField(
        "định kỳ", max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    # Deadline rule per year for recurring tasks: {"2021": "2021-09-30", "other": "Q1"}.
    schedule = models.JSONField("lịch thời hạn", default=dict, blank=True)
    period_start = models.PositiveSmallIntegerField("từ năm", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("đến năm", null=True, blank=True)

    class Meta:
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "order"], name="directivetask_unique_order")
        ]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class TaskAssignmentQuerySet(ScopedQuerySet):  # unparametrised: with_late() annotates "late"
    def open(self) -> "TaskAssignmentQuerySet":
        return self.exclude(status=AssignmentStatus.DONE)

    def late(self, on: date) -> "TaskAssignmentQuerySet":
        return self.filter(late_q(on))

    def with_late(self, on: date) -> "TaskAssignmentQuerySet":
        """Annotate `late` (late_q) so that rows read it without recomputing."""
        return self.annotate(late=ExpressionWrapper(late_q(on), output_field=BooleanField()))


class TaskAssignment(models.Model):
    """One occurrence of a task addressed to one unit."""

    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="task_assignments", verbose_name="đơn vị"
    )
    parent_assignment = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    status = models.CharField(
        "trạng thái",
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
        db_index=True,
    )
    due_date = models.DateField("hạn", null=True, blank=True)
    acknowledged_at = models.DateTimeField("ngày tiếp nhận", null=True, blank=True)
    relayed_at = models.DateTimeField("ngày triển khai", null=True, blank=True)
    done_at = models.DateTimeField("ngày hoàn thành", null=True, blank=True)
    relay_document = models.ForeignKey(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed_assignments",
        verbose_name="văn bản triển khai",
    )
    report_note = models.TextField("báo cáo kết quả", blank=True)
    # The wording adapted by the relaying unit ("" = the task's own text).
    text = models.TextField("nội dung nhiệm vụ khi triển khai", blank=True, default="")
    # The unit the task was addressed to before a merge or split passed it to this one.
    inherited_from = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="nhận lại từ đơn vị",
    )
    # Upper units do not act on a task for the addressee: they remind it, or return its done report.
    reminded_at = models.DateTimeField("ngày nhắc gần nhất", null=True, blank=True)
    returned_at = models.DateTimeField("ngày trả lại báo cáo", null=True, blank=True)
    return_reason = models.TextField("lý do trả lại báo cáo", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["unit", "status", "due_date"], name="assignment_unit_idx")]
        constraints = [
            # One occurrence per task and unit, except those a merge passed on from an ended unit (the
            # successor then holds one per predecessor, so that the counts above do not change).
            models.UniqueConstraint(
                fields=["task", "unit", "due_date"],
                condition=Q(inherited_from__isnull=True),
                name="taskassignment_unique_occurrence",
            ),
            # NULLs are distinct in unique constraints: one undated occurrence per task and unit.
            models.UniqueConstraint(
                fields=["task", "unit"],
                condition=Q(due_date__isnull=True, inherited_from__isnull=True),
                name="taskassignment_unique_undated",
            ),
        ]
        verbose_name = "nhiệm vụ được giao"
        verbose_name_plural = "nhiệm vụ được giao"

    def __str__(self) -> str:
        return f"{self.task} → {self.unit_id} ({self.due_date})"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def is_open(self) -> bool:
        return self.status != AssignmentStatus.DONE

    @property
    def wording(self) -> str:
        """What the unit is asked to do: the relaying unit's adapted text, else the task's."""
        return self.text or self.task.text

    def is_late(self, on: date) -> bool:
        """late_q for one loaded row (a test checks that both agree on every case)."""
        if self.due_date is None:
            return False
        if self.status == AssignmentStatus.DONE:
            return self.done_at is not None and timezone.localdate(self.done_at) > self.due_date
        return self.due_date < on


class RelayPlanQuerySet(ScopedQuerySet["RelayPlan"]):
    unit_field = "unit"


class RelayPlan(models.Model):
    """A relay draft ("Soạn văn bản triển khai"): the unit's own document, still a draft, that will relay
    the chosen upper assignments to its children with the adapted tasks when it is issued."""

    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="relay_plan", verbose_name="văn bản"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị triển khai"
    )
    executed_at = models.DateTimeField("ngày triển khai", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelayPlanQuerySet.as_manager()

    class Meta:
        verbose_name = "kế hoạch triển khai"
        verbose_name_plural = "kế hoạch triển khai"

    def __str__(self) -> str:
        return f"Triển khai bằng {self.document}"

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class RelayPlanItem(models.Model):
    """One upper assignment relayed by the plan, with the wording and deadline for the children."""

    plan = models.ForeignKey(RelayPlan, on_delete=models.CASCADE, related_name="items")
    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.PROTECT, related_name="+", verbose_name="nhiệm vụ cấp trên"
    )
    text = models.TextField("nội dung nhiệm vụ")
    due_date = models.DateField("thời hạn", null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "assignment"], name="relayplanitem_unique_assignment")
        ]
        verbose_name = "nhiệm vụ triển khai"
        verbose_name_plural = "nhiệm vụ triển khai"

    def __str__(self) -> str:
        return self.text[:80]
