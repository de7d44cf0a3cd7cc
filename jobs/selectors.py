"""Jobs are private to the user who started them."""

from django.db.models import QuerySet

from .models import Job


def jobs_of(user, kind: str | None = None) -> QuerySet[Job]:
    qs = Job.objects.filter(user=user)
    return qs.filter(kind=kind) if kind else qs


def get_job(user, pk: int) -> Job | None:
    return jobs_of(user).filter(pk=pk).first()
