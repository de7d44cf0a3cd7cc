"""The preview of a large file runs in the background (the shared task runner, jobs), not in the request.

Past an importer's `background_rows`, the wizard's preview page starts a job of PREVIEW_KIND for the
staged upload (one per file, encoding and unit) and shows its progress bar; the officer may leave and come
back (the preview page, or the job list in the navigation bar). The job checks every row like the
in-request preview, then keeps what the page prints (the counts, the first rows, errors, warnings and
skipped rows) as JSON next to the staged rows; the page reads it back. The save stays a job of its own that
validates every row again (members/import_jobs.py).
"""

from typing import Any

from django.template.defaultfilters import truncatechars

from accounts.scoping import Actor
from jobs.models import Job
from lamtheo.lib import spreadsheet, uploads
from lamtheo.lib.dates import format_vn
from lamtheo.lib.errors import ServiceError
from lamtheo.lib.spreadsheet import ImportPreview, Issue, Sheet

from . import registry

PREVIEW_KIND = "imports.preview"
RESULT_AREA = "import-previews"
PREVIEW_ROWS = 200
PREVIEW_ISSUES = 200
CELL_CHARS = 120
MESSAGE_CHARS = 400


def _cut(text: str, limit: int) -> str:
    return truncatechars(text, limit)


def shown(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return format_vn(value)
    return _cut(str(value), CELL_CHARS)


def issues(items: list[Issue]) -> list[dict[str, Any]]:
    return [
        {"row": i.row, "column": _cut(i.column, CELL_CHARS), "message": _cut(i.message, MESSAGE_CHARS)}
        for i in items[:PREVIEW_ISSUES]
    ]


def summarise(importer: registry.Importer, result: ImportPreview) -> dict[str, Any]:
    """What the preview page prints, as JSON-ready data: the same for the in-request and the job's preview."""
    return {
        "filename": result.filename,
        "valid_count": result.valid_count,
        "create_count": result.create_count,
        "update_count": result.update_count,
        "unchanged_count": result.unchanged_count,
        "error_rows": result.error_rows,
        "can_save": result.can_save,
        "can_save_valid": result.can_save_valid,
        "has_rows": bool(result.rows),
        "counts": {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "notes": len(result.notes),
        },
        "rows": [[shown(get(r)) for _title, get in importer.columns] for r in result.rows[:PREVIEW_ROWS]],
        "more_rows": max(0, len(result.rows) - PREVIEW_ROWS),
        "errors": issues(result.errors),
        "more_errors": max(0, len(result.errors) - PREVIEW_ISSUES),
        "warnings": issues(result.warnings),
        "more_warnings": max(0, len(result.warnings) - PREVIEW_ISSUES),
        "notes": issues(result.notes),
        "more_notes": max(0, len(result.notes) - PREVIEW_ISSUES),
    }


def preview_key(pending: dict[str, Any]) -> str:
    """One background preview per staged file, chosen encoding and unit."""
    return f"{pending['token']}|{pending.get('encoding') or ''}|{pending.get('unit') or ''}"


def start_preview(actor: Actor, kind: str, importer: registry.Importer, pending: dict[str, Any]) -> Job:
    from django.urls import reverse

    from jobs.services import start_job

    params = {"importer": kind, "token": pending["token"], "encoding": pending.get("encoding") or "",
              "unit": pending.get("unit"), "key": preview_key(pending), "filename": pending["filename"],
              "next_url": reverse("imports:preview", kwargs={"kind": kind})}  # fmt: skip
    return start_job(actor, kind=PREVIEW_KIND, params=params,
                     title=f"Kiểm tra tệp “{pending['filename']}” ({importer.title.lower()})")  # fmt: skip


def stored_summary(job: Job) -> dict[str, Any] | None:
    token = (job.params or {}).get("result", "")
    if job.status != Job.Status.DONE or not token:
        return None
    try:
        return uploads.load_json(RESULT_AREA, token)
    except (OSError, ValueError, ServiceError):
        return None


def run_preview(job: Job, progress) -> None:
    """The job's runner: read the staged rows, check every one, keep the page's summary."""
    from org.models import Unit

    params = job.params
    importer = registry.get(params["importer"])
    if importer is None:
        raise ValueError(f"no importer {params['importer']!r}")
    actor = Actor(user=job.user, unit_id=job.unit_id, role=job.role)
    unit = None
    if importer.choose_unit and params.get("unit"):
        unit = Unit.objects.visible_to(actor).filter(pk=params["unit"]).first()
    try:
        sheet: Sheet = spreadsheet.load_staged_sheet(params["token"], encoding=params.get("encoding") or None)
    except ServiceError as exc:
        Job.objects.filter(pk=job.pk).update(message=exc.message)
        return
    result = importer.run_preview(actor, sheet, unit=unit, progress=progress)
    token = uploads.store_json(RESULT_AREA, {**summarise(importer, result), "sheet": {
        "encoding": sheet.encoding, "detected_encoding": sheet.detected_encoding, "candidates": list(sheet.candidates),
        "encoding_label": sheet.encoding_label}})  # fmt: skip
    errors = f", {len(result.errors)} lỗi ở {result.error_rows} dòng" if result.errors else ""
    Job.objects.filter(pk=job.pk).update(
        params={**params, "result": token},
        message=f"Đã kiểm tra tệp “{result.filename}”: {result.valid_count} dòng hợp lệ{errors}. "
        "Mở trang xem trước để lưu.",
    )
