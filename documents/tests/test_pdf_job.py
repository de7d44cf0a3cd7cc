"""Issuing a document does not wait for LibreOffice (issue 10 point 6): its PDF copy is a job the worker
runs (jobs app), which stores the file; the issuing page returns first."""

from dataclasses import replace

import pytest

from documents import pdf, services
from documents.models import FileRole
from documents.tests.samples import sample_fields
from jobs.models import Job
from lamtheo.testing import actor_for, make_user


@pytest.mark.django_db
def test_issuing_queues_the_pdf_for_the_worker(
    tree, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.DOCUMENTS_PDF_ON_ISSUE = True
    monkeypatch.setattr(pdf, "soffice_available", lambda: True)
    monkeypatch.setattr(pdf, "convert_to_pdf", lambda docx: b"%PDF-1.4 made by the worker")
    actor = actor_for(tree.fed_a, user=make_user(tree.fed_a))
    fields = replace(sample_fields("ke_hoach"), symbol="", number="")
    draft = services.save_draft(actor, fields=fields, issuer_unit=tree.fed_a)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = services.issue_document(actor, document=draft)
    assert not document.files.filter(role=FileRole.GENERATED_PDF).exists()  # nothing made in the request

    for callback in callbacks:
        callback()  # after the commit: the job is queued (the test backend runs it at once)
    (job,) = Job.objects.filter(kind=services.PDF_JOB)
    assert (job.status, job.params, job.user) == (Job.Status.DONE, {"document_id": document.pk}, actor.user)
    stored = document.files.get(role=FileRole.GENERATED_PDF)
    assert stored.filename.endswith(".pdf") and stored.filename.isascii()
    assert stored.file.read() == b"%PDF-1.4 made by the worker"
