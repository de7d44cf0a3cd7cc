"""A job's page, its progress partial (polled by htmx until it finishes) and its file."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


def _job(request, pk: int):
    job = selectors.get_job(request.user, pk)
    if job is None:
        raise Http404("Không tìm thấy tác vụ.")
    return job


@login_required
@require_GET
def job_list(request) -> HttpResponse:
    return render(request, "jobs/job_list.html", {"jobs": selectors.jobs_of(request.user)[:50]})


@login_required
@require_GET
def job_detail(request, pk: int) -> HttpResponse:
    return render(request, "jobs/job_detail.html", {"job": _job(request, pk)})


@login_required
@require_GET
def job_progress(request, pk: int) -> HttpResponse:
    return render(request, "jobs/_progress.html", {"job": _job(request, pk)})


@login_required
@require_GET
def job_download(request, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != job.Status.DONE or not job.file:
        raise Http404("Tệp chưa sẵn sàng.")
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename or None)
