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
from lamtheo.lib.lists import paginate
from org.selectors import children_on

from . import selectors, services
from .forms import RelayForm, ReportDoneForm, ReturnForm, TaskFormSet, UnitsForm, task_initial
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
    except services.NotAllowed as e:
        raise PermissionDenied(e.message) from None
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"Đã tiếp nhận nhiệm vụ: {assignment.task.text[:80]}")
    return _back(request)


def _addressee_only(actor, assignment) -> None:
    try:
        services.check_addressee(actor, assignment)
    except services.NotAllowed as e:
        raise PermissionDenied(e.message) from None


@login_required
def report_done(request, pk: int):
    assignment = selectors.get_assignment(request.actor, pk)
    _addressee_only(request.actor, assignment)
    form = ReportDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_done(request.actor, assignment=assignment, note=form.cleaned_data["note"])
        except services.NotAllowed as e:
            raise PermissionDenied(e.message) from None
        except ServiceError as e:
            form.add_error(None, e.message)
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
    except services.NotAllowed as e:
        raise PermissionDenied(e.message) from None
    except ServiceError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"Đã nhắc {assignment.unit.name} thực hiện nhiệm vụ {assignment.task.order}."
        )
    return _back(request)


@login_required
def return_report(request, pk: int):
    """A unit above sends a done report back with its reason."""
    assignment = selectors.get_assignment(request.actor, pk)
    try:
        services.check_upper(request.actor, assignment)
    except services.NotAllowed as e:
        raise PermissionDenied(e.message) from None
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_report(request.actor, assignment=assignment, reason=form.cleaned_data["reason"])
        except services.NotAllowed as e:
            raise PermissionDenied(e.message) from None
        except ServiceError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, f"Đã trả lại báo cáo của {assignment.unit.name}.")
            return redirect("directives:progress", pk=assignment.task.directive_id)
    return render(request, "directives/return_report.html", {"assignment": assignment, "form": form})


@login_required
def relay(request, pk: int):
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
        except services.NotAllowed as e:
            raise PermissionDenied(e.message) from None
        except ServiceError as e:
            form.add_error(None, e.message)
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
            except services.NotAllowed as e:
                raise PermissionDenied(e.message) from None
            except ServiceError as e:
                messages.error(request, e.message)
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
