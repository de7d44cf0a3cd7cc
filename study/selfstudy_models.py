"""Self-study for members who cannot come to the sessions (shift workers): a unit publishes material on
a topic item with a short quiz; a member's passed attempt counts as their study of that item (an
Attendance row with source self_study, written by study.selfstudy.submit_attempt).

Imported by study/models.py, so these are models of the study app."""

import re

from django.conf import settings
from django.db import models

from accounts.permissions import Action
from accounts.scoping import ScopedQuerySet

from .models import IssuedQuerySet, TopicItem

# "Câu 1:", "Câu 2.", "1.", "2)" typed before a question: the page numbers the questions itself (in the
# order drawn for each attempt), so a typed number would show twice ("Câu 1. Câu 3: …") and be wrong.
_TYPED_NUMBER_RE = re.compile(
    r"^\s*(?:câu(?:\s+hỏi)?\s*(?:số\s*)?\d{1,3}\s*[.:)\-–]?\s*|\d{1,3}[.:)]\s+)", re.IGNORECASE
)


def question_text(text: str) -> str:
    """The question without a number its author typed before it (the text itself when that is all)."""
    stripped = _TYPED_NUMBER_RE.sub("", text or "", count=1)
    return stripped if stripped.strip() else (text or "")


class MaterialQuerySet(IssuedQuerySet):
    """Material is seen by the publishing unit's subtree and by the units above it."""

    unit_field = "unit"
    view_action = Action.VIEW

    def live(self) -> "MaterialQuerySet":
        return self.filter(deleted_at__isnull=True)


class StudyMaterial(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị đăng"
    )
    item = models.ForeignKey(
        TopicItem, on_delete=models.PROTECT, related_name="materials", verbose_name="nội dung chuyên đề"
    )
    title = models.CharField("tiêu đề", max_length=300)
    body = models.TextField("nội dung tài liệu")
    pass_percent = models.PositiveSmallIntegerField("điểm đạt (%)", default=80)
    max_attempts = models.PositiveSmallIntegerField("số lần làm bài", default=3)
    published_on = models.DateField("ngày đăng")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "tài liệu tự học"
        verbose_name_plural = "tài liệu tự học"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("selfstudy:material", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id


class Question(models.Model):
    material = models.ForeignKey(
        StudyMaterial, on_delete=models.CASCADE, related_name="questions", verbose_name="tài liệu"
    )
    number = models.PositiveSmallIntegerField("câu số")
    text = models.TextField("câu hỏi")
    # Shown as boxes to tick rather than one choice: says how to answer, not which answer is right.
    multiple = models.BooleanField("nhiều đáp án đúng", default=False)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="study_question_number")]
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"

    def __str__(self) -> str:
        return f"Câu {self.number}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name="câu hỏi"
    )
    text = models.CharField("phương án", max_length=500)
    correct = models.BooleanField("đúng", default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = "phương án trả lời"
        verbose_name_plural = "phương án trả lời"

    def __str__(self) -> str:
        return self.text


class AttemptQuerySet(ScopedQuerySet["QuizAttempt"]):
    unit_field = "unit"
    self_field = "member"
    view_action = Action.VIEW_MEMBERS


class QuizAttempt(models.Model):
    """One try at a material's quiz. `layout` is the order shown, [[question id, [choice ids]], …],
    drawn at random when the attempt starts and kept, so that grading reads the same questions."""

    material = models.ForeignKey(
        StudyMaterial, on_delete=models.PROTECT, related_name="attempts", verbose_name="tài liệu"
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="quiz_attempts", verbose_name="đoàn viên"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name="công đoàn")
    layout = models.JSONField("thứ tự câu hỏi", default=list)
    answers = models.JSONField("câu trả lời", default=dict)
    started_at = models.DateTimeField("bắt đầu lúc", auto_now_add=True)
    submitted_at = models.DateTimeField("nộp bài lúc", null=True, blank=True)
    right = models.PositiveSmallIntegerField("số câu đúng", default=0)
    total = models.PositiveSmallIntegerField("số câu", default=0)
    passed = models.BooleanField("đạt", default=False)

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["material", "member"], name="study_attempt_member")]
        verbose_name = "bài kiểm tra tự học"
        verbose_name_plural = "bài kiểm tra tự học"

    def __str__(self) -> str:
        return f"{self.material} – {self.member_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("selfstudy:attempt", args=[self.pk])

    @property
    def audit_unit_id(self) -> int:
        return self.unit_id

    @property
    def score_percent(self) -> float:
        return round(100 * self.right / self.total, 1) if self.total else 0.0
