"""Start a job: one row for its progress, one task for the worker."""

from typing import Any

from accounts.scoping import Actor

from .models import Job
from .tasks import run_job


def start_job(actor: Actor, *, kind: str, title: str, params: dict[str, Any]) -> Job:
    """Queue `kind` for the worker on behalf of actor (its user, acting unit and role)."""
    if actor.user is None:
        raise ValueError("a job belongs to a user")
    job = Job.objects.create(
        kind=kind, title=title, user=actor.user, unit_id=actor.unit_id, role=actor.role or "", params=params
    )
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job
