"""Pages of the directives: the unit's tasks, assigning tasks from a document, relaying, progress."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from documents.kinds import DIRECTIVE_KINDS
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import apply_service_error, flash_service_error
from lamtheo.lib.lists import paginate, record_id
from org.selectors import children_on

from . import selectors, services
from .forms import (
    RelayComposeForm,
    RelayForm,
    RelayItemFormSet,
    ReportDoneForm,
    ReturnForm,
    TaskFormSet,
    UnitsForm,
    task_initial,
)
from .models import AssignmentStatus
from .suggest import suggest_from_document

PAGE_SIZE = 25
STATUS_FILTERS = [
    ("", "Tất cả"),
    ("open", "Chưa hoàn thành"),
    ("late", "Trễ hạn"),
    *[(s.value, s.label) for s in AssignmentStatus],
]


def _back(request, default: str = "directives:task_list"):
    nxt = request.POST.get("next") or request.GET.get("next")
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return redirect(nxt)
    return redirect(default)


@login_required
def task_list(request):
    actor = request.actor
    status = request.GET.get("status", "")
    if status not in dict(STATUS_FILTERS):
        status = ""
    on = today()
    page = paginate(
        request, selectors.unit_assignments(actor, unit_id=actor.unit_id, status=status, on=on), PAGE_SIZE
    )
    return render(
        request,
        "directives/task_list.html",
        {
            "page_obj": page,
            "status": status,
            "status_filters": STATUS_FILTERS,
            "issued": selectors.issued_directives(actor, actor.unit_id, on=on)[:20],
            "to_assign": selectors.documents_to_assign(actor, actor.unit_id)[:20],
            "on": on,
        },
    )


@login_required
@require_POST
def acknowledge(request, pk: int):
    assignment = selectors.get_assignment(request.actor, pk)
    try:
        services.acknowledge(request.actor, assignment=assignment)
    except ServiceError as e:
        flash_service_error(request, e)
    else:
        messages.success(request, f"Đã tiếp nhận nhiệm vụ: {assignment.task.text[:80]}")
    return _back(request)


def _addressee_only(actor, assignment) -> None:
    services.check_addressee(actor, assignment)  # NotAllowed is a Refused: the 403 page with its message


@login_required
def report_done(request, pk: int):
    assignment = selectors.get_assignment(request.actor, pk)
    _addressee_only(request.actor, assignment)
    form = ReportDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_done(request.actor, assignment=assignment, note=form.cleaned_data["note"])
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, "Đã báo cáo hoàn thành nhiệm vụ.")
            return redirect("directives:task_list")
    return render(request, "directives/report_done.html", {"assignment": assignment, "form": form})


@login_required
@require_POST
def remind(request, pk: int):
    """A unit above reminds the addressee of an open task."""
    assignment = selectors.get_assignment(request.actor, pk)
    try:
        services.remind(request.actor, assignment=assignment, note=request.POST.get("note", ""))
    except ServiceError as e:
        flash_service_error(request, e)
    else:
        messages.success(
            request, f"Đã nhắc {assignment.unit.name} thực hiện nhiệm vụ {assignment.task.order}."
        )
    return _back(request)


@login_required
def return_report(request, pk: int):
    """A unit above sends a done report back with its reason."""
    assignment = selectors.get_assignment(request.actor, pk)
    services.check_upper(request.actor, assignment)  # NotAllowed is a Refused: the 403 page
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_report(request.actor, assignment=assignment, reason=form.cleaned_data["reason"])
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(request, f"Đã trả lại báo cáo của {assignment.unit.name}.")
            return redirect("directives:progress", pk=assignment.task.directive_id)
    return render(request, "directives/return_report.html", {"assignment": assignment, "form": form})


@login_required
def relay(request, pk: int):
    """Relay with a letter already issued; the page offers to draft one in one step when there is none."""
    actor = request.actor
    assignment = selectors.get_assignment(actor, pk)
    _addressee_only(actor, assignment)
    documents = list(selectors.relay_candidates(actor, assignment))
    siblings = list(selectors.sibling_open_assignments(actor, assignment))
    form = RelayForm(
        request.POST or None,
        documents=documents,
        assignments=siblings,
        initial={"assignments": [a.pk for a in siblings], "document": documents[0].pk if documents else None},
    )
    if request.method == "POST" and form.is_valid():
        chosen = {a.pk: a for a in siblings}
        doc = next(d for d in documents if d.pk == form.cleaned_data["document"])
        try:
            created = services.relay_many(
                actor, assignments=[chosen[i] for i in form.cleaned_data["assignments"]], relay_document=doc
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                f"Đã triển khai bằng {doc.title}: giao {len(created)} nhiệm vụ cho đơn vị trực thuộc.",
            )
            return redirect("directives:progress", pk=assignment.task.directive_id)
    return render(
        request,
        "directives/relay.html",
        {
            "assignment": assignment,
            "form": form,
            "documents": documents,
            "upper": selectors.upper_documents(assignment)[-1],
        },
    )


@login_required
def assign(request, pk: int):
    actor = request.actor
    document = selectors.assignable_document(actor, pk)
    if not actor.can_write:
        raise PermissionDenied("Vai trò của bạn không được giao nhiệm vụ.")
    existing = selectors.visible_directives(actor).filter(document=document).first()
    if existing is not None:
        messages.info(request, f"{document.title} đã được giao nhiệm vụ.")
        return redirect("directives:progress", pk=existing.pk)
    problem = ""
    if document.status != "issued":
        problem = "Chỉ giao nhiệm vụ từ văn bản đã ban hành."
    elif document.kind not in DIRECTIVE_KINDS:
        problem = f"{document.get_kind_display()} không phải loại văn bản chỉ đạo để giao nhiệm vụ."
    units = children_on(document.issuer_unit_id, document.date or today())
    if request.method == "POST" and not problem:
        formset = TaskFormSet(request.POST, prefix="task")
        units_form = UnitsForm(request.POST, units=units)
        if formset.is_valid() and units_form.is_valid():
            by_pk = {u.pk: u for u in units}
            try:
                directive = services.assign_from_document(
                    actor,
                    document=document,
                    tasks=formset.tasks(),
                    units=[by_pk[i] for i in units_form.cleaned_data["units"]],
                )
            except ServiceError as e:
                apply_service_error(units_form, e)
            else:
                messages.success(request, f"Đã giao nhiệm vụ theo {document.title}.")
                return redirect("directives:progress", pk=directive.pk)
    else:
        formset = TaskFormSet(prefix="task", initial=task_initial(suggest_from_document(document)))
        units_form = UnitsForm(units=units, initial={"units": [u.pk for u in units]})
    return render(
        request,
        "directives/assign.html",
        {"document": document, "formset": formset, "units_form": units_form, "problem": problem},
    )


@login_required
def document_progress(request, pk: int):
    """The progress page of the directive of a document (for links from the document pages)."""
    directive = get_object_or_404(selectors.visible_directives(request.actor), document_id=pk)
    return redirect("directives:progress", pk=directive.pk)


# --- relay in one step ---------------------------------------------------------------------------


@login_required
def relay_compose_document(request, pk: int):
    """'Soạn văn bản triển khai' from a received document: the acting unit's open tasks from it."""
    actor = request.actor
    from documents.selectors import visible_documents

    get_object_or_404(visible_documents(actor), pk=pk)
    assignments = list(selectors.relayable_from_document(actor, pk))
    if not assignments:
        messages.info(request, "Đơn vị không có nhiệm vụ nào đang chờ triển khai theo văn bản này.")
        return redirect("documents:document_detail", pk=pk)
    return _relay_compose(request, assignments)


