"""The officer starts the member export, leaves, comes back and downloads the finished file.

The task goes through the database queue (django-tasks-db) and is run by that package's own worker
(the loop of `manage.py db_worker`), here in batch mode while the officer is on another page: the
in-memory test database has one connection, shared with the live server, so the worker runs
between requests rather than beside them.
"""

import io

from django_tasks_db.management.commands.db_worker import Worker
from python_calamine import CalamineWorkbook

from accounts.models import Role
from jobs.models import Job
from lamtheo.browser_tests import BROWSER_TEST
from lamtheo.testing import PASSWORD, make_user

pytestmark = BROWSER_TEST


def run_worker() -> None:
    Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="e2e", excluded_queue_names=[]).run()  # fmt: skip


def test_the_officer_leaves_the_export_running_and_comes_back_for_the_file(live_server, page, tree, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = make_user(tree.fed_a, Role.FEDERATION_STAFF)
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/?next=/doan-vien/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/doan-vien/")

    page.click("#export-link")
    page.click("#start-export")
    page.wait_for_selector(".job-progress")  # the job's page, with its progress bar
    assert "Đang chờ" in page.locator(".job-progress").inner_text()
    page.goto(f"{live_server.url}/to-chuc/")  # leaves the page: the job waits in the queue
    page.wait_for_load_state("networkidle")

    run_worker()
    job = Job.objects.get()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 2, 2)

    page.goto(f"{live_server.url}/doan-vien/")
    page.click("#export-link")  # back: the export page lists the user's exports
    assert "Đã xong" in page.locator(".job-progress").first.inner_text()
    with page.expect_download() as download_info:
        page.click(".job-download")
    with open(download_info.value.path(), "rb") as handle:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(handle.read())).get_sheet_by_index(0).to_python()
    assert [row[1] for row in rows[6:-1]] == ["Trần Thị Ánh", "Nguyễn Văn Đức"]
    assert rows[-1][0] == "Tổng cộng: 2 đoàn viên"
    assert download_info.value.suggested_filename.startswith("danh-sach-doan-vien-")
