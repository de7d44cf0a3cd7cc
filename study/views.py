"""Thin views: parse with a form, call a selector or a service, render."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error
from lamtheo.lib.lists import paginate, record_id
from lamtheo.lib.periods import PeriodError, PeriodKind, parse_period, period_containing
from lamtheo.lib.xlsx_export import XLSX_CONTENT_TYPE, Column, TitleBlock, write_list
from org.models import Unit

from . import from_document, selectors, services
from .filters import CourseFilterSet, EventFilterSet, OutreachFilterSet
from .forms import (
    CourseForm,
    CoverageForm,
    EventForm,
    OutreachForm,
    ScheduleForm,
    ScheduleFromDocumentForm,
    TopicForm,
    schedule_initial,
)
from .models import AttendanceMode, AttendanceStatus, EventKind

PAGE_SIZE = 50
SHEET_SIZE = 30  # members per page of the attendance sheet


def _require_writer(request) -> None:
    if not request.actor.can_write:
        raise PermissionDenied("Bạn không có quyền ghi hoạt động học tập.")


def _acting_unit_name(request) -> str:
    unit = Unit.objects.filter(pk=request.actor.unit_id).first() if request.actor.unit_id else None
    return unit.name if unit else ""


# ---------------------------------------------------------------- events


@login_required
@require_GET
def event_list(request):
    actor = request.actor
    filters = EventFilterSet(request.GET, queryset=selectors.event_list(actor), actor=actor)
    page = paginate(request, filters.qs.order_by("-held_on", "-id"), PAGE_SIZE)
    return render(request, "study/event_list.html", {
        "filter": filters, "page_obj": page, "events": page.object_list, "can_write": actor.can_write,
        "used": filters.used(),
    })  # fmt: skip


EVENT_COLUMNS = [
    Column("Ngày tổ chức", "date", 14), Column("Hình thức", width=22), Column("Tên hoạt động", width=50),
    Column("Đơn vị chủ trì", width=40), Column("Chuyên đề", width=40), Column("Nội dung", width=14),
]  # fmt: skip


@login_required
@require_GET
def event_export(request):
    actor = request.actor
    if not actor.can_export:
        raise PermissionDenied("Bạn không có quyền xuất danh sách.")
    filters = EventFilterSet(request.GET, queryset=selectors.event_list(actor), actor=actor)
    events = filters.qs.order_by("-held_on", "-id").prefetch_related("items")

    def rows():
        for e in events.iterator(chunk_size=2000):
            items = " ".join(i.label for i in e.items.all())
            yield [
                e.held_on,
                e.get_kind_display(),
                e.title,
                e.unit.name,
                e.topic.title if e.topic else "",
                items,
            ]

    title = TitleBlock(unit=_acting_unit_name(request), title="Danh sách hoạt động học tập", on=today(),
                       filters=[f"{k}: {v}" for k, v in filters.used()], total_label="hoạt động")  # fmt: skip
    buffer = io.BytesIO()
    write_list(buffer, EVENT_COLUMNS, rows(), title=title, sheet_name="Hoạt động")
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename=f"hoc-tap-{today():%Y%m%d}.xlsx",
                        content_type=XLSX_CONTENT_TYPE)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    _require_writer(request)
    actor = request.actor
    topics = selectors.topic_list(actor)
    form = EventForm(request.POST or None, actor=actor, topics=topics,
                     initial={"unit": actor.unit_id, "held_on": today()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        hosts = [d["unit"], *d["co_hosts"]]
        counts = {u.pk: (0, 0) for u in hosts}
        counts[d["unit"].pk] = (d["member_count"] or 0, d["worker_count"] or 0)
        try:
            event = services.record_event(
                actor, unit=d["unit"], co_hosts=d["co_hosts"], kind=d["kind"], title=d["title"],
                held_on=d["held_on"], place=d["place"], topic=d["topic"], items=d["items"], mode=d["mode"],
                online=d["online"], entries=d["entries"] if d["kind"] == EventKind.CONTEST else None,
                head_counts=counts,
            )  # fmt: skip
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Đã ghi hoạt động học tập.")
            return redirect(event)
    return render(request, "study/event_form.html", {"form": form})


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#212529")


@login_required
@require_http_methods(["GET", "POST"])
def event_detail(request, pk: int):
    actor = request.actor
    event = selectors.get_event(actor, pk)
    hosts = list(event.hosts.all())  # prefetched with their units (selectors.get_event)
    host_ids = {h.unit_id for h in hosts}
    may_write = actor.can_write and bool(Unit.objects.visible_to(actor).filter(pk__in=host_ids).exists())
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied("Bạn không có quyền điểm danh hoạt động này.")
        marks = {}
        for key, value in request.POST.items():
            member_id = record_id(key[2:]) if key.startswith("m-") and key[2:].isascii() else None
            if member_id is not None and value in AttendanceStatus.values:
                marks[member_id] = value
        try:
            n = services.set_attendance(actor, event=event, marks=marks, correction=event.held_on < today())
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Đã lưu điểm danh ({n} thay đổi).")
        return redirect(f"{reverse('study:event_detail', args=[pk])}?{request.GET.urlencode()}")
    q = (request.GET.get("q") or "")[:100]
    sheet = None
    if event.mode == AttendanceMode.LIST and actor.sees_member_lists:
        sheet = paginate(request, selectors.attendance_sheet(actor, event, q), SHEET_SIZE)
    qr = None
    if may_write and event.mode == AttendanceMode.LIST and event.held_on == today():
        url = request.build_absolute_uri(reverse("study:check_in", args=[selectors.check_in_code(event)]))
        qr = {"svg": mark_safe(_qr_svg(url)), "url": url}  # segno's own SVG markup
    return render(request, "study/event_detail.html", {
        "event": event, "hosts": hosts, "shared": len(hosts) > 1, "items": event.items.all(), "sheet": sheet, "q": q,
        "summary": selectors.attendance_summary(event), "statuses": AttendanceStatus.choices, "qr": qr,
        "may_write": may_write, "attachments": event.attachments.filter(deleted_at__isnull=True),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, code: str):
    """Opened from the QR code: the member confirms and is marked present (on the event's day only)."""
    actor = request.actor
    event = selectors.check_in_event(code)
    if event is None:
        raise Http404
    if not actor.member_id or not event.hosts.filter(unit_id=actor.unit_id).exists():
        raise PermissionDenied("Bạn không phải đoàn viên của công đoàn tổ chức hoạt động này.")
    done, error = None, ""
    if request.method == "POST":
        try:
            done = services.check_in(actor, code=code)
        except ServiceError as exc:
            error = exc.message
    return render(request, "study/check_in.html", {"event": event, "done": done, "error": error})


# ---------------------------------------------------------------- topics and schedules


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request):
    actor = request.actor
    form = (
        TopicForm(request.POST or None, actor=actor, initial={"issuer_unit": actor.unit_id})
        if actor.can_write
        else None
    )
    if request.method == "POST":
        _require_writer(request)
        if form.is_valid():
            d = form.cleaned_data
            try:
                topic = services.create_topic(
                    actor, issuer_unit=d["issuer_unit"], scope=d["scope"], year=d["year"], term=d["term"],
                    title=d["title"], items=form.item_lines(), valid_from=d["valid_from"], valid_to=d["valid_to"],
                    guidance_ref=d["guidance_ref"],
                )  # fmt: skip
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, "Đã thêm chuyên đề.")
                return redirect("study:topic_detail", topic.pk)
    page = paginate(request, selectors.topic_list(actor), PAGE_SIZE)
    return render(
        request, "study/topic_list.html", {"page_obj": page, "topics": page.object_list, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_detail(request, pk: int):
    actor = request.actor
    topic = selectors.get_topic(actor, pk)
    form = None
    if actor.can_write:
        form = ScheduleForm(request.POST or None, actor=actor, topic=topic,
                            initial={"unit": actor.unit_id, "year": topic.year or today().year})  # fmt: skip
    if request.method == "POST":
        _require_writer(request)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.set_schedule(
                    actor, unit=d["unit"], topic=topic, year=d["year"],
                    quarters={q: d[f"q{q}"] for q in (1, 2, 3, 4)}, notes={q: d[f"note{q}"] for q in (1, 2, 3, 4)},
                )  # fmt: skip
            except ServiceError as exc:
                apply_service_error(form, exc, {"quarters": "q1"})
            else:
                messages.success(request, "Đã lưu lịch học tập.")
                return redirect("study:topic_detail", topic.pk)
    schedules = [(s, selectors.schedule_quarters(s)) for s in selectors.schedules_of(actor, topic)]
    return render(request, "study/topic_detail.html", {"topic": topic, "schedules": schedules, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def schedule_from_document(request, document_id: int):
    """'Lập lịch học tập từ văn bản này': the schedule form pre-filled with what the reader found in the
    guidance (topic items, the quarter of each); the user corrects it before saving."""
    _require_writer(request)
    actor = request.actor
    document = from_document.guidance_document(actor, document_id)
    if document is None:
        raise Http404
    draft = from_document.schedule_draft(document)
    if draft is None:
        messages.error(request, "Không đọc được lịch học tập theo quý trong văn bản này.")
        return redirect(document)
    match = from_document.matching_topic(actor, draft)
    topics = from_document.topics_of_year(actor, draft.year)
    form = ScheduleFromDocumentForm(request.POST or None, actor=actor, topics=topics,
                                    initial=schedule_initial(draft, unit_id=actor.unit_id, topic_id=match and match.pk))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            schedule = services.schedule_from_document(
                actor, document=document, unit=d["unit"], year=d["year"], topic=d["topic_obj"],
                title=d["title"], items=form.item_lines(), quarters=form.quarters(), notes=form.notes(),
            )  # fmt: skip
        except ServiceError as exc:
            apply_service_error(form, exc, {"quarters": "q1", "document": "topic"})
        else:
            messages.success(request, "Đã lập lịch học tập từ văn bản.")
            return redirect("study:topic_detail", schedule.topic_id)
    return render(request, "study/schedule_from_document.html", {
        "form": form, "document": document, "draft": draft, "match": match,
    })  # fmt: skip


# ---------------------------------------------------------------- coverage


@login_required
@require_GET
def coverage(request):
    actor = request.actor
    form = CoverageForm(request.GET or None, actor=actor)
    unit = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    period = period_containing(PeriodKind.QUARTER, today())
    error = ""
    if form.is_bound and form.is_valid():
        unit = form.cleaned_data["unit"] or unit
        try:
            period = parse_period(form.cleaned_data["period"]) if form.cleaned_data["period"] else period
        except PeriodError as exc:
            error = str(exc)
    if unit is None:
        raise PermissionDenied("Tài khoản chưa gắn với đơn vị nào.")
    cov = selectors.coverage(actor, unit, period.start.year, (period.start.month - 1) // 3 + 1)
    page = paginate(request, cov.rows, PAGE_SIZE)
    return render(request, "study/coverage.html", {
        "form": form, "cov": cov, "page_obj": page, "rows": page.object_list, "error": error,
        "period_code": f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}",
    })  # fmt: skip


# ---------------------------------------------------------------- outreach and training


def _simple_list(request, *, filterset, queryset, form, template, create):
    actor = request.actor
    if request.method == "POST":
        _require_writer(request)
        if form.is_valid():
            try:
                create(form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, "Đã lưu.")
                return redirect(request.path)
    filters = filterset(request.GET, queryset=queryset, actor=actor)
    page = paginate(request, filters.qs, PAGE_SIZE)
    return render(request, template, {
        "filter": filters, "page_obj": page, "rows": page.object_list, "form": form,
        "show_form": request.method == "POST",
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def outreach_list(request):
    actor = request.actor
    form = (
        OutreachForm(request.POST or None, actor=actor, initial={"unit": actor.unit_id, "on": today()})
        if actor.can_write
        else None
    )

    def create(d):
        services.create_outreach_item(actor, unit=d["unit"], channel=d["channel"], on=d["on"], title=d["title"],
                                      link=d["link"])  # fmt: skip

    return _simple_list(request, filterset=OutreachFilterSet, queryset=selectors.outreach_list(actor), form=form,
                        template="study/outreach_list.html", create=create)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def course_list(request):
    actor = request.actor
    form = (
        CourseForm(request.POST or None, actor=actor, initial={"unit": actor.unit_id})
        if actor.can_write
        else None
    )

    def create(d):
        services.create_training_course(
            actor, unit=d["unit"], title=d["title"], on=d["on"], ends_on=d["ends_on"], place=d["place"],
            trainers=d["trainers"], participant_count=d["participant_count"] or 0,
        )  # fmt: skip

    return _simple_list(request, filterset=CourseFilterSet, queryset=selectors.course_list(actor), form=form,
                        template="study/course_list.html", create=create)  # fmt: skip


@login_required
@require_POST
def attachment_upload(request, pk: int):
    event = selectors.get_event(request.actor, pk)
    _require_writer(request)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Chưa chọn tệp.")
        return redirect(event)
    try:
        services.add_attachment(request.actor, event=event, upload=upload)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã đính kèm “{upload.name}”.")
    return redirect(event)


@login_required
@require_GET
def attachment_download(request, pk: int, attachment_id: int):
    event = selectors.get_event(request.actor, pk)
    attachment = event.attachments.filter(pk=attachment_id, deleted_at__isnull=True).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name,
                        content_type=attachment.content_type)  # fmt: skip


@login_required
@require_POST
def event_delete(request, pk: int):
    event = selectors.get_event(request.actor, pk)
    _require_writer(request)
    try:
        services.delete_event(request.actor, event=event, reason=(request.POST.get("reason") or "")[:300])
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(event)
    messages.success(request, "Đã xóa hoạt động.")
    return redirect("study:event_list")
