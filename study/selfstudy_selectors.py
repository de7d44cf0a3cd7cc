"""Reads of self-study. The quiz a member sees carries questions and answers only: whether an answer
is right stays on the server until the attempt is submitted."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.scoping import Actor
from lamtheo.lib.text import fold

from .models import Topic, TopicItem
from .selfstudy_models import Choice, Question, QuizAttempt, StudyMaterial, question_text


def material_list(actor: Actor, q: str = "") -> QuerySet[StudyMaterial]:
    """Live material the actor sees (their unit's subtree and the units above), newest first; with
    `passed` for the actor's own member record."""
    qs = StudyMaterial.objects.visible_to(actor).live().select_related("unit", "item", "item__topic")
    qs = qs.annotate(n_questions=Count("questions"))
    if actor.member_id:
        mine = QuizAttempt.objects.filter(material=OuterRef("pk"), member_id=actor.member_id, passed=True)
        qs = qs.annotate(passed=Exists(mine))
    if q:
        needle = fold(q)
        ids = [m.pk for m in qs.only("id", "title") if needle in fold(m.title)]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-published_on", "-id")


def get_material(actor: Actor, pk: int) -> StudyMaterial:
    material = (
        StudyMaterial.objects.visible_to(actor)
        .live()
        .select_related("unit", "item", "item__topic")
        .filter(pk=pk)
    ).first()
    if material is None:
        raise Http404
    return material


def get_attempt(actor: Actor, pk: int) -> QuizAttempt:
    """An attempt the actor may see: their own, or one in their subtree for an officer."""
    attempt = QuizAttempt.objects.visible_to(actor).select_related("material", "member").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    return attempt


def my_attempts(actor: Actor, material: StudyMaterial) -> list[QuizAttempt]:
    if not actor.member_id:
        return []
    return list(
        QuizAttempt.objects.filter(material=material, member_id=actor.member_id).order_by("started_at")
    )


@dataclass(frozen=True)
class ShownChoice:
    id: int
    text: str


@dataclass(frozen=True)
class ShownQuestion:
    """A question as the member sees it: no field says which answer is right."""

    id: int
    number: int  # its place in this attempt's order
    text: str
    multiple: bool
    choices: list[ShownChoice]


def attempt_questions(attempt: QuizAttempt) -> list[ShownQuestion]:
    """The attempt's questions and answers in the order drawn for it (two queries)."""
    ids = [qid for qid, _ in attempt.layout]
    questions = {q.pk: q for q in Question.objects.filter(pk__in=ids).only("id", "text", "multiple")}
    texts = dict(Choice.objects.filter(question_id__in=ids).values_list("id", "text"))
    return [
        ShownQuestion(
            id=qid,
            number=n,
            text=question_text(questions[qid].text),
            multiple=questions[qid].multiple,
            choices=[ShownChoice(cid, texts[cid]) for cid in cids if cid in texts],
        )
        for n, (qid, cids) in enumerate(attempt.layout, start=1)
        if qid in questions
    ]


def right_answers(attempt: QuizAttempt) -> dict[int, set[int]]:
    """The right answers, for the result page of a SUBMITTED attempt only."""
    if attempt.submitted_at is None:
        raise ValueError("the answer key is shown only after submission")
    ids = [qid for qid, _ in attempt.layout]
    out: dict[int, set[int]] = {}
    for qid, cid in Choice.objects.filter(question_id__in=ids, correct=True).values_list("question_id", "id"):
        out.setdefault(qid, set()).add(cid)
    return out


def items_for_material(actor: Actor) -> QuerySet[TopicItem]:
    """Items of the live topics the actor sees, for the material form."""
    topics = Topic.objects.visible_to(actor).filter(deleted_at__isnull=True)
    return (
        TopicItem.objects.filter(topic__in=topics).select_related("topic").order_by("-topic__year", "number")
    )
