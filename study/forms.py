"""Page forms of the study app, from the kit: DateField for every date, the unit picker for every unit."""

from typing import Any

from django import forms

from accounts.scoping import Actor
from lamtheo.lib.forms import DateField
from org.fields import UnitChoiceField, UnitMultipleChoiceField
from org.picker import GRASSROOTS, PickRule

from .models import AttendanceMode, EventKind, OutreachChannel, Topic, TopicItem, TopicScope


class EventForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị chủ trì")
    co_hosts = UnitMultipleChoiceField(label="Đơn vị cùng tổ chức", required=False,
                                       help_text="Các công đoàn cùng tổ chức hoạt động (nếu có).")  # fmt: skip
    kind = forms.ChoiceField(label="Hình thức", choices=EventKind.choices)
    title = forms.CharField(label="Tên hoạt động", max_length=400)
    held_on = DateField(label="Ngày tổ chức")
    place = forms.CharField(label="Địa điểm", max_length=300, required=False)
    topic = forms.ModelChoiceField(label="Chuyên đề", queryset=Topic.objects.none(), required=False,
                                   empty_label="— Không theo chuyên đề —")  # fmt: skip
    items = forms.ModelMultipleChoiceField(label="Nội dung học tập", queryset=TopicItem.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)  # fmt: skip
    mode = forms.ChoiceField(
        label="Ghi người tham dự", choices=AttendanceMode.choices, initial=AttendanceMode.LIST
    )
    member_count = forms.IntegerField(label="Số đoàn viên tham dự", min_value=0, required=False,
                                      help_text="Khi không điểm danh theo danh sách.")  # fmt: skip
    worker_count = forms.IntegerField(
        label="Số CNVCLĐ chưa là đoàn viên tham dự", min_value=0, required=False
    )
    online = forms.BooleanField(label="Tổ chức trực tuyến", required=False)
    entries = forms.IntegerField(label="Số lượt dự thi (hội thi, cuộc thi)", min_value=0, required=False)

    def __init__(self, *args: Any, actor: Actor, topics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]
        self.fields["co_hosts"].set_rule(actor)  # type: ignore[attr-defined]
        self.fields["topic"].queryset = topics
        self.fields["items"].queryset = TopicItem.objects.filter(topic__in=topics).select_related("topic")
        self.fields["items"].label_from_instance = lambda i: f"{i.label} {i.title} – {i.topic.title[:60]}"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        topic, items = data.get("topic"), data.get("items") or []
        if items and topic is None:
            topic = items[0].topic
            data["topic"] = topic
        if topic is not None and any(i.topic_id != topic.pk for i in items):
            self.add_error("items", "Các nội dung phải thuộc cùng chuyên đề đã chọn.")
        return data


class OutreachForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị thực hiện")
    channel = forms.ChoiceField(label="Hình thức", choices=OutreachChannel.choices)
    on = DateField(label="Ngày đăng, phát sóng")
    title = forms.CharField(label="Tiêu đề", max_length=400)
    link = forms.CharField(label="Đường dẫn", max_length=500, required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]


class CourseForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị tổ chức")
    title = forms.CharField(label="Tên lớp", max_length=400)
    on = DateField(label="Ngày khai giảng")
    ends_on = DateField(label="Ngày kết thúc")
    place = forms.CharField(label="Địa điểm", max_length=300, required=False)
    trainers = forms.CharField(label="Giảng viên, báo cáo viên", max_length=500, required=False)
    participant_count = forms.IntegerField(label="Số học viên", min_value=0, required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]


class TopicForm(forms.Form):
    issuer_unit = UnitChoiceField(label="Đơn vị ban hành")
    scope = forms.ChoiceField(label="Phạm vi", choices=TopicScope.choices, initial=TopicScope.YEAR)
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, required=False)
    term = forms.CharField(
        label="Nhiệm kỳ Đại hội Đảng", max_length=10, required=False, help_text="Ví dụ: XIII"
    )
    title = forms.CharField(label="Tên chuyên đề", max_length=600, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(label="Các nội dung", widget=forms.Textarea(attrs={"rows": 5}),
                            help_text="Mỗi dòng một nội dung, theo thứ tự (1), (2)…")  # fmt: skip
    valid_from = DateField(label="Áp dụng từ ngày")
    valid_to = DateField(label="Đến trước ngày", required=False)
    guidance_ref = forms.CharField(label="Văn bản hướng dẫn", max_length=200, required=False)

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["issuer_unit"].set_rule(actor, PickRule())  # type: ignore[attr-defined]

    def item_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class ScheduleForm(forms.Form):
    """One unit's schedule for a topic: for each quarter the items (checkboxes) and a note."""

    unit = UnitChoiceField(label="Đơn vị đặt lịch")
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, actor: Actor, topic: Topic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]
        items = list(topic.items.all())
        for q in (1, 2, 3, 4):
            self.fields[f"q{q}"] = forms.TypedMultipleChoiceField(
                label=f"Quý {['I', 'II', 'III', 'IV'][q - 1]}", required=False, coerce=int,
                choices=[(i.number, f"{i.label} {i.title}") for i in items], widget=forms.CheckboxSelectMultiple,
            )  # fmt: skip
            self.fields[f"note{q}"] = forms.CharField(label=f"Ghi chú Quý {['I', 'II', 'III', 'IV'][q - 1]}",
                                                      max_length=600, required=False)  # fmt: skip


class CoverageForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị", required=False)
    period = forms.RegexField(label="Quý", regex=r"^\d{4}-Q[1-4]$", required=False,
                              help_text="Ví dụ: 2024-Q2", error_messages={"invalid": "Quý viết dạng 2024-Q2."})  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor, PickRule(kind=""))  # type: ignore[attr-defined]


GRASSROOTS_RULE = PickRule(kind=GRASSROOTS)


_QUARTER_NAMES = ["I", "II", "III", "IV"]


class ScheduleFromDocumentForm(forms.Form):
    """The schedule a guidance document announces, pre-filled from the reader's draft: the topic (an
    existing one or a new one with the items read), the items of each quarter as numbers, the notes."""

    NEW = "new"

    unit = UnitChoiceField(label="Đơn vị đặt lịch")
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    topic = forms.ChoiceField(
        label="Chuyên đề",
        help_text="Chọn chuyên đề đã có, hoặc tạo chuyên đề mới với các nội dung đọc được từ văn bản.",
    )
    title = forms.CharField(label="Tên chuyên đề mới", max_length=600, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    items = forms.CharField(label="Các nội dung của chuyên đề mới", required=False,
                            widget=forms.Textarea(attrs={"rows": 6}),
                            help_text="Mỗi dòng một nội dung, theo thứ tự (1), (2)…")  # fmt: skip

    def __init__(self, *args: Any, actor: Actor, topics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].set_rule(actor)  # type: ignore[attr-defined]
        self.topics = {str(t.pk): t for t in topics}
        self.fields["topic"].choices = [(self.NEW, "— Tạo chuyên đề mới từ văn bản —")] + [
            (pk, f"{t.title[:90]} ({t.year or t.term})") for pk, t in self.topics.items()
        ]
        for q, name in enumerate(_QUARTER_NAMES, start=1):
            self.fields[f"q{q}"] = forms.CharField(
                label=f"Nội dung Quý {name}", required=False, max_length=100,
                help_text="Số thứ tự các nội dung, ví dụ: (1), (4)",
            )  # fmt: skip
            self.fields[f"note{q}"] = forms.CharField(label=f"Ghi chú Quý {name}", max_length=600,
                                                      required=False)  # fmt: skip

    def quarter_rows(self) -> list[tuple[Any, Any]]:
        """(items field, note field) of each quarter, for the page's one row per quarter."""
        return [(self[f"q{q}"], self[f"note{q}"]) for q in (1, 2, 3, 4)]

    def _numbers(self, q: int) -> list[int]:
        import re

        return [int(n) for n in re.findall(r"\d+", self.cleaned_data.get(f"q{q}") or "")]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for q in (1, 2, 3, 4):
            text = data.get(f"q{q}") or ""
            if text and not all(c.isdigit() or c in "(),;. và" for c in text):
                self.add_error(f"q{q}", "Ghi số thứ tự nội dung, ví dụ: (1), (4).")
        choice = data.get("topic")
        data["topic_obj"] = self.topics.get(choice) if choice != self.NEW else None
        if choice == self.NEW:
            if not (data.get("title") or "").strip():
                self.add_error("title", "Chưa nhập tên chuyên đề mới.")
            if not self.item_lines():
                self.add_error("items", "Chuyên đề mới cần ít nhất một nội dung.")
        return data

    def item_lines(self) -> list[str]:
        import re

        lines = (self.cleaned_data.get("items") or "").splitlines()
        return [re.sub(r"^\s*\(\d+\)\s*", "", line).strip() for line in lines if line.strip()]

    def quarters(self) -> dict[int, list[int]]:
        return {q: self._numbers(q) for q in (1, 2, 3, 4) if self._numbers(q)}

    def notes(self) -> dict[int, str]:
        return {q: self.cleaned_data.get(f"note{q}") or "" for q in (1, 2, 3, 4)}


def schedule_initial(draft, *, unit_id: int | None, topic_id: int | None) -> dict[str, Any]:
    """The form's initial values from a study.from_document.ScheduleDraft."""
    initial: dict[str, Any] = {
        "unit": unit_id, "year": draft.year, "topic": str(topic_id) if topic_id else ScheduleFromDocumentForm.NEW,
        "title": draft.title, "items": "\n".join(f"({n}) {t}" for n, t in enumerate(draft.items, start=1)),
    }  # fmt: skip
    for q in (1, 2, 3, 4):
        initial[f"q{q}"] = ", ".join(f"({n})" for n in draft.quarters.get(q, []))
        initial[f"note{q}"] = draft.notes.get(q, "")
    return initial
