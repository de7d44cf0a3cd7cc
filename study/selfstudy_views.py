"""Pages of self-study: the material list, a material with its quiz, publishing, an attempt."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error, flash_service_error
from lamtheo.lib.lists import paginate
from org.models import Unit

from . import selfstudy as services
from . import selfstudy_selectors as selectors

QUIZ_HELP = (
    "Mỗi câu hỏi cách nhau một dòng trống. Dòng đầu là câu hỏi; mỗi phương án trên một dòng, "
    "bắt đầu bằng * nếu đúng, bằng - nếu sai. Câu có nhiều dấu * là câu chọn nhiều đáp án."
)


class MaterialForm(forms.Form):
    item = forms.ModelChoiceField(label="Nội dung chuyên đề", queryset=None, empty_label="— Chọn nội dung —")
    title = forms.CharField(label="Tiêu đề", max_length=300)
    body = forms.CharField(label="Nội dung tài liệu", widget=forms.Textarea(attrs={"rows": 10}))
    quiz = forms.CharField(
        label="Câu hỏi kiểm tra", help_text=QUIZ_HELP, widget=forms.Textarea(attrs={"rows": 10})
    )
    pass_percent = forms.IntegerField(label="Điểm đạt (%)", initial=80, min_value=1, max_value=100)
    max_attempts = forms.IntegerField(label="Số lần được làm bài", initial=3, min_value=1, max_value=10)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = selectors.items_for_material(actor)
        self.fields["item"].label_from_instance = lambda i: f"{i.topic.title} – ({i.number}) {i.title[:90]}"


@login_required
def material_list(request):
    actor = request.actor
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.material_list(actor, q), 20)
    return render(
        request, "study/selfstudy_list.html", {"page_obj": page, "q": q, "can_publish": actor.can_write}
    )


@login_required
def material_new(request):
    actor = request.actor
    if not actor.can_write or actor.unit_id is None:
        raise PermissionDenied("Bạn không có quyền đăng tài liệu tự học.")
    form = MaterialForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.publish_material(
                actor, unit=Unit.objects.get(pk=actor.unit_id), **form.cleaned_data
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Đã đăng tài liệu “{material.title}”.")
            return redirect(material)
    return render(request, "study/selfstudy_form.html", {"form": form})


@login_required
def material_detail(request, pk: int):
    actor = request.actor
    material = selectors.get_material(actor, pk)
    attempts = selectors.my_attempts(actor, material)
    passed = any(a.passed for a in attempts)
    used = sum(1 for a in attempts if a.submitted_at)
    return render(
        request,
        "study/selfstudy_material.html",
        {
            "material": material,
            "attempts": attempts,
            "passed": passed,
            "left": max(material.max_attempts - used, 0),
            "n_questions": material.questions.count(),
        },
    )


@login_required
def start(request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    actor = request.actor
    material = selectors.get_material(actor, pk)
    try:
        attempt = services.start_attempt(actor, material=material)
    except ServiceError as exc:
        flash_service_error(request, exc)  # a refusal is the 403 page, anything else a message
        return redirect(material)
    return redirect(attempt)


@login_required
def attempt_page(request, pk: int):
    """The open attempt's questions (no answer key in the page), or the graded result once submitted."""
    actor = request.actor
    attempt = selectors.get_attempt(actor, pk)
    questions = selectors.attempt_questions(attempt)
    error = ""
    if request.method == "POST" and attempt.submitted_at is None:
        answers = {
            q.id: [int(v) for v in request.POST.getlist(f"q{q.id}") if v.isdecimal()] for q in questions
        }
        unanswered = [q.number for q in questions if not answers[q.id]]
        if unanswered:
            error = "Còn câu chưa trả lời: " + ", ".join(str(n) for n in unanswered) + "."
        else:
            try:
                attempt = services.submit_attempt(actor, attempt=attempt, answers=answers)
            except ServiceError as exc:
                flash_service_error(request, exc)  # a refusal is the 403 page, anything else a message
            return redirect(attempt)
    context = {"attempt": attempt, "material": attempt.material, "error": error}
    if attempt.submitted_at is not None:
        right = selectors.right_answers(attempt)
        ticked = {int(k): set(v) for k, v in attempt.answers.items()}
        context["graded"] = [
            (q, [(c, c.id in right.get(q.id, ()), c.id in ticked.get(q.id, ())) for c in q.choices])
            for q in questions
        ]
        context["left"] = services.attempts_left(attempt.material, attempt.member)
        return render(request, "study/selfstudy_result.html", context)
    ticked = {q.id: {int(v) for v in request.POST.getlist(f"q{q.id}") if v.isdecimal()} for q in questions}
    context["shown"] = [(q, [(c, c.id in ticked[q.id]) for c in q.choices]) for q in questions]
    return render(request, "study/selfstudy_attempt.html", context)
