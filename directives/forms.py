"""Forms of the directives pages: the task list of the assign page, the units, relay and report."""

from django import forms

from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import DateField

from .models import Recurrence
from .schedule import format_schedule, parse_schedule_text


class TaskForm(forms.Form):
    text = forms.CharField(
        label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}), required=False, strip=True
    )
    deadline = DateField(label="Thời hạn", required=False)
    recurrence = forms.ChoiceField(label="Định kỳ", choices=Recurrence.choices, required=False)
    period_start = forms.IntegerField(label="Từ năm", required=False, min_value=1990, max_value=2100)
    period_end = forms.IntegerField(label="Đến năm", required=False, min_value=1990, max_value=2100)
    schedule = forms.CharField(
        label="Thời hạn theo năm",
        required=False,
        help_text="Ví dụ: 2021: 30/09/2021; khác: Quý I",
        widget=forms.TextInput(attrs={"placeholder": "VD: 2021: 30/09/2021; khác: Quý I"}),
    )

    def clean_schedule(self):
        try:
            return parse_schedule_text(self.cleaned_data["schedule"])
        except ServiceError as e:
            raise forms.ValidationError(e.message) from None

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "Năm kết thúc phải sau năm bắt đầu.")
        return data


class BaseTaskFormSet(forms.BaseFormSet):
    def tasks(self) -> list[dict]:
        """The kept, non-empty tasks, as dicts for services.assign_from_document."""
        out = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            out.append({k: data.get(k) for k in TaskForm.base_fields})
        return out


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=1, can_delete=True, max_num=50)


def task_initial(suggested: list[dict]) -> list[dict]:
    """Suggested task dicts (dates, schedule dicts) as the text the form shows."""
    return [
        {
            "text": t["text"],
            "deadline": t["deadline"].strftime("%d/%m/%Y") if t.get("deadline") else "",
            "recurrence": t.get("recurrence", ""),
            "period_start": t.get("period_start"),
            "period_end": t.get("period_end"),
            "schedule": format_schedule(t.get("schedule")),
        }
        for t in suggested
    ]


class UnitsForm(forms.Form):
    units = forms.TypedMultipleChoiceField(
        label="Đơn vị nhận nhiệm vụ",
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        required=True,
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = [(u.pk, u.name) for u in units]
        self.fields["units"].error_messages["required"] = "Chọn ít nhất một đơn vị nhận nhiệm vụ."


class RelayForm(forms.Form):
    document = forms.TypedChoiceField(label="Văn bản triển khai của đơn vị", coerce=int)
    assignments = forms.TypedMultipleChoiceField(
        label="Nhiệm vụ triển khai bằng văn bản này",
        coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, documents=(), assignments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].choices = [(d.pk, f"{d.title} – {d.subject}") for d in documents]
        self.fields["assignments"].choices = [
            (
                a.pk,
                f"{a.task.order}. {a.task.text[:120]}"
                + (f" (hạn {a.due_date:%d/%m/%Y})" if a.due_date else ""),
            )
            for a in assignments
        ]


class ReportDoneForm(forms.Form):
    note = forms.CharField(
        label="Kết quả thực hiện",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Nêu việc đã làm: hội nghị, số người tham gia, văn bản, sản phẩm…",
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Lý do trả lại báo cáo",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nêu điều cần bổ sung: số liệu, văn bản, sản phẩm…",
        error_messages={"required": "Cần nêu lý do trả lại báo cáo."},
    )


class RelayComposeForm(forms.Form):
    """The relay draft's own lines: kind, drafting code (a công văn), subject, the citation line."""

    kind = forms.ChoiceField(label="Loại văn bản triển khai", choices=())
    drafting_code = forms.CharField(
        label="Chữ viết tắt đơn vị soạn thảo",
        required=False,
        max_length=30,
        help_text="Bắt buộc với công văn (ví dụ VP, TGNC).",
    )
    subject = forms.CharField(label="Trích yếu", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    opening = forms.CharField(
        label="Mở đầu (dẫn chiếu văn bản cấp trên)", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(self, *args, **kwargs):
        from documents.kinds import DIRECTIVE_KINDS, DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in DocumentKind if k in DIRECTIVE_KINDS]

    def clean(self):
        data = super().clean()
        if data.get("kind") == "cong_van" and not (data.get("drafting_code") or "").strip():
            self.add_error("drafting_code", "Công văn cần chữ viết tắt của đơn vị soạn thảo (ví dụ VP).")
        return data


class RelayItemForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    include = forms.BooleanField(label="Triển khai", required=False)
    text = forms.CharField(
        label="Nội dung giao cho đơn vị trực thuộc", widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = DateField(label="Thời hạn", required=False, help_text="Không muộn hơn thời hạn của cấp trên.")


RelayItemFormSet = forms.formset_factory(RelayItemForm, extra=0, max_num=200)