@login_required
def relay_compose(request, pk: int):
    """'Soạn văn bản triển khai' from one task: the unit's open tasks of the same directive."""
    actor = request.actor
    assignment = selectors.get_assignment(actor, pk)
    _addressee_only(actor, assignment)
    assignments = list(selectors.sibling_open_assignments(actor, assignment))
    if not assignments:
        messages.info(request, f"Nhiệm vụ đã ở trạng thái “{assignment.get_status_display()}”.")
        return redirect("directives:task_list")
    return _relay_compose(request, assignments)


def _relay_compose(request, assignments):
    actor = request.actor
    first = assignments[0]
    _addressee_only(actor, first)
    if not actor.may("approve"):
        raise PermissionDenied("Vai trò của bạn không được soạn và ban hành văn bản.")
    upper = selectors.upper_documents(first)[-1]
    by_pk = {a.pk: a for a in assignments}
    default_items = [services.RelayItem(a, a.wording, a.due_date) for a in assignments]
    draft = services.relay_draft_fields(first.unit, upper, default_items)
    form = RelayComposeForm(
        request.POST or None,
        initial={"kind": draft.kind, "subject": draft.subject, "opening": draft.opening},
    )
    formset = RelayItemFormSet(
        request.POST or None,
        prefix="item",
        initial=[
            {"assignment": a.pk, "include": True, "text": a.wording,
             "deadline": a.due_date.strftime("%d/%m/%Y") if a.due_date else ""}
            for a in assignments
        ],
    )  # fmt: skip
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        items = [
            services.RelayItem(
                by_pk[f.cleaned_data["assignment"]], f.cleaned_data["text"], f.cleaned_data["deadline"]
            )
            for f in formset
            if f.cleaned_data.get("include") and f.cleaned_data.get("assignment") in by_pk
        ]
        fields = services.relay_draft_fields(first.unit, upper, items, kind=form.cleaned_data["kind"])
        fields.subject = form.cleaned_data["subject"]
        fields.opening = form.cleaned_data["opening"]
        try:
            plan = services.compose_relay(
                actor, items=items, fields=fields, drafting_code=form.cleaned_data["drafting_code"]
            )
        except ServiceError as e:
            apply_service_error(form, e)
        else:
            messages.success(
                request,
                f"Đã soạn dự thảo văn bản triển khai {len(items)} nhiệm vụ. Kiểm tra, sửa nếu cần rồi ban hành: "
                "khi ban hành, các nhiệm vụ được giao cho các đơn vị trực thuộc.",
            )
            return redirect("documents:document_preview", pk=plan.document_id)
    rows = [(f, by_pk.get(record_id(f["assignment"].value()))) for f in formset]
    return render(
        request,
        "directives/relay_compose.html",
        {
            "form": form,
            "formset": formset,
            "rows": rows,
            "upper": upper,
            "unit": first.unit,
            "children": children_on(first.unit_id, today()),
        },
    )
