"""Writes of self-study: publishing material with its quiz, a member's attempts. Keyword-only, one
transaction each, the role and scope checked inside, one audit event per change.

A quiz is written as plain text, one question after another, separated by a blank line: the first
line(s) the question, then one line per answer, "*" before a right one and "-" before a wrong one."""

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.permissions import Action, Scope
from accounts.scoping import Actor, NotPermitted, require
from audit.models import AuditEvent
from audit.services import record
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.tallies import records_changed
from lamtheo.lib.text import nfc, nfc_lines
from members.models import Member
from org.models import Unit, UnitClosure

from .models import Attendance, AttendanceSource, AttendanceStatus, TopicItem
from .selfstudy_models import Choice, Question, QuizAttempt, StudyMaterial
from .services import _soft_delete

MAX_QUESTIONS = 50
MAX_CHOICES = 8
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    choices: list[tuple[str, bool]]  # (answer, right)


def parse_quiz(text: str) -> list[QuestionSpec]:
    """The quiz typed in the material form, as questions; a ServiceError names the question at fault."""
    blocks = [b for b in nfc_lines(text).split("\n\n") if b.strip()]
    if not blocks:
        raise ServiceError("Chưa nhập câu hỏi kiểm tra.", field="quiz")
    if len(blocks) > MAX_QUESTIONS:
        raise ServiceError(f"Bài kiểm tra có tối đa {MAX_QUESTIONS} câu hỏi.", field="quiz")
    questions = []
    for n, block in enumerate(blocks, start=1):
        asked, choices = [], []
        for line in (ln.strip() for ln in block.split("\n")):
            if not line:
                continue
            if line[0] in "*-":
                answer = line[1:].strip()
                if not answer:
                    raise ServiceError(f"Câu {n}: có một phương án trả lời để trống.", field="quiz")
                choices.append((answer[:500], line[0] == "*"))
            elif choices:
                raise ServiceError(
                    f"Câu {n}: dòng “{line[:60]}” nằm sau các phương án; mỗi phương án bắt đầu bằng * hoặc -, "
                    "các câu hỏi cách nhau một dòng trống.",
                    field="quiz",
                )
            else:
                asked.append(line)
        if not asked:
            raise ServiceError(f"Câu {n}: chưa có nội dung câu hỏi.", field="quiz")
        if len(choices) < 2 or len(choices) > MAX_CHOICES:
            raise ServiceError(f"Câu {n}: cần từ 2 đến {MAX_CHOICES} phương án trả lời.", field="quiz")
        if not any(right for _, right in choices):
            raise ServiceError(f"Câu {n}: chưa đánh dấu phương án đúng (bắt đầu dòng bằng *).", field="quiz")
        questions.append(QuestionSpec(" ".join(asked), choices))
    return questions


@transaction.atomic
def publish_material(
    actor: Actor, *, unit: Unit, item: TopicItem, title: str, body: str, quiz: str,
    pass_percent: int = 80, max_attempts: int = 3,
) -> StudyMaterial:  # fmt: skip
    """A unit publishes study material on an item of a topic, with its quiz, for its members to study."""
    require(actor, Action.CHANGE, unit.pk)
    title, body = nfc(title), nfc_lines(body)
    if not title:
        raise ServiceError("Chưa nhập tiêu đề tài liệu.", field="title")
    if not body:
        raise ServiceError("Chưa nhập nội dung tài liệu.", field="body")
    if not 1 <= pass_percent <= 100:
        raise ServiceError("Điểm đạt là một phần trăm từ 1 đến 100.", field="pass_percent")
    if not 1 <= max_attempts <= MAX_ATTEMPTS:
        raise ServiceError(f"Số lần làm bài từ 1 đến {MAX_ATTEMPTS}.", field="max_attempts")
    specs = parse_quiz(quiz)
    material = StudyMaterial.objects.create(
        unit=unit, item=item, title=title[:300], body=body, pass_percent=pass_percent,
        max_attempts=max_attempts, published_on=today(), created_by=actor.user,
    )  # fmt: skip
    for number, spec in enumerate(specs, start=1):
        question = Question.objects.create(
            material=material, number=number, text=spec.text, multiple=sum(r for _, r in spec.choices) > 1
        )
        Choice.objects.bulk_create(Choice(question=question, text=t, correct=r) for t, r in spec.choices)
    record(actor, action=AuditEvent.Action.CREATE, obj=material, unit_id=unit.pk,
           after={"title": material.title, "item_id": item.pk, "questions": len(specs),
                  "pass_percent": pass_percent, "max_attempts": max_attempts},
           summary=f"Đăng tài liệu tự học “{material.title}”")  # fmt: skip
    return material


@transaction.atomic
def withdraw_material(actor: Actor, *, material: StudyMaterial) -> StudyMaterial:
    """Take material down (soft): members' passed attempts keep counting."""
    return _soft_delete(actor, material, summary=f"Gỡ tài liệu tự học “{material.title}”")


