"""The one task of the worker: run a Job's registered runner and keep its progress up to date."""

import logging

from django.db import close_old_connections, connection
from django.tasks import task
from django.utils import timezone

from .models import Job
from .registry import runner_for

logger = logging.getLogger(__name__)


@task
def run_job(job_id: int) -> None:
    execute(job_id)


def execute(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    if job.finished:
        return
    Job.objects.filter(pk=job_id).update(status=Job.Status.RUNNING, started_at=timezone.now())
    job.status = Job.Status.RUNNING

    def progress(done: int, total: int | None = None) -> None:
        fields: dict = {"done": done}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=job_id).update(**fields)

    try:
        runner_for(job.kind)(job, progress)
    except Exception:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        if not connection.in_atomic_block:  # a caller's transaction (the immediate backend) keeps its own
            close_old_connections()  # the runner may have broken the worker's connection: start afresh
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message="Có lỗi khi thực hiện; chưa có tệp nào được tạo. Hãy thử lại hoặc báo quản trị hệ thống.",
        )
        raise
    Job.objects.filter(pk=job_id).update(status=Job.Status.DONE, finished_at=timezone.now())
