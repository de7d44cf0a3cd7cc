"""The wizard's pages, the same for every registered importer.

The file is read once, at upload: its rows are staged as JSON (spreadsheet.stage_sheet) and the preview
and the save read them back. The page prints at most PREVIEW_ROWS rows and PREVIEW_ISSUES errors and
warnings, each cell cut to CELL_CHARS characters, whatever the file holds.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lamtheo.lib import spreadsheet
from lamtheo.lib.dates import format_vn
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.xlsx_export import Column, template_response

from . import registry
from .forms import UploadForm

SESSION_KEY = "imports"
RESULT_KEY = "imports_result"
PREVIEW_ROWS = 200
PREVIEW_ISSUES = 200
CELL_CHARS = 120
MESSAGE_CHARS = 400


def _importer(request, kind: str) -> registry.Importer:
    importer = registry.get(kind)
    if importer is None:
        raise Http404("Không có loại nhập dữ liệu này.")
    if not importer.permission(request.actor):
        raise PermissionDenied(f"Bạn không có quyền nhập {importer.title.lower()}.")
    return importer


def _pending(request, kind: str) -> dict[str, str] | None:
    pending = request.session.get(SESSION_KEY, {}).get(kind)
    return pending if isinstance(pending, dict) and "token" in pending else None


def _set_pending(request, kind: str, pending: dict[str, str] | None) -> None:
    staged = dict(request.session.get(SESSION_KEY, {}))
    old = staged.pop(kind, None)
    if old and (pending is None or old.get("token") != pending.get("token")):
        spreadsheet.discard_staged_sheet(old.get("token", ""))
    if pending is not None:
        staged[kind] = pending
    request.session[SESSION_KEY] = staged


@login_required
@require_GET
def index(request) -> HttpResponse:
    importers = registry.available(request.actor)
    if not importers:
        raise PermissionDenied("Bạn không có quyền nhập dữ liệu.")
    return render(request, "imports/index.html", {"importers": importers})


@login_required
def start(request, kind: str) -> HttpResponse:
    """Step 1: upload. The file is read here, once, and refused at once when unreadable or too big."""
    importer = _importer(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            spreadsheet.check_suffix(upload.name)
            spreadsheet.check_size(upload.size, upload.name)
            sheet = spreadsheet.read_spreadsheet(upload.read(), upload.name)
            token = spreadsheet.stage_sheet(sheet)
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            _set_pending(
                request, kind, {"token": token, "filename": sheet.filename, "sheet": sheet.sheet_name}
            )
            return redirect("imports:preview", kind=kind)
    status = 422 if request.method == "POST" else 200
    return render(request, "imports/start.html", {"importer": importer, "form": form}, status=status)


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_vn(value)
    return truncatechars(str(value), CELL_CHARS)


def _issues(issues: list) -> list[dict[str, Any]]:
    return [
        {
            "row": i.row,
            "column": truncatechars(i.column, CELL_CHARS),
            "message": truncatechars(i.message, MESSAGE_CHARS),
        }
        for i in issues[:PREVIEW_ISSUES]
    ]


@login_required
@require_GET
def preview(request, kind: str) -> HttpResponse:
    """Step 2: every bad row (row, column, reason) and what saving would do; nothing is saved."""
    importer = _importer(request, kind)
    pending = _pending(request, kind)
    if pending is None:
        messages.info(request, "Hãy chọn tệp cần nhập.")
        return redirect("imports:start", kind=kind)
    try:
        sheet = spreadsheet.load_staged_sheet(pending["token"])
    except ServiceError as exc:
        _set_pending(request, kind, None)
        messages.error(request, exc.message)
        return redirect("imports:start", kind=kind)
    result = importer.preview(request.actor, sheet)
    rows = [[_shown(get(r)) for _title, get in importer.columns] for r in result.rows[:PREVIEW_ROWS]]
    context = {
        "importer": importer,
        "preview": result,
        "pending": pending,
        "headers": [title for title, _get in importer.columns],
        "rows": rows,
        "more_rows": max(0, len(result.rows) - PREVIEW_ROWS),
        "errors": _issues(result.errors),
        "more_errors": max(0, len(result.errors) - PREVIEW_ISSUES),
        "warnings": _issues(result.warnings),
        "more_warnings": max(0, len(result.warnings) - PREVIEW_ISSUES),
    }
    return render(request, "imports/preview.html", context)


@login_required
@require_POST
def save(request, kind: str) -> HttpResponse:
    """Step 3: confirm. All rows in one transaction, only when no row is bad."""
    importer = _importer(request, kind)
    pending = _pending(request, kind)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, "Phiên nhập dữ liệu đã thay đổi hoặc hết hạn: hãy tải tệp lên lại.")
        return redirect("imports:start", kind=kind)
    try:
        sheet = spreadsheet.load_staged_sheet(pending["token"])
        result = importer.save(request.actor, sheet)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("imports:preview", kind=kind)
    _set_pending(request, kind, None)
    request.session[RESULT_KEY] = {
        "kind": kind,
        "filename": result.filename,
        "sheet": sheet.sheet_name,
        "created": result.create_count,
        "updated": result.update_count,
        "unchanged": result.unchanged_count,
    }
    return redirect("imports:result", kind=kind)


@login_required
@require_GET
def result(request, kind: str) -> HttpResponse:
    """Step 4: what was saved."""
    importer = _importer(request, kind)
    done = request.session.get(RESULT_KEY)
    if not done or done.get("kind") != kind:
        return redirect("imports:start", kind=kind)
    return render(
        request,
        "imports/result.html",
        {"importer": importer, "done": done, "done_url": reverse(importer.done_url)},
    )


@login_required
@require_POST
def cancel(request, kind: str) -> HttpResponse:
    _importer(request, kind)
    _set_pending(request, kind, None)
    messages.info(request, "Đã hủy phiên nhập dữ liệu; chưa lưu dòng nào.")
    return redirect("imports:start", kind=kind)


@login_required
@require_GET
def template(request, kind: str) -> FileResponse:
    """The importer's empty .xlsx template, generated from its columns."""
    importer = _importer(request, kind)
    columns = [
        Column(f.title, kind=f.kind, width=f.width, choices=f.choices, note=f.note)  # type: ignore[arg-type]
        for f in importer.fields
    ]
    return template_response(importer.template_filename, columns, instructions=importer.instructions)
