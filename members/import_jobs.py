"""A large member list is saved in the background (the shared task runner, jobs): the wizard's confirm
starts a job past BACKGROUND_ROWS rows, its page shows the progress bar, and the officer may leave and
come back (the job list in the navigation bar). The job re-validates the staged rows like any save."""

from django.urls import reverse

from accounts.scoping import Actor
from jobs.models import Job
from lamtheo.lib import spreadsheet
from lamtheo.lib.errors import ServiceError
from org.models import Unit

KIND = "members.import"
BACKGROUND_ROWS = 2_000  # rows of a file past which the save runs as a job


def run_import(job: Job, progress) -> None:
    """The job's runner: load the staged rows, save them (all or nothing, or the valid ones when chosen),
    report each step of the way; the staged rows are removed once done."""
    from .importing import save_members

    actor = Actor(user=job.user, unit_id=job.unit_id, role=job.role)
    params = job.params
    unit = Unit.objects.filter(pk=params["unit"]).first() if params.get("unit") else None
    try:
        sheet = spreadsheet.load_staged_sheet(params["token"], encoding=params.get("encoding") or None)
        result = save_members(
            actor, sheet, unit=unit, only_valid=bool(params.get("only_valid")), progress=progress
        )
    except ServiceError as exc:
        Job.objects.filter(pk=job.pk).update(message=f"Chưa lưu dòng nào: {exc.message}")
        return
    message = (
        f"Đã nhập từ tệp “{result.filename}”: {result.create_count} thêm mới, {result.update_count} cập nhật, "
        f"{result.unchanged_count} không đổi"
    )
    if result.only_valid:
        message += f"; {result.error_rows} dòng lỗi chưa nhập"
    fields: dict = {"message": message + "."}
    if result.create_count and result.import_event_id:
        # The job's page links to the members this import created.
        fields["params"] = {
            **params,
            "next_url": f"{reverse('members:member_list')}?nhap={result.import_event_id}",
        }
    Job.objects.filter(pk=job.pk).update(**fields)
    spreadsheet.discard_staged_sheet(params["token"])
