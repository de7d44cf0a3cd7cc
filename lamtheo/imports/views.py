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
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from lamtheo.lib import legacy_vietnamese as legacy
from lamtheo.lib import spreadsheet
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.xlsx_export import Column, template_response

from . import background, registry, report
from .forms import MembersUploadForm, UploadForm

SESSION_KEY = "imports"
RESULT_KEY = "imports_result"
PREVIEW_ROWS = background.PREVIEW_ROWS
PREVIEW_ISSUES = background.PREVIEW_ISSUES
CELL_CHARS = background.CELL_CHARS


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
    if importer.choose_unit:
        form: UploadForm = MembersUploadForm(request.POST or None, request.FILES or None, actor=request.actor)
    else:
        form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = form.cleaned_data.get("unit")
        try:
            spreadsheet.check_suffix(upload.name)
            spreadsheet.check_size(upload.size, upload.name)
            sheet = spreadsheet.read_spreadsheet(upload.read(), upload.name)
            token = spreadsheet.stage_sheet(sheet)
        except ServiceError as exc:
            form.add_error("file", exc.message)
        else:
            _set_pending(
                request,
                kind,
                {"token": token, "filename": sheet.filename, "sheet": sheet.sheet_name, "rows": len(sheet.rows),
                 "unit": unit.pk if unit is not None else None, "unit_name": unit.name if unit else ""},
            )  # fmt: skip
            return redirect("imports:preview", kind=kind)
    status = 422 if request.method == "POST" else 200
    return render(request, "imports/start.html", {"importer": importer, "form": form}, status=status)


def _staged(request, kind: str, importer: registry.Importer):
    """(pending, sheet, unit) of the upload in progress; None when there is none any more."""
    pending = _pending(request, kind)
    if pending is None:
        return None
    try:
        sheet = spreadsheet.load_staged_sheet(pending["token"], encoding=pending.get("encoding") or None)
    except ServiceError as exc:
        _set_pending(request, kind, None)
        messages.error(request, exc.message)
        return None
    unit = None
    if importer.choose_unit and pending.get("unit"):
        from org.models import Unit

        unit = Unit.objects.visible_to(request.actor).filter(pk=pending["unit"]).first()
    return pending, sheet, unit


@login_required
@require_GET
def preview(request, kind: str) -> HttpResponse:
    """Step 2: every bad row (row, column, reason), the rows skipped around the table, the encoding read
    (with a choice of another), and what saving would do; nothing is saved."""
    importer = _importer(request, kind)
    pending = _pending(request, kind)
    if pending is None:
        messages.info(request, "Hãy chọn tệp cần nhập.")
        return redirect("imports:start", kind=kind)
    chosen = request.GET.get("bang_ma")
    if chosen is not None:
        pending = {**pending, "encoding": chosen if chosen in legacy.LABELS else ""}
        _set_pending(request, kind, pending)
    if _large(importer, pending, request):
        return _preview_in_background(request, kind, importer, pending)
    staged = _staged(request, kind, importer)
    if staged is None:
        return redirect("imports:start", kind=kind)
    pending, sheet, unit = staged
    result = importer.run_preview(request.actor, sheet, unit=unit)
    context = {
        "importer": importer,
        "preview": result,
        "pending": pending,
        "sheet": sheet,
        "report": report.build(importer, result, sheet),
        "encodings": [(code, legacy.LABELS[code]) for code in sheet.candidates],
        "headers": [title for title, _get in importer.columns],
        **background.summarise(importer, result),
    }
    return render(request, "imports/preview.html", context)


def _large(importer: registry.Importer, pending: dict[str, Any], request) -> bool:
    """A file whose preview runs as a job: past the importer's background_rows (rows counted at upload)."""
    if not importer.extra.get("preview_job_kind") or not request.actor.user or "rows" not in pending:
        return False
    return int(pending["rows"]) > importer.extra.get("background_rows", 2_000)


