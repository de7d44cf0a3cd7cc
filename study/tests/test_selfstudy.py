"""Self-study: material with a quiz; a passed attempt counts as the member's study of the item, a
failed one does not; attempts are limited; the answer key never reaches the browser before submission."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from accounts.scoping import SYSTEM, NotPermitted
from accounts.services import create_user_with_assignment
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.testing import PASSWORD, actor_for
from study import selectors, selfstudy
from study.models import Attendance, AttendanceSource, Choice, QuizAttempt

from .conftest import member_actor

QUIZ = """Bác Hồ đọc Tuyên ngôn độc lập năm nào?
* 1945
- 1954
- 1930

Những đức tính Bác dạy cán bộ?
* Cần
* Kiệm
- Xa hoa
"""


@pytest.fixture
def material(tree, study):
    return selfstudy.publish_material(
        actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR), unit=tree.cdcs_a1, item=study.item(2),
        title="Tự học nội dung (2)", body="Đọc kỹ tài liệu.", quiz=QUIZ, pass_percent=100, max_attempts=2,
    )  # fmt: skip


def right_answers(attempt) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for qid, cid in Choice.objects.filter(question__material=attempt.material, correct=True).values_list(
        "question_id", "id"
    ):
        out.setdefault(qid, []).append(cid)
    return out


def wrong_answers(attempt) -> dict[int, list[int]]:
    return {
        qid: [Choice.objects.filter(question_id=qid, correct=False).values_list("id", flat=True).first()]
        for qid, _ in attempt.layout
    }


def test_the_quiz_text_becomes_questions_with_their_right_answers(material):
    questions = list(material.questions.order_by("number"))
    assert [q.text for q in questions] == [
        "Bác Hồ đọc Tuyên ngôn độc lập năm nào?",
        "Những đức tính Bác dạy cán bộ?",
    ]
    assert [q.multiple for q in questions] == [False, True]
    assert [(c.text, c.correct) for c in questions[1].choices.all()] == [
        ("Cần", True),
        ("Kiệm", True),
        ("Xa hoa", False),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Chưa nhập câu hỏi"),
        ("Câu hỏi?\n- a\n- b", "Câu 1: chưa đánh dấu phương án đúng"),
        ("Câu một?\n* a\n- b\n\nCâu hai?\n* chỉ một", "Câu 2: cần từ 2 đến"),
        ("Câu?\n* a\nlạc dòng\n- b", "Câu 1: dòng “lạc dòng”"),
    ],
)
def test_a_badly_written_quiz_is_refused_naming_the_question(tree, study, text, message):
    with pytest.raises(ServiceError, match=message):
        selfstudy.publish_material(
            SYSTEM, unit=tree.cdcs_a1, item=study.item(1), title="T", body="B", quiz=text
        )


def test_publishing_is_refused_to_a_member_and_to_another_province(tree, study):
    for actor in (member_actor(tree.cdcs_a1, tree.member_a1), actor_for(tree.fed_b)):
        with pytest.raises(NotPermitted):
            selfstudy.publish_material(
                actor, unit=tree.cdcs_a1, item=study.item(1), title="T", body="B", quiz=QUIZ
            )


def _coverage_reached(tree):
    day = today()
    return selectors.coverage(SYSTEM, tree.fed_a, day.year, (day.month - 1) // 3 + 1).reached


def test_a_passed_quiz_counts_in_coverage_and_a_failed_one_does_not(tree, material):
    member = member_actor(tree.cdcs_a1, tree.member_a1)
    before = _coverage_reached(tree)
    failed = selfstudy.start_attempt(member, material=material)
    selfstudy.submit_attempt(member, attempt=failed, answers=wrong_answers(failed))
    assert not Attendance.objects.filter(member=tree.member_a1).exists()
    assert _coverage_reached(tree) == before

    passed = selfstudy.start_attempt(member, material=material)
    passed = selfstudy.submit_attempt(member, attempt=passed, answers=right_answers(passed))
    assert passed.passed and passed.right == passed.total == 2
    row = Attendance.objects.get(member=tree.member_a1)
    assert (row.item_id, row.source, row.event_id, row.on) == (
        material.item_id,
        AttendanceSource.SELF_STUDY,
        None,
        today(),
    )
    assert _coverage_reached(tree) == before + 1


def test_ticking_only_some_of_the_right_answers_is_wrong(tree, material):
    member = member_actor(tree.cdcs_a1, tree.member_a1)
    attempt = selfstudy.start_attempt(member, material=material)
    answers = right_answers(attempt)
    multiple = material.questions.get(multiple=True)
    answers[multiple.pk] = answers[multiple.pk][:1]
    attempt = selfstudy.submit_attempt(member, attempt=attempt, answers=answers)
    assert (attempt.right, attempt.passed) == (1, False)


def test_attempts_are_limited_and_reloading_costs_none(tree, material):
    member = member_actor(tree.cdcs_a1, tree.member_a1)
    first = selfstudy.start_attempt(member, material=material)
    assert selfstudy.start_attempt(member, material=material).pk == first.pk  # still open: the same one
    for _ in range(material.max_attempts):
        attempt = selfstudy.start_attempt(member, material=material)
        selfstudy.submit_attempt(member, attempt=attempt, answers=wrong_answers(attempt))
    with pytest.raises(ServiceError, match="đã làm hết 2 lần"):
        selfstudy.start_attempt(member, material=material)
    with pytest.raises(ServiceError, match="đã nộp"):
        selfstudy.submit_attempt(member, attempt=attempt, answers=right_answers(attempt))


def test_each_attempt_draws_its_own_order_and_is_graded_on_it(tree, study, monkeypatch):
    quiz = "\n\n".join(f"Câu hỏi số {n}?\n* đúng {n}\n- sai {n}a\n- sai {n}b\n- sai {n}c" for n in range(8))
    material = selfstudy.publish_material(
        SYSTEM, unit=tree.cdcs_a1, item=study.item(1), title="T", body="B", quiz=quiz, max_attempts=3
    )
    member = member_actor(tree.cdcs_a1, tree.member_a1)
    seeds = iter([1, 2])
    monkeypatch.setattr(selfstudy.secrets, "randbits", lambda k: next(seeds))
    first = selfstudy.start_attempt(member, material=material)
    selfstudy.submit_attempt(member, attempt=first, answers=wrong_answers(first))
    second = selfstudy.start_attempt(member, material=material)
    assert first.layout != second.layout
    assert sorted(q for q, _ in first.layout) == sorted(q for q, _ in second.layout)
    assert selfstudy.submit_attempt(member, attempt=second, answers=right_answers(second)).passed


def test_members_of_other_unions_cannot_take_it_nor_answer_anothers_attempt(tree, material):
    for unit, member in ((tree.cdcs_a2, tree.member_a2), (tree.cdcs_b1, tree.member_b1)):
        with pytest.raises(NotPermitted, match="không dành cho công đoàn của bạn"):
            selfstudy.start_attempt(member_actor(unit, member), material=material)
    attempt = selfstudy.start_attempt(member_actor(tree.cdcs_a1, tree.member_a1), material=material)
    with pytest.raises(NotPermitted, match="không phải bài làm của bạn"):
        selfstudy.submit_attempt(member_actor(tree.cdcs_a2, tree.member_a2), attempt=attempt, answers={})
    assert QuizAttempt.objects.get(pk=attempt.pk).submitted_at is None


def _member_client(client, tree):
    user, _ = create_user_with_assignment(
        SYSTEM, username="doanvien-tuhoc", password=PASSWORD, unit=tree.cdcs_a1, role=Role.MEMBER,
        member=tree.member_a1,
    )  # fmt: skip
    client.force_login(user)
    return client


def _without_token(html: str) -> str:
    """The page without its CSRF tokens (in the form and in htmx's headers), which change per request."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", html)


def test_the_quiz_page_carries_no_answer_key(client, tree, material):
    client = _member_client(client, tree)
    response = client.post(reverse("selfstudy:start", args=[material.pk]))
    page = response.url
    before = _without_token(client.get(page).content.decode())
    assert "Bác Hồ đọc Tuyên ngôn độc lập năm nào?" in before
    # Flip which answers are right: a page that carried the key in any form would change.
    for choice in Choice.objects.filter(question__material=material, question__multiple=False):
        choice.correct = not choice.correct
        choice.save()
    assert _without_token(client.get(page).content.decode()) == before


def test_a_member_passes_through_the_pages(client, tree, material):
    client = _member_client(client, tree)
    page = client.post(reverse("selfstudy:start", args=[material.pk])).url
    attempt = QuizAttempt.objects.get()
    data = {f"q{qid}": [str(c) for c in cids] for qid, cids in right_answers(attempt).items()}
    response = client.post(page, data, follow=True)
    assert "Đạt: 2/2 câu đúng" in response.content.decode()
    assert Attendance.objects.filter(member=tree.member_a1, source=AttendanceSource.SELF_STUDY).count() == 1


def test_an_unanswered_question_is_named_and_nothing_is_graded(client, tree, material):
    client = _member_client(client, tree)
    page = client.post(reverse("selfstudy:start", args=[material.pk])).url
    response = client.post(page, {})
    assert "Còn câu chưa trả lời: 1, 2." in response.content.decode()
    assert QuizAttempt.objects.get().submitted_at is None


def test_the_publish_page_and_the_material_name_the_item_by_its_wording(client, tree, study, material):
    user, _ = create_user_with_assignment(
        SYSTEM, username="chutich-tuhoc", password=PASSWORD, unit=tree.cdcs_a1, role=Role.GRASSROOTS_CHAIR
    )
    client.force_login(user)
    wording = study.item(2).title
    response = client.get(reverse("selfstudy:material_new"))
    assert response.status_code == 200
    assert wording[:60] in response.content.decode()
    assert wording in client.get(material.get_absolute_url()).content.decode()


def test_a_digit_that_is_no_number_in_an_answer_is_ignored_not_a_crash(client, tree, material):
    client = _member_client(client, tree)
    page = client.post(reverse("selfstudy:start", args=[material.pk])).url
    qid = QuizAttempt.objects.get().layout[0][0]
    response = client.post(page, {f"q{qid}": "²"})
    assert response.status_code == 200
    assert QuizAttempt.objects.get().submitted_at is None


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Câu 1: Bác sinh năm nào?", "Bác sinh năm nào?"),
        ("Câu 12. Bác sinh năm nào?", "Bác sinh năm nào?"),
        ("câu hỏi 3 - Bác sinh năm nào?", "Bác sinh năm nào?"),
        ("2) Bác sinh năm nào?", "Bác sinh năm nào?"),
        ("3.000 người dự hội nghị là đúng?", "3.000 người dự hội nghị là đúng?"),
        ("1945 là năm nào?", "1945 là năm nào?"),
        ("Câu 1:", "Câu 1:"),
    ],
)
def test_a_typed_question_number_is_dropped(typed, kept):
    assert selfstudy.parse_quiz(f"{typed}\n* a\n- b")[0].text == kept


def test_the_quiz_page_numbers_each_question_once(client, tree, study):
    """QA: a quiz typed with "Câu 1:", "Câu 2:" showed "Câu 1. Câu 1: …" (and wrong numbers once shuffled)."""
    material = selfstudy.publish_material(
        actor_for(tree.cdcs_a1, Role.GRASSROOTS_CHAIR), unit=tree.cdcs_a1, item=study.item(2), title="T",
        body="B", quiz="Câu 1: Bác sinh năm nào?\n* 1890\n- 1900\n\nCâu 2: Bác mất năm nào?\n* 1969\n- 1975",
    )  # fmt: skip
    material.questions.filter(number=2).update(text="Câu 2: Bác mất năm nào?")  # stored before the fix
    client = _member_client(client, tree)
    page = client.get(client.post(reverse("selfstudy:start", args=[material.pk])).url).content.decode()
    assert page.count("Câu 1") == 1 and page.count("Câu 2") == 1
    assert "Câu 1. Bác" in page and "Câu 2. Bác" in page
