"""Jobs: the runner registry, progress, failure, and the progress partial that htmx polls."""

import pytest
from django.urls import reverse

from accounts.models import Role
from jobs import registry
from jobs.models import Job
from jobs.services import start_job
from lamtheo.testing import actor_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(tree):
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF)
    actor = actor_for(tree.fed_a, user=user)
    return user, actor


def test_a_job_runs_its_registered_runner_and_keeps_its_progress(officer, monkeypatch):
    seen = []

    def runner(job, progress):
        progress(0, 3)
        progress(2)
        seen.append((job.role, job.params))

    monkeypatch.setitem(registry._RUNNERS, "test.count", runner)
    job = start_job(officer[1], kind="test.count", title="Đếm", params={"x": 1})
    assert (job.status, job.done, job.total, job.percent) == (Job.Status.DONE, 2, 3, 100)
    assert seen == [(Role.FEDERATION_STAFF, {"x": 1})]


def test_a_failing_job_says_so_in_vietnamese(officer, monkeypatch):
    def runner(job, progress):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry._RUNNERS, "test.fail", runner)
    job = start_job(officer[1], kind="test.fail", title="Hỏng", params={})
    assert job.status == Job.Status.FAILED
    assert job.message.startswith("Có lỗi khi thực hiện")


def test_the_progress_partial_polls_until_the_job_is_finished(client, officer):
    user, _ = officer
    client.force_login(user)
    job = Job.objects.create(
        kind="test", title="Xuất", user=user, status=Job.Status.RUNNING, done=250, total=1000
    )
    body = client.get(reverse("jobs:progress", args=[job.pk])).text
    assert 'hx-trigger="every 1s"' in body and "25%" in body and "250/1,000" not in body
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, done=1000)
    body = client.get(reverse("jobs:progress", args=[job.pk])).text
    assert "hx-trigger" not in body and "Đã xong" in body