def _preview_in_background(
    request, kind: str, importer: registry.Importer, pending: dict[str, Any]
) -> HttpResponse:
    """The preview of a large file: started once per file, encoding and unit; its progress bar until it is
    done, then the page it prepared. The officer may leave and come back."""
    from jobs.models import Job

    key = background.preview_key(pending)
    job = None
    if pending.get("preview_job"):
        job = Job.objects.filter(
            pk=pending["preview_job"], user=request.user, kind=background.PREVIEW_KIND
        ).first()
    if job is None or job.params.get("key") != key or job.status == Job.Status.FAILED:
        job = background.start_preview(request.actor, kind, importer, pending)
        pending = {**pending, "preview_job": job.pk}
        _set_pending(request, kind, pending)
        job.refresh_from_db()
    summary = background.stored_summary(job)
    if summary is None:
        return render(
            request, "imports/preview_running.html", {"importer": importer, "pending": pending, "job": job}
        )
    info = summary.pop("sheet")
    context = {
        "importer": importer,
        "preview": summary,
        "pending": pending,
        "sheet": info,
        "report": None,
        "encodings": [(code, legacy.LABELS[code]) for code in info["candidates"]],
        "headers": [title for title, _get in importer.columns],
        "background_job": job,
        **summary,
    }
    return render(request, "imports/preview.html", context)


@login_required
@require_GET
def error_file(request, kind: str) -> HttpResponse:
    """The rows in error as an .xlsx (the same rows, with a column of reasons) to fix and upload again."""
    importer = _importer(request, kind)
    staged = _staged(request, kind, importer)
    if staged is None:
        return redirect("imports:start", kind=kind)
    pending, sheet, unit = staged
    result = importer.run_preview(request.actor, sheet, unit=unit)
    stem = pending["filename"].rsplit(".", 1)[0]
    response = HttpResponse(
        report.error_rows_xlsx(result, sheet),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename=\"dong-loi.xlsx\"; filename*=UTF-8''{_quote(stem)}-dong-loi.xlsx"
    )
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@login_required
@require_POST
def save(request, kind: str) -> HttpResponse:
    """Step 3: confirm. All rows in one transaction, only when no row is bad; or, as an explicit choice
    ("only_valid"), the valid rows only, the bad ones left for the error file."""
    importer = _importer(request, kind)
    pending = _pending(request, kind)
    if pending is None or request.POST.get("token") != pending["token"]:
        messages.error(request, "Phiên nhập dữ liệu đã thay đổi hoặc hết hạn: hãy tải tệp lên lại.")
        return redirect("imports:start", kind=kind)
    only_valid = importer.save_valid and request.POST.get("only_valid") == "1"
    job_kind = importer.extra.get("job_kind")
    if (
        job_kind
        and request.actor.user
        and int(pending.get("rows", 0)) > importer.extra.get("background_rows", 2_000)
    ):
        # A large file: no need to read its staged rows here, the job does.
        unit = None
        if importer.choose_unit and pending.get("unit"):
            from org.models import Unit

            unit = Unit.objects.visible_to(request.actor).filter(pk=pending["unit"]).first()
        return _save_in_background(request, kind, importer, pending, unit, only_valid)
    staged = _staged(request, kind, importer)
    if staged is None:
        return redirect("imports:start", kind=kind)
    pending, sheet, unit = staged
    job_kind = importer.extra.get("job_kind")
    if job_kind and len(sheet.rows) > importer.extra.get("background_rows", 2_000) and request.actor.user:
        return _save_in_background(request, kind, importer, pending, unit, only_valid)
    try:
        result = importer.run_save(request.actor, sheet, unit=unit, only_valid=only_valid)
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
        "left_out": result.error_rows if result.only_valid else 0,
        "import_event": getattr(result, "import_event_id", None) if result.create_count else None,
    }
    return redirect("imports:result", kind=kind)


def _save_in_background(request, kind, importer, pending, unit, only_valid: bool) -> HttpResponse:
    """A large file: the save runs as a job (progress bar on the job's page; the staged rows stay until
    the job has read them)."""
    from jobs.services import start_job

    params = {"token": pending["token"], "unit": unit.pk if unit is not None else None,
              "encoding": pending.get("encoding", ""), "only_valid": only_valid, "filename": pending["filename"]}  # fmt: skip
    staged = dict(request.session.get(SESSION_KEY, {}))
    staged.pop(kind, None)  # the job owns the staged rows now: not discarded here
    request.session[SESSION_KEY] = staged
    job = start_job(request.actor, kind=importer.extra["job_kind"], params=params,
                    title=f"Nhập {importer.title.lower()} từ tệp “{pending['filename']}”")  # fmt: skip
    messages.info(request, "Tệp lớn: đang lưu ở chế độ chạy nền. Bạn có thể rời trang này và quay lại sau.")
    return redirect(job.get_absolute_url())


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
