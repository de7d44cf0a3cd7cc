"""The progress page of a directive, seen from above: counts per task and level, the unit × task matrix
(late units first, "late only", paginated), or the list of assignments; its .xlsx export (the matrix's
rows, every page); and the reminder to the late units."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from documents.symbols import normalize_symbol
from lamtheo.lib.dates import today
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.forms import flash_service_error
from lamtheo.lib.lists import format_number, paginate, record_id
from lamtheo.lib.text import fold
from lamtheo.lib.xlsx_export import XLSX_CONTENT_TYPE, Column, TitleBlock, write_list

from . import progress as matrix
from . import selectors
from .models import AssignmentStatus
from .reminders import remind_late
from .schedule import task_occurrence_label

PROGRESS_PAGE_SIZE = 50  # assignments per page of the list
MATRIX_PAGE_SIZE = 50  # units per page of the matrix
LIST_VIEW = "luot-giao"
STATUS_FILTERS = [
    ("", "Tất cả"),
    ("open", "Chưa hoàn thành"),
    ("late", "Trễ hạn"),
    *[(s.value, s.label) for s in AssignmentStatus],
]


def _matrix_filters(request) -> dict:
    level = request.GET.get("level", "")
    return {
        "late_only": request.GET.get("late") == "1",
        "level": level if level in selectors.LEVEL_LABELS else "",
        "unit_id": record_id(request.GET.get("unit")),
    }


def _filters_in_words(filters: dict, unit_name: str = "") -> list[str]:
    used = []
    if filters["late_only"]:
        used.append("Chỉ đơn vị trễ hạn")
    if filters["level"]:
        used.append(f"Cấp: {selectors.LEVEL_LABELS[filters['level']]}")
    if filters["unit_id"] is not None:
        used.append(f"Đơn vị: {unit_name or filters['unit_id']}")
    return used


@login_required
@require_GET
def progress(request, pk: int):
    """Summary counts per task, occurrence and level, then one page of the matrix (units × task
    occurrences, the most late first) or of the assignments (?xem=luot-giao, or a task / status filter):
    bounded whatever the number of units addressed."""
    actor = request.actor
    directive = selectors.get_directive(actor, pk)
    on = today()
    summary = selectors.progress_summary(actor, directive, on=on)
    for t in summary:
        for occ in t.occurrences:
            occ.label = task_occurrence_label(t.task, occ.due_date)  # type: ignore[attr-defined]
    status = request.GET.get("status", "")
    if status not in dict(STATUS_FILTERS):
        status = ""
    level = request.GET.get("level", "")
    if level not in selectors.LEVEL_LABELS:
        level = ""
    task_order = record_id(request.GET.get("task"))
    list_view = request.GET.get("xem") == LIST_VIEW or bool(status) or task_order is not None
    context = {
        "directive": directive,
        "tasks": summary,
        "on": on,
        "status": status,
        "status_filters": STATUS_FILTERS,
        "level": level,
        "levels": list(selectors.LEVEL_LABELS.items()),
        "task_order": task_order,
        "list_view": list_view,
        "late_total": sum(t.counts.late for t in summary),
    }
    if list_view:
        rows = selectors.progress_rows(
            actor, directive, on=on, task_order=task_order, status=status, level=level
        )
        unit_id = record_id(request.GET.get("unit"))
        if unit_id is not None:
            rows = rows.filter(unit_id=unit_id)
        context["unit_id"] = unit_id
        page = paginate(request, rows, PROGRESS_PAGE_SIZE)
        for a in page.object_list:
            a.occurrence = task_occurrence_label(a.task, a.due_date)
        context["page_obj"] = page
        context["late_units"] = matrix.late_units_to_remind(actor, directive, on, level)
    else:
        filters = _matrix_filters(request)
        columns = matrix.occurrence_columns(summary)
        # One grouped query for every unit (a province: about 5,000 small rows), paged here: the page,
        # the count and, unless a level or a unit narrows it, the number of late units come from it.
        units = list(matrix.matrix_units(actor, directive, on=on, **filters))
        context["late_units"] = matrix.late_units_to_remind(actor, directive, on, filters["level"])
        page = paginate(request, units, MATRIX_PAGE_SIZE)
        matrix_rows = matrix.fill_rows(actor, directive, list(page.object_list), columns, on=on)
        page.rows = matrix_rows  # type: ignore[attr-defined]  # the page's units with their cells
        context.update(
            matrix_page=page,
            columns=columns,
            filters=filters,
            filters_used=_filters_in_words(filters, matrix_rows[0].name if matrix_rows else ""),
        )
    return render(request, "directives/progress.html", context)


def export_filename(directive) -> str:
    """ "tien-do-01-HD-LDLD-2026.xlsx": says which directive, in ASCII."""
    doc = directive.document
    symbol = fold(normalize_symbol(doc.symbol or "") or str(directive.pk)).upper()
    stem = "".join(ch if ch.isalnum() else "-" for ch in symbol).strip("-")
    year = f"-{doc.date:%Y}" if doc.date else ""
    return f"tien-do-{stem}{year}.xlsx"


@login_required
@require_GET
def progress_export(request, pk: int):
    """The matrix as .xlsx: the same rows in the same order as the page with the same filters, every
    page of them, under the list kit's title block."""
    actor = request.actor
    directive = selectors.get_directive(actor, pk)
    on = today()
    filters = _matrix_filters(request)
    columns = matrix.occurrence_columns(selectors.progress_summary(actor, directive, on=on))
    units = matrix.matrix_units(actor, directive, on=on, **filters)
    rows = matrix.all_rows(actor, directive, units, columns, on=on)
    first = units.first() if filters["unit_id"] is not None else None
    sheet_columns = [
        Column("Đơn vị", width=44), Column("Cấp", width=28), Column("Số lượt giao", kind="number", width=10),
        Column("Đã hoàn thành", kind="number", width=10), Column("Trễ hạn", kind="number", width=10),
        *[Column(c.title, width=22) for c in columns],
    ]  # fmt: skip
    doc = directive.document
    title = TitleBlock(
        unit=directive.issuer_unit.name,
        title=f"Tiến độ thực hiện {doc.title}",
        on=on,
        filters=_filters_in_words(filters, first["unit__name"] if first else ""),
        total_label="đơn vị",
    )
    buffer = io.BytesIO()
    write_list(
        buffer, sheet_columns, (matrix.export_values(r) for r in rows), title=title, sheet_name="Tiến độ"
    )
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=export_filename(directive), content_type=XLSX_CONTENT_TYPE
    )


@login_required
@require_POST
def progress_remind(request, pk: int):
    """Remind the late units (of one level, when the matrix is filtered so) in one step."""
    actor = request.actor
    directive = selectors.get_directive(actor, pk)
    level = request.POST.get("level", "")
    try:
        n = remind_late(actor, directive=directive, note=request.POST.get("note", ""), level=level)
    except ServiceError as e:
        flash_service_error(request, e)
    else:
        messages.success(request, f"Đã nhắc {format_number(n)} nhiệm vụ trễ hạn của các đơn vị.")
    url = reverse("directives:progress", args=[directive.pk]) + "?late=1"
    if level in selectors.LEVEL_LABELS:
        url += f"&level={level}"
    return redirect(url + "#bang")
