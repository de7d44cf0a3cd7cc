"""The member list export: a background job (jobs app) that writes every listed member to .xlsx,
with the list kit's title block, more sheets past Excel's row limit and a total row."""

import os
import tempfile
from dataclasses import asdict
from typing import Any

from django.core.files import File

from accounts.permissions import Action
from accounts.scoping import Actor, require
from jobs.models import Job
from jobs.services import start_job
from lamtheo.lib.dates import today
from lamtheo.lib.xlsx_export import Column, TitleBlock, write_list
from org.models import Sector, Unit

from . import selectors
from .models import Gender
from .selectors import STATUS_ARCHIVED, MemberFilters

KIND = "members.export"
EXPORT_COLUMNS = [
    Column("STT", kind="number", width=8),
    Column("Họ và tên", width=28),
    Column("Đơn vị", width=40),
    Column("Mã đơn vị", kind="string", width=14),
    Column("Giới tính", width=10),
    Column("Ngày sinh", kind="date", width=12),
    Column("Số CCCD", kind="string", width=16),
    Column("Số điện thoại", kind="string", width=14),
    Column("Chức vụ", width=24),
]
PERSONAL_COLUMNS = {"Ngày sinh", "Số CCCD", "Số điện thoại"}


def filters_text(filters: MemberFilters) -> list[str]:
    """The filters in words, for the title block and the job page."""
    parts = []
    if filters.q:
        parts.append(f"tìm “{filters.q}”")
    if filters.unit_id:
        unit = Unit.objects.filter(pk=filters.unit_id).only("name").first()
        parts.append(f"đơn vị {unit.name if unit else filters.unit_id}")
    if filters.sector:
        parts.append(f"khu vực {Sector(filters.sector).label}")
    if filters.gender:
        parts.append(f"giới tính {Gender(filters.gender).label}")
    parts.append("đã thôi sinh hoạt" if filters.status == STATUS_ARCHIVED else "đang sinh hoạt")
    return parts


def start_export(actor: Actor, filters: MemberFilters) -> Job:
    require(actor, Action.EXPORT)
    archived = filters.status == STATUS_ARCHIVED
    title = "Xuất danh sách đoàn viên đã thôi sinh hoạt" if archived else "Xuất danh sách đoàn viên"
    params = {"filters": asdict(filters), "filters_text": filters_text(filters)}
    return start_job(actor, kind=KIND, title=title, params=params)


def run_export(job: Job, progress) -> None:
    """The job's runner: count, then write row by row to a temporary file, then store it."""
    actor = Actor(user=job.user, unit_id=job.unit_id, role=job.role)
    filters = MemberFilters(**job.params.get("filters", {}))
    archived = filters.status == STATUS_ARCHIVED
    personal = selectors.shows_personal_data_in_lists(actor)
    columns = [c for c in EXPORT_COLUMNS if personal or c.title not in PERSONAL_COLUMNS]
    total = selectors.member_list(actor, filters).count()
    progress(0, total)
    unit = Unit.objects.filter(pk=job.unit_id).only("name").first()
    list_name = "Danh sách đoàn viên đã thôi sinh hoạt" if archived else "Danh sách đoàn viên"
    title = TitleBlock(unit=unit.name if unit else "", title=list_name, on=today(),
                       filters=job.params.get("filters_text", []), total_label="đoàn viên")  # fmt: skip

    def rows():
        for n, m in enumerate(selectors.iter_member_export(actor, filters), start=1):
            if archived:
                unit_name, unit_code = getattr(m, "last_unit_name", ""), getattr(m, "last_unit_code", "")
            else:
                unit_name, unit_code = (m.unit.name, m.unit.code) if m.unit else ("", "")
            row: list[Any] = [
                n,
                m.full_name,
                unit_name,
                unit_code,
                m.get_gender_display() if m.gender else "",
            ]
            if personal:
                row += [m.birth_date, m.id_number, m.phone]
            row.append(m.position)
            yield row

    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="lamtheo-export-")
    os.close(fd)
    try:
        facts = write_list(path, columns, rows(), title=title, sheet_name="Đoàn viên", progress=progress)
        name = f"{'doan-vien-da-thoi-sinh-hoat' if archived else 'danh-sach-doan-vien'}-{today():%Y%m%d}.xlsx"
        with open(path, "rb") as handle:
            job.file.save(name, File(handle), save=False)
    finally:
        os.unlink(path)
    note = f"{facts.rows:,} đoàn viên".replace(",", ".")
    if facts.sheets > 1:
        note += f", trên {facts.sheets} trang tính (mỗi trang tính Excel chứa tối đa 1.048.576 dòng)"
    job.filename, job.message = name, note
    job.params = {**job.params, "sheets": facts.sheets}
    job.save(update_fields=["file", "filename", "message", "params"])


def run_export_now(actor: Actor, filters: dict | MemberFilters) -> Job:
    """Start and run an export in this process (the benchmark)."""
    from jobs.tasks import execute

    f = filters if isinstance(filters, MemberFilters) else MemberFilters(**filters)
    job = Job.objects.create(kind=KIND, title="Xuất danh sách đoàn viên", user=actor.user, unit_id=actor.unit_id,
                             role=actor.role, params={"filters": asdict(f), "filters_text": filters_text(f)})  # fmt: skip
    execute(job.pk)
    job.refresh_from_db()
    return job