def _own_member(actor: Actor) -> Member:
    if not actor.is_system and not actor.may(Action.CHECK_IN, Scope.SELF):
        raise NotPermitted("Vai trò của bạn không được làm bài tự học.")
    member = (
        Member.objects.filter(pk=actor.member_id, archived_at__isnull=True).first()
        if actor.member_id
        else None
    )
    if member is None:
        raise NotPermitted("Tài khoản của bạn chưa gắn với hồ sơ đoàn viên nên không làm bài tự học được.")
    return member


def _for_member(material: StudyMaterial, member: Member) -> bool:
    """Material reaches the members of the publishing unit's subtree, as the tree stands today."""
    day = today()
    return UnitClosure.objects.filter(
        ancestor_id=material.unit_id, descendant_id=member.unit_id, valid_from__lte=day, valid_to__gt=day
    ).exists()


def attempts_left(material: StudyMaterial, member: Member) -> int:
    used = QuizAttempt.objects.filter(material=material, member=member, submitted_at__isnull=False).count()
    return max(material.max_attempts - used, 0)


@transaction.atomic
def start_attempt(actor: Actor, *, material: StudyMaterial) -> QuizAttempt:
    """The member's open attempt at the quiz (a new one, questions and answers in a fresh random order,
    unless one is already open: reloading the page costs no attempt)."""
    member = _own_member(actor)
    material = StudyMaterial.objects.select_for_update().get(pk=material.pk)
    if material.deleted_at is not None:
        raise ServiceError("Tài liệu này đã được gỡ.")
    if not _for_member(material, member):
        raise NotPermitted("Tài liệu này không dành cho công đoàn của bạn.")
    attempts = QuizAttempt.objects.filter(material=material, member=member)
    if attempts.filter(passed=True).exists():
        raise ServiceError("Bạn đã đạt bài kiểm tra của tài liệu này.")
    open_attempt = attempts.filter(submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if attempts_left(material, member) == 0:
        raise ServiceError(f"Bạn đã làm hết {material.max_attempts} lần cho phép.")
    draw = random.Random(secrets.randbits(64))
    layout = []
    questions = list(material.questions.prefetch_related("choices"))
    draw.shuffle(questions)
    for q in questions:
        choice_ids = [c.pk for c in q.choices.all()]
        draw.shuffle(choice_ids)
        layout.append([q.pk, choice_ids])
    attempt = QuizAttempt.objects.create(
        material=material, member=member, unit_id=member.unit_id, layout=layout, total=len(layout)
    )
    record(actor, action=AuditEvent.Action.CREATE, obj=attempt, unit_id=member.unit_id,
           summary=f"Bắt đầu bài kiểm tra tự học “{material.title}”")  # fmt: skip
    return attempt


@transaction.atomic
def submit_attempt(actor: Actor, *, attempt: QuizAttempt, answers: Mapping[int, list[int]]) -> QuizAttempt:
    """Grade the member's answers ({question id: [choice ids]}): a question is right when the ticked
    answers are exactly its right ones. A pass counts as the member's study of the item."""
    member = _own_member(actor)
    attempt = QuizAttempt.objects.select_for_update().select_related("material").get(pk=attempt.pk)
    if attempt.member_id != member.pk:
        raise NotPermitted("Đây không phải bài làm của bạn.")
    if attempt.submitted_at is not None:
        raise ServiceError("Bài làm này đã nộp.")
    material = attempt.material
    shown = {qid: set(cids) for qid, cids in attempt.layout}
    right_of: dict[int, set[int]] = {}
    for qid, cid in Choice.objects.filter(question_id__in=shown, correct=True).values_list(
        "question_id", "id"
    ):
        right_of.setdefault(qid, set()).add(cid)
    kept: dict[str, list[int]] = {}
    right = 0
    for qid, offered in shown.items():
        ticked = {int(c) for c in answers.get(qid, ()) if int(c) in offered}
        kept[str(qid)] = sorted(ticked)
        right += ticked == right_of.get(qid, set())
    attempt.answers, attempt.right, attempt.submitted_at = kept, right, timezone.now()
    attempt.passed = attempt.total > 0 and 100 * right >= material.pass_percent * attempt.total
    attempt.save(update_fields=["answers", "right", "submitted_at", "passed"])
    if attempt.passed:
        Attendance.objects.get_or_create(
            item_id=material.item_id, member=member, event=None,
            defaults={"unit_id": member.unit_id, "on": today(), "status": AttendanceStatus.PRESENT,
                      "source": AttendanceSource.SELF_STUDY},
        )  # fmt: skip
        records_changed(Attendance, [member.unit_id])
    record(actor, action=AuditEvent.Action.UPDATE, obj=attempt, unit_id=member.unit_id,
           after={"right": right, "total": attempt.total, "passed": attempt.passed},
           summary=f"Nộp bài kiểm tra tự học “{material.title}”: {right}/{attempt.total} câu đúng"
           + (", đạt" if attempt.passed else ", chưa đạt"))  # fmt: skip
    return attempt
